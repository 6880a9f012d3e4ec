"""Shared fixtures: the spaCy pipeline and the gazetteer are loaded once per test session."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.models import Extraction
    from geo.places.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The project's full spaCy pipeline (model plus registered components)."""
    from geo.language.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The offline GeoNames gazetteer, from the on-disk cache in data/cache."""
    from geo.config import load_config
    from geo.places.gazetteer import load_gazetteer

    return load_gazetteer(load_config().cache_dir)


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """The dashboard under AppTest runs from the project folder on an empty corpus (no first-start ingest)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    monkeypatch.setenv("GEO_CORPUS", str(corpus))
    monkeypatch.chdir(ROOT)
    return monkeypatch


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of the throw-away PostgreSQL server that scripts/test.sh starts."""
    url = os.environ.get("GEO_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("GEO_TEST_PG_URL is not set: run the suite through `make test`")
        pytest.skip("no PostgreSQL server: run the suite through `make test`")
    return url


@contextlib.contextmanager
def fresh_pg_database(pg_url: str, prefix: str = "atlas_test") -> Iterator[str]:
    """A new empty database on the server at ``pg_url``, dropped on exit; yields its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(pg_url)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[str]:
    """URL of a fresh database on the test PostgreSQL server, dropped after the test."""
    with fresh_pg_database(pg_url) as url:
        yield url


# --- one store on each backend --------------------------------------------------------------------

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


class NewDatabases:
    """New databases of one backend: SQLite files in ``folder``, or databases on the test PostgreSQL
    server (dropped by ``close``)."""

    def __init__(self, backend: str, folder: Path, pg_url: str | None) -> None:
        self.backend = backend
        self._folder = folder
        self._pg_url = pg_url
        self._made = contextlib.ExitStack()

    def url(self, name: str) -> str:
        """The URL of a new, empty database (no table yet) called ``name``."""
        if self.backend == "sqlite":
            return f"sqlite:///{self._folder / name}.db"
        assert self._pg_url is not None
        return self._made.enter_context(fresh_pg_database(self._pg_url, prefix=f"atlas_{name}"[:40]))

    def saved(self, name: str, extractions: Iterable[Extraction]) -> str:
        """The URL of a new database called ``name`` holding ``extractions``."""
        from geo.store.database import Store

        url = self.url(name)
        with Store(url) as store:
            for extraction in extractions:
                store.save_extraction(extraction)
        return url

    def close(self) -> None:
        self._made.close()


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The store's backend a module's tests run on: each runs once on SQLite, once on PostgreSQL."""
    return str(request.param)


def _new_databases(backend: str, request: pytest.FixtureRequest, folder: Path) -> NewDatabases:
    pg = request.getfixturevalue("pg_url") if backend == "postgresql" else None
    return NewDatabases(backend, folder, pg)


@pytest.fixture(scope="module")
def module_databases(backend: str, request: pytest.FixtureRequest,
                     tmp_path_factory: pytest.TempPathFactory) -> Iterator[NewDatabases]:
    """New databases on this module's backend, kept for the whole module."""
    made = _new_databases(backend, request, tmp_path_factory.mktemp(f"dbs_{backend}"))
    yield made
    made.close()


@pytest.fixture
def new_databases(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[NewDatabases]:
    """New databases on this module's backend, dropped after the test."""
    made = _new_databases(backend, request, tmp_path)
    yield made
    made.close()
