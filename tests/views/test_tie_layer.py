"""The tie layer: dashed lines between tied places, switchable, under the markers; clicks read back."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from geo.models import AtlasTie
from geo.views import maps
from geo.views.tie_layer import LAYER_NAME, tie_from_click, tie_highlight, tie_label, tie_layer, ties_geojson
from tests.atlas_factory import small_atlas, tied_atlas
from tests.extraction_factory import HOSTILE


def test_each_tie_with_two_located_places_is_a_line_of_kind_tie() -> None:
    atlas = tied_atlas()
    features = ties_geojson(atlas)["features"]
    assert {f["properties"]["id"] for f in features} == {"ti:tulsa-osaka", "ti:boise-kaohsiung",
                                                          "ti:boise-kobe"}
    tulsa = next(f for f in features if f["properties"]["id"] == "ti:tulsa-osaka")
    lines = tulsa["geometry"]["coordinates"]
    ends = {tuple(lines[0][0]), tuple(lines[-1][-1])}
    # Tulsa to Osaka is shorter across the Pacific: one continuous line, Osaka at its copy west of -180°
    assert ends == {(-95.993, 36.154), (135.502 - 360, 34.694)}
    assert len(lines) == 1
    assert tulsa["properties"]["tooltip"] == ("<b>Tie</b> Tulsa, OK, US – Osaka, JP · sister city · active · "
                                              "since 1990")


def test_a_tie_with_an_unlocated_place_is_not_drawn() -> None:
    atlas = tied_atlas()
    lost = AtlasTie(id="ti:lost", places=("gn:1", "pl:nowhere"), kind="other", status="unknown", since=None,
                    until=None, documents=(), evidence=())
    assert ties_geojson(replace(atlas, ties=(lost,)))["features"] == []
    assert tie_layer(replace(atlas, ties=(lost,)))._children == {}


def test_the_map_draws_ties_dashed_without_arrows_in_a_switchable_layer() -> None:
    html = maps.build_map(tied_atlas()).get_root().render()
    assert "L.control.layers" in html
    assert "Ties (sister cities, friendship cities)" in html
    assert '"dashArray": "8 6"' in html
    assert '"dashArray": "2 7"' in html  # ended: dotted
    assert "bringToBack" in html  # under the markers, so that a click on a place opens the place
    # arrows are drawn for routes only: the tie ids are not among the routes' data
    assert "ti:tulsa-osaka" not in maps._script_json(maps.layer_data(tied_atlas()))


def test_a_map_without_ties_has_no_tie_layer_nor_layer_control() -> None:
    html = maps.build_map(small_atlas()).get_root().render()
    assert "L.control.layers" not in html
    assert LAYER_NAME not in html


def test_texts_from_articles_are_escaped_in_tooltips() -> None:
    atlas = tied_atlas()
    atlas = replace(atlas, places=tuple(replace(p, name=HOSTILE) if p.id == "gn:1" else p
                                        for p in atlas.places))
    html = maps.build_map(atlas).get_root().render()
    tooltip = next(f["properties"]["tooltip"] for f in ties_geojson(atlas)["features"]
                   if f["properties"]["id"] == "ti:tulsa-osaka")
    assert "<script>" not in tooltip
    assert "&lt;script&gt;" in tooltip
    assert "<script>alert" not in html


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (None, None),
        ({}, None),
        ({"last_active_drawing": {"properties": {"kind": "tie", "id": "ti:boise-kobe"}}}, "ti:boise-kobe"),
        ({"last_active_drawing": {"properties": {"kind": "tie", "id": "ti:gone"}}}, None),
        ({"last_active_drawing": {"properties": {"kind": "trip", "id": "tr:one"}}}, None),
        ({"last_active_drawing": "nonsense"}, None),
    ],
)
def test_a_click_on_a_tie_is_read_back(result: dict[str, Any] | None, expected: str | None) -> None:
    assert tie_from_click(tied_atlas(), result) == expected


def test_the_selected_tie_is_retraced() -> None:
    group = tie_highlight(tied_atlas(), "ti:boise-kobe")
    assert len(group._children) == 1  # Boise to Kobe, one line over the Pacific
    assert tie_highlight(tied_atlas(), "ti:gone")._children == {}


def test_tie_label_with_an_end() -> None:
    atlas = tied_atlas()
    places = {p.id: p for p in atlas.places}
    assert tie_label(atlas.ties[1], places) == ("Boise, ID, US – Kaohsiung, TW · friendship city · ended · "
                                                "2001 – 2020")
