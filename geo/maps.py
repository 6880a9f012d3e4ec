"""Folium maps of an atlas, pure (no Streamlit): places, routes, an offline basemap, local assets.

Everything the browser runs comes from the app itself: Leaflet and its plugins are served from
``static/vendor`` (npm packages copied by ``scripts/vendor_assets.py``) under ``/app/static/vendor``,
and the basemap (world-atlas country outlines) is fetched from there once by the browser and cached,
not embedded in the page on every rerun. Places are one GeoJSON layer drawn on a canvas, so that
ten thousand markers stay usable. Every text that came from an article is escaped.
"""

from __future__ import annotations

import html
import itertools
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.models import Atlas, AtlasPlace, AtlasTrip
from geo.routes import Point, great_circle
from geo.tie_layer import add_tie_layer

VENDOR_URL = "/app/static/vendor"
BASEMAP = "world-atlas/countries-50m.json"
MAX_ZOOM = 18

Role = Literal["origin", "destination", "both", "mentioned"]
Tiles = Literal["offline", "osm"]


@dataclass(frozen=True, slots=True)
class RoleStyle:
    """How a place of a given role is drawn, and how the legend names it."""

    label: str
    color: str


ROLE_STYLES: dict[Role, RoleStyle] = {
    "origin": RoleStyle("origin of a trip", "#1f6fb4"),
    "destination": RoleStyle("destination of a trip", "#d62728"),
    "both": RoleStyle("origin and destination", "#8e44ad"),
    "mentioned": RoleStyle("only mentioned", "#7f7f7f"),
}
ROUTE_COLOR = "#e6550d"
HIGHLIGHT_COLOR = "#ffd400"


def place_roles(atlas: Atlas) -> dict[str, Role]:
    """Each place id's role in the atlas's trips."""
    origins = {p for t in atlas.trips for p in t.origins}
    destinations = {p for t in atlas.trips for p in t.destinations}
    roles: dict[str, Role] = {}
    for place in atlas.places:
        if place.id in origins and place.id in destinations:
            roles[place.id] = "both"
        elif place.id in origins:
            roles[place.id] = "origin"
        elif place.id in destinations:
            roles[place.id] = "destination"
        else:
            roles[place.id] = "mentioned"
    return roles


def marker_radius(mentions: int) -> float:
    """Pixel radius of a marker: grows with the square root of its mentions, 5 to 18."""
    return round(min(18.0, 4.0 + 2.5 * math.sqrt(max(mentions, 1))), 1)


def _point(place: AtlasPlace) -> list[float]:
    return [place.lat or 0.0, place.lon or 0.0]


def located(atlas: Atlas) -> dict[str, AtlasPlace]:
    """The places that have coordinates, by id."""
    return {p.id: p for p in atlas.places if p.lat is not None and p.lon is not None}


def trip_legs(trip: AtlasTrip, places: Mapping[str, AtlasPlace]) -> list[tuple[str, str]]:
    """The legs of a trip as (from, to) place ids: each origin to the first stop, then stop to stop."""
    stops = [p for p in trip.destinations if p in places]
    starts = [p for p in trip.origins if p in places and p not in stops[:1]]
    if not stops:
        return []
    legs = [(origin, stops[0]) for origin in starts]
    legs += [(a, b) for a, b in itertools.pairwise(stops) if a != b]
    return legs


def route_lines(trip: AtlasTrip, places: Mapping[str, AtlasPlace]) -> list[list[Point]]:
    """The lines a trip is drawn with: each leg along its great circle, cut at ±180° (``geo.routes``)."""
    return [
        line
        for a, b in trip_legs(trip, places)
        for line in great_circle((_round(places[a].lon), _round(places[a].lat)),
                                 (_round(places[b].lon), _round(places[b].lat)))
    ]


def place_label(place: AtlasPlace) -> str:
    """A plain-text label: "Name, admin1, CC"."""
    parts = [place.name] + [part for part in (place.admin1, place.country) if part and part != place.name]
    return ", ".join(parts)


