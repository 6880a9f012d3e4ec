"""Trips merged: readings joined into journeys within a document, and records compared across documents."""

from __future__ import annotations

import re
from collections.abc import Sequence

from geo.models import (
    DateMention,
    DateRange,
    ParsedText,
    PlaceMention,
    Sentence,
    TripRecord,
)
from geo.trips.cues import LOCAL_WORDS, NUMBER_WORDS
from geo.trips.drafts import (
    _candidate,
    _conflicts,
    _country_of,
    _Draft,
    _keys,
    _month,
    _overlaps,
    _place_key,
    _Reading,
    _to_home,
    _year,
)
from geo.trips.layout import _paragraph_bounds


def _pick_draft(drafts: list[_Draft], reading: _Reading, places: Sequence[PlaceMention]) -> _Draft | None:
    """The journey a sentence continues, if any."""
    if not drafts or reading.fresh:
        return None
    for draft in reversed(drafts):
        if (
            reading.destinations and draft.destinations
            and _overlaps(draft.destinations, reading.destinations, places)
            and not _conflicts(draft, reading, places)
        ):
            return draft
    if reading.participants:
        for draft in reversed(drafts):
            if set(draft.participants) & set(reading.participants) and not _conflicts(draft, reading, places):
                return draft
    if reading.listing and not reading.destinations:
        # "Participants will include A, B and C": the travellers of the journey the story is about
        current = [d for d in drafts if not d.background] or drafts
        if _year(current[-1]) is None or _year(reading) is None or _year(current[-1]) == _year(reading):
            return current[-1]
    if reading.participants and not reading.destinations and not reading.origins:
        # "welcomed two officials from Taiwan. City Councilor X and Y visited a restaurant": the travellers
        # of the journey just told, which had none named yet
        target = ([d for d in drafts if not d.background] or drafts)[-1]
        if not target.participants and not _conflicts(target, reading, places):
            return target
    if reading.origins and reading.anaphoric:
        # "After leaving X, the delegation ...": the journey that had X as a stop
        for draft in reversed(drafts):
            if _keys(reading.origins, places) & _keys(draft.destinations, places) and not (
                _conflicts(draft, reading, places)
            ):
                return draft
    latest = drafts[-1]
    if reading.anaphoric:
        # "the delegation" is the journey the story is about, not one recalled in passing ("in 2018")
        current = [d for d in drafts if not d.background] or drafts
        # "the delegation" is the latest journey told of a delegation, if one was
        named = [d for d in current if any(
            word in text.lower().split() for text in d.participant_texts for word in reading.anaphors
        )]
        target = (named or current)[-1]
        if not _conflicts(target, reading, places):
            return target
    if not reading.destinations and not reading.origins and not reading.participants:
        return latest if not _conflicts(latest, reading, places) else None
    return None


def _same_journey(a: _Draft, b: _Draft, places: Sequence[PlaceMention]) -> bool:
    """Two drafts with shared destinations and no conflicting homes, travellers or months."""
    if not (a.destinations and b.destinations and _overlaps(a.destinations, b.destinations, places)):
        return False
    if a.origins and b.origins and not _overlaps(a.origins, b.origins, places):
        return False
    if a.participants and b.participants and not set(a.participants) & set(b.participants):
        return False
    if _to_home(a, b, places) or _to_home(b, a, places):
        return False
    if a.cancelled != b.cancelled and not (a.planned and b.planned):
        return False  # "the band's planned trip there was called off": not the journey made
    if a.planned != b.planned and a.background != b.background:
        return False  # "will be visiting China in October ... through their previous visit to China"
    ya, yb = _year(a), _year(b)
    if ya is not None and yb is not None and ya != yb:
        return False
    ma, mb = _month(a), _month(b)
    return ma is None or mb is None or ma == mb


def _combine(drafts: list[_Draft], places: Sequence[PlaceMention]) -> list[_Draft]:
    """Merge drafts told apart in the text but with the same destinations, homes and month."""
    out: list[_Draft] = []
    for draft in drafts:
        target = None
        for other in out:
            if _same_journey(draft, other, places):
                target = other
                break
        if target is None and not draft.destinations and not draft.origins and not draft.background:
            # "The trip, announced Thursday, will focus on ...": no place of its own, so no journey of its
            # own; what it tells (organiser, travellers) belongs to the journey told before it
            told = [o for o in out if o.destinations and not o.background]
            if told and (_year(told[-1]) is None or _year(draft) is None or _year(told[-1]) == _year(draft)):
                target = told[-1]
        if target is None:
            out.append(draft)
            continue
        target.origins.extend(draft.origins)
        target.destinations.extend(draft.destinations)
        target.evidence.extend(s for s in draft.evidence if s not in target.evidence)
        target.dates.extend((r + 20, d, m) for r, d, m in draft.dates)
        if draft.organizer and (target.organizer is None or (draft.invited and not target.invited)):
            target.organizer, target.invited = draft.organizer, draft.invited
        target.program = target.program or draft.program
        target.participants.extend(p for p in draft.participants if p not in target.participants)
        target.participant_texts.extend(draft.participant_texts)
        target.planned = target.planned and draft.planned
        target.ongoing = target.ongoing or draft.ongoing
        target.cancelled = target.cancelled or draft.cancelled
        target.weak = target.weak and draft.weak
        for name, role in draft.roles.items():
            target.roles.setdefault(name, role)
    return out


