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

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text

from geo.store.database import Store
from geo.views.filters import Filters, _norm

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
