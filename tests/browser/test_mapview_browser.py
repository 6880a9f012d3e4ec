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

from geo.places.routes import arrange
from tests.browser.conftest import ROOT, map_frame, served, shot
from tests.conftest import NewDatabases

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
            const g = layer.feature.geometry;  // a LineString for each leg that trips share
            const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
            routes.push({id: p.id, kind: p.kind, lines: lines});
        }
    });
    return {west: view.getWest(), east: view.getEast(), places: places, routes: routes,
            copies: Number(box.getAttribute('data-basemap-copies') || 0)};
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser: Any,
        module_databases: NewDatabases) -> Iterator[dict[str, str]]:
    """The dashboard on an empty database (SQLite, then PostgreSQL), built from the development articles
    on first start."""
    with served(tmp_path_factory, browser, f"mapview_browser_{module_databases.backend}", ARTICLES,
                module_databases.url("mapview_browser")) as (base, url, folder):
        yield {"base": base, "db": url, "folder": str(folder)}



def _state(frame: Any) -> dict[str, Any]:
    return frame.evaluate(_STATE_JS)  # type: ignore[no-any-return]


def _atlas(db: str) -> Any:
    from geo.store.database import Store
    from geo.views.atlas import build_atlas

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
    frame = map_frame(page, "mapview", settle_ms=300)
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
    frame = map_frame(page, "mapview", settle_ms=300)
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
    from geo.views.maps import located as located_places
    from geo.views.maps import trip_label

    atlas = _atlas(app["db"])
    places = located_places(atlas)
    trip = next(t for t in atlas.trips if "Portland → Sapporo" in trip_label(t, places))
    page.goto(app["base"] + f"/delegations?trip={trip.id}")
    frame = map_frame(page, "mapview", settle_ms=300)
    state = _state(frame)
    _assert_readable(state, {p for p in (*trip.origins, *trip.destinations) if p in places})
    assert state["east"] - state["west"] < 270
    assert any(_crosses_antimeridian(line) for r in state["routes"] for line in r["lines"])
    shot(page, "mapview_delegation.png")


