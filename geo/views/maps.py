"""Folium maps of an atlas, pure (no Streamlit): places, routes, an offline basemap, local assets.

Everything the browser runs comes from the app itself: Leaflet and its plugins are served from
``static/vendor`` (npm packages copied by ``scripts/vendor_assets.py``) under ``/app/static/vendor``,
and the basemap (world-atlas country outlines) is fetched from there once by the browser and cached,
not embedded in the page on every rerun. Places are one GeoJSON layer drawn on a canvas, so that
ten thousand markers stay usable. Every text that came from an article is escaped.

Longitudes are continuous: ``geo.places.routes.arrange`` moves each place to the copy of the world that keeps
the view compact (Wuhan at -246° beside Indiana at -86°), routes run on past ±180° along their great
circles, and the country outlines are drawn again on the copies of the world that the view reaches.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.models import Atlas, AtlasPlace, AtlasTrip
from geo.places.routes import Point, arrange, great_circle
from geo.views.colours import FACET_LABELS, Colouring, flow_category, legend_rows, palette
from geo.views.tie_layer import add_tie_layer, tie_layer, ties_geojson

VENDOR_URL = "/app/static/vendor"
BASEMAP = "world-atlas/countries-50m.json"
MAX_ZOOM = 18
LABEL_ZOOM = 5  # place names shown beside the markers from this zoom on ...
MAX_LABELS = 150  # ... for at most this many places in view
SELECTION_PANE = "atlas-selection"

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


def display_lons(atlas: Atlas) -> dict[str, float]:
    """Each located place's longitude on the map: the copy of the world that keeps the view compact."""
    places = located(atlas)
    legs = [leg for trip in atlas.trips for leg in trip_legs(trip, places)]
    return {pid: _round(lon) for pid, lon in arrange({p.id: p.lon or 0.0 for p in places.values()},
                                                      legs).items()}


def route_lines(trip: AtlasTrip, places: Mapping[str, AtlasPlace],
                lons: Mapping[str, float] | None = None) -> list[list[Point]]:
    """The lines a trip is drawn with: each leg along its great circle from the origin's map longitude."""
    def start(pid: str) -> Point:
        return (lons[pid] if lons is not None else _round(places[pid].lon)), _round(places[pid].lat)

    return [great_circle(start(a), start(b)) for a, b in trip_legs(trip, places)]


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


