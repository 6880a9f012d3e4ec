"""Scale benchmark (issue 15): ``python -m benchmarks.scale --sizes 1000,10000``; see docs/BENCHMARKS.md.

For each size, on an invented corpus of that many articles (``benchmarks.corpus``), in one run:

* ingest throughput, files to SQLite: one process (``nlp.pipe``) against a local Dask cluster of
  two workers (``--scheduler local:2``), the cluster's start-up apart;
* the dashboard (``streamlit run``) on the cluster's database, in headless Chromium: the map's first
  paint on a fresh server (atlas built), again on a reload, a filter change in the sidebar (a
  country), a full-text search typed in the sidebar, and a click on a marker until its panel shows;
* the server's memory (resident, and peak) after all of that;
* ``Store.search`` alone, best of five.

Not a test: wall-clock times on a shared machine; read them as ratios between sizes of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from geo.config import PROJECT_ROOT

Result = dict[str, Any]
SEARCH = '"sister cities" AND Osaka'
COUNTRY = "JP"

# the streamlit-folium frame once Leaflet has drawn the places (data-places is their count)
_MAP_READY_JS = """() => {
    const box = document.querySelector('.leaflet-container');
    return !!(window.map && box && box.getAttribute('data-places') !== null)
        ? box.getAttribute('data-places') : null;
}"""
_FIRST_MARKER_JS = """() => {
    const rect = window.map.getContainer().getBoundingClientRect(), size = window.map.getSize();
    let found = null;
    window.map.eachLayer(layer => {
        if (found || !layer.feature || !layer.feature.properties || layer.feature.properties.kind !== 'place')
            return;
        const pt = window.map.latLngToContainerPoint(layer.getLatLng());
        if (pt.x > 20 && pt.y > 20 && pt.x < size.x - 20 && pt.y < size.y - 20)
            found = {x: pt.x + rect.left, y: pt.y + rect.top, lat: layer.getLatLng().lat,
                     lng: layer.getLatLng().lng};
    });
    return found;
}"""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# --- ingest ---------------------------------------------------------------------------------------


def bench_ingest(corpus: Path, folder: Path, workers: int) -> tuple[Result, str]:
    """Docs per second, one process and a local cluster; returns the figures and the cluster's database."""
    from geo.cluster import DaskExtractor, Scheduler, connect
    from geo.config import load_config
    from geo.language.nlp import load_nlp
    from geo.pipeline import Extractor, ingest
    from geo.places.gazetteer import load_gazetteer
    from geo.store.database import Store

    config = load_config()
    out: Result = {}
    single_url = f"sqlite:///{folder / 'single.db'}"
    with Store(single_url) as store:
        extractor = Extractor(load_nlp(config.spacy_model), load_gazetteer(config.cache_dir))
        seconds, report = _timed(lambda: ingest([corpus], store, extractor))
        documents = store.count_documents()
    out["single"] = {"seconds": round(seconds, 1), "docs": documents,
                     "docs_per_s": round(documents / seconds, 1)}
    _say(f"  ingest, one process: {documents} docs in {seconds:.1f} s ({documents / seconds:.1f} docs/s)")
    cluster_url = f"sqlite:///{folder / 'cluster.db'}"
    started = time.perf_counter()
    with connect(Scheduler(workers=workers), config.spacy_model) as client, Store(cluster_url) as store:
        startup = time.perf_counter() - started
        seconds, report = _timed(lambda: ingest([corpus], store, DaskExtractor(client)))
        documents = store.count_documents()
        out["views_s"] = _build_views(store)
    assert report.ok, report.failed[:3]
    out["cluster"] = {"workers": workers, "startup_s": round(startup, 1), "seconds": round(seconds, 1),
                      "docs": documents, "docs_per_s": round(documents / seconds, 1)}
    out["cluster_over_single"] = round(out["cluster"]["docs_per_s"] / out["single"]["docs_per_s"], 2)
    _say(f"  ingest, local cluster of {workers}: {documents} docs in {seconds:.1f} s "
         f"({documents / seconds:.1f} docs/s) after {startup:.1f} s of start-up")
    return out, cluster_url


