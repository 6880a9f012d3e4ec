"""The sidebar's filters as SQL over the view tables (``geo.views.viewtables``), and what is counted there.

``trip_where(filters)`` is a pure builder, as datasette's ``Filters.build_where_clauses``: it returns a
``WHERE`` clause over ``view_trips AS t`` and its named parameters, keeping exactly the trips that
``geo.views.filters.apply`` keeps. It covers the filters a trip answers by itself (program, organisation,
person, country, dates, ``type=trip``); ``covers(filters)`` says whether a view can be asked of the
database alone (a search, one tie, or an entity type other than trips still go through the atlas).

The aggregates (flows, trips per year, per country, places by mentions) and the pages of the trips'
table are counted by the database under the same clause.
"""

from __future__ import annotations

import hashlib
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from geo.models import Atlas, AtlasOrganization, AtlasPlace, AtlasProgram, AtlasTie, AtlasTrip
from geo.store.database import Store
from geo.views.filters import Filters, _norm

STOP_SEPARATOR = "\x1f"  # between the place ids of ``view_trips.origin_ids`` (geo.views.viewtables)

Clause = tuple[str, dict[str, Any]]


def covers(filters: Filters) -> bool:
    """Whether ``trip_where`` expresses every filter set in ``filters``."""
    return filters.q is None and filters.tie is None and filters.entity_type in (None, "trip")


def _entity(kind: str, name: str) -> str:
    """The ids of the entities of ``kind`` that a filter value names (by id, or by normalised name)."""
    return (f"SELECT e.id FROM view_entities e WHERE e.kind = '{kind}' "
            f"AND (e.id = :{name} OR e.name_key = :{name}_key)")


def trip_where(filters: Filters) -> Clause:
    """``(sql, params)``: the condition on ``view_trips AS t`` that keeps the trips ``filters`` keeps."""
    if not covers(filters):
        raise ValueError(f"these filters need the atlas, not the view tables: {filters!r}")
    parts: list[str] = []
    params: dict[str, Any] = {}

    def named(name: str, value: str) -> None:
        params[name] = value
        params[f"{name}_key"] = _norm(value)

    if filters.program is not None:
        named("program", filters.program)
        parts.append(f"t.program IN ({_entity('program', 'program')})")
    if filters.organization is not None:
        named("organization", filters.organization)
        orgs = _entity("organization", "organization")
        # an organisation also stands behind the trips of the programs it organises
        parts.append(f"(t.organizer IN ({orgs}) OR t.program IN (SELECT g.id FROM view_entities g "
                     f"WHERE g.kind = 'program' AND g.organizer IN ({orgs})))")
    if filters.person is not None:
        named("person", filters.person)
        parts.append("EXISTS (SELECT 1 FROM view_trip_people tp WHERE tp.trip_id = t.id "
                     f"AND tp.person_id IN ({_entity('person', 'person')}))")
    if filters.country is not None:
        params["country"] = filters.country
        parts.append("EXISTS (SELECT 1 FROM view_trip_places tq JOIN view_places pq ON pq.id = tq.place_id "
                     "WHERE tq.trip_id = t.id AND pq.country = :country)")
    if filters.start is not None or filters.end is not None:
        # a trip is kept when its days overlap the range; an undated trip is not
        params["start"] = (filters.start or date.min).isoformat()
        params["end"] = (filters.end or date.max).isoformat()
        parts.append("(t.span_start IS NOT NULL AND t.span_start <= :end AND t.span_end >= :start)")
    return (" AND ".join(parts) or "1 = 1"), params


@dataclass(frozen=True, slots=True)
class TripRow:
    """A row of the Delegations table, as the view tables keep it."""

    id: str
    start: str | None
    end: str | None
    route: str
    participants: str
    organiser: str
    program: str
    sources: str


def trip_ids(store: Store, filters: Filters) -> list[str]:
    """The ids of the trips ``filters`` keeps, in the atlas's order."""
    where, params = trip_where(filters)
    with store.engine.connect() as conn:
        return list(conn.execute(text(f"SELECT t.id FROM view_trips t WHERE {where} ORDER BY t.position"),
                                 params).scalars())


