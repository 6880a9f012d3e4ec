"""Routes drawn along great circles, cut where they cross ±180° (coordinates of real cities)."""

from __future__ import annotations

import itertools

import pytest

from geo.metrics import haversine_km
from geo.routes import STEP_KM, Point, great_circle

TULSA = (-95.993, 36.154)
OSAKA = (135.502, 34.694)
PARIS = (2.352, 48.857)
BERLIN = (13.405, 52.52)
KOBE = (135.183, 34.691)


def test_a_short_leg_stays_a_straight_segment() -> None:
    assert great_circle(OSAKA, KOBE) == [[OSAKA, KOBE]]


def test_a_leg_within_the_map_is_one_arc_with_its_exact_ends() -> None:
    [line] = great_circle(PARIS, BERLIN)
    assert line[0] == PARIS
    assert line[-1] == BERLIN
    assert len(line) >= 2


def test_america_to_japan_goes_west_over_the_pacific() -> None:
    first, second = great_circle(TULSA, OSAKA)
    assert first[0] == TULSA
    assert second[-1] == OSAKA
    assert first[-1][0] == -180.0  # leaves the map's west edge ...
    assert second[0][0] == 180.0  # ... and comes back at the east edge, at the same latitude
    assert first[-1][1] == second[0][1]
    assert all(lon <= TULSA[0] for lon, _ in first)  # westward all the way
    assert all(lon >= OSAKA[0] for lon, _ in second)
    assert max(lat for _, lat in first + second) > 50  # a great circle bows towards the pole


def test_the_way_back_is_the_same_arc_reversed() -> None:
    there = [p for line in great_circle(TULSA, OSAKA) for p in line]
    back = [p for line in great_circle(OSAKA, TULSA) for p in line]
    def rounded(points: list[tuple[float, float]]) -> list[tuple[int, int]]:
        return [(round(lon), round(lat)) for lon, lat in points]

    assert rounded(back) == rounded(there[::-1])


def test_points_are_inside_the_map_and_close_together() -> None:
    auckland, santiago = (174.78, -36.85), (-70.67, -33.45)
    for start, end in [(TULSA, OSAKA), (PARIS, OSAKA), (auckland, santiago)]:
        lines = great_circle(start, end)
        for line in lines:
            assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in line)
            for (lon0, lat0), (lon1, lat1) in itertools.pairwise(line):
                assert haversine_km(lat0, lon0, lat1, lon1) <= STEP_KM + 1


def test_antipodes_have_no_single_great_circle() -> None:
    assert great_circle((0.0, 0.0), (180.0, 0.0)) == [[(0.0, 0.0), (180.0, 0.0)]]


@pytest.mark.parametrize(
    ("start", "end", "pieces"),
    [((-95.99, 36.15), (109.12, 21.48), 2),  # Tulsa - Beihai: across the Pacific, cut at ±180°
     ((-0.13, 51.51), (2.35, 48.86), 1),  # London - Paris: short, still bowed
     ((139.69, 35.69), (-122.42, 37.77), 2)],  # Tokyo - San Francisco
)
def test_a_bowed_arc_keeps_its_ends_and_leaves_the_great_circle(start: Point, end: Point,
                                                                pieces: int) -> None:
    from geo.routes import bowed_arc

    arc = bowed_arc(start, end)
    assert len(arc) == pieces
    assert arc[0][0] == start
    assert arc[-1][-1] == end
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for line in arc for lon, lat in line)
    middle = [p for line in arc for p in line][len([p for line in arc for p in line]) // 2]
    circle = [p for line in great_circle(start, end) for p in line]
    # the middle of the tie lies away from every point of the route's line (nearer the equator)
    assert min(abs(middle[1] - lat) + abs(middle[0] - lon) for lon, lat in circle) > 0.3
