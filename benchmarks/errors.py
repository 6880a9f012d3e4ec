"""Where the geoparsing loses points: ``python -m benchmarks.errors DETAILS.jsonl [--top N]``.

Reads the file written by ``python -m geo evaluate ... --details FILE`` and prints the false
positives by how they were resolved and by surface form, the misses by gold kind and surface
form, and the worst resolution errors among the matched toponyms.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any


def _reason(note: str) -> str:
    """'reason:kind:fcode:name:where:id' -> 'reason/kind'."""
    parts = note.split(":")
    return "/".join(parts[:2]) if len(parts) >= 2 else (note or "?")


def _cause(miss: dict[str, Any]) -> str:
    """Why a gold toponym was missed: not recognised, recognised but unresolved, or another span."""
    overlaps = miss.get("overlaps") or []
    if not overlaps:
        return "not recognised"
    unresolved = [o for o in overlaps if o["text"].lower() == miss["text"].lower() and not o["has_point"]]
    if unresolved:
        return f"recognised, unresolved ({unresolved[0]['note'][:50]})"
    return "recognised with another span"


def _other_span(miss: dict[str, Any]) -> str:
    return f"{miss['text']!r} ~ " + " | ".join(repr(o["text"]) for o in miss.get("overlaps") or [])


def summarise(rows: list[dict[str, Any]], top: int) -> str:
    """The report as text."""
    out: list[str] = []
    matches = [r for r in rows if r["kind"] == "match"]
    fps = [r for r in rows if r["kind"] == "false_positive"]
    misses = [r for r in rows if r["kind"] == "miss"]
    far = sorted((r for r in matches if r.get("km") is not None and r["km"] >= 161), key=lambda r: -r["km"])
    out.append(f"{len(matches)} matched ({len(far)} of them 161 km or more off), {len(fps)} false positives, "
               f"{len(misses)} misses")

    def table(title: str, counter: Counter[str]) -> None:
        out.append(f"\n{title}")
        for key, n in counter.most_common(top):
            out.append(f"  {n:5}  {key}")

    table("false positives by resolution (reason/kind)", Counter(_reason(r.get("note", "")) for r in fps))
    table("false positives by text", Counter(r["text"] for r in fps))
    table("misses by gold kind", Counter(r.get("gold_kind") or "?" for r in misses))
    table("misses by cause", Counter(_cause(r) for r in misses))
    table("misses by text", Counter(r["text"] for r in misses))
    table("misses recognised with another span (gold ~ predicted)",
          Counter(_other_span(r) for r in misses if _cause(r) == "recognised with another span"))
    table("far (>= 161 km) by resolution (reason/kind)", Counter(_reason(r.get("note", "")) for r in far))
    table("far (>= 161 km) by text", Counter(r["text"] for r in far))
    out.append("\nworst resolution errors")
    for r in far[:top]:
        note = r.get("note", "").split(":")
        chosen = ":".join(note[3:5]) if len(note) >= 5 else r.get("note", "")
        out.append(f"  {r['km']:8.0f} km  {r['text']!r} -> {chosen} ({_reason(r.get('note', ''))})  "
                   f"doc {r['doc']}: …{r['context'][:110]}…")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    """Print the error report of one details file."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.errors", description=__doc__.split("\n\n")[0])
    parser.add_argument("details", type=Path, help="the file of `python -m geo evaluate --details`")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.details.read_text(encoding="utf-8").split("\n") if line.strip()]
    print(summarise(rows, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
