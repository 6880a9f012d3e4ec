"""What the views read, kept in the store as indexed tables: built from the atlas once per store version.

The atlas (``build_atlas``: every extraction, the corrections applied last) is what users see; building
it reads every extraction, so a dashboard that built it on each start paid for the whole corpus before
its first paint. These tables keep the built atlas in the database, written once per change of
``Store.version()`` (at the end of an ingest, by the first reader after a correction), never per page view:

* ``view_state``: the store version the tables were built for, and the atlas itself (a compressed
  snapshot that a fresh server loads instead of rebuilding it; read back by an unpickler that admits
  only the atlas's own dataclasses);
* ``view_documents``, ``view_places`` (with their mention counts and role on trips), ``view_trips``
  (with their day span and their labels as the Delegations table shows them), ``view_trip_places``
  (origins and destinations in visit order), ``view_legs`` (one row per leg of a trip: the flows),
  ``view_trip_people``, ``view_trip_documents``, ``view_entities`` (people, organisations, programs,
  with a normalised name for the filters), ``view_ties``;
  each with the indexes the filters and aggregates of ``geo.views.viewsql`` use.

Corrections stay where they are (the ``corrections`` table, applied by ``build_atlas``): a correction
changes the store's version, so the next reader rebuilds these tables from the corrected atlas.
Dated events are the ``mentions`` rows of kind ``date`` (indexed by document), written at ingest.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import io
import logging
import pickle
import weakref
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    and_,
    bindparam,
    delete,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from geo import models
from geo.models import Atlas, Extraction
from geo.store.corrections import text_key
from geo.store.database import Store
from geo.views.filters import Filters, _norm, _span
from geo.views.viewsql import COUNTRY_STEPS, STOP_SEPARATOR, map_sql

log = logging.getLogger(__name__)

metadata = MetaData()

view_state = Table(
    "view_state", metadata,
    Column("id", Integer, primary_key=True),
    Column("version", String(80), nullable=False),
    Column("atlas", LargeBinary, nullable=False),
)
view_documents = Table(
    "view_documents", metadata,
    Column("id", String(255), primary_key=True),
    Column("title", Text), Column("outlet", Text), Column("author", Text),
    Column("published", String(10)), Column("url", Text), Column("language", String(32)),
    Column("path", Text, nullable=False),
    Column("pub_start", String(10)), Column("pub_end", String(10)),  # the days ``published`` names
    Column("position", Integer, nullable=False),  # the atlas's order
    Index("ix_view_documents_published", "published"),
    Index("ix_view_documents_position", "position"),
)
view_places = Table(
    "view_places", metadata,
    Column("id", String(255), primary_key=True),
    Column("name", Text, nullable=False), Column("kind", String(16), nullable=False),
    Column("name_key", Text, nullable=False),  # corrections.text_key(name): what an import matches a name by
    Column("country", String(8)), Column("admin1", Text),
    Column("lat", Float), Column("lon", Float), Column("geonameid", Integer),
    Column("confidence", Float, nullable=False),
    Column("mentions", Integer, nullable=False),
    Column("role", String(16), nullable=False),  # origin, destination, both, mentioned
    Column("position", Integer, nullable=False),  # the atlas's order
    Index("ix_view_places_country", "country"),
    Index("ix_view_places_name_key", "name_key"),
)
view_trips = Table(
    "view_trips", metadata,
    Column("id", String(255), primary_key=True),
    Column("start", String(10)), Column("end", String(10)),
    Column("span_start", String(10)),  # first day of the trip's dates, None when undated
    Column("span_end", String(10)),  # last day
    Column("year", Integer),
    Column("date_text", Text, nullable=False),
    Column("organizer", String(255)), Column("program", String(255)),
    Column("status", String(16), nullable=False), Column("kind", String(32), nullable=False),
    Column("manual", Integer, nullable=False),
    Column("position", Integer, nullable=False),  # the atlas's order, which every table keeps
    # what the Delegations table shows, so that a page of it is one query
    Column("route_label", Text, nullable=False), Column("participants_label", Text, nullable=False),
    Column("organizer_label", Text, nullable=False), Column("program_label", Text, nullable=False),
    Column("sources_label", Text, nullable=False),
    # the trip's stops (ids joined by STOP_SEPARATOR), so that the map reads a view's trips in one query
    Column("origin_ids", Text, nullable=False), Column("destination_ids", Text, nullable=False),
    Index("ix_view_trips_span", "span_start", "span_end"),
    Index("ix_view_trips_program", "program"),
    Index("ix_view_trips_organizer", "organizer"),
    Index("ix_view_trips_year", "year"),
    Index("ix_view_trips_position", "position"),
)
view_trip_places = Table(
    "view_trip_places", metadata,
    Column("trip_id", String(255), primary_key=True),
    Column("seq", Integer, primary_key=True),  # origins first, then destinations in visit order
    Column("place_id", String(255), nullable=False),
    Column("role", String(16), nullable=False),  # origin, destination
    Index("ix_view_trip_places_place", "place_id"),
)
view_legs = Table(
    "view_legs", metadata,
    Column("trip_id", String(255), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("from_place", String(255), nullable=False),
    Column("to_place", String(255), nullable=False),
    Index("ix_view_legs_pair", "from_place", "to_place"),
)
view_trip_people = Table(
    "view_trip_people", metadata,
    Column("trip_id", String(255), primary_key=True),
    Column("person_id", String(255), primary_key=True),
    Index("ix_view_trip_people_person", "person_id"),
)
view_trip_documents = Table(
    "view_trip_documents", metadata,
    Column("trip_id", String(255), primary_key=True),
    Column("document_id", String(255), primary_key=True),
    Index("ix_view_trip_documents_document", "document_id"),
)
view_entities = Table(
    "view_entities", metadata,
    Column("id", String(255), primary_key=True),
    Column("kind", String(16), nullable=False),  # person, organization, program
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),  # the filters' normalised name, what a filter by name matches
    Column("organizer", String(255)),  # a program's organisation id
    Column("mentions", Integer, nullable=False),
    Column("position", Integer, nullable=False),  # the atlas's order, in each kind
    Index("ix_view_entities_kind_key", "kind", "name_key"),
    Index("ix_view_entities_organizer", "organizer"),
)
view_dates = Table(
    "view_dates", metadata,  # the dates the articles name, resolved: the Timeline's other events
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(255), nullable=False),
    Column("text", Text, nullable=False), Column("sentence", Text, nullable=False),
    Column("start", String(10), nullable=False), Column("end", String(10), nullable=False),
    Column("precision", String(16), nullable=False),
    Index("ix_view_dates_document", "document_id"),
    Index("ix_view_dates_start", "start"),
)
view_ties = Table(
    "view_ties", metadata,
    Column("id", String(255), primary_key=True),
    Column("place_a", String(255), nullable=False), Column("place_b", String(255), nullable=False),
    Column("kind", String(32), nullable=False), Column("status", String(16), nullable=False),
    Column("since", String(10)), Column("until", String(10)),
    Column("span_start", String(10), nullable=False), Column("span_end", String(10), nullable=False),
    Column("label", Text, nullable=False),  # as the sidebar's Tie filter names it
    Column("position", Integer, nullable=False),  # the atlas's order
    Index("ix_view_ties_places", "place_a", "place_b"),
)
view_tie_trips = Table(
    "view_tie_trips", metadata,
    Column("tie_id", String(255), primary_key=True), Column("trip_id", String(255), primary_key=True),
    Index("ix_view_tie_trips_trip", "trip_id"),
)
view_tie_documents = Table(
    "view_tie_documents", metadata,
    Column("tie_id", String(255), primary_key=True), Column("document_id", String(255), primary_key=True),
    Index("ix_view_tie_documents_document", "document_id"),
)
view_items = Table(
    "view_items", metadata,  # each place, person, organisation, program, trip and tie, whole: what a panel
    Column("id", String(255), primary_key=True),  # loads by id (read back by the snapshot's unpickler)
    Column("blob", LargeBinary, nullable=False),
)
view_mentions = Table(
    "view_mentions", metadata,  # each mention of a place, person, organisation or program: what a filter
    Column("id", Integer, primary_key=True, autoincrement=True),  # keeps of them goes by its document
    Column("item_id", String(255), nullable=False),  # and sentence
    Column("document_id", String(255), nullable=False),
    Column("sentence_key", String(16), nullable=False),  # a hash of the sentence: equal sentences, equal keys
    Column("position", Integer, nullable=False),  # its place in the item's own list of mentions
    Column("text", Text, nullable=False), Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Index("ix_view_mentions_item", "item_id", "document_id"),
    Index("ix_view_mentions_item_position", "item_id", "position"),
    Index("ix_view_mentions_document", "document_id", "sentence_key"),
)
view_sentences = Table(
    "view_sentences", metadata,  # each sentence a mention stands in, once, by its key
    Column("key", String(16), primary_key=True),
    Column("sentence", Text, nullable=False),
)
view_country_steps = Table(
    "view_country_steps", metadata,  # the steps of the view of each country alone (viewsql.COUNTRY_STEPS),
    Column("country", String(8), primary_key=True),  # computed when the tables are built: the commonest
    Column("step", String(8), primary_key=True),  # filter change reads its trips, documents, ties and
    Column("id", String(255), primary_key=True),  # places rather than computing them over every mention
)

view_country_entities = Table(
    "view_country_entities", metadata,  # the people, organisations and programs of each country's view
    Column("country", String(8), primary_key=True),  # alone (the step ``ke``): those named in a document
    Column("id", String(255), primary_key=True),  # it keeps, with their mentions in those documents
    Column("mentions", Integer, nullable=False),
)

_ROWS = (view_documents, view_places, view_trips, view_trip_places, view_legs, view_trip_people,
         view_trip_documents, view_entities, view_ties, view_tie_trips, view_tie_documents, view_mentions,
         view_sentences, view_items, view_dates)
view_neighbours = Table(
    "view_neighbours", metadata,  # the items that share a sentence with a place: what its panel may list
    Column("item_id", String(255), primary_key=True),
    Column("other_id", String(255), primary_key=True),
)
_DERIVED = (view_country_steps, view_country_entities, view_neighbours)  # from the rows above, in SQL

_CHUNK = 2000  # rows per INSERT: well under SQLite's and psycopg's parameter limits
MISSING = "—"


class ViewTablesError(RuntimeError):
    """The view tables cannot be read back (a snapshot of another version of the tool)."""


FORMAT = "views-2"  # what the rows hold; written beside the version, in row _FORMAT_ROW of view_state
_FORMAT_ROW = 2

_CREATED: weakref.WeakSet[Engine] = weakref.WeakSet()  # engines whose database has the tables


def create(store: Store) -> None:
    """Create the view tables that do not exist yet (idempotent; once per engine, not once per page)."""
    if store.engine in _CREATED:
        return
    before = set(inspect(store.engine).get_table_names())
    metadata.create_all(store.engine, checkfirst=True)
    # tables of an earlier version of the tool lack columns or tables: they are rebuilt anyway (their
    # version is forgotten), so start afresh
    columns = {c["name"] for c in inspect(store.engine).get_columns("view_mentions")}
    columns |= {f"view_places.{c['name']}" for c in inspect(store.engine).get_columns("view_places")}
    if not {"position", "view_places.name_key"} <= columns or (
            "view_state" in before and not before >= set(metadata.tables)):
        metadata.drop_all(store.engine, checkfirst=True)
        metadata.create_all(store.engine, checkfirst=True)
    _CREATED.add(store.engine)


def _marks(conn: Connection) -> dict[int, str]:
    """The rows of ``view_state`` by id: the version the tables were built for (1), their format (2)."""
    return {int(i): str(v) for i, v in conn.execute(select(view_state.c.id, view_state.c.version))}


def built_version(store: Store) -> str | None:
    """The store version the view tables were built for (None when never built)."""
    create(store)
    with store.engine.connect() as conn:
        marks = _marks(conn)
    # tables an earlier version of the tool wrote in the same shape but with other rows (say, without
    # each country's entities) show no version: they are rebuilt (whole) by the next reader
    return marks.get(1) if marks.get(_FORMAT_ROW) == FORMAT else None


def is_fresh(store: Store) -> bool:
    """Whether the view tables show the store as it is now."""
    return built_version(store) == store.version()


def load_atlas(store: Store) -> Atlas | None:
    """The atlas the view tables were built from, if they are fresh; None otherwise."""
    version = store.version()
    if built_version(store) != version:
        return None
    with store.engine.connect() as conn:
        row = conn.execute(select(view_state.c.version, view_state.c.atlas)
                           .where(view_state.c.id == 1)).first()
    if row is None or row.version != version:
        return None
    return _loads(row.atlas)


@dataclasses.dataclass(frozen=True, slots=True)
class Written:
    """What ``refresh`` wrote: rows deleted and inserted per table, and whether it rewrote them all."""

    whole: bool
    deleted: dict[str, int]
    inserted: dict[str, int]


def refresh(store: Store, atlas: Atlas, version: str, extractions: Iterable[Extraction] = (),
            *, whole: bool = False) -> Written:
    """Write the view tables from ``atlas`` (and the dates of ``extractions``), built for store ``version``,
    in one transaction.

    Tables already built (by this format) are brought to the new rows by difference (``sync``): only
    the rows of what changed are deleted and inserted, so that an ingest of a few articles into a big
    store writes a few thousand rows rather than millions; the tables end the same as written whole
    (``whole=True``, or when never built). The derived tables are computed again in SQL.
    """
    create(store)
    rows = rows_of(atlas)
    rows["view_dates"] = date_rows(extractions)
    blob = zlib.compress(pickle.dumps(shared_strings(atlas), protocol=pickle.HIGHEST_PROTOCOL), 3)
    deleted: dict[str, int] = {}
    inserted: dict[str, int] = {}
    with store.engine.connect() as conn:
        conn.execution_options(geo_write=True)  # BEGIN IMMEDIATE on SQLite: writers queue
        with conn.begin():
            marks = _marks(conn)
            whole = whole or 1 not in marks or marks.get(_FORMAT_ROW) != FORMAT
            for table in (*(_ROWS if whole else ()), *_DERIVED, view_state):
                conn.execute(delete(table))
            for table in _ROWS:
                if whole:
                    _insert(conn, table, rows[table.name])
                    inserted[table.name] = len(rows[table.name])
                else:
                    deleted[table.name], inserted[table.name] = sync(conn, table, rows[table.name])
            country_steps(conn)
            neighbours(conn)
            conn.execute(insert(view_state).values(id=1, version=version, atlas=blob))
            conn.execute(insert(view_state).values(id=_FORMAT_ROW, version=FORMAT, atlas=b""))
    return Written(whole=whole, deleted=deleted, inserted=inserted)


def _natural_key(table: Table) -> tuple[str, ...]:
    """What names a row of ``table`` apart from a surrogate id: its primary key, or for the mentions an
    item and its place in the item's list; the dates go by document (``sync``)."""
    if table is view_mentions:
        return ("item_id", "position")
    if table is view_dates:
        return ("document_id",)
    return tuple(c.name for c in table.primary_key.columns)


