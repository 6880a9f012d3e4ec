"""What the user asked to see: filters read from the URL, applied to an Atlas (pure).

``from_query_params`` never raises: a value it cannot read is dropped and described in
``Filters.problems``, so that a shared link with a typo still opens and says what was ignored.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from geo.models import (
    TIE_KINDS,
    TIE_STATUSES,
    Atlas,
    AtlasOrganization,
    AtlasPerson,
    AtlasPlace,
    AtlasProgram,
    AtlasTie,
    AtlasTrip,
    MentionRef,
)
from geo.store.search import QuerySyntaxError
from geo.store.search import parse as parse_query

ENTITY_TYPES: tuple[str, ...] = ("place", "trip", "person", "organization", "program")

# query parameter -> Filters field; the first name of each is the one written back
_PARAMS: dict[str, tuple[str, ...]] = {
    "program": ("program",),
    "start": ("from", "start"),
    "end": ("to", "end"),
    "organization": ("organization", "org", "organisation"),
    "person": ("person",),
    "country": ("country",),
    "entity_type": ("type", "entity_type"),
    "tie": ("tie",),
    "q": ("q",),
}

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Filters:
    """A view of the atlas: every field unset means everything."""

    program: str | None = None  # program id ("pr:...") or name
    start: date | None = None  # the "from" day, inclusive
    end: date | None = None  # the "to" day, inclusive
    organization: str | None = None  # organisation id or name
    person: str | None = None  # person id or name
    country: str | None = None  # ISO 3166-1 alpha-2, upper case
    entity_type: str | None = None  # one of ENTITY_TYPES
    tie: str | None = None  # one tie's id ("ti:..."): its places, its trips, its sources
    q: str | None = None  # a full-text search of the articles (geo.store.search's language)
    problems: tuple[str, ...] = field(default=(), compare=False)

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return not any((self.program, self.start, self.end, self.organization, self.person,
                        self.country, self.entity_type, self.tie, self.q))


# --- reading and writing the URL ------------------------------------------------------


def date_range(text: str) -> tuple[date, date] | None:
    """First and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if it is not one."""
    match = _PARTIAL_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        one = date(year, month, day)
    except ValueError:
        return None
    return one, one


def _first(value: str | Sequence[str] | None) -> str | None:
    if value is None:
        return None
    text = (value if isinstance(value, str) else value[0] if value else "").strip()
    return text or None


def from_query_params(params: Mapping[str, str | Sequence[str]]) -> Filters:
    """Read filters from URL query parameters (``?program=NAME&from=YYYY-MM-DD&to=...``)."""
    values: dict[str, object] = {}
    problems: list[str] = []
    for name, keys in _PARAMS.items():
        raw = next((v for v in (_first(params.get(k)) for k in keys) if v is not None), None)
        if raw is None:
            continue
        if len(raw) > 300:
            problems.append(f"ignored {keys[0]}: longer than 300 characters")
            continue
        if name in ("start", "end"):
            span = date_range(raw)
            if span is None:
                problems.append(f"ignored {keys[0]}: expected a date YYYY-MM-DD, got: {raw!r}")
                continue
            values[name] = span[0] if name == "start" else span[1]
        elif name == "country":
            if not re.fullmatch(r"[A-Za-z]{2}", raw):
                problems.append(f"ignored country: expected a two-letter ISO code, got: {raw!r}")
                continue
            values[name] = raw.upper()
        elif name == "q":
            try:
                parse_query(raw)
            except QuerySyntaxError as exc:
                problems.append(f"ignored search: {exc}")
                continue
            values[name] = raw
        elif name == "entity_type":
            kind = raw.lower().replace("organisation", "organization")
            if kind not in ENTITY_TYPES:
                problems.append(f"ignored type: expected one of {', '.join(ENTITY_TYPES)}, got: {raw!r}")
                continue
            values[name] = kind
        else:
            values[name] = raw
    start, end = values.get("start"), values.get("end")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        problems.append(f"ignored from and to: from {start.isoformat()} is after to {end.isoformat()}")
        values.pop("start")
        values.pop("end")
    return Filters(problems=tuple(problems), **values)  # type: ignore[arg-type]


def to_query_params(filters: Filters) -> dict[str, str]:
    """The URL query parameters that ``from_query_params`` reads back as ``filters``."""
    out: dict[str, str] = {}
    for name, keys in _PARAMS.items():
        value = getattr(filters, name)
        if value is None:
            continue
        out[keys[0]] = value.isoformat() if isinstance(value, date) else str(value)
    return out


# --- applying ------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("“", "").replace("”", "").replace('"', "").split())


Entity = AtlasPerson | AtlasOrganization | AtlasProgram


def _matching(wanted: str | None, items: Iterable[Entity]) -> set[str]:
    if wanted is None:
        return set()
    key = _norm(wanted)
    return {item.id for item in items if item.id == wanted or _norm(item.name) == key}


def _span(start: str | None, end: str | None) -> tuple[date, date] | None:
    if not start:
        return None
    first = date_range(start)
    last = date_range(end) if end else first
    if first is None or last is None:
        return None
    return first[0], last[1]


def _overlaps(span: tuple[date, date] | None, filters: Filters) -> bool:
    if filters.start is None and filters.end is None:
        return True
    if span is None:
        return False
    lo = filters.start or date.min
    hi = filters.end or date.max
    return span[0] <= hi and span[1] >= lo


def _trip_places(trip: AtlasTrip) -> tuple[str, ...]:
    return trip.origins + trip.destinations


def _keep_mentions(mentions: tuple[MentionRef, ...], documents: set[str]) -> tuple[MentionRef, ...]:
    return tuple(m for m in mentions if m.document in documents)


def within_documents(atlas: Atlas, keep: Collection[str]) -> Atlas:
    """What the documents ``keep`` say: their trips, and the places and entities they mention."""
    ids = set(keep)
    trips = tuple(t for t in atlas.trips if ids.intersection(t.documents))
    on_trips = {i for t in trips for i in (*_trip_places(t), *t.participants, t.organizer, t.program) if i}

    def kept(items: tuple[Any, ...]) -> tuple[Any, ...]:
        out = []
        for item in items:
            mentions = _keep_mentions(item.mentions, ids)
            if mentions or item.id in on_trips:
                out.append(replace(item, mentions=mentions or item.mentions))
        return tuple(out)

    return Atlas(documents=tuple(d for d in atlas.documents if d.id in ids), places=kept(atlas.places),
                 people=kept(atlas.people), organizations=kept(atlas.organizations),
                 programs=kept(atlas.programs), trips=trips)


def apply(atlas: Atlas, filters: Filters, matches: Collection[str] | None = None) -> Atlas:
    """The part of ``atlas`` that ``filters`` keeps; places are those tied to what is kept.

    With a search (``filters.q``), ``matches`` are the ids of the documents the store found for it.
    """
    if filters.q is not None:
        if matches is None:
            raise ValueError(f"the search {filters.q!r} needs the documents that match it (Store.search)")
        atlas = within_documents(atlas, matches)
        filters = replace(filters, q=None)
    if filters.is_empty():
        return atlas
    if filters.tie is not None:
        return _one_tie(atlas, filters)
    places = {p.id: p for p in atlas.places}
    programs = _matching(filters.program, atlas.programs)
    organizations = _matching(filters.organization, atlas.organizations)
    people = _matching(filters.person, atlas.people)
    # an organisation also stands behind the trips of the programs it organises
    organized = {p.id for p in atlas.programs if p.organizer in organizations}

    def in_country(place_id: str) -> bool:
        place = places.get(place_id)
        return place is not None and place.country == filters.country

    def trip_ok(trip: AtlasTrip) -> bool:
        if filters.program is not None and trip.program not in programs:
            return False
        if filters.organization is not None and not (
            trip.organizer in organizations or trip.program in organized
        ):
            return False
        if filters.person is not None and not people.intersection(trip.participants):
            return False
        if filters.country is not None and not any(in_country(p) for p in _trip_places(trip)):
            return False
        return _overlaps(_span(trip.start, trip.end), filters)

    show_trips = filters.entity_type in (None, "trip")
    trips = tuple(t for t in atlas.trips if trip_ok(t)) if show_trips else ()

    # the sentences that the named entities (or the chosen entity type) stand in
    focus: list[tuple[MentionRef, ...]] = []
    group: Mapping[str, tuple[Entity, ...]]
    focused = filters.program or filters.organization or filters.person
    if focused:
        focus += [p.mentions for p in atlas.programs if p.id in programs]
        focus += [o.mentions for o in atlas.organizations if o.id in organizations]
        focus += [p.mentions for p in atlas.people if p.id in people]
    elif filters.entity_type in ("person", "organization", "program"):
        group = {"person": atlas.people, "organization": atlas.organizations, "program": atlas.programs}
        focus += [e.mentions for e in group[filters.entity_type]]
    context = {(m.document, m.sentence) for ms in focus for m in ms}
    use_context = bool(focused) or filters.entity_type in ("person", "organization", "program")

    context_documents = {d for d, _ in context}
    country_documents = {
        m.document for p in atlas.places if p.country == filters.country for m in p.mentions
    }

    def document_ok(doc_id: str, published: str | None) -> bool:
        if not _overlaps(_span(published, None), filters):
            return False
        if use_context and doc_id not in context_documents:
            return False
        return filters.country is None or doc_id in country_documents

    documents = {d.id for d in atlas.documents if document_ok(d.id, d.published)}
    documents.update(doc for t in trips for doc in t.documents)

    kept_places: dict[str, AtlasPlace] = {}
    for trip in trips:
        for pid in _trip_places(trip):
            if pid in places:
                kept_places[pid] = places[pid]
    if filters.entity_type != "trip":
        for place in atlas.places:
            if filters.country is not None and place.country != filters.country:
                continue
            if any(
                m.document in documents and (not use_context or (m.document, m.sentence) in context)
                for m in place.mentions
            ):
                kept_places[place.id] = place
    ties = _kept_ties(atlas, filters, {t.id for t in trips}, documents)
    kept_places.update((pid, places[pid]) for tie in ties for pid in tie.places if pid in places)
    if filters.entity_type not in (None, "place", "trip"):
        # the places of the chosen entity type's sentences only, no routes
        trips = ()

    def kind_ok(kind: str) -> bool:
        return filters.entity_type in (None, kind)

    return Atlas(
        documents=tuple(d for d in atlas.documents if d.id in documents),
        places=tuple(
            replace(p, mentions=_keep_mentions(p.mentions, documents) or p.mentions)
            for p in atlas.places if p.id in kept_places
        ),
        people=tuple(
            replace(p, mentions=_keep_mentions(p.mentions, documents))
            for p in atlas.people
            if kind_ok("person") and (not filters.person or p.id in people)
            and _keep_mentions(p.mentions, documents)
        ),
        organizations=tuple(
            replace(o, mentions=_keep_mentions(o.mentions, documents))
            for o in atlas.organizations
            if kind_ok("organization") and (not filters.organization or o.id in organizations)
            and _keep_mentions(o.mentions, documents)
        ),
        programs=tuple(
            replace(p, mentions=_keep_mentions(p.mentions, documents))
            for p in atlas.programs
            if kind_ok("program") and (not filters.program or p.id in programs)
            and _keep_mentions(p.mentions, documents)
        ),
        trips=trips,
        ties=ties,
    )


def _tie_span(tie: AtlasTie) -> tuple[date, date]:
    """The days a tie lasts: from its beginning (or ever) to its end (or for good)."""
    first = date_range(tie.since) if tie.since else None
    last = date_range(tie.until) if tie.until else None
    return (first[0] if first else date.min), (last[1] if last else date.max)


def _kept_ties(atlas: Atlas, filters: Filters, trips: set[str], documents: set[str]) -> tuple[AtlasTie, ...]:
    """The ties the filters keep: those of a kept trip, or, by place and years, those the view is about."""
    if filters.entity_type not in (None, "place", "trip"):
        return ()
    places = {p.id: p for p in atlas.places}
    focused = filters.program or filters.organization or filters.person or filters.entity_type == "trip"

    def ok(tie: AtlasTie) -> bool:
        if trips & set(tie.trips):
            return True
        if focused:
            return False
        if filters.country is not None and not any(
                places[p].country == filters.country for p in tie.places if p in places):
            return False
        if filters.start is None and filters.end is None:
            return True
        return _overlaps(_tie_span(tie), filters) or bool(documents & set(tie.documents))

    return tuple(t for t in atlas.ties if ok(t))


def _one_tie(atlas: Atlas, filters: Filters) -> Atlas:
    """The view of one tie: its two places, the trips made under it, its sources (other filters aside)."""
    tie = next((t for t in atlas.ties if t.id == filters.tie), None)
    if tie is None:
        return Atlas()
    trips = tuple(t for t in atlas.trips if t.id in tie.trips)
    documents = set(tie.documents) | {d for t in trips for d in t.documents}
    place_ids = set(tie.places) | {p for t in trips for p in _trip_places(t)}
    return Atlas(
        documents=tuple(d for d in atlas.documents if d.id in documents),
        places=tuple(p for p in atlas.places if p.id in place_ids),
        programs=tuple(p for p in atlas.programs if p.id == tie.program),
        trips=trips, ties=(tie,),
    )


# --- the Ties page's table filters (tie_country, tie_status, tie_kind, tie_from, tie_to) ----------------


@dataclass(frozen=True, slots=True)
class TieFilters:
    """Which ties the Ties page lists: every field unset means every tie."""

    country: str | None = None  # ISO code: either place in that country
    status: str | None = None  # one of TIE_STATUSES
    kind: str | None = None  # one of TIE_KINDS
    year_from: int | None = None  # the tie lasts into or past this year
    year_to: int | None = None  # the tie began by this year
    problems: tuple[str, ...] = field(default=(), compare=False)


TIE_PARAMS = ("tie_country", "tie_status", "tie_kind", "tie_from", "tie_to")


def tie_filters_from_query_params(params: Mapping[str, str | Sequence[str]]) -> TieFilters:
    """The Ties page's filters from the URL (``?tie_status=ended&tie_kind=sister%20city&tie_from=1990``)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    country = _first(params.get("tie_country"))
    if country is not None:
        if re.fullmatch(r"[A-Za-z]{2}", country):
            values["country"] = country.upper()
        else:
            problems.append(f"ignored tie_country: expected a two-letter ISO code, got: {country!r}")
    for key, name, allowed in (("tie_status", "status", TIE_STATUSES), ("tie_kind", "kind", TIE_KINDS)):
        raw = _first(params.get(key))
        if raw is None:
            continue
        wanted = " ".join(raw.casefold().replace("-", " ").split())
        if wanted in allowed:
            values[name] = wanted
        else:
            problems.append(f"ignored {key}: expected one of {', '.join(allowed)}, got: {raw!r}")
    for key, name in (("tie_from", "year_from"), ("tie_to", "year_to")):
        raw = _first(params.get(key))
        if raw is None:
            continue
        if re.fullmatch(r"\d{4}", raw):
            values[name] = int(raw)
        else:
            problems.append(f"ignored {key}: expected a year YYYY, got: {raw!r}")
    if values.get("year_from", 0) > values.get("year_to", 9999):
        problems.append(f"ignored tie_from and tie_to: {values['year_from']} is after {values['year_to']}")
        values.pop("year_from")
        values.pop("year_to")
    return TieFilters(problems=tuple(problems), **values)


