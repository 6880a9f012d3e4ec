"""In a real browser: fix a place on the Curate page, then see its marker move on the Map.

Starts the app on a database of the invented articles (tests/extraction_factory.py), drives Debian's
Chromium with Playwright with every request outside loopback refused, and saves screenshots in
tests/artifacts/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.store import Store
from tests.extraction_factory import LAKEVIEW, LAKEVIEW_OR, corpus

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"

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


_DATABASES: dict[str, str] = {}


def base_of(port: int) -> str:
    """The app's address on a port."""
    return f"http://127.0.0.1:{port}"


def _db_of(app_url: str) -> str:
    return _DATABASES[app_url]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a database of the invented articles, on a free loopback port."""
    folder = tmp_path_factory.mktemp("curate_browser")
    url = f"sqlite:///{folder / 'atlas.db'}"
    store = Store(url)
    for extraction in corpus():
        store.save_extraction(extraction)
    store.close()
    (folder / "corpus").mkdir()
    port = _free_port()
    env = {**os.environ, "GEO_DB_URL": url, "GEO_CORPUS": str(folder / "corpus"), "GEO_TILES": "offline"}
    log = (folder / "streamlit.log").open("w")
    _DATABASES[base_of(port)] = url
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = base_of(port)
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail(f"the app did not start: {(folder / 'streamlit.log').read_text()[-2000:]}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run the suite through `make test`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield chromium
        chromium.close()


def _page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1500, "height": 1000})

    def only_loopback(route: Any) -> None:
        url = route.request.url
        host = url.split("/")[2].split(":")[0] if "://" in url else ""
        if host in ("127.0.0.1", "localhost") or url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
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


def test_fixing_a_place_on_curate_moves_its_marker_on_the_map(app_url: str, browser: Any) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = _page(browser)
    page.goto(app_url + "/")
    before = _markers(page)
    page.screenshot(path=str(ARTIFACTS / "curate_1_map_before.png"))
    assert before[f"gn:{LAKEVIEW.geonameid}"] == (LAKEVIEW.lat, LAKEVIEW.lon)
    assert f"gn:{LAKEVIEW_OR.geonameid}" not in before

    page.goto(app_url + "/curate")
    page.get_by_role("tab", name="Places").click()
    page.get_by_text("(OR, US)").first.click()
    page.get_by_role("button", name="Use this candidate").click()
    page.get_by_text("Saved: place “Lakeview” in inv_one").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTIFACTS / "curate_2_fixed.png"))

    page.goto(app_url + "/")
    after = _markers(page)
    deadline = time.monotonic() + 30
    while f"gn:{LAKEVIEW_OR.geonameid}" not in after and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        after = _markers(page)
    page.screenshot(path=str(ARTIFACTS / "curate_3_map_after.png"))
    assert after[f"gn:{LAKEVIEW_OR.geonameid}"] == (LAKEVIEW_OR.lat, LAKEVIEW_OR.lon)
    # the other article's Lakeview keeps the machine's answer
    assert after[f"gn:{LAKEVIEW.geonameid}"] == (LAKEVIEW.lat, LAKEVIEW.lon)


def test_uploading_an_article_on_the_import_page_ingests_it(app_url: str, browser: Any,
                                                            tmp_path: Path) -> None:
    article = tmp_path / "invented_upload.txt"
    article.write_text("An invented story. A delegation from Springfield, Illinois, visited Osaka "
                       "last week.\n", encoding="utf-8")
    page = _page(browser)
    page.goto(app_url + "/import")
    page.locator("input[type=file]").first.set_input_files(str(article))
    page.get_by_label("Title").fill("An invented upload")
    page.get_by_label("Outlet").fill("<b>Invented</b> Wire")
    page.get_by_role("button", name="Ingest").click()
    page.get_by_text("Articles: 1 ingested").wait_for(timeout=180_000)
    page.screenshot(path=str(ARTIFACTS / "import_1_uploaded.png"))
    store = Store(_db_of(app_url))
    try:
        stored = store.load_extraction("invented_upload")
    finally:
        store.close()
    assert stored is not None
    assert (stored.document.meta.title, stored.document.meta.outlet) == ("An invented upload",
                                                                         "<b>Invented</b> Wire")


def test_exported_html_map_runs_offline_and_no_script_from_the_text(browser: Any, tmp_path: Path) -> None:
    from geo import export
    from tests.test_export import _hostile_atlas

    path = tmp_path / "map.html"
    path.write_text(export.to_html_map(_hostile_atlas()), encoding="utf-8")
    page = _page(browser)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    markers = _markers(page)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "export_html_map.png"))
    assert set(markers) == {"gn:90000098", "gn:90000099"}
    assert dialogs == []
    assert page.locator(".leaflet-container[data-basemap=ready]").count() == 1  # the basemap is inside
