"""In a real browser, offline, on the development articles: the Network page, a click on a node opening
its panel and writing it into the URL. Every request outside loopback is aborted and recorded (the page
fixture fails the test if there was any): the graph's JavaScript comes with the component."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from geo.views.network import build_network
from tests.browser.conftest import ROOT, served, shot
from tests.conftest import NewDatabases

pytestmark = pytest.mark.browser

ARTICLES = ROOT / "tests" / "data" / "articles"

# the graph's nodes as drawn: id, kind and where they are on the screen inside the component's frame
_NODES_JS = """() => {
    const cy = document.getElementById('cy')?._cyreg?.cy;
    if (!cy || cy.nodes().length === 0) return null;
    const box = document.getElementById('cy').getBoundingClientRect();
    const cyBox = document.getElementById('cy');
    return cy.nodes().map(n => {
        const x = box.left + n.renderedPosition('x'), y = box.top + n.renderedPosition('y');
        // the component's side panel, open once a node is selected, covers the graph's left part
        const under = document.elementFromPoint(x, y);
        return {id: n.id(), kind: n.data('label'), name: n.data('_name'), x: x, y: y,
                size: n.renderedWidth(), clickable: !!under && cyBox.contains(under)};
    });
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser: Any,
        module_databases: NewDatabases) -> Iterator[dict[str, str]]:
    """The dashboard on an empty database (SQLite, then PostgreSQL), built from the development articles
    on first start."""
    with served(tmp_path_factory, browser, f"network_browser_{module_databases.backend}", ARTICLES,
                module_databases.url("network_browser")) as (base, url, _):
        yield {"base": base, "db": url}


def _graph(page: Any, timeout: float = 120.0) -> tuple[Any, list[dict[str, Any]]]:
    """The component's frame and its nodes, once the layout has placed them (positions stop moving)."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "streamlit_cytoscape" not in frame.url:
                continue
            try:
                nodes = frame.evaluate(_NODES_JS)
            except Exception:  # the frame is still loading
                continue
            if nodes and nodes == last:
                return frame, nodes
            last = nodes
        page.wait_for_timeout(500)
    shot(page, "network_not_ready.png")
    pytest.fail("the network was never drawn (see tests/artifacts/network_not_ready.png)")


def _click(page: Any, frame: Any, node: dict[str, Any]) -> None:
    box = frame.frame_element().bounding_box()
    page.mouse.click(box["x"] + node["x"], box["y"] + node["y"])


def _atlas(db: str) -> Any:
    from geo.store.database import Store
    from geo.views.atlas import build_atlas

    return build_atlas(Store(db).load_extractions())


def test_a_click_on_a_node_opens_its_panel_and_writes_the_url(app: dict[str, str], page: Any) -> None:
    expected = build_network(_atlas(app["db"]))
    page.goto(app["base"] + "/network")
    page.get_by_text("Click a node").wait_for(timeout=120_000)
    frame, nodes = _graph(page)
    assert {n["id"] for n in nodes} == {n.id for n in expected.nodes}
    sizes = {n["id"]: n["size"] for n in nodes}
    busiest, quietest = expected.nodes[0], expected.nodes[-1]
    assert sizes[busiest.id] > sizes[quietest.id]  # sized by trips
    panel = page.locator(".st-key-network_panel")

    person = next(n for n in nodes if n["kind"] == "Person" and n["clickable"])
    _click(page, frame, person)
    panel.get_by_text(person["name"], exact=True).first.wait_for(timeout=30_000)
    panel.get_by_text("Person", exact=True).wait_for(timeout=30_000)
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('entity') === {person['id']!r}",
                           timeout=30_000)

    frame, nodes = _graph(page)  # the rerun draws the graph again
    place = next(n for n in nodes if n["kind"] == "Place" and n["clickable"])
    _click(page, frame, place)
    panel.get_by_text("Correct this place on Curate").wait_for(timeout=30_000)
    panel.get_by_text(place["name"], exact=True).first.wait_for(timeout=30_000)
    page.wait_for_function(f"() => new URL(location.href).searchParams.get('place') === {place['id']!r}",
                           timeout=30_000)
    assert "entity=" not in page.url
    shot(page, "network_panel.png")


def test_the_network_is_filtered_like_every_page(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/network?country=JP")
    page.get_by_text("Click a node").wait_for(timeout=120_000)
    _, nodes = _graph(page)
    from geo.views.filters import Filters, apply

    kept = build_network(apply(_atlas(app["db"]), Filters(country="JP")))
    assert {n["id"] for n in nodes} == {n.id for n in kept.nodes}
    assert len(nodes) < len(build_network(_atlas(app["db"])).nodes)


def test_a_shared_url_opens_the_nodes_panel(app: dict[str, str], page: Any) -> None:
    node = next(n for n in build_network(_atlas(app["db"])).nodes if n.kind == "organization")
    page.goto(app["base"] + f"/network?entity={node.id}")
    page.locator(".st-key-network_panel").get_by_text("Organisation", exact=True).wait_for(timeout=120_000)
    page.locator(".st-key-network_panel").get_by_text(node.name, exact=True).first.wait_for(timeout=30_000)