def tie_filters_to_query_params(filters: TieFilters) -> dict[str, str]:
    """The URL query parameters that ``tie_filters_from_query_params`` reads back as ``filters``."""
    pairs = zip(TIE_PARAMS, (filters.country, filters.status, filters.kind, filters.year_from,
                             filters.year_to), strict=True)
    return {key: str(value) for key, value in pairs if value is not None}


def select_ties(atlas: Atlas, filters: TieFilters) -> tuple[AtlasTie, ...]:
    """The ties of ``atlas`` that the Ties page's filters keep.

    The year range keeps the ties that lasted through any of its years: begun by ``year_to`` and not
    ended before ``year_from``; a tie without a known beginning (or end) is open on that side.
    """
    countries = {p.id: p.country for p in atlas.places}

    def ok(tie: AtlasTie) -> bool:
        if filters.country is not None and filters.country not in {countries.get(p) for p in tie.places}:
            return False
        if filters.status is not None and tie.status != filters.status:
            return False
        if filters.kind is not None and tie.kind != filters.kind:
            return False
        first, last = _tie_span(tie)
        if filters.year_to is not None and first.year > filters.year_to:
            return False
        return filters.year_from is None or last.year >= filters.year_from

    return tuple(t for t in atlas.ties if ok(t))


def tie_rows(atlas: Atlas, ties: Iterable[AtlasTie]) -> list[dict[str, Any]]:
    """The Ties page's table: one row per tie, its places by name and country."""
    places = {p.id: p for p in atlas.places}
    rows = []
    for tie in ties:
        a, b = (places.get(p) for p in tie.places)
        rows.append({"place A": a.name if a else tie.places[0], "country A": a.country if a else "—",
                     "place B": b.name if b else tie.places[1], "country B": b.country if b else "—",
                     "kind": tie.kind, "status": tie.status, "since": tie.since or "—",
                     "until": tie.until or "—",
                     "sources": len(tie.documents), "trips": len(tie.trips), "id": tie.id})
    return rows


