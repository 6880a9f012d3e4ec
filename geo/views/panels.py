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
    MentionRef,
)
from geo.store.database import Store
from geo.views.filters import Filters
from geo.views.maps import FLOW_SEPARATOR
from geo.views.viewsql import ask_view, check_view_filters, stop_ids, view_steps
from geo.views.viewtables import load_item

KINDS = ("place", "trip", "flow", "tie", "entity")
PLACE_PREFIXES = ("gn:", "pl:")  # place ids (geo.views.atlas); the rest are people, organisations, programs
FEW_DOCUMENTS = 2000  # a view keeping no more documents (or a place no more mentions) is read through them
MENTIONS_LISTED = 20  # the mentions a place's panel lists (geo.ui.mentions_list), whose sources it names


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
        # whatever shares a sentence with the place (found when the view tables were built)
        others = _ids(conn, "SELECT other_id FROM view_neighbours WHERE item_id = :item ORDER BY other_id",
                      item=item)
    elif kind == "trip":
        trips = [item]
    elif kind == "flow":
        origin, _, destination = item.partition(FLOW_SEPARATOR)
        trips = _ids(conn, "SELECT t.id FROM view_trips t WHERE t.id IN (SELECT trip_id FROM view_legs "
                           "WHERE from_place = :a AND to_place = :b) ORDER BY t.position",
                     a=origin, b=destination)
    elif kind == "entity":  # a person, organisation or program
        # its trips: on them, organising them, under it, or under a program it organises
        trips = _ids(conn, "SELECT t.id FROM view_trips t WHERE t.id IN (SELECT trip_id "
                           "FROM view_trip_people WHERE person_id = :item) "
                           "OR t.organizer = :item OR t.program = :item "
                           "OR t.program IN (SELECT g.id FROM view_entities g WHERE g.kind = 'program' "
                           "AND g.organizer = :item) ORDER BY t.position", item=item)
        # its organiser, the programs it organises, and whatever shares a sentence with it
        others = _ids(conn, "SELECT organizer FROM view_entities WHERE id = :item AND organizer IS NOT NULL "
                            "UNION SELECT id FROM view_entities WHERE kind = 'program' AND organizer = :item "
                            "UNION SELECT m2.item_id FROM view_mentions m1 JOIN view_mentions m2 "
                            "ON m2.document_id = m1.document_id AND m2.sentence_key = m1.sentence_key "
                            "WHERE m1.item_id = :item AND m2.item_id <> :item", item=item)
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
    return trips, ties, list(dict.fromkeys([item, *others] if kind in ("place", "entity") else others))


def _load(conn: Any, ids: Iterable[str]) -> dict[str, Any]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    query = text("SELECT id, blob FROM view_items WHERE id IN :ids")
    query = query.bindparams(bindparam("ids", expanding=True))
    return {str(i): load_item(blob) for i, blob in conn.execute(query, {"ids": wanted})}


def _trips(conn: Any, ids: list[str]) -> dict[str, AtlasTrip]:
    """The trips ``ids`` as the view tables keep them: route, dates, people, organiser and program, without
    their evidence and sources (what a panel that lists them reads)."""
    if not ids:
        return {}

    def rows(sql: str) -> list[Any]:
        query = text(sql).bindparams(bindparam("ids", expanding=True))
        return list(conn.execute(query, {"ids": ids}))

    people: dict[str, list[str]] = {i: [] for i in ids}
    for trip_id, person_id in rows("SELECT trip_id, person_id FROM view_trip_people WHERE trip_id IN :ids "
                                   "ORDER BY trip_id, person_id"):
        people[trip_id].append(person_id)
    return {r[0]: AtlasTrip(id=r[0], origins=stop_ids(r[9]), destinations=stop_ids(r[10]),
                            start=r[1], end=r[2], date_text=r[3], organizer=r[4], program=r[5],
                            participants=tuple(people[r[0]]), participant_text="", documents=(),
                            evidence=(), manual=bool(r[8]), status=r[6], kind=r[7])
            for r in rows("SELECT id, start, \"end\", date_text, organizer, program, status, kind, manual, "
                          "origin_ids, destination_ids FROM view_trips WHERE id IN :ids")}


