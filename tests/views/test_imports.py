"""Imports: trips from CSV and places from GeoJSON become corrections; bad rows are reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geo.models import Atlas
from geo.store.database import Store
from geo.views import export
from geo.views.atlas import build_atlas
from geo.views.imports import (
    ImportFileError,
    places_from_geojson,
    trips_from_csv,
    upload_meta,
    uploaded_documents,
)
from tests.extraction_factory import LAKEVIEW, LAKEVIEW_OR, corpus, lookup

HEADER = ",".join(export.CSV_COLUMNS)


def _trip_view(atlas: Atlas) -> list[tuple[Any, ...]]:
    """What a person sees of each trip: places by name and point, dates, names, sources."""
    places = {p.id: (p.id, p.name, p.lat, p.lon) for p in atlas.places}
    names = {e.id: e.name for g in (atlas.people, atlas.organizations, atlas.programs) for e in g}
    return sorted(
        (t.id, tuple(places[o] for o in t.origins), tuple(places[d] for d in t.destinations), t.start, t.end,
         t.date_text, t.participant_text, tuple(names[p] for p in t.participants),
         names.get(t.program or ""), names.get(t.organizer or ""), t.documents)
        for t in atlas.trips
    )


def test_csv_export_imported_into_a_fresh_database_gives_the_same_trips(tmp_path: Path) -> None:
    original = build_atlas(corpus(), lookup=lookup)
    result = trips_from_csv(export.to_csv(original), by="ana")
    assert result.rejected == ()
    assert len(result.corrections) == len(original.trips)
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    for record in result.corrections:
        assert fresh.add_correction(record)
    for record in trips_from_csv(export.to_csv(original)).corrections:  # the same file again
        assert not fresh.add_correction(record)
    rebuilt = build_atlas(fresh.load_extractions(), fresh.load_corrections())
    assert _trip_view(rebuilt) == _trip_view(original)
    fresh.close()


def test_csv_import_of_the_atlas_own_export_changes_nothing() -> None:
    atlas = build_atlas(corpus(), lookup=lookup)
    result = trips_from_csv(export.to_csv(atlas), atlas=atlas)
    assert (result.corrections, result.rejected, result.unchanged) == ((), (), 2)


def test_a_hand_written_csv_with_only_the_contract_columns() -> None:
    text = (f"{HEADER}\n"
            "t1,Lakeview,41,-90,Quiet Bay,-10,140,2022-06,2022-06,Sea Link,Port Club,Eve Stone; Al Roe,doc9\n"
            "t1,Quiet Bay,-10,140,Far Isle,-12,141,2022-06,2022-06,Sea Link,Port Club,"
            "Eve Stone; Al Roe,doc9\n"
            ",,,,Lone Rock,5,5,,,,,,\n")
    result = trips_from_csv(text)
    assert result.rejected == ()
    atlas = build_atlas(corpus(), result.corrections, lookup=lookup)
    added = sorted((t for t in atlas.trips if t.manual), key=lambda t: t.id)
    [t1] = [t for t in added if t.id == "t1"]
    places = {p.id: p for p in atlas.places}
    assert [places[p].name for p in t1.origins] == ["Lakeview"]
    assert t1.origins == (f"gn:{LAKEVIEW.geonameid}",)  # the same name and point: the existing place
    assert [places[p].name for p in t1.destinations] == ["Quiet Bay", "Far Isle"]
    assert t1.participants == ("pe:eve-stone", "pe:al-roe")
    assert (t1.start, t1.program, t1.organizer, t1.documents) == ("2022-06", "pr:sea-link", "or:port-club",
                                                                  ("doc9",))
    assert len(added) == 2


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("t1,A,north,-90,B,1,1,,,,,,", "origin_lat is not a number: 'north'"),
        ("t1,A,91,-90,B,1,1,,,,,,", "origin_lat must lie within ±90, got: '91'"),
        ("t1,A,1,,B,1,1,,,,,,", "needs both origin_lat and origin_lon"),
        ("t1,A,1,1,B,1,1,Nov 2023,,,,,", "start must be YYYY-MM-DD, YYYY-MM or YYYY, got: 'Nov 2023'"),
        ("t1,A,1,1,B,1,1,2023-13,,,,,", "got: '2023-13'"),
        ("t1,,,,,,,2023,,,,,", "at least one origin or destination"),
        ("t1,A,1,1,B,1,1,,,,,,,x,y,z,w,extra", "more cells than columns"),
    ],
)
def test_bad_rows_are_rejected_with_line_and_value(row: str, reason: str) -> None:
    text = f"{HEADER}\nt0,A,1,1,B,2,2,,,,,,\n{row}\n"
    result = trips_from_csv(text)
    assert len(result.corrections) == 1  # the good trip goes on
    assert result.rejected[0].row == 3
    assert reason in result.rejected[0].reason


def test_a_bad_leg_rejects_its_whole_trip() -> None:
    text = f"{HEADER}\nt1,A,1,1,B,2,2,,,,,,\nt1,B,2,2,C,x,3,,,,,,\n"
    result = trips_from_csv(text)
    assert result.corrections == ()
    assert [r.row for r in result.rejected] == [2, 3]
    assert "line 3" in result.rejected[0].reason


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("a,b\n1,2\n", "origin or destination")])
def test_files_that_are_not_trip_csv_are_refused(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        trips_from_csv(text)


def test_csv_formula_guard_is_removed_on_import() -> None:
    text = f"{HEADER}\nt1,'=Town,1,1,'-Isle,2,2,,,,,,\n"
    trip = trips_from_csv(text).corrections[0].payload["trip"]
    assert (trip["origins"][0]["name"], trip["destinations"][0]["name"]) == ("=Town", "-Isle")


# --- GeoJSON ---------------------------------------------------------------------------------------------


def test_geojson_export_edited_and_imported_moves_the_place() -> None:
    atlas = build_atlas(corpus(), lookup=lookup)
    data = json.loads(export.to_geojson(atlas))
    assert places_from_geojson(json.dumps(data), atlas=atlas).summary().startswith("0 correction(s)")
    lake = next(f for f in data["features"] if f["properties"].get("id") == f"gn:{LAKEVIEW.geonameid}")
    lake["geometry"]["coordinates"] = [LAKEVIEW_OR.lon, LAKEVIEW_OR.lat]
    lake["properties"]["geonameid"] = LAKEVIEW_OR.geonameid
    result = places_from_geojson(json.dumps(data), atlas=atlas, by="ana")
    assert result.rejected == ()
    assert len(result.ignored) == len(atlas.trips)  # trip features are not places
    assert {(r.op, r.payload["document"]) for r in result.corrections} == {("place", "inv_one"),
                                                                           ("place", "inv_three")}
    moved = build_atlas(corpus(), result.corrections, lookup=lookup)
    place = next(p for p in moved.places if p.id == f"gn:{LAKEVIEW_OR.geonameid}")
    assert (place.lat, place.lon, len(place.mentions)) == (LAKEVIEW_OR.lat, LAKEVIEW_OR.lon, 2)


def test_geojson_points_without_mentions_are_added_places() -> None:
    text = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [140.5, -10.25]},
         "properties": {"name": "Quiet Bay", "kind": "feature"}}]})
    [record] = places_from_geojson(text).corrections
    assert (record.op, record.payload["lat"], record.payload["lon"]) == ("place_add", -10.25, 140.5)


@pytest.mark.parametrize(
    ("feature", "reason"),
    [
        ({"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
          "properties": {"name": "X"}}, "must be a Point, got: 'LineString'"),
        ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 95]},
          "properties": {"name": "X"}}, "'lat' must lie within ±90, got: 95"),
        ({"type": "Feature", "geometry": {"type": "Point", "coordinates": ["a", 1]},
          "properties": {"name": "X"}}, "['a', 1]"),
        ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 1]},
          "properties": {}}, "needs a name"),
        ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 1]},
          "properties": {"name": "X", "kind": "castle"}}, "'castle'"),
        ({"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 1]},
          "properties": {"name": "X", "mentions": [{"text": "X"}]}}, "needs a document and a text"),
        ("nonsense", "not a GeoJSON Feature"),
    ],
)
def test_bad_features_are_rejected_with_number_and_value(feature: Any, reason: str) -> None:
    good = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]},
            "properties": {"name": "Good"}}
    result = places_from_geojson(json.dumps({"type": "FeatureCollection", "features": [good, feature]}))
    assert len(result.corrections) == 1
    assert result.rejected[0].row == 2
    assert reason in result.rejected[0].reason


@pytest.mark.parametrize(("text", "message"), [("{", "not JSON"), ('{"type": "Point"}', "'Point'"),
                                               ("[]", "'list'")])
def test_files_that_are_not_geojson_are_refused(text: str, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        places_from_geojson(text)


# --- articles uploaded with a form ------------------------------------------------------------------------


def test_uploaded_articles_are_read_with_the_form_metadata() -> None:
    meta = upload_meta(title=" A visit ", outlet="Invented Gazette", published="2024-03-05",
                       url="https://example.org/a")
    files = [("Visit of mayors.html", b"<html><body><p>Mayors went to Lakeview.</p><script>x()</script>"
                                      b"</body></html>"),
             ("notes.md", b"# Title\n\nThe *team* left."),
             ("picture.png", b"\x89PNG"),
             ("binary.txt", b"ab\x00cd"),
             ("latin1.txt", "caf\xe9".encode("latin-1")),
             ("empty.txt", b"  \n")]
    docs, rejected = uploaded_documents(files, meta)
    assert [d.id for d in docs] == ["Visit_of_mayors", "notes"]
    assert "x()" not in docs[0].text
    assert "Mayors went to Lakeview." in docs[0].text
    assert (docs[0].meta.title, docs[0].meta.published) == ("A visit", "2024-03-05")
    assert [r.row for r in rejected] == [3, 4, 5, 6]
    assert "'picture.png'" in rejected[0].reason
    assert "binary" in rejected[1].reason
    assert "UTF-8" in rejected[2].reason


def test_uploaded_pdf_and_word_files_are_read_and_bad_ones_named() -> None:
    """The Import page takes what users have: a PDF, a Word file; a broken one is a row of the report."""
    formats = Path(__file__).resolve().parents[1] / "data" / "seed_formats"
    pdf = next((formats / "pdf").glob("*.pdf")).read_bytes()
    docx = next((formats / "docx").glob("*.docx")).read_bytes()
    files = [("Press release.pdf", pdf), ("memo.docx", docx), ("cut.pdf", pdf[:3000]),
             ("photo.docx", b"\x89PNG")]
    docs, rejected = uploaded_documents(files, upload_meta(outlet="Typed Outlet"))
    assert [d.id for d in docs] == ["Press_release", "memo"]
    assert [d.path for d in docs] == ["Press release.pdf", "memo.docx"]
    for document in docs:
        assert "visit to China by mayors from six American cities last November" in document.text
        assert document.meta.outlet == "Typed Outlet"  # the form wins
        assert document.meta.title.startswith("Chinese Cities Host")  # the file's own fills the rest
    assert [(r.row, r.reason.split(":")[0]) for r in rejected] == [(3, "'cut.pdf'"), (4, "'photo.docx'")]
    assert "truncated PDF" in rejected[0].reason
    assert "not a Word .docx file" in rejected[1].reason


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "javascript:alert(1)"}, r"got: 'javascript:alert\(1\)'"),
        ({"published": "2024-02-30"}, "2024-02-30"),
        ({"published": "yesterday"}, "'yesterday'"),
    ],
)
def test_bad_form_metadata_is_refused(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        upload_meta(**fields)


# --- ties from CSV -------------------------------------------------------------------------------------

TIES_CSV = """Place A,Place B,Kind,Since,Status
"Portland, Oregon",Sapporo,Sister Cities,1959,
"Tulsa, Oklahoma","Beihai, China",sister city,1998,active
Boise,Nagoya,twin town,1988-05,terminated
"Boise, Idaho",Kakegawa,Friendship City,1981.0,
Springfield,Nagoya,sister city,,
Xyzzyville,Nagoya,,,
Boise,"Boise, Idaho",,,
Boise,Sapporo,cousin city,,
Boise,Sapporo,,19x8,
Boise,Sapporo,,,over
Sapporo,"Portland, Oregon",,,
,Sapporo,,,
"""


def test_ties_csv_good_rows_become_ties_and_bad_rows_say_why(gazetteer: Any) -> None:
    from geo.views.imports import ties_from_csv

    result = ties_from_csv(TIES_CSV, gazetteer=gazetteer, by="ana")
    reasons = {r.row: r.reason for r in result.rejected}
    assert set(reasons) == {6, 7, 8, 9, 10, 11, 12, 13}
    assert "could be several places" in reasons[6]
    assert "'Springfield'" in reasons[6]
    assert reasons[7] == "place_a 'Xyzzyville' is not in the gazetteer"
    assert "the same twice" in reasons[8]
    assert "kind must be one of" in reasons[9]
    assert "'cousin city'" in reasons[9]
    assert "'19x8'" in reasons[10]
    assert "'over'" in reasons[11]
    assert reasons[12] == "the same two places as line 2"
    assert reasons[13] == "place_a is empty"
    atlas = build_atlas([], result.corrections)
    names = {p.id: (p.name, p.admin1, p.country) for p in atlas.places}
    got = sorted((tuple(sorted(names[p][0] for p in t.places)), t.kind, t.status, t.since, t.until, t.manual)
                 for t in atlas.ties)
    assert got == [
        (("Beihai", "Tulsa"), "sister city", "active", "1998", None, True),
        (("Boise", "Kakegawa"), "friendship city", "active", "1981", None, True),
        (("Boise", "Nagoya"), "sister city", "ended", "1988-05", None, True),
        (("Portland", "Sapporo"), "sister city", "active", "1959", None, True),
    ]
    portland = next(v for v in names.values() if v[0] == "Portland")
    assert portland[1:] == ("OR", "US")  # "Portland, Oregon", not Maine's


def test_ties_csv_imported_twice_or_over_the_same_ties_records_nothing_new(gazetteer: Any, tmp_path: Path
                                                                         ) -> None:
    from geo.views.imports import ties_from_csv

    store = Store(f"sqlite:///{tmp_path / 'ties.db'}")
    first = ties_from_csv(TIES_CSV, gazetteer=gazetteer)
    assert sum(store.add_correction(r) for r in first.corrections) == 4
    assert sum(store.add_correction(r) for r in ties_from_csv(TIES_CSV, gazetteer=gazetteer).corrections) == 0
    atlas = build_atlas(store.load_extractions(), store.load_corrections())
    again = ties_from_csv(TIES_CSV, gazetteer=gazetteer, atlas=atlas)
    assert (len(again.corrections), again.unchanged) == (0, 4)
    # the ties-csv export reads back as the same ties (its coordinates, no gazetteer needed)
    exported = ties_from_csv(export.to_ties_csv(atlas))
    assert exported.rejected == ()
    rebuilt = build_atlas([], exported.corrections)
    assert sorted((t.kind, t.status, t.since) for t in rebuilt.ties) == sorted(
        (t.kind, t.status, t.since) for t in atlas.ties)
    store.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("city,country\nTulsa,US\n", "place_a and place_b"),
    ],
)
def test_a_ties_csv_without_its_columns_is_refused(text: str, message: str) -> None:
    from geo.views.imports import ties_from_csv

    with pytest.raises(ImportFileError, match=message):
        ties_from_csv(text)


@pytest.mark.parametrize(
    ("written", "kind"),
    [("Sister Cities", "sister city"), ("sister-city", "sister city"), ("Twin towns", "sister city"),
     ("sister states", "sister state"), ("Sister Province", "sister province"),
     ("friendship cities", "friendship city"), ("", "sister city"), ("other", "other")],
)
def test_tie_kinds_as_directories_write_them(written: str, kind: str) -> None:
    from geo.views.imports import tie_kind

    assert tie_kind(written) == kind


@pytest.mark.parametrize(
    ("written", "until", "status"),
    [("", "", "active"), ("", "2020", "ended"), ("Terminated", "", "ended"), ("pending", "", "proposed"),
     ("SUSPENDED", "", "suspended")],
)
def test_tie_statuses_as_directories_write_them(written: str, until: str, status: str) -> None:
    from geo.views.imports import tie_status

    assert tie_status(written, until=until) == status
