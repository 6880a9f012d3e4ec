"""What the Delegations, Sources and Timeline pages read of a view, asked of the view tables.

Each function takes the view's filters (and, with a search, the documents it found) and answers from the
view's steps (``viewsql.view_steps``: computed once per view, shared with the Map page and its panels),
the same as the filtered atlas (``filters.apply``) would, without loading it:

* ``trip_rows(store, ids)``: the Delegations table's rows of some trips (their labels, as kept);
* ``document_ids`` / ``documents``: the view's sources, in the atlas's order, and a page of them by id;
* ``document_marks``: what the Sources page highlights in one document (each mention of a place or
  entity the view keeps);
* ``dated_events``: the dates the view's sources name (the Timeline's other track).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text

from geo.models import (
    Atlas,
    AtlasDocument,
    AtlasOrganization,
    AtlasPerson,
    AtlasPlace,
    AtlasProgram,
    AtlasTie,
    AtlasTrip,
)
from geo.store.corrections import ReviewItem
from geo.store.corrections import review_queue as ranked
from geo.store.database import Store
from geo.views.filters import Filters
from geo.views.viewsql import TripRow, ask_view, check_view_filters, country_alone, stop_ids, view_steps


def trip_rows(store: Store, ids: Iterable[str]) -> list[TripRow]:
    """The Delegations table's rows of the trips ``ids``, in that order (unknown ids left out)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    query = text("SELECT t.id, t.start, t.\"end\", t.route_label, t.participants_label, t.organizer_label, "
                 "t.program_label, t.sources_label FROM view_trips t WHERE t.id IN :ids"
                 ).bindparams(bindparam("ids", expanding=True))
    with store.engine.connect() as conn:
        found = {str(r[0]): TripRow(*r) for r in conn.execute(query, {"ids": wanted})}
    return [found[i] for i in wanted if i in found]


_KEPT_DOCUMENTS = "SELECT id FROM u WHERE :empty = 1 OR id IN (SELECT id FROM d)"


def document_ids(store: Store, filters: Filters, matches: Collection[str] | None = None) -> list[str]:
    """The ids of the sources the view keeps, in the atlas's order."""
    check_view_filters(filters, matches)
    with view_steps(store, filters, matches) as (conn, head, params):
        rows = ask_view(conn, head, params, "SELECT v.id FROM view_documents v "
                                        f"WHERE v.id IN ({_KEPT_DOCUMENTS}) ORDER BY v.position")
    return [str(r[0]) for r in rows]


def documents(store: Store, ids: Iterable[str]) -> dict[str, AtlasDocument]:
    """The stored metadata of the documents ``ids`` (without their text), by id, in that order."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    query = text("SELECT id, title, outlet, published, url, path, author, language FROM view_documents "
                 "WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
    with store.engine.connect() as conn:
        found = {str(r[0]): AtlasDocument(id=r[0], title=r[1], outlet=r[2], published=r[3], url=r[4],
                                          path=r[5], author=r[6], language=r[7])
                 for r in conn.execute(query, {"ids": wanted})}
    return {i: found[i] for i in wanted if i in found}


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention in one document of a place or entity that the view keeps: what the Sources page marks."""

    kind: str  # place, person, organization, program
    item: str  # its id
    name: str
    text: str
    start: int
    end: int


def document_marks(store: Store, filters: Filters, document_id: str,
                   matches: Collection[str] | None = None) -> list[Mention]:
    """Each mention in ``document_id`` (a source of the view) of a place or entity the view keeps, in
    the order of the items and of their mentions."""
    check_view_filters(filters, matches)
    # an entity is kept when it has a mention in a kept source (this one), of its kind and, when a
    # filter names entities of that kind, named by it (``filters.apply``)
    kinds = [] if filters.entity_type in ("trip", "place") else ["person", "organization", "program"]
    named = {"person": filters.person, "organization": filters.organization, "program": filters.program}
    entity_ok = ["e.kind IN :kinds", "e.id IN (SELECT id FROM items)"]
    for kind, value in named.items():
        if value is not None:
            entity_ok.append(f"(e.kind <> '{kind}' OR e.id = :{kind} OR e.name_key = :{kind}_key)")
    with view_steps(store, filters, matches) as (conn, head, params):
        if params["empty"]:
            entity_ok = ["e.id IN (SELECT id FROM items)"]
            places = "SELECT p.id FROM view_places p WHERE p.id IN (SELECT id FROM items)"
        else:
            places = "SELECT id FROM kp"
        rows = ask_view(conn, head, params,
                    "SELECT 'place', p.id, p.name, m.text, m.start, m.\"end\", 0, p.position, m.position "
                    "FROM view_mentions m JOIN view_places p ON p.id = m.item_id "
                    f"WHERE m.document_id = :doc AND p.id IN ({places}) "
                    "UNION ALL SELECT e.kind, e.id, e.name, m.text, m.start, m.\"end\", "
                    "CASE e.kind WHEN 'person' THEN 1 WHEN 'organization' THEN 2 ELSE 3 END, e.position, "
                    "m.position FROM view_mentions m JOIN view_entities e ON e.id = m.item_id "
                    f"WHERE m.document_id = :doc AND {' AND '.join(entity_ok)} ORDER BY 7, 8, 9",
                    doc=document_id, kinds=kinds)
    return [Mention(kind=str(r[0]), item=str(r[1]), name=str(r[2]), text=str(r[3]), start=int(r[4]),
                    end=int(r[5])) for r in rows]


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """A date expression of a source, resolved: what the Timeline shows besides trips."""

    document: str
    text: str
    sentence: str
    start: str
    end: str
    precision: str


