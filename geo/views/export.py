"""The atlas as files: JSON (the contract), GeoJSON (RFC 7946), CSV (one row per trip leg), KML, HTML.

Every text that came from an article is data here: JSON and GeoJSON escape it by construction,
KML through the XML writer, the HTML map through ``geo.views.maps`` (which escapes every tooltip), and
CSV cells that a spreadsheet would run as a formula are prefixed with a quote. Only ``http(s)``
URLs ever become links.
"""

from __future__ import annotations

import base64
import csv
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from geo.config import PROJECT_ROOT
from geo.models import Atlas, AtlasPlace, AtlasTrip
from geo.views.atlas import atlas_to_dict, place_dict, tie_dict, trip_dict

CSV_COLUMNS = ("trip_id", "origin", "origin_lat", "origin_lon", "destination", "destination_lat",
               "destination_lon", "start", "end", "program", "organizer", "participants", "documents")
# added after the contract's columns, so that an import finds the same places and words again
CSV_EXTRA = ("origin_id", "destination_id", "date_text", "participant_text",
             # the leg's sources, so that a spreadsheet keeps what the trip was read from
             "document_titles", "document_urls", "evidence_sentence")
LIST_SEPARATOR = "; "
VENDOR_DIR = PROJECT_ROOT / "static" / "vendor"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_KML_NS = "http://www.opengis.net/kml/2.2"


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else ``None``: a ``javascript:`` URL never becomes a link."""
    if not url:
        return None
    cleaned = re.sub(r"[\x00-\x20]", "", url)
    return url.strip() if re.match(r"(?i)https?://", cleaned) else None


# --- JSON and GeoJSON ----------------------------------------------------------------------------------


def to_json(atlas: Atlas) -> str:
    """The contract's ``export --format json``."""
    return json.dumps(atlas_to_dict(atlas), ensure_ascii=False, indent=2) + "\n"


def _located(atlas: Atlas) -> dict[str, AtlasPlace]:
    return {p.id: p for p in atlas.places if p.lat is not None and p.lon is not None}


def trip_legs(trip: AtlasTrip) -> list[tuple[str | None, str | None]]:
    """The legs of a trip as (from, to) place ids: each origin to the first stop, then stop to stop."""
    stops = list(trip.destinations)
    if not stops:
        return [(origin, None) for origin in trip.origins] or [(None, None)]
    legs: list[tuple[str | None, str | None]] = [(o, stops[0]) for o in trip.origins if o != stops[0]]
    if not legs:
        legs = [(None, stops[0])]
    legs += [(a, b) for a, b in itertools.pairwise(stops) if a != b]
    return legs


def _position(place: AtlasPlace) -> list[float]:
    return [round(float(place.lon or 0.0), 6), round(float(place.lat or 0.0), 6)]


def trip_geometry(trip: AtlasTrip, located: Mapping[str, AtlasPlace]) -> dict[str, Any] | None:
    """A LineString (one origin, then the stops) or a MultiLineString of legs; None if nothing is drawn."""
    origins = [o for o in trip.origins if o in located]
    stops = [d for d in trip.destinations if d in located]
    if not origins or not stops:
        return None
    path = [origins[0], *stops]
    chain = [p for i, p in enumerate(path) if i == 0 or p != path[i - 1]]
    if len(origins) == 1 and len(chain) >= 2:
        return {"type": "LineString", "coordinates": [_position(located[p]) for p in chain]}
    lines = [[_position(located[a]), _position(located[b])]
             for a, b in trip_legs(trip) if a is not None and b is not None and a in located
             and b in located and a != b]
    if not lines:
        return None
    return {"type": "MultiLineString", "coordinates": lines}


def geojson_dict(atlas: Atlas) -> dict[str, Any]:
    """The atlas as an RFC 7946 FeatureCollection of places (Points) and trips (lines)."""
    located = _located(atlas)
    features: list[dict[str, Any]] = []
    for place in atlas.places:
        if place.id in located:
            features.append({"type": "Feature", "id": place.id,
                             "geometry": {"type": "Point", "coordinates": _position(place)},
                             "properties": {**place_dict(place), "type": "place"}})
    for trip in atlas.trips:
        geometry = trip_geometry(trip, located)
        if geometry is not None:
            features.append({"type": "Feature", "id": trip.id, "geometry": geometry,
                             "properties": {**trip_dict(trip), "type": "trip"}})
    for tie in atlas.ties:
        ends = [located[p] for p in tie.places if p in located]
        if len(ends) == 2:
            features.append({"type": "Feature", "id": tie.id,
                             "geometry": {"type": "LineString", "coordinates": [_position(p) for p in ends]},
                             "properties": {**tie_dict(tie), "type": "tie"}})
    return {"type": "FeatureCollection", "features": features}


