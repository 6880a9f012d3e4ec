"""Shared fixtures: the spaCy pipeline and the gazetteer are loaded once per test session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The project's full spaCy pipeline (model plus registered components)."""
    from geo.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    """The offline GeoNames gazetteer, from the on-disk cache in data/cache."""
    from geo.config import load_config
    from geo.gazetteer import load_gazetteer

    return load_gazetteer(load_config().cache_dir)


@pytest.fixture(scope="session")
def pg_url() -> str:
    """URL of the throw-away PostgreSQL server that scripts/test.sh starts."""
    url = os.environ.get("GEO_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("GEO_TEST_PG_URL is not set: run the suite through `make test`")
        pytest.skip("no PostgreSQL server: run the suite through `make test`")
    return url
