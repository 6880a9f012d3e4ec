"""Every geoparsing evaluation of docs/BENCHMARKS.md in turn: ``python -m benchmarks.geoparsing``.

Runs ``python -m geo evaluate`` for each dataset, end-to-end and on gold spans (and LGL's two
halves, the first being the tuning split; then end-to-end with ``--demonyms``), times each run,
and prints the markdown table of docs/BENCHMARKS.md with the published figures beside ours.
``--out FILE`` keeps the JSON lines.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from geo.config import PROJECT_ROOT

# Best published figures (../shared/eval/PUBLISHED_RESULTS.md): recognition F1 of an end-to-end
# geoparser, acc@161 over all gold of an end-to-end geoparser (re-scored), acc@161 on gold spans
# over all gold with coordinates (Hu et al.'s voting ensemble, strict protocol, re-scored).
PUBLISHED: dict[str, dict[str, str]] = {
    "lgl": {"f1": "0.713 DBpedia Spotlight", "e2e": "0.538 Palladian",
            "gold": "0.773 voting (0.830 Hu protocol)"},
    "geowebnews": {"f1": "0.739 StanfordNER (2,401 gold)", "e2e": "0.517 Edinburgh",
                   "gold": "0.674 voting (0.814 Hu protocol)"},
    "tr-news": {"f1": "0.803 StanfordNER", "e2e": "0.526 CamCoder",
                "gold": "0.717 voting (0.863 Hu protocol)"},
    "geovirus": {"f1": "0.917 DM_NLP", "e2e": "0.618 CamCoder",
                 "gold": "0.821 voting (0.946 Hu protocol)"},
}

_MODES: list[list[str]] = [[], ["--gold-spans"]]
RUNS: list[tuple[str, list[str]]] = [
    *((dataset, mode) for dataset in ("lgl", "geowebnews", "tr-news", "geovirus") for mode in _MODES),
    *(("lgl", [*mode, "--split", half]) for half in ("first-half", "second-half") for mode in _MODES),
    # nationality words as mentions of their country: LGL, GeoWebNews and TR-News annotate them
    *((dataset, ["--demonyms"]) for dataset in ("lgl", "geowebnews", "tr-news", "geovirus")),
]


def run(dataset: str, extra: list[str]) -> dict[str, Any]:
    """One evaluation as a user runs it; the summary with the command and its wall time."""
    command = ["python", "-m", "geo", "evaluate", "--dataset", dataset, *extra]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *command[1:]], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    summary: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    summary["command"] = " ".join(command)
    summary["wall_seconds"] = round(wall, 1)
    return summary


def _f(value: Any) -> str:
    return "–" if value is None else f"{value:.3f}"


def table(rows: list[dict[str, Any]]) -> str:
    """The markdown table: our figures and the best published ones, with the command and its time."""
    lines = [
        "| dataset | mode | split | P | R | F1 | acc@161 all gold | acc@161 found | AUC | median km | "
        "best published | time | command |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        published = PUBLISHED[r["dataset"]]
        mode = f"{r['mode']} + demonyms" if r.get("demonyms") else r["mode"]
        best = (f"F1 {published['f1']}; acc@161 all {published['e2e']}" if r["mode"] == "end-to-end"
                else f"acc@161 {published['gold']}")
        lines.append(
            f"| {r['dataset']} | {mode} | {r.get('split', 'all')} | {_f(r['precision'])} | "
            f"{_f(r['recall'])} | "
            f"{_f(r['f1'])} | **{_f(r['acc161_all'])}** | {_f(r['acc161_found'])} | {_f(r['auc'])} | "
            f"{_f(r['median_km'])} | {best} | {r['wall_seconds']:.0f} s | `{r['command']}` |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run every evaluation (or those of ``--dataset``) and print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.geoparsing",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", action="append", help="only this dataset (repeatable)")
    parser.add_argument("--out", type=Path, default=None, help="append each summary as a JSON line to FILE")
    args = parser.parse_args(argv)
    rows = []
    for dataset, extra in RUNS:
        if args.dataset and dataset not in args.dataset:
            continue
        print(f"running: python -m geo evaluate --dataset {dataset} {' '.join(extra)}", file=sys.stderr,
              flush=True)
        summary = run(dataset, extra)
        rows.append(summary)
        if args.out is not None:
            with args.out.open("a", encoding="utf-8") as out:
                out.write(json.dumps(summary) + "\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