def trip_page(store: Store, filters: Filters, *, offset: int = 0,
              limit: int = 100) -> tuple[list[TripRow], int]:
    """One page of the trips ``filters`` keeps (in the atlas's order), and how many there are in all."""
    if offset < 0 or limit < 1:
        raise ValueError(f"a page needs offset >= 0 and limit >= 1, got: offset={offset!r}, limit={limit!r}")
    where, params = trip_where(filters)
    with store.engine.connect() as conn:
        count = text(f"SELECT count(*) FROM view_trips t WHERE {where}")
        total = int(conn.execute(count, params).scalar_one())
        rows = conn.execute(text(
            "SELECT t.id, t.start, t.\"end\", t.route_label, t.participants_label, t.organizer_label, "
            f"t.program_label, t.sources_label FROM view_trips t WHERE {where} "
            "ORDER BY t.position LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset})
        return [TripRow(*row) for row in rows], total


def flows(store: Store, filters: Filters) -> list[tuple[str, str, int]]:
    """Trips per leg: (from place id, to place id, trips), most travelled first."""
    where, params = trip_where(filters)
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT l.from_place, l.to_place, count(*) AS n FROM view_legs l "
            f"JOIN view_trips t ON t.id = l.trip_id WHERE {where} "
            "GROUP BY l.from_place, l.to_place ORDER BY n DESC, l.from_place, l.to_place"), params)
        return [(a, b, int(n)) for a, b, n in rows]


def trips_per_year(store: Store, filters: Filters) -> dict[int, int]:
    """How many trips each year has (by the year a trip starts); undated trips are not counted."""
    where, params = trip_where(filters)
    with store.engine.connect() as conn:
        rows = conn.execute(text(f"SELECT t.year, count(*) FROM view_trips t WHERE {where} "
                                 "AND t.year IS NOT NULL GROUP BY t.year ORDER BY t.year"), params)
        return {int(y): int(n) for y, n in rows}


def trips_per_country(store: Store, filters: Filters) -> dict[str, int]:
    """How many trips go from or to each country (a trip counts once per country it touches)."""
    where, params = trip_where(filters)
    with store.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT p.country, count(DISTINCT t.id) AS n FROM view_trips t "
            "JOIN view_trip_places tp ON tp.trip_id = t.id JOIN view_places p ON p.id = tp.place_id "
            f"WHERE {where} AND p.country IS NOT NULL GROUP BY p.country ORDER BY n DESC, p.country"), params)
        return {str(c): int(n) for c, n in rows}


def mentions_per_place(store: Store, *, country: str | None = None, limit: int | None = None
                       ) -> list[tuple[str, str, int]]:
    """The places by how often the articles name them: (place id, name, mentions), most named first."""
    sql = "SELECT id, name, mentions FROM view_places"
    params: dict[str, Any] = {}
    if country is not None:
        sql += " WHERE country = :country"
        params["country"] = country
    sql += " ORDER BY mentions DESC, id"
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    with store.engine.connect() as conn:
        return [(str(i), str(n), int(m)) for i, n, m in conn.execute(text(sql), params)]


# --- the map's view, asked of the database ------------------------------------------------------------


def covers_map(filters: Filters) -> bool:
    """Whether ``map_view`` can answer ``filters`` (all but one tie, and entity types other than places
    and trips, which go through the atlas)."""
    return filters.tie is None and filters.entity_type in (None, "trip", "place")


@dataclass(frozen=True, slots=True)
class MapView:
    """What the Map page draws of a view, as the database counts it.

    ``atlas`` holds the view's places, trips and ties without their sentences (what the map and its
    flows are drawn from: each trip's places, dates, organiser and program), and every organisation and
    program, by name; ``mentions`` is each place's count of mentions in the view, ``documents`` how many
    articles the view keeps. The same as ``filters.apply`` gives, counted rather than loaded.
    """

    atlas: Atlas
    mentions: dict[str, int]
    documents: int


Step = tuple[str, str, bool]  # a name, its SELECT, and whether it is worth a temporary table


COUNTRY_STEPS = ("kt", "d", "kties", "kp", "ke")  # what the build keeps of each country's view (``ke`` in
# ``view_country_entities``, the others in ``view_country_steps``)


