"""Gold-span resolution accuracy: feed a benchmark's gold toponym spans to the resolver, print acc@161.

Usage: python scripts/eval_gold_spans.py [lgl|gwn|trnews|geovirus ...] [--half tune|held|all] [--errors N]

Only the spans are read from the gold (and the document's other gold spans serve as context, as
the NLP step's toponyms would); a qualifier is attached when the text right after a span is
", <state or country>". Coordinates are used only to score. LGL is split by document order: the
first half is the tuning half, the second half is held apart.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.config import load_config
from geo.models import ParsedText, Resolved, Sentence, Span, Toponym
from geo.places.gazetteer import Gazetteer, load_gazetteer
from geo.places.geometry import haversine_km as km
from geo.places.toponyms import qualifier_span, resolve_toponyms

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
GWN_SKIP = {"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"}


@dataclass
class Gold:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None


@dataclass
class Doc:
    text: str
    golds: list[Gold]


def _f(node: ET.Element | None) -> float | None:
    if node is None or node.text is None or not node.text.strip():
        return None
    return float(node.text)


def read_lgl_like(path: Path, realign: bool) -> list[Doc]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for top in art.iter("toponym"):
            start, end = int(top.findtext("start") or 0), int(top.findtext("end") or 0)
            phrase = top.findtext("phrase") or ""
            if realign and text[start:end] != phrase:
                found = [m.start() for m in re.finditer(re.escape(phrase), text)]
                if not found:
                    continue
                start = min(found, key=lambda s, s0=start: abs(s - s0))
                end = start + len(phrase)
            gaz = top.find("gaztag")
            lat = _f(gaz.find("lat")) if gaz is not None else None
            lon = _f(gaz.find("lon")) if gaz is not None else None
            golds.append(Gold(start, end, phrase, lat, lon))
        docs.append(Doc(text, golds))
    return docs


def read_gwn(path: Path) -> list[Doc]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for top in art.iter("toponym"):
            if (top.findtext("type") or "") in GWN_SKIP:
                continue
            start, end = int(top.findtext("start") or 0), int(top.findtext("end") or 0)
            golds.append(
                Gold(start, end, text[start:end], _f(top.find("latitude")), _f(top.find("longitude")))
            )
        docs.append(Doc(text, golds))
    return docs


def read_geovirus(path: Path) -> list[Doc]:
    docs = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        golds = []
        for loc in art.iter("location"):
            start, end = int(loc.findtext("start") or 1) - 1, int(loc.findtext("end") or 1) - 1
            golds.append(Gold(start, end, text[start:end], _f(loc.find("lat")), _f(loc.find("lon"))))
        docs.append(Doc(text, golds))
    return docs


def sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+", text):
        out.append(Sentence(start, m.start(), text[start : m.start()]))
        start = m.end()
    out.append(Sentence(start, len(text), text[start:]))
    return out


def parsed_from_gold(doc: Doc, gazetteer: Gazetteer) -> ParsedText:
    sents = sentences(doc.text)
    toponyms = []
    for g in doc.golds:
        sent = next((s for s in sents if s.start <= g.start < max(s.end, s.start + 1)), sents[-1])
        qual = qualifier_span(doc.text, g.end, gazetteer)
        toponyms.append(Toponym(Span(g.start, g.end, doc.text[g.start : g.end]), sent, qual))
    return ParsedText(tuple(sents), tuple(toponyms), (), (), (), ())


def evaluate(docs: list[Doc], gazetteer: Gazetteer, errors: int) -> tuple[float, int, float]:
    hits = total = 0
    err_km: list[float] = []
    shown = 0
    for doc in docs:
        parsed = parsed_from_gold(doc, gazetteer)
        mentions = resolve_toponyms(parsed, gazetteer)
        for gold, mention in zip(doc.golds, mentions, strict=True):
            if gold.lat is None or gold.lon is None:
                continue
            total += 1
            res = mention.resolution
            d = km(res.place.lat, res.place.lon, gold.lat, gold.lon) if isinstance(res, Resolved) else 20039.0
            err_km.append(d)
            if d < 161:
                hits += 1
            elif shown < errors:
                shown += 1
                got = (
                    f"{res.place.name} {res.place.kind} {res.place.country}/{res.place.admin1} "
                    f"({res.reason}, {res.confidence})"
                    if isinstance(res, Resolved)
                    else f"UNRESOLVED {res.reason}"
                )
                q = mention.qualifier.text if mention.qualifier else ""
                others = sorted({g.text for g in doc.golds})[:12]
                print(
                    f"  {gold.text!r} q={q!r} -> {got}; gold ({gold.lat}, {gold.lon}) off {d:.0f} km; "
                    f"doc: {others}",
                    file=sys.stderr,
                )
    err_km.sort()
    auc = 0.0
    if len(err_km) > 1:
        ys = [math.log(1 + e) / math.log(20039) for e in err_km]
        auc = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1)) / (len(ys) - 1)
    return (hits / total if total else 0.0), total, auc


def main() -> None:
    parser = argparse.ArgumentParser(description="acc@161 of the resolver on gold toponym spans")
    parser.add_argument("datasets", nargs="*", default=["lgl"])
    parser.add_argument("--half", choices=["tune", "held", "all"], default="all")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors (tuning half only)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    gazetteer = load_gazetteer(load_config().cache_dir)
    print(f"gazetteer: {len(gazetteer)} entries in {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    readers = {
        "lgl": lambda: read_lgl_like(EVAL / "lgl" / "lgl.xml", False),
        "gwn": lambda: read_gwn(EVAL / "geowebnews" / "GWN.xml"),
        "trnews": lambda: read_lgl_like(EVAL / "tr-news" / "TR-News.xml", True),
        "geovirus": lambda: read_geovirus(EVAL / "geovirus" / "GeoVirus.xml"),
    }
    for name in args.datasets:
        docs = readers[name]()
        half = len(docs) // 2
        parts = {"tune": docs[:half], "held": docs[half:], "all": docs}
        wanted = ["tune", "held"] if args.half == "all" and name == "lgl" else [args.half]
        for part in wanted:
            t = time.perf_counter()
            acc, n, auc = evaluate(parts[part], gazetteer, args.errors if part == "tune" else 0)
            print(
                f"{name:9s} {part:5s} docs={len(parts[part]):4d} gold={n:5d} acc@161={acc:.4f} "
                f"AUC={auc:.3f} ({time.perf_counter() - t:.1f} s)"
            )


if __name__ == "__main__":
    main()
