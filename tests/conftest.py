"""Shared fixtures: the spaCy pipeline and the gazetteer are loaded once per test session."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

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