def layer_data(atlas: Atlas, colouring: Colouring | None = None,
               lons: Mapping[str, float] | None = None, *, members: bool = True,
               max_places: int | None = None, group: bool = False,
               mentions: Mapping[str, int] | None = None) -> dict[str, Any]:
    """What the browser needs to draw the places and routes, compact (rows, not GeoJSON objects).

    ``places`` rows: [id, lon, lat, radius, role index, escaped label, mentions], big markers first so
    that small ones stay clickable on top of them, with ``lon`` the map longitude (``display_lons``);
    ``trips`` rows: [id, escaped label] of the trips drawn; ``flows`` rows: [from and to as row indexes
    in places, [trip row indexes], line weight, line, colour index in ``palette``, trips], one for each
    leg that trips share (``flows``), the line a list of [lon, lat] points in travel order along the
    great circle, continuous in longitude; ``palette`` rows [escaped category, colour] and ``legend``
    rows the same, as the legend shows them (``geo.views.colours``). A flow of one trip is that trip
    (kind "trip", its id), else kind "flow" and ``flow_id``.
    A leg that crosses the view's edge ends on another copy of the world: ``copies`` rows [row index in
    places, lon] draw its place there too. The page's script turns the rows into GeoJSON features.

    What a big view sends is bounded by its places, not its trips: without ``members`` a flow of
    several trips carries their number only (its panel lists them), so ``trips`` holds only the trips
    that are a flow alone; ``max_places`` keeps the most mentioned places (and the flows between them),
    ``total_places`` saying how many there were; ``group`` adds ``groups`` and ``group_flows``
    (``place_groups``), what the map draws below ``GROUP_ZOOM``. ``mentions``, when given, counts each
    place's mentions (an atlas from the view tables holds none).
    """
    roles = place_roles(atlas)
    places = located(atlas)
    lons = lons if lons is not None else display_lons(atlas)
    count = _counter(mentions)
    ordered = sorted(places.values(), key=lambda p: -count(p))
    every = ordered
    if max_places is not None and len(ordered) > max_places:
        ordered = ordered[:max_places]
    index = {p.id: i for i, p in enumerate(ordered)}
    rows = [
        [p.id, lons[p.id], _round(p.lat), marker_radius(count(p)), ROLES.index(roles[p.id]),
         html.escape(place_label(p)), count(p)]
        for p in ordered
    ]
    every_flow = flows(atlas)
    shared = {leg: trips for leg, trips in every_flow.items() if leg[0] in index and leg[1] in index}
    drawn = list(dict.fromkeys(t.id for trips in shared.values() if members or len(trips) == 1
                               for t in trips))
    trip_index = {tid: i for i, tid in enumerate(drawn)}
    by_id = {t.id: t for t in atlas.trips}
    out: list[list[Any]] = []
    copies = set()
    colouring = colouring or Colouring()
    names = {e.id: e.name for group in (atlas.organizations, atlas.programs) for e in group}
    ordered_flows = sorted(shared.items(), key=lambda item: len(item[1]))
    categories = [flow_category((places[a], places[b]), trips, colouring, names)
                  for (a, b), trips in ordered_flows]
    colours = palette(categories, colouring.facet)
    keys = list(colours)
    # the widest flows drawn last: on top, where a pointer finds them
    for ((a, b), trips), category in zip(ordered_flows, categories, strict=True):
        line = great_circle((lons[a], _round(places[a].lat)), (lons[b], _round(places[b].lat)))
        if abs(line[-1][0] - lons[b]) > 1:
            copies.add((index[b], _round(line[-1][0])))
        listed = [trip_index[t.id] for t in trips] if members or len(trips) == 1 else []
        out.append([index[a], index[b], listed, flow_weight(len(trips)),
                    [list(p) for p in line], keys.index(category), len(trips)])
    styles = [[role, html.escape(ROLE_STYLES[role].label), ROLE_STYLES[role].color] for role in ROLES]
    grouped: tuple[list[list[Any]], list[list[Any]]] = ([], [])
    if group:
        grouped = place_groups([(p.id, lons[p.id], p.lat or 0.0, count(p), place_label(p))
                                for p in every],
                               {leg: len(trips) for leg, trips in every_flow.items()})
    return {"styles": styles, "places": rows,
            "trips": [[tid, html.escape(trip_label(by_id[tid], places))] for tid in drawn],
            "flows": out, "copies": sorted(copies),
            "palette": [[html.escape(k), colours[k]] for k in keys],
            "legend": [[html.escape(label), colour] for label, colour in legend_rows(colours)],
            "total_places": len(every), "groups": grouped[0], "group_flows": grouped[1]}


GROUP_ZOOM = 4  # below this zoom a grouped map draws its groups of places, from it each place
GROUP_CELL = 15.0  # degrees of latitude and of (map) longitude: the grid the places are grouped on
GROUP_ABOVE = 300  # a view with more located places than this is grouped at low zoom unless asked not to
MAX_PLACES = 1500  # the most mentioned places a view sends to the browser; the groups count them all
MAX_GROUP_FLOWS = 150  # the busiest routes between groups drawn at low zoom

PlaceRow = tuple[str, float, float, int, str]  # id, map longitude, latitude, mentions, label


def place_groups(places: Iterable[PlaceRow], legs: Mapping[tuple[str, str], int], cell: float = GROUP_CELL,
                 max_flows: int = MAX_GROUP_FLOWS) -> tuple[list[list[Any]], list[list[Any]]]:
    """Places grouped on a grid of ``cell`` degrees, and the trips between groups (pure).

    ``groups`` rows: [lon, lat, radius, escaped label, places, mentions], at the mentions-weighted
    centre of their places, the label naming the most mentioned; ``group_flows`` rows: [group a, group
    b, trips, line weight, line], one per pair of groups that legs join (a leg within a group is not
    drawn), the ``max_flows`` most travelled, most travelled last.
    """
    cells: dict[tuple[int, int], list[PlaceRow]] = {}
    for row in places:
        cells.setdefault((math.floor(row[2] / cell), math.floor(row[1] / cell)), []).append(row)
    groups: list[list[Any]] = []
    member: dict[str, int] = {}
    for members in cells.values():
        members.sort(key=lambda r: (-r[3], r[0]))
        weight = sum(max(r[3], 1) for r in members)
        lon = sum(r[1] * max(r[3], 1) for r in members) / weight
        lat = sum(r[2] * max(r[3], 1) for r in members) / weight
        mentions = sum(r[3] for r in members)
        more = len(members) - 1
        label = members[0][4] + (f" and {more} more place{'' if more == 1 else 's'}" if more else "")
        member.update((r[0], len(groups)) for r in members)
        groups.append([_round(lon), _round(lat), round(min(30.0, 6.0 + 2.0 * math.sqrt(len(members))), 1),
                       html.escape(label), len(members), mentions])
    between: dict[tuple[int, int], int] = {}
    for (a, b), trips in legs.items():
        ga, gb = member.get(a), member.get(b)
        if ga is not None and gb is not None and ga != gb:
            between[(ga, gb)] = between.get((ga, gb), 0) + trips
    lines = [[ga, gb, n, flow_weight(n),
              [list(p) for p in great_circle((groups[ga][0], groups[ga][1]), (groups[gb][0], groups[gb][1]))]]
             for (ga, gb), n in sorted(between.items(), key=lambda item: (item[1], item[0]))[-max_flows:]]
    return groups, lines


