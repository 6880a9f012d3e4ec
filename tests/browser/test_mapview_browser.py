"""In a real browser, offline, on the development articles (tests/data/articles): a map people can read.

The first view is fitted to the places and holds every one of them; routes are continuous lines (no jump
of more than 30° of longitude from one point to the next), trans-Pacific ones crossing the antimeridian
over country outlines drawn again beyond ±180°. The same on the Delegations page and in the standalone
HTML export. Every request outside loopback is aborted and recorded (there must be none).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.routes import arrange
from tests.browser.conftest import ROOT, running_app, shot, warm_up

pytestmark = pytest.mark.browser

ARTICLES = ROOT / "tests" / "data" / "articles"

# the map's state: its view, every place marker (with its copy of the world) and every route line
_STATE_JS = """() => {
    const map = window.map, box = map.getContainer(), view = map.getBounds();
    const places = [], routes = [];
    map.eachLayer(layer => {
        if (!layer.feature || !layer.feature.properties) return;
        const p = layer.feature.properties;
        if (p.kind === 'place') {
            const ll = layer.getLatLng();
            places.push({id: p.id, lat: ll.lat, lng: ll.lng, tooltip: p.tooltip,
                         inView: view.contains(ll)});
        } else if (p.kind === 'trip' || p.kind === 'flow') {
            routes.push({id: p.id, kind: p.kind, lines: layer.feature.geometry.coordinates});
        }
    });
    return {west: view.getWest(), east: view.getEast(), places: places, routes: routes,
            copies: Number(box.getAttribute('data-basemap-copies') || 0)};
}"""

_READY_JS = """() => {
    const box = document.querySelector('.leaflet-container');
    return !!(window.map && box && box.getAttribute('data-basemap') === 'ready'
              && box.getAttribute('data-places') !== null);
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[dict[str, str]]:
    """The dashboard on an empty SQLite file, built from the development articles on first start."""
    folder = tmp_path_factory.mktemp("mapview_browser")
    database = folder / "atlas.db"
    database.touch()
    url = f"sqlite:///{database}"
    with running_app(folder, url, ARTICLES) as base:
        warm_up(browser, base)
        yield {"base": base, "db": url, "folder": str(folder)}


def _ready_frame(page: Any, timeout: float = 120.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate(_READY_JS):
                    frame.wait_for_timeout(300)  # fitBounds has run once the layers are drawn
                    return frame
            except Exception:  # frames come and go while the app renders
                continue
        page.wait_for_timeout(250)
    shot(page, "mapview_not_ready.png")
    pytest.fail("the map never became ready (see tests/artifacts/mapview_not_ready.png)")


def _state(frame: Any) -> dict[str, Any]:
    return frame.evaluate(_STATE_JS)  # type: ignore[no-any-return]


def _atlas(db: str) -> Any:
    from geo.atlas import build_atlas
    from geo.store import Store

    return build_atlas(Store(db).load_extractions())


def _least_span(lons: list[float]) -> float:
    """The narrowest stretch of longitude (on any copies of the world) that holds every one of them."""
    placed = arrange(dict(enumerate(lons)))
    return max(placed.values()) - min(placed.values())


def _assert_readable(state: dict[str, Any], expected_places: set[str]) -> None:
    shown = {p["id"] for p in state["places"]}
    assert expected_places <= shown
    outside = {p["id"] for p in state["places"] if not p["inView"]}
    # a place may also be drawn on a second copy of the world, where a leg crossing the view's edge ends
    assert not expected_places - {p["id"] for p in state["places"] if p["inView"]}, outside
    for route in state["routes"]:
        for line in route["lines"]:
            jumps = [abs(b[0] - a[0]) for a, b in itertools.pairwise(line)]
            assert max(jumps) <= 30, (route["id"], line)


def _crosses_antimeridian(line: list[list[float]]) -> bool:
    lons = [p[0] for p in line]
    return any(min(lons) < edge < max(lons) for edge in (-180.0, 180.0))


def test_first_view_holds_every_place_with_continuous_routes(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    frame = _ready_frame(page)
    atlas = _atlas(app["db"])
    located = {p.id: p for p in atlas.places if p.lat is not None and p.lon is not None}
    assert len(located) > 50
    assert len(atlas.trips) >= 20
    state = _state(frame)
    _assert_readable(state, set(located))
    # as narrow as these places allow: one of them (a wrong "South", in Cameroon) and the Belgian ones
    # make the narrowest stretch that holds them all 282°; the view adds only its padding
    least = _least_span([p.lon or 0.0 for p in located.values()])
    assert state["east"] - state["west"] < least + 40
    pacific = [line for r in state["routes"] for line in r["lines"] if _crosses_antimeridian(line)]
    assert len(pacific) >= 10  # Japan, China and Taiwan to and from the United States, over the Pacific
    assert state["copies"] > 0  # the outlines drawn again beyond ±180°, under those lines
    shot(page, "mapview_first_view.png")


def test_a_country_view_spans_less_than_270_degrees(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/?country=JP")
    frame = _ready_frame(page)
    state = _state(frame)
    assert state["places"]
    assert all(p["inView"] for p in state["places"])
    assert state["east"] - state["west"] < 270
    pacific = [line for r in state["routes"] for line in r["lines"] if _crosses_antimeridian(line)]
    assert pacific
    assert all(max(abs(b[0] - a[0]) for a, b in itertools.pairwise(line)) <= 30
               for r in state["routes"] for line in r["lines"])
    shot(page, "mapview_japan.png")


def test_delegations_map_is_fitted_and_continuous(app: dict[str, str], page: Any) -> None:
    from geo.maps import located as located_places
    from geo.maps import trip_label

    atlas = _atlas(app["db"])
    places = located_places(atlas)
    trip = next(t for t in atlas.trips if "Portland → Sapporo" in trip_label(t, places))
    page.goto(app["base"] + f"/delegations?trip={trip.id}")
    frame = _ready_frame(page)
    state = _state(frame)
    _assert_readable(state, {p for p in (*trip.origins, *trip.destinations) if p in places})
    assert state["east"] - state["west"] < 270
    assert any(_crosses_antimeridian(line) for r in state["routes"] for line in r["lines"])
    shot(page, "mapview_delegation.png")


def test_html_export_is_fitted_and_continuous_offline(app: dict[str, str], page: Any) -> None:
    from geo.export import to_html_map

    atlas = _atlas(app["db"])
    located = {p.id for p in atlas.places if p.lat is not None and p.lon is not None}
    path = Path(app["folder"]) / "atlas_map.html"
    path.write_text(to_html_map(atlas), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector('[data-basemap="ready"]', timeout=60_000)
    page.wait_for_timeout(300)
    # folium's own page names its map map_<id>, not window.map as streamlit-folium does
    named = "window[Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getBounds)]"
    state = page.evaluate(_STATE_JS.replace("window.map", named))
    _assert_readable(state, located)
    assert sum(_crosses_antimeridian(line) for r in state["routes"] for line in r["lines"]) >= 10
    assert state["copies"] > 0
    shot(page, "mapview_export.png")
