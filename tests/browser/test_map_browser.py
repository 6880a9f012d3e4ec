"""In a real browser, offline: the Map page on the seed corpus, ingested by the app on first start.

Starts `streamlit run dashboard.py` on an empty SQLite file with the seed corpus, drives Debian's
Chromium with Playwright with every request outside loopback aborted (and recorded: there must be
none), and saves screenshots in tests/artifacts/.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest

from geo.places.geometry import haversine_km as _km
from tests.browser.conftest import ROOT, map_frame, running_app, served, shot, warm_up
from tests.conftest import NewDatabases

pytestmark = pytest.mark.browser

GOLD = ROOT.parent / "shared" / "eval" / "seed_gold.json"
SENTENCE = "The mayors toured cities such as Hong Kong and Wuhan and met with Chinese mayors and businessmen."

_LAYERS_JS = """() => {
    const rect = window.map.getContainer().getBoundingClientRect();
    const places = [], routes = [];
    window.map.eachLayer(layer => {
        if (!layer.feature || !layer.feature.properties) return;
        const p = layer.feature.properties;
        if (p.kind === 'place') {
            const ll = layer.getLatLng(), pt = window.map.latLngToContainerPoint(ll);
            places.push({id: p.id, tooltip: p.tooltip, role: p.role, lat: ll.lat, lng: ll.lng,
                         x: pt.x + rect.left, y: pt.y + rect.top});
        } else if (p.kind === 'trip' || p.kind === 'flow') {
            // one line per leg that trips share: a LineString, kept as a list of lines
            const g = layer.feature.geometry;
            routes.push({id: p.id, coordinates: g.type === 'LineString' ? [g.coordinates] : g.coordinates});
        }
    });
    return {places: places, routes: routes};
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser: Any,
        module_databases: NewDatabases) -> Iterator[dict[str, str]]:
    """The dashboard on an empty database (SQLite, then PostgreSQL) with the seed corpus, on a free
    loopback port."""
    with served(tmp_path_factory, browser, f"map_browser_{module_databases.backend}", ROOT / "seeds",
                module_databases.url("map_browser")) as (base, url, _):
        yield {"base": base, "db": url}


@pytest.fixture(scope="module", params=["open", "with curators"])
def hostile_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                browser: Any) -> Iterator[str]:
    """The dashboard on invented articles whose titles, names and sentences carry markup and scripts.

    Once open to all, once with a users file (GEO_USERS): reading must be the same.
    """
    from geo.store.users import add_user
    from tests.extraction_factory import saved, synthetic_extractions

    folder = tmp_path_factory.mktemp("hostile_browser")
    env = {}
    if request.param == "with curators":
        add_user(folder / "users.json", "ana", "curator", "a long enough password")
        env["GEO_USERS"] = str(folder / "users.json")
    with running_app(folder, saved(folder / "atlas.db", synthetic_extractions(40)), **env) as base:
        warm_up(browser, base)
        yield base



def _layers(frame: Any) -> dict[str, list[dict[str, Any]]]:
    return frame.evaluate(_LAYERS_JS)  # type: ignore[no-any-return]


def _gold_cities() -> dict[str, tuple[float, float]]:
    gold = json.loads(GOLD.read_text())
    wanted = ("Oxford", "Carmel", "Hong Kong", "Wuhan")
    return {p["text"]: (p["lat"], p["lon"]) for p in gold["places"]["required"] if p["text"] in wanted}


def _marker_near(places: list[dict[str, Any]], lat: float, lon: float, km: float = 25.0
                 ) -> dict[str, Any] | None:
    return next((p for p in places if _km(p["lat"], p["lng"], lat, lon) <= km), None)