def country_alone(filters: Filters) -> bool:
    """Whether ``filters`` set a country and nothing else: a view whose steps the view tables keep."""
    return filters.country is not None and replace(filters, country=None).is_empty()


def map_steps(filters: Filters, searched: bool, precomputed: bool = True
              ) -> tuple[list[Step], dict[str, Any]]:
    """The steps of ``filters.apply`` in SQL (pure), each a SELECT naming the steps before it.

    ``u`` the documents a search keeps (all without one); ``t0`` their trips; ``items`` the places and
    entities the search keeps (mentioned in ``u`` or on ``t0``), ``mm`` their mentions (those in ``u``,
    or all of them for an item only on a trip); ``kt`` the trips kept, ``ctx`` the sentences the named
    entities stand in, ``d`` the documents kept, ``kties`` the ties, ``kp`` the places, ``ke`` the
    people, organisations and programs with a mention in a kept document (what the People and Network
    pages keep of the entities). A country alone (``country_alone``) reads ``kt``, ``d``, ``kties``,
    ``kp`` and ``ke`` from ``view_country_steps``, where the build computed them by these same steps
    (``precomputed=False``).
    """
    where, params = trip_where(replace(filters, q=None, entity_type=None))
    empty = replace(filters, q=None).is_empty()
    focused = any((filters.program, filters.organization, filters.person))
    parts = []
    if searched:
        parts += [
            "u AS MATERIALIZED (SELECT id FROM view_documents WHERE id IN :matches)",
            "t0 AS MATERIALIZED (SELECT DISTINCT trip_id AS id FROM view_trip_documents "
            "WHERE document_id IN (SELECT id FROM u))",
            "ontrip AS MATERIALIZED (SELECT place_id AS id FROM view_trip_places "
            "WHERE trip_id IN (SELECT id FROM t0) "
            "UNION SELECT person_id FROM view_trip_people WHERE trip_id IN (SELECT id FROM t0) "
            "UNION SELECT t.program FROM view_trips t WHERE t.id IN (SELECT id FROM t0) "
            "AND t.program IS NOT NULL "
            "UNION SELECT t.organizer FROM view_trips t WHERE t.id IN (SELECT id FROM t0) "
            "AND t.organizer IS NOT NULL)",
            "inu AS MATERIALIZED (SELECT DISTINCT item_id AS id FROM view_mentions "
            "WHERE document_id IN (SELECT id FROM u))",
            "items AS MATERIALIZED (SELECT id FROM inu UNION SELECT id FROM ontrip)",
            "mm AS NOT MATERIALIZED (SELECT m.id, m.item_id, m.document_id, m.sentence_key "
            "FROM view_mentions m "
            "WHERE m.document_id IN (SELECT id FROM u) UNION ALL "
            "SELECT m.id, m.item_id, m.document_id, m.sentence_key FROM view_mentions m "
            "WHERE m.item_id IN (SELECT id FROM ontrip) AND m.item_id NOT IN (SELECT id FROM inu))",
        ]
        # an entity the search does not keep cannot be named by a filter
        where = where.replace("FROM view_entities e WHERE", "FROM view_entities e WHERE e.id IN "
                              "(SELECT id FROM items) AND").replace(
            "FROM view_entities g WHERE", "FROM view_entities g WHERE g.id IN (SELECT id FROM items) AND")
    else:
        parts += ["u AS NOT MATERIALIZED (SELECT id FROM view_documents)",
                  "t0 AS NOT MATERIALIZED (SELECT id FROM view_trips)",
                  "items AS NOT MATERIALIZED (SELECT id FROM view_places UNION SELECT id FROM view_entities)",
                  "mm AS NOT MATERIALIZED (SELECT id, item_id, document_id, sentence_key FROM view_mentions)"]
    show_trips = filters.entity_type != "place"
    parts.append("kt AS MATERIALIZED (SELECT t.id FROM view_trips t WHERE t.id IN (SELECT id FROM t0) "
                 f"AND {where}"
                 + ("" if show_trips else " AND 1 = 0") + ")")
    if focused:
        named = [f"SELECT e.id FROM view_entities e WHERE e.kind = '{kind}' "
                 "AND e.id IN (SELECT id FROM items) "
                 f"AND (e.id = :{name} OR e.name_key = :{name}_key)"
                 for kind, name in (("program", "program"), ("organization", "organization"),
                                    ("person", "person")) if getattr(filters, name) is not None]
        parts.append("ctx AS MATERIALIZED (SELECT DISTINCT document_id, sentence_key FROM mm "
                     "WHERE item_id IN ("
                     + " UNION ".join(named) + "))")
    if filters.country is not None:
        # the documents of ``u`` that name a place of the country (``d`` keeps no other; and the
        # mentions of ``mm`` in ``u`` are all those of ``u``, which the index by document finds)
        parts.append("cdocs AS MATERIALIZED (SELECT DISTINCT m.document_id FROM "
                     + ("view_mentions m" if searched else "mm m")
                     + " JOIN view_places p ON p.id = m.item_id WHERE p.country = :country"
                     + (" AND m.document_id IN (SELECT id FROM u)" if searched else "") + ")")
    doc_ok = ["v.id IN (SELECT id FROM u)"]
    if filters.start is not None or filters.end is not None:
        doc_ok.append("v.pub_start IS NOT NULL AND v.pub_start <= :end AND v.pub_end >= :start")
    if focused:
        doc_ok.append("v.id IN (SELECT document_id FROM ctx)")
    if filters.country is not None:
        doc_ok.append("v.id IN (SELECT document_id FROM cdocs)")
    parts.append(f"d AS MATERIALIZED (SELECT v.id FROM view_documents v WHERE {' AND '.join(doc_ok)} "
                 "UNION SELECT document_id FROM view_trip_documents WHERE trip_id IN (SELECT id FROM kt))")
    # the mentions of ``mm`` in the documents kept, found by document (what a panel asks of one item)
    parts.append("md AS NOT MATERIALIZED (SELECT m.id, m.item_id, m.document_id, m.sentence_key "
                 "FROM view_mentions m WHERE m.document_id IN (SELECT id FROM d)"
                 + (" AND (m.document_id IN (SELECT id FROM u) OR (m.item_id IN (SELECT id FROM ontrip) "
                    "AND m.item_id NOT IN (SELECT id FROM inu)))" if searched else "") + ")")
    # the entities with a mention in a kept document: kept at build for a country alone (all countries
    # in one statement, ``viewtables.country_steps``), asked entity by entity for any other view
    parts.append("ke AS NOT MATERIALIZED (SELECT e.id FROM view_entities e "
                 "WHERE EXISTS (SELECT 1 FROM md m WHERE m.item_id = e.id))")
    if searched:
        parts.append("kties AS MATERIALIZED (SELECT x.id, x.place_a, x.place_b FROM view_ties x WHERE 1 = 0)")
    else:
        tie_ok = ["EXISTS (SELECT 1 FROM view_tie_trips y WHERE y.tie_id = x.id "
                  "AND y.trip_id IN (SELECT id FROM kt))"]
        if not focused and filters.entity_type != "trip" and not empty:
            loose = []
            if filters.country is not None:
                loose.append("EXISTS (SELECT 1 FROM view_places p WHERE p.id IN (x.place_a, x.place_b) "
                             "AND p.country = :country)")
            if filters.start is not None or filters.end is not None:
                loose.append("(x.span_start <= :end AND x.span_end >= :start OR EXISTS (SELECT 1 FROM "
                             "view_tie_documents z WHERE z.tie_id = x.id "
                             "AND z.document_id IN (SELECT id FROM d)))")
            tie_ok.append("(" + (" AND ".join(loose) or "1 = 1") + ")")
        if empty:
            tie_ok = ["1 = 1"]
        parts.append("kties AS MATERIALIZED (SELECT x.id, x.place_a, x.place_b FROM view_ties x WHERE "
                     + " OR ".join(tie_ok) + ")")
    places = ["SELECT tp.place_id AS id FROM view_trip_places tp WHERE tp.trip_id IN (SELECT id FROM kt)"]
    if filters.entity_type != "trip":
        # a place of the search named in a kept source (in a sentence of the named entities)
        mentioned = ("SELECT q.id FROM view_places q WHERE q.id IN (SELECT id FROM items)"
                     + (" AND q.country = :country" if filters.country is not None else "")
                     + " AND EXISTS (SELECT 1 FROM mm m WHERE m.item_id = q.id "
                     "AND m.document_id IN (SELECT id FROM d)")
        if focused:
            mentioned += (" AND EXISTS (SELECT 1 FROM ctx c WHERE c.document_id = m.document_id "
                          "AND c.sentence_key = m.sentence_key)")
        places.append(mentioned + ")")
    if empty:
        places = ["SELECT p.id FROM view_places p WHERE p.id IN (SELECT id FROM items)"]
    places += ["SELECT place_a FROM kties", "SELECT place_b FROM kties"]
    parts.append("kp AS MATERIALIZED (SELECT p.id FROM view_places p WHERE p.id IN ("
                 + " UNION ".join(places) + "))")
    kept = precomputed and not searched and country_alone(filters)
    steps = []
    for part in parts:
        found = re.match(r"(\w+) AS (NOT )?MATERIALIZED \((.*)\)$", part, re.DOTALL)
        assert found is not None, part
        name = found.group(1)
        if kept and name == "cdocs":
            continue  # only ``d`` asks for it
        if kept and name in COUNTRY_STEPS:
            ids = ("SELECT id FROM view_country_entities WHERE country = :country" if name == "ke" else
                   f"SELECT id FROM view_country_steps WHERE country = :country AND step = '{name}'")
            steps.append((name, f"SELECT x.id, x.place_a, x.place_b FROM view_ties x WHERE x.id IN ({ids})"
                          if name == "kties" else ids, True))
            continue
        steps.append((name, found.group(3), found.group(2) is None))
    return steps, {**params, "empty": int(empty)}


