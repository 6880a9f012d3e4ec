"""What the Timeline shows, pure: trips as dated bars with their country pair, counts per year or month,
and the range of dates a brush on the chart chose.

The axis runs over the trips' own dates (padded by a month), not over every date an article mentions:
a sister-city tie "four decades old" would otherwise stretch it back to 1872 and squeeze the trips
into slivers. Dated events outside that range are counted, not drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from geo.models import Atlas, AtlasPlace, AtlasTrip
from geo.views.filters import date_range

SHORT_RANGE_DAYS = 3 * 365  # under about three years, trips are counted per month, not per year
PAD = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class TripSpan:
    """A dated trip: its first and last day, label, country pair and counting bucket."""

    id: str
    label: str
    start: date
    end: date
    pair: str  # "US → CN": the country of its first origin and of its first stop
    when: str


def country_pair(trip: AtlasTrip, places: Mapping[str, AtlasPlace]) -> str:
    """ "US → JP": the countries of the trip's first origin and first destination ("?" where unknown)."""
    def country(ids: Iterable[str]) -> str:
        return next((places[i].country for i in ids if i in places and places[i].country), None) or "?"

    return f"{country(trip.origins)} → {country(trip.destinations)}"


def trip_spans(atlas: Atlas, labels: Mapping[str, str]) -> tuple[list[TripSpan], int]:
    """The dated trips, first first, and how many trips have no readable date."""
    places = {p.id: p for p in atlas.places}
    spans, undated = [], 0
    for trip in atlas.trips:
        first = date_range(trip.start or "")
        last = date_range(trip.end or trip.start or "")
        if not first or not last:
            undated += 1
            continue
        when = " – ".join(dict.fromkeys(x for x in (trip.start, trip.end) if x))
        spans.append(TripSpan(trip.id, labels.get(trip.id, trip.id), first[0], max(last[1], first[0]),
                              country_pair(trip, places), when))
    spans.sort(key=lambda s: (s.start, s.label))
    return spans, undated


def axis_range(spans: Iterable[TripSpan]) -> tuple[date, date] | None:
    """The dates the axis spans: the trips' own, padded by a month on each side."""
    days = [d for s in spans for d in (s.start, s.end)]
    return (min(days) - PAD, max(days) + PAD) if days else None


def bucket(day: date, monthly: bool) -> date:
    """The first day of the year (or month) that counts a trip."""
    return date(day.year, day.month if monthly else 1, 1)


def is_monthly(axis: tuple[date, date]) -> bool:
    """Whether trips are counted per month: when the range is shorter than ``SHORT_RANGE_DAYS``."""
    return (axis[1] - axis[0]).days < SHORT_RANGE_DAYS


def _day(value: Any) -> date | None:
    """A day from what a Vega-Lite brush reports: epoch milliseconds or an ISO date string."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value / 1000, tz=UTC).date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def brushed(selection: Mapping[str, Any] | None) -> tuple[date, date] | None:
    """The first and last day of a brush on the time axis, from Streamlit's chart selection.

    The selection holds, per parameter, the brushed field and its two ends; the field's name depends on
    the time unit ("start", "year_start", "yearmonth_start"), so the first pair of ends found counts.
    """
    if not selection:
        return None
    for value in selection.values():
        for ends in value.values() if isinstance(value, Mapping) else ():
            if isinstance(ends, list | tuple) and len(ends) == 2:
                first, last = (_day(v) for v in ends)
                if first and last:
                    return (first, last) if first <= last else (last, first)
    return None