def sync(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> tuple[int, int]:
    """Bring ``table`` to ``rows`` by difference: delete the rows whose key is gone or whose values
    changed, insert those new or changed; a table with a surrogate id keeps it for the rows that stay.
    The dates (``view_dates``) are compared document by document, each document's in order, so that a
    document's dates are rewritten together and keep their order. Returns (deleted, inserted)."""
    surrogate = table in (view_mentions, view_dates)  # their ids number rows and name nothing
    columns = [c.name for c in table.columns if not (surrogate and c.name == "id")]
    keys = _natural_key(table)

    at = [columns.index(k) for k in keys]
    old: dict[tuple[Any, ...], Any] = {}
    new: dict[tuple[Any, ...], Any] = {}
    query = select(*(table.c[c] for c in columns))
    stored = (tuple(r) for r in conn.execute(query.order_by(table.c.id) if table is view_dates else query))
    written = (tuple(row.get(c) for c in columns) for row in rows)
    if table is view_dates:
        for values in stored:
            old.setdefault(tuple(values[i] for i in at), []).append(values)
        for values in written:
            new.setdefault(tuple(values[i] for i in at), []).append(values)
    else:
        old = {tuple(values[i] for i in at): values for values in stored}
        new = {tuple(values[i] for i in at): values for values in written}
    gone = [k for k, v in old.items() if new.get(k) != v]
    fresh = {k for k, v in new.items() if old.get(k) != v}
    if gone:
        condition = and_(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
        statement = delete(table).where(condition)
        for i in range(0, len(gone), _CHUNK):
            conn.execute(statement, [{f"k_{k}": v for k, v in zip(keys, key, strict=True)}
                                     for key in gone[i:i + _CHUNK]])
    wanted = [row for row in rows if tuple(row.get(k) for k in keys) in fresh]
    _insert(conn, table, wanted)
    return (sum(len(old[k]) for k in gone) if table is view_dates else len(gone)), len(wanted)


def ensure(store: Store, lookup: Callable[[int], models.Candidate | None] | None = None) -> Atlas:
    """The atlas of the store as it is: the snapshot when fresh, else rebuilt (and written, if it can be).

    ``lookup`` is the gazetteer's, which place corrections need; it is called only when one does.
    """
    try:
        cached = load_atlas(store)
    except ViewTablesError as exc:
        log.warning("%s", exc)
        cached = None
    return cached if cached is not None else rebuild(store, lookup)


def rebuild(store: Store, lookup: Callable[[int], models.Candidate | None] | None = None, *,
            whole: bool = False) -> Atlas:
    """Build the atlas from the store (extractions, then corrections) and write the view tables.

    The version is read before building, so a write during the build leaves the tables stale (and the
    next reader rebuilds) rather than labelled with a version they do not show. A database that cannot
    be written (read-only) still gives its atlas.
    """
    from geo.views.atlas import build_atlas

    version = store.version()
    with collector_paused():
        corrections = store.load_corrections()
        extractions = store.load_extractions()
        atlas = build_atlas(extractions, corrections, lookup if corrections else None)
        try:
            written = refresh(store, atlas, version, extractions, whole=whole)
            log.info("view tables written %s: %s rows deleted, %s inserted",
                     "whole" if written.whole else "by difference", sum(written.deleted.values()),
                     sum(written.inserted.values()))
        except SQLAlchemyError as exc:
            log.warning("the view tables were not written: %s", exc)
    return atlas


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the build makes millions of objects and keeps
    them: each of its passes scans every object alive, so that with it the build grew faster than the
    corpus (at 20,000 articles, reading the extractions took 12.1 s of CPU with it, 4.6 s without;
    building the atlas 11.3 s against 4.8 s). What the build drops is freed by reference counting."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def dated_events(store: Store) -> list[dict[str, str]] | None:
    """The resolved dates the articles name (document_id, text, sentence, start, end, precision), in
    the order of the documents and their text; None when the view tables are not fresh."""
    if not is_fresh(store):
        return None
    cols = view_dates.c
    with store.engine.connect() as conn:
        # in the order of the documents (the atlas's), then of their text: the order the rows of a
        # document were written in, however many builds ago
        position = select(view_documents.c.position).where(view_documents.c.id == cols.document_id)
        rows = conn.execute(select(cols.document_id, cols.text, cols.sentence, cols.start, cols.end,
                                   cols.precision).order_by(position.scalar_subquery(), cols.id))
        return [dict(row._mapping) for row in rows]


def date_rows(extractions: Iterable[Extraction]) -> list[dict[str, Any]]:
    """The rows of ``view_dates``: each resolved date expression of each extraction (pure)."""
    return [{"document_id": e.document.id, "text": m.span.text, "sentence": m.sentence.text.strip(),
             "start": m.resolved.start, "end": m.resolved.end, "precision": m.resolved.precision}
            for e in extractions for m in e.dates if m.resolved is not None]


def country_steps(conn: Connection) -> None:
    """Fill ``view_country_steps``: for each country of the places, the steps of its view alone, computed
    by the same SQL as any view's (``viewsql.map_sql``), in the database; and ``view_country_entities``,
    the entities its kept documents name (the step ``ke``)."""
    countries = conn.execute(select(view_places.c.country).where(view_places.c.country.is_not(None))
                             .distinct()).scalars().all()
    for country in countries:
        head, params = map_sql(Filters(country=country), searched=False, precomputed=False)
        picks = " UNION ALL ".join(f"SELECT :country, '{step}', id FROM {step}" for step in COUNTRY_STEPS
                                   if step != "ke")
        conn.execute(text(f"{head} INSERT INTO view_country_steps (country, step, id) {picks}"
                          if conn.dialect.name == "sqlite" else
                          f"INSERT INTO view_country_steps (country, step, id) {head} {picks}"), params)
    # the people, organisations and programs named in a document each country keeps (its ``ke``), for
    # every country at once from its documents: asked country by country, through each entity's
    # mentions, it took 150 s at 100,000 articles; from the documents, 4 s
    join = "CROSS JOIN" if conn.dialect.name == "sqlite" else "JOIN"  # SQLite: from the documents first
    conn.execute(text(
        "INSERT INTO view_country_entities (country, id, mentions) SELECT s.country, m.item_id, count(*) "
        f"FROM view_country_steps s {join} view_mentions m ON m.document_id = s.id "
        "JOIN view_entities e ON e.id = m.item_id WHERE s.step = 'd' GROUP BY s.country, m.item_id"))


def neighbours(conn: Connection) -> None:
    """Fill ``view_neighbours``: for each place, the other items named in one of its sentences."""
    conn.execute(text(
        "INSERT INTO view_neighbours (item_id, other_id) SELECT DISTINCT m1.item_id, m2.item_id "
        "FROM view_mentions m1 JOIN view_mentions m2 ON m2.document_id = m1.document_id "
        "AND m2.sentence_key = m1.sentence_key WHERE m2.item_id <> m1.item_id "
        "AND m1.item_id IN (SELECT id FROM view_places)"))


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), _CHUNK):
        conn.execute(insert(table), rows[i:i + _CHUNK])


