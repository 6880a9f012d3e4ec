"""In a real browser, offline: the first view of places spread round the globe (the Americas, Europe,
Africa, China, Japan, Australia, New Zealand) holds every place and spans less than 270° of longitude.

The development articles and the real development set have places on every side of the world, with no
empty stretch of longitude 90° wide, so no view of under 270° can hold them all; this invented atlas
leaves the Pacific between New Zealand and Boston empty (111°), as a corpus of one region's ties does.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from benchmarks.browser import serve
from geo.views import maps
from tests.atlas_factory import globe_atlas
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

_VIEW_JS = """() => {
    const name = Object.keys(window).find(k => k.startsWith('map_') && window[k] && window[k].getBounds);
    const map = window[name];
    const view = map.getBounds(), places = [], lines = [];
    map.eachLayer(layer => {
        const p = layer.feature && layer.feature.properties;
        if (!p) return;
        if (p.kind === 'place') places.push({id: p.id, inView: view.contains(layer.getLatLng())});
        else if (p.kind === 'trip' || p.kind === 'flow') {
            const g = layer.feature.geometry;
            lines.push(...(g.type === 'LineString' ? [g.coordinates] : g.coordinates));
        }
    });
    return {west: view.getWest(), east: view.getEast(), places: places, lines: lines};
}"""
_READY_JS = "() => document.querySelector('.leaflet-container')?.getAttribute('data-basemap') === 'ready'"


@pytest.mark.parametrize("size", [(608, 620), (900, 620), (1280, 800)])
def test_places_round_the_globe_fit_one_view_under_270_degrees(tmp_path: Path, page: Any,
                                                                size: tuple[int, int]) -> None:
    atlas = globe_atlas()
    (tmp_path / "globe.html").write_text(maps.build_map(atlas).get_root().render(), encoding="utf-8")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    with serve(tmp_path) as base:
        page.goto(f"{base}/globe.html")
        page.wait_for_function(_READY_JS, timeout=60_000)
        page.wait_for_timeout(300)
        state = page.evaluate(_VIEW_JS)
        shot(page, f"globe_{size[0]}.png")
    assert {p["id"] for p in state["places"] if p["inView"]} == {p.id for p in atlas.places}
    assert state["east"] - state["west"] < 270
    for line in state["lines"]:
        assert max(abs(b[0] - a[0]) for a, b in itertools.pairwise(line)) <= 30
