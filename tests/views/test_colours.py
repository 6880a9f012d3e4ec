"""Colour by facet: categories of flows and their palette (invented trips, real country codes)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo.views import colours
from geo.views.colours import Colouring, direction, flow_category, legend_rows, palette, trip_category
from tests.atlas_factory import small_atlas

NAMES = {"pr:ppe": "Prairie Pacific Exchange", "or:hfc": "Heartland Friendship Council"}


@pytest.mark.parametrize(("facet", "trip", "expected"), [
    ("program", 0, "Prairie Pacific Exchange"), ("program", 1, "no program"),
    ("organiser", 0, "Heartland Friendship Council"), ("organiser", 1, "no organiser"),
    ("year", 0, "2023"), ("year", 1, "2025"),
])
def test_trip_category(facet: colours.Facet, trip: int, expected: str) -> None:
    assert trip_category(small_atlas().trips[trip], facet, NAMES) == expected


def test_an_undated_trip_is_undated() -> None:
    trip = replace(small_atlas().trips[0], start=None)
    assert trip_category(trip, "year", NAMES) == "undated"


@pytest.mark.parametrize(("a", "b", "country", "expected"), [
    ("gn:1", "gn:3", "US", "out of US"), ("gn:3", "gn:1", "US", "into US"),
    ("gn:1", "gn:2", "US", "within US"),
    ("gn:3", "gn:5", "US", "neither end in US"), ("gn:1", "gn:3", None, "choose a country"),
])
def test_direction_into_or_out_of_a_country(a: str, b: str, country: str | None, expected: str) -> None:
    places = {p.id: p for p in small_atlas().places}
    assert direction(places[a], places[b], country) == expected


def test_a_flow_of_trips_in_different_years_is_several() -> None:
    atlas = small_atlas()
    places = {p.id: p for p in atlas.places}
    leg = (places["gn:1"], places["gn:3"])
    two = [atlas.trips[0], replace(atlas.trips[0], start="2019")]
    assert flow_category(leg, two, Colouring("year"), NAMES) == colours.SEVERAL
    assert flow_category(leg, two[:1], Colouring("year"), NAMES) == "2023"
    assert flow_category(leg, two, Colouring("direction", "JP"), NAMES) == "into JP"


def test_palette_gives_distinct_colours_and_greys_the_rest() -> None:
    years = [str(y) for y in range(2010, 2022)] + ["undated"]
    found = palette(years, "year")
    named = [found[y] for y in years[:9]]
    assert len(set(named)) == 9  # nine distinct colours, years in order
    assert found["2019"] == colours.OTHER_COLOUR  # the tenth and later share the grey of "other"
    assert found["undated"] == colours.OTHER_COLOUR
    rows = legend_rows(found)
    assert [label for label, _ in rows[:2]] == ["2010", "2011"]
    assert rows[-1][1] == colours.OTHER_COLOUR
    assert palette(["route", "route"], "none") == {"route": colours.ROUTE_COLOUR}


def test_an_unknown_facet_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="'colour'"):
        Colouring("colour")  # type: ignore[arg-type]