def rows_of(atlas: Atlas) -> dict[str, list[dict[str, Any]]]:
    """The rows of each view table for ``atlas`` (pure)."""
    places = {p.id: p for p in atlas.places}
    names = {e.id: e.name for group in (atlas.people, atlas.organizations, atlas.programs) for e in group}
    titles = {d.id: d.title or d.id for d in atlas.documents}
    origins = {p for t in atlas.trips for p in t.origins}
    destinations = {p for t in atlas.trips for p in t.destinations}

    def role(pid: str) -> str:
        if pid in origins and pid in destinations:
            return "both"
        return "origin" if pid in origins else "destination" if pid in destinations else "mentioned"

    def labels(ids: Iterable[str | None]) -> str:
        return ", ".join(names.get(i, i) for i in ids if i) or MISSING

    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in _ROWS}
    def day_span(start: str | None, end: str | None = None) -> tuple[str | None, str | None]:
        span = _span(start, end)
        return (span[0].isoformat(), span[1].isoformat()) if span else (None, None)

    out["view_documents"] = [
        {"id": d.id, "title": d.title, "outlet": d.outlet, "author": d.author, "published": d.published,
         "url": d.url, "language": d.language, "path": d.path,
         **dict(zip(("pub_start", "pub_end"), day_span(d.published), strict=True)), "position": n}
        for n, d in enumerate(atlas.documents)]
    out["view_places"] = [
        {"id": p.id, "name": p.name, "kind": p.kind, "name_key": text_key(p.name), "country": p.country,
         "admin1": p.admin1, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid, "confidence": p.confidence,
         "mentions": len(p.mentions),
         "role": role(p.id), "position": n} for n, p in enumerate(atlas.places)]
    from geo.views.maps import trip_label, trip_legs

    located = {p.id: p for p in atlas.places if p.lat is not None and p.lon is not None}
    for position, trip in enumerate(atlas.trips):
        span = _span(trip.start, trip.end)
        out["view_trips"].append({
            "id": trip.id, "start": trip.start, "end": trip.end,
            "span_start": span[0].isoformat() if span else None,
            "span_end": span[1].isoformat() if span else None,
            "year": span[0].year if span else None, "date_text": trip.date_text,
            "organizer": trip.organizer, "program": trip.program, "status": trip.status, "kind": trip.kind,
            "manual": int(trip.manual), "position": position,
            "route_label": trip_label(trip, places),
            "participants_label": labels(trip.participants) if trip.participants
            else trip.participant_text or MISSING,
            "organizer_label": labels((trip.organizer,)), "program_label": labels((trip.program,)),
            "sources_label": "; ".join(titles.get(d, d) for d in trip.documents) or MISSING,
            "origin_ids": STOP_SEPARATOR.join(trip.origins),
            "destination_ids": STOP_SEPARATOR.join(trip.destinations),
        })
        stops = [(p, "origin") for p in trip.origins] + [(p, "destination") for p in trip.destinations]
        for seq, (pid, kind) in enumerate(stops):
            out["view_trip_places"].append({"trip_id": trip.id, "seq": seq, "place_id": pid, "role": kind})
        for seq, (a, b) in enumerate(dict.fromkeys(trip_legs(trip, located))):
            out["view_legs"].append({"trip_id": trip.id, "seq": seq, "from_place": a, "to_place": b})
        out["view_trip_people"] += [{"trip_id": trip.id, "person_id": p}
                                    for p in dict.fromkeys(trip.participants)]
        out["view_trip_documents"] += [{"trip_id": trip.id, "document_id": d}
                                       for d in dict.fromkeys(trip.documents)]
    entity_groups: tuple[tuple[str, tuple[Any, ...]], ...] = (
        ("person", atlas.people), ("organization", atlas.organizations), ("program", atlas.programs))
    for kind, group in entity_groups:
        out["view_entities"] += [
            {"id": e.id, "kind": kind, "name": e.name, "name_key": _norm(e.name),
             "organizer": getattr(e, "organizer", None), "mentions": len(e.mentions), "position": n}
            for n, e in enumerate(group)]
    from geo.views.filters import _tie_span
    from geo.views.tie_layer import tie_label

    out["view_ties"] = [
        {"id": t.id, "place_a": t.places[0], "place_b": t.places[1], "kind": t.kind, "status": t.status,
         "since": t.since, "until": t.until, "span_start": _tie_span(t)[0].isoformat(),
         "span_end": _tie_span(t)[1].isoformat(), "label": tie_label(t, places), "position": n}
        for n, t in enumerate(atlas.ties)]
    out["view_tie_trips"] = [{"tie_id": t.id, "trip_id": i}
                             for t in atlas.ties for i in dict.fromkeys(t.trips)]
    out["view_tie_documents"] = [{"tie_id": t.id, "document_id": d} for t in atlas.ties
                                 for d in dict.fromkeys(t.documents)]
    keys: dict[str, str] = {}

    def key(sentence: str) -> str:
        found = keys.get(sentence)
        if found is None:
            found = keys[sentence] = hashlib.blake2b(sentence.encode(), digest_size=8).hexdigest()
        return found

    # a place is kept without its mentions (thousands, for a big city): a panel reads those it lists
    # from view_mentions and view_sentences
    out["view_items"] = [
        {"id": item.id, "blob": zlib.compress(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), 1)}
        for group in (tuple(dataclasses.replace(p, mentions=()) for p in atlas.places), atlas.people,
                      atlas.organizations, atlas.programs, atlas.trips, atlas.ties)
        for item in group]
    out["view_mentions"] = [
        {"item_id": item.id, "document_id": m.document, "sentence_key": key(m.sentence), "position": n,
         "text": m.text, "start": m.start, "end": m.end}
        for group in (atlas.places, atlas.people, atlas.organizations, atlas.programs)
        for item in group for n, m in enumerate(item.mentions)]
    out["view_sentences"] = [{"key": k, "sentence": sentence} for sentence, k in keys.items()]
    return out