def dated_events(store: Store, filters: Filters, matches: Collection[str] | None = None) -> list[DatedEvent]:
    """The resolved dates that the view's sources name, in the order of the sources and their text."""
    check_view_filters(filters, matches)
    with view_steps(store, filters, matches) as (conn, head, params):
        rows = ask_view(conn, head, params,
                    "SELECT x.document_id, x.text, x.sentence, x.start, x.\"end\", x.precision "
                    f"FROM view_dates x JOIN view_documents v ON v.id = x.document_id "
                    f"WHERE x.document_id IN ({_KEPT_DOCUMENTS}) ORDER BY v.position, x.id")
    return [DatedEvent(*(str(v) for v in r)) for r in rows]


# --- the People page -------------------------------------------------------------------------------

ENTITY_KINDS = ("person", "organization", "program")


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A row of the People page's table: a person, organisation or program the view keeps, with its
    mentions in the view and the view's trips it takes part in (``filters.trips_of``)."""

    id: str
    kind: str
    name: str
    mentions: int
    trips: int


def _kept_entities(filters: Filters, empty: bool) -> str:
    """The condition on ``view_entities AS e`` that keeps the entities ``filters.apply`` keeps (after the
    view's ``WITH`` clause): of the view's items, named by a filter of their kind if there is one, and,
    under a filter, with a mention in a kept source."""
    if filters.entity_type in ("trip", "place"):
        return "1 = 0"
    parts = ["e.id IN (SELECT id FROM items)"]
    for kind in ENTITY_KINDS:
        if getattr(filters, kind) is not None:
            parts.append(f"(e.kind <> '{kind}' OR e.id = :{kind} OR e.name_key = :{kind}_key)")
    if not empty:
        # kept at build for a country alone (``view_country_steps``), asked entity by entity otherwise
        parts.append("e.id IN (SELECT id FROM ke)" if country_alone(filters) and filters.q is None
                     else "EXISTS (SELECT 1 FROM md m WHERE m.item_id = e.id)")
    return " AND ".join(parts)


def entity_counts(store: Store, filters: Filters, matches: Collection[str] | None = None) -> dict[str, int]:
    """How many people, organisations and programs the view keeps, by kind (kinds with none left out)."""
    check_view_filters(filters, matches)
    with view_steps(store, filters, matches) as (conn, head, params):
        where = _kept_entities(filters, bool(params["empty"]))
        rows = ask_view(conn, head, params, f"SELECT e.kind, count(*) FROM view_entities e WHERE {where} "
                                            "GROUP BY e.kind")
    found = {str(k): int(n) for k, n in rows}
    return {k: found[k] for k in ENTITY_KINDS if found.get(k)}