def trip_label(trip: AtlasTrip, places: Mapping[str, AtlasPlace]) -> str:
    """A plain-text label: "A, B → C → D (2023-11)"."""
    def names(ids: Iterable[str]) -> str:
        return ", ".join(places[i].name for i in ids if i in places) or "?"

    route = " → ".join([names(trip.origins)] + [names([d]) for d in trip.destinations])
    when = trip.start or trip.date_text or "undated"
    if trip.end and trip.end != trip.start:
        when = f"{trip.start} – {trip.end}"
    return f"{route} ({when})"


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element (no closing tag, no HTML comment can start)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


ROLES: tuple[Role, ...] = ("origin", "destination", "both", "mentioned")


def _round(value: float | None) -> float:
    return round(value or 0.0, 5)  # about a metre: enough for a marker, and a smaller page


def layer_data(atlas: Atlas) -> dict[str, Any]:
    """What the browser needs to draw the places and routes, compact (rows, not GeoJSON objects).

    ``places`` rows: [id, lon, lat, radius, role index, escaped label, mentions], big markers first so
    that small ones stay clickable on top of them; ``trips`` rows: [id, escaped label, lines] with each
    line a list of [lon, lat] points in travel order (``route_lines``). The page's script turns them
    into GeoJSON features.
    """
    roles = place_roles(atlas)
    places = located(atlas)
    rows = [
        [p.id, _round(p.lon), _round(p.lat), marker_radius(len(p.mentions)), ROLES.index(roles[p.id]),
         html.escape(place_label(p)), len(p.mentions)]
        for p in sorted(places.values(), key=lambda p: -len(p.mentions))
    ]
    trips = []
    for trip in atlas.trips:
        lines = route_lines(trip, places)
        if lines:
            trips.append([trip.id, html.escape(trip_label(trip, places)),
                          [[list(point) for point in line] for line in lines]])
    styles = [[role, html.escape(ROLE_STYLES[role].label), ROLE_STYLES[role].color] for role in ROLES]
    return {"styles": styles, "places": rows, "trips": trips}


def places_geojson(atlas: Atlas) -> dict[str, Any]:
    """The located places as the GeoJSON FeatureCollection that the page builds from ``layer_data``."""
    data = layer_data(atlas)
    features = []
    for pid, lon, lat, radius, role, label, count in data["places"]:
        name, text, color = data["styles"][role]
        tooltip = f"<b>{label}</b><br>{text} · {count} mention{'' if count == 1 else 's'}"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": {"id": pid, "kind": "place", "role": name, "color": color,
                                        "radius": radius, "tooltip": tooltip}})
    return {"type": "FeatureCollection", "features": features}


def trips_geojson(atlas: Atlas) -> dict[str, Any]:
    """The trips with located legs as GeoJSON MultiLineStrings, leg by leg in travel order."""
    features = [
        {"type": "Feature",
         "geometry": {"type": "MultiLineString", "coordinates": lines},
         "properties": {"id": tid, "kind": "trip", "tooltip": f"<b>Trip</b> {label}"}}
        for tid, label, lines in layer_data(atlas)["trips"]
    ]
    return {"type": "FeatureCollection", "features": features}