def panel_atlas(store: Store, filters: Filters, selection: tuple[str, str],
                matches: Collection[str] | None = None) -> Atlas:
    """What the panel of ``selection`` (kind, id) reads of the view ``filters`` keep (``matches``: the
    documents a search found), loaded by id; the same as that part of ``filters.apply``'s atlas."""
    check_view_filters(filters, matches)
    kind, item = selection
    with view_steps(store, filters, matches) as (conn, head, params):
        empty = bool(params["empty"])

        def ask(conn: Any, sql: str, **more: Any) -> list[Any]:
            return ask_view(conn, head, params, sql, **more)

        trip_ids, tie_ids, other_ids = _neighbourhood(conn, kind, item)
        own = item if kind in ("place", "entity") else None  # the one item whose mentions the panel lists
        # a trip is loaded whole (its evidence) only for its own panel; the others list trips by route
        loaded = _load(conn, [*tie_ids, *([own] if own else []), *(trip_ids if kind == "trip" else [])])
        kept_trips = {r[0] for r in ask(conn, "SELECT id FROM kt WHERE id IN :ids", ids=trip_ids)}
        if kind != "trip":
            loaded |= _trips(conn, [i for i in trip_ids if i in kept_trips])
        kept_ties = {r[0] for r in ask(conn, "SELECT id FROM kties WHERE id IN :ids", ids=tie_ids)}
        kept_places = {r[0] for r in ask(conn, "SELECT id FROM kp WHERE id IN :ids", ids=other_ids)}
        in_items = {r[0] for r in ask(conn, "SELECT id FROM items WHERE id IN :ids", ids=other_ids)}
        # the entities (and the selected item) with a mention in a kept source; the other places are
        # only named, by the trips' labels, so what they share with a place is not asked (an entity's
        # panel lists the places of its sentences: those are)
        entity_ids = [i for i in other_ids if not i.startswith(PLACE_PREFIXES) and i != own]
        sharing = entity_ids if kind == "place" else [i for i in other_ids if i != own]
        # a view of few documents: through them (SQLite takes the left of a CROSS JOIN as its outer loop);
        # of many: each item's mentions by the index (item, document) until one stands in a kept
        # document (most stop at their first)
        join = "CROSS JOIN" if conn.dialect.name == "sqlite" else "JOIN"
        few = int(ask(conn, "SELECT count(*) FROM d")[0][0]) <= FEW_DOCUMENTS
        asked = ("(SELECT id FROM view_places WHERE id IN :ids UNION ALL "
                 "SELECT id FROM view_entities WHERE id IN :ids) e")
        if few:
            question = (f"SELECT DISTINCT m.item_id FROM d {join} md m ON m.document_id = d.id "
                        "WHERE m.item_id IN :ids")
        else:
            question = f"SELECT e.id FROM {asked} WHERE EXISTS (SELECT 1 FROM md m WHERE m.item_id = e.id)"
        with_d = {str(r[0]) for r in ask(conn, question, ids=[*entity_ids, *([own] if own else [])])}
        named = {name: {r[0] for r in ask(
            conn, f"SELECT e.id FROM view_entities e WHERE e.kind = '{name}' "
                  "AND e.id IN (SELECT id FROM items) "
                  f"AND (e.id = :{name} OR e.name_key = :{name}_key)")}
            for name in ("program", "organization", "person") if getattr(filters, name) is not None}

        # the selected place's mentions as the view keeps them: those in the documents kept (all of its
        # mentions in the view when none is), of which the panel lists the first MENTIONS_LISTED
        listed: list[MentionRef] = []
        sentences: dict[str, str] = {}  # by key
        shared: dict[str, tuple[str, str]] = {}
        if own is not None and own in loaded:
            in_d = int(ask(conn, "SELECT count(*) FROM mm m WHERE m.item_id = :item "
                                 "AND m.document_id IN (SELECT id FROM d)", item=own)[0][0])
            only_d = not empty and in_d > 0
            mention = ("SELECT v.position, v.document_id, v.sentence_key, v.text, v.start, v.\"end\", "
                       "s.sentence FROM mm m JOIN view_mentions v ON v.id = m.id "
                       "JOIN view_sentences s ON s.key = v.sentence_key WHERE m.item_id = :item"
                       + (" AND m.document_id IN (SELECT id FROM d)" if only_d else ""))
            first = ask(conn, f"{mention} ORDER BY v.position LIMIT {MENTIONS_LISTED + 1}", item=own)

            def ref(row: Any) -> MentionRef:
                return MentionRef(document=row[1], text=row[3], start=int(row[4]), end=int(row[5]),
                                  sentence=row[6])

            listed = [ref(r) for r in first[:MENTIONS_LISTED]]
            # the people, organisations and programs that share a sentence with its mentions in the
            # view: one such sentence each is all a panel asks of them (``filters.related``)
            every = empty or own not in with_d
            loose = sharing if empty else []
            # with a filter, the other mention stands in a kept document, and so does the place's (the
            # same sentence): both are of ``md``, which the index by document finds
            pairs = ("FROM mm m JOIN mm p ON p.document_id = m.document_id "
                     "AND p.sentence_key = m.sentence_key WHERE p.item_id = :item AND m.item_id IN :ids "
                     "AND (:every = 1 OR "
                     "p.document_id IN (SELECT id FROM d)) AND (m.item_id IN :loose OR "
                     "m.document_id IN (SELECT id FROM d))") if empty else (
                f"FROM md p {join} md m ON m.document_id = p.document_id AND m.sentence_key = p.sentence_key "
                "WHERE p.item_id = :item AND m.item_id IN :ids")
            more = {"loose": loose, "every": int(every)} if empty else {}
            # a search's mentions are found by document (``md``'s condition on ``u``), not by item
            if empty or filters.q is not None or in_d <= FEW_DOCUMENTS:  # through the place's mentions
                found_pairs = ask(conn, "SELECT m.item_id, min(m.document_id || '|' || m.sentence_key) "
                                        f"{pairs} GROUP BY m.item_id", item=own, ids=sharing, **more)
            else:  # each item's mentions in the view until one shares a sentence with the place
                found_pairs = ask(
                    conn, "SELECT e.id, (SELECT m.document_id || '|' || m.sentence_key "
                          f"FROM md m {join} md p ON p.document_id = m.document_id "
                          "AND p.sentence_key = m.sentence_key WHERE m.item_id = e.id AND p.item_id = :item "
                          f"LIMIT 1) FROM {asked}", item=own, ids=sharing)
            for other, pair in found_pairs:
                if pair is not None:
                    doc, _, key = str(pair).rpartition("|")
                    shared[str(other)] = (doc, key)
            if len(first) > MENTIONS_LISTED:
                # the place's mention in each of those sentences, after the listed ones: the panel lists
                # only the first, and ``filters.related`` finds what shares a sentence by these
                seen = {(m.document, r[2]) for m, r in zip(listed, first, strict=False)}
                missing = sorted({pair for pair in shared.values() if pair not in seen})
                extra = ask(conn, f"{mention} AND v.document_id IN :docs ORDER BY v.position",
                            item=own, docs=sorted({doc for doc, _ in missing}))
                found: dict[tuple[str, str], MentionRef] = {}
                for row in extra:
                    found.setdefault((str(row[1]), str(row[2])), ref(row))
                listed += [found[pair] for pair in missing if pair in found]
            keys = sorted({key for _, key in shared.values()})
            sentences = {str(k): str(t) for k, t in ask(
                conn, "SELECT key, sentence FROM view_sentences WHERE key IN :keys", keys=keys)}
        def refs(at: str) -> tuple[MentionRef, ...]:
            if at not in shared:
                return ()
            doc, key = shared[at]
            return (MentionRef(document=doc, text="", start=0, end=0, sentence=sentences[key]),)

        place_rows = conn.execute(text(
            "SELECT id, name, kind, country, admin1, lat, lon, geonameid, confidence FROM view_places "
            "WHERE id IN :ids ORDER BY position").bindparams(bindparam("ids", expanding=True)),
            {"ids": other_ids or [""]}).all()
        entity_rows = conn.execute(text(
            "SELECT id, kind, name, organizer FROM view_entities WHERE id IN :ids ORDER BY position")
            .bindparams(bindparam("ids", expanding=True)), {"ids": other_ids or [""]}).all()
        places: list[AtlasPlace] = []
        for r in place_rows:
            if r[0] not in kept_places:
                continue
            if own is not None and r[0] == own:
                places.append(replace(loaded[own], mentions=tuple(listed)))
            else:
                places.append(AtlasPlace(id=r[0], name=r[1], kind=r[2], country=r[3], admin1=r[4], lat=r[5],
                                         lon=r[6], geonameid=r[7], confidence=r[8], mentions=refs(r[0])))
        people: list[AtlasPerson] = []
        organizations: list[AtlasOrganization] = []
        programs: list[AtlasProgram] = []
        for entity_id, entity_kind, name, organizer in entity_rows:
            if filters.entity_type in ("trip", "place") or (entity_kind in named
                                                            and entity_id not in named[entity_kind]):
                continue
            if not (entity_id in in_items if empty else entity_id in with_d):
                continue
            # the entity whose panel this is, whole (roles, organiser), with the mentions it lists
            whole = loaded.get(entity_id) if entity_id == own else None
            mentions = tuple(listed) if whole is not None else refs(entity_id)
            if entity_kind == "person":
                people.append(replace(whole, mentions=mentions) if isinstance(whole, AtlasPerson)
                              else AtlasPerson(id=entity_id, name=name, roles=(), mentions=mentions))
            elif entity_kind == "organization":
                organizations.append(replace(whole, mentions=mentions) if isinstance(whole, AtlasOrganization)
                                     else AtlasOrganization(id=entity_id, name=name, mentions=mentions))
            else:
                programs.append(replace(whole, mentions=mentions) if isinstance(whole, AtlasProgram)
                                else AtlasProgram(id=entity_id, name=name, organizer=organizer,
                                                  mentions=mentions))
        trips = [loaded[i] for i in trip_ids if i in kept_trips and isinstance(loaded.get(i), AtlasTrip)]
        ties = [loaded[i] for i in tie_ids if i in kept_ties and isinstance(loaded.get(i), AtlasTie)]
        items: list[AtlasPlace | AtlasPerson | AtlasOrganization | AtlasProgram] = [
            *places, *people, *organizations, *programs]
        wanted = {m.document for p in items if p.id == own for m in p.mentions[:MENTIONS_LISTED]}
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
