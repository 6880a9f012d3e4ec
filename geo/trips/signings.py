"""Journeys a signing implies: "Mandaue and Mosul signed a sister-city pact yesterday" under a Cebu
dateline, "The agreement was signed in Tashkent ... by Minsk Mayor X". The news is the tie; the trip is
the visitors': from the tie's other end to the end where the signing took place.

Only a signing that is the story's news makes one (dated near the publication, or told in the lead
without a date), only where the place of the signing is known (the dateline's town or a town near it, or
"signed in X", "the ceremony held at X"), and only where no journey the text tells joins the two ends.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from datetime import date, timedelta

from geo.models import DateMention, ParsedText, PlaceMention, Sentence, TieRecord, TripRecord
from geo.places.geometry import haversine_km
from geo.trips.cues import SIGNING_WORDS, VENUE_NOUNS
from geo.trips.drafts import _candidate, _contains, _place_key
from geo.trips.ties import tie_name

_NEAR_KM = 40.0  # a dateline's town this close to a tie's end stands for it (Cebu for Mandaue)
_NEWS_DAYS = 45  # a signing dated this long before the publication is still the news
_LEAD_SENTENCES = 4  # an undated signing told this early is the news
_FUTURE = re.compile(
    r"\b(?:will|to be|is to|are to|is set to|are set to|plan(?:s|ned)? to)\s+(?:\w+\s+)?sign", re.IGNORECASE)


def _signs(sentence: Sentence) -> bool:
    words = set(re.findall(r"[a-z]+", sentence.text.lower()))
    return bool(words & SIGNING_WORDS)


def _old(sentence: Sentence, dates: Sequence[DateMention], published: str | None) -> bool:
    """Whether the sentence dates its signing well before the publication ("signed in 1998")."""
    ref = date.fromisoformat(published[:10]) if published and len(published) >= 10 else None
    return ref is not None and any(
        sentence.start <= m.span.start < sentence.end and m.resolved is not None
        and date.fromisoformat(m.resolved.end) < ref - timedelta(days=_NEWS_DAYS)
        for m in dates)


def _news_date(sentence: Sentence, dates: Sequence[DateMention]) -> DateMention | None:
    """The day, week or month of the sentence's signing (a sentence with no old date: see ``_old``)."""
    return next((m for m in dates if sentence.start <= m.span.start < sentence.end and m.resolved is not None
                 and m.resolved.precision in ("day", "week", "month")), None)


def _end_at(ends: tuple[int, int], sentence: Sentence, places: Sequence[PlaceMention],
            text: str) -> int | None:
    """The end named as where the signing was: "signed in X", "held at X", "during the ceremony in X"."""
    keys = {_place_key(places[i]): i for i in ends}
    for place in places:
        if not (sentence.start <= place.span.start < sentence.end):
            continue
        end = keys.get(_place_key(place))
        before = text[max(sentence.start, place.span.start - 4):place.span.start].lower()
        if end is not None and (before.endswith("in ") or before.endswith("at ")):
            return end
    return None


def _end_near_dateline(ends: tuple[int, int], places: Sequence[PlaceMention],
                       parsed: ParsedText) -> int | None:
    line = parsed.dateline.place if parsed.dateline is not None else None
    if line is None:
        return None
    here = next((_candidate(places, i) for i, p in enumerate(places) if p.span.start == line.start), None)
    if here is None:
        return None
    near = [i for i in ends if (c := _candidate(places, i)) is not None and c.kind == "city"
            and haversine_km(here.lat, here.lon, c.lat, c.lon) <= _NEAR_KM]
    return near[0] if len(near) == 1 else None


def _near(places: Sequence[PlaceMention], i: int, j: int) -> bool:
    a, b = _candidate(places, i), _candidate(places, j)
    return a is not None and b is not None and (
        _place_key(places[i]) == _place_key(places[j])
        or haversine_km(a.lat, a.lon, b.lat, b.lon) <= _NEAR_KM)


def _vaguer(trip: TripRecord, visitors: int, host: int, places: Sequence[PlaceMention]) -> bool:
    """A journey the text tells less exactly: from the visitors' country (or town) to the host or near it
    ("the Iraqi delegation", under a Cebu dateline, for Mosul's people signing in Mandaue)."""
    home = _candidate(places, visitors)
    return bool(trip.origins and trip.destinations) and home is not None and all(
        (c := _candidate(places, i)) is not None and (c == home or _contains(c, home)) for i in trip.origins
    ) and all(_near(places, i, host) for i in trip.destinations)


def with_signing_trips(ties: Sequence[TieRecord], trips: Sequence[TripRecord], places: Sequence[PlaceMention],
                       parsed: ParsedText, dates: Sequence[DateMention], published: str | None,
                       text: str) -> tuple[TripRecord, ...]:
    """The journeys told, with the visitors' journeys that the news of a signing implies where the text
    tells none between the tie's ends (a journey told less exactly takes the ends' names)."""
    out = list(trips)
    joined = {frozenset({_place_key(places[i]) for i in (*t.origins, *t.destinations)}) for t in trips}
    index = {s: n for n, s in enumerate(parsed.sentences)}
    signing = [s for s in parsed.sentences if _signs(s)]
    venues = [s for s in parsed.sentences if s in signing or any(
        w in VENUE_NOUNS for w in re.findall(r"[a-z]+", s.text.lower()))]
    for tie in ties:
        a, b = tie.places
        ends = (a, b)
        ka, kb = _place_key(places[a]), _place_key(places[b])
        if any({ka, kb} <= keys for keys in joined):
            continue
        at = [p.span.start for p in places if _place_key(p) in (ka, kb)]
        told = [s for s in signing if any(s.start <= start < s.end for start in at)] or [
            s for s in tie.evidence if _signs(s)]
        told = [s for s in told if not _old(s, dates, published)]
        if not told:
            continue
        first = told[0]
        when = next((d for s in told if (d := _news_date(s, dates)) is not None), None)
        if when is None and index.get(first, _LEAD_SENTENCES + 1) > _LEAD_SENTENCES:
            continue
        host = next((e for s in venues if (e := _end_at(ends, s, places, text)) is not None), None)
        if host is None:
            host = _end_near_dateline(ends, places, parsed)
        if host is None:
            continue
        visitors = b if host == a else a
        vague = next((n for n, t in enumerate(out) if _vaguer(t, visitors, host, places)), None)
        if vague is not None:
            out[vague] = dataclasses.replace(out[vague], origins=(visitors,), destinations=(host,),
                                             program=tie_name(tie, places))
            joined.add(frozenset({ka, kb}))
            continue
        day = when.resolved if when is not None else None
        planned = bool(_FUTURE.search(first.text)) or bool(
            day is not None and published and day.start[:10] > published[:10])
        out.append(TripRecord(
            origins=(visitors,),
            destinations=(host,),
            evidence=tuple(dict.fromkeys((*told[:2], *tie.evidence[:1]))),
            date=day,
            date_text=when.span.text if when is not None else "",
            program=tie_name(tie, places),
            status="planned" if planned else "completed",
            kind="official_visit",
        ))
        joined.add(frozenset({ka, kb}))
    return tuple(out)
