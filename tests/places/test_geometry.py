"""Distances on the sphere: the one great-circle distance that resolution, routes and metrics share."""

from __future__ import annotations

import numpy as np
import pytest

from geo.places.geometry import haversine_km, pairwise_km

PARIS = (48.8566, 2.3522)
LONDON = (51.5074, -0.1278)
OSAKA = (34.6937, 135.5023)
TULSA = (36.154, -95.9928)


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((0.0, 0.0), (0.0, 1.0), 111.195),  # one degree of the equator
        (PARIS, LONDON, 343.56),
        ((0.0, 0.0), (0.0, 180.0), 20015.1),  # antipodes
        (PARIS, PARIS, 0.0),
    ],
)
def test_haversine(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert haversine_km(*a, *b) == pytest.approx(km, abs=0.1)


def test_the_pairwise_matrix_holds_each_pair_s_great_circle_distance() -> None:
    points = [PARIS, LONDON, OSAKA, TULSA]
    lat = np.radians([p[0] for p in points])
    lon = np.radians([p[1] for p in points])
    matrix = pairwise_km(lat, lon)
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            assert matrix[i, j] == pytest.approx(haversine_km(*a, *b), abs=1e-6)
