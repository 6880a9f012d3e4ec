"""Exports: the contract's JSON, RFC 7946 GeoJSON, CSV legs, KML and a standalone HTML map, all safe."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from geo.models import Atlas, AtlasTrip
from geo.views import export
from geo.views.atlas import build_atlas
from tests.extraction_factory import HOSTILE, corpus, hostile_extraction, lookup


def _atlas() -> Atlas:
    return build_atlas(corpus(), lookup=lookup)


def _hostile_atlas() -> Atlas:
    return build_atlas([hostile_extraction()])


def _trip(origins: tuple[str, ...], destinations: tuple[str, ...]) -> AtlasTrip:
    return AtlasTrip(id="tr:x", origins=origins, destinations=destinations, start=None, end=None,
                     date_text="", organizer=None, program=None, participants=(), participant_text="",
                     documents=(), evidence=())


@pytest.mark.parametrize(
    ("origins", "destinations", "legs"),
    [
        (("a",), ("b",), [("a", "b")]),
        (("a", "c"), ("b", "d"), [("a", "b"), ("c", "b"), ("b", "d")]),
        ((), ("b", "d"), [(None, "b"), ("b", "d")]),
        (("a",), (), [("a", None)]),
        ((), (), [(None, None)]),
        (("b",), ("b", "d"), [(None, "b"), ("b", "d")]),  # an origin that is the first stop
    ],
)
def test_trip_legs(origins: tuple[str, ...], destinations: tuple[str, ...],
                   legs: list[tuple[str | None, str | None]]) -> None:
    assert export.trip_legs(_trip(origins, destinations)) == legs


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        (" JaVaScRiPt:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//evil.example", False),
        ("", False),
        (None, False),
    ],
)
def test_only_http_urls_are_links(url: str | None, safe: bool) -> None:
    assert (export.safe_url(url) is not None) == safe


def test_json_export_is_the_contract() -> None:
    data = json.loads(export.render(_atlas(), "json"))
    assert len(data["trips"]) == 2
    assert data["places"][0]["mentions"][0]["document"].startswith("inv_")


def _positions(geometry: dict[str, Any]) -> list[list[float]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        return [coords]
    if kind == "LineString":
        return coords  # type: ignore[no-any-return]
    return [p for line in coords for p in line]


def test_geojson_follows_rfc_7946() -> None:
    atlas = _atlas()
    data = json.loads(export.to_geojson(atlas))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    places = {p.id: p for p in atlas.places}
    kinds = {"place": 0, "trip": 0}
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        geometry = feature["geometry"]
        assert geometry["type"] in ("Point", "LineString", "MultiLineString")
        if geometry["type"] == "LineString":
            assert len(geometry["coordinates"]) >= 2
        if geometry["type"] == "MultiLineString":
            assert all(len(line) >= 2 for line in geometry["coordinates"])
        for lon, lat in _positions(geometry):
            assert -180 <= lon <= 180
            assert -90 <= lat <= 90
        props = feature["properties"]
        kinds[props["type"]] += 1
        if props["type"] == "place":
            place = places[props["id"]]
            assert geometry["coordinates"] == [place.lon, place.lat]  # longitude first
            assert {"name", "kind", "country", "admin1", "lat", "lon", "geonameid", "confidence",
                    "mentions"} <= set(props)
        else:
            first = places[props["origins"][0]]
            assert _positions(geometry)[0] == [first.lon, first.lat]
            assert {"origins", "destinations", "start", "end", "participants", "documents",
                    "evidence"} <= set(props)
    assert kinds == {"place": 5, "trip": 2}  # the unresolved place has no point


def test_geojson_trip_line_runs_origin_then_stops_in_order() -> None:
    atlas = _atlas()
    data = json.loads(export.to_geojson(atlas))
    places = {p.id: p for p in atlas.places}
    one_origin = next(f for f in data["features"] if f["properties"]["type"] == "trip"
                      and len(f["properties"]["origins"]) == 1)
    assert one_origin["geometry"]["type"] == "LineString"
    expected = [[places[i].lon, places[i].lat] for i in
                (one_origin["properties"]["origins"][0], *one_origin["properties"]["destinations"])
                if places[i].lat is not None]
    assert one_origin["geometry"]["coordinates"] == expected
    two_origins = next(f for f in data["features"] if f["properties"]["type"] == "trip"
                       and len(f["properties"]["origins"]) == 2)
    assert two_origins["geometry"]["type"] == "MultiLineString"
    assert len(two_origins["geometry"]["coordinates"]) == 3


def test_csv_has_the_contract_columns_and_one_row_per_leg() -> None:
    atlas = _atlas()
    rows = list(csv.DictReader(io.StringIO(export.to_csv(atlas))))
    header = export.to_csv(atlas).splitlines()[0].split(",")
    assert tuple(header[:13]) == export.CSV_COLUMNS
    assert len(rows) == sum(len(export.trip_legs(t)) for t in atlas.trips) == 5
    leg = next(r for r in rows if r["origin"] == "Pineford")
    assert (leg["destination"], leg["origin_lat"], leg["origin_lon"]) == ("Jade Harbor", "39.5", "-86.1")
    assert leg["program"] == "Twin Rivers Exchange"
    assert leg["organizer"] == "Friends of the Delta Council"
    assert leg["participants"] == "Ada Ruiz"
    assert leg["documents"] == "inv_one; inv_two"
    # the sources after the contract's columns: titles, links and the first evidence sentence
    assert header[-3:] == ["document_titles", "document_urls", "evidence_sentence"]
    trip = next(t for t in atlas.trips if t.id == leg["trip_id"])
    docs = {d.id: d for d in atlas.documents}
    assert leg["document_titles"] == "; ".join(docs[d].title or d for d in trip.documents)
    assert leg["evidence_sentence"] == " ".join(trip.evidence[0].sentence.split())
    assert leg["evidence_sentence"]
    assert all(u.startswith(("http://", "https://")) for u in leg["document_urls"].split("; ") if u)


def test_csv_cells_cannot_run_as_formulas() -> None:
    rows = list(csv.DictReader(io.StringIO(export.to_csv(_hostile_atlas()))))
    assert rows[0]["origin"].startswith("'=")
    assert rows[0]["participant_text"] == "'-1+1"
    assert rows[0]["origin_lat"] == "20"


def test_kml_is_valid_xml_with_escaped_text() -> None:
    text = export.to_kml(_hostile_atlas())
    assert "<script>" not in text
    assert "javascript:" not in text
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    names = [e.text for e in root.iterfind(".//k:Placemark/k:name", ns)]
    assert HOSTILE in names  # shown as text, not markup
    assert root.find(".//k:LineString/k:coordinates", ns).text == "20,20 10,10"  # type: ignore[union-attr]


def test_kml_of_the_corpus_has_places_and_trips() -> None:
    root = ET.fromstring(export.to_kml(_atlas()).encode("utf-8"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    assert len(root.findall(".//k:Point", ns)) == 5
    assert len(root.findall(".//k:MultiGeometry", ns)) == 2


def test_html_map_is_standalone_and_escaped() -> None:
    page = export.to_html_map(_hostile_atlas(), title=HOSTILE)
    assert "<script>alert" not in page
    assert "<img" not in page
    assert "javascript:" not in page
    assert export._ASSETS not in page
    assert "L.map(" in page or "L.map (" in page
    assert "/app/static" not in page


def test_unknown_format_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'shapefile'"):
        export.render(_atlas(), "shapefile")


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_every_format_works_on_an_empty_atlas(fmt: str) -> None:
    assert export.render(Atlas(), fmt)


def test_csv_keeps_each_legs_sources_with_titles_and_only_web_links() -> None:
    from dataclasses import replace

    atlas = _atlas()
    documents = tuple(
        replace(d, title=f"Mayors' trip, part {i}",
                url="https://news.example/a" if i == 0 else "javascript:x")
        for i, d in enumerate(atlas.documents))
    atlas = replace(atlas, documents=documents)
    leg = next(r for r in csv.DictReader(io.StringIO(export.to_csv(atlas))) if r["origin"] == "Pineford")
    by_id = {d.id: d for d in documents}
    assert leg["document_titles"] == "; ".join(by_id[d].title or d for d in ("inv_one", "inv_two"))
    assert "Mayors' trip" in leg["document_titles"]  # an apostrophe stays an apostrophe
    assert leg["document_urls"] == "https://news.example/a"
    assert "javascript" not in leg["document_urls"]


def test_html_map_popups_keep_the_panels_essentials_and_its_filters() -> None:
    from tests.atlas_factory import small_atlas

    atlas = small_atlas()
    found = export.popups(atlas)
    trip = found["trip:tr:one"]
    assert "Tulsa, Boise → Osaka → Kobe" in trip
    assert "in March 2023" in trip
    assert "Heartland Friendship Council" in trip  # organiser
    assert "Prairie Pacific Exchange" in trip  # program
    assert atlas.trips[0].evidence[0].sentence.split()[0] in trip
    assert '<a href="https://example.org/a" target="_blank" rel="noopener">Mayors go to Osaka</a>' in trip
    assert "Kaohsiung team plans a visit" in found["trip:tr:two"]  # a source without URL: its title only
    assert "<a " not in found["trip:tr:two"]
    assert "Osaka" in found["place:gn:3"]
    page = export.to_html_map(atlas, note="Filtered by country: JP")
    assert "Filtered by country: JP" in page
    assert "bindPopup" in page


def test_html_map_popups_escape_text_from_articles() -> None:
    from tests.atlas_factory import HOSTILE, hostile_atlas

    found = export.popups(hostile_atlas())
    text = " ".join(found.values())
    assert HOSTILE not in text
    assert "<script>" not in text
    assert 'href="javascript' not in text.lower()
