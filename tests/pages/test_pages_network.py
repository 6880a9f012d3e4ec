"""The Network page under Streamlit's AppTest: it runs on every database, says when there is nothing to
draw, names what it left out, and opens the panel a shared URL names."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.store.database import Store
from geo.views.atlas import build_atlas
from geo.views.network import MAX_NODES, build_network
from tests.conftest import NewDatabases
from tests.extraction_factory import make_extraction, synthetic_extractions
from tests.pages.without_atlas import refuse_the_atlas, viewed

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "9_Network.py")


def _run(params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=120)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    return app.run()


def _texts(app: AppTest) -> str:
    return "\n".join(str(e.value) for e in (*app.markdown, *app.caption, *app.subheader, *app.info))


@pytest.fixture(scope="module")
def databases(module_databases: NewDatabases) -> dict[str, str]:
    dbs = module_databases
    return {"empty": dbs.saved("empty", []),
            "small": dbs.saved("small", [make_extraction("doc_a")]),
            "large": dbs.saved("large", synthetic_extractions(300))}


@pytest.mark.parametrize("database", ["empty", "small", "large"])
def test_the_network_page_runs(app_env: pytest.MonkeyPatch, databases: dict[str, str], database: str) -> None:
    app_env.setenv("GEO_DB_URL", databases[database])
    app = _run()
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    if database == "empty":
        assert "No trip, tie or program in the current view" in _texts(app)


def test_a_large_view_says_how_many_nodes_are_left_out(app_env: pytest.MonkeyPatch,
                                                       databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["large"])
    network = build_network(build_atlas(Store(databases["large"]).load_extractions()))
    assert network.left_out > 0
    texts = _texts(_run())
    assert f"{MAX_NODES} nodes" in texts
    assert f"the {network.left_out} nodes with the fewest trips are left out" in texts


def test_a_shared_url_opens_the_panel_it_names(app_env: pytest.MonkeyPatch,
                                               databases: dict[str, str]) -> None:
    app_env.setenv("GEO_DB_URL", databases["small"])
    network = build_network(build_atlas(Store(databases["small"]).load_extractions()))
    place = next(n for n in network.nodes if n.kind == "place")
    app = _run({"place": place.id})
    assert place.name in [s.value for s in app.subheader]
    assert "Click a node" not in _texts(app)


@pytest.mark.parametrize("params", [{}, {"country": "CN"}, {"q": "Town3*"}])
def test_the_network_page_reads_the_view_tables_without_the_atlas(
        app_env: pytest.MonkeyPatch, new_databases: NewDatabases, params: dict[str, str]) -> None:
    url, shown = viewed(new_databases, params)
    network = build_network(shown)
    assert network.nodes
    place = next(n for n in network.nodes if n.kind == "place")
    person = next(n for n in network.nodes if n.kind == "person")

    refuse_the_atlas(app_env, url)
    for asked, node in (("place", place), ("entity", person)):
        app = _run({**params, asked: node.id})
        assert not app.exception, [e.value for e in app.exception]
        assert not app.error, [e.value for e in app.error]
        # the filtered atlas's graph, and the panel of the node the URL names
        assert f"{len(network.nodes)} nodes, {len(network.edges)} links" in _texts(app)
        assert node.name in [s.value for s in app.subheader]
