"""Time until a map page is ready in headless Chromium, served over loopback with the app's static files."""

from __future__ import annotations

import functools
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from geo.config import PROJECT_ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Ready: the page has loaded and Leaflet has drawn the atlas layers (a canvas, a marker or a vector
# path in the overlay pane), two animation frames later so that their first paint is done; "full"
# also waits for the offline basemap, which the page fetches after load (data-basemap="ready").
_READY_JS = """
() => new Promise(resolve => {
  const frames = then => requestAnimationFrame(() => requestAnimationFrame(then));
  const drawn = () => document.querySelector(
    '.leaflet-overlay-pane canvas, .leaflet-marker-icon, .leaflet-overlay-pane path');
  const basemap = () => document.querySelector('[data-basemap="ready"]');
  const result = {};
  const waitBasemap = () => basemap() || performance.now() > 60000
    ? frames(() => { result.full = performance.now(); resolve(result); })
    : setTimeout(waitBasemap, 10);
  const waitDrawn = () => drawn()
    ? frames(() => { result.drawn = performance.now(); waitBasemap(); })
    : setTimeout(waitDrawn, 10);
  waitDrawn();
})
"""


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A page closed while a file was still being sent is not an error of the benchmark."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)


class _Handler(SimpleHTTPRequestHandler):
    """Serves the page folder at / and the project's static/ at /app/static/, as Streamlit does."""

    def __init__(self, *args: Any, page_dir: Path, **kwargs: Any) -> None:
        self.page_dir = page_dir
        super().__init__(*args, directory=str(page_dir), **kwargs)

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean.startswith("/app/static/"):
            return str(PROJECT_ROOT / "static" / clean[len("/app/static/"):])
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return


@contextmanager
def serve(page_dir: Path) -> Iterator[str]:
    """Serve ``page_dir`` on a free loopback port; yields the base URL."""
    handler = functools.partial(_Handler, page_dir=page_dir)
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Browser:
    """One headless Chromium (Debian's), a fresh context per measurement."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        executable = shutil.which("chromium")
        if executable is None:
            raise RuntimeError("chromium is not installed (make bench installs it: scripts/setup.sh --dev)")
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    def time_until_ready(self, url: str, timeout_ms: float = 180_000) -> tuple[float, float]:
        """Milliseconds from navigation start until the atlas layers are drawn, then the basemap too."""
        context = self._browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            page = context.new_page()
            page.goto(url, wait_until="load", timeout=timeout_ms)
            times = page.evaluate(_READY_JS)
            return float(times["drawn"]), float(times["full"])
        finally:
            context.close()

    def close(self) -> None:
        """Stop the browser."""
        self._browser.close()
        self._playwright.stop()