def ties_of(atlas: Atlas, place_id: str) -> tuple[AtlasTie, ...]:
    """The ties that join a place to another."""
    return tuple(t for t in atlas.ties if place_id in t.places)


# --- what is tied to what (for the detail panels) ------------------------------------------


@dataclass(frozen=True, slots=True)
class Related:
    """The items tied to one place, entity or trip: by trips, or by sharing a sentence."""

    places: tuple[AtlasPlace, ...] = ()
    people: tuple[AtlasPerson, ...] = ()
    organizations: tuple[AtlasOrganization, ...] = ()
    programs: tuple[AtlasProgram, ...] = ()
    trips: tuple[AtlasTrip, ...] = ()


def trips_of(atlas: Atlas, item_id: str) -> tuple[AtlasTrip, ...]:
    """The trips that go through a place, or that a person, organisation or program takes part in."""
    organized = {p.id for p in atlas.programs if p.organizer == item_id}
    return tuple(
        t for t in atlas.trips
        if item_id in t.origins or item_id in t.destinations or item_id in t.participants
        or item_id in (t.organizer, t.program) or t.program in organized
    )


def related(atlas: Atlas, item_id: str) -> Related:
    """What is tied to ``item_id`` (a place, person, organisation, program or trip id)."""
    everything: tuple[AtlasPlace | Entity, ...] = (
        *atlas.places, *atlas.people, *atlas.organizations, *atlas.programs)
    own = next((e for e in everything if e.id == item_id), None)
    trip = next((t for t in atlas.trips if t.id == item_id), None)
    trips = (trip,) if trip is not None else trips_of(atlas, item_id)
    sentences = {(m.document, m.sentence) for m in own.mentions} if own is not None else set()
    if trip is not None:
        sentences |= {(e.document, e.sentence) for e in trip.evidence}
    ids = {p for t in trips for p in (*t.origins, *t.destinations, *t.participants) if p}
    ids |= {p for t in trips for p in (t.organizer, t.program) if p}

    def tied(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(
            e for e in items
            if e.id != item_id
            and (e.id in ids or any((m.document, m.sentence) in sentences for m in e.mentions))
        )

    return Related(places=tied(atlas.places), people=tied(atlas.people),
                   organizations=tied(atlas.organizations), programs=tied(atlas.programs), trips=trips)
