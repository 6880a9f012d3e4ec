"""The folium maps: local assets only, offline basemap, markers by role, routes in order, escaping."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import folium
import pytest
import streamlit_folium

from geo.models import Atlas
from geo.views import maps
from geo.views.colours import FACET_LABELS, Colouring
from tests.atlas_factory import HOSTILE, globe_atlas, hostile_atlas, small_atlas, synthetic_atlas


def _html(atlas: Atlas, **kwargs: Any) -> str:
    return str(maps.build_map(atlas, **kwargs).get_root().render())


def _embedded(html: str) -> dict[str, Any]:
    """The data literal that the page's script turns into the places and routes layers."""
    found = re.search(r"\}\)\(map_\w+, (\{\"styles\".*?\}), \w+\);\n", html)
    assert found, "no layer data in the page"
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_every_script_and_stylesheet_is_served_by_the_app() -> None:
    html = _html(small_atlas())
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    assert all(u.startswith("/app/static/vendor/") for u in urls), urls
    assert "cdn" not in html.lower()
    assert 'L.Icon.Default.imagePath = "/app/static/vendor/leaflet/images/"' in html


def _collected_links(fmap: folium.Map) -> list[str]:
    """The JS and CSS links streamlit-folium hands to its component (it walks default_js/default_css)."""
    links: list[str] = []

    def walk(element: Any) -> None:
        links.extend(url for _, url in getattr(element, "default_js", []))
        links.extend(url for _, url in getattr(element, "default_css", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(fmap)
    return links


@pytest.mark.parametrize("selection", [None, ("place", "gn:3"), ("trip", "tr:one")])
def test_streamlit_folium_gets_no_cdn_link(selection: tuple[str, str] | None) -> None:
    atlas = small_atlas()
    fmap = maps.build_map(atlas)
    group = maps.highlight(atlas, selection)
    group.add_to(fmap)
    links = _collected_links(fmap)
    assert links
    assert all(link.startswith("/app/static/vendor/") for link in links), links
    fmap.render()
    header = streamlit_folium._get_header(fmap)
    assert "http:" not in header
    assert "https:" not in header


def test_offline_basemap_is_fetched_not_embedded() -> None:
    html = _html(small_atlas())
    assert 'fetch("/app/static/vendor/world-atlas/countries-50m.json")' in html
    assert "topojson.feature" in html
    assert "tile.openstreetmap" not in html
    assert '"maxZoom": 18' in html
    assert '"preferCanvas": true' in html


def test_online_tiles_are_a_choice() -> None:
    html = _html(small_atlas(), tiles="osm")
    assert "tile.openstreetmap.org" in html
    assert "countries-50m.json" not in html


def test_unknown_tiles_are_refused_with_the_value() -> None:
    with pytest.raises(ValueError, match="'mapbox'"):
        maps.build_map(small_atlas(), tiles="mapbox")  # type: ignore[arg-type]


def test_markers_are_styled_by_role_and_sized_by_mentions() -> None:
    atlas = small_atlas()
    assert _embedded(_html(atlas)) == maps.layer_data(atlas)
    data = maps.places_geojson(atlas)
    props = {f["properties"]["id"]: f["properties"] for f in data["features"]}
    # the place without a point is left out
    assert set(props) == {"gn:1", "gn:2", "gn:3", "gn:4", "gn:5", "gn:6"}
    assert {k: v["role"] for k, v in props.items()} == {
        "gn:1": "origin", "gn:2": "both", "gn:3": "destination", "gn:4": "destination", "gn:5": "origin",
        "gn:6": "mentioned"}
    assert props["gn:6"]["color"] == maps.ROLE_STYLES["mentioned"].color
    assert props["gn:2"]["radius"] > props["gn:1"]["radius"]  # two mentions against one
    point = next(f for f in data["features"] if f["properties"]["id"] == "gn:3")["geometry"]["coordinates"]
    assert point[1] == 34.694  # GeoJSON order: longitude first, on the copy of the world beside Tulsa
    assert point[0] == 135.502 - 360


@pytest.mark.parametrize(("mentions", "radius"), [(0, 6.5), (1, 6.5), (4, 9.0), (9, 11.5), (1000, 18.0)])
def test_marker_radius(mentions: int, radius: float) -> None:
    assert maps.marker_radius(mentions) == radius


def test_routes_go_from_origins_through_destinations_in_order_with_arrows() -> None:
    html = _html(small_atlas())
    data = maps.flows_geojson(small_atlas())
    lines = [(f["properties"]["id"], f["geometry"]["coordinates"]) for f in data["features"]]
    tulsa, boise, osaka, kobe = [-95.993, 36.154], [-116.203, 43.614], [-224.498, 34.694], [-224.817, 34.691]
    one = [line for item, line in lines if item == "tr:one"]
    # Tulsa -> Osaka and Boise -> Osaka go west over the Pacific, each one line past -180° to Osaka's
    # marker, which sits on the copy of the world beside them
    assert [(line[0], line[-1]) for line in one] == [(tulsa, osaka), (boise, osaka), (osaka, kobe)]
    assert one[2] == [osaka, kobe]  # a short leg stays straight
    for line in one:
        assert all(abs(b[0] - a[0]) <= 30 for a, b in itertools.pairwise(line))
    assert "L.polylineDecorator" in html
    assert "L.Symbol.arrowHead" in html


def _shared_atlas() -> Atlas:
    """The small atlas with two more trips from Tulsa to Osaka: a flow of three trips."""
    from dataclasses import replace

    atlas = small_atlas()
    more = tuple(replace(atlas.trips[0], id=f"tr:again{i}", origins=("gn:1",), destinations=("gn:3",))
                 for i in range(2))
    return replace(atlas, trips=(*atlas.trips, *more))


def test_trips_that_share_a_leg_are_one_flow_as_wide_as_its_count() -> None:
    atlas = _shared_atlas()
    features = maps.flows_geojson(atlas)["features"]
    flows = [f["properties"] for f in features if f["properties"]["kind"] == "flow"]
    assert [(p["id"], p["count"]) for p in flows] == [("gn:1>gn:3", 3)]  # Tulsa -> Osaka, three trips
    assert "3 trips" in flows[0]["tooltip"]
    assert "Tulsa, OK, US → Osaka, JP" in flows[0]["tooltip"]
    single = [f["properties"] for f in features if f["properties"]["kind"] == "trip"]
    assert {p["count"] for p in single} == {1}
    assert flows[0]["weight"] > max(p["weight"] for p in single)
    (leg, trips) = maps.flow_trips(atlas, "gn:1>gn:3") or ((), [])
    assert leg == ("gn:1", "gn:3")
    assert [t.id for t in trips] == ["tr:one", "tr:again0", "tr:again1"]
    assert maps.flow_trips(atlas, "gn:1>gn:5") is None
    assert maps.flow_trips(atlas, "nonsense") is None


@pytest.mark.parametrize(("count", "weight"), [(1, 3.0), (4, 6.0), (9, 9.0), (100, 14.0)])
def test_flow_weight(count: int, weight: float) -> None:
    assert maps.flow_weight(count) == weight


def test_outlines_are_drawn_again_where_the_view_reaches_past_180() -> None:
    html = _html(small_atlas())
    reach = re.search(r"var reach = \[(-?[\d.]+), (-?[\d.]+)\]", html)
    assert reach, "no reach in the page"
    west, east = float(reach.group(1)), float(reach.group(2))
    assert west < -224.817 < -116.203 < east  # from beyond Kobe's copy to past Boise
    assert "data-basemap-copies" in html


def test_places_round_the_globe_are_fitted_in_under_270_degrees() -> None:
    atlas = globe_atlas()
    lons = maps.display_lons(atlas)
    (south, west), (north, east) = maps.bounds(atlas, lons) or [[0, 0], [0, 0]]
    assert east - west == pytest.approx(249.93)  # cut in the Pacific, the one empty stretch 90° wide
    assert all(west <= lon <= east for lon in lons.values())
    assert (south, north) == (-43.53, 53.55)
    html = _html(atlas)
    # a fitted view rounded down by at most 1.4 %: 249.9° plus 28 pixels of padding stay under 270°
    # in the dashboard's 600-pixel map (zoomSnap 0.1 gave 275°)
    assert '"zoomSnap": 0.02' in html
    assert "fitBounds" in html


@pytest.mark.parametrize(
    ("origins", "destinations", "legs"),
    [
        (("a",), ("b",), [("a", "b")]),
        (("a", "b"), ("c", "d"), [("a", "c"), ("b", "c"), ("c", "d")]),
        (("a",), ("b", "b", "c"), [("a", "b"), ("b", "c")]),
        (("a",), ("a", "c"), [("a", "c")]),  # an origin that is also the first stop is not a leg
        (("x",), ("b",), [("x", "b")]),
        (("a",), ("unlocated",), []),
        ((), ("b", "c"), [("b", "c")]),
    ],
)
def test_trip_legs(
    origins: tuple[str, ...], destinations: tuple[str, ...], legs: list[tuple[str, str]]
) -> None:
    from dataclasses import replace

    atlas = small_atlas()
    points = {k: atlas.places[i] for i, k in enumerate(("a", "b", "c", "d", "x"))}
    trip = replace(atlas.trips[0], origins=origins, destinations=destinations)
    assert maps.trip_legs(trip, points) == legs


def test_text_from_articles_is_escaped() -> None:
    html = _html(hostile_atlas())
    assert HOSTILE not in html
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html
    data = _embedded(html)
    tooltips = [row[5] for row in data["places"]] + [row[1] for row in data["trips"]]
    assert all("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in t for t in tooltips)  # shown as text


def test_empty_atlas_gives_a_world_map() -> None:
    html = _html(Atlas())
    assert re.search(r"map_\w+\.fitBounds", html) is None  # no view to fit
    assert _embedded(html)["places"] == []


def test_ten_thousand_places_are_one_canvas_layer() -> None:
    atlas = synthetic_atlas(documents=2000, places=10_000)
    html = _html(atlas)
    assert html.count("L.circleMarker(") == 1  # one GeoJSON layer, not one script per marker
    data = _embedded(html)
    assert len(data["places"]) == 10_000
    assert sum(len(row[2]) for row in data["flows"]) == sum(len(maps.trip_legs(t, maps.located(atlas)))
                                                       for t in atlas.trips)
    # rows, not GeoJSON objects: about 55 bytes a place; a route's arcs about 400 bytes a trip
    assert len(json.dumps(data["places"], separators=(",", ":"))) < 10_000 * 80
    assert len(json.dumps(data["flows"], separators=(",", ":"))) < 2000 * 600
    assert len(html) < 1_600_000


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (None, None),
        ({}, None),
        ({"last_active_drawing": {"properties": {"kind": "place", "id": "gn:3"}}}, ("place", "gn:3")),
        ({"last_active_drawing": {"properties": {"kind": "trip", "id": "tr:two"}}}, ("trip", "tr:two")),
        ({"last_active_drawing": {"properties": {"kind": "place", "id": "gn:999"}}}, None),
        ({"last_active_drawing": {"properties": {"kind": "flow", "id": "gn:1>gn:3"}}}, ("flow", "gn:1>gn:3")),
        ({"last_active_drawing": {"properties": {"kind": "flow", "id": "gn:3>gn:1"}}}, None),
        ({"last_active_drawing": {"type": "Feature", "properties": {}}}, None),
        ({"last_object_clicked": {"lat": 34.694, "lng": 135.502}}, ("place", "gn:3")),
        ({"last_object_clicked": {"lat": 34.0, "lng": 135.0}}, None),
        ({"last_object_clicked": {"lat": "x", "lng": None}}, None),
    ],
)
def test_selection_from_click(result: dict[str, Any] | None, expected: tuple[str, str] | None) -> None:
    assert maps.selection_from_click(_shared_atlas(), result) == expected


@pytest.mark.parametrize(("selection", "snippet"), [
    (("place", "gn:3"), "L.circleMarker"), (("trip", "tr:one"), "L.polyline"),
    (("flow", "gn:1>gn:3"), "L.polyline"), (None, None)])
def test_highlight_layer(selection: tuple[str, str] | None, snippet: str | None) -> None:
    atlas = _shared_atlas()
    fmap = maps.build_map(atlas)
    maps.highlight(atlas, selection).add_to(fmap)
    html = fmap.get_root().render()
    if snippet is None:
        assert maps.HIGHLIGHT_COLOR not in html
    else:
        assert snippet in html
        assert maps.HIGHLIGHT_COLOR in html
        # clicks pass through the highlight to the marker or route under it
        assert '"interactive": false' in html
        assert f'"pane": "{maps.SELECTION_PANE}"' in html
        assert f'map.createPane("{maps.SELECTION_PANE}")' in html


def test_labels() -> None:
    atlas = small_atlas()
    places = {p.id: p for p in atlas.places}
    assert maps.place_label(places["gn:3"]) == "Osaka, JP"
    assert maps.trip_label(atlas.trips[0], places) == "Tulsa, Boise → Osaka → Kobe (2023-03)"


@pytest.mark.parametrize(("colouring", "labels"), [
    (None, []),
    (Colouring("year"), ["2023", "2025"]),
    (Colouring("program"), ["Prairie Pacific Exchange", "no program"]),
    (Colouring("direction", "US"), ["out of US", "into US", "neither end in US"]),
])
def test_routes_are_coloured_by_the_chosen_facet_with_a_legend(colouring: Colouring | None,
                                                                labels: list[str]) -> None:
    atlas = small_atlas()
    html = _html(atlas, colouring=colouring)
    data = _embedded(html)
    legend = [row[0] for row in data["legend"]]
    for label in labels:
        assert label in html  # in the legend the page shows
    if colouring is None:
        assert "Routes by" not in html  # one colour: the legend has one route row
    else:
        assert sorted(legend) == sorted(labels)
        flows = maps.flows_geojson(atlas, colouring)["features"]
        by_category = {f["properties"]["category"]: f["properties"]["color"] for f in flows}
        assert len(set(by_category.values())) == len(by_category)  # one colour per category
        assert f"Routes by {FACET_LABELS[colouring.facet]}" in html


def test_groups_join_nearby_places_and_sum_the_trips_between_them() -> None:
    rows = [("a", 135.5, 34.7, 9, "Osaka"), ("b", 139.7, 35.7, 3, "Tokyo"), ("c", -96.0, 36.2, 4, "Tulsa")]
    groups, between = maps.place_groups(rows, {("a", "c"): 2, ("b", "c"): 3, ("a", "b"): 5}, cell=15.0)
    assert [(g[3], g[4], g[5]) for g in groups] == [("Osaka and 1 more place", 2, 12), ("Tulsa", 1, 4)]
    assert [(a, b, n) for a, b, n, _weight, _line in between] == [(0, 1, 5)]  # Osaka-Tokyo is inside a group
    assert groups[0][0] == pytest.approx((135.5 * 9 + 139.7 * 3) / 12, abs=1e-4)  # weighted by mentions


def test_a_lean_map_sends_the_count_of_a_flow_not_its_trips() -> None:
    atlas = synthetic_atlas(documents=400, places=60)
    full, lean = maps.layer_data(atlas), maps.layer_data(atlas, members=False)
    assert [row[6] for row in lean["flows"]] == [len(row[2]) for row in full["flows"]]
    assert all(len(row[2]) == (1 if row[6] == 1 else 0) for row in lean["flows"])
    alone = {full["trips"][row[2][0]][0] for row in full["flows"] if len(row[2]) == 1}
    assert {tid for tid, _label in lean["trips"]} == alone
    assert len(lean["trips"]) < len(full["trips"])


def test_a_big_view_sends_its_most_mentioned_places_and_groups_them_all() -> None:
    atlas = synthetic_atlas(documents=400, places=200)
    data = maps.layer_data(atlas, max_places=50, group=True)
    assert len(data["places"]) == 50
    assert data["total_places"] == len(maps.located(atlas))
    counts = sorted((len(p.mentions) for p in maps.located(atlas).values()), reverse=True)
    assert [row[6] for row in data["places"]] == counts[:50]
    assert sum(g[4] for g in data["groups"]) == data["total_places"]
    assert "data-grouped" in _html(atlas, group=True)
