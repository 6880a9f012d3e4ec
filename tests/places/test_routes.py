"""Routes along great circles with continuous longitudes, and places laid out compactly (real cities)."""

from __future__ import annotations

import itertools

import pytest

from geo.places.geometry import haversine_km
from geo.places.routes import STEP_KM, Point, arrange, bowed_arc, great_circle, lon_delta

TULSA = (-95.993, 36.154)
OSAKA = (135.502, 34.694)
PARIS = (2.352, 48.857)
BERLIN = (13.405, 52.52)
KOBE = (135.183, 34.691)
AUCKLAND = (174.78, -36.85)
SANTIAGO = (-70.67, -33.45)


def test_a_short_leg_stays_a_straight_segment() -> None:
    assert great_circle(OSAKA, KOBE) == [OSAKA, KOBE]


def test_a_leg_within_the_map_is_one_arc_with_its_exact_ends() -> None:
    line = great_circle(PARIS, BERLIN)
    assert line[0] == PARIS
    assert line[-1] == BERLIN
    assert len(line) >= 2


def test_america_to_japan_is_one_line_west_over_the_pacific_past_180() -> None:
    line = great_circle(TULSA, OSAKA)
    assert line[0] == TULSA
    assert line[-1] == (OSAKA[0] - 360, OSAKA[1])  # Osaka's copy west of -180°, where the line arrives
    assert all(b[0] < a[0] for a, b in itertools.pairwise(line))  # westward all the way
    assert max(lat for _, lat in line) > 50  # a great circle bows towards the pole


def test_the_way_back_is_the_same_arc_reversed() -> None:
    there = great_circle(TULSA, OSAKA)
    back = great_circle((OSAKA[0] - 360, OSAKA[1]), TULSA)
    def rounded(points: list[tuple[float, float]]) -> list[tuple[int, int]]:
        return [(round(lon), round(lat)) for lon, lat in points]

    assert rounded(back) == rounded(there[::-1])


@pytest.mark.parametrize(("start", "end"), [(TULSA, OSAKA), (PARIS, OSAKA), (AUCKLAND, SANTIAGO),
                                            ((-149.9, 61.2), (10.75, 59.9))])
def test_points_are_continuous_and_close_together(start: tuple[float, float],
                                                  end: tuple[float, float]) -> None:
    line = great_circle(start, end)
    for (lon0, lat0), (lon1, lat1) in itertools.pairwise(line):
        assert abs(lon1 - lon0) <= 30  # no jump across the map, even near the pole
        assert haversine_km(lat0, lon0, lat1, lon1) <= STEP_KM + 1


def test_a_leg_past_the_pole_stays_continuous_along_the_top_of_the_map() -> None:
    # Taiwan to Newfoundland, 178° of longitude apart: the great circle passes 1° from the North Pole,
    # where even the most samples turn 60° of longitude from one to the next (the real development set)
    taiwan, newfoundland = (121.0, 23.5), (-57.19105, 50.30818)
    line = great_circle(taiwan, newfoundland)
    assert line[0] == taiwan
    assert line[-1][1] == newfoundland[1]
    assert line[-1][0] % 360 == pytest.approx(newfoundland[0] % 360)
    assert max(abs(b[0] - a[0]) for a, b in itertools.pairwise(line)) <= 30
    assert max(lat for _, lat in line) > 85


def test_antipodes_have_no_single_great_circle() -> None:
    assert great_circle((0.0, 0.0), (180.0, 0.0)) == [(0.0, 0.0), (180.0, 0.0)]


@pytest.mark.parametrize(("a", "b", "delta"),
                         [(0, 10, 10), (170, -170, 20), (-170, 170, -20), (0, 180, 180)])
def test_lon_delta_is_the_shorter_way(a: float, b: float, delta: float) -> None:
    assert lon_delta(a, b) == delta


def test_the_midwest_and_east_asia_sit_side_by_side_over_the_pacific() -> None:
    lons = {"indiana": -86.2, "chicago": -87.6, "wuhan": 114.3, "tokyo": 139.7, "seoul": 127.0}
    placed = arrange(lons, [("indiana", "wuhan"), ("tokyo", "chicago")])
    assert max(placed.values()) - min(placed.values()) < 170  # not 227° across Europe
    for key, lon in placed.items():
        turns = (lon - lons[key]) / 360
        assert turns == pytest.approx(round(turns))  # each on some copy of its own longitude
    line = great_circle((placed["indiana"], 40.0), (placed["wuhan"], 30.6))
    assert line[-1][0] == pytest.approx(placed["wuhan"])  # the route ends at Wuhan's marker


def test_europe_and_africa_keep_their_usual_longitudes() -> None:
    lons = {"paris": 2.35, "berlin": 13.4, "lagos": 3.4, "nairobi": 36.8}
    assert arrange(lons, [("paris", "nairobi")]) == lons


def test_the_cut_avoids_the_gap_that_routes_cross() -> None:
    # gaps of 120° each: the routes cross the Pacific one, so the cut is in another
    lons = {"la": -118.0, "london": 2.0, "tokyo": 122.0}
    placed = arrange(lons, [("la", "tokyo"), ("tokyo", "la")])
    assert placed["la"] - placed["tokyo"] == pytest.approx(120)  # side by side over the Pacific


def test_nothing_to_arrange() -> None:
    assert arrange({}) == {}
    assert arrange({"one": 200.0}) == {"one": -160.0}


@pytest.mark.parametrize(
    ("start", "end"),
    [((-95.99, 36.15), (109.12, 21.48)),  # Tulsa - Beihai: across the Pacific, past -180°
     ((-0.13, 51.51), (2.35, 48.86)),  # London - Paris: short, still bowed
     ((139.69, 35.69), (-122.42, 37.77))],  # Tokyo - San Francisco
)
def test_a_bowed_arc_keeps_its_ends_and_leaves_the_great_circle(start: Point, end: Point) -> None:
    arc = bowed_arc(start, end)
    circle = great_circle(start, end)
    assert arc[0] == start
    assert arc[-1] == circle[-1]  # the same world copy of the far end as the route's
    assert all(abs(b[0] - a[0]) <= 30 for a, b in itertools.pairwise(arc))  # continuous
    middle = arc[len(arc) // 2]
    # the middle of the tie lies away from every point of the route's line (nearer the equator)
    assert min(abs(middle[1] - lat) + abs(middle[0] - lon) for lon, lat in circle) > 0.3