def map_sql(filters: Filters, searched: bool, precomputed: bool = True) -> tuple[str, dict[str, Any]]:
    """The steps of ``map_steps`` as one ``WITH`` clause, for a query of its own."""
    steps, params = map_steps(filters, searched, precomputed)
    return "WITH " + ", ".join(f"{name} AS {'' if temp else 'NOT '}MATERIALIZED ({sql})"
                               for name, sql, temp in steps) + " ", params


KEPT_VIEWS = 8  # the views whose steps a store's view connection keeps computed


class _ViewConnection:
    """One connection per engine that keeps the steps of the last ``KEPT_VIEWS`` views computed, in
    temporary tables named by the view: the map of a view computes them, and each panel clicked in that
    view then reads them rather than computing them again. Used by one thread at a time (``lock``); each
    use ends its transaction, so that the connection holds no snapshot of the database between uses."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.lock = threading.Lock()
        self.conn: Connection | None = None
        self.kept: OrderedDict[str, list[str]] = OrderedDict()  # view key -> its tables

    def connection(self) -> Connection:
        if self.conn is None or self.conn.closed or self.conn.invalidated:
            self.conn = self.engine.connect()
            self.kept.clear()
        return self.conn

    def reset(self) -> None:
        if self.conn is not None:
            with suppress(SQLAlchemyError):
                self.conn.close()
        self.conn = None
        self.kept.clear()


_VIEW_CONNECTIONS: weakref.WeakKeyDictionary[Engine, _ViewConnection] = weakref.WeakKeyDictionary()
_VIEW_CONNECTIONS_LOCK = threading.Lock()


def _view_connection(engine: Engine) -> _ViewConnection:
    with _VIEW_CONNECTIONS_LOCK:
        found = _VIEW_CONNECTIONS.get(engine)
        if found is None:
            found = _VIEW_CONNECTIONS[engine] = _ViewConnection(engine)
        return found


def check_view_filters(filters: Filters, matches: Collection[str] | None) -> None:
    """Refuse filters the view tables cannot answer, and a search without the documents it found."""
    if not covers_map(filters):
        raise ValueError(f"these filters need the atlas, not the view tables: {filters!r}")
    if filters.q is not None and matches is None:
        raise ValueError(f"the search {filters.q!r} needs the documents that match it (Store.search)")


def ask_view(conn: Connection, head: str, params: dict[str, Any], sql: str, **more: Any) -> list[Any]:
    """Rows of ``sql`` after the view's ``WITH`` clause ``head`` (``view_steps``), with the view's
    parameters and those of ``more`` the statement names; a list parameter expands ("IN :ids")."""
    query = text(head + sql)
    names = ["matches"] if ":matches" in head + sql else []
    more = {name: value for name, value in more.items() if f":{name}" in sql}
    for name, value in more.items():
        if isinstance(value, list):
            names.append(name)
            more[name] = value or [""]
    for name in names:
        query = query.bindparams(bindparam(name, expanding=True))
    return list(conn.execute(query, {**params, **more}))


@contextmanager
def view_steps(store: Store, filters: Filters, matches: Collection[str] | None
               ) -> Iterator[tuple[Connection, str, dict[str, Any]]]:
    """The steps of ``map_steps`` for this view, computed once per view and version of the view tables
    and kept (``_ViewConnection``); yields the connection, the ``WITH`` clause that names them, and the
    parameters."""
    searched = filters.q is not None
    steps, params = map_steps(filters, searched)
    if searched:
        params["matches"] = sorted(matches or ()) or [""]
    keeper = _view_connection(store.engine)
    with keeper.lock:
        try:
            conn = keeper.connection()
            yield conn, _kept_steps(keeper, conn, steps, params), params
            conn.commit()
        except BaseException:
            keeper.reset()  # a failed use leaves nothing half-made behind: the next starts afresh
            raise


def _kept_steps(keeper: _ViewConnection, conn: Connection, steps: list[Step], params: dict[str, Any]) -> str:
    """The ``WITH`` clause over the kept tables of this view's steps, computing them if need be."""
    version = conn.execute(text("SELECT version FROM view_state WHERE id = 1")).scalar()
    digest = hashlib.blake2b(repr((version, steps, sorted(params.items()))).encode(), digest_size=8)
    key = digest.hexdigest()
    schema = "temp" if conn.dialect.name == "sqlite" else "pg_temp"
    ctes: list[str] = []
    made = key in keeper.kept
    tables: list[str] = []
    for name, sql, temp in steps:
        if not temp:
            ctes.append(f"{name} AS NOT MATERIALIZED ({sql})")
            continue
        table = f"{schema}.view_{name}_{key}"
        if not made:
            head = ("WITH " + ", ".join(ctes) + " ") if ctes else ""
            statement = text(f"CREATE TEMPORARY TABLE view_{name}_{key} AS {head}{sql}")
            if ":matches" in head + sql:
                statement = statement.bindparams(bindparam("matches", expanding=True))
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
            conn.execute(statement, params)
            tables.append(table)
        ctes.append(f"{name} AS NOT MATERIALIZED (SELECT * FROM {table})")
    if made:
        keeper.kept.move_to_end(key)
    else:
        keeper.kept[key] = tables
        while len(keeper.kept) > KEPT_VIEWS:
            _, old = keeper.kept.popitem(last=False)
            for table in old:
                conn.execute(text(f"DROP TABLE IF EXISTS {table}"))
    return "WITH " + ", ".join(ctes) + " "