def _paragraph_date(
    draft: _Draft, sentences: Sequence[Sentence], dates: Sequence[DateMention], text: str,
) -> DateMention | None:
    """The date mention nearest to a trip's first sentence, within its paragraph."""
    first = sentences[draft.first_sentence]
    for start, end in _paragraph_bounds(text):
        if start <= first.start <= end:
            candidates = [
                m for m in dates
                if m.resolved is not None and start <= m.span.start <= end
                and not _since(text, m) and m.resolved.precision in ("day", "week", "month")
            ]
            if not candidates:
                return None
            return min(candidates, key=lambda m: abs(m.span.start - first.start))
    return None


def _attached_rank(dates: Sequence[tuple[int, int, DateMention]]) -> int:
    """The rank of a draft's best date: 0 hangs on the journey's first telling, 2 and up on another verb."""
    ranks = [r for r, _, m in dates if m.resolved is not None]
    return min(ranks) if ranks else 99


def _lead_in_date(
    draft: _Draft,
    sentences: Sequence[Sentence],
    dates: Sequence[DateMention],
    places: Sequence[PlaceMention],
) -> DateMention | None:
    """A date in the sentence just before a journey's first telling that names one of its places."""
    if draft.first_sentence == 0:
        return None
    before = sentences[draft.first_sentence - 1]
    keys = _keys(draft.destinations, places) | _keys(draft.origins, places)
    if not any(
        before.start <= p.span.start < before.end and _place_key(p) in keys for p in places
    ):
        return None
    found = [
        m for m in dates
        if before.start <= m.span.start < before.end and m.resolved is not None
        and m.resolved.precision not in ("decade", "unknown")
    ]
    return found[0] if found else None


def _since(text: str, mention: DateMention) -> bool:
    """ "sister cities since 2014", "until 2019": a date that bounds a state, not an event."""
    before = text[max(0, mention.span.start - 7):mention.span.start].lower().split()
    return bool(before) and before[-1] in ("since", "until", "till", "by", "before")


def _participant_text(texts: Sequence[str]) -> str:
    """The fullest description of the travellers: who they are and where they come from."""
    def score(text: str) -> tuple[bool, bool, int]:
        words = text.lower().split()
        return ("from" in words or "of" in words, any(w[0].isdigit() or w in NUMBER_WORDS for w in words),
                len(text))
    return max(texts, key=score, default="")


def bare_word(word: str) -> str:
    """A word without the punctuation around it or a possessive, in lower case: "Governor's" -> "governor",
    "seniors," -> "seniors" (not a character set stripped, which took the s off "seniors" and "state")."""
    return re.sub(r"['’]s$", "", word.strip(".,;:!?\"“”()[]'’")).lower()


def _local_travellers(draft: _Draft, sentences: Sequence[Sentence]) -> bool:
    """Travellers told of as a place's own: named officials, "city officials", "the governor"."""
    if draft.participants:
        return True
    words = {bare_word(w) for s in draft.evidence for w in s.text.split()}
    texts = {bare_word(w) for t in draft.participant_texts for w in t.split()}
    return bool((words | texts) & LOCAL_WORDS)


def _abroad(home: int, destinations: Sequence[int], places: Sequence[PlaceMention]) -> bool:
    """Whether every destination lies in another country than ``home``."""
    cand = _candidate(places, home)
    if cand is None or _country_of(cand) is None:
        return False
    others = [_candidate(places, i) for i in destinations]
    return all(c is not None and _country_of(c) not in (None, _country_of(cand)) for c in others)


def _within(origins: Sequence[int], destinations: Sequence[int], places: Sequence[PlaceMention]) -> bool:
    """Whether every origin lies in the one country of all the destinations."""
    countries = {_country_of(c) for i in destinations if (c := _candidate(places, i)) is not None}
    if len(countries) != 1 or None in countries:
        return False
    return all((c := _candidate(places, i)) is not None and _country_of(c) in countries for i in origins)


def _dateline_date(parsed: ParsedText, dates: Sequence[DateMention]) -> DateMention | None:
    dateline = parsed.dateline
    if dateline is None or dateline.date is None:
        return None
    for mention in dates:
        if mention.span.start == dateline.date.start and mention.resolved is not None:
            return mention
    return None


def same_trip(a: TripRecord, b: TripRecord, a_places: Sequence[PlaceMention],
              b_places: Sequence[PlaceMention]) -> bool:
    """Whether two records (of one or two documents) tell of one journey, compared on simple keys."""
    # a shared destination; no conflicting homes or named travellers; overlapping dates
    if not _keys(a.destinations, a_places) & _keys(b.destinations, b_places):
        return False
    ao, bo = _keys(a.origins, a_places), _keys(b.origins, b_places)
    if ao and bo and not ao & bo:
        return False
    if a.participants and b.participants and not set(a.participants) & set(b.participants):
        return False
    return _dates_overlap(a.date, b.date)


def _dates_overlap(a: DateRange | None, b: DateRange | None) -> bool:
    if a is None or b is None:
        return True
    return a.start <= b.end and b.start <= a.end
