"""The database: SQLAlchemy 2 Core; a SQLite file by default, PostgreSQL (or any SQLAlchemy URL) by URL.

Tables:

* ``documents``: one row per ingested article, keyed by its id (the file name without extension);
  ``content_hash`` is unique, so the same text under another name is refused as a duplicate.
* ``extractions``: the whole extraction of a document as JSON (``geo.store.serialize``), and
  ``mentions``: one row per place, person, organisation, program and date mention, for queries.
  Both are replaced, with the document row, in one transaction by ``save_extraction``.
* ``corrections``: the analysts' work, append-only (undo is a flag), never touched by ingestion.
* ``geocode_cache``: answers of online geocoders, (service, query) -> candidates as JSON.
* ``store_meta``: the store's identity and a write counter behind ``version()``.
* ``documents_fts``: the full-text index of each document's title and text, written with it: an FTS5
  table on SQLite, a ``tsvector`` column with a GIN index on PostgreSQL (``search``, ``geo.store.search``).

SQLite runs in WAL mode with a busy timeout, and write transactions start with ``BEGIN IMMEDIATE``,
so the dashboard reads while an ingest writes and two writers queue instead of failing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from geo.models import Candidate, Extraction, Resolved
from geo.store import search as fts
from geo.store.corrections import Correction
from geo.store.serialize import (
    SerializationError,
    candidate_from_dict,
    candidate_to_dict,
    extraction_from_dict,
    extraction_to_dict,
)

SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 10
_SCHEMA_LOCK = 0x6765_6F5F_6174_6C61  # any constant: the advisory lock id of schema creation
SCHEMA_VERSION = 1  # raise it when a table changes; an older database is then refused with a clear message

_JSON = JSON().with_variant(JSONB(), "postgresql")

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("path", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text),
    Column("outlet", Text),
    Column("author", Text),
    Column("published", String(10)),
    Column("url", Text),
    Column("language", String(32)),
    Column("notes", Text),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

extractions = Table(
    "extractions",
    metadata,
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("data", _JSON, nullable=False),
    Column("extracted_at", DateTime(timezone=True), nullable=False),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(255), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),  # place, person, organization, program, date
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("name", Text),  # canonical name, or the resolved place's name
    Column("geonameid", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", String(8)),
    Column("confidence", Float),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Index("ix_mentions_document", "document_id"),
    Index("ix_mentions_kind_name", "kind", "name"),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # the order they were recorded
    Column("key", String(64), nullable=False, unique=True),  # geo.store.corrections.correction_key
    Column("at", String(40), nullable=False),  # the record's own time stamp, as written ("" if none)
    Column("created_at", DateTime(timezone=True), nullable=False),  # when this database got it
    Column("author", Text),
    Column("op", String(64), nullable=False),
    Column("payload", _JSON, nullable=False),
    Column("before", _JSON),
    Column("undone", Boolean, nullable=False, default=False),
)

geocode_cache = Table(
    "geocode_cache",
    metadata,
    Column("key", String(64), primary_key=True),  # sha256 of the query, so any length fits an index
    Column("query", Text, nullable=False),
    Column("value", _JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

store_meta = Table(
    "store_meta",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("schema_version", Integer, nullable=False),
    Column("instance", String(36), nullable=False),
    Column("counter", Integer, nullable=False),
)


class StoreError(RuntimeError):
    """The database cannot be opened or used; the message says which and why (never the password)."""


class BadDatabaseURL(StoreError, ValueError):
    """The database URL cannot be parsed or names an unknown backend."""


class DuplicateDocumentError(StoreError, ValueError):
    """The same text is already stored under another document id."""

    def __init__(self, document_id: str, existing_id: str) -> None:
        super().__init__(f"same text as document {existing_id!r} already in the database")
        self.document_id = document_id
        self.existing_id = existing_id


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A document that matches a full-text search, best first; ``snippet`` marks the matches with
    ``SNIPPET_START`` and ``SNIPPET_END`` (control characters, so escaping the text keeps them apart)."""

    document_id: str
    rank: float
    snippet: str = ""


