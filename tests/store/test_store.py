"""The store on SQLite and on a real PostgreSQL server: saves, replacement, corrections, cache, version."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import geo.store.database
from geo.models import Candidate
from geo.store.corrections import make
from geo.store.database import BadDatabaseURL, DuplicateDocumentError, Store, StoreError
from tests.extraction_factory import TEXT, make_extraction

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh empty database: a SQLite file, or a new database on the test PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'sub' / 'atlas.db'}"
    return str(request.getfixturevalue("pg_database"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store(db_url) as opened:
        yield opened


def test_sqlite_file_and_folder_are_created_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "atlas.db"
    with Store(f"sqlite:///{path}") as store:
        assert path.exists()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_save_and_load_round_trip(store: Store) -> None:
    extraction = make_extraction("doc_a")
    assert store.save_extraction(extraction) is True
    assert store.load_extractions() == [extraction]
    assert store.document_ids() == ["doc_a"]
    assert store.load_extraction("doc_a") == extraction
    assert store.load_extraction("nope") is None
    [row] = store.documents()
    assert (row.title, row.published, row.path) == ("Title of doc_a", "2024-02-01", "doc_a.txt")


def test_resaving_replaces_what_was_extracted(store: Store) -> None:
    store.save_extraction(make_extraction("doc_a"))
    shorter = make_extraction("doc_a", TEXT.split("\n")[0])
    assert store.save_extraction(shorter) is False
    assert store.load_extractions() == [shorter]
    assert store.count_documents() == 1
    assert store.integrity_problems() == []
    with store.engine.connect() as conn:
        kinds = conn.execute(text("SELECT kind, count(*) FROM mentions GROUP BY kind ORDER BY kind")).all()
    assert [tuple(k) for k in kinds] == [("date", 1), ("place", 2)]


def test_same_text_under_another_name_is_a_duplicate(store: Store) -> None:
    store.save_extraction(make_extraction("doc_a"))
    with pytest.raises(DuplicateDocumentError, match="same text as document 'doc_a'") as caught:
        store.save_extraction(make_extraction("doc_copy"))
    assert caught.value.existing_id == "doc_a"
    assert store.document_ids() == ["doc_a"]
    assert store.document_hashes() == {make_extraction().document.content_hash: "doc_a"}


def test_a_failure_mid_save_leaves_nothing_half_written(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save_extraction(make_extraction("doc_a"))
    before = store.load_extractions()
    # The mention rows are written last: make the database refuse them (NOT NULL).
    monkeypatch.setattr(geo.store.database, "_mention_rows",
                        lambda e: [{"document_id": e.document.id, "kind": None}])
    with pytest.raises(StoreError, match="cannot save document 'doc_a'"):
        store.save_extraction(make_extraction("doc_a", TEXT + "\nChanged."))
    with pytest.raises(StoreError, match="cannot save document 'doc_b'"):
        store.save_extraction(make_extraction("doc_b", TEXT + "\nNew."))
    assert store.load_extractions() == before
    assert store.document_ids() == ["doc_a"]
    assert store.integrity_problems() == []


def test_delete_document_keeps_corrections(store: Store) -> None:
    store.save_extraction(make_extraction("doc_a"))
    store.add_correction(make("not_place", {"document": "doc_a", "text": "Zorbington"}))
    assert store.delete_document("doc_a") is True
    assert store.delete_document("doc_a") is False
    assert store.load_extractions() == []
    assert store.integrity_problems() == []
    assert len(store.load_corrections()) == 1


def test_corrections_survive_reingestion_and_restart(db_url: str) -> None:
    with Store(db_url) as store:
        store.save_extraction(make_extraction("doc_a"))
        fix = make("place", {"document": "doc_a", "text": "Osaka", "geonameid": 1853909}, by="ana")
        assert store.add_correction(fix) is True
        store.save_extraction(make_extraction("doc_a", TEXT + "\nMore text."))
    with Store(db_url) as reopened:
        [loaded] = reopened.load_corrections()
    assert loaded == fix
    assert loaded.key == fix.key
    assert loaded.by == "ana"


def test_correction_import_is_idempotent_and_undo_is_a_flag(store: Store) -> None:
    fix = make("not_place", {"document": "doc_a", "text": "Zorbington"}, at="2026-01-01T00:00:00Z",
               before={"lat": 1.5, "tags": ("a", "b")})
    assert store.add_correction(fix) is True
    assert store.add_correction(replace(fix)) is False
    [stored] = store.load_corrections()
    assert stored.before == {"lat": 1.5, "tags": ["a", "b"]}
    assert store.undo(fix.key) is True
    assert store.load_corrections()[0].undone is True
    assert store.load_corrections(include_undone=False) == []
    assert store.set_undone(fix.key, False) is True
    assert store.load_corrections()[0].undone is False
    assert store.set_undone("no-such-key") is False


def test_geocode_cache_keeps_answers_and_known_misses(store: Store) -> None:
    cache = store.geocode_cache
    springfield = Candidate(name="Springfield", kind="city", lat=37.21533, lon=-93.29824, country="US",
                            admin1="MO", geonameid=4409896, population=169176, feature_code="PPLA2")
    assert cache.get("nominatim", "Springfield") is None
    cache.put("nominatim", "Springfield", [springfield])
    cache.put("nominatim", "Nowhere at all", [])
    assert cache.get("nominatim", "  springfield ") == [springfield]
    assert cache.get("nominatim", "Nowhere at all") == []
    assert cache.get("photon", "Springfield") is None
    cache.put("nominatim", "Springfield", [])
    assert cache.get("nominatim", "Springfield") == []


def test_raw_cache_takes_any_json_and_long_keys(store: Store) -> None:
    long_query = "x" * 5000
    store.cache_put(long_query, {"answer": "ok", "n": [1, 2.5, None]})
    assert store.cache_get(long_query) == {"answer": "ok", "n": [1, 2.5, None]}
    assert store.cache_get("never") is None


def test_version_changes_on_every_write_and_not_on_reads(store: Store) -> None:
    seen = [store.version()]
    store.save_extraction(make_extraction("doc_a"))
    seen.append(store.version())
    store.load_extractions()
    store.load_corrections()
    assert store.version() == seen[-1]
    fix = make("not_place", {"document": "doc_a", "text": "Zorbington"})
    store.add_correction(fix)
    seen.append(store.version())
    store.undo(fix.key)
    seen.append(store.version())
    store.delete_document("doc_a")
    seen.append(store.version())
    assert len(set(seen)) == len(seen)


def test_several_processes_open_a_new_database_at_once(db_url: str) -> None:
    code = "import sys; from geo.store.database import Store; Store(sys.argv[1]).close()"
    children = [subprocess.Popen([sys.executable, "-c", code, db_url], cwd=ROOT, stderr=subprocess.PIPE,
                                 text=True) for _ in range(4)]
    errors = [child.communicate()[1] for child in children]
    assert [child.returncode for child in children] == [0, 0, 0, 0], errors
    with Store(db_url) as store:
        assert store.version().endswith(":0")


def test_a_database_of_another_schema_is_refused_clearly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store(url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE store_meta SET schema_version = 0"))
    with pytest.raises(StoreError, match="has schema version 0, this tool uses 1"):
        Store(url)
    foreign = tmp_path / "foreign.db"
    engine = create_engine(f"sqlite:///{foreign}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE store_meta (id INTEGER PRIMARY KEY, other TEXT)"))
    engine.dispose()
    with pytest.raises(StoreError, match="was not made by this version of the tool"):
        Store(f"sqlite:///{foreign}")


def test_a_new_database_has_a_new_version(tmp_path: Path) -> None:
    with Store(f"sqlite:///{tmp_path / 'a.db'}") as a, Store(f"sqlite:///{tmp_path / 'b.db'}") as b:
        assert a.version() != b.version()


def test_reads_while_another_connection_writes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    with Store(url) as writer, Store(url) as reader:
        writer.save_extraction(make_extraction("doc_0"))
        errors: list[BaseException] = []

        def write_many() -> None:
            try:
                for i in range(1, 15):
                    writer.save_extraction(make_extraction(f"doc_{i}", f"{TEXT}\nNumber {i}."))
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        thread = threading.Thread(target=write_many)
        thread.start()
        counts = []
        while thread.is_alive():
            counts.append(len(reader.load_extractions()))
        thread.join()
        assert errors == []
        assert counts == sorted(counts)
        assert len(reader.document_ids()) == 15
        assert reader.integrity_problems() == []


def test_two_writers_at_once_queue_instead_of_failing(db_url: str) -> None:
    with Store(db_url) as first, Store(db_url) as second:
        errors: list[BaseException] = []

        def write(store: Store, prefix: str) -> None:
            try:
                for i in range(12):
                    store.save_extraction(make_extraction(f"{prefix}_{i}", f"{TEXT}\n{prefix} {i}."))
                    store.cache_put(f"{prefix}-{i}", i)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(s, p)) for s, p in ((first, "a"), (second, "b"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert len(first.document_ids()) == 24
        assert first.integrity_problems() == []


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("not a url", "not a database URL"),
        ("nosuchdb://x/y", "unknown database backend"),
        ("postgresql+psycopg://user:secret@127.0.0.1:1/db", "cannot open database"),
    ],
)
def test_bad_urls_are_clear_errors_without_password(url: str, words: str) -> None:
    with pytest.raises(StoreError, match=words) as caught:
        Store(url)
    assert "secret" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_sqlite_folder_that_cannot_be_made(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the folder of database"):
        Store(f"sqlite:///{tmp_path / 'file' / 'sub' / 'atlas.db'}")


def test_bad_url_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a database URL"):
        Store("::")
    assert issubclass(BadDatabaseURL, StoreError)