def to_geojson(atlas: Atlas) -> str:
    """The contract's ``export --format geojson`` (RFC 7946, longitude first)."""
    return json.dumps(geojson_dict(atlas), ensure_ascii=False, indent=1) + "\n"


# --- CSV ---------------------------------------------------------------------------------------------------


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet will show, not run: a leading = + - @ gets a quote."""
    return "'" + value if value.startswith(_FORMULA) else value


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def csv_rows(atlas: Atlas) -> list[dict[str, str]]:
    """One row per trip leg, with the contract's columns and the extra ones."""
    places = {p.id: p for p in atlas.places}
    names: dict[str, str] = {e.id: e.name for group in (atlas.people, atlas.organizations, atlas.programs)
                             for e in group}
    docs = {d.id: d for d in atlas.documents}
    rows: list[dict[str, str]] = []
    for trip in atlas.trips:
        titles = LIST_SEPARATOR.join((docs[d].title if d in docs else None) or d for d in trip.documents)
        urls = LIST_SEPARATOR.join(u for d in trip.documents if d in docs and (u := safe_url(docs[d].url)))
        sentence = " ".join(trip.evidence[0].sentence.split()) if trip.evidence else ""
        for origin, destination in trip_legs(trip):
            o = places.get(origin) if origin else None
            d = places.get(destination) if destination else None
            rows.append({
                "trip_id": trip.id,
                "origin": csv_cell(o.name if o else origin or ""),
                "origin_lat": _number(o.lat if o else None), "origin_lon": _number(o.lon if o else None),
                "destination": csv_cell(d.name if d else destination or ""),
                "destination_lat": _number(d.lat if d else None),
                "destination_lon": _number(d.lon if d else None),
                "start": trip.start or "", "end": trip.end or "",
                "program": csv_cell(names.get(trip.program, trip.program) if trip.program else ""),
                "organizer": csv_cell(names.get(trip.organizer, trip.organizer) if trip.organizer else ""),
                "participants": csv_cell(LIST_SEPARATOR.join(names.get(p, p) for p in trip.participants)),
                "documents": csv_cell(LIST_SEPARATOR.join(trip.documents)),
                "origin_id": origin or "", "destination_id": destination or "",
                "date_text": csv_cell(trip.date_text), "participant_text": csv_cell(trip.participant_text),
                "document_titles": csv_cell(titles), "document_urls": csv_cell(urls),
                "evidence_sentence": csv_cell(sentence),
            })
    return rows


