"""How a route is drawn on a flat map: the great circle between two points, cut where it crosses ±180°.

A straight line on the map from Tulsa to Osaka runs east across the Atlantic and Asia; the shortest way
is west over the Pacific. ``great_circle`` samples the great circle between two points and cuts it into
pieces where it crosses the antimeridian, so that each piece stays inside the map's -180..180 degrees
(as RFC 7946 asks of GeoJSON). Points are (lon, lat), GeoJSON's order. Pure functions.
"""

from __future__ import annotations

import itertools
import math

from geo.metrics import haversine_km

Point = tuple[float, float]  # (lon, lat)

STEP_KM = 1200.0  # a sampled point every 1,200 km: a smooth enough arc at world zoom, a small page
MAX_STEPS = 16
DIGITS = 2  # the sampled points between the ends: a kilometre is plenty for a line


def great_circle(start: Point, end: Point) -> list[list[Point]]:
    """The great circle from ``start`` to ``end`` as one or two pieces of (lon, lat) points, in order.

    Short legs (under ``STEP_KM``) stay a straight segment. Antipodal points have no single great
    circle; the straight segment is returned for them.
    """
    km = haversine_km(start[1], start[0], end[1], end[0])
    steps = min(MAX_STEPS, math.ceil(km / STEP_KM))
    if steps <= 1:
        return [[start, end]]
    points = _sample(start, end, steps)
    if points is None:
        return [[start, end]]
    lines = _cut_at_antimeridian(_unwrap(points))
    lines[0][0], lines[-1][-1] = start, end  # the ends exactly where the markers sit
    return lines


def _sample(start: Point, end: Point, steps: int) -> list[Point] | None:
    """``steps + 1`` points along the great circle (spherical linear interpolation)."""
    a, b = _vector(start), _vector(end)
    dot = max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b, strict=True))))
    angle = math.acos(dot)
    if math.sin(angle) < 1e-9:
        return None
    points: list[Point] = []
    for i in range(steps + 1):
        t = i / steps
        wa = math.sin((1 - t) * angle) / math.sin(angle)
        wb = math.sin(t * angle) / math.sin(angle)
        x, y, z = (wa * p + wb * q for p, q in zip(a, b, strict=True))
        points.append((math.degrees(math.atan2(y, x)), math.degrees(math.atan2(z, math.hypot(x, y)))))
    return points


def _vector(point: Point) -> tuple[float, float, float]:
    lon, lat = math.radians(point[0]), math.radians(point[1])
    return math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)


def _unwrap(points: list[Point]) -> list[Point]:
    """Longitudes made continuous (each within 180° of the one before): they may leave -180..180."""
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        out.append((lon, lat))
    return out


def _cut_at_antimeridian(points: list[Point]) -> list[list[Point]]:
    """Pieces of a continuous line, each moved back inside -180..180, cut where the line crosses ±180."""
    pieces: list[list[Point]] = []
    shift = _shift(points[0][0])
    piece: list[Point] = [(points[0][0] + shift, points[0][1])]
    for (lon0, lat0), (lon1, lat1) in itertools.pairwise(points):
        next_shift = _shift(lon1)
        if next_shift != shift:
            edge = (180.0 if lon1 > lon0 else -180.0) - shift  # the crossing, in the continuous frame
            lat = lat0 + (lat1 - lat0) * (edge - lon0) / (lon1 - lon0)
            if (edge + shift, lat) != piece[-1]:
                piece.append((edge + shift, lat))
            pieces.append(piece)
            piece = [(edge + next_shift, lat)]
            shift = next_shift
        if (lon1 + shift, lat1) != piece[-1]:
            piece.append((lon1 + shift, lat1))
    pieces.append(piece)
    return [[(round(lon, DIGITS), round(lat, DIGITS)) for lon, lat in p] for p in pieces if len(p) > 1]


def _shift(lon: float) -> float:
    """What to add to ``lon`` to bring it inside -180..180."""
    return 0.0 if -180.0 <= lon <= 180.0 else -360.0 * math.floor((lon + 180.0) / 360.0)


def bowed_arc(start: Point, end: Point, bulge: float = 0.1, most: float = 6.0,
              steps: int = 16) -> list[list[Point]]:
    """The great circle from ``start`` to ``end`` bowed towards the equator by ``bulge`` of its length.

    What ties are drawn with: a line that leaves the great circle (by at most ``most`` degrees), so
    that it never lies under the route of a trip between the same two places. Cut at ±180° like
    ``great_circle``.
    """
    points = _sample(start, end, steps)
    if points is None or start == end:
        return [[start, end]]
    line = _unwrap(points)
    dx, dy = line[-1][0] - line[0][0], line[-1][1] - line[0][1]
    length = math.hypot(dx, dy)
    if length == 0:
        return [[start, end]]
    nx, ny = -dy / length, dx / length
    if (ny > 0) == (line[steps // 2][1] > 0):  # towards the equator: away from the poles the circle bends to
        nx, ny = -nx, -ny
    size = min(bulge * length, most)
    bowed = [(lon + nx * size * math.sin(math.pi * i / steps),
              max(-85.0, min(85.0, lat + ny * size * math.sin(math.pi * i / steps))))
             for i, (lon, lat) in enumerate(line)]
    lines = _cut_at_antimeridian(bowed)
    lines[0][0], lines[-1][-1] = start, end
    return lines