def map_view(store: Store, filters: Filters, matches: Collection[str] | None = None) -> MapView:
    """What the Map page draws for ``filters``, asked of the view tables (``matches``: the documents a
    search found, with ``filters.q``)."""
    if not covers_map(filters):
        raise ValueError(f"these filters need the atlas, not the view tables: {filters!r}")
    searched = filters.q is not None
    if searched and matches is None:
        raise ValueError(f"the search {filters.q!r} needs the documents that match it (Store.search)")
    with view_steps(store, filters, matches) as (conn, head, params):

        def run(conn: Any, sql: str) -> Any:
            query = text(head + sql)
            if ":matches" in head + sql:
                query = query.bindparams(bindparam("matches", expanding=True))
            return conn.execute(query, params)

        place_rows = run(conn, "SELECT p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.geonameid, "
                               "p.confidence, p.mentions FROM view_places p "
                               "WHERE p.id IN (SELECT id FROM kp) ORDER BY p.id").all()
        if searched or not params["empty"]:
            counted = {str(i): (int(n_in or 0), int(n_all)) for i, n_in, n_all in run(
                conn, "SELECT m.item_id, sum(CASE WHEN :empty = 1 OR m.document_id IN (SELECT id FROM d) "
                      "THEN 1 ELSE 0 END), count(*) FROM mm m WHERE m.item_id IN (SELECT id FROM kp) "
                      "GROUP BY m.item_id")}
        else:  # the whole store: the counts of view_places
            counted = {str(r[0]): (int(r[9]), int(r[9])) for r in place_rows}
        trip_rows = run(conn, "SELECT t.id, t.start, t.\"end\", t.date_text, t.organizer, t.program, "
                              "t.status, t.kind, t.manual, t.origin_ids, t.destination_ids "
                              "FROM view_trips t WHERE t.id IN (SELECT id FROM kt) "
                              "ORDER BY t.position").all()
        tie_rows = run(conn, "SELECT x.id, x.place_a, x.place_b, x.kind, x.status, x.since, x.until "
                             "FROM view_ties x WHERE x.id IN (SELECT id FROM kties) ORDER BY x.id").all()
        documents = int(run(conn, "SELECT count(*) FROM u WHERE :empty = 1 OR id IN (SELECT id FROM d)")
                        .scalar_one())
        names = conn.execute(text("SELECT id, kind, name FROM view_entities "
                                  "WHERE kind IN ('organization', 'program') ORDER BY id")).all()
    counts = {str(r[0]): counted.get(r[0], (0, 0))[0] or counted.get(r[0], (0, 0))[1] for r in place_rows}
    places = tuple(AtlasPlace(id=r[0], name=r[1], kind=r[2], country=r[3], admin1=r[4], lat=r[5], lon=r[6],
                              geonameid=r[7], confidence=r[8], mentions=()) for r in place_rows)
    trips = tuple(AtlasTrip(id=r[0], origins=stop_ids(r[9]), destinations=stop_ids(r[10]), start=r[1],
                            end=r[2],
                            date_text=r[3], organizer=r[4], program=r[5], participants=(),
                            participant_text="", documents=(), evidence=(), manual=bool(r[8]), status=r[6],
                            kind=r[7])
                  for r in trip_rows)
    ties = tuple(AtlasTie(id=r[0], places=(r[1], r[2]), kind=r[3], status=r[4], since=r[5], until=r[6],
                          documents=(), evidence=()) for r in tie_rows)
    organizations = tuple(AtlasOrganization(id=i, name=n, mentions=())
                          for i, k, n in names if k == "organization")
    programs = tuple(AtlasProgram(id=i, name=n, organizer=None, mentions=())
                     for i, k, n in names if k == "program")
    atlas = Atlas(places=places, trips=trips, ties=ties, organizations=organizations, programs=programs)
    return MapView(atlas=atlas, mentions=counts, documents=documents)


