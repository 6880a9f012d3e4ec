"""What a detail panel reads, asked of the view tables: one place, trip, flow or tie by id, under the filters.

A panel shows one item of the view and what is tied to it: its mentions with their sentences and
sources, the trips through it, the people and organisations of those trips or of its sentences, its
ties. ``panel_atlas(store, filters, selection)`` loads those items whole (``view_items``), keeps of
them what ``filters.apply`` keeps (the trips, ties, places and entities of the view, each with the
mentions the view keeps, the view's sources), and returns them as a small atlas; the panels of
``geo.ui`` then read it as they would read the filtered atlas, and show the same.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import replace
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
from geo.store.database import Store
from geo.views.filters import Filters
from geo.views.maps import FLOW_SEPARATOR
from geo.views.viewsql import covers_map, map_sql
from geo.views.viewtables import load_item

KINDS = ("place", "trip", "flow", "tie")


def _ids(conn: Any, sql: str, **params: Any) -> list[str]:
    query = text(sql)
    for name, value in params.items():
        if isinstance(value, list | tuple | set | frozenset):
            query = query.bindparams(bindparam(name, expanding=True))
            params[name] = sorted(value) or [""]
    return [str(i) for i in conn.execute(query, params).scalars()]


def _neighbourhood(conn: Any, kind: str, item: str) -> tuple[list[str], list[str], list[str]]:
    """The ids of the trips, ties and other items (places, entities) the panel of ``item`` may read."""
    trips: list[str] = []
    ties: list[str] = []
    others: list[str] = []
    if kind == "place":
        trips = _ids(conn, "SELECT t.id FROM view_trips t WHERE t.id IN (SELECT trip_id "
                           "FROM view_trip_places WHERE place_id = :item) ORDER BY t.position", item=item)
        ties = _ids(conn, "SELECT id FROM view_ties WHERE place_a = :item OR place_b = :item "
                          "ORDER BY position", item=item)
        # whatever shares a sentence with the place
        others = _ids(conn, "SELECT DISTINCT m2.item_id FROM view_mentions m1 JOIN view_mentions m2 "
                            "ON m2.document_id = m1.document_id AND m2.sentence_key = m1.sentence_key "
                            "WHERE m1.item_id = :item", item=item)
    elif kind == "trip":
        trips = [item]
    elif kind == "flow":
        origin, _, destination = item.partition(FLOW_SEPARATOR)
        trips = _ids(conn, "SELECT t.id FROM view_trips t WHERE t.id IN (SELECT trip_id FROM view_legs "
                           "WHERE from_place = :a AND to_place = :b) ORDER BY t.position",
                     a=origin, b=destination)
    elif kind == "tie":
        ties = [item]
        trips = _ids(conn, "SELECT t.id FROM view_trips t WHERE t.id IN (SELECT trip_id FROM view_tie_trips "
                           "WHERE tie_id = :item) ORDER BY t.position", item=item)
        others = _ids(conn, "SELECT place_a FROM view_ties WHERE id = :item UNION "
                            "SELECT place_b FROM view_ties WHERE id = :item", item=item)
    else:
        raise ValueError(f"a panel shows one of {', '.join(KINDS)}, got: {kind!r}")
    if trips:  # the places and entities of those trips
        others += _ids(conn, "SELECT place_id FROM view_trip_places WHERE trip_id IN :trips "
                             "UNION SELECT person_id FROM view_trip_people WHERE trip_id IN :trips "
                             "UNION SELECT program FROM view_trips WHERE id IN :trips "
                             "AND program IS NOT NULL "
                             "UNION SELECT organizer FROM view_trips WHERE id IN :trips "
                             "AND organizer IS NOT NULL", trips=trips)
    return trips, ties, [item, *others] if kind == "place" else others


def _load(conn: Any, ids: Iterable[str]) -> dict[str, Any]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = text("SELECT id, blob FROM view_items WHERE id IN :ids")
    query = query.bindparams(bindparam("ids", expanding=True))
    return {str(i): load_item(blob) for i, blob in conn.execute(query, {"ids": wanted})}


def panel_atlas(store: Store, filters: Filters, selection: tuple[str, str],
                matches: Collection[str] | None = None) -> Atlas:
    """What the panel of ``selection`` (kind, id) reads of the view ``filters`` keep (``matches``: the
    documents a search found), loaded by id; the same as that part of ``filters.apply``'s atlas."""
    if not covers_map(filters):
        raise ValueError(f"these filters need the atlas, not the view tables: {filters!r}")
    searched = filters.q is not None
    if searched and matches is None:
        raise ValueError(f"the search {filters.q!r} needs the documents that match it (Store.search)")
    kind, item = selection
    head, params = map_sql(filters, searched)
    if searched:
        params["matches"] = sorted(matches or ()) or [""]
    empty = bool(params["empty"])

    def ask(conn: Any, sql: str, **more: Any) -> list[Any]:
        query = text(head + sql)
        names = ["matches"] if searched else []
        for name, value in more.items():
            if isinstance(value, list):
                names.append(name)
                more[name] = value or [""]
        for name in names:
            query = query.bindparams(bindparam(name, expanding=True))
        return list(conn.execute(query, {**params, **more}))

    with store.engine.connect() as conn:
        trip_ids, tie_ids, other_ids = _neighbourhood(conn, kind, item)
        loaded = _load(conn, [*trip_ids, *tie_ids, *other_ids])
        kept_trips = {r[0] for r in ask(conn, "SELECT id FROM kt WHERE id IN :ids", ids=trip_ids)}
        kept_ties = {r[0] for r in ask(conn, "SELECT id FROM kties WHERE id IN :ids", ids=tie_ids)}
        kept_places = {r[0] for r in ask(conn, "SELECT id FROM kp WHERE id IN :ids", ids=other_ids)}
        in_items = {r[0] for r in ask(conn, "SELECT id FROM items WHERE id IN :ids", ids=other_ids)}
        order: dict[str, int] = dict(conn.execute(text(
            "SELECT id, position FROM view_places WHERE id IN :ids UNION ALL "
            "SELECT id, position FROM view_entities WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)), {"ids": other_ids or [""]}).all())
        # each item's mentions as the view keeps them: positions in its own, and whether in a kept source
        rows = [i for i in other_ids if i in loaded]
        every = conn.execute(text("SELECT id, item_id FROM view_mentions WHERE item_id IN :ids ORDER BY id")
                             .bindparams(bindparam("ids", expanding=True)), {"ids": rows or [""]}).all()
        kept = ask(conn, "SELECT m.id, (CASE WHEN m.document_id IN (SELECT id FROM d) THEN 1 ELSE 0 END) "
                         "FROM mm m WHERE m.item_id IN :ids", ids=rows)
        named = {name: {r[0] for r in ask(
            conn, f"SELECT e.id FROM view_entities e WHERE e.kind = '{name}' "
                  "AND e.id IN (SELECT id FROM items) "
                  f"AND (e.id = :{name} OR e.name_key = :{name}_key)")}
            for name in ("program", "organization", "person") if getattr(filters, name) is not None}
        position: dict[int, tuple[str, int]] = {}
        counts: dict[str, int] = {}
        for row_id, owner in every:
            position[int(row_id)] = (str(owner), counts.get(owner, 0))
            counts[owner] = counts.get(owner, 0) + 1
        in_view: dict[str, list[tuple[int, bool]]] = {}
        for row_id, in_d in kept:
            owner, at = position[int(row_id)]
            in_view.setdefault(owner, []).append((at, bool(in_d)))

        def mentions(obj: Any, entity: bool) -> tuple[Any, ...] | None:
            """The mentions the view keeps of ``obj``; None when the view does not keep it."""
            marks = sorted(in_view.get(obj.id, []))
            own = tuple(obj.mentions[at] for at, _ in marks)  # what a search keeps
            if empty:
                return own
            in_d = tuple(obj.mentions[at] for at, ok in marks if ok)
            return in_d or (None if entity else own)

        places: list[AtlasPlace] = []
        entities: list[Any]
        people: list[AtlasPerson] = []
        organizations: list[AtlasOrganization] = []
        programs: list[AtlasProgram] = []
        groups: dict[type, tuple[list[Any], str]] = {
            AtlasPerson: (people, "person"), AtlasOrganization: (organizations, "organization"),
            AtlasProgram: (programs, "program")}
        for obj in (loaded[i] for i in sorted(set(rows), key=lambda i: order.get(i, 0))):
            if isinstance(obj, AtlasPlace):
                if obj.id in kept_places:
                    places.append(replace(obj, mentions=mentions(obj, entity=False) or ()))
            elif type(obj) in groups:
                group, name = groups[type(obj)]
                if filters.entity_type in ("trip", "place") or (name in named and obj.id not in named[name]):
                    continue
                kept_mentions = mentions(obj, entity=True)
                if (empty and obj.id in in_items) or kept_mentions:
                    group.append(replace(obj, mentions=kept_mentions or ()))
        trips = [loaded[i] for i in trip_ids if i in kept_trips and isinstance(loaded.get(i), AtlasTrip)]
        ties = [loaded[i] for i in tie_ids if i in kept_ties and isinstance(loaded.get(i), AtlasTie)]
        entities = [*places, *people, *organizations, *programs]
        wanted = {m.document for p in entities for m in p.mentions}
        wanted |= {e.document for t in (*trips, *ties) for e in t.evidence}
        documents = [AtlasDocument(id=r[0], title=r[1], outlet=r[2], published=r[3], url=r[4], path=r[5],
                                   author=r[6], language=r[7])
                     for r in ask(conn, "SELECT v.id, v.title, v.outlet, v.published, v.url, v.path, "
                                        "v.author, "
                                        "v.language FROM view_documents v WHERE v.id IN :ids AND v.id IN "
                                        "(SELECT id FROM u) AND (:empty = 1 OR v.id IN (SELECT id FROM d))",
                                  ids=sorted(wanted))]
    return Atlas(documents=tuple(documents), places=tuple(places), people=tuple(people),
                 organizations=tuple(organizations), programs=tuple(programs), trips=tuple(trips),
                 ties=tuple(ties))