def _counter(mentions: Mapping[str, int] | None) -> Callable[[AtlasPlace], int]:
    """How many mentions a place has: its own, or those ``mentions`` counts."""
    if mentions is None:
        return lambda place: len(place.mentions)
    return lambda place: mentions.get(place.id, len(place.mentions))


def flows(atlas: Atlas) -> dict[tuple[str, str], list[AtlasTrip]]:
    """The legs that trips share, (from, to) place ids to the trips that travel them, in first-seen order."""
    places = located(atlas)
    shared: dict[tuple[str, str], list[AtlasTrip]] = {}
    for trip in atlas.trips:
        for leg in dict.fromkeys(trip_legs(trip, places)):
            shared.setdefault(leg, []).append(trip)
    return shared


FLOW_SEPARATOR = ">"


def flow_id(origin: str, destination: str) -> str:
    """The id of the flow from one place to another, as the map and the URL (?flow=) carry it."""
    return f"{origin}{FLOW_SEPARATOR}{destination}"


def flow_trips(atlas: Atlas, item: str) -> tuple[tuple[str, str], list[AtlasTrip]] | None:
    """The leg a flow id names and the trips that travel it, or None if there are none."""
    origin, sep, destination = item.partition(FLOW_SEPARATOR)
    trips = flows(atlas).get((origin, destination)) if sep else None
    return ((origin, destination), trips) if trips else None


def flow_weight(count: int) -> float:
    """Line width in pixels of a flow of ``count`` trips: grows with the square root, 3 to 14."""
    return round(min(14.0, 3.0 * math.sqrt(max(count, 1))), 1)


def places_geojson(atlas: Atlas) -> dict[str, Any]:
    """The located places as the GeoJSON FeatureCollection that the page builds from ``layer_data``."""
    data = layer_data(atlas)
    features: list[dict[str, Any]] = []
    for pid, lon, lat, radius, role, label, count in data["places"]:
        name, text, color = data["styles"][role]
        tooltip = f"<b>{label}</b><br>{text} · {count} mention{'' if count == 1 else 's'}"
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": {"id": pid, "kind": "place", "role": name, "color": color,
                                        "radius": radius, "tooltip": tooltip}})
    return {"type": "FeatureCollection", "features": features}


def flows_geojson(atlas: Atlas, colouring: Colouring | None = None) -> dict[str, Any]:
    """The located legs as GeoJSON LineStrings, one per leg that trips share, as the page builds them."""
    data = layer_data(atlas, colouring)
    places, trips = data["places"], data["trips"]
    features = []
    for a, b, members, weight, line, colour, _count in data["flows"]:
        if len(members) == 1:
            kind, item = "trip", trips[members[0]][0]
            tooltip = "<b>Trip</b> " + trips[members[0]][1]
        else:
            kind, item = "flow", flow_id(places[a][0], places[b][0])
            tooltip = f"<b>{places[a][5]} → {places[b][5]}</b><br>{len(members)} trips · click to list them"
        features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
                         "properties": {"id": item, "kind": kind, "tooltip": tooltip, "count": len(members),
                                        "weight": weight, "category": data["palette"][colour][0],
                                        "color": data["palette"][colour][1]}})
    return {"type": "FeatureCollection", "features": features}


