"""Trips in the making: what a sentence says of a journey (a reading), the journey it adds to (a draft)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from geo.models import (
    Candidate,
    DateMention,
    PlaceMention,
    Resolved,
    Sentence,
)
from geo.places.geometry import haversine_km
from geo.trips.cues import TRAVEL_VERBS, Token

# Special administrative regions count as inside the country for refining "a visit to China".
_PART_OF_COUNTRY = {"HK": "CN", "MO": "CN"}
ONE_PLACE_KM = 50.0  # a name's two entries this close are one place


@dataclass
class _Draft:
    origins: list[int] = field(default_factory=list)
    destinations: list[int] = field(default_factory=list)
    evidence: list[Sentence] = field(default_factory=list)
    dates: list[tuple[int, int, DateMention]] = field(default_factory=list)  # (rank, distance, mention)
    organizer: str | None = None
    invited: bool = False  # the organiser named by "at the invitation of", "organised by", "hosted by"
    program: str | None = None
    participants: list[str] = field(default_factory=list)
    participant_texts: list[str] = field(default_factory=list)
    first_sentence: int = 0
    last_sentence: int = 0
    background: bool = False  # a journey recalled in passing: "a previous delegation", "in 2018"
    planned: bool = False  # told only as planned, hoped for or possible: a trip to come
    ongoing: bool = False  # told as under way: "is visiting"
    cancelled: bool = False  # told as called off: "the trip was canceled"
    roles: dict[str, str] = field(default_factory=dict)  # participant -> role on the journey
    weak: bool = True  # told only by travellers' doings somewhere ("signed ... in Y"), no travel word yet


@dataclass
class _Reading:
    """What one sentence says about a journey."""

    index: int
    sentence: Sentence
    events: list[Token]
    anaphoric: bool
    fresh: bool = False  # "a return trip", "a previous delegation": another journey than the one told
    anaphors: set[str] = field(default_factory=set)  # "delegation" in "the delegation left ..."
    origins: list[int] = field(default_factory=list)
    destinations: list[int] = field(default_factory=list)
    here: bool = False  # "arrived here", "arrived in the city": the dateline's place
    participants: list[str] = field(default_factory=list)
    participant_texts: list[str] = field(default_factory=list)
    dates: list[tuple[int, int, DateMention]] = field(default_factory=list)
    organizer: str | None = None
    invited: bool = False  # the organiser named by "at the invitation of", "organised by", "hosted by"
    program: str | None = None
    planned: bool = False  # every journey the sentence tells of is to come or in doubt
    ongoing: bool = False  # a journey told as under way ("are touring")
    cancelled: bool = False  # the journey told as called off ("the trip was canceled", "postponed")
    roles: dict[str, str] = field(default_factory=dict)  # participant -> role on the journey
    weak: bool = False  # its only events are doings somewhere, no travel word
    listing: bool = False  # it lists travellers after a cue ("Participants will include A, B and C")
    whole: Sentence | None = None  # the sentence, when this reading is one of its clauses

    def contributes(self) -> bool:
        return bool(
            self.origins or self.destinations or self.participants or self.dates or self.organizer
            or self.program or self.here
        )


def _place_key(place: PlaceMention) -> tuple[object, ...] | None:
    res = place.resolution
    if not isinstance(res, Resolved):
        return None
    cand = res.place
    if cand.geonameid is not None:
        return ("gn", cand.geonameid)
    return ("pt", cand.name.lower(), round(cand.lat, 2), round(cand.lon, 2))


def _candidate(places: Sequence[PlaceMention], index: int) -> Candidate | None:
    res = places[index].resolution
    return res.place if isinstance(res, Resolved) else None


def _country_of(cand: Candidate) -> str | None:
    if cand.country is None:
        return None
    return _PART_OF_COUNTRY.get(cand.country, cand.country)


def _contains(outer: Candidate, inner: Candidate) -> bool:
    """Whether a country, state or region holds a city (by codes, not geometry)."""
    if outer.kind == "country":
        # China holds Hong Kong, but Hong Kong does not hold Chinese cities
        return inner.kind != "country" and outer.country is not None and outer.country in (
            inner.country, _country_of(inner)
        )
    if outer.kind == "admin1":
        return (
            inner.kind == "city" and inner.country == outer.country
            and inner.admin1 is not None and inner.admin1 == outer.admin1
        )
    return False


def _dedupe(indices: Iterable[int], places: Sequence[PlaceMention]) -> list[int]:
    seen: set[tuple[object, ...]] = set()
    out: list[int] = []
    for i in indices:
        key = _place_key(places[i])
        if key is None or key in seen:
            continue
        seen.add(key)
        out.append(i)
    return out


def _refine(indices: list[int], places: Sequence[PlaceMention]) -> list[int]:
    """Drop a country, state or region when places inside it are named ("China" once "Chengdu" is known)."""
    cands = {i: _candidate(places, i) for i in indices}
    kept: list[int] = []
    for i in indices:
        outer = cands[i]
        if outer is None:
            continue
        if outer.kind in ("country", "admin1") and any(
            j != i and (inner := cands[j]) is not None and _contains(outer, inner) for j in indices
        ):
            continue
        if outer.kind == "region" and any(
            (c := cands[j]) is not None and c.kind != "region" for j in indices if j != i
        ):
            continue
        kept.append(i)
    return kept


def _keys(indices: Iterable[int], places: Sequence[PlaceMention]) -> set[tuple[object, ...]]:
    return {k for i in indices if (k := _place_key(places[i])) is not None}


def _one_place(a: Candidate, b: Candidate) -> bool:
    """One place under two gazetteer entries: a city and the municipality of its name around it ("Taichung
    City" the special municipality, "Taichung" the city)."""
    return a.name.casefold() == b.name.casefold() and haversine_km(a.lat, a.lon, b.lat, b.lon) < ONE_PLACE_KM


def _named_alike(i: int, j: int, places: Sequence[PlaceMention]) -> bool:
    """Whether two mentions resolve to one place under two gazetteer entries (``_one_place``)."""
    ci, cj = _candidate(places, i), _candidate(places, j)
    return ci is not None and cj is not None and _one_place(ci, cj)


def _overlaps(a: Sequence[int], b: Sequence[int], places: Sequence[PlaceMention]) -> bool:
    """Same places, or one inside the other ("China" and "Chengdu")."""
    if _keys(a, places) & _keys(b, places):
        return True
    for i in a:
        for j in b:
            ci, cj = _candidate(places, i), _candidate(places, j)
            if ci is not None and cj is not None and (_contains(ci, cj) or _contains(cj, ci)):
                return True
            if _named_alike(i, j, places):
                return True
    return False


def _month(d: _Draft | _Reading) -> str | None:
    """The month of a journey, when its words are that precise."""
    best = _best_date(d.dates)
    if best is None or best.resolved is None or best.resolved.precision not in ("day", "week", "month"):
        return None
    return best.resolved.start[:7]


def _best_date(dates: Sequence[tuple[int, int, DateMention]]) -> DateMention | None:
    """A date hanging on the journey first; among equals, the earliest sentence's, then the nearest; and a
    date of that sentence inside it before it ("this summer ... scheduled for mid August": mid August)."""
    ranked = sorted(
        (d for d in dates if d[2].resolved is not None), key=lambda d: (d[0], d[2].sentence.start, d[1])
    )
    if not ranked:
        return None
    rank, _, best = ranked[0]
    outer = best.resolved
    assert outer is not None
    inside = [m for r, _, m in ranked[1:] if r == rank and m.sentence.start == best.sentence.start
              and m.resolved is not None and outer.start <= m.resolved.start and m.resolved.end <= outer.end
              and (m.resolved.start, m.resolved.end) != (outer.start, outer.end)]
    return inside[0] if inside else best


def _conflicts(draft: _Draft, reading: _Reading, places: Sequence[PlaceMention]) -> bool:
    """Two tellings that cannot be the same journey: other travellers, other homes, other months, or a
    journey to the first one's home ("our teachers who went to X", X being where the visitors came from)."""
    if reading.destinations and draft.origins and places:
        homes = _keys(draft.origins, places)
        if all(_place_key(places[i]) in homes for i in reading.destinations):
            return True
    if draft.participants and reading.participants and not reading.anaphoric and not (
        set(draft.participants) & set(reading.participants)
    ):
        return True  # other travellers ("the delegation includes X" adds to the travellers named)
    year_a, year_b = _year(draft), _year(reading)
    if year_a is not None and year_b is not None and year_a != year_b:
        return True  # "the group visited X last year": another journey than this year's
    if reading.planned and not draft.planned and year_a is not None and any(
        m.resolved is not None and m.resolved.start[:4] > year_a for _, _, m in reading.dates
    ):
        return True  # "visited three sister cities in 2014 ... In 2019 it is proposed she travel": to come
    m1, m2 = _month(draft), _month(reading)
    months_differ = m1 is not None and m2 is not None and m1 != m2
    if months_differ and draft.planned and not reading.planned:
        return True  # "will leave Sunday for China ... He went to Europe last month": a journey already made
    if reading.cancelled and not reading.anaphoric and not draft.planned:
        return True  # "A planned trip by the school band ... was called off": not the journey made
    if reading.anaphoric:
        return False  # "the delegation left on Friday", "arrived from X": a later day or stop of the journey
    if draft.origins and reading.origins and not _overlaps(draft.origins, reading.origins, places):
        return True
    return months_differ


def _merge(draft: _Draft, reading: _Reading, places: Sequence[PlaceMention] = ()) -> None:
    # a place keeps the role it was first given ("from X" later in an aside does not make X a home)
    dest_keys = _keys(draft.destinations, places) if places else set()
    origin_keys = _keys(draft.origins, places) if places else set()
    if reading.anaphoric and draft.origins and places and any(
        e.pos_ in ("VERB", "AUX") and e.lemma_.lower() in TRAVEL_VERBS for e in reading.events
    ):
        # "the delegation arrived from X": once the home is known, X is an earlier stop ("others in the
        # delegation include staff from X" names another home)
        stops = [i for i in reading.origins if not _overlaps([i], draft.origins, places)]
        reading.origins = [i for i in reading.origins if i not in stops]
        reading.destinations = stops + reading.destinations
    draft.origins.extend(i for i in reading.origins if not places or _place_key(places[i]) not in dest_keys)
    draft.destinations.extend(
        i for i in reading.destinations if not places or _place_key(places[i]) not in origin_keys
    )
    if reading.contributes() or not draft.evidence:
        evidence = reading.whole or reading.sentence
        if evidence not in draft.evidence:
            draft.evidence.append(evidence)
    # a date hanging on the journey wins; among equals, the first sentence's; a stop to come dates nothing
    draft.dates.extend((rank + (30 if reading.planned else 1), dist, m) for rank, dist, m in reading.dates)
    if reading.organizer and (draft.organizer is None or (reading.invited and not draft.invited)):
        # "At the invitation of CPAFFC, the delegation ..." names the organiser over "the JNMA delegation"
        draft.organizer, draft.invited = reading.organizer, reading.invited
    draft.program = draft.program or reading.program
    draft.participants.extend(p for p in reading.participants if p not in draft.participants)
    draft.participant_texts.extend(reading.participant_texts)
    draft.last_sentence = reading.index
    draft.ongoing = draft.ongoing or (reading.ongoing and not reading.planned)
    draft.cancelled = draft.cancelled or reading.cancelled
    draft.weak = draft.weak and reading.weak
    for name, role in reading.roles.items():
        draft.roles.setdefault(name, role)
    if not reading.planned and (reading.destinations or reading.origins or reading.here) and any(
        t.tag_ in ("VBD", "VBN") for t in reading.events
    ):
        draft.planned = False  # a journey announced, then told as made ("we're flying there" is not)


def _new_draft(reading: _Reading) -> _Draft:
    draft = _Draft(first_sentence=reading.index, last_sentence=reading.index, planned=reading.planned)
    _merge(draft, reading)
    draft.dates = list(reading.dates)
    best = _best_date(draft.dates)
    draft.background = (reading.fresh and not reading.anaphoric) or (
        best is not None and best.resolved is not None and best.resolved.precision in ("year", "decade")
    )
    return draft


def _to_home(a: _Draft, b: _Draft, places: Sequence[PlaceMention]) -> bool:
    """Whether every place ``b`` went to is a home of ``a``'s travellers: a journey the other way."""
    homes = _keys(a.origins, places)
    return bool(homes and b.destinations) and all(_place_key(places[i]) in homes for i in b.destinations)


def _year(d: _Draft | _Reading) -> str | None:
    """The year of a journey, from a date that hangs on it (not "the Expo the city will host next year")."""
    best = _best_date([x for x in d.dates if x[0] in (0, 1)])
    if best is None or best.resolved is None or best.resolved.precision == "decade":
        return None
    return best.resolved.start[:4] if best.resolved.start[:4] == best.resolved.end[:4] else None
