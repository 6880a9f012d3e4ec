"""How routes are drawn on a flat map: great circles with continuous longitudes, places laid out compactly.

A straight line on the map from Tulsa to Osaka runs east across the Atlantic and Asia; the shortest way
is west over the Pacific. ``great_circle`` samples the great circle between two points and keeps its
longitudes continuous: a trans-Pacific leg runs past -180° (to -224° for Osaka) rather than leaving the
map's west edge and coming back at the east edge. ``arrange`` chooses, for each place, the copy of the
world (its longitude plus a multiple of 360°) that keeps the view compact: the cut falls in the widest
empty stretch of longitude that the fewest legs cross, so that the Midwest and East Asia sit side by
side over the Pacific. Points are (lon, lat), GeoJSON's order. Pure functions.
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Iterable, Mapping

from geo.places.geometry import haversine_km

Point = tuple[float, float]  # (lon, lat)

STEP_KM = 1200.0  # a sampled point every 1,200 km: a smooth enough arc at world zoom, a small page
MAX_STEPS = 64
MAX_STEP_LON = 28.0  # near a pole a step of 1,200 km turns many degrees of longitude: sample more there
WIDE_GAP = 90.0
DIGITS = 2  # the sampled points between the ends: a kilometre is plenty for a line


def great_circle(start: Point, end: Point) -> list[Point]:
    """The great circle from ``start`` to ``end`` as (lon, lat) points in order, longitudes continuous.

    The line starts exactly at ``start`` (whatever copy of the world its longitude is in) and ends at
    ``end`` moved by the multiple of 360° that continuity asks for, so it may end outside -180..180.
    Short legs (under ``STEP_KM``) stay a straight segment; antipodal points, which have no single great
    circle, too.
    """
    turns = round((start[0] + lon_delta(start[0], end[0]) - end[0]) / 360.0)
    lon_end = end[0] + 360.0 * turns if turns else end[0]
    km = haversine_km(start[1], start[0], end[1], end[0])
    steps = min(MAX_STEPS, math.ceil(km / STEP_KM))
    if steps <= 1:
        return [start, (lon_end, end[1])]
    points = _sample(start, end, steps)
    if points is None:
        return [start, (lon_end, end[1])]
    jump = max(abs(b[0] - a[0]) for a, b in itertools.pairwise(points))
    while steps < MAX_STEPS and jump > MAX_STEP_LON:
        steps = min(MAX_STEPS, max(steps + 1, math.ceil(steps * jump / MAX_STEP_LON)))
        points = _sample(start, end, steps) or points
        jump = max(abs(b[0] - a[0]) for a, b in itertools.pairwise(points))
    if jump > MAX_STEP_LON:
        points = _filled(points)
    line = [(round(lon, DIGITS), round(lat, DIGITS)) for lon, lat in points]
    line[0] = start  # the ends exactly where the markers sit
    turns = round((points[-1][0] - end[0]) / 360.0)
    line[-1] = (end[0] + 360.0 * turns if turns else end[0], end[1])
    return line


def _filled(points: list[Point]) -> list[Point]:
    """Points added in a straight line where a leg passes so near a pole that even ``MAX_STEPS`` samples
    turn more than ``MAX_STEP_LON`` of longitude from one to the next: on the map the circle runs along
    the top there, and the line stays continuous (Taiwan to Newfoundland passes 1° from the North Pole).
    """
    out = [points[0]]
    for (lon_a, lat_a), (lon_b, lat_b) in itertools.pairwise(points):
        parts = math.ceil(abs(lon_b - lon_a) / MAX_STEP_LON)
        out += [(lon_a + (lon_b - lon_a) * k / parts, lat_a + (lat_b - lat_a) * k / parts)
                for k in range(1, parts + 1)]
    return out


def lon_delta(lon_from: float, lon_to: float) -> float:
    """The shorter way in longitude from one to the other, in degrees (-180, 180]."""
    delta = (lon_to - lon_from) % 360.0
    return delta - 360.0 if delta > 180.0 else delta


def _sample(start: Point, end: Point, steps: int) -> list[Point] | None:
    """``steps + 1`` points along the great circle (spherical linear interpolation), unwrapped from start."""
    a, b = _vector(start), _vector(end)
    dot = max(-1.0, min(1.0, sum(x * y for x, y in zip(a, b, strict=True))))
    angle = math.acos(dot)
    if math.sin(angle) < 1e-9:
        return None
    points: list[Point] = [start]
    for i in range(1, steps + 1):
        t = i / steps
        wa = math.sin((1 - t) * angle) / math.sin(angle)
        wb = math.sin(t * angle) / math.sin(angle)
        x, y, z = (wa * p + wb * q for p, q in zip(a, b, strict=True))
        lon = math.degrees(math.atan2(y, x))
        previous = points[-1][0]
        points.append((previous + lon_delta(previous, lon), math.degrees(math.atan2(z, math.hypot(x, y)))))
    return points


def _vector(point: Point) -> tuple[float, float, float]:
    lon, lat = math.radians(point[0]), math.radians(point[1])
    return math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)


def arrange(lons: Mapping[str, float], legs: Iterable[tuple[str, str]] = ()) -> dict[str, float]:
    """Each place's longitude moved to the copy of the world that keeps the view compact.

    Every place ends up inside one window of 360° whose west edge is the cut; among the gaps between
    places at least ``WIDE_GAP`` wide the cut takes the one that the fewest ``legs`` (pairs of place ids)
    cross the shorter way, and the widest of those (the widest gap of all if none is that wide). The
    window is then moved by a multiple of 360° so that its middle is as near 0° as can be, which keeps
    a map of Europe and Africa at its usual longitudes.
    """
    if not lons:
        return {}
    wrapped = {key: lon if -180.0 <= lon < 180.0 else ((lon + 180.0) % 360.0) - 180.0
               for key, lon in lons.items()}
    ordered = sorted(set(wrapped.values()))
    if len(ordered) == 1:
        return dict(wrapped)
    # gap i runs east from ordered[i] to ordered[i + 1] (the last one wraps round to the first)
    gaps = [(ordered[(i + 1) % len(ordered)] - lon) % 360.0 or 360.0 for i, lon in enumerate(ordered)]
    # how many legs cross each gap, counted with a difference array: one pass over legs and gaps
    steps = [0] * (len(ordered) + 1)
    for a, b in legs:
        if a not in wrapped or b not in wrapped:
            continue
        west, east = (wrapped[a], wrapped[b]) if lon_delta(wrapped[a], wrapped[b]) >= 0 else (wrapped[b],
                                                                                                wrapped[a])
        first, last = bisect.bisect_left(ordered, west), bisect.bisect_left(ordered, east)
        # the leg runs east from ``west`` to ``east``: it crosses the gaps from west's to the one before east
        steps[first] += 1
        steps[last] -= 1
        if first > last:  # round past the last place to the first
            steps[len(ordered)] -= 1
            steps[0] += 1
    crossings = list(itertools.accumulate(steps[:-1]))
    # a gap of at least WIDE_GAP keeps the view under 270°: among those, the fewest crossings win
    best = min(range(len(ordered)), key=lambda i: (gaps[i] < WIDE_GAP, crossings[i], -gaps[i]))
    west_edge = ordered[(best + 1) % len(ordered)]  # the first place east of the cut
    east_edge = west_edge + 360.0 - gaps[best]
    turns = -round((west_edge + east_edge) / 2 / 360.0)
    return {key: lon + 360.0 * (turns + (lon < west_edge)) if turns + (lon < west_edge) else lon
            for key, lon in wrapped.items()}


def bowed_arc(start: Point, end: Point, bulge: float = 0.1, most: float = 6.0) -> list[Point]:
    """The great circle from ``start`` to ``end`` bowed towards the equator by ``bulge`` of its length (at
    most ``most`` degrees), longitudes continuous like ``great_circle``'s.

    What ties are drawn with: a line that leaves the great circle, so that it never lies under the route
    of a trip between the same two places.
    """
    line = great_circle(start, end)
    if len(line) < 3:
        line = [line[0], ((line[0][0] + line[-1][0]) / 2, (line[0][1] + line[-1][1]) / 2), line[-1]]
    dx, dy = line[-1][0] - line[0][0], line[-1][1] - line[0][1]
    length = math.hypot(dx, dy)
    if length == 0:
        return line
    nx, ny = -dy / length, dx / length
    middle = len(line) // 2
    if (ny > 0) == (line[middle][1] > 0):  # towards the equator: away from the pole the circle bends to
        nx, ny = -nx, -ny
    size = min(bulge * length, most)
    last = len(line) - 1
    bowed = [(round(lon + nx * size * math.sin(math.pi * i / last), DIGITS),
              round(max(-85.0, min(85.0, lat + ny * size * math.sin(math.pi * i / last))), DIGITS))
             for i, (lon, lat) in enumerate(line)]
    bowed[0], bowed[-1] = line[0], line[-1]
    return bowed