# --- the snapshot ------------------------------------------------------------------------------------


def shared_strings(atlas: Atlas) -> Atlas:
    """``atlas`` with each sentence and document id held once, however many mentions quote it.

    Every mention read from the store carries its own copy of its sentence; the snapshot (pickle keeps
    one copy of an object named twice) and the server that loads it then hold each sentence once.
    """
    one: dict[str, str] = {}
    offsets: dict[int, int] = {}

    def share(text: str) -> str:
        return one.setdefault(text, text)

    def at(offset: int) -> int:  # offsets repeat too, and CPython shares only those under 257
        return offsets.setdefault(offset, offset)

    def refs(mentions: tuple[models.MentionRef, ...]) -> tuple[models.MentionRef, ...]:
        return tuple(models.MentionRef(document=share(m.document), text=share(m.text), start=at(m.start),
                                       end=at(m.end), sentence=share(m.sentence)) for m in mentions)

    def evidence(items: tuple[models.Evidence, ...]) -> tuple[models.Evidence, ...]:
        return tuple(models.Evidence(document=share(e.document), sentence=share(e.sentence),
                                     start=at(e.start), end=at(e.end)) for e in items)

    return dataclasses.replace(
        atlas,
        places=tuple(dataclasses.replace(p, mentions=refs(p.mentions)) for p in atlas.places),
        people=tuple(dataclasses.replace(p, mentions=refs(p.mentions)) for p in atlas.people),
        organizations=tuple(dataclasses.replace(o, mentions=refs(o.mentions)) for o in atlas.organizations),
        programs=tuple(dataclasses.replace(p, mentions=refs(p.mentions)) for p in atlas.programs),
        trips=tuple(dataclasses.replace(t, evidence=evidence(t.evidence)) for t in atlas.trips),
        ties=tuple(dataclasses.replace(t, evidence=evidence(t.evidence)) for t in atlas.ties),
    )


