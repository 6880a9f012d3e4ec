"""In a real browser, offline: ties on the map (a layer of their own), a click on a tie, the Ties page's URL.

The app starts on an empty SQLite file with the invented tie articles of tests/data/ties as its corpus
(ingested on first start): Tulsa–Beihai (told by two articles), Boise–Nagoya (ended) and
Boise–Kakegawa (a friendship city).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import ROOT, map_frame, served, shot
from tests.conftest import NewDatabases

pytestmark = pytest.mark.browser

SCREENSHOT = ROOT / "docs" / "screenshots" / "ties.png"

_TIES_JS = """() => {
    const ties = [];
    window.map.eachLayer(layer => {
        const p = layer.feature && layer.feature.properties;
        if (p && p.kind === 'tie') ties.push({id: p.id, tooltip: p.tooltip, dash: layer.options.dashArray,
                                              status: p.status});
    });
    return ties;
}"""

# a point on a tie's line, away from every marker, on the longest stretch first
_TIE_POINT_JS = """(wanted) => {
    const rect = window.map.getContainer().getBoundingClientRect();
    const markers = [];
    let tie = null;
    window.map.eachLayer(layer => {
        const p = layer.feature && layer.feature.properties;
        if (!p) return;
        if (p.kind === 'place') markers.push(window.map.latLngToContainerPoint(layer.getLatLng()));
        if (p.kind === 'tie' && p.tooltip.indexOf(wanted) >= 0 && !tie) tie = layer;
    });
    if (!tie) return null;
    const segments = [];
    for (const line of tie.feature.geometry.coordinates) {
        const points = line.map(p => window.map.latLngToContainerPoint([p[1], p[0]]));
        for (let i = 1; i < points.length; i++) segments.push([points[i - 1], points[i]]);
    }
    const length = s => Math.hypot(s[1].x - s[0].x, s[1].y - s[0].y);
    segments.sort((p, q) => length(q) - length(p));
    const size = window.map.getSize();
    for (const [a, b] of segments) {
        for (const f of [0.5, 0.4, 0.6, 0.3, 0.7]) {
            const x = a.x + (b.x - a.x) * f, y = a.y + (b.y - a.y) * f;
            if (x < 60 || y < 60 || x > size.x - 60 || y > size.y - 60) continue;
            if (markers.every(m => Math.hypot(m.x - x, m.y - y) > 25)) {
                return {id: tie.feature.properties.id, x: x + rect.left, y: y + rect.top};
            }
        }
    }
    return null;
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser: Any,
        module_databases: NewDatabases) -> Iterator[str]:
    """The dashboard on an empty database (SQLite, then PostgreSQL) with the invented tie articles, on a
    free loopback port."""
    with served(tmp_path_factory, browser, f"ties_browser_{module_databases.backend}",
                ROOT / "tests" / "data" / "ties", module_databases.url("ties_browser")) as (base, _, _):
        yield base



def test_ties_are_a_dashed_layer_of_their_own_that_can_be_switched_off(app: str, page: Any) -> None:
    page.goto(app + "/")
    frame = map_frame(page, "ties_map")
    ties = {t["tooltip"].split(" · ")[0]: t for t in frame.evaluate(_TIES_JS)}
    assert len(ties) == 3, ties
    tulsa = next(t for name, t in ties.items() if "Tulsa" in name and "Beihai" in name)
    nagoya = next(t for name, t in ties.items() if "Nagoya" in name)
    assert tulsa["dash"] == "8 6"  # dashed, not a route's solid line
    assert nagoya["dash"] == "2 7"  # ended: dotted
    assert nagoya["status"] == "ended"
    control = frame.locator(".leaflet-control-layers")
    assert "Ties (sister cities, friendship cities)" in control.inner_text()
    shot(page, "ties_map.png")
    control.locator("input[type=checkbox]").uncheck()
    page.wait_for_timeout(300)
    assert frame.evaluate(_TIES_JS) == []
    places = frame.evaluate("() => document.querySelector('.leaflet-container').getAttribute('data-places')")
    assert places != "0"  # the places stay
    shot(page, "ties_map_switched_off.png")
    control.locator("input[type=checkbox]").check()
    page.wait_for_timeout(300)
    assert len(frame.evaluate(_TIES_JS)) == 3


def test_a_click_on_a_tie_opens_its_panel(app: str, page: Any) -> None:
    page.goto(app + "/")
    frame = map_frame(page, "ties_map")
    page.wait_for_timeout(500)  # the map may still be settling its view
    point = frame.evaluate(_TIE_POINT_JS, "Beihai")
    assert point is not None, "no clickable stretch of the Tulsa–Beihai tie"
    box = frame.frame_element().bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    panel = page.locator(".st-key-detail_panel")
    panel.get_by_text("Evidence (").first.wait_for(timeout=30_000)
    # the panel is drawn top to bottom: read it once its last part, the trips, is there
    panel.get_by_text("Trips made under it").first.wait_for(timeout=30_000)
    text = " ".join(panel.inner_text().split())
    assert panel.locator("h3").first.inner_text().startswith("Tie:")
    assert "Sister city · status active · since 1998" in text
    assert "Tulsa and Beihai became sister cities in 1998" in text  # each sentence with its source
    assert "Source: Tulsa celebrates its ties with Beihai" in text
    assert "Source: Beihai and Tulsa mark 25 years of friendship" in text
    assert "Trips made under it" in text
    page.mouse.move(5, 5)  # the tooltip away, for the picture
    page.wait_for_timeout(500)
    shot(page, "ties_click.png")
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))


def test_the_ties_page_filtered_through_the_url(app: str, page: Any) -> None:
    page.goto(app + "/ties?tie_status=ended&tie_country=JP&tie_kind=sister%20city")
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("1 of 3 ties.").wait_for(timeout=60_000)
    assert main.get_by_role("combobox", name="Status").input_value() == "ended"
    assert main.get_by_role("combobox", name="Country").input_value() == "JP"
    assert main.get_by_role("combobox", name="Kind").input_value() == "sister city"
    grid = main.locator("[data-testid='stDataFrame'] [role=gridcell]")
    grid.filter(has_text="Nagoya").first.wait_for(state="attached", timeout=30_000)
    cells = grid.all_inner_texts()
    assert cells[:7] == ["Nagoya", "JP", "Boise", "US", "sister city", "ended", "1988"]
    shot(page, "ties_page_ended.png")
    page.goto(app + "/ties?tie_kind=friendship%20city")
    main.get_by_text("1 of 3 ties.").wait_for(timeout=60_000)
    page.goto(app + "/ties?tie_status=over")
    main.get_by_text("3 of 3 ties.").wait_for(timeout=60_000)
    assert "ignored tie_status" in main.inner_text()
    shot(page, "ties_page_bad_filter.png")
