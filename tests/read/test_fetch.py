"""``python -m geo fetch``: pages downloaded from a local HTTP server on loopback only, never the network.

Pacing per host, robots.txt, the timeout, the size cap, and one failure per URL while the rest goes on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from geo.read.fetch import (
    FetchError,
    HostPacer,
    check_url,
    fetch_pages,
    page_name,
    read_url_list,
    trafilatura_download,
)
from geo.read.reading import read_document
from geo.store.database import Store

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parents[1] / "data"
PAGE = (DATA / "pages" / "wire_lakeview_osaka.html").read_bytes()
PDF = next((DATA / "seed_formats" / "pdf").glob("*.pdf")).read_bytes()
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
MB = 1024 * 1024


class _Site(BaseHTTPRequestHandler):
    """An invented news site: a story, a PDF, a disallowed folder, a slow page, a huge page, a 404."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        if self.path == "/robots.txt":
            self._send(200, ROBOTS, "text/plain")
        elif self.path in ("/news/lakeview-osaka", "/private/memo", "/news/again"):
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/release.pdf":
            self._send(200, PDF, "application/pdf")
        elif self.path == "/slow":
            time.sleep(4)
            self._send(200, PAGE, "text/html")
        elif self.path == "/huge":
            self._send(200, b"<p>" + b"word " * (2 * MB // 5) + b"</p>", "text/html")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """The site on 127.0.0.1 at a free port; its base URL."""
    _Site.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class FakeTime:
    """A clock that moves only when slept on, and the sleeps asked for."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def test_pages_are_kept_beside_a_sidecar_and_each_failure_named_by_url(site: str, tmp_path: Path) -> None:
    fake = FakeTime()
    urls = [f"{site}/news/lakeview-osaka", f"{site}/release.pdf", f"{site}/private/memo", f"{site}/gone",
            f"{site}/huge", "ftp://example.org/file"]
    download = trafilatura_download(timeout=5, max_bytes=MB, allow_private=True)
    pacer = HostPacer(2.0, clock=fake.clock, sleep=fake.sleep)
    report = fetch_pages(urls, tmp_path, download=download, pacer=pacer, max_bytes=MB, allow_private=True)
    saved = {url: path for url, path in report.saved}
    assert [p.name for p in saved.values()] == ["127_0_0_1_news_lakeview_osaka.html",
                                                 "127_0_0_1_release_pdf.pdf"]
    failed = dict(report.failed)
    assert failed == {
        f"{site}/private/memo": "robots.txt of 127.0.0.1 does not allow it",
        f"{site}/gone": "HTTP 404",
        f"{site}/huge": "larger than the size limit",
        "ftp://example.org/file": "not an http:// or https:// URL",
    }
    page = saved[f"{site}/news/lakeview-osaka"]
    assert page.read_bytes() == PAGE  # the HTML as served, beside the text that ingest makes of it
    assert json.loads(page.with_suffix(".json").read_text()) == {"url": f"{site}/news/lakeview-osaka"}
    document = read_document(page)
    assert document.meta.url == f"{site}/news/lakeview-osaka"  # the sidecar wins over the canonical URL
    assert (document.meta.outlet, document.meta.published) == ("Meridian Wire", "2023-03-14")
    assert "mayors from six American cities" in read_document(saved[f"{site}/release.pdf"]).text
    # one robots.txt, then a request every 2 s at most to the one host (4 requests after the first)
    assert _Site.requests.count("/robots.txt") == 1
    assert "/private/memo" not in _Site.requests
    assert fake.sleeps == [2.0] * 4


def test_the_timeout_gives_up_on_a_silent_page_and_the_rest_goes_on(site: str, tmp_path: Path) -> None:
    download = trafilatura_download(timeout=1, max_bytes=MB, allow_private=True)
    started = time.monotonic()
    report = fetch_pages([f"{site}/slow", f"{site}/news/again"], tmp_path, download=download,
                         pacer=HostPacer(0.0), max_bytes=MB, allow_private=True)
    assert [url for url, _ in report.failed] == [f"{site}/slow"]
    assert "timeout" in report.failed[0][1]
    assert [url for url, _ in report.saved] == [f"{site}/news/again"]
    assert time.monotonic() - started < 30  # bounded: not left waiting on the silent server


def test_loopback_and_private_hosts_are_refused_unless_allowed(site: str, tmp_path: Path) -> None:
    report = fetch_pages([f"{site}/news/lakeview-osaka"], tmp_path,
                         download=trafilatura_download(timeout=2, max_bytes=MB, allow_private=False),
                         pacer=HostPacer(0.0), max_bytes=MB)
    assert report.failed == [(f"{site}/news/lakeview-osaka",
                              "refused: 127.0.0.1 is a loopback or private address (127.0.0.1)")]
    assert _Site.requests == []  # not even robots.txt was asked for


@pytest.mark.parametrize(
    ("address", "refused"),
    [("10.1.2.3", True), ("192.168.0.10", True), ("169.254.169.254", True), ("::1", True),
     ("::ffff:127.0.0.1", True), ("93.184.216.34", False)],
)
def test_check_url_by_address(address: str, refused: bool) -> None:
    def resolve(host: str) -> list[str]:
        return [address]

    if refused:
        with pytest.raises(FetchError, match="loopback or private"):
            check_url("https://news.example/story", resolve=resolve)
    else:
        assert check_url("https://news.example/story", resolve=resolve) == "news.example"


def test_pacing_is_per_host() -> None:
    fake = FakeTime()
    pacer = HostPacer(5.0, clock=fake.clock, sleep=fake.sleep)
    for host in ("a.example", "b.example", "a.example", "a.example"):
        pacer.wait(host)
    pacer.wait("b.example", 12.0)  # a Crawl-delay longer than ours
    assert fake.sleeps == [5.0, 5.0, 2.0]  # b waited 10 s by then: 2 s more for its 12


def test_url_list_and_names() -> None:
    assert read_url_list("# my list\nhttps://a.example/x#top\n\n  https://b.example/y  \n") == [
        "https://a.example/x#top", "https://b.example/y"]
    assert page_name("https://www.news.example/2024/02/visit.html?id=7") == (
        "news_example_2024_02_visit_html_id_7")


def test_fetch_command_ingests_what_it_kept(site: str, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# invented site on loopback\n{site}/news/lakeview-osaka\n{site}/gone\n",
                       encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'atlas.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "geo", "fetch", "--list", str(listing), "--db", db,
         "--out", str(tmp_path / "kept"), "--delay", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1, done.stderr  # one URL failed
    assert f"error: {site}/gone: HTTP 404" in done.stderr
    assert "fetch: 1 saved, 1 failed" in done.stderr
    assert "1 ingested, 0 skipped, 0 failed" in done.stderr
    with Store(db) as store:
        [extraction] = store.load_extractions()
    assert extraction.document.meta.author == "Dana Whitfield"
    assert (tmp_path / "kept" / "127_0_0_1_news_lakeview_osaka.html").exists()
