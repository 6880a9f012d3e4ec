"""Speed benchmarks (issue 6): ``python -m benchmarks.run`` (``make bench``); figures in docs/BENCHMARKS.md.

What it measures, each in one run so that ratios compare like with like:

* ingest: the project's ingest of the LGL texts (588 articles, files to SQLite) against bare spaCy
  ``nlp.pipe`` of the same model on the same texts, with the steps in between;
* gazetteer: cold load from its on-disk cache in a fresh interpreter, and lookups per second;
* map: ``geo.views.maps.build_map`` on synthetic atlases (100 / 1,000 / 10,000 places, 2,000 trips):
  Python build time, HTML size, and time until ready in headless Chromium;
* filter: ``geo.views.filters.apply`` at 10,000 places, then the map rebuilt and drawn again.

Times are wall-clock on a shared machine: read the ratios, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from geo.config import PROJECT_ROOT, load_config

Result = dict[str, Any]


def _say(message: str) -> None:
    print(message, flush=True)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


# --- ingest -------------------------------------------------------------------------------


def _bare_model_name(model: str) -> str:
    """The model ``load_nlp`` would load, by the same rule (setting, else the first that is installed)."""
    import spacy

    from geo.language.nlp import MODELS

    if model:
        return model
    for name in MODELS:
        if spacy.util.is_package(name):
            return name
    raise OSError(f"no spaCy model found: install one of {', '.join(MODELS)}")


def bench_ingest(limit: int | None, n_process: int, batch_size: int) -> Result:
    """Ingest of the LGL texts against bare ``nlp.pipe``, with the steps in between."""
    import spacy

    from geo.evaluation.benchmarks import read_dataset
    from geo.language.nlp import load_nlp
    from geo.pipeline import Extractor, ingest
    from geo.places.gazetteer import load_gazetteer
    from geo.store.database import Store

    config = load_config()
    docs = read_dataset("lgl")[:limit]
    texts = [d.text for d in docs]
    model = _bare_model_name(config.spacy_model)
    bare = spacy.load(model)
    nlp = load_nlp(config.spacy_model)
    gazetteer = load_gazetteer(config.cache_dir)
    extractor = Extractor(nlp, gazetteer, None, batch_size=batch_size, n_process=n_process)
    characters = sum(len(t) for t in texts)
    _say(f"ingest: {len(texts)} LGL texts ({characters:,} characters), model {model}, "
         f"batch_size={batch_size}, n_process={n_process}")

    # Warm both pipelines (lazy loading, first-call costs) on texts outside the timed set's order.
    for _ in bare.pipe(texts[-10:]):
        pass
    for _ in nlp.pipe(texts[-10:]):
        pass

    def consume(pipeline: Any) -> None:
        for _ in pipeline.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass

    figures: Result = {"documents": len(texts), "characters": characters, "model": model,
                       "batch_size": batch_size, "n_process": n_process}

    def stage(key: str, label: str, fn: Callable[[], Any]) -> Any:
        # CPU time of this process is what the other users of a shared machine disturb least;
        # with n_process > 1 the work is in child processes, so only the wall time tells.
        cpu0 = time.process_time()
        wall, value = _timed(fn)
        cpu = time.process_time() - cpu0
        figures[f"{key}_s"] = round(wall, 2)
        figures[f"{key}_cpu_s"] = round(cpu, 2)
        _say(f"  {label:<44} {wall:7.1f} s wall {cpu:7.1f} s CPU")
        return value

    stage("bare", f"bare spaCy nlp.pipe ({model})", lambda: consume(bare))
    stage("components", "+ the project's components (nlp.pipe)", lambda: consume(nlp))

    def extract_all() -> int:
        from geo.evaluation.evaluate import source_document

        return sum(1 for _ in extractor.extract_many(source_document("lgl", d) for d in docs))

    stage("extract", "+ places, dates, trips (extract_many)", extract_all)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        folder = Path(tmp) / "lgl"
        folder.mkdir()
        for d in docs:
            (folder / f"{d.id}.txt").write_text(d.text, encoding="utf-8")

        def ingest_into(name: str) -> Any:
            store = Store(f"sqlite:///{Path(tmp) / name}")
            try:
                return ingest([folder], store, extractor)
            finally:
                store.close()

        report = stage("ingest", "full ingest (read, extract, store in SQLite)", lambda: ingest_into("a.db"))
        _say(f"  ({len(report.ingested)} stored, {len(report.skipped)} skipped, {len(report.failed)} failed)")
        # Both again, last: the first passes of a run pay warm-up costs that later ones do not.
        stage("bare_again", f"bare spaCy nlp.pipe again ({model})", lambda: consume(bare))
        stage("ingest_again", "full ingest again (into a new database)", lambda: ingest_into("b.db"))
    key = "s" if n_process > 1 else "cpu_s"
    best_bare = min(figures[f"bare_{key}"], figures[f"bare_again_{key}"])
    best_ingest = min(figures[f"ingest_{key}"], figures[f"ingest_again_{key}"])
    ratio = best_ingest / best_bare
    figures.update(ratio=round(ratio, 3), ratio_of="wall" if n_process > 1 else "cpu",
                   stored=len(report.ingested), skipped=len(report.skipped), failed=len(report.failed))
    _say(f"  ratio best ingest / best bare ({figures['ratio_of']} time): {ratio:.2f} x "
         "(goal: at most 1.25 x, issue 10)")
    return figures


# --- gazetteer ----------------------------------------------------------------------------

_COLD_LOAD = """
import time
t0 = time.perf_counter()
from geo.config import load_config
from geo.places.gazetteer import load_gazetteer
t1 = time.perf_counter()
g = load_gazetteer(load_config().cache_dir)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, len(g))
"""


def bench_gazetteer(repeats: int, seconds: float) -> Result:
    """Cold load from the on-disk cache (fresh interpreter each time) and lookups per second."""
    from geo.evaluation.benchmarks import DATASETS, read_dataset
    from geo.places.gazetteer import load_gazetteer

    loads: list[float] = []
    imports: list[float] = []
    entries = 0
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", _COLD_LOAD], cwd=PROJECT_ROOT, capture_output=True,
                             text=True, check=True)
        imported, loaded, size = out.stdout.split()
        imports.append(float(imported))
        loads.append(float(loaded))
        entries = int(size)
    _say(f"gazetteer: {entries:,} entries; cold load {min(loads):.2f} s (best of {repeats}; median "
         f"{statistics.median(loads):.2f} s), imports {min(imports):.2f} s")

    gazetteer = load_gazetteer(load_config().cache_dir)
    names = sorted({g.phrase for name in DATASETS for d in read_dataset(name) for g in d.toponyms})
    done = 0
    found = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for name in names:
            found += bool(gazetteer.search(name))
        done += len(names)
    elapsed = time.perf_counter() - start
    rate = done / elapsed
    _say(f"  search(): {rate:,.0f} lookups/s over the {len(names):,} distinct benchmark toponyms "
         f"({found / done:.0%} with a candidate)")
    return {"entries": entries, "cold_load_s": round(min(loads), 3),
            "cold_load_median_s": round(statistics.median(loads), 3), "import_s": round(min(imports), 3),
            "lookups_per_s": round(rate), "distinct_names": len(names), "hit_rate": round(found / done, 3)}


# --- map and filters ----------------------------------------------------------------------


def _build_html(atlas: Any) -> tuple[float, float, str]:
    from geo.views.maps import build_map

    build_s, fmap = _timed(lambda: build_map(atlas))
    render_s, html = _timed(lambda: fmap.get_root().render())
    return build_s, render_s, str(html)


def bench_map(sizes: Sequence[int], trips: int, repeats: int, filter_places: int | None) -> Result:
    """build_map on synthetic atlases, the HTML size and the time until ready in Chromium; then a filter."""
    from benchmarks.browser import Browser, serve
    from benchmarks.synthetic import synthetic_atlas

    results: Result = {"trips": trips, "sizes": {}}
    browser = Browser()
    try:
        with tempfile.TemporaryDirectory(prefix="atlas-map-") as tmp, serve(Path(tmp)) as base:
            # Warm the browser (first start, disk cache of the vendor files is per context anyway).
            (Path(tmp) / "warm.html").write_text(_build_html(synthetic_atlas(10, 10))[2], encoding="utf-8")
            browser.time_until_ready(f"{base}/warm.html")
            _say(f"map: synthetic atlases with {trips:,} trips; headless Chromium, best of {repeats}")
            _say(f"  {'places':>7} {'build s':>8} {'render s':>9} {'HTML MB':>8} {'drawn ms':>9} "
                 f"{'ready ms':>9}")
            for size in sizes:
                atlas = synthetic_atlas(size, trips)
                build_s, render_s, html = _build_html(atlas)
                page = Path(tmp) / f"map_{size}.html"
                page.write_text(html, encoding="utf-8")
                loads = [browser.time_until_ready(f"{base}/{page.name}") for _ in range(repeats)]
                drawn, ready = min(d for d, _ in loads), min(f for _, f in loads)
                mb = len(html.encode("utf-8")) / 1e6
                _say(f"  {size:7,} {build_s:8.2f} {render_s:9.2f} {mb:8.2f} {drawn:9.0f} {ready:9.0f}")
                results["sizes"][str(size)] = {
                    "build_s": round(build_s, 3), "render_s": round(render_s, 3), "html_mb": round(mb, 2),
                    "drawn_ms": round(drawn), "ready_ms": round(ready),
                    "ready_ms_all": [round(f) for _, f in loads],
                }
            if len(sizes) >= 2:
                low, high = results["sizes"][str(min(sizes))], results["sizes"][str(max(sizes))]
                ratio = high["ready_ms"] / low["ready_ms"]
                results["ready_ratio"] = round(ratio, 2)
                _say(f"  ready at {max(sizes):,} / ready at {min(sizes):,}: {ratio:.2f} x "
                     "(goal: at most 1.5 x)")
            if filter_places:
                results["filter"] = _bench_filter(browser, base, Path(tmp), filter_places, trips, repeats)
    finally:
        browser.close()
    return results


def _bench_filter(browser: Any, base: str, folder: Path, places: int, trips: int, repeats: int) -> Result:
    from benchmarks.synthetic import synthetic_atlas
    from geo.views.filters import Filters, apply

    atlas = synthetic_atlas(places, trips)
    cases = {
        "program": Filters(program="pr:exchange-3"),
        "date range": Filters(start=date(2015, 1, 1), end=date(2016, 12, 31)),
        "country": Filters(country="JP"),
    }
    _say(f"filter: geo.views.filters.apply at {places:,} places, {trips:,} trips;"
         " then the map rebuilt and drawn")
    out: Result = {"places": places}
    for label, filters in cases.items():
        apply_s, kept = _timed(lambda f=filters: apply(atlas, f))  # type: ignore[misc]
        build_s, render_s, html = _build_html(kept)
        page = folder / f"filtered_{label.replace(' ', '_')}.html"
        page.write_text(html, encoding="utf-8")
        ready = min(browser.time_until_ready(f"{base}/{page.name}")[1] for _ in range(repeats))
        _say(f"  {label:<10} apply {apply_s * 1000:6.0f} ms; kept {len(kept.places):5,} places, "
             f"{len(kept.trips):4,} trips; build+render {1000 * (build_s + render_s):6.0f} ms; "
             f"ready {ready:6.0f} ms")
        out[label] = {"apply_ms": round(apply_s * 1000, 1), "places": len(kept.places),
                      "trips": len(kept.trips), "build_render_ms": round(1000 * (build_s + render_s)),
                      "ready_ms": round(ready)}
    return out


# --- command line -------------------------------------------------------------------------

PARTS = ("ingest", "gazetteer", "map")


def main(argv: list[str]) -> int:
    """Run the benchmarks named by ``--only`` (default: all) and print the figures, JSON last."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part (repeatable)")
    parser.add_argument("--docs", type=int, default=None, help="ingest: at most N LGL texts (default: 588)")
    parser.add_argument("--n-process", type=int, default=1, help="ingest: spaCy processes for nlp.pipe")
    parser.add_argument("--batch-size", type=int, default=64, help="ingest: nlp.pipe batch size")
    parser.add_argument("--places", default="100,1000,10000", help="map: comma-separated place counts")
    parser.add_argument("--trips", type=int, default=2000, help="map: trips in each synthetic atlas")
    parser.add_argument("--repeats", type=int, default=3, help="map: page loads per size (best is kept)")
    parser.add_argument("--filter-places", type=int, default=10000, help="filter: atlas size (0: skip)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    parts = args.only or list(PARTS)
    figures: Result = {}
    started = time.perf_counter()
    if "gazetteer" in parts:
        figures["gazetteer"] = bench_gazetteer(repeats=3, seconds=3.0)
    if "map" in parts:
        sizes = [int(s) for s in args.places.split(",") if s.strip()]
        figures["map"] = bench_map(sizes, args.trips, args.repeats, args.filter_places or None)
    if "ingest" in parts:
        figures["ingest"] = bench_ingest(args.docs, args.n_process, args.batch_size)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(figures)
    if args.json is not None:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