def to_csv(atlas: Atlas) -> str:
    """The contract's ``export --format csv``: one row per trip leg."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*CSV_COLUMNS, *CSV_EXTRA], lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(atlas))
    return out.getvalue()


# --- KML ----------------------------------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_KML_NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _xml_id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", value)


def _kml_coords(places: Sequence[AtlasPlace]) -> str:
    return " ".join(f"{_number(p.lon)},{_number(p.lat)}" for p in places)


def to_kml(atlas: Atlas) -> str:
    """KML 2.2 for Google Earth: a folder of place Placemarks and one of trip Placemarks."""
    ET.register_namespace("", _KML_NS)
    root = ET.Element(f"{{{_KML_NS}}}kml")
    document = _sub(root, "Document")
    _sub(document, "name", "Delegation Atlas")
    located = _located(atlas)
    names: dict[str, str] = {e.id: e.name for group in (atlas.people, atlas.organizations, atlas.programs)
                             for e in group}
    urls = {d.id: safe_url(d.url) for d in atlas.documents}
    folder = _sub(document, "Folder")
    _sub(folder, "name", "Places")
    for place in atlas.places:
        if place.id not in located:
            continue
        mark = _sub(folder, "Placemark", None)
        mark.set("id", _xml_id(place.id))
        _sub(mark, "name", place.name)
        where = ", ".join(x for x in (place.admin1, place.country) if x)
        lines = [f"{place.kind} {where}".strip(), f"confidence {place.confidence:.2f}"]
        lines += [f"{m.document}: {m.sentence}" for m in place.mentions[:5]]
        _sub(mark, "description", "\n".join(lines))
        _sub(_sub(mark, "Point"), "coordinates", _kml_coords([place]))
    folder = _sub(document, "Folder")
    _sub(folder, "name", "Trips")
    for trip in atlas.trips:
        legs = [(located[a], located[b]) for a, b in trip_legs(trip)
                if a is not None and b is not None and a in located and b in located and a != b]
        if not legs:
            continue
        mark = _sub(folder, "Placemark")
        mark.set("id", _xml_id(trip.id))
        route = " → ".join(located[p].name for p in (*trip.origins[:1], *trip.destinations) if p in located)
        _sub(mark, "name", route)
        if trip.start:
            span = _sub(mark, "TimeSpan")
            _sub(span, "begin", trip.start)
            _sub(span, "end", trip.end or trip.start)
        lines = [f"when: {trip.date_text or trip.start or 'undated'}",
                 "who: " + (", ".join(names.get(p, p) for p in trip.participants) or trip.participant_text)]
        if trip.program:
            lines.append(f"program: {names.get(trip.program, trip.program)}")
        if trip.organizer:
            lines.append(f"organizer: {names.get(trip.organizer, trip.organizer)}")
        lines += [f"{e.document}: {e.sentence}" for e in trip.evidence[:5]]
        lines += [u for d in trip.documents if (u := urls.get(d))]
        _sub(mark, "description", "\n".join(lines))
        multi = _sub(mark, "MultiGeometry")
        for a, b in legs:
            line = _sub(multi, "LineString")
            _sub(line, "tessellate", "1")
            _sub(line, "coordinates", _kml_coords([a, b]))
    folder = _sub(document, "Folder")
    _sub(folder, "name", "Ties")
    for tie in atlas.ties:
        ends = [located[p] for p in tie.places if p in located]
        if len(ends) != 2:
            continue
        mark = _sub(folder, "Placemark")
        mark.set("id", _xml_id(tie.id))
        _sub(mark, "name", f"{ends[0].name} – {ends[1].name} ({tie.kind})")
        lines = [f"{tie.kind}, {tie.status}" + (f", since {tie.since}" if tie.since else "")]
        lines += [f"{e.document}: {e.sentence}" for e in tie.evidence[:5]]
        _sub(mark, "description", "\n".join(lines))
        line = _sub(mark, "LineString")
        _sub(line, "tessellate", "1")
        _sub(line, "coordinates", _kml_coords(ends))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


TIE_CSV_COLUMNS = ("tie_id", "place_a", "place_a_lat", "place_a_lon", "place_b", "place_b_lat", "place_b_lon",
                   "kind", "status", "since", "until", "documents", "trips", "evidence")


def to_ties_csv(atlas: Atlas) -> str:
    """``export --format ties-csv``: one row per tie, with its places, kind, status, dates and sources."""
    places = {p.id: p for p in atlas.places}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TIE_CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for tie in atlas.ties:
        a, b = (places.get(p) for p in tie.places)
        writer.writerow({
            "tie_id": tie.id,
            "place_a": csv_cell(a.name if a else tie.places[0]),
            "place_a_lat": _number(a.lat if a else None), "place_a_lon": _number(a.lon if a else None),
            "place_b": csv_cell(b.name if b else tie.places[1]),
            "place_b_lat": _number(b.lat if b else None), "place_b_lon": _number(b.lon if b else None),
            "kind": tie.kind, "status": tie.status, "since": tie.since or "", "until": tie.until or "",
            "documents": csv_cell(LIST_SEPARATOR.join(tie.documents)),
            "trips": LIST_SEPARATOR.join(tie.trips),
            "evidence": csv_cell(tie.evidence[0].sentence if tie.evidence else ""),
        })
    return out.getvalue()


# --- the standalone HTML map --------------------------------------------------------------------------------

_ASSETS = "__atlas_assets__"
_CDN = {
    "leaflet/leaflet.js": "https://unpkg.com/leaflet@1.9.4/dist/leaflet.js",
    "leaflet/leaflet.css": "https://unpkg.com/leaflet@1.9.4/dist/leaflet.css",
    "leaflet-polylinedecorator/leaflet.polylineDecorator.js":
        "https://unpkg.com/leaflet-polylinedecorator@1.6.0/dist/leaflet.polylineDecorator.js",
    "topojson-client/topojson-client.min.js": "https://unpkg.com/topojson-client@3.1.0/dist/topojson-client.min.js",
}


def _inline_script(text: str) -> str:
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def _inline(html_text: str, vendor: Path) -> str:
    """Put the app's local JS, CSS and basemap inside the page (CDN links where a file is missing)."""

    def script(match: re.Match[str]) -> str:
        path = vendor / match.group(1)
        if path.is_file():
            return f"<script>{_inline_script(path.read_text(encoding='utf-8'))}</script>"
        return f'<script src="{_CDN.get(match.group(1), "")}"></script>'

    def style(match: re.Match[str]) -> str:
        path = vendor / match.group(1)
        if path.is_file():
            return f"<style>{path.read_text(encoding='utf-8').replace('</style', '')}</style>"
        return f'<link rel="stylesheet" href="{_CDN.get(match.group(1), "")}"/>'

    out = re.sub(rf'<script src="{_ASSETS}/([^"]+)"></script>', script, html_text)
    out = re.sub(rf'<link rel="stylesheet" href="{_ASSETS}/([^"]+)"\s*/>', style, out)
    basemap = vendor / "world-atlas" / "countries-110m.json"
    data = (f"data:application/json;base64,{base64.b64encode(basemap.read_bytes()).decode('ascii')}"
            if basemap.is_file() else "")
    out = re.sub(rf'"{_ASSETS}/world-atlas/[^"]+"', json.dumps(data), out)
    return out.replace(_ASSETS + "/", "")