def entity_page(store: Store, filters: Filters, kind: str, matches: Collection[str] | None = None, *,
                offset: int = 0, limit: int = 200, only: str | None = None) -> list[EntityRow]:
    """A page of the entities of ``kind`` the view keeps (or the one ``only``, if kept), in the atlas's
    order, with their mentions and trips in the view counted by the database."""
    if kind not in ENTITY_KINDS:
        raise ValueError(f"the People page lists one of {', '.join(ENTITY_KINDS)}, got: {kind!r}")
    if offset < 0 or limit < 1:
        raise ValueError(f"a page needs offset >= 0 and limit >= 1, got: offset={offset!r}, limit={limit!r}")
    check_view_filters(filters, matches)
    with view_steps(store, filters, matches) as (conn, head, params):
        empty = bool(params["empty"])
        where = _kept_entities(filters, empty)
        page = ask_view(conn, head, params, f"SELECT e.id, e.name, e.mentions FROM view_entities e "
                                            f"WHERE e.kind = :kind AND {where} "
                                            + ("AND e.id = :only " if only is not None else "")
                                            + "ORDER BY e.position LIMIT :limit OFFSET :offset",
                        kind=kind, limit=limit, offset=offset, only=only)
        ids = [str(r[0]) for r in page]
        if empty and filters.q is None:  # the whole store: each entity's own count
            mentions = {str(r[0]): int(r[2]) for r in page}
        elif country_alone(filters) and filters.q is None:  # counted at build
            mentions = {str(i): int(n) for i, n in ask_view(
                conn, head, params, "SELECT c.id, c.mentions FROM view_country_entities c "
                                    "WHERE c.country = :country AND c.id IN :ids", ids=ids)}
        else:
            mentions = {str(i): int(n) for i, n in ask_view(
                conn, head, params, f"SELECT m.item_id, count(*) FROM {'mm' if empty else 'md'} m "
                                    "WHERE m.item_id IN :ids GROUP BY m.item_id", ids=ids)}
        # a trip counts for those on it, its organiser, its program, and the organiser of its program
        # when the view keeps that program (``filters.trips_of``)
        trips = {str(i): int(n) for i, n in ask_view(
            conn, head, params,
            "SELECT x.e, count(DISTINCT x.trip) FROM ("
            "SELECT tp.person_id AS e, tp.trip_id AS trip FROM view_trip_people tp "
            "WHERE tp.person_id IN :ids AND tp.trip_id IN (SELECT id FROM kt) "
            "UNION ALL SELECT t.organizer, t.id FROM view_trips t WHERE t.organizer IN :ids "
            "AND t.id IN (SELECT id FROM kt) "
            "UNION ALL SELECT t.program, t.id FROM view_trips t WHERE t.program IN :ids "
            "AND t.id IN (SELECT id FROM kt) "
            "UNION ALL SELECT e.organizer, t.id FROM view_trips t JOIN view_entities e ON e.id = t.program "
            f"WHERE e.organizer IN :ids AND {where} AND t.id IN (SELECT id FROM kt)"
            ") x GROUP BY x.e", ids=ids)}
    return [EntityRow(id=str(r[0]), kind=kind, name=str(r[1]), mentions=mentions.get(str(r[0]), 0),
                      trips=trips.get(str(r[0]), 0)) for r in page]


# --- the Network page ------------------------------------------------------------------------------


def network_atlas(store: Store, filters: Filters, matches: Collection[str] | None = None) -> Atlas:
    """What the Network page draws of the view, asked of the view tables: the places, people,
    organisations (and programs, with their organisers) the view keeps, its trips with their stops,
    people, organiser and program, and its ties; names and ids only, no mention or sentence (what
    ``network.build_network`` reads of the filtered atlas)."""
    check_view_filters(filters, matches)
    with view_steps(store, filters, matches) as (conn, head, params):
        def ask(sql: str) -> list[Any]:
            return ask_view(conn, head, params, sql)

        place_rows = ask("SELECT p.id, p.name, p.kind, p.confidence FROM view_places p "
                         "WHERE p.id IN (SELECT id FROM kp) ORDER BY p.position")
        where = _kept_entities(filters, bool(params["empty"]))
        entity_rows = ask(f"SELECT e.id, e.kind, e.name, e.organizer FROM view_entities e WHERE {where} "
                          "ORDER BY e.position")
        trip_rows = ask("SELECT t.id, t.origin_ids, t.destination_ids, t.organizer, t.program, t.status, "
                        "t.kind, t.date_text FROM view_trips t WHERE t.id IN (SELECT id FROM kt) "
                        "ORDER BY t.position")
        people: dict[str, list[str]] = {str(r[0]): [] for r in trip_rows}
        for trip_id, person_id in ask("SELECT tp.trip_id, tp.person_id FROM view_trip_people tp "
                                      "WHERE tp.trip_id IN (SELECT id FROM kt) "
                                      "ORDER BY tp.trip_id, tp.person_id"):
            people[str(trip_id)].append(str(person_id))
        tie_rows = ask("SELECT x.id, x.place_a, x.place_b, x.kind, x.status FROM view_ties x "
                       "WHERE x.id IN (SELECT id FROM kties) ORDER BY x.position")
    places = tuple(AtlasPlace(id=r[0], name=r[1], kind=r[2], country=None, admin1=None, lat=None, lon=None,
                              geonameid=None, confidence=r[3], mentions=()) for r in place_rows)
    trips = tuple(AtlasTrip(id=r[0], origins=stop_ids(r[1]), destinations=stop_ids(r[2]), start=None,
                            end=None, date_text=r[7], organizer=r[3], program=r[4],
                            participants=tuple(people[str(r[0])]), participant_text="", documents=(),
                            evidence=(), manual=False, status=r[5], kind=r[6]) for r in trip_rows)
    ties = tuple(AtlasTie(id=r[0], places=(r[1], r[2]), kind=r[3], status=r[4], since=None, until=None,
                          documents=(), evidence=()) for r in tie_rows)
    return Atlas(places=places, trips=trips, ties=ties,
                 people=tuple(AtlasPerson(id=i, name=n, roles=(), mentions=())
                              for i, k, n, _ in entity_rows if k == "person"),
                 organizations=tuple(AtlasOrganization(id=i, name=n, mentions=())
                                     for i, k, n, _ in entity_rows if k == "organization"),
                 programs=tuple(AtlasProgram(id=i, name=n, organizer=o, mentions=())
                                for i, k, n, o in entity_rows if k == "program"))