def test_seed_map_shows_the_delegation(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    frame = map_frame(page, "map")
    layers = _layers(frame)
    found = {}
    for name, (lat, lon) in _gold_cities().items():
        marker = _marker_near(layers["places"], lat, lon)
        assert marker is not None, f"no marker near {name}: {[p['tooltip'] for p in layers['places']]}"
        assert name in marker["tooltip"]
        found[name] = marker
    assert found["Oxford"]["role"] in ("origin", "both")
    assert found["Wuhan"]["role"] in ("destination", "both")
    # a route from the origins through Hong Kong to Wuhan
    ends = {(round(lon, 3), round(lat, 3)) for r in layers["routes"] for leg in r["coordinates"]
            for lon, lat in leg}
    for name in ("Oxford", "Carmel", "Hong Kong", "Wuhan"):
        assert (round(found[name]["lng"], 3), round(found[name]["lat"], 3)) in ends, name
    shot(page, "map_seed.png")


def test_click_on_wuhan_opens_its_panel(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    frame = map_frame(page, "map")
    lat, lon = _gold_cities()["Wuhan"]
    wuhan = _marker_near(_layers(frame)["places"], lat, lon)
    assert wuhan is not None
    # zoom in on it first, so that no neighbour covers it
    center = f"[{wuhan['lat']}, {wuhan['lng']}]"
    frame.evaluate(f"() => window.map.setView({center}, 6, {{animate: false}}) && true")
    page.wait_for_timeout(300)
    wuhan = _marker_near(_layers(frame)["places"], lat, lon)
    assert wuhan is not None
    box = frame.frame_element().bounding_box()
    panel = page.locator(".st-key-detail_panel")
    started = time.monotonic()
    page.mouse.click(box["x"] + wuhan["x"], box["y"] + wuhan["y"])
    while SENTENCE not in " ".join(panel.inner_text().split()):
        assert time.monotonic() - started < 30, panel.inner_text()
        page.wait_for_timeout(20)
    seconds = time.monotonic() - started
    print(f"click -> panel: {seconds:.2f} s")
    assert "Wuhan" in panel.locator("h3").first.inner_text()
    page.wait_for_timeout(300)
    shot(page, "map_click_wuhan.png")


def test_from_a_date_after_everything_leaves_the_map_empty(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/?from=2024-03-01")
    frame = map_frame(page, "map")
    layers = _layers(frame)
    assert layers == {"places": [], "routes": []}
    assert page.get_by_text("No place matches the filters.").is_visible()
    shot(page, "map_from_2024-03-01.png")


def test_program_in_the_url_keeps_its_places(app: dict[str, str], page: Any) -> None:
    from geo.store.database import Store
    from geo.views.atlas import build_atlas

    page.goto(app["base"] + "/")
    map_frame(page, "map")  # the database is built on first start
    # the program's name is read from the app's own data, as a user would copy it
    atlas = build_atlas(Store(app["db"]).load_extractions())
    trip = next(t for t in atlas.trips if t.program)
    program = next(p for p in atlas.programs if p.id == trip.program)
    page.goto(app["base"] + "/?" + urllib.parse.urlencode({"program": program.name}))
    frame = map_frame(page, "map")
    layers = _layers(frame)
    shown = {p["id"] for p in layers["places"]}
    assert set(trip.origins + trip.destinations) <= shown
    assert len(shown) < len([p for p in atlas.places if p.lat is not None])  # the others are filtered out
    assert {r["id"] for r in layers["routes"]} == {trip.id}
    shot(page, "map_program.png")


_ROUTE_POINT_JS = """() => {
    const rect = window.map.getContainer().getBoundingClientRect();
    const markers = [];
    let route = null;
    window.map.eachLayer(layer => {
        if (!layer.feature) return;
        const kind = layer.feature.properties.kind;
        if (kind === 'place') markers.push(window.map.latLngToContainerPoint(layer.getLatLng()));
        if (kind === 'trip' && !route) route = layer;
    });
    if (!route) return null;
    // a point on the drawn line (on a segment of an arc) away from every marker, longest segment first
    const segments = [];
    const g = route.feature.geometry;
    for (const line of (g.type === 'LineString' ? [g.coordinates] : g.coordinates)) {
        const points = line.map(p => window.map.latLngToContainerPoint([p[1], p[0]]));
        for (let i = 1; i < points.length; i++) segments.push([points[i - 1], points[i]]);
    }
    const length = s => Math.hypot(s[1].x - s[0].x, s[1].y - s[0].y);
    segments.sort((p, q) => length(q) - length(p));
    for (const [a, b] of segments) {
        for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
            const x = a.x + (b.x - a.x) * f, y = a.y + (b.y - a.y) * f;
            if (markers.every(m => Math.hypot(m.x - x, m.y - y) > 25)) {
                return {id: route.feature.properties.id, x: x + rect.left, y: y + rect.top};
            }
        }
    }
    return null;
}"""


def test_a_search_in_the_url_keeps_the_articles_it_finds(app: dict[str, str], page: Any) -> None:
    query = '"Heartland China" AND mayors'
    page.goto(app["base"] + "/?" + urllib.parse.urlencode({"q": query}))
    frame = map_frame(page, "map")
    lat, lon = _gold_cities()["Wuhan"]
    assert _marker_near(_layers(frame)["places"], lat, lon) is not None  # the seed article matches
    assert page.get_by_label("Search the articles", exact=True).input_value() == query
    page.goto(app["base"] + "/?q=Zorbington")
    frame = map_frame(page, "map")
    assert _layers(frame)["places"] == []
    assert page.get_by_text("No place matches the filters.").is_visible()


def test_click_on_a_route_opens_the_trip(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    frame = map_frame(page, "map")
    page.wait_for_timeout(500)  # the map may still be settling its view after it is drawn
    point = frame.evaluate(_ROUTE_POINT_JS)
    assert point is not None, "no clickable stretch of route"
    box = frame.frame_element().bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    panel = page.locator(".st-key-detail_panel")
    panel.get_by_text("Evidence (").first.wait_for(timeout=30_000)
    assert panel.locator("h3").first.inner_text().startswith("Trip")
    assert "Hong Kong → Wuhan" in panel.inner_text()
    shot(page, "map_click_route.png")


def test_markup_from_articles_is_shown_as_text_and_never_run(hostile_app: str, page: Any) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(hostile_app + "/")
    frame = map_frame(page, "map")
    marker = next(p for p in _layers(frame)["places"] if "&lt;script&gt;" in p["tooltip"])
    center = f"[{marker['lat']}, {marker['lng']}]"
    frame.evaluate(f"() => window.map.setView({center}, 7, {{animate: false}}) && true")
    page.wait_for_timeout(300)
    marker = next(p for p in _layers(frame)["places"] if "&lt;script&gt;" in p["tooltip"])
    box = frame.frame_element().bounding_box()
    page.mouse.move(box["x"] + marker["x"], box["y"] + marker["y"])  # the tooltip shows the markup as text
    page.mouse.click(box["x"] + marker["x"], box["y"] + marker["y"])
    panel = page.locator(".st-key-detail_panel")
    panel.get_by_text("<script>", exact=False).first.wait_for(timeout=30_000)
    assert '<script>alert("x")</script>' in panel.locator("h3").first.inner_text()
    shot(page, "hostile_map.png")
    page.goto(hostile_app + "/sources?doc=syn_0000")
    page.get_by_text("[link](javascript:alert(2))", exact=False).first.wait_for(timeout=30_000)
    text = page.locator("[data-testid='stMain']").inner_text()
    assert '<script>alert("x")</script><img src=x onerror=alert(1)>' in text
    assert "javascript:alert(3)" in text  # the metadata URL, shown as text
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert page.locator("img[src=x]").count() == 0
    shot(page, "hostile_sources.png")
    assert dialogs == []
