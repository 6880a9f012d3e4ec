"""Three real saved news pages, read as a user would ingest them: no sidecar (issue 13).

    python -m benchmarks.real_pages DIR

``DIR`` is a copy of ``tests/`` of the public trafilatura repository, or any folder holding from it
``reuters.com.parasite.html``, ``theguardian.com.academics.html`` and ``threatpost.com.android.html``
(in ``DIR`` or ``DIR/cache``), ``evaldata.json`` and, optionally, ``realworld_tests.py``. These are
third-party files, not in this repository (docs/BENCHMARKS.md says how to get them). Each page is
ingested through the command line (``python -m geo ingest``, no sidecar) into a scratch SQLite file,
then exported (``python -m geo export --format json``), and the exported document is checked against:

* its title, outlet, author and publication date as the page states them (its ``<meta>`` tags and
  schema.org data; the title without the site's name), written below;
* that suite's expectations of the article text, read from its files: the phrases that must be in it
  and the page furniture that must not (``evaldata.json``), marked ``test`` where its tests assert
  them too (the phrase is in ``realworld_tests.py``), else ``eval`` (its evaluation set, which no
  extractor meets in full).

Prints one line per check and a summary; exits 1 if a metadata check or a phrase the suite's tests
assert fails (an evaluation-set phrase alone is reported, not fatal).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from geo.config import PROJECT_ROOT

PAGES: dict[str, dict[str, str]] = {
    "reuters.com.parasite.html": {
        "title": "'Parasite' scores historic upset at SAG awards, boosting Oscar chances",
        "outlet": "Reuters", "author": "Jill Serjeant",
        "published": "2020-01-19",  # og:article:published_time and datePublished; revised 2020-01-20
    },
    "theguardian.com.academics.html": {
        "title": "Thousands of UK academics 'treated as second-class citizens'",
        "outlet": "The Guardian", "author": "Richard Adams", "published": "2020-01-20",
    },
    "threatpost.com.android.html": {
        "title": "Android Ransomware Spreads Via 'Sex Simulation Game' Links on Reddit, SMS",
        "outlet": "Threatpost", "author": "Lindsey O'Donnell", "published": "2019-07-30",
    },
}


def expectations(folder: Path) -> dict[str, dict[str, Any]]:
    """Per page: the metadata above, and the suite's phrases ``with``/``without``, and those it tests."""
    evaldata = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    tests = folder / "realworld_tests.py"
    asserted = tests.read_text(encoding="utf-8") if tests.is_file() else ""
    by_file = {entry["file"]: entry for entry in evaldata.values()
               if isinstance(entry, dict) and "file" in entry}
    out: dict[str, dict[str, Any]] = {}
    for name, meta in PAGES.items():
        entry = by_file.get(name, {})
        phrases = [*entry.get("with", []), *entry.get("without", [])]
        out[name] = {**meta, "with": list(entry.get("with", [])), "without": list(entry.get("without", [])),
                     "tested": [p for p in phrases if json.dumps(p) in asserted or f"'{p}'" in asserted]}
    return out


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=900, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
                          check=False)


def check(document: dict[str, Any], expected: dict[str, Any]) -> list[tuple[str, bool, str]]:
    """(check, passed, what was found) for one exported document."""
    rows = [(field, document.get(field) == expected[field], repr(document.get(field)))
            for field in ("title", "outlet", "author", "published")]
    text = document.get("text") or ""
    def source(phrase: str) -> str:
        return "test" if phrase in expected["tested"] else "eval"

    rows += [(f"[{source(p)}] text has {p!r}", p in text, "") for p in expected["with"]]
    rows += [(f"[{source(p)}] text lacks {p!r}", p not in text, "") for p in expected["without"]]
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    source = Path(argv[0])
    pages = source / "cache" if (source / "cache").is_dir() else source
    missing = [name for name in PAGES if not (pages / name).is_file()]
    if not (source / "evaldata.json").is_file():
        missing.append("evaldata.json")
    if missing:
        print(f"real_pages: not in {source}: {', '.join(missing)}", file=sys.stderr)
        return 2
    expected_by_page = expectations(source)
    with tempfile.TemporaryDirectory(prefix="atlas-real-pages-") as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for name in PAGES:
            shutil.copyfile(pages / name, folder / name)
        db = f"sqlite:///{Path(tmp) / 'atlas.db'}"
        started = time.perf_counter()
        done = _run("ingest", str(folder), "--db", db)
        seconds = time.perf_counter() - started
        print(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "(ingest printed nothing)")
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return 1
        exported = _run("export", "--format", "json", "--db", db)
        data = json.loads(exported.stdout)
    by_path = {Path(d["path"]).name: d for d in data["documents"]}
    failures = total = 0
    failed_tests = 0
    for name, expected in expected_by_page.items():
        document = by_path[name]
        print(f"\n{name}  ({len(document['text']):,} characters of text, language {document['language']!r}, "
              f"url {document['url']!r})")
        trips = [t for t in data["trips"] if document["id"] in t["documents"]]
        places = [p for p in data["places"] if any(m["document"] == document["id"] for m in p["mentions"])]
        print(f"  {len(places)} places, {len(trips)} trips")
        for label, passed, found in check(document, expected):
            total += 1
            failures += not passed
            failed_tests += not passed and not label.startswith("[eval]")
            print(f"  {'ok  ' if passed else 'FAIL'} {label}{'  ' + found if found else ''}")
    print(f"\n{total - failures} of {total} checks passed ({failed_tests} failed among the metadata and the "
          f"suite's tested phrases); ingest of the 3 pages {seconds:.1f} s (with loading the language model)")
    return 1 if failed_tests else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