def test_html_export_is_fitted_and_continuous_offline(app: dict[str, str], page: Any) -> None:
    from geo.views.export import to_html_map

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
    assert "No filter" in page.locator(".atlas-caption").inner_text()
    # a click on a marker opens its popup: sentences and sources, as the panel would show them
    sapporo = page.evaluate(_PLACE_POINT_JS.replace("window.map", named), "Sapporo")
    page.evaluate(f"() => {named}.setView([{sapporo['lat']}, {sapporo['lng']}], 7, "
                  "{animate: false}) && true")
    page.wait_for_timeout(300)
    sapporo = page.evaluate(_PLACE_POINT_JS.replace("window.map", named), "Sapporo")
    page.mouse.click(sapporo["x"], sapporo["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "Sapporo" in popup.inner_text()
    assert "Sources:" in popup.inner_text()
    assert popup.locator("blockquote").count() >= 1
    shot(page, "mapview_export.png")


_PLACE_POINT_JS = """(name) => {
    const map = window.map, rect = map.getContainer().getBoundingClientRect();
    let found = null;
    map.eachLayer(layer => {
        const p = layer.feature && layer.feature.properties;
        if (p && p.kind === 'place' && p.tooltip.indexOf('<b>' + name) === 0 && !found) {
            const pt = map.latLngToContainerPoint(layer.getLatLng());
            found = {id: p.id, lat: layer.getLatLng().lat, lng: layer.getLatLng().lng,
                     x: pt.x + rect.left, y: pt.y + rect.top};
        }
    });
    return found;
}"""


def test_a_click_writes_the_place_into_the_url_and_links_to_curate(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    frame = map_frame(page, "mapview", settle_ms=300)
    sapporo = frame.evaluate(_PLACE_POINT_JS, "Sapporo")
    assert sapporo is not None
    frame.evaluate(f"() => window.map.setView([{sapporo['lat']}, {sapporo['lng']}], 7, "
                   "{animate: false}) && true")
    page.wait_for_timeout(300)
    sapporo = frame.evaluate(_PLACE_POINT_JS, "Sapporo")
    box = frame.frame_element().bounding_box()
    page.mouse.click(box["x"] + sapporo["x"], box["y"] + sapporo["y"])
    panel = page.locator(".st-key-detail_panel")
    panel.get_by_text("Correct this place on Curate").wait_for(timeout=30_000)
    page.wait_for_function(f"() => location.search.includes('place={sapporo['id'].replace(':', '%3A')}')"
                           f" || decodeURIComponent(location.search).includes('place={sapporo['id']}')",
                           timeout=10_000)
    shared = page.url
    assert "Sapporo" in panel.locator("h3").first.inner_text()
    curate = panel.get_by_text("Correct this place on Curate").locator("xpath=ancestor::a")
    href = curate.get_attribute("href") or ""
    assert "curate" in href
    assert "place=" in href
    # the URL, opened afresh, shows the same panel
    page.goto(shared)
    page.locator(".st-key-detail_panel h3").first.wait_for(timeout=60_000)
    assert "Sapporo" in page.locator(".st-key-detail_panel h3").first.inner_text()
    shot(page, "mapview_place_url.png")


def test_an_apostrophe_is_shown_as_itself(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/?person=Ann%20O%27Neal")
    frame = map_frame(page, "mapview", settle_ms=300)
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("person: Ann O'Neal").first.wait_for(timeout=30_000)
    assert "&#x27;" not in main.inner_text()
    # a trip panel's source link, titled "Lord Mayor's China trip draws questions"
    atlas = _atlas(app["db"])
    trip = next(t for t in atlas.trips if "a07_perth_taiyuan" in t.documents)
    page.goto(app["base"] + f"/?trip={trip.id}")
    frame = map_frame(page, "mapview", settle_ms=300)
    assert frame is not None
    panel = page.locator(".st-key-detail_panel")
    panel.get_by_text("Source: Lord Mayor's China trip draws questions").first.wait_for(timeout=30_000)
    assert "&#x27;" not in panel.inner_text()
    shot(page, "mapview_apostrophe.png")


def test_delegations_table_shows_titles_and_dashes_and_the_undrawn_trips(app: dict[str, str],
                                                                         page: Any) -> None:
    from geo.views.maps import undrawn_trips

    atlas = _atlas(app["db"])
    undrawn = undrawn_trips(atlas)
    assert undrawn  # "? → United States": no located origin
    page.goto(app["base"] + "/")
    map_frame(page, "mapview", settle_ms=300)
    one = len(undrawn) == 1
    note = page.get_by_text(f"{len(undrawn)} of {len(atlas.trips)} trips {'is' if one else 'are'} not drawn")
    note.wait_for(timeout=30_000)
    page.get_by_text("See the trip not drawn" if one else f"See the {len(undrawn)} trips not drawn").click()
    page.get_by_text(f"{len(undrawn)} trips that the map cannot draw").wait_for(timeout=30_000)
    grid = page.locator("[data-testid='stDataFrame']")
    grid.wait_for(timeout=30_000)
    page.goto(app["base"] + "/delegations")
    grid = page.locator("[data-testid='stDataFrame']")
    grid.wait_for(timeout=60_000)
    page.wait_for_timeout(1000)
    shot(page, "mapview_delegations_table.png")


_FLOW_POINTS_JS = """() => {
    // points along the first flow, in view and away from every marker (where a user would point)
    const map = window.map, rect = map.getContainer().getBoundingClientRect(), markers = [];
    let flow = null;
    map.eachLayer(layer => {
        const p = layer.feature && layer.feature.properties;
        if (p && p.kind === 'place') markers.push(map.latLngToContainerPoint(layer.getLatLng()));
        if (p && p.kind === 'flow' && !flow) flow = layer;
    });
    if (!flow) return null;
    const points = flow.feature.geometry.coordinates.map(c => map.latLngToContainerPoint([c[1], c[0]]));
    const out = [];
    for (let i = 1; i < points.length; i++) {
        const a = points[i - 1], b = points[i];
        for (let k = 1; k < 40; k += 2) {
            const q = {x: a.x + (b.x - a.x) * k / 40, y: a.y + (b.y - a.y) * k / 40};
            if (q.x > 10 && q.y > 10 && q.x < rect.width - 10 && q.y < rect.height - 10
                && markers.every(m => Math.hypot(m.x - q.x, m.y - q.y) > 25)) {
                out.push({x: q.x + rect.left, y: q.y + rect.top});
            }
        }
    }
    return {id: flow.feature.properties.id, count: flow.feature.properties.count,
            weight: flow.options.weight, points: out};
}"""


def test_a_shared_leg_is_one_flow_with_its_count_and_its_trips(app: dict[str, str], page: Any) -> None:
    from geo.views.maps import flow_trips

    page.goto(app["base"] + "/")
    frame = map_frame(page, "mapview", settle_ms=300)
    page.wait_for_timeout(500)
    flow = frame.evaluate(_FLOW_POINTS_JS)
    assert flow is not None, "no flow on the map"
    atlas = _atlas(app["db"])
    found = flow_trips(atlas, flow["id"])
    assert found is not None
    _, trips = found
    assert flow["count"] == len(trips) >= 2  # Suzhou -> Springfield, in 2018 and 2024
    assert flow["weight"] > 3  # wider than a single trip's line
    box = frame.frame_element().bounding_box()
    tooltip = frame.locator(".leaflet-tooltip")
    # along the flow, as a user would, until the tooltip under the pointer is the flow's (other lines
    # run beside it over the Pacific)
    point = None
    for candidate in flow["points"]:
        page.mouse.move(box["x"] + candidate["x"], box["y"] + candidate["y"])
        page.wait_for_timeout(60)
        if tooltip.count() and f"{len(trips)} trips" in tooltip.first.inner_text():
            point = candidate
            break
    assert point is not None, "the flow's tooltip never showed"
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    panel = page.locator(".st-key-detail_panel")
    panel.get_by_text(f"{len(trips)} trips").first.wait_for(timeout=30_000)
    links = panel.get_by_text("Trip: ")
    links.nth(len(trips) - 1).wait_for(timeout=30_000)  # the panel draws its lines one after the other
    assert links.count() == len(trips)
    assert "flow=" in page.url
    shot(page, "mapview_flow.png")
    links.first.click()  # each trip leads to its panel
    page.locator(".st-key-trip_panel").get_by_text("Evidence (").first.wait_for(timeout=60_000)


_LEGEND_JS = """() => Array.from(document.querySelectorAll('.atlas-legend'))
    .map(e => e.innerText).join('\\n')"""


def _choose(page: Any, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox by its label, as a user would."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def test_the_legend_changes_with_the_chosen_facet(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    frame = map_frame(page, "mapview", settle_ms=300)
    assert "route" in frame.evaluate(_LEGEND_JS)
    assert "Routes by" not in frame.evaluate(_LEGEND_JS)
    _choose(page, "Colour routes by", "year")
    page.wait_for_function("() => location.search.includes('colour=year')", timeout=30_000)
    deadline = time.monotonic() + 60
    legend = ""
    while time.monotonic() < deadline and "Routes by year" not in legend:
        page.wait_for_timeout(250)
        try:
            legend = map_frame(page, "mapview", settle_ms=300).evaluate(_LEGEND_JS)
        except Exception:  # the map is redrawn
            continue
    assert "Routes by year" in legend
    assert "2024" in legend
    assert "2023" in legend
    shot(page, "mapview_colour_year.png")
    page.goto(app["base"] + "/?colour=direction&towards=JP")
    frame = map_frame(page, "mapview", settle_ms=300)
    legend = frame.evaluate(_LEGEND_JS)
    assert "into JP" in legend
    assert "out of JP" in legend
    colours = frame.evaluate("""() => { const c = new Set(); window.map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && (p.kind === 'trip' || p.kind === 'flow')) c.add(l.options.color); }); return c.size; }""")
    assert colours >= 3  # into, out of, neither
    shot(page, "mapview_colour_direction.png")


def test_the_year_slider_writes_the_dates_into_the_url(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    map_frame(page, "mapview", settle_ms=300)
    slider = page.get_by_role("slider").first
    slider.wait_for(timeout=30_000)
    slider.focus()
    page.keyboard.press("ArrowRight")  # the first year one on
    page.wait_for_function("() => location.search.includes('from=')", timeout=30_000)
    page.wait_for_timeout(500)
    atlas = _atlas(app["db"])
    first = min(int(t.start[:4]) for t in atlas.trips if t.start)
    assert f"from={first + 1}-01-01" in page.url
    # the map keeps only the trips from then on
    frame = map_frame(page, "mapview", settle_ms=300)
    trips = {r["id"] for r in _state(frame)["routes"] if r["kind"] == "trip"}
    early = {t.id for t in atlas.trips if t.start and int(t.start[:4]) == first}
    assert early
    assert not trips & early
    shot(page, "mapview_years.png")


def test_the_timeline_counts_trips_and_its_brush_sets_the_filter(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/timeline")
    charts = page.locator("[data-testid='stVegaLiteChart']")
    charts.nth(2).wait_for(timeout=60_000)  # counts, Gantt, the track of other dated events
    page.get_by_text("Other dated events in the articles (").wait_for(timeout=30_000)
    # the track is one row, however many events: the page stays short (the axis range is unit-tested)
    track = charts.nth(2).bounding_box()
    assert track is not None
    assert track["height"] < 80
    page.wait_for_timeout(1000)
    shot(page, "mapview_timeline.png")
    counts = charts.first.bounding_box()
    assert counts is not None
    y = counts["y"] + counts["height"] * 0.5
    start = counts["x"] + counts["width"] * 0.5
    page.mouse.move(start, y)
    page.mouse.down()
    page.mouse.move(start + counts["width"] * 0.3, y, steps=8)
    page.mouse.up()
    page.wait_for_function("() => location.search.includes('from=') && location.search.includes('to=')",
                           timeout=30_000)
    page.get_by_text("Filtered by from:").first.wait_for(timeout=30_000)
    shot(page, "mapview_timeline_brushed.png")


_OVERLAP_JS = """() => {
    // two place markers whose circles overlap, and a point in one only and a point in both
    const map = window.map, rect = map.getContainer().getBoundingClientRect(), markers = [];
    map.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && p.kind === 'place') markers.push({id: p.id, r: l.options.radius, name: p.tooltip,
                                                   c: map.latLngToContainerPoint(l.getLatLng())});
    });
    // as Leaflet's canvas finds a marker under the pointer: within its radius and the click tolerance
    const slack = (map.options.renderer && map.options.renderer.options.tolerance || 0) + 1;
    const inside = (m, q) => Math.hypot(m.c.x - q.x, m.c.y - q.y) <= m.r + slack;
    const strictly = (m, q) => Math.hypot(m.c.x - q.x, m.c.y - q.y) <= m.r - 1;
    const inView = q => q.x > 20 && q.y > 20 && q.x < rect.width - 20 && q.y < rect.height - 20;
    for (const a of markers) for (const b of markers) {
        const d = Math.hypot(a.c.x - b.c.x, a.c.y - b.c.y);
        if (a.id === b.id || a.r <= b.r || d < 4 || d > a.r + b.r - 4) continue;
        // a is the bigger: a point of b's circle outside a's reach, and the middle of their overlap
        const ux = (b.c.x - a.c.x) / d, uy = (b.c.y - a.c.y) / d;
        const only = {x: b.c.x + ux * (b.r + 2), y: b.c.y + uy * (b.r + 2)};
        const both = {x: a.c.x + ux * (d - b.r / 2), y: a.c.y + uy * (d - b.r / 2)};
        const others = markers.filter(m => m.id !== a.id && m.id !== b.id);
        if (inView(only) && inView(both) && inside(b, only) && !inside(a, only) && strictly(a, both)
            && strictly(b, both) && others.every(m => !inside(m, only) && !inside(m, both))) {
            return {big: a.id, small: b.id, only: {x: only.x + rect.left, y: only.y + rect.top},
                    both: {x: both.x + rect.left, y: both.y + rect.top}};
        }
    }
    return null;
}"""


def _panel_heading(page: Any) -> str:
    return page.locator(".st-key-detail_panel h3").first.inner_text()  # type: ignore[no-any-return]


def test_overlapping_markers_open_the_one_under_the_cursor_or_offer_a_list(app: dict[str, str],
                                                                           page: Any) -> None:
    page.goto(app["base"] + "/?country=US")
    frame = map_frame(page, "mapview", settle_ms=300)
    found = None
    view = ""
    for zoom in (4, 5, 6, 7):  # zoomed in until two markers overlap only in part
        view = f"() => window.map.setView([39.8, -89.6], {zoom}, {{animate: false}}) && true"
        frame.evaluate(view)
        page.wait_for_timeout(300)
        found = frame.evaluate(_OVERLAP_JS)
        if found:
            break
    assert found is not None, "no two markers overlap in part"
    atlas = _atlas(app["db"])
    names = {p.id: p.name for p in atlas.places}
    box = frame.frame_element().bounding_box()
    # on the smaller one, outside the bigger one: the smaller opens, and no list
    page.mouse.click(box["x"] + found["only"]["x"], box["y"] + found["only"]["y"])
    page.wait_for_function(f"() => decodeURIComponent(location.search).includes('place={found['small']}')",
                           timeout=30_000)
    page.wait_for_timeout(500)
    assert names[found["small"]] in _panel_heading(page)
    frame = map_frame(page, "mapview", settle_ms=300)
    assert frame.locator(".atlas-under").count() == 0
    # where both are under the cursor: a list of the two, and the one chosen from it opens
    frame.evaluate(view)  # the same view again, should the map have been drawn anew
    page.wait_for_timeout(300)
    again = frame.evaluate(_OVERLAP_JS)
    assert again is not None
    found["both"] = again["both"] if again["big"] == found["big"] else found["both"]
    page.mouse.click(box["x"] + found["both"]["x"], box["y"] + found["both"]["y"])
    items = frame.locator(".atlas-under a")
    items.first.wait_for(timeout=10_000)
    listed = {items.nth(i).get_attribute("data-place") for i in range(items.count())}
    assert {found["big"], found["small"]} <= listed
    shot(page, "mapview_overlap_list.png")
    frame.locator(f".atlas-under a[data-place='{found['big']}']").click()
    page.wait_for_function(f"() => decodeURIComponent(location.search).includes('place={found['big']}')",
                           timeout=30_000)
    page.wait_for_timeout(500)
    assert names[found["big"]] in _panel_heading(page)


def test_names_appear_beside_the_markers_when_zoomed_in(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    frame = map_frame(page, "mapview", settle_ms=300)
    assert frame.locator(".atlas-label").count() == 0  # the world view: no names over each other
    osaka = frame.evaluate(_PLACE_POINT_JS, "Osaka")  # on the copy of the world beside America
    assert osaka is not None
    frame.evaluate(f"() => window.map.setView([{osaka['lat']}, {osaka['lng']}], 7, "
                   "{animate: false}) && true")
    frame.locator(".atlas-label").first.wait_for(timeout=10_000)
    labels = frame.locator(".atlas-label").all_inner_texts()
    assert "Osaka" in labels
    assert "Kobe" in labels
    shot(page, "mapview_labels.png")