SNIPPET_START = "\x02"
SNIPPET_END = "\x03"

# SQLite: FTS5 keeps its own copy of title and text; its rowid is derived from the document id so that
# a document's row is found without a scan. PostgreSQL: the tsvector, and the text for ts_headline.
_SQLITE_FTS = ("CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
               "document_id UNINDEXED, title, body, tokenize = 'porter unicode61')")
_PG_FTS = (
    "CREATE TABLE IF NOT EXISTS documents_fts ("
    " document_id VARCHAR(255) PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
    " body TEXT NOT NULL, tsv TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_documents_fts_tsv ON documents_fts USING GIN (tsv)",
)
_PG_TSVECTOR = (f"setweight(to_tsvector('{fts.PG_CONFIG}', coalesce(:title, '')), 'A') || "
                f"to_tsvector('{fts.PG_CONFIG}', :body)")


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document row: its id, path, hash and metadata, without the text."""

    id: str
    path: str
    content_hash: str
    title: str | None
    outlet: str | None
    author: str | None
    published: str | None
    url: str | None
    ingested_at: str


class GeocodeCache:
    """The geocoders' cache (``geo.places.geocoders.GeocodeCache``) kept in the ``geocode_cache`` table."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, service: str, query: str) -> list[Candidate] | None:
        """The candidates stored for ``query`` ([] for a known miss), or ``None`` when never asked."""
        found = self._store.cache_get(_service_query(service, query))
        if found is None:
            return None
        return [candidate_from_dict(c) for c in found]

    def put(self, service: str, query: str, candidates: Sequence[Candidate]) -> None:
        """Remember the candidates a service gave for ``query``."""
        self._store.cache_put(_service_query(service, query), [candidate_to_dict(c) for c in candidates])


def _service_query(service: str, query: str) -> str:
    return f"{service.strip().lower()}\x1f{' '.join(query.split()).casefold()}"


