"""Downloading pages to ingest (the operator's ``python -m geo fetch``): URLs -> saved files beside a sidecar.

Online and optional: nothing else in the project touches the network. Each page is downloaded by
trafilatura's fetcher (size-capped, with a timeout), at most once per ``delay`` seconds per host
(longer when the host's robots.txt asks for it with a ``Crawl-delay``), and only where that
robots.txt allows it. What is saved is the page as served (``NAME.html``, or ``NAME.pdf`` /
``NAME.docx`` for such files) and its sidecar ``NAME.json`` with the URL; ``geo.read.reading`` reads
them like any saved page. Every failure is reported with its URL and the rest goes on.

Loopback and private-range addresses are refused unless ``allow_private`` (the command line, run by
the operator, allows them; anything a dashboard user could trigger must not).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import re
import socket
import tempfile
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "DelegationAtlas/1.0 (+operator fetch; respects robots.txt)"
ROBOTS_AGENT = "DelegationAtlas"
DEFAULT_DELAY = 5.0
DEFAULT_TIMEOUT = 20

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class FetchError(Exception):
    """A URL that cannot be fetched: ``url`` and a ``reason`` a person can act on."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Page:
    """A downloaded page: final status, body, the URL it came from (after redirects), content type."""

    status: int
    body: bytes
    url: str
    content_type: str = ""


Download = Callable[[str], Page]


@dataclass
class FetchReport:
    """What a fetch saved (URL, file) and what failed (URL, reason)."""

    saved: list[tuple[str, Path]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.saved)} saved, {len(self.failed)} failed"


class HostPacer:
    """At most one request per host every ``delay`` seconds (a host may ask for more)."""

    def __init__(self, delay: float, *, clock: Clock = time.monotonic, sleep: Sleep = time.sleep) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, host: str, delay: float | None = None) -> None:
        """Sleep until ``host`` may be asked again, then note the request."""
        gap = max(self.delay, delay or 0.0)
        last = self._last.get(host)
        if last is not None:
            remaining = last + gap - self.clock()
            if remaining > 0:
                self.sleep(remaining)
        self._last[host] = self.clock()


def read_url_list(text: str) -> list[str]:
    """The URLs of a list file: one per line; blank lines and ``#`` comments skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def check_url(
    url: str, *, allow_private: bool = False, resolve: Callable[[str], list[str]] | None = None
) -> str:
    """The URL's host, once the URL is http(s) and (unless ``allow_private``) the host is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(url, "not an http:// or https:// URL")
    host = parts.hostname
    if not allow_private:
        for address in (resolve or _resolve)(host):
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            ip = getattr(ip, "ipv4_mapped", None) or ip
            if not ip.is_global:
                raise FetchError(url, f"refused: {host} is a loopback or private address ({ip})")
    return host


def _resolve(host: str) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except OSError as exc:
        raise FetchError(host, f"the host name does not resolve ({exc})") from exc


def trafilatura_download(*, timeout: int, max_bytes: int, allow_private: bool) -> Download:
    """A ``Download`` by trafilatura's fetcher: its size cap and timeout, this project's user agent,
    its protection against private addresses unless ``allow_private``, no retry without TLS checks."""
    from trafilatura.downloads import fetch_response
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(max(1, int(timeout))))
    config.set("DEFAULT", "MAX_FILE_SIZE", str(max_bytes))
    config.set("DEFAULT", "USER_AGENTS", USER_AGENT)
    config.set("DEFAULT", "SSRF_PROTECTION", "off" if allow_private else "on")
    config.set("DEFAULT", "INSECURE_SSL_FALLBACK", "off")

    def download(url: str) -> Page:
        with _errors_of("trafilatura") as errors:
            response = fetch_response(url, decode=False, config=config)
        if response is None:
            why = errors[-1] if errors else "no response"
            raise FetchError(url, _short_reason(why, url))
        headers = getattr(response, "headers", None) or {}
        return Page(int(response.status), bytes(response.data or b""), str(response.url or url),
                    str(headers.get("content-type", "")))

    return download


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _errors_of:
    """The error messages a library logs while the block runs (trafilatura logs, it does not raise)."""

    def __init__(self, name: str) -> None:
        self.logger = logging.getLogger(name)
        self.handler = _Collect()
        self._propagate = self.logger.propagate

    def __enter__(self) -> list[str]:
        self.logger.addHandler(self.handler)
        self.logger.propagate = False  # reported per URL by the caller, not twice on stderr
        return self.handler.messages

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self._propagate