# --- the Import page -------------------------------------------------------------------------------


class StoreHoldings:
    """What an import asks of what the atlas holds (``geo.views.imports.Holdings``), asked of the view
    tables item by item: the whole atlas, not a view (an import is compared with everything held)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _rows(self, sql: str, **params: Any) -> list[Any]:
        query = text(sql)
        for name, value in params.items():
            if isinstance(value, list):
                query = query.bindparams(bindparam(name, expanding=True))
                params[name] = value or [""]
        with self.store.engine.connect() as conn:
            return list(conn.execute(query, params))

    def trip(self, trip_id: str) -> AtlasTrip | None:
        """The trip ``trip_id``, whole (``view_items``)."""
        from geo.views.viewtables import load_item

        rows = self._rows("SELECT i.blob FROM view_items i JOIN view_trips t ON t.id = i.id WHERE i.id = :id",
                          id=trip_id)
        found = load_item(rows[0][0]) if rows else None
        return found if isinstance(found, AtlasTrip) else None

    def _places(self, where: str, **params: Any) -> list[AtlasPlace]:
        return [AtlasPlace(id=r[0], name=r[1], kind=r[2], country=r[3], admin1=r[4], lat=r[5], lon=r[6],
                           geonameid=r[7], confidence=r[8], mentions=())
                for r in self._rows("SELECT id, name, kind, country, admin1, lat, lon, geonameid, confidence "
                                    f"FROM view_places WHERE {where} ORDER BY position", **params)]

    def places(self, ids: Sequence[str]) -> dict[str, AtlasPlace]:
        """The places of ``ids``, by id."""
        return {p.id: p for p in self._places("id IN :ids", ids=list(ids))}

    def names(self, ids: Sequence[str]) -> dict[str, str]:
        """The names of the entities of ``ids``, by id."""
        return {str(i): str(n) for i, n in self._rows("SELECT id, name FROM view_entities WHERE id IN :ids",
                                                      ids=list(ids))}

    def places_named(self, name: str) -> list[AtlasPlace]:
        """The places called ``name`` (by ``corrections.text_key``, kept in ``view_places.name_key``)."""
        from geo.store.corrections import text_key

        return self._places("name_key = :key", key=text_key(name))

    def tie_between(self, a: str, b: str) -> AtlasTie | None:
        """The tie between the places ``a`` and ``b``."""
        rows = self._rows("SELECT id, place_a, place_b, kind, status, since, \"until\" FROM view_ties "
                          "WHERE (place_a = :a AND place_b = :b) OR (place_a = :b AND place_b = :a) "
                          "ORDER BY position", a=a, b=b)
        return (AtlasTie(id=rows[0][0], places=(rows[0][1], rows[0][2]), kind=rows[0][3], status=rows[0][4],
                         since=rows[0][5], until=rows[0][6], documents=(), evidence=()) if rows else None)


# --- the Curate page -------------------------------------------------------------------------------


def review_queue(store: Store, limit: int | None = None) -> list[ReviewItem]:
    """Curate's Review queue (``corrections.review_queue``) asked of the view tables: every place (each
    one's name, point, confidence, candidates and reason, from ``view_items`` without its mentions) and
    only the trips missing an origin, a date or a destination (``view_trips``), ranked by the same code."""
    from geo.views.viewtables import load_item

    with store.engine.connect() as conn:
        blobs = conn.execute(text("SELECT i.blob FROM view_items i JOIN view_places p ON p.id = i.id "
                                  "ORDER BY p.position")).scalars().all()
        rows = conn.execute(text(
            "SELECT t.id, t.origin_ids, t.destination_ids, t.start, t.date_text FROM view_trips t "
            "WHERE t.manual = 0 AND (t.origin_ids = '' OR t.destination_ids = '' OR t.start IS NULL "
            "OR t.start = '') ORDER BY t.position")).all()
    places = tuple(p for p in (load_item(b) for b in blobs) if isinstance(p, AtlasPlace))
    trips = tuple(AtlasTrip(id=r[0], origins=stop_ids(r[1]), destinations=stop_ids(r[2]), start=r[3],
                            end=None, date_text=r[4], organizer=None, program=None, participants=(),
                            participant_text="", documents=(), evidence=()) for r in rows)
    return ranked(Atlas(places=places, trips=trips), limit=limit)


def document_choices(store: Store, contains: str = "", *, limit: int = 200
                     ) -> tuple[list[AtlasDocument], int]:
    """The documents whose title, outlet or id contains ``contains`` (any case; all when empty), the
    first ``limit`` in the atlas's order, and how many there are in all: what Curate's Documents tab
    offers to delete, a page at a time."""
    if limit < 1:
        raise ValueError(f"a page needs limit >= 1, got: {limit!r}")
    where = "1 = 1"
    params: dict[str, Any] = {"limit": limit}
    if contains.strip():
        where = ("(lower(coalesce(title, '')) LIKE :like OR lower(coalesce(outlet, '')) LIKE :like "
                 "OR lower(id) LIKE :like)")
        escaped = contains.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params["like"] = f"%{escaped}%"
        where = where.replace("LIKE :like", "LIKE :like ESCAPE '\\'")
    with store.engine.connect() as conn:
        total = int(conn.execute(text(f"SELECT count(*) FROM view_documents WHERE {where}"),
                                 params).scalar_one())
        ids = conn.execute(text(f"SELECT id FROM view_documents WHERE {where} ORDER BY position "
                                "LIMIT :limit"), params).scalars().all()
    return list(documents(store, [str(i) for i in ids]).values()), total


def curate_ties(store: Store) -> Atlas:
    """What Curate's Ties tab lists, asked of the view tables: every tie whole (with its evidence, from
    ``view_items``) and every place by name and point, without its mentions (what a tie's label and the
    form to add one name), in the atlas's order."""
    from geo.views.viewtables import load_item

    with store.engine.connect() as conn:
        blobs = conn.execute(text("SELECT i.blob FROM view_items i JOIN view_ties x ON x.id = i.id "
                                  "ORDER BY x.position")).scalars().all()
    places = StoreHoldings(store)._places("1 = 1")
    return Atlas(places=tuple(places), ties=tuple(t for t in (load_item(b) for b in blobs)
                                                  if isinstance(t, AtlasTie)))