def safe_url(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


class Store:
    """The project's database behind one SQLAlchemy engine; safe to share between threads."""

    def __init__(self, url: str | URL, *, create: bool = True) -> None:
        try:
            self.url = make_url(url)
        except ArgumentError as exc:
            raise BadDatabaseURL(
                f"not a database URL: {url!r} (expected e.g. sqlite:///data/atlas.db)"
            ) from exc
        shown = self.url.render_as_string(hide_password=True)
        self._sqlite = self.url.get_backend_name() == "sqlite"
        if self._sqlite:
            try:
                _make_parent_folder(self.url)
            except OSError as exc:
                why = exc.strerror or exc
                raise StoreError(f"cannot create the folder of database {shown!r}: {why}") from exc
        connect_args: dict[str, Any] = {}
        if self._sqlite:
            connect_args["timeout"] = SQLITE_BUSY_TIMEOUT_MS / 1000
        elif self.url.get_backend_name() == "postgresql" and "connect_timeout" not in self.url.query:
            connect_args["connect_timeout"] = PG_CONNECT_TIMEOUT_S  # an unreachable host fails fast
        try:
            self.engine: Engine = create_engine(
                self.url, pool_pre_ping=not self._sqlite, connect_args=connect_args
            )
        except NoSuchModuleError as exc:
            raise BadDatabaseURL(
                f"unknown database backend in {shown!r} (use sqlite:///FILE or postgresql+psycopg://...)"
            ) from exc
        except (ArgumentError, ImportError, TypeError) as exc:
            raise BadDatabaseURL(f"cannot use database URL {shown!r}: {exc}") from exc
        if self._sqlite:
            _configure_sqlite(self.engine)
        if create:
            try:
                self.create_schema()
            except SQLAlchemyError as exc:
                self.engine.dispose()
                raise StoreError(f"cannot open database {shown!r}: {_short(exc)}") from exc

    # --- lifecycle ---------------------------------------------------------------------------

    def create_schema(self) -> None:
        """Create the tables that do not exist yet (idempotent); refuse a database of another schema."""
        shown = self.url.render_as_string(hide_password=True)
        with self._write() as conn:
            if self.url.get_backend_name() == "postgresql":
                # Two processes starting on a new database at once (the app and an ingest) would both
                # create the tables; the lock makes the second wait and find them.
                conn.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
            metadata.create_all(conn, checkfirst=True)
            self._create_search(conn)
            try:
                row = conn.execute(select(store_meta.c.schema_version).where(store_meta.c.id == 1)).first()
            except SQLAlchemyError as exc:
                raise StoreError(f"database {shown!r} was not made by this version of the tool "
                                 f"({_short(exc)}); use another --db, or delete it and ingest again") from exc
            if row is None:
                conn.execute(insert(store_meta).values(
                    id=1, schema_version=SCHEMA_VERSION, instance=str(uuid.uuid4()), counter=0
                ))
            elif row.schema_version != SCHEMA_VERSION:
                raise StoreError(
                    f"database {shown!r} has schema version {row.schema_version}, this tool uses "
                    f"{SCHEMA_VERSION}: export its corrections with the tool that made it, then start anew"
                )

    def _create_search(self, conn: Connection) -> None:
        """The full-text index, filled from the stored extractions where a database predates it."""
        for ddl in (_SQLITE_FTS,) if self._sqlite else _PG_FTS:
            conn.exec_driver_sql(ddl)
        indexed = conn.exec_driver_sql("SELECT count(*) FROM documents_fts").scalar_one()
        if indexed >= conn.execute(select(func.count()).select_from(documents)).scalar_one():
            return
        conn.exec_driver_sql("DELETE FROM documents_fts")
        rows = conn.execute(select(documents.c.id, documents.c.title, extractions.c.data).join(
            extractions, extractions.c.document_id == documents.c.id))
        for row in rows:
            self._index(conn, row.id, row.title, str(row.data["document"]["text"]))

    def _index(self, conn: Connection, document_id: str, title: str | None, body: str) -> None:
        if self._sqlite:
            conn.execute(text("INSERT INTO documents_fts (rowid, document_id, title, body) "
                              "VALUES (:rowid, :id, :title, :body)"),
                         {"rowid": _fts_rowid(document_id), "id": document_id, "title": title, "body": body})
        else:
            conn.execute(text(f"INSERT INTO documents_fts (document_id, body, tsv) "
                              f"VALUES (:id, :body, {_PG_TSVECTOR})"),
                         {"id": document_id, "title": title, "body": body})

    def _unindex(self, conn: Connection, document_id: str) -> None:
        if self._sqlite:
            conn.execute(text("DELETE FROM documents_fts WHERE rowid = :rowid"),
                         {"rowid": _fts_rowid(document_id)})
        else:
            conn.execute(text("DELETE FROM documents_fts WHERE document_id = :id"), {"id": document_id})

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url.render_as_string(hide_password=True)!r})"

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` on SQLite): committed on success, else rolled back."""
        with self.engine.connect() as conn:
            conn.execution_options(geo_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @staticmethod
    def _bump(conn: Connection) -> None:
        conn.execute(update(store_meta).where(store_meta.c.id == 1).values(counter=store_meta.c.counter + 1))

    # --- documents and extractions ------------------------------------------------------------

    def save_extraction(self, extraction: Extraction) -> bool:
        """Store an extraction, replacing what was extracted from that document id, in one transaction.

        Returns ``True`` when the document was new, ``False`` when it replaced an earlier one.
        Raises ``DuplicateDocumentError`` when the same text is stored under another id.
        """
        document = extraction.document
        data = extraction_to_dict(extraction)
        now = _now()
        meta = document.meta
        try:
            with self._write() as conn:
                other = conn.execute(
                    select(documents.c.id).where(
                        documents.c.content_hash == document.content_hash, documents.c.id != document.id
                    )
                ).scalar()
                if other is not None:
                    raise DuplicateDocumentError(document.id, other)
                conn.execute(delete(mentions).where(mentions.c.document_id == document.id))
                conn.execute(delete(extractions).where(extractions.c.document_id == document.id))
                self._unindex(conn, document.id)
                existed = conn.execute(delete(documents).where(documents.c.id == document.id)).rowcount > 0
                conn.execute(insert(documents).values(
                    id=document.id, path=document.path, content_hash=document.content_hash,
                    title=meta.title, outlet=meta.outlet, author=meta.author, published=meta.published,
                    url=meta.url, language=meta.language, notes=meta.notes, ingested_at=now,
                ))
                conn.execute(insert(extractions).values(document_id=document.id, data=data, extracted_at=now))
                self._index(conn, document.id, meta.title, document.text)
                rows = _mention_rows(extraction)
                if rows:
                    conn.execute(insert(mentions), rows)
                self._bump(conn)
        except IntegrityError as exc:  # a concurrent writer stored the same text first
            existing = self._id_of_hash(document.content_hash)
            if existing is not None and existing != document.id:
                raise DuplicateDocumentError(document.id, existing) from exc
            raise StoreError(f"cannot save document {document.id!r}: {_short(exc)}") from exc
        except SQLAlchemyError as exc:  # a value the database refuses, a lost connection: this document only
            raise StoreError(f"cannot save document {document.id!r}: {_short(exc)}") from exc
        return not existed

    def _id_of_hash(self, content_hash: str) -> str | None:
        with self._read() as conn:
            found = conn.execute(select(documents.c.id).where(documents.c.content_hash == content_hash))
            return found.scalar()

    def load_extractions(self, ids: Iterable[str] | None = None) -> list[Extraction]:
        """Every stored extraction (or those of ``ids``), ordered by document id."""
        query = select(extractions.c.document_id, extractions.c.data).order_by(extractions.c.document_id)
        if ids is not None:
            query = query.where(extractions.c.document_id.in_(list(ids)))
        with self._read() as conn:
            rows = conn.execute(query).all()
        result = []
        for document_id, data in rows:
            try:
                result.append(extraction_from_dict(data))
            except SerializationError as exc:
                raise StoreError(f"stored extraction of {document_id!r} is unreadable: {exc}") from exc
        return result

    def load_extraction(self, document_id: str) -> Extraction | None:
        """The stored extraction of one document, or ``None``."""
        found = self.load_extractions([document_id])
        return found[0] if found else None

    def document_ids(self) -> list[str]:
        """The ids of the stored documents, sorted."""
        with self._read() as conn:
            return list(conn.execute(select(documents.c.id).order_by(documents.c.id)).scalars())

    def document_hashes(self) -> dict[str, str]:
        """Content hash -> document id, for every stored document."""
        with self._read() as conn:
            return {h: i for i, h in conn.execute(select(documents.c.id, documents.c.content_hash))}

    def documents(self) -> list[StoredDocument]:
        """The stored documents' rows (metadata, no text), sorted by id."""
        with self._read() as conn:
            rows = conn.execute(select(
                documents.c.id, documents.c.path, documents.c.content_hash, documents.c.title,
                documents.c.outlet, documents.c.author, documents.c.published, documents.c.url,
                documents.c.ingested_at,
            ).order_by(documents.c.id)).all()
        return [
            StoredDocument(
                id=r.id, path=r.path, content_hash=r.content_hash, title=r.title, outlet=r.outlet,
                author=r.author, published=r.published, url=r.url, ingested_at=_iso(r.ingested_at),
            )
            for r in rows
        ]

    def count_documents(self) -> int:
        """How many documents are stored."""
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())

    def delete_document(self, document_id: str) -> bool:
        """Remove a document and what was extracted from it (corrections stay); ``True`` if it existed."""
        with self._write() as conn:
            conn.execute(delete(mentions).where(mentions.c.document_id == document_id))
            conn.execute(delete(extractions).where(extractions.c.document_id == document_id))
            self._unindex(conn, document_id)
            existed = conn.execute(delete(documents).where(documents.c.id == document_id)).rowcount > 0
            if existed:
                self._bump(conn)
        return existed

    def search(self, query: str, *, limit: int | None = None, snippets: bool = False) -> list[SearchHit]:
        """The documents whose title or text match ``query`` (``geo.store.search``'s language), best first.

        Raises ``geo.store.search.QuerySyntaxError`` (a ``ValueError``) for a query that cannot be read.
        """
        tree = fts.parse(query)
        params: dict[str, Any] = {}
        if self._sqlite:
            params["match"] = fts.fts5_match(tree)
            snippet = (f", snippet(documents_fts, 2, '{SNIPPET_START}', '{SNIPPET_END}', '…', 24)"
                       if snippets else ", ''")
            sql = (f"SELECT document_id, -bm25(documents_fts, 4.0, 1.0) AS rank{snippet} FROM documents_fts "
                   "WHERE documents_fts MATCH :match ORDER BY rank DESC, document_id")
        else:
            tsquery, params = fts.postgres_tsquery(tree)
            options = f"StartSel={SNIPPET_START}, StopSel={SNIPPET_END}, MaxFragments=2, MaxWords=24"
            snippet = f", ts_headline('{fts.PG_CONFIG}', body, query, '{options}')" if snippets else ", ''"
            sql = (f"SELECT document_id, ts_rank(tsv, query) AS rank{snippet} "
                   f"FROM documents_fts, (SELECT {tsquery} AS query) AS asked "
                   "WHERE tsv @@ query ORDER BY rank DESC, document_id")
        if limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = limit
        try:
            with self._read() as conn:
                rows = conn.execute(text(sql), params).all()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot search for {query!r}: {_short(exc)}") from exc
        return [SearchHit(document_id=r[0], rank=float(r[1]), snippet=r[2] or "") for r in rows]

    # --- corrections ------------------------------------------------------------------------------

    def add_correction(self, correction: Correction) -> bool:
        """Record a correction; ``False`` (and nothing written) when one with the same key is stored."""
        payload = _json_safe(dict(correction.payload))
        before = None if correction.before is None else _json_safe(correction.before)
        try:
            with self._write() as conn:
                exists = conn.execute(
                    select(corrections.c.id).where(corrections.c.key == correction.key)
                ).first()
                if exists is not None:
                    return False
                conn.execute(insert(corrections).values(
                    key=correction.key, at=correction.at, created_at=_now(), author=correction.by,
                    op=correction.op, payload=payload, before=before, undone=correction.undone,
                ))
                self._bump(conn)
        except IntegrityError:  # a concurrent writer recorded the same correction first
            return False
        return True

    def load_corrections(self, *, include_undone: bool = True) -> list[Correction]:
        """The corrections in the order they were recorded (undone ones flagged, or left out)."""
        query = select(corrections).order_by(corrections.c.id)
        if not include_undone:
            query = query.where(corrections.c.undone.is_(False))
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [
            Correction(
                op=r.op, payload=r.payload, by=r.author, at=r.at or "",
                before=r.before, undone=bool(r.undone), key=r.key,
            )
            for r in rows
        ]

    def set_undone(self, key: str, undone: bool = True) -> bool:
        """Mark the correction ``key`` undone (or redone); ``True`` if it exists."""
        with self._write() as conn:
            found = conn.execute(
                update(corrections).where(corrections.c.key == key).values(undone=undone)
            ).rowcount > 0
            if found:
                self._bump(conn)
        return found

    def undo(self, key: str) -> bool:
        """Mark the correction ``key`` undone; ``True`` if it exists."""
        return self.set_undone(key, True)

    def delete_correction(self, key: str) -> bool:
        """Remove a correction for good (undo keeps it; this is for mistakes); ``True`` if it existed."""
        with self._write() as conn:
            found = conn.execute(delete(corrections).where(corrections.c.key == key)).rowcount > 0
            if found:
                self._bump(conn)
        return found

    # --- geocoder cache -----------------------------------------------------------------------------

    @property
    def geocode_cache(self) -> GeocodeCache:
        """The get/put cache object the geocoders take."""
        return GeocodeCache(self)

    def cache_get(self, query: str) -> Any | None:
        """The cached geocoder answer for ``query``, or ``None``."""
        with self._read() as conn:
            return conn.execute(
                select(geocode_cache.c.value).where(geocode_cache.c.key == _cache_key(query))
            ).scalar()

    def cache_put(self, query: str, value: Any) -> None:
        """Remember a geocoder answer (JSON-safe) for ``query``; does not change ``version()``."""
        key = _cache_key(query)
        body = _json_safe(value)
        with self._write() as conn:
            conn.execute(delete(geocode_cache).where(geocode_cache.c.key == key))
            conn.execute(insert(geocode_cache).values(key=key, query=query, value=body, created_at=_now()))

    # --- change detection ----------------------------------------------------------------------------

    def version(self) -> str:
        """A cheap value that changes whenever documents, extractions or corrections are written."""
        with self._read() as conn:
            row = conn.execute(select(store_meta.c.instance, store_meta.c.counter)).first()
        return "" if row is None else f"{row.instance}:{row.counter}"

    def integrity_problems(self) -> list[str]:
        """What is inconsistent between the tables (empty when all is well): for tests and `doctor` checks."""
        problems: list[str] = []
        with self._read() as conn:
            ids = set(conn.execute(select(documents.c.id)).scalars())
            extracted = set(conn.execute(select(extractions.c.document_id)).scalars())
            mentioned = set(conn.execute(select(mentions.c.document_id).distinct()).scalars())
        problems += [f"document {i!r} has no extraction" for i in sorted(ids - extracted)]
        problems += [f"extraction {i!r} has no document" for i in sorted(extracted - ids)]
        problems += [f"mentions of {i!r} have no document" for i in sorted(mentioned - ids)]
        return problems


# --- helpers ----------------------------------------------------------------------------------------


def _make_parent_folder(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (the driver's implicit transactions defeat BEGIN IMMEDIATE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock at once, so a writer waits (busy timeout) instead of failing
        # later when a read transaction would have to be upgraded.
        immediate = conn.get_execution_options().get("geo_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _mention_rows(extraction: Extraction) -> list[dict[str, Any]]:
    doc_id = extraction.document.id
    rows: list[dict[str, Any]] = []
    empty: dict[str, Any] = {"geonameid": None, "lat": None, "lon": None, "country": None,
                             "confidence": None, "date_start": None, "date_end": None}
    for place in extraction.places:
        row = {**empty, "document_id": doc_id, "kind": "place", "text": place.span.text,
               "start": place.span.start, "end": place.span.end, "name": place.span.text}
        if isinstance(place.resolution, Resolved):
            candidate = place.resolution.place
            row.update(name=candidate.name, geonameid=candidate.geonameid, lat=candidate.lat,
                       lon=candidate.lon, country=candidate.country, confidence=place.resolution.confidence)
        rows.append(row)
    for entity in (*extraction.people, *extraction.organizations, *extraction.programs):
        rows.append({**empty, "document_id": doc_id, "kind": entity.kind, "text": entity.span.text,
                     "start": entity.span.start, "end": entity.span.end, "name": entity.name})
    for mention in extraction.dates:
        rows.append({**empty, "document_id": doc_id, "kind": "date", "text": mention.span.text,
                     "start": mention.span.start, "end": mention.span.end, "name": None,
                     "date_start": mention.resolved.start if mention.resolved else None,
                     "date_end": mention.resolved.end if mention.resolved else None})
    return rows


def _fts_rowid(document_id: str) -> int:
    """A stable 63-bit rowid for a document's FTS5 row (so that a delete is a lookup, not a scan)."""
    return int.from_bytes(hashlib.sha256(document_id.encode("utf-8")).digest()[:8], "big") >> 1


def _cache_key(query: str) -> str:
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        stamp: datetime = value
        if stamp.tzinfo is None:  # SQLite gives back naive datetimes: they were stored in UTC
            stamp = stamp.replace(tzinfo=UTC)
        return stamp.isoformat()
    return str(value)


def _json_safe(value: Any) -> Any:
    """A detached JSON-safe copy (tuples become lists), so that what is stored is what is loaded."""
    return json.loads(json.dumps(value))



def _short(exc: BaseException) -> str:
    """The first line of a database error, without SQLAlchemy's background link."""
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