def bench_sample(source: Path, folder: Path, n: int, seed: int = 1515, first: int = 10_000_000) -> Result:
    """Docs per second of ingesting ``n`` new invented articles (other numbers and seed: none is stored)
    into a copy of the database ``source`` (one process), wall clock and CPU, then the view tables
    rebuilt (by difference, when they were fresh before the ingest), then rebuilt whole again to compare:
    what grows with the store when the corpus is too big to ingest whole on this machine."""
    from benchmarks.corpus import write_corpus
    from geo.config import load_config
    from geo.language.nlp import load_nlp
    from geo.pipeline import Extractor, ingest
    from geo.places.gazetteer import load_gazetteer
    from geo.store.database import Store

    config = load_config()
    target = folder / "sample.db"
    shutil.copyfile(source, target)
    corpus = folder / "sample-corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    write_corpus(corpus, n, seed=seed, first=first)  # numbers no stored article has
    extractor = Extractor(load_nlp(config.spacy_model), load_gazetteer(config.cache_dir))
    from geo.views import viewtables

    with Store(f"sqlite:///{target}") as store:
        viewtables_fresh_before = viewtables.is_fresh(store)
        before = store.count_documents()
        cpu = time.process_time()
        seconds, report = _timed(lambda: ingest([corpus], store, extractor))
        cpu = time.process_time() - cpu
        added = store.count_documents() - before
        fresh_before = viewtables_fresh_before
        load_views = os.getloadavg()
        views = _build_views(store)
        whole, whole_load = _build_views(store, whole=True), os.getloadavg()
    assert report.ok, report.failed[:3]
    _say(f"  {added} new docs into a store of {before:,} in {seconds:.1f} s ({added / seconds:.1f} docs/s, "
         f"{cpu:.1f} s of CPU); views rebuilt in {views} s "
         f"({'by difference' if fresh_before else 'whole: they were not fresh'}), whole in {whole} s")
    return {"store_before": before, "added": added, "seconds": round(seconds, 1), "cpu_s": round(cpu, 1),
            "docs_per_s": round(added / seconds, 2), "docs_per_cpu_s": round(added / cpu, 2),
            "views_s": views, "views_by_difference": fresh_before, "views_load": load_views,
            "views_whole_s": whole, "views_whole_load": whole_load, "load": os.getloadavg()}


def bench_search(url: str) -> Result:
    """Store.search alone, best of five; and how many articles match."""
    from geo.store.database import Store

    with Store(url) as store:
        runs = [_timed(lambda: store.search(SEARCH)) for _ in range(5)]
    return {"query": SEARCH, "ms": round(min(s for s, _ in runs) * 1000, 1), "hits": len(runs[0][1])}