def stop_ids(joined: str) -> tuple[str, ...]:
    """The place ids of ``view_trips.origin_ids`` or ``destination_ids``."""
    return tuple(joined.split(STOP_SEPARATOR)) if joined else ()


def tie_view(store: Store, filters: Filters, matches: Collection[str] | None = None) -> Atlas:
    """What the Ties page lists for ``filters``, asked of the view tables: the view's ties, each with its
    documents and trips (as ``filters.apply`` keeps a tie: whole), and the places they join."""
    if not covers_map(filters):
        raise ValueError(f"these filters need the atlas, not the view tables: {filters!r}")
    if filters.q is not None and matches is None:
        raise ValueError(f"the search {filters.q!r} needs the documents that match it (Store.search)")
    with view_steps(store, filters, matches) as (conn, head, params):

        def run(sql: str) -> list[Any]:
            query = text(head + sql)
            if ":matches" in head + sql:
                query = query.bindparams(bindparam("matches", expanding=True))
            return list(conn.execute(query, params))

        tie_rows = run("SELECT x.id, x.place_a, x.place_b, x.kind, x.status, x.since, x.until "
                       "FROM view_ties x WHERE x.id IN (SELECT id FROM kties) ORDER BY x.position")
        documents: dict[str, list[str]] = {str(r[0]): [] for r in tie_rows}
        trips: dict[str, list[str]] = {str(r[0]): [] for r in tie_rows}
        for tie_id, document_id in run("SELECT z.tie_id, z.document_id FROM view_tie_documents z "
                                       "WHERE z.tie_id IN (SELECT id FROM kties) ORDER BY z.document_id"):
            documents[tie_id].append(document_id)
        for tie_id, trip_id in run("SELECT y.tie_id, y.trip_id FROM view_tie_trips y "
                                   "WHERE y.tie_id IN (SELECT id FROM kties) ORDER BY y.trip_id"):
            trips[tie_id].append(trip_id)
        place_rows = run("SELECT p.id, p.name, p.kind, p.country, p.admin1, p.lat, p.lon, p.geonameid, "
                         "p.confidence FROM view_places p WHERE p.id IN (SELECT place_a FROM kties "
                         "UNION SELECT place_b FROM kties) ORDER BY p.position")
    places = tuple(AtlasPlace(id=r[0], name=r[1], kind=r[2], country=r[3], admin1=r[4], lat=r[5], lon=r[6],
                              geonameid=r[7], confidence=r[8], mentions=()) for r in place_rows)
    ties = tuple(AtlasTie(id=r[0], places=(r[1], r[2]), kind=r[3], status=r[4], since=r[5], until=r[6],
                          documents=tuple(documents[r[0]]), evidence=(), trips=tuple(trips[r[0]]))
                 for r in tie_rows)
    return Atlas(places=places, ties=ties)


