"""Ties on the map, pure (no Streamlit): a switchable layer of dashed lines, unlike routes (no arrow).

A tie with two located places is one dashed line between them, the great circle bowed equatorwards
(so that it never lies under the route of a trip between the same places), drawn under the markers
(so that a click on a place still opens the place). The layer is a folium FeatureGroup
named in a LayerControl, which switches it on and off; its control label shows the line's style.
Every text that came from an article is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from geo.models import Atlas, AtlasPlace, AtlasTie
from geo.places.routes import Point, bowed_arc

TIE_COLOR = "#2a9d8f"
ENDED_COLOR = "#8c8c8c"
DASHES = {"ended": "2 7", "suspended": "2 7"}  # ended and suspended ties dotted, the others dashed
DASH = "8 6"
LAYER_NAME = (f'<span style="display:inline-block;width:26px;border-top:3px dashed {TIE_COLOR};'
              f'vertical-align:middle;margin-right:5px"></span>Ties (sister cities, friendship cities)')
HIGHLIGHT_COLOR = "#ffd400"


def _located(atlas: Atlas) -> dict[str, AtlasPlace]:
    return {p.id: p for p in atlas.places if p.lat is not None and p.lon is not None}


def _label(place: AtlasPlace) -> str:
    return ", ".join([place.name] + [x for x in (place.admin1, place.country) if x and x != place.name])


def tie_label(tie: AtlasTie, places: Mapping[str, AtlasPlace]) -> str:
    """A plain-text label: "Tulsa, OK, US – Beihai, CN · sister city · active · since 1998"."""
    ends = " – ".join(_label(places[p]) if p in places else p for p in tie.places)
    when = f"since {tie.since}" if tie.since else ""
    if tie.until:
        when = f"{tie.since or '?'} – {tie.until}"
    return " · ".join(x for x in (ends, tie.kind, tie.status, when) if x)


def tie_lines(tie: AtlasTie, places: Mapping[str, AtlasPlace],
              lons: Mapping[str, float] | None = None) -> list[list[Point]]:
    """The tie's line: the great circle bowed equatorwards, from its first place at the longitude the map
    shows it (``lons``, the markers' world copy), continuous past ±180° (empty if a place has no point)."""
    a, b = (places.get(p) for p in tie.places)
    if a is None or b is None or a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return []
    lon_a = (lons or {}).get(a.id, a.lon)
    return [bowed_arc((round(lon_a, 5), round(a.lat, 5)), (round(b.lon, 5), round(b.lat, 5)))]


def ties_geojson(atlas: Atlas, lons: Mapping[str, float] | None = None) -> dict[str, Any]:
    """The ties with two located places as GeoJSON MultiLineStrings, ``kind: "tie"``, tooltips escaped."""
    places = _located(atlas)
    features = []
    for tie in atlas.ties:
        lines = tie_lines(tie, places, lons)
        if not lines:
            continue
        features.append({
            "type": "Feature",
            "geometry": {"type": "MultiLineString",
                         "coordinates": [[list(p) for p in line] for line in lines]},
            "properties": {"id": tie.id, "kind": "tie", "tie_kind": tie.kind, "status": tie.status,
                           "tooltip": "<b>Tie</b> " + html.escape(tie_label(tie, places))},
        })
    return {"type": "FeatureCollection", "features": features}


def _style(feature: Mapping[str, Any]) -> dict[str, Any]:
    status = feature["properties"]["status"]
    return {"color": ENDED_COLOR if status == "ended" else TIE_COLOR, "weight": 3, "opacity": 0.9,
            "dashArray": DASHES.get(status, DASH), "lineCap": "butt"}


class _UnderMarkers(MacroElement):
    """Keeps the tie lines under the markers of the shared canvas, also when switched back on."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            (function (lines) {
                function back() { lines.eachLayer(function (l) { if (l.bringToBack) { l.bringToBack(); } }); }
                lines.on("add", function () { setTimeout(back, 0); });
                back();
            })({{ this.lines }});
        {% endmacro %}
    """)

    def __init__(self, lines: folium.GeoJson) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "UnderMarkers"
        self.lines = lines.get_name()


def tie_layer(atlas: Atlas, lons: Mapping[str, float] | None = None) -> folium.FeatureGroup:
    """The ties as a switchable FeatureGroup of dashed lines (empty when no tie has two located places)."""
    group = folium.FeatureGroup(name=LAYER_NAME, show=True, control=True)
    data = ties_geojson(atlas, lons)
    if data["features"]:
        lines = folium.GeoJson(data, name="ties", style_function=_style,
                               tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True))
        lines.add_to(group)
        _UnderMarkers(lines).add_to(group)
    return group


def add_tie_layer(fmap: folium.Map, atlas: Atlas, lons: Mapping[str, float] | None = None) -> None:
    """Add the tie layer and a LayerControl that switches it, when there is a tie to draw."""
    if not ties_geojson(atlas, lons)["features"]:
        return
    tie_layer(atlas, lons).add_to(fmap)
    folium.LayerControl(position="topright", collapsed=False).add_to(fmap)


def tie_from_click(atlas: Atlas, result: Mapping[str, Any] | None) -> str | None:
    """The id of the tie a click on the map chose (st_folium's ``last_active_drawing``), or None."""
    drawing = (result or {}).get("last_active_drawing")
    props = drawing.get("properties") if isinstance(drawing, Mapping) else None
    if not isinstance(props, Mapping) or props.get("kind") != "tie":
        return None
    item = str(props.get("id", ""))
    return item if any(t.id == item for t in atlas.ties) else None


def tie_highlight(atlas: Atlas, tie_id: str, lons: Mapping[str, float] | None = None) -> folium.FeatureGroup:
    """A layer that retraces the selected tie (for st_folium's feature_group_to_add)."""
    group = folium.FeatureGroup(name="selection", control=False)
    tie = next((t for t in atlas.ties if t.id == tie_id), None)
    for line in tie_lines(tie, _located(atlas), lons) if tie else []:
        folium.PolyLine(  # type: ignore[no-untyped-call]
            [[lat, lon] for lon, lat in line], color=HIGHLIGHT_COLOR, weight=8, opacity=0.7,
            interactive=False,
        ).add_to(group)
    return group