class _Assets(MacroElement):
    """Points Leaflet's default icons at the local copy and paints the sea of the offline basemap."""

    _template = Template("""
        {% macro header(this, kwargs) %}
            <style>.leaflet-container { background: {{ this.sea }}; }
            .atlas-legend { background: rgba(255,255,255,.9); padding: 6px 8px; border-radius: 4px;
              font: 12px/1.5 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
            .atlas-legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
              margin-right: 5px; }</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
            L.Icon.Default.imagePath = {{ this.image_path|tojson }};
            (function () {
                var legend = L.control({position: "bottomright"});
                legend.onAdd = function () {
                    var div = L.DomUtil.create("div", "atlas-legend");
                    div.innerHTML = {{ this.legend|tojson }};
                    return div;
                };
                legend.addTo({{ this._parent.get_name() }});
            })();
        {% endmacro %}
    """)

    def __init__(self, assets: str, sea: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Assets"
        self.image_path = f"{assets}/leaflet/images/"
        self.sea = sea
        rows = [f'<i style="background:{s.color}"></i>{html.escape(s.label)}' for s in ROLE_STYLES.values()]
        rows.append(f'<i style="background:{ROUTE_COLOR};border-radius:0;height:3px"></i>route ➜')
        self.legend = "<br>".join(rows)


class _OfflineBasemap(MacroElement):
    """Country outlines from world-atlas, fetched by the browser from the app (cached by it)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map) {
                var pane = map.createPane("basemap");
                pane.style.zIndex = 150;
                pane.style.pointerEvents = "none";
                // rings cut at the antimeridian would be drawn as lines across the world: unwrap them
                function unwrap(ring) {
                    for (var i = 1; i < ring.length; i++) {
                        var d = ring[i][0] - ring[i - 1][0];
                        if (Math.abs(d) > 180) { ring[i][0] -= 360 * Math.round(d / 360); }
                    }
                }
                fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (topo) {
                    var name = Object.keys(topo.objects)[0];
                    var world = topojson.feature(topo, topo.objects[name]);
                    world.features.forEach(function (f) {
                        if (!f.geometry) { return; }
                        var g = f.geometry;
                        var polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
                        polys.forEach(function (poly) { poly.forEach(unwrap); });
                    });
                    L.geoJSON(world, {
                        pane: "basemap", interactive: false, renderer: L.canvas({pane: "basemap"}),
                        style: {color: "#8a96a3", weight: 0.7, fillColor: "#f7f5ef", fillOpacity: 1}
                    }).addTo(map);
                    map.getContainer().setAttribute("data-basemap", "ready");
                }).catch(function (e) { console.error("basemap", e); });
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "OfflineBasemap"
        self.url = url


class _AtlasLayer(MacroElement):
    """Places (canvas circle markers) and routes (lines with arrow heads), one GeoJSON layer each."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (map, data) {
                // one canvas for routes and places, with a click tolerance: a route is a thin line
                if (!map.options.renderer) { map.options.renderer = L.canvas({tolerance: 6}); }
                // the same GeoJSON features as geo.maps.places_geojson / trips_geojson, built here
                var styles = data.styles;
                var routes = L.geoJSON({type: "FeatureCollection", features: data.trips.map(function (r) {
                    return {type: "Feature",
                            properties: {id: r[0], kind: "trip", tooltip: "<b>Trip</b> " + r[1]},
                            geometry: {type: "MultiLineString", coordinates: r[2]}};
                })}, {
                    style: function () {
                        return {color: {{ this.route_color|tojson }}, weight: 3, opacity: 0.85};
                    }
                }).bindTooltip(function (layer) { return layer.feature.properties.tooltip; }, {sticky: true})
                  .addTo(map);
                if (L.polylineDecorator) {
                    routes.eachLayer(function (layer) {
                        L.polylineDecorator(layer, {patterns: [{offset: "55%", repeat: 0,
                            symbol: L.Symbol.arrowHead({pixelSize: 12, polygon: true, pathOptions: {
                                color: {{ this.route_color|tojson }}, fillOpacity: 1, weight: 1,
                                interactive: false}})}]}).addTo(map);
                    });
                }
                var places = L.geoJSON({type: "FeatureCollection", features: data.places.map(function (r) {
                    var style = styles[r[4]];
                    return {type: "Feature", geometry: {type: "Point", coordinates: [r[1], r[2]]},
                            properties: {id: r[0], kind: "place", role: style[0], color: style[2],
                                radius: r[3], tooltip: "<b>" + r[5] + "</b><br>" + style[1] + " · " + r[6]
                                + (r[6] === 1 ? " mention" : " mentions")}};
                })}, {
                    pointToLayer: function (feature, latlng) {
                        var p = feature.properties;
                        return L.circleMarker(latlng, {radius: p.radius, color: "#ffffff", weight: 1.5,
                            fillColor: p.color, fillOpacity: 0.9});
                    }
                }).bindTooltip(function (layer) { return layer.feature.properties.tooltip; })
                  .addTo(map);
                map.getContainer().setAttribute("data-places", data.places.length);
                return {places: places, routes: routes};
            })({{ this._parent.get_name() }}, {{ this.data }});
        {% endmacro %}
    """)

    def __init__(self, atlas: Atlas) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AtlasLayer"
        self.data = _script_json(layer_data(atlas))
        self.route_color = ROUTE_COLOR


def _local_assets(assets: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    js = [
        ("leaflet", f"{assets}/leaflet/leaflet.js"),
        ("polylinedecorator", f"{assets}/leaflet-polylinedecorator/leaflet.polylineDecorator.js"),
        ("topojson", f"{assets}/topojson-client/topojson-client.min.js"),
    ]
    css = [("leaflet_css", f"{assets}/leaflet/leaflet.css")]
    return js, css


def bounds(atlas: Atlas) -> list[list[float]] | None:
    """South-west and north-east corners of the located places, or None if there are none."""
    points = [(p.lat, p.lon) for p in located(atlas).values() if p.lat is not None and p.lon is not None]
    if not points:
        return None
    lats, lons = [a for a, _ in points], [b for _, b in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def build_map(atlas: Atlas, *, tiles: Tiles = "offline", assets: str = VENDOR_URL) -> folium.Map:
    """A folium map of every located place and trip, with its JS and CSS served from ``assets``."""
    if tiles not in ("offline", "osm"):
        raise ValueError(f"tiles must be 'offline' or 'osm', got: {tiles!r}")
    fmap = folium.Map(location=[25.0, 10.0], zoom_start=2, tiles=None, prefer_canvas=True,
                      control_scale=True, world_copy_jump=True)
    fmap.options["max_zoom"] = MAX_ZOOM
    fmap.options["min_zoom"] = 1
    # folium and its plugins would fetch Leaflet, jQuery, Bootstrap ... from CDNs: serve our own instead
    fmap.default_js, fmap.default_css = _local_assets(assets)
    _Assets(assets, "#dbe7f0" if tiles == "offline" else "#ffffff").add_to(fmap)
    if tiles == "offline":
        _OfflineBasemap(f"{assets}/{BASEMAP}").add_to(fmap)
    else:
        folium.TileLayer("OpenStreetMap", max_zoom=MAX_ZOOM).add_to(fmap)
    _AtlasLayer(atlas).add_to(fmap)
    add_tie_layer(fmap, atlas)
    corners = bounds(atlas)
    if corners is not None:
        folium.FitBounds(corners, padding=(30, 30), max_zoom=6).add_to(fmap)
    return fmap


def highlight(atlas: Atlas, selection: tuple[str, str] | None) -> folium.FeatureGroup:
    """A layer that rings the selected place or retraces the selected trip (for feature_group_to_add)."""
    group = folium.FeatureGroup(name="selection", control=False)
    if selection is None:
        return group
    kind, item = selection
    places = located(atlas)
    if kind == "place" and item in places:
        place = places[item]
        folium.CircleMarker(_point(place), radius=marker_radius(len(place.mentions)) + 5,
                            color=HIGHLIGHT_COLOR, weight=4, fill=False, interactive=False).add_to(group)
    elif kind == "trip":
        trip = next((t for t in atlas.trips if t.id == item), None)
        for line in route_lines(trip, places) if trip else []:
            folium.PolyLine(  # type: ignore[no-untyped-call]
                [[lat, lon] for lon, lat in line],
                color=HIGHLIGHT_COLOR, weight=8, opacity=0.7, interactive=False,
            ).add_to(group)
    return group


def selection_from_click(atlas: Atlas, result: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """What a click on the map chose, from st_folium's answer: ("place", id), ("trip", id) or None."""
    if not result:
        return None
    drawing = result.get("last_active_drawing")
    if isinstance(drawing, Mapping):
        props = drawing.get("properties")
        if isinstance(props, Mapping) and props.get("kind") in ("place", "trip"):
            item = str(props.get("id", ""))
            pool = {p.id for p in atlas.places} if props["kind"] == "place" else {t.id for t in atlas.trips}
            if item in pool:
                return str(props["kind"]), item
    clicked = result.get("last_object_clicked")
    if isinstance(clicked, Mapping) and "lat" in clicked and "lng" in clicked:
        try:
            lat, lon = float(clicked["lat"]), float(clicked["lng"])
        except (TypeError, ValueError):
            return None
        for place in located(atlas).values():
            if abs((place.lat or 0.0) - lat) < 1e-6 and abs((place.lon or 0.0) - lon) < 1e-6:
                return "place", place.id
    return None