@dataclass(frozen=True, slots=True)
class TripChoices:
    """What Curate's Trips tab offers: the trips found by what is typed ((id, label) each, the label as
    ``curation.trip_choice_label`` writes it), how many there are in all, and the names its form picks
    from (places, people, organisations, programs, by id, in the atlas's order) and the documents."""

    trips: list[tuple[str, str]]
    total: int
    places: dict[str, str]
    people: dict[str, str]
    organizations: dict[str, str]
    programs: dict[str, str]
    documents: list[str]


def _like(contains: str) -> str:
    escaped = contains.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def trip_choices(store: Store, contains: str = "", *, limit: int = 200,
                 keep: Sequence[str] = ()) -> TripChoices:
    """The trips whose route or id contains ``contains`` (any case), the first ``limit`` in the atlas's
    order, and those of ``keep`` (a trip asked for by id) after them; with the form's names."""
    if limit < 1:
        raise ValueError(f"a page needs limit >= 1, got: {limit!r}")
    where = "1 = 1"
    params: dict[str, Any] = {"limit": limit}
    if contains.strip():
        where = "(lower(t.route_label) LIKE :like ESCAPE '\\' OR lower(t.id) LIKE :like ESCAPE '\\')"
        params["like"] = _like(contains)
    with store.engine.connect() as conn:
        total = int(conn.execute(text(f"SELECT count(*) FROM view_trips t WHERE {where}"),
                                 params).scalar_one())
        rows = [(str(i), str(label)) for i, label in conn.execute(text(
            f"SELECT t.id, t.route_label FROM view_trips t WHERE {where} ORDER BY t.position "
            "LIMIT :limit"), params)]
        shown = {i for i, _ in rows}
        extra = [i for i in dict.fromkeys(keep) if i not in shown]
        if extra:
            query = text("SELECT t.id, t.route_label FROM view_trips t WHERE t.id IN :ids ORDER BY t.position"
                         ).bindparams(bindparam("ids", expanding=True))
            rows += [(str(i), str(label)) for i, label in conn.execute(query, {"ids": extra})]
        places = {str(i): str(n) for i, n in conn.execute(text("SELECT id, name FROM view_places "
                                                                "ORDER BY position"))}
        names: dict[str, dict[str, str]] = {k: {} for k in ENTITY_KINDS}
        for kind, i, n in conn.execute(text("SELECT kind, id, name FROM view_entities ORDER BY position")):
            names[str(kind)][str(i)] = str(n)
        documents = [str(i) for i in conn.execute(text("SELECT id FROM view_documents ORDER BY position"))
                     .scalars()]
    return TripChoices(trips=[(i, f"{label} · {i}") for i, label in rows], total=total, places=places,
                       people=names["person"], organizations=names["organization"],
                       programs=names["program"], documents=documents)