def _short_reason(message: str, url: str) -> str:
    message = message.replace(url, "").replace("download error:", "").strip()
    if "timed out" in message.lower() or "timeout" in message.lower():
        return f"no answer within the timeout ({message[:160]})"
    if "MAX_FILE_SIZE" in message:
        return "larger than the size limit"
    return message[:240] or "download failed"


def fetch_pages(
    urls: Iterable[str],
    folder: Path,
    *,
    download: Download,
    pacer: HostPacer,
    max_bytes: int,
    allow_private: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> FetchReport:
    """Download each URL that robots.txt allows, pacing each host, into ``folder`` (file and sidecar)."""
    todo = list(dict.fromkeys(urls))
    report = FetchReport()
    robots: dict[str, urllib.robotparser.RobotFileParser | FetchError] = {}
    folder.mkdir(parents=True, exist_ok=True)
    for done, url in enumerate(todo, start=1):
        try:
            host = check_url(url, allow_private=allow_private)
            root = f"{urlsplit(url).scheme}://{urlsplit(url).netloc}"
            if root not in robots:
                robots[root] = _robots(root, download, pacer, host)
            rules = robots[root]
            if isinstance(rules, FetchError):
                raise FetchError(url, rules.reason)
            if not rules.can_fetch(ROBOTS_AGENT, url):
                raise FetchError(url, f"robots.txt of {host} does not allow it")
            crawl_delay = rules.crawl_delay(ROBOTS_AGENT)
            pacer.wait(host, float(crawl_delay) if crawl_delay else None)
            page = download(url)
            if page.status != 200:
                raise FetchError(url, f"HTTP {page.status}")
            if len(page.body) > max_bytes:
                raise FetchError(url, "larger than the size limit")
            if not page.body.strip():
                raise FetchError(url, "the page is empty")
            report.saved.append((url, save_page(folder, url, page)))
        except FetchError as exc:
            report.failed.append((url, exc.reason))
        if progress is not None:
            progress(done, len(todo), url)
    return report


def _robots(
    root: str, download: Download, pacer: HostPacer, host: str
) -> urllib.robotparser.RobotFileParser | FetchError:
    """The host's robots.txt rules (RFC 9309: none found is no rule; unreachable is "fetch nothing")."""
    rules = urllib.robotparser.RobotFileParser()
    pacer.wait(host)
    try:
        page = download(f"{root}/robots.txt")
    except FetchError as exc:
        if exc.reason.startswith(("refused", "not an http")):
            return exc
        return FetchError(root, f"robots.txt of {host} cannot be read ({exc.reason}); not fetched")
    if 400 <= page.status < 500:
        rules.parse([])  # no rules: everything allowed
    elif page.status != 200:
        return FetchError(root, f"robots.txt of {host} answers HTTP {page.status}; not fetched")
    else:
        rules.parse(page.body.decode("utf-8", errors="replace").splitlines())
    return rules


def page_name(url: str) -> str:
    """A file name for the page at ``url``: host and path as letters, digits, '-' and '_'."""
    parts = urlsplit(url)
    raw = f"{parts.hostname or 'page'}{parts.path}" + (f"_{parts.query}" if parts.query else "")
    name = re.sub(r"[^A-Za-z0-9]+", "_", raw.removeprefix("www.")).strip("_")
    return name[:120].rstrip("_") or "page"


def save_page(folder: Path, url: str, page: Page) -> Path:
    """Write the page as served and its sidecar (the URL) atomically; the page's path."""
    kind = page.content_type.split(";", 1)[0].strip().lower()
    if kind == "application/pdf" or page.body.startswith(b"%PDF-"):
        suffix = ".pdf"
    elif "wordprocessingml" in kind:
        suffix = ".docx"
    else:
        suffix = ".html"
    path = folder / f"{page_name(url)}{suffix}"
    _write_atomic(path.with_suffix(".json"), json.dumps({"url": page.url or url}, indent=2).encode() + b"\n")
    _write_atomic(path, page.body)
    return path


def _write_atomic(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def fetch_command_urls(urls: Sequence[str], list_file: Path | None) -> list[str]:
    """The URLs of the command line and of ``--list FILE`` (``ValueError`` naming an unreadable file)."""
    found = list(urls)
    if list_file is not None:
        try:
            found += read_url_list(list_file.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"{list_file}: cannot be read: {getattr(exc, 'strerror', None) or exc}") from exc
    return found
