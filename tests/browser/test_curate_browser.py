"""In a real browser: fix a place on the Curate page, then see its marker move on the Map.

Starts the app on a database of the invented articles (tests/extraction_factory.py), drives Debian's
Chromium with Playwright with every request outside loopback aborted (and recorded: there must be
none), and saves screenshots in tests/artifacts/.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.store.database import Store
from tests.browser.conftest import running_app, shot, warm_up
from tests.conftest import NewDatabases
from tests.extraction_factory import LAKEVIEW, LAKEVIEW_OR, corpus

pytestmark = pytest.mark.browser

_MARKERS_JS = """() => {
    const out = [];
    for (const name of Object.keys(window)) {
        let value;
        try { value = window[name]; } catch (e) { continue; }
        if (!window.L || !(value instanceof window.L.Map)) continue;
        value.eachLayer(layer => {
            if (layer.feature && layer.getLatLng) {
                const p = layer.getLatLng();
                out.push([layer.feature.properties.id, p.lat, p.lng]);
            }
        });
    }
    return out;
}"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser: Any,
        module_databases: NewDatabases) -> Iterator[dict[str, str]]:
    """The dashboard on a database of the invented articles (SQLite, then PostgreSQL), on a free
    loopback port."""
    folder = tmp_path_factory.mktemp(f"curate_browser_{module_databases.backend}")
    url = module_databases.saved("curate_browser", corpus())
    with running_app(folder, url) as base:
        warm_up(browser, base)
        yield {"base": base, "db": url}


@pytest.fixture
def page(page: Any) -> Any:
    """The shared offline page, with generous waits."""
    page.set_default_timeout(120_000)  # the machine is shared: waits are generous, not assertions
    return page


def _markers(page: Any) -> dict[str, tuple[float, float]]:
    """Every place marker of the map, by place id, read from Leaflet inside the map's frame."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                found = frame.evaluate(_MARKERS_JS)
            except Exception:  # a frame that is loading or not the map
                continue
            if found:
                return {pid: (lat, lon) for pid, lat, lon in found}
        page.wait_for_timeout(500)
    raise AssertionError("no map markers found")


def test_fixing_a_place_on_curate_moves_its_marker_on_the_map(app: dict[str, str], page: Any) -> None:
    page.goto(app["base"] + "/")
    before = _markers(page)
    shot(page, "curate_1_map_before.png")
    assert before[f"gn:{LAKEVIEW.geonameid}"] == (LAKEVIEW.lat, LAKEVIEW.lon)
    assert f"gn:{LAKEVIEW_OR.geonameid}" not in before

    page.goto(app["base"] + "/curate")
    page.get_by_role("tab", name="Places").click()
    page.get_by_text("(OR, US)").first.click()
    page.get_by_role("button", name="Use this candidate").click()
    page.get_by_text("Saved: place “Lakeview” in inv_one").wait_for(timeout=60_000)
    shot(page, "curate_2_fixed.png")

    page.goto(app["base"] + "/")
    after = _markers(page)
    deadline = time.monotonic() + 30
    while f"gn:{LAKEVIEW_OR.geonameid}" not in after and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        after = _markers(page)
    shot(page, "curate_3_map_after.png")
    assert after[f"gn:{LAKEVIEW_OR.geonameid}"] == (LAKEVIEW_OR.lat, LAKEVIEW_OR.lon)
    # the other article's Lakeview keeps the machine's answer
    assert after[f"gn:{LAKEVIEW.geonameid}"] == (LAKEVIEW.lat, LAKEVIEW.lon)


def test_uploading_an_article_on_the_import_page_ingests_it(app: dict[str, str], page: Any,
                                                            tmp_path: Path) -> None:
    article = tmp_path / "invented_upload.txt"
    article.write_text("An invented story. A delegation from Springfield, Illinois, visited Osaka "
                       "last week.\n", encoding="utf-8")
    page.goto(app["base"] + "/import")
    page.locator("input[type=file]").first.set_input_files(str(article))
    # the upload goes to the server on its own; a click on Ingest before it lands would find no file.
    # Streamlit shows the name as soon as the upload starts, with a spinner until it has landed.
    page.get_by_text("invented_upload.txt").first.wait_for(timeout=60_000)
    page.locator("[data-testid=stFileChipIconSpinner]").wait_for(state="detached", timeout=60_000)
    page.get_by_label("Title").fill("An invented upload")
    page.get_by_label("Outlet").fill("<b>Invented</b> Wire")
    page.get_by_role("button", name="Ingest").click()
    outcome = page.get_by_text(re.compile(r"Articles: \d+ ingested|Choose at least one file"))
    outcome.first.wait_for(timeout=180_000)
    if "Choose at least one file" in outcome.first.inner_text():
        # the chip's spinner goes when the file has landed, but on a loaded machine the form may not hold
        # it yet: the page says to wait and ask again, and a user would
        page.wait_for_timeout(5000)
        page.get_by_role("button", name="Ingest").click()
        outcome = page.get_by_text("Articles: 1 ingested")
        outcome.first.wait_for(timeout=180_000)
    assert "Articles: 1 ingested" in outcome.first.inner_text(), page.inner_text("body")[-1500:]
    shot(page, "import_1_uploaded.png")
    store = Store(app["db"])
    try:
        stored = store.load_extraction("invented_upload")
    finally:
        store.close()
    assert stored is not None
    assert (stored.document.meta.title, stored.document.meta.outlet) == ("An invented upload",
                                                                         "<b>Invented</b> Wire")


def test_exported_html_map_runs_offline_and_no_script_from_the_text(page: Any, tmp_path: Path) -> None:
    from geo.views import export
    from geo.views.atlas import build_atlas
    from tests.extraction_factory import hostile_extraction

    path = tmp_path / "map.html"
    path.write_text(export.to_html_map(build_atlas([hostile_extraction()])), encoding="utf-8")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    markers = _markers(page)
    page.wait_for_timeout(500)
    shot(page, "export_html_map.png")
    assert set(markers) == {"gn:90000098", "gn:90000099"}
    assert dialogs == []
    assert page.locator(".leaflet-container[data-basemap=ready]").count() == 1  # the basemap is inside