_ALLOWED_MODULES = {"geo.models"}
_ALLOWED_BUILTINS = {"tuple", "frozenset", "set", "dict", "list", "str", "int", "float", "bool"}


class _AtlasUnpickler(pickle.Unpickler):
    """Admits only the atlas's dataclasses and plain values: a tampered snapshot cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_MODULES and isinstance(getattr(models, name, None), type):
            return getattr(models, name)
        if module == "builtins" and name in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        raise ViewTablesError(f"the view snapshot names {module}.{name}, which an atlas never holds")


def load_item(blob: bytes) -> Any:
    """A place, entity, trip or tie of ``view_items``, read back by the unpickler that admits only the
    atlas's dataclasses."""
    try:
        return _AtlasUnpickler(io.BytesIO(zlib.decompress(blob))).load()
    except (pickle.UnpicklingError, zlib.error, AttributeError, TypeError, EOFError) as exc:
        raise ViewTablesError(f"a view item cannot be read ({exc}); rebuild the views") from exc


def _loads(blob: bytes) -> Atlas:
    try:
        atlas = _AtlasUnpickler(io.BytesIO(zlib.decompress(blob))).load()
    except (pickle.UnpicklingError, zlib.error, AttributeError, TypeError, EOFError) as exc:
        raise ViewTablesError(f"the view snapshot cannot be read ({exc}); it will be rebuilt") from exc
    if not isinstance(atlas, Atlas):
        raise ViewTablesError(f"the view snapshot holds a {type(atlas).__name__}, not an atlas")
    return atlas
