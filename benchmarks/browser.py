"""Time until a map page is ready in headless Chromium, served over loopback with the app's static files."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from geo.config import PROJECT_ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Ready: the page has loaded, Leaflet has drawn its layers (a canvas, a marker or a vector path),
# and two animation frames have passed, so the first paint of what was drawn is done.
_READY_JS = """
() => new Promise(resolve => {
  const drawn = () => document.querySelector(
    '.leaflet-overlay-pane canvas, .leaflet-marker-icon, .leaflet-overlay-pane path');
  const finish = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
  const poll = () => drawn() ? finish() : setTimeout(poll, 10);
  poll();
})
"""


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
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
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

    def time_until_ready(self, url: str, timeout_ms: float = 180_000) -> float:
        """Milliseconds from navigation start until the map is drawn and painted."""
        context = self._browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            page = context.new_page()
            page.goto(url, wait_until="load", timeout=timeout_ms)
            return float(page.evaluate(_READY_JS))
        finally:
            context.close()

    def close(self) -> None:
        """Stop the browser."""
        self._browser.close()
        self._playwright.stop()