MAX_QUOTES = 3  # sentences in a popup: the panel's essentials, not the whole panel


def _sources(atlas: Atlas, document_ids: Sequence[str]) -> str:
    docs = {d.id: d for d in atlas.documents}
    items = []
    for doc_id in dict.fromkeys(document_ids):
        doc = docs.get(doc_id)
        title = _escape((doc.title if doc else None) or doc_id)
        url = safe_url(doc.url) if doc else None
        items.append(f'<a href="{_escape(url)}" target="_blank" rel="noopener">{title}</a>' if url else title)
    return "Sources: " + "; ".join(items) if items else ""


def _quotes(sentences: Sequence[str]) -> str:
    return "".join(f'<blockquote style="margin:.3em 0;border-left:3px solid #ccc;padding-left:.5em">'
                   f"{_escape(' '.join(s.split()))}</blockquote>" for s in sentences[:MAX_QUOTES])


def popups(atlas: Atlas) -> dict[str, str]:
    """The panels' essentials as popup HTML, escaped: by "place:ID" and "trip:ID"."""
    from geo.views.maps import place_label, trip_label

    places = {p.id: p for p in atlas.places}
    names = {e.id: e.name for group in (atlas.people, atlas.organizations, atlas.programs) for e in group}
    out: dict[str, str] = {}
    for place in atlas.places:
        mentions = place.mentions
        out[f"place:{place.id}"] = (
            f"<b>{_escape(place_label(place))}</b><br>{_escape(place.kind)} · {len(mentions)} mention"
            f"{'' if len(mentions) == 1 else 's'}" + _quotes([m.sentence for m in mentions])
            + _sources(atlas, [m.document for m in mentions]))
    for trip in atlas.trips:
        rows = [f"<b>Trip</b> {_escape(trip_label(trip, places))}"]
        when = " – ".join(dict.fromkeys(x for x in (trip.start, trip.end) if x)) or "undated"
        written = f" (“{_escape(trip.date_text)}”)" if trip.date_text else ""
        rows.append(f"<b>When</b> {_escape(when)}{written}")
        who = ", ".join(names.get(p, p) for p in trip.participants) or trip.participant_text
        for label, value in (("Who", who), ("Organiser", names.get(trip.organizer or "", trip.organizer)),
                             ("Program", names.get(trip.program or "", trip.program))):
            if value:
                rows.append(f"<b>{label}</b> {_escape(value)}")
        out[f"trip:{trip.id}"] = ("<br>".join(rows) + _quotes([e.sentence for e in trip.evidence])
                                  + _sources(atlas, trip.documents))
    return out


def to_html_map(atlas: Atlas, *, title: str = "Delegation Atlas", note: str = "No filter",
                vendor: Path = VENDOR_DIR) -> str:
    """A standalone HTML page with the map of the atlas, its scripts and basemap inside.

    Its popups keep the panels' essentials (sentences, sources with links, dates, organiser, program),
    and a caption gives its title and ``note``, the filters it was made with.
    """
    from geo.views.maps import Caption, Popups, atlas_layer_name, build_map

    fmap = build_map(atlas, tiles="offline", assets=_ASSETS)
    Popups(atlas_layer_name(fmap), popups(atlas)).add_to(fmap)
    Caption(title, note).add_to(fmap)
    page = _inline(fmap.get_root().render(), vendor)
    head = f"<title>{_escape(title)}</title><meta name=\"generator\" content=\"Delegation Atlas\">"
    return page.replace("<head>", "<head>" + head, 1)


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


# --- one entry for the command line and the download buttons ------------------------------------------------

FORMATS: dict[str, tuple[Callable[[Atlas], str], str, str]] = {
    "json": (to_json, "application/json", "json"),
    "geojson": (to_geojson, "application/geo+json", "geojson"),
    "csv": (to_csv, "text/csv", "csv"),
    "kml": (to_kml, "application/vnd.google-earth.kml+xml", "kml"),
    "html": (to_html_map, "text/html", "html"),
    "ties-csv": (to_ties_csv, "text/csv", "ties.csv"),
}


def render(atlas: Atlas, fmt: str) -> str:
    """The atlas in one of ``FORMATS`` (``ValueError`` naming the bad format otherwise)."""
    try:
        writer = FORMATS[fmt][0]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}") from None
    return writer(atlas)