def place_labels(store: Store) -> dict[str, str]:
    """Every place's label as Curate lists it (``curation.place_label``), by id, in the atlas's order."""
    from geo.views.curation import place_label

    return {p.id: place_label(p) for p in StoreHoldings(store)._places("1 = 1")}


def place_whole(store: Store, place_id: str) -> AtlasPlace | None:
    """The place ``place_id`` as the atlas holds it: ``view_items``'s, with its mentions and their
    sentences read back from ``view_mentions`` and ``view_sentences`` in its own order."""
    from dataclasses import replace

    from geo.models import MentionRef
    from geo.views.viewtables import load_item

    with store.engine.connect() as conn:
        blob = conn.execute(text("SELECT i.blob FROM view_items i JOIN view_places p ON p.id = i.id "
                                 "WHERE i.id = :id"), {"id": place_id}).scalar()
        if blob is None:
            return None
        rows = conn.execute(text(
            "SELECT m.document_id, m.text, m.start, m.\"end\", s.sentence FROM view_mentions m "
            "JOIN view_sentences s ON s.key = m.sentence_key WHERE m.item_id = :id ORDER BY m.position"),
            {"id": place_id}).all()
    place = load_item(blob)
    if not isinstance(place, AtlasPlace):
        return None
    return replace(place, mentions=tuple(MentionRef(document=r[0], text=r[1], start=int(r[2]), end=int(r[3]),
                                                    sentence=r[4]) for r in rows))


def entity_labels(store: Store, kind: str) -> dict[str, str]:
    """Every entity of ``kind`` (a place, person, organisation or program) labelled as Curate's Merge and
    split tab lists it (``curation.entity_label``: name, mentions, id), by id, in the atlas's order."""
    if kind == "place":
        sql, params = "SELECT id, name, mentions FROM view_places ORDER BY position", {}
    elif kind in ENTITY_KINDS:
        sql = "SELECT id, name, mentions FROM view_entities WHERE kind = :kind ORDER BY position"
        params = {"kind": kind}
    else:
        raise ValueError(f"Merge and split lists places or one of {', '.join(ENTITY_KINDS)}, got: {kind!r}")
    with store.engine.connect() as conn:
        return {str(i): f"{n} · {int(m)} mention(s) · {i}" for i, n, m in conn.execute(text(sql), params)}


def entity_whole(store: Store, entity_id: str
                 ) -> AtlasPlace | AtlasPerson | AtlasOrganization | AtlasProgram | None:
    """The place, person, organisation or program ``entity_id`` as the atlas holds it, with its mentions."""
    from geo.views.viewtables import load_item

    place = place_whole(store, entity_id)
    if place is not None:
        return place
    with store.engine.connect() as conn:
        blob = conn.execute(text("SELECT i.blob FROM view_items i JOIN view_entities e ON e.id = i.id "
                                 "WHERE i.id = :id"), {"id": entity_id}).scalar()
    found = load_item(blob) if blob is not None else None
    return found if isinstance(found, (AtlasPerson, AtlasOrganization, AtlasProgram)) else None
