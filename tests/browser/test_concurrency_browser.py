"""Several browser sessions read the dashboard while an ingest writes into the same database."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ROOT, running_app, shot, warm_up
from tests.conftest import NewDatabases
from tests.extraction_factory import synthetic_extractions

pytestmark = pytest.mark.browser

ARTICLES = ROOT / "tests" / "data" / "articles"  # invented articles, marked so in their sidecars
COPIES = 8  # each invented article several times, each copy a different text: a batch of some length


def _corpus(folder: Path) -> Path:
    """The invented articles, each copied with a line that makes every copy a text of its own."""
    corpus = folder / "incoming"
    corpus.mkdir()
    for source in sorted(ARTICLES.glob("*.txt")):
        for n in range(COPIES):
            target = corpus / f"{source.stem}_copy{n}.txt"
            target.write_text(source.read_text(encoding="utf-8") + f"\nCorrection {n}: none.\n",
                              encoding="utf-8")
            sidecar = source.with_suffix(".json")
            if sidecar.exists():
                shutil.copy(sidecar, target.with_suffix(".json"))
    return corpus


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory, browser: Any,
        module_databases: NewDatabases) -> Iterator[dict[str, Any]]:
    """The dashboard on a database of 40 invented articles (SQLite, then PostgreSQL), and a folder of
    more to ingest."""
    folder = tmp_path_factory.mktemp(f"concurrency_browser_{module_databases.backend}")
    url = module_databases.saved("concurrency_browser", synthetic_extractions(40))
    with running_app(folder, url) as base:
        warm_up(browser, base)
        yield {"base": base, "db": url, "incoming": _corpus(folder)}


def _map_drawn(page: Any, timeout: float = 90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                if frame.evaluate("() => !!(window.map && document.querySelector('.leaflet-container'))"):
                    return True
            except Exception:  # frames come and go while the app renders
                continue
        page.wait_for_timeout(250)
    return False


def _sources_count(page: Any) -> int:
    text = page.get_by_text("sources.", exact=False).first.inner_text()
    return int(text.split(" sources.")[0].rsplit(",", 1)[-1].strip().split()[0])


def test_two_sessions_read_while_an_ingest_writes(app: dict[str, Any], browser: Any) -> None:
    ingest = subprocess.Popen(
        [sys.executable, "-m", "geo", "ingest", str(app["incoming"]), "--db", app["db"]],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    sessions = [browser.new_context(viewport={"width": 1300, "height": 900}) for _ in range(2)]
    try:
        pages = [context.new_page() for context in sessions]
        rounds = 0
        while ingest.poll() is None or rounds < 2:
            for page in pages:
                page.goto(app["base"] + "/")
                assert _map_drawn(page), "the map was not drawn during the ingest"
                assert page.locator('[data-testid="stException"]').count() == 0
                assert page.get_by_text("Traceback").count() == 0
            rounds += 1
        _out, err = ingest.communicate(timeout=300)
        assert ingest.returncode == 0, err
        assert "0 failed" in err
        # after the ingest, a fresh look at the same database sees the new articles
        pages[0].goto(app["base"] + "/")
        assert _map_drawn(pages[0])
        pages[0].wait_for_timeout(500)
        assert _sources_count(pages[0]) == 40 + COPIES * len(list(ARTICLES.glob("*.txt")))
        shot(pages[0], "map_after_concurrent_ingest.png")
    finally:
        if ingest.poll() is None:
            ingest.kill()
        for context in sessions:
            context.close()