class _Assets(MacroElement):
    """Points Leaflet's default icons at the local copy and paints the sea of the offline basemap."""

    _template = Template("""
        {% macro header(this, kwargs) %}
            <style>.leaflet-container { background: {{ this.sea }}; }
            .atlas-legend { background: rgba(255,255,255,.9); padding: 6px 8px; border-radius: 4px;
              font: 12px/1.5 sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); }
            .atlas-label { background: rgba(255,255,255,.75); border: 0; box-shadow: none; padding: 0 3px;
              font: 11px/1.3 sans-serif; color: #222; }
            .atlas-label:before { display: none; }
            .atlas-under a { display: block; padding: 2px 0; overflow-wrap: anywhere; }
            .atlas-under-title { font-weight: bold; margin-bottom: 3px; }
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

    def __init__(self, assets: str, sea: str, routes: list[list[str]], title: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Assets"
        self.image_path = f"{assets}/leaflet/images/"
        self.sea = sea
        rows = [f'<i style="background:{s.color}"></i>{html.escape(s.label)}' for s in ROLE_STYLES.values()]
        if title:
            rows.append(f'<b class="atlas-legend-title">{html.escape(title)}</b>')
        # route rows: labels escaped in layer_data; one row "route ➜" when one colour colours them all
        rows += [f'<i style="background:{colour};border-radius:0;height:3px" data-legend-route></i>{label}'
                 for label, colour in routes] or [
            f'<i style="background:{ROUTE_COLOR};border-radius:0;height:3px" data-legend-route></i>route ➜']
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
                // the outlines again on each other copy of the world that the view reaches (west..east)
                var reach = {{ this.reach|tojson }};
                function shifted(f, offset) {
                    var g = f.geometry, polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
                    var kept = polys.filter(function (poly) {
                        var lons = poly[0].map(function (p) { return p[0] + offset; });
                        return Math.max.apply(null, lons) >= reach[0]
                            && Math.min.apply(null, lons) <= reach[1];
                    }).map(function (poly) {
                        return poly.map(function (ring) {
                            return ring.map(function (p) { return [p[0] + offset, p[1]]; });
                        });
                    });
                    return kept.length ? {type: "Feature", properties: {},
                                          geometry: {type: "MultiPolygon", coordinates: kept}} : null;
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
                    var copies = [];
                    [-720, -360, 360, 720].forEach(function (offset) {
                        if (reach[0] > 180 + offset || reach[1] < offset - 180) { return; }
                        world.features.forEach(function (f) {
                            var copy = f.geometry && shifted(f, offset);
                            if (copy) { copies.push(copy); }
                        });
                    });
                    world.features = world.features.concat(copies);
                    map.getContainer().setAttribute("data-basemap-copies", copies.length);
                    L.geoJSON(world, {
                        pane: "basemap", interactive: false, renderer: L.canvas({pane: "basemap"}),
                        style: {color: "#8a96a3", weight: 0.7, fillColor: "#f7f5ef", fillOpacity: 1}
                    }).addTo(map);
                    map.getContainer().setAttribute("data-basemap", "ready");
                }).catch(function (e) { console.error("basemap", e); });
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str, reach: tuple[float, float]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "OfflineBasemap"
        self.url = url
        self.reach = list(reach)


class _AtlasLayer(MacroElement):
    """Places (canvas circle markers) and routes (lines with arrow heads), one GeoJSON layer each."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (map, data, group) {
                // ``group``: the map itself, or the layer streamlit-folium swaps on each rerun
                // one canvas for routes and places, with a click tolerance: a route is a thin line
                if (!map.options.renderer) { map.options.renderer = L.canvas({tolerance: 6}); }
                // the highlight of the selection gets a canvas of its own, over the map: clicks pass it
                var selection = map.getPane({{ this.selection_pane|tojson }})
                    || map.createPane({{ this.selection_pane|tojson }});
                selection.style.zIndex = 450;
                selection.style.pointerEvents = "none";
                // the same GeoJSON features as geo.views.maps.places_geojson / flows_geojson, built here
                var styles = data.styles;
                var routes = L.geoJSON({type: "FeatureCollection", features: data.flows.map(function (r) {
                    var a = data.places[r[0]], b = data.places[r[1]], members = r[2], count = r[6];
                    var one = data.trips[members[0]];
                    var props = count === 1
                        ? {kind: "trip", id: one[0], tooltip: "<b>Trip</b> " + one[1]}
                        : {kind: "flow", id: a[0] + {{ this.separator|tojson }} + b[0],
                           tooltip: "<b>" + a[5] + " → " + b[5] + "</b><br>" + count
                                    + " trips · click to list them"};
                    props.count = count;
                    props.trips = members.map(function (i) { return data.trips[i][0]; });
                    props.weight = r[3];
                    props.color = data.palette[r[5]][1];
                    props.category = data.palette[r[5]][0];
                    return {type: "Feature", properties: props,
                            geometry: {type: "LineString", coordinates: r[4]}};
                })}, {
                    style: function (feature) {
                        return {color: feature.properties.color, weight: feature.properties.weight,
                                opacity: 0.8};
                    }
                }).bindTooltip(function (layer) { return layer.feature.properties.tooltip; }, {sticky: true})
                  .addTo(group);
                var arrows = L.layerGroup().addTo(group);
                function arrow(layer, color, weight) {
                    // the direction: an arrow head past the middle, as wide as its flow
                    return L.polylineDecorator(layer, {patterns: [{offset: "55%", repeat: 0,
                        symbol: L.Symbol.arrowHead({pixelSize: 9 + 1.5 * weight, polygon: true,
                            pathOptions: {color: color, fillOpacity: 1, weight: 1, interactive: false}})}]});
                }
                if (L.polylineDecorator) {
                    routes.eachLayer(function (layer) {
                        arrows.addLayer(arrow(layer, layer.feature.properties.color,
                                              layer.feature.properties.weight));
                    });
                }
                var rows = data.places.concat(data.copies.map(function (c) {
                    var r = data.places[c[0]].slice(); r[1] = c[1]; return r;
                }));
                var places = L.geoJSON({type: "FeatureCollection", features: rows.map(function (r) {
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
                  .addTo(group);
                map.getContainer().setAttribute("data-places", data.places.length);
                // markers under the pointer: a click where several overlap lists them to choose from
                function under(point) {
                    // as the canvas finds a marker: within its radius and the click tolerance
                    var slack = (map.options.renderer.options.tolerance || 0) / 2, found = [];
                    places.eachLayer(function (layer) {
                        var p = map.latLngToContainerPoint(layer.getLatLng());
                        if (p.distanceTo(point) <= layer.options.radius + slack) { found.push(layer); }
                    });
                    return found;
                }
                places.on("click", function (e) {
                    // the pointer itself: Leaflet reports a small marker's centre as the event's point
                    var found = under(e.originalEvent ? map.mouseEventToContainerPoint(e.originalEvent)
                                                      : map.latLngToContainerPoint(e.latlng));
                    if (found.length < 2 || e.fromList) { return; }
                    var list = L.DomUtil.create("div", "atlas-under");
                    var title = L.DomUtil.create("div", "atlas-under-title", list);
                    title.textContent = found.length + " places here:";
                    found.forEach(function (layer) {
                        var item = L.DomUtil.create("a", "atlas-under-item", list);
                        item.href = "#";
                        item.innerHTML = layer.feature.properties.tooltip.split("<br>")[0];
                        item.setAttribute("data-place", layer.feature.properties.id);
                        L.DomEvent.on(item, "click", function (event) {
                            L.DomEvent.preventDefault(event);
                            map.closePopup();
                            layer.fire("click", {latlng: layer.getLatLng(), fromList: true}, true);
                        });
                    });
                    // once this click is done: the map's own handling of it would close the popup
                    setTimeout(function () {
                        L.popup({maxWidth: 320, className: "atlas-under-popup"}).setLatLng(e.latlng)
                            .setContent(list).openOn(map);
                    }, 0);
                });
                // names beside the markers once the map is zoomed in enough to read them
                var labels = L.layerGroup().addTo(group);
                function label() {
                    labels.clearLayers();
                    if (map.getZoom() < {{ this.label_zoom }}) { return; }
                    var view = map.getBounds().pad(0.1), shown = 0;
                    places.eachLayer(function (layer) {
                        if (shown >= {{ this.max_labels }} || !view.contains(layer.getLatLng())) { return; }
                        shown += 1;
                        labels.addLayer(L.tooltip({permanent: true, direction: "right", interactive: false,
                            className: "atlas-label", offset: [layer.options.radius, 0]})
                            .setLatLng(layer.getLatLng())
                            .setContent(layer.feature.properties.tooltip.split("<br>")[0]
                                .replace(/<[^>]*>/g, "").split(", ")[0]));
                    });
                    map.getContainer().setAttribute("data-labels", shown);
                }
                map.on("zoomend moveend", label);
                var grouping = null;
                if (group !== map) {  // swapped out: its handlers go with it
                    group.on("remove", function () {
                        map.off("zoomend moveend", label);
                        if (grouping) { map.off("zoomend", grouping); }
                    });
                }
                if (data.fit && map._atlasView !== data.view) {  // a new view, not a click in this one
                    map._atlasView = data.view;
                    map.fitBounds(data.fit, {padding: [14, 14], maxZoom: 6});
                }
                map.getContainer().setAttribute("data-total-places", data.total_places);
                if (data.groups.length) {
                    // a big view: below the group zoom, groups of places and the trips between them
                    var groups = L.layerGroup(), between = L.geoJSON({type: "FeatureCollection",
                        features: data.group_flows.map(function (r) {
                            return {type: "Feature", geometry: {type: "LineString", coordinates: r[4]},
                                    properties: {kind: "group-flow", weight: r[3], tooltip: "<b>"
                                        + data.groups[r[0]][3] + " → " + data.groups[r[1]][3]
                                        + "</b><br>" + r[2] + (r[2] === 1 ? " trip" : " trips")
                                        + " · zoom in for the places"}};
                        })}, {style: function (f) {
                            return {color: {{ this.route_color|tojson }}, weight: f.properties.weight,
                                    opacity: 0.45};
                        }}).bindTooltip(function (layer) { return layer.feature.properties.tooltip; },
                                        {sticky: true});
                    between.eachLayer(function (layer) {
                        groups.addLayer(layer);
                        if (L.polylineDecorator) {
                            groups.addLayer(arrow(layer, {{ this.route_color|tojson }},
                                                  layer.feature.properties.weight));
                        }
                    });
                    data.groups.forEach(function (g) {
                        var marker = new L.CircleMarker([g[1], g[0]], {radius: g[2], color: "#ffffff",
                            weight: 2, fillColor: "#3b5b7a", fillOpacity: 0.85});
                        marker.bindTooltip("<b>" + g[3] + "</b><br>" + g[4]
                            + (g[4] === 1 ? " place · " : " places · ") + g[5]
                            + " mentions · click to zoom in");
                        marker.on("click", function () {
                            map.setView([g[1], g[0]], {{ this.group_zoom }});
                        });
                        groups.addLayer(marker);
                    });
                    var detail = [routes, arrows, places, labels];
                    grouping = function () {
                        var low = map.getZoom() < {{ this.group_zoom }};
                        detail.forEach(function (layer) {
                            if (low && group.hasLayer(layer)) { group.removeLayer(layer); }
                            if (!low && !group.hasLayer(layer)) { group.addLayer(layer); }
                        });
                        if (low && !group.hasLayer(groups)) { group.addLayer(groups); }
                        if (!low && group.hasLayer(groups)) { group.removeLayer(groups); }
                        map.getContainer().setAttribute("data-grouped", low ? data.groups.length : 0);
                    };
                    map.on("zoomend", grouping);
                    map.whenReady(grouping);
                }
                return {places: places, routes: routes};
            })({{ this.map.get_name() }}, {{ this.data }}, {{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any], fmap: folium.Map) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "AtlasLayer"
        self.map = fmap  # named when rendered: streamlit-folium renames the map first
        self.data = _script_json(data)
        self.route_color = ROUTE_COLOR
        self.separator = FLOW_SEPARATOR
        self.label_zoom = LABEL_ZOOM
        self.selection_pane = SELECTION_PANE
        self.max_labels = MAX_LABELS
        self.group_zoom = GROUP_ZOOM


class Popups(MacroElement):
    """Popups bound to the atlas layer's markers and routes: HTML by "place:ID" and "trip:ID" (escaped).

    A flow's popup is its trips' popups one after the other. For the standalone export, whose reader has
    no panel beside the map.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (layers, popups) {
                function bind(layer) {
                    var p = layer.feature.properties;
                    var html = p.kind === "place" ? popups["place:" + p.id]
                        : (p.trips || [p.id]).map(function (t) { return popups["trip:" + t]; }).join("<hr>");
                    if (html) { layer.bindPopup(html, {maxWidth: 380, maxHeight: 320}); }
                }
                layers.places.eachLayer(bind);
                layers.routes.eachLayer(bind);
            })({{ this.layer }}, {{ this.popups }});
        {% endmacro %}
    """)

    def __init__(self, layer: str, popups: Mapping[str, str]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Popups"
        self.layer = layer
        self.popups = _script_json(dict(popups))


class Caption(MacroElement):
    """A title and a note (the filters a map was made with) in the map's top right corner."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (map) {
                var box = L.control({position: "topright"});
                box.onAdd = function () {
                    var div = L.DomUtil.create("div", "atlas-legend atlas-caption");
                    div.innerHTML = {{ this.html|tojson }};
                    return div;
                };
                box.addTo(map);
            })({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, title: str, note: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Caption"
        self.html = f"<b>{html.escape(title)}</b>" + (f"<br>{html.escape(note)}" if note else "")


def atlas_layer_name(fmap: folium.Map) -> str:
    """The JavaScript name of the map's atlas layer (its places and routes), for ``Popups``."""
    return next(child.get_name() for child in fmap._children.values() if isinstance(child, _AtlasLayer))


def _local_assets(assets: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    js = [
        ("leaflet", f"{assets}/leaflet/leaflet.js"),
        ("polylinedecorator", f"{assets}/leaflet-polylinedecorator/leaflet.polylineDecorator.js"),
        ("topojson", f"{assets}/topojson-client/topojson-client.min.js"),
    ]
    css = [("leaflet_css", f"{assets}/leaflet/leaflet.css")]
    return js, css


def bounds(atlas: Atlas, lons: Mapping[str, float] | None = None) -> list[list[float]] | None:
    """South-west and north-east corners of the located places at their map longitudes, or None."""
    places = located(atlas)
    if not places:
        return None
    lons = lons if lons is not None else display_lons(atlas)
    lats = [p.lat or 0.0 for p in places.values()]
    return [[min(lats), min(lons.values())], [max(lats), max(lons.values())]]


ZOOM_SNAP = 0.02  # the first view at most 1.4 % wider than the places and their padding need
REACH_MARGIN = 200.0  # how far past the places the outlines are drawn: enough to pan a view's width


def _reach(corners: list[list[float]] | None) -> tuple[float, float]:
    if corners is None:
        return (-180.0, 180.0)
    return (corners[0][1] - REACH_MARGIN, corners[1][1] + REACH_MARGIN)


@dataclass(frozen=True, slots=True)
class MapParts:
    """What a map of an atlas costs to compute: map longitudes, first view, the layer's data."""

    lons: Mapping[str, float]
    corners: list[list[float]] | None
    data: dict[str, Any]


def map_parts(atlas: Atlas, colouring: Colouring | None = None, *, members: bool = True,
              max_places: int | None = None, group: bool = False,
              mentions: Mapping[str, int] | None = None) -> MapParts:
    """The parts of ``build_map`` that go through every trip, computed once (``layer_data``)."""
    lons = display_lons(atlas)
    return MapParts(lons, bounds(atlas, lons), layer_data(atlas, colouring or Colouring(), lons,
                                                          members=members, max_places=max_places,
                                                          group=group, mentions=mentions))


def _base_map(tiles: Tiles, assets: str, center: list[float], legend: list[list[str]], facet: str,
              reach: tuple[float, float]) -> folium.Map:
    """The map without the atlas: its options, local assets, legend and basemap."""
    if tiles not in ("offline", "osm"):
        raise ValueError(f"tiles must be 'offline' or 'osm', got: {tiles!r}")
    # no world_copy_jump: markers sit on the copy of the world that keeps them together, maybe past ±180
    fmap = folium.Map(location=center, zoom_start=2, tiles=None, prefer_canvas=True, control_scale=True)
    fmap.options["max_zoom"] = MAX_ZOOM
    fmap.options["min_zoom"] = 1
    # fitBounds rounds its zoom down to a multiple of zoomSnap, which widens the view by up to 2**zoomSnap:
    # 7 % at 0.1 took a view of places round the globe (249°) past 270° in the dashboard's 600-pixel map
    fmap.options["zoomSnap"] = ZOOM_SNAP
    # folium and its plugins would fetch Leaflet, jQuery, Bootstrap ... from CDNs: serve our own instead
    fmap.default_js, fmap.default_css = _local_assets(assets)
    title = "" if facet == "none" else f"Routes by {FACET_LABELS[facet]}"  # type: ignore[index]
    routes = [] if facet == "none" else legend
    _Assets(assets, "#dbe7f0" if tiles == "offline" else "#ffffff", routes, title).add_to(fmap)
    if tiles == "offline":
        _OfflineBasemap(f"{assets}/{BASEMAP}", reach).add_to(fmap)
    else:
        folium.TileLayer("OpenStreetMap", max_zoom=MAX_ZOOM).add_to(fmap)
    return fmap


def build_map(atlas: Atlas, *, tiles: Tiles = "offline", assets: str = VENDOR_URL,
              colouring: Colouring | None = None, members: bool = True, max_places: int | None = None,
              group: bool = False, parts: MapParts | None = None) -> folium.Map:
    """A folium map of every located place and trip, with its JS and CSS served from ``assets``.

    ``colouring`` chooses the facet that colours the routes (one colour by default); the legend names
    its categories. ``members``, ``max_places`` and ``group`` bound what a big view sends (``layer_data``);
    ``parts``, when given, are what ``map_parts`` computed for this atlas and colouring (a cache's).
    """
    parts = parts if parts is not None else map_parts(atlas, colouring, members=members,
                                                      max_places=max_places, group=group)
    lons, corners, data = parts.lons, parts.corners, parts.data
    center = ([(corners[0][0] + corners[1][0]) / 2, (corners[0][1] + corners[1][1]) / 2]
              if corners is not None else [25.0, 10.0])
    fmap = _base_map(tiles, assets, center, data["legend"], (colouring or Colouring()).facet, _reach(corners))
    _AtlasLayer(data, fmap).add_to(fmap)
    add_tie_layer(fmap, atlas, lons)
    if corners is not None:
        folium.FitBounds(corners, padding=(14, 14), max_zoom=6).add_to(fmap)
    return fmap


LIVE_REACH = (-539.0, 539.0)  # the outlines of a live map: the world and a copy on each side


@dataclass(frozen=True)
class LiveMap:
    """A map whose atlas is swapped without drawing the map again (st_folium's ``feature_group_to_add``
    and ``layer_control``): ``base`` stays the same from one view to the next (options, assets, legend,
    basemap), ``layers`` hold the view's places, routes and ties, ``control`` switches the ties."""

    base: folium.Map
    layers: list[folium.FeatureGroup]
    control: folium.LayerControl | None


def live_map(atlas: Atlas, parts: MapParts, *, tiles: Tiles = "offline", assets: str = VENDOR_URL,
             colouring: Colouring | None = None) -> LiveMap:
    """The Map page's map: a base that does not change with the filters, so that the browser keeps it
    (the frame, Leaflet, the basemap) and only swaps the atlas's layers; the view is fitted when it
    changes, not when a click reruns the page."""
    colouring = colouring or Colouring()
    legend = parts.data["legend"] if colouring.facet != "none" else []
    base = _base_map(tiles, assets, [25.0, 10.0], legend, colouring.facet, LIVE_REACH)
    layer = folium.FeatureGroup(name="atlas", control=False)
    view = hashlib.blake2b(_script_json([parts.corners, len(parts.data["places"]),
                                         len(parts.data["flows"])]).encode(), digest_size=8).hexdigest()
    _AtlasLayer({**parts.data, "fit": parts.corners, "view": view}, base).add_to(layer)
    layers = [layer]
    ties = tie_layer(atlas, parts.lons)
    control = None
    if ties_geojson(atlas, parts.lons)["features"]:
        layers.append(ties)
        control = folium.LayerControl(position="topright", collapsed=False)
    return LiveMap(base, layers, control)


_Element = Any  # a folium vector layer (folium is untyped)


def _passive(layer: _Element) -> _Element:
    """A highlight that clicks pass through, to the marker or route under it.

    folium's vector layers drop ``interactive`` and ``pane`` from their keyword arguments: without them
    the ring over a selected marker would catch the next click on that marker and open nothing.
    """
    layer.options.update({"interactive": False, "pane": SELECTION_PANE})
    return layer


def highlight(atlas: Atlas, selection: tuple[str, str] | None, lons: Mapping[str, float] | None = None,
              mentions: Mapping[str, int] | None = None) -> folium.FeatureGroup:
    """A layer that rings the selected place or retraces the selected trip (for feature_group_to_add)."""
    group = folium.FeatureGroup(name="selection", control=False)
    if selection is None:
        return group
    kind, item = selection
    places = located(atlas)
    lons = lons if lons is not None else display_lons(atlas)
    if kind == "place" and item in places:
        place = places[item]
        radius = marker_radius(_counter(mentions)(place)) + 5
        _passive(folium.CircleMarker([place.lat or 0.0, lons[item]], radius=radius, color=HIGHLIGHT_COLOR,
                                     weight=4, fill=False)).add_to(group)
    elif kind in ("trip", "flow"):
        trip = next((t for t in atlas.trips if t.id == item), None)
        found = flow_trips(atlas, item) if kind == "flow" else None
        lines = route_lines(trip, places, lons) if trip else []
        if found is not None:
            (a, b), _ = found
            lines = [great_circle((lons[a], _round(places[a].lat)), (lons[b], _round(places[b].lat)))]
        for line in lines:
            _passive(folium.PolyLine(  # type: ignore[no-untyped-call]
                [[lat, lon] for lon, lat in line], color=HIGHLIGHT_COLOR, weight=8, opacity=0.7,
            )).add_to(group)
    return group


def selection_from_click(atlas: Atlas, result: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """What a click on the map chose, from st_folium's answer: ("place"|"trip"|"flow", id) or None."""
    if not result:
        return None
    drawing = result.get("last_active_drawing")
    if isinstance(drawing, Mapping):
        props = drawing.get("properties")
        if isinstance(props, Mapping) and props.get("kind") in ("place", "trip", "flow"):
            item = str(props.get("id", ""))
            if props["kind"] == "flow":
                return ("flow", item) if flow_trips(atlas, item) else None
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
            # the click may be on another copy of the world than the place's own longitude
            turns = abs((place.lon or 0.0) - lon) / 360.0
            if abs((place.lat or 0.0) - lat) < 1e-6 and abs(turns - round(turns)) * 360.0 < 1e-6:
                return "place", place.id
    return None


def undrawn_trips(atlas: Atlas) -> tuple[AtlasTrip, ...]:
    """The trips the map cannot draw: no leg between two located places."""
    places = located(atlas)
    return tuple(t for t in atlas.trips if not trip_legs(t, places))
