"""What the browser tests share: the app started on a free loopback port, headless Chromium, offline pages."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
_LOCAL_SCHEMES = ("file", "data", "blob", "about")
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_app(folder: Path, db_url: str, corpus: Path | None = None, **env: str) -> Iterator[str]:
    """`streamlit run dashboard.py` on ``db_url`` and a free loopback port; yields its base URL.

    ``corpus`` defaults to a new empty folder; ``env`` adds or overrides environment variables.
    """
    if corpus is None:
        corpus = folder / "corpus"
        corpus.mkdir()
    port = free_port()
    environment = {**os.environ, "GEO_DB_URL": db_url, "GEO_CORPUS": str(corpus), "GEO_TILES": "offline",
                   **env}
    log_path = folder / "streamlit.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             # set, so that Streamlit does not look up the machine's external address on the network
             "--browser.serverAddress", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail(f"the app did not start:\n{log_path.read_text()}")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def warm_up(browser: Any, base: str) -> None:
    """Open the app's main page once, as the first visitor would.

    Streamlit runs the first session of a server as an old-style app of the ``pages/`` folder until
    ``st.navigation`` has run once; a first visit straight to a page's URL ("/import") then shows a
    "Page not found" notice over the right page. After one visit it never does.
    """
    context = browser.new_context()
    try:
        first = context.new_page()
        first.goto(base + "/")
        # the sidebar's filters are drawn after st.navigation has run (the old-style run draws a nav too)
        first.get_by_text("Filters", exact=True).first.wait_for(timeout=120_000)
    finally:
        context.close()


@contextlib.contextmanager
def served(tmp_path_factory: pytest.TempPathFactory, browser: Any, name: str, corpus: Path,
           db_url: str | None = None) -> Iterator[tuple[str, str, Path]]:
    """The dashboard on an empty database (a new SQLite file unless ``db_url`` names another) that it
    builds from ``corpus`` on first start, warmed up once; yields (base URL, database URL, its folder)."""
    folder = tmp_path_factory.mktemp(name)
    if db_url is None:
        database = folder / "atlas.db"
        database.touch()  # empty: the app builds it from the corpus on first start
        db_url = f"sqlite:///{database}"
    url = db_url
    with running_app(folder, url, corpus) as base:
        warm_up(browser, base)
        yield base, url, folder


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, with its own background traffic switched off."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        pytest.fail("Debian's chromium is needed: scripts/setup.sh --dev installs it")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield launched
        launched.close()


def is_local(url: str) -> bool:
    """Whether a request stays on this machine: to loopback, or a file, data, blob or about URL."""
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in _LOCAL_SCHEMES or (
        parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in _LOOPBACK_HOSTS)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page whose requests beyond loopback are aborted; the test fails if there was any."""
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1500, "height": 1000})

    def route(request_route: Any) -> None:
        if is_local(request_route.request.url):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    new_page = context.new_page()
    yield new_page
    context.close()
    assert outside == [], f"requests beyond loopback: {outside}"


def shot(page: Any, name: str) -> None:
    """A screenshot of the page in tests/artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


MAP_READY_JS = """() => {
    const box = document.querySelector('.leaflet-container');
    return !!(window.map && box && box.getAttribute('data-basemap') === 'ready'
              && box.getAttribute('data-places') !== null);
}"""


def map_frame(page: Any, name: str, timeout: float = 120.0, settle_ms: int = 0) -> Any:
    """The streamlit-folium iframe once Leaflet, the basemap and the places are drawn (waiting ``settle_ms``
    more, e.g. for fitBounds); else a screenshot ``{name}_not_ready.png`` and a failure."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate(MAP_READY_JS):
                    if settle_ms:
                        frame.wait_for_timeout(settle_ms)
                    return frame
            except Exception:  # frames come and go while the app renders
                continue
        page.wait_for_timeout(250)
    shot(page, f"{name}_not_ready.png")
    pytest.fail(f"the map never became ready (see tests/artifacts/{name}_not_ready.png)")