# --- the dashboard ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _app(db_url: str, folder: Path) -> Iterator[tuple[str, int]]:
    port = _free_port()
    env = {**os.environ, "GEO_DB_URL": db_url, "GEO_CORPUS": str(folder / "no-corpus"),
           "GEO_TILES": os.environ.get("GEO_TILES", "offline")}
    with (folder / "streamlit.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.serverAddress",
             "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.25)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def _memory_mb(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = round(int(value.split()[0]) / 1024, 1)
    return {"rss_mb": fields.get("VmRSS", 0.0), "peak_mb": fields.get("VmHWM", 0.0)}


def _map_ready(page: Any, before: str | None = None, timeout: float = 600.0) -> tuple[Any, str]:
    """The map frame and its place count, once drawn (and, with ``before``, once that count changed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            try:
                count = frame.evaluate(_MAP_READY_JS)
            except Exception:  # frames come and go while the app renders
                continue
            if count is not None and count != before:
                return frame, str(count)
        page.wait_for_timeout(50)
    raise TimeoutError("the map was not drawn in time")


def _panel_click(page: Any, frame: Any) -> float | None:
    """Seconds from a click on a marker (the map zoomed in on it first) until its panel's heading shows."""
    marker = frame.evaluate(_FIRST_MARKER_JS)
    if marker is None:
        return None
    center = f"[{marker['lat']}, {marker['lng']}]"
    frame.evaluate(f"() => window.map.setView({center}, 7, {{animate: false}}) && true")
    page.wait_for_timeout(500)
    marker = frame.evaluate(_FIRST_MARKER_JS)
    box = frame.frame_element().bounding_box()
    heading = page.locator(".st-key-detail_panel h3").first
    started = time.perf_counter()
    page.mouse.click(box["x"] + marker["x"], box["y"] + marker["y"])
    try:
        heading.wait_for(timeout=120_000)
    except Exception:  # the click hit no marker (one covered by a route): say so, do not guess a time
        return None
    return round(time.perf_counter() - started, 2)


def bench_app(db_url: str, folder: Path) -> Result:
    """First paint, reload, filter change, search and panel click in Chromium; the server's memory."""
    from playwright.sync_api import sync_playwright

    out: Result = {}
    with _app(db_url, folder) as (base, pid), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        out["server_idle"] = _memory_mb(pid)
        for label in ("first_paint_s", "reload_s"):
            context = browser.new_context(viewport={"width": 1500, "height": 1000})
            page = context.new_page()
            seconds, (frame, places) = _timed(lambda p=page: (p.goto(base + "/"), _map_ready(p))[1])
            out[label] = round(seconds, 2)
            _say(f"  {label}: {seconds:.2f} s ({places} places drawn)")
            if label == "first_paint_s":
                context.close()
        page.get_by_text("Filters", exact=True).first.wait_for()

        chosen: list[float] = []

        def choose_country() -> tuple[Any, str]:
            box = page.get_by_label("Country (ISO code)")
            box.click()
            box.press_sequentially(COUNTRY)  # the list is long: typing brings the option into view
            page.get_by_role("option", name=COUNTRY, exact=True).click()
            chosen.append(time.perf_counter())
            return _map_ready(page, places)

        seconds, (frame, after) = _timed(choose_country)
        out["filter_change_s"] = round(seconds, 2)
        # from the option's click on: what the app takes, without the typing into the box
        out["filter_from_choice_s"] = round(time.perf_counter() - chosen[0], 2)
        _say(f"  filter change (country {COUNTRY}): {seconds:.2f} s, {out['filter_from_choice_s']:.2f} s "
             f"from the choice ({places} -> {after} places)")

        def search() -> tuple[Any, str]:
            box = page.get_by_label("Search the articles", exact=True)
            box.fill(SEARCH)
            box.press("Enter")
            return _map_ready(page, after)

        seconds, (frame, found) = _timed(search)
        out["search_s"] = round(seconds, 2)
        _say(f"  search {SEARCH} (with the country): {seconds:.2f} s ({after} -> {found} places)")

        out["panel_click_s"] = _panel_click(page, frame)
        _say(f"  panel click: {out['panel_click_s']} s")
        out["server_after"] = _memory_mb(pid)
        _say(f"  server memory: {out['server_after']}")
        page.screenshot(path=str(folder / "app.png"))
        context.close()
        browser.close()
    return out


# --- command line ----------------------------------------------------------------------------------


def pg_database(server: str, name: str) -> str:
    """A new empty database ``name`` on the PostgreSQL server at ``server`` (dropped first if it exists)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def bench_copies(corpus: Path, folder: Path, n: int, url: str | None = None) -> tuple[Result, str]:
    """One process ingests the corpus; copies of its extractions then fill the store (``url``, else a
    SQLite file in ``folder``) to ``n``."""
    from benchmarks.copies import fill
    from geo.config import load_config
    from geo.language.nlp import load_nlp
    from geo.pipeline import Extractor, ingest
    from geo.places.gazetteer import load_gazetteer
    from geo.store.database import Store

    config = load_config()
    url = url or f"sqlite:///{folder / 'copies.db'}"
    with Store(url) as store:
        extractor = Extractor(load_nlp(config.spacy_model), load_gazetteer(config.cache_dir))
        seconds, report = _timed(lambda: ingest([corpus], store, extractor))
        assert report.ok, report.failed[:3]
        base = store.count_documents()
        _say(f"  ingest, one process: {base} docs in {seconds:.1f} s")
        filled, added = _timed(lambda: fill(store, n, lambda k: _say(f"    {k} copies stored")))
        _say(f"  {added} copies stored in {filled:.1f} s")
        out = {"single": {"seconds": round(seconds, 1), "docs": base, "docs_per_s": round(base / seconds, 1)},
               "copies": {"added": added, "seconds": round(filled, 1)}, "views_s": _build_views(store)}
    return out, url


KEEP_VIEWS = False  # --keep-views: a reused database whose view tables are fresh is measured as it is


def _build_views(store: Any, whole: bool = False) -> float | None:
    """Seconds to write the view tables, as ``python -m geo ingest`` does at its end (None before them,
    or when ``--keep-views`` finds them fresh); ``whole``: every row written again, not by difference."""
    try:
        from geo.views import viewtables
    except ImportError:  # a checkout from before the view tables: the dashboard builds its atlas itself
        return None
    if KEEP_VIEWS and not whole and viewtables.is_fresh(store):
        _say("  view tables fresh: kept (--keep-views)")
        return None
    seconds, _ = _timed(lambda: viewtables.rebuild(store, whole=True) if whole else viewtables.rebuild(store))
    _say(f"  views built in {seconds:.1f} s")
    return round(seconds, 1)


def reuse_store(source: Path, folder: Path) -> tuple[Result, str]:
    """A database kept by an earlier run (``--keep``), copied, its view tables rebuilt by this checkout."""
    from geo.store.database import Store

    target = folder / "copies.db"
    shutil.copyfile(source, target)
    url = f"sqlite:///{target}"
    with Store(url) as store:
        _say(f"  reusing {source} ({store.count_documents()} docs)")
        return {"reused": str(source), "views_s": _build_views(store)}, url


def reuse_pg(server: str, name: str) -> tuple[Result, str]:
    """The database ``name`` an earlier ``--postgres`` run left on the server, its view tables rebuilt."""
    from sqlalchemy.engine import make_url

    from geo.store.database import Store

    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    with Store(url) as store:
        _say(f"  reusing {name} ({store.count_documents()} docs)")
        return {"reused": name, "views_s": _build_views(store)}, url


def run_size(n: int, workers: int, keep: Path | None, copies_from: int | None = None,
             reuse: Path | None = None, postgres: str | None = None) -> Result:
    """Every figure for a corpus of ``n`` invented articles (``copies_from`` of them, the rest copies)."""
    from benchmarks.corpus import write_corpus

    with tempfile.TemporaryDirectory(prefix=f"atlas-scale-{n}-") as tmp:
        folder = keep / str(n) if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        if reuse is not None or (postgres and copies_from is None):
            _say(f"{n:,} articles (the database of an earlier run)")
            figures: Result = {"articles": n, "backend": "postgresql" if postgres else "sqlite"}
            if postgres:
                figures["ingest"], url = reuse_pg(postgres, f"atlas_scale_{n}")
            else:
                assert reuse is not None
                figures["ingest"], url = reuse_store(reuse / str(n) / "copies.db", folder)
            figures["search"] = bench_search(url)
            figures["app"] = bench_app(url, folder)
            return figures
        corpus = folder / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        for stale in folder.glob("*.db*"):
            stale.unlink()
        real = n if copies_from is None else min(n, copies_from)
        write_corpus(corpus, real)
        _say(f"{n:,} articles" + (f" ({real:,} ingested, the rest copies)" if real < n else ""))
        figures = {"articles": n, "backend": "postgresql" if postgres else "sqlite"}
        if copies_from is None:
            figures["ingest"], url = bench_ingest(corpus, folder, workers)
        else:
            target = pg_database(postgres, f"atlas_scale_{n}") if postgres else None
            figures["ingest"], url = bench_copies(corpus, folder, n, target)
        figures["search"] = bench_search(url)
        _say(f"  Store.search: {figures['search']}")
        figures["app"] = bench_app(url, folder)
        return figures


def ratios(results: list[Result]) -> Result:
    """Each size's figures over the smallest size's."""
    low = results[0]
    out: Result = {}
    for high in results[1:]:
        key = f"{high['articles']}/{low['articles']}"

        def over(get: Callable[[Result], float | None], high: Result = high) -> float | None:
            a, b = get(high), get(low)
            return None if a is None or not b else round(a / b, 2)

        out[key] = {
            "first_paint": over(lambda r: r["app"]["first_paint_s"]),
            "reload": over(lambda r: r["app"]["reload_s"]),
            "filter_change": over(lambda r: r["app"]["filter_change_s"]),
            "filter_from_choice": over(lambda r: r["app"].get("filter_from_choice_s")),
            "search": over(lambda r: r["app"]["search_s"]),
            "panel_click": over(lambda r: r["app"]["panel_click_s"]),
            "server_memory": over(lambda r: r["app"]["server_after"]["rss_mb"]),
            "server_peak_memory": over(lambda r: r["app"]["server_after"]["peak_mb"]),
            "ingest_single_docs_per_s": over(lambda r: r["ingest"].get("single", {}).get("docs_per_s")),
        }
    return out


def main(argv: list[str]) -> int:
    """Run the sizes in turn and print the figures as JSON (progress on stderr)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--workers", type=int, default=2, help="workers of the local Dask cluster")
    parser.add_argument("--keep", type=Path, default=None, help="keep corpora and databases in this folder")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    parser.add_argument("--copies-from", type=int, default=None, metavar="B",
                        help="ingest only B articles (one process, no cluster) and fill the store to each "
                             "size with copies of their extractions (benchmarks/copies.py): the dashboard's "
                             "figures at sizes whose ingest would take hours")
    parser.add_argument("--reuse", type=Path, default=None, metavar="DIR",
                        help="no ingest: copy each size's database from DIR/<size>/copies.db (an earlier "
                             "run's --keep), rebuild its view tables, and measure the dashboard on it: "
                             "before and after a change on the same data")
    parser.add_argument("--postgres", default=None, metavar="URL",
                        help="with --copies-from: store each size in a new database atlas_scale_<size> on "
                             "this PostgreSQL server (postgresql+psycopg://USER@HOST:PORT/postgres) "
                             "rather than in a SQLite file; without it: reuse the databases an earlier "
                             "run left there, their view tables rebuilt")
    parser.add_argument("--keep-views", action="store_true",
                        help="with --reuse: keep a database's view tables when they are fresh (measured "
                             "again after a change that leaves them as they are)")
    parser.add_argument("--sample", type=int, default=None, metavar="N",
                        help="no sizes: ingest N new articles (one process) into a copy of each database "
                             "--reuse DIR/<size>/copies.db and time it (a store too big to ingest whole)")
    parser.add_argument("--sample-seed", type=int, default=1515, metavar="S",
                        help="with --sample: the generator's seed (another than an earlier sample's)")
    parser.add_argument("--sample-first", type=int, default=10_000_000, metavar="K",
                        help="with --sample: the number of the first new article (none stored has it)")
    args = parser.parse_args(argv)
    if args.sample is not None:
        if args.reuse is None:
            parser.error("--sample needs --reuse DIR (the stores to ingest the sample into)")
        folder = args.keep or Path(tempfile.mkdtemp(prefix="atlas-sample-"))
        samples = []
        for n in sorted(int(s) for s in args.sizes.split(",") if s.strip()):
            _say(f"a sample of {args.sample} into the store of {n:,}")
            (folder / str(n)).mkdir(parents=True, exist_ok=True)
            samples.append({"articles": n, **bench_sample(args.reuse / str(n) / "copies.db", folder / str(n),
                                                           args.sample, seed=args.sample_seed,
                                                           first=args.sample_first)})
        text = json.dumps({"samples": samples}, indent=1)
        if args.json is not None:
            args.json.write_text(text + "\n", encoding="utf-8")
        print(text)
        return 0
    global KEEP_VIEWS
    KEEP_VIEWS = args.keep_views
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    results = [run_size(n, args.workers, args.keep, args.copies_from, args.reuse, args.postgres)
               for n in sizes]
    figures = {"sizes": results, "ratios": ratios(results)}
    text = json.dumps(figures, indent=1)
    if args.json is not None:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
