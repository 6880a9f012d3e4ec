"""?q= in the dashboard: the sidebar's search keeps the matching articles, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from geo.store.database import Store
from tests.conftest import TEST_DATA, fresh_pg_database

ROOT = Path(__file__).resolve().parents[2]
QUERY = '"sister city" AND Sapporo'


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, nlp: Any,
           gazetteer: Any) -> Iterator[str]:
    """The invented test articles through the real pipeline, in a SQLite file or a PostgreSQL database."""
    from geo.pipeline import Extractor, ingest

    def filled(url: str) -> str:
        with Store(url) as store:
            assert ingest([TEST_DATA / "articles"], store, Extractor(nlp, gazetteer)).ok
        return url

    if request.param == "sqlite":
        yield filled(f"sqlite:///{tmp_path_factory.mktemp('search') / 'atlas.db'}")
    else:
        with fresh_pg_database(request.getfixturevalue("pg_url")) as url:
            yield filled(url)


def _run(page: str, params: dict[str, str]) -> AppTest:
    app = AppTest.from_file(str(ROOT / page), default_timeout=120)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def _html(app: AppTest) -> str:
    return " ".join(str(h.proto.body) for h in app.get("html"))


def test_sources_page_lists_the_matching_articles(app_env: pytest.MonkeyPatch, db_url: str) -> None:
    app_env.setenv("GEO_DB_URL", db_url)
    app = _run("pages/4_Sources.py", {"q": QUERY})
    assert not app.exception, [e.value for e in app.exception]
    assert app.sidebar.text_input(key="q").value == QUERY
    [document] = [s for s in app.selectbox if s.label == "Document"]
    assert len(document.options) == 1
    assert "Sapporo" in document.options[0]
    texts = " ".join(str(m.value) for m in (*app.markdown, *app.caption))
    assert "1 article(s) match" in texts
    assert "<mark>Sapporo</mark>" in _html(app)


def test_a_search_narrows_the_trips_to_those_its_articles_tell(app_env: pytest.MonkeyPatch,
                                                               db_url: str) -> None:
    app_env.setenv("GEO_DB_URL", db_url)
    everything = _run("pages/2_Delegations.py", {})
    searched = _run("pages/2_Delegations.py", {"q": QUERY})
    assert not searched.exception
    all_rows = everything.dataframe[0].value
    rows = searched.dataframe[0].value
    assert 0 < len(rows) < len(all_rows)
    assert set(rows["sources"]) == {"Portland and Sapporo mark 65 years as sister cities"}  # its title


def test_a_search_that_cannot_be_read_is_explained_and_ignored(app_env: pytest.MonkeyPatch,
                                                               db_url: str) -> None:
    app_env.setenv("GEO_DB_URL", db_url)
    app = _run("pages/2_Delegations.py", {"q": '"sister city'})
    assert not app.exception
    assert any("a quote is not closed" in w.value for w in app.sidebar.warning)
    assert len(app.dataframe[0].value) == len(_run("pages/2_Delegations.py", {}).dataframe[0].value)