@dataclass(frozen=True, slots=True)
class Choices:
    """What the sidebar offers: (id, name) of each program, organisation and person (by name), the
    places' countries, (id, label) of each tie, and the years trips start in."""

    programs: tuple[tuple[str, str], ...] = ()
    organizations: tuple[tuple[str, str], ...] = ()
    people: tuple[tuple[str, str], ...] = ()
    countries: tuple[str, ...] = ()
    ties: tuple[tuple[str, str], ...] = ()
    years: tuple[int, ...] = ()


def _by_label(pair: tuple[str, str]) -> tuple[str, str]:
    return pair[1].casefold(), pair[0]


def choices_of(atlas: Atlas) -> Choices:
    """The sidebar's choices of an atlas (pure; the view tables give the same, ``choices``), ties by label."""
    from geo.views.tie_layer import tie_label

    places = {p.id: p for p in atlas.places}

    def named(items: tuple[Any, ...]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(((e.id, e.name) for e in items), key=_by_label))

    return Choices(programs=named(atlas.programs), organizations=named(atlas.organizations),
                   people=named(atlas.people), countries=tuple(sorted({p.country for p in atlas.places
                                                                        if p.country})),
                   ties=tuple(sorted(((t.id, tie_label(t, places)) for t in atlas.ties), key=_by_label)),
                   years=tuple(sorted({int(t.start[:4]) for t in atlas.trips
                                       if t.start and t.start[:4].isdigit()})))


def choices(store: Store) -> Choices:
    """The sidebar's choices, asked of the view tables."""
    with store.engine.connect() as conn:
        entities = conn.execute(text("SELECT kind, id, name FROM view_entities")).all()
        countries = conn.execute(text("SELECT DISTINCT country FROM view_places WHERE country IS NOT NULL "
                                      "ORDER BY country")).scalars().all()
        ties = conn.execute(text("SELECT id, label FROM view_ties")).all()
        starts = conn.execute(text("SELECT DISTINCT substr(start, 1, 4) FROM view_trips "
                                   "WHERE start IS NOT NULL")).scalars().all()

    def named(kind: str) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(((str(i), str(n)) for k, i, n in entities if k == kind), key=_by_label))

    return Choices(programs=named("program"), organizations=named("organization"), people=named("person"),
                   countries=tuple(str(c) for c in countries),
                   ties=tuple(sorted(((str(i), str(label)) for i, label in ties), key=_by_label)),
                   years=tuple(sorted({int(y) for y in starts if y and str(y).isdigit()})))
