"""The Timeline's pure parts: dated trips with country pairs, the axis over the trips, brushed dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from geo.views import timeline
from tests.atlas_factory import small_atlas


def test_trips_are_dated_spans_with_their_country_pair() -> None:
    atlas = small_atlas()
    spans, undated = timeline.trip_spans(atlas, {"tr:one": "Tulsa → Osaka"})
    assert undated == 0
    assert [(s.id, s.start, s.end, s.pair) for s in spans] == [
        ("tr:one", date(2023, 3, 1), date(2023, 3, 31), "US → JP"),
        ("tr:two", date(2025, 1, 1), date(2025, 12, 31), "TW → US"),
    ]
    assert spans[0].label == "Tulsa → Osaka"
    assert spans[1].label == "tr:two"  # no label given: its id


def test_undated_trips_are_counted_not_drawn() -> None:
    atlas = small_atlas()
    atlas = replace(atlas, trips=(replace(atlas.trips[0], start=None, end=None), atlas.trips[1]))
    spans, undated = timeline.trip_spans(atlas, {})
    assert [s.id for s in spans] == ["tr:two"]
    assert undated == 1


def test_the_axis_spans_the_trips_not_every_date_mentioned() -> None:
    spans, _ = timeline.trip_spans(small_atlas(), {})
    axis = timeline.axis_range(spans)
    assert axis == (date(2023, 1, 29), date(2026, 1, 31))  # a month either side of the trips
    assert timeline.axis_range([]) is None
    assert not timeline.is_monthly(axis)
    assert timeline.is_monthly((date(2024, 1, 1), date(2024, 9, 1)))
    assert timeline.bucket(date(2024, 5, 17), monthly=True) == date(2024, 5, 1)
    assert timeline.bucket(date(2024, 5, 17), monthly=False) == date(2024, 1, 1)


@pytest.mark.parametrize(("selection", "expected"), [
    ({"dates": {"year_start": [1641208832876, 1691451024657]}}, (date(2022, 1, 3), date(2023, 8, 7))),
    ({"dates": {"yearmonth_start": ["2024-03-01", "2024-01-15"]}}, (date(2024, 1, 15), date(2024, 3, 1))),
    ({"dates": {}}, None),
    ({}, None),
    (None, None),
    ({"dates": {"start": ["soon", "later"]}}, None),
])
def test_a_brush_gives_its_first_and_last_day(selection: dict[str, object] | None,
                                              expected: tuple[date, date] | None) -> None:
    assert timeline.brushed(selection) == expected
