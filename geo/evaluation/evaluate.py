"""``python -m geo evaluate``: the project's geoparsing measured on the public benchmarks.

End-to-end, each benchmark document goes through the same per-document extraction as the
ingest (``geo.pipeline.Extractor``) and every resolved place mention is a prediction. With
``--gold-spans`` only the gold toponym spans are resolved (``geo.places.toponyms.resolve_toponyms``).
Metrics: ``geo.evaluation.metrics`` (``../shared/eval/PUBLISHED_RESULTS.md`` §0). Progress goes to stderr,
the JSON summary is the last line of stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from geo.evaluation.benchmarks import DATASETS, BenchmarkDocument, BenchmarkError, GoldToponym, read_dataset
from geo.evaluation.metrics import DocumentScore, Record, match_document, score
from geo.models import (
    DocumentMeta,
    Extraction,
    ParsedText,
    PlaceMention,
    Resolved,
    Sentence,
    SourceDocument,
    Span,
    Toponym,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.places.gazetteer import Gazetteer

Predictor = Callable[[Sequence[BenchmarkDocument]], Iterator[list[Record]]]

SPLITS = ("all", "first-half", "second-half")

# The published gold of LGL and TR-News (lgl_gold.txt, EUPEG) holds only the toponyms with a GeoNames
# point; LGL's streets without one are not in it, so recognising them counts as a false positive there.
# GeoWebNews counts its 2,720 toponyms (with or without a point); GeoVirus has a point for every one.
_RECOGNITION_NEEDS_POINT = {"lgl": True, "tr-news": True, "geowebnews": False, "geovirus": False}


def recognition_gold(dataset: str, document: BenchmarkDocument) -> list[GoldToponym]:
    """The gold toponyms that count for recognition (P/R/F1) in ``dataset``, as the published figures do."""
    if _RECOGNITION_NEEDS_POINT.get(dataset, False):
        return [g for g in document.toponyms if g.has_point]
    return list(document.toponyms)


def select(documents: Sequence[BenchmarkDocument], *, split: str = "all", offset: int = 0,
           limit: int | None = None) -> list[BenchmarkDocument]:
    """The documents to evaluate: a half of the corpus (by document order), then ``offset`` and ``limit``."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, got: {split!r}")
    half = len(documents) // 2
    chosen = list(documents)
    if split == "first-half":
        chosen = chosen[:half]
    elif split == "second-half":
        chosen = chosen[half:]
    chosen = chosen[offset:]
    return chosen if limit is None else chosen[:limit]


def evaluate(dataset: str, documents: Sequence[BenchmarkDocument], predictor: Predictor, *,
             gold_spans: bool = False, progress: TextIO | None = None,
             details: TextIO | None = None) -> dict[str, Any]:
    """Score ``predictor`` on ``documents`` and return the summary (the contract's JSON fields and more).

    On GeoWebNews end-to-end, ``geonames_gold`` adds the figures against the 2,401 toponyms with a
    GeoNames id, the gold of the published EUPEG table (its F1 and acc@161 are over that set).
    """
    started = time.perf_counter()
    scored: list[tuple[Sequence[Record], DocumentScore]] = []
    scored_geonames: list[tuple[Sequence[Record], DocumentScore]] = []
    with_geonames = dataset == "geowebnews" and not gold_spans
    golds = [[_record(g) for g in recognition_gold(dataset, d)] for d in documents]
    pairs = zip(documents, golds, predictor(documents), strict=True)
    for number, (document, gold, predicted) in enumerate(pairs, start=1):
        result = match_document(gold, predicted)
        scored.append((gold, result))
        if with_geonames:
            subset = [_record(g) for g in document.toponyms if g.geonameid is not None]
            scored_geonames.append((subset, match_document(subset, predicted)))
        if details is not None:
            _write_details(details, document, result, predicted)
        if progress is not None and (number % 25 == 0 or number == len(documents)):
            elapsed = time.perf_counter() - started
            print(f"evaluate {dataset}: {number}/{len(documents)} documents, {elapsed:.0f} s", file=progress,
                  flush=True)
    summary: dict[str, Any] = {
        "dataset": dataset,
        "mode": "gold-spans" if gold_spans else "end-to-end",
        **score(scored).as_dict(),
        "docs": len(documents),
        "toponyms": sum(len(g) for g in golds),
    }
    if with_geonames:
        summary["geonames_gold"] = score(scored_geonames).as_dict()
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary


# --- predictors -------------------------------------------------------------------------


def source_document(dataset: str, document: BenchmarkDocument) -> SourceDocument:
    """The benchmark document as the ingest would read it."""
    return SourceDocument(
        id=document.id, path=f"{dataset}:{document.id}", text=document.text,
        meta=DocumentMeta(title=document.title, published=document.published),
        content_hash=hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
    )


def place_records(places: Iterable[PlaceMention]) -> list[Record]:
    """Predictions from place mentions: the resolved ones with their point, the others without."""
    records: list[Record] = []
    for place in places:
        if place.implied:
            continue  # a nationality word that told travellers' home: no place mention (see --demonyms)
        resolution = place.resolution
        if isinstance(resolution, Resolved):
            records.append(Record(place.span.start, place.span.end, place.span.text,
                                  resolution.place.lat, resolution.place.lon,
                                  note=_note(resolution)))
        else:
            records.append(Record(place.span.start, place.span.end, place.span.text,
                                  note=f"unresolved:{resolution.reason}"))
    return records


def end_to_end_predictor(dataset: str, nlp: Language, gazetteer: Gazetteer, *,
                         demonyms: bool = False) -> Predictor:
    """Run the ingest's per-document extraction (``geo.pipeline.Extractor``) on each document.

    With ``demonyms``, nationality words are mentions of their country too ("Russian" -> Russia), as
    LGL, GeoWebNews and TR-News annotate them; the ingest leaves them out.
    """
    from geo.pipeline import Extractor

    extractor = Extractor(nlp, gazetteer, None, demonyms=demonyms)

    def predict(documents: Sequence[BenchmarkDocument]) -> Iterator[list[Record]]:
        sources = [source_document(dataset, d) for d in documents]
        extractions: Iterable[Extraction] = extractor.extract_many(sources)
        for extraction in extractions:
            yield place_records(extraction.places)

    return predict


def gold_span_predictor(dataset: str, gazetteer: Gazetteer) -> Predictor:
    """Resolve only the gold toponym spans of each document (``geo.places.toponyms.resolve_toponyms``)."""
    from geo.places.toponyms import resolve_toponyms

    def predict(documents: Sequence[BenchmarkDocument]) -> Iterator[list[Record]]:
        for document in documents:
            parsed = gold_parse(document, recognition_gold(dataset, document), gazetteer)
            yield place_records(resolve_toponyms(parsed, gazetteer))

    return predict


def gold_parse(document: BenchmarkDocument, gold: Sequence[GoldToponym], gazetteer: Gazetteer) -> ParsedText:
    """A ``ParsedText`` whose toponyms are the gold spans, each with its ", State" qualifier when known."""
    from geo.places.toponyms import qualifier_span

    sentences = split_sentences(document.text)
    toponyms = tuple(
        Toponym(
            span=Span(g.start, g.end, document.text[g.start:g.end]),
            sentence=_sentence_of(sentences, g.start),
            qualifier=qualifier_span(document.text, g.end, gazetteer),
            label="GOLD",
        )
        for g in gold
    )
    return ParsedText(sentences=sentences, toponyms=toponyms, people=(), organizations=(), programs=(),
                      dates=())


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“'‘(]?[A-Z0-9])|\n+")
_NOT_AN_END = re.compile(r"(?:\b(?:[A-Z]|Dr|Mr|Mrs|Ms|St|Mt|Ft|Gov|Sen|Rep|Gen|Col|Lt|Jr|Sr|Inc|Co|Corp|No"
                         r"|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|[A-Z][a-z]?\.[A-Z])\.)$")


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """A plain sentence split (end punctuation before a capital, or a line break); no model needed."""
    sentences: list[Sentence] = []
    start = 0
    for boundary in [*_SENTENCE_END.finditer(text), None]:
        abbreviation = boundary is not None and _NOT_AN_END.search(text, 0, boundary.start())
        if boundary is not None and abbreviation and "\n" not in boundary.group():
            continue  # "Dr. Smith", "St. Louis", "U.S. Army"
        end = boundary.start() if boundary is not None else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            s = start + lead
            sentences.append(Sentence(s, s + len(stripped), stripped))
        if boundary is not None:
            start = boundary.end()
    return tuple(sentences) or (Sentence(0, len(text), text),)


def _sentence_of(sentences: Sequence[Sentence], offset: int) -> Sentence:
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    before = [s for s in sentences if s.start <= offset]
    return before[-1] if before else sentences[0]


def _record(gold: GoldToponym) -> Record:
    return Record(gold.start, gold.end, gold.phrase, gold.lat, gold.lon, note=gold.kind)


def _note(resolution: Resolved) -> str:
    place = resolution.place
    where = "/".join(x for x in (place.country, place.admin1) if x)
    return f"{resolution.reason}:{place.kind}:{place.feature_code}:{place.name}:{where}:{place.geonameid}"


def _write_details(out: TextIO, document: BenchmarkDocument, result: DocumentScore,
                   predicted: Sequence[Record]) -> None:
    """One JSON line per false positive, miss and matched toponym, for error analysis.

    A miss carries the predictions that overlap it (an unresolved one, or one with another span),
    so that a miss of recognition is told apart from a miss of resolution.
    """
    def context(start: int, end: int) -> str:
        return document.text[max(0, start - 60):end + 60].replace("\n", " ")

    rows: list[dict[str, Any]] = []
    for m in result.matches:
        rows.append({"kind": "match", "text": m.gold.text, "start": m.gold.start, "km": m.km,
                     "gold": [m.gold.lat, m.gold.lon], "gold_kind": m.gold.note,
                     "predicted": [m.predicted.lat, m.predicted.lon], "note": m.predicted.note,
                     "context": context(m.gold.start, m.gold.end)})
    for p in result.false_positives:
        rows.append({"kind": "false_positive", "text": p.text, "start": p.start,
                     "predicted": [p.lat, p.lon], "note": p.note, "context": context(p.start, p.end)})
    for g in result.misses:
        overlaps = [{"text": p.text, "start": p.start, "note": p.note, "has_point": p.has_point}
                    for p in predicted if p.start < g.end and g.start < p.end]
        rows.append({"kind": "miss", "text": g.text, "start": g.start, "gold": [g.lat, g.lon],
                     "gold_kind": g.note, "overlaps": overlaps, "context": context(g.start, g.end)})
    for row in rows:
        out.write(json.dumps({"doc": document.id, **row}, ensure_ascii=False) + "\n")


# --- command line -----------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo evaluate",
        description="Measure the geoparsing on a public benchmark (metrics: PUBLISHED_RESULTS.md §0).",
    )
    parser.add_argument("--dataset", required=True, choices=DATASETS)
    parser.add_argument("--data", type=Path, default=None,
                        help="the benchmark's folder or file (default: ../shared/eval/<dataset>)")
    parser.add_argument("--limit", type=int, default=None, help="evaluate at most N documents")
    parser.add_argument("--offset", type=int, default=0, help="skip the first N documents (after --split)")
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="a half of the corpus in document order (LGL's first half is the tuning split)")
    parser.add_argument("--gold-spans", action="store_true", help="resolve the gold toponym spans only")
    parser.add_argument("--demonyms", action="store_true",
                        help="end-to-end: count nationality words as mentions of their country "
                             "(LGL, GeoWebNews and TR-News annotate them; GeoVirus does not)")
    parser.add_argument("--details", type=Path, default=None,
                        help="write one JSON line per match, false positive and miss to this file")
    return parser


def main(argv: list[str]) -> int:
    """Run ``python -m geo evaluate`` with ``argv`` (the arguments after ``evaluate``)."""
    args = _parser().parse_args(argv)
    if (args.limit is not None and args.limit < 0) or args.offset < 0:
        print("evaluate: --limit and --offset must not be negative", file=sys.stderr)
        return 2
    if args.demonyms and args.gold_spans:
        print("evaluate: --demonyms adds predictions end-to-end; with --gold-spans there are none to add",
              file=sys.stderr)
        return 2
    try:
        documents = select(read_dataset(args.dataset, args.data), split=args.split, offset=args.offset,
                           limit=args.limit)
    except BenchmarkError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 1

    from geo.config import load_config
    from geo.places.gazetteer import load_gazetteer

    config = load_config()
    loading = time.perf_counter()
    print(f"evaluate {args.dataset}: loading the gazetteer and the model", file=sys.stderr, flush=True)
    gazetteer = load_gazetteer(config.cache_dir)
    if args.gold_spans:
        predictor = gold_span_predictor(args.dataset, gazetteer)
    else:
        from geo.language.nlp import load_nlp

        predictor = end_to_end_predictor(args.dataset, load_nlp(config.spacy_model), gazetteer,
                                         demonyms=args.demonyms)
    load_seconds = round(time.perf_counter() - loading, 1)
    details = args.details.open("w", encoding="utf-8") if args.details is not None else None
    try:
        summary = evaluate(args.dataset, documents, predictor, gold_spans=args.gold_spans,
                           progress=sys.stderr, details=details)
    finally:
        if details is not None:
            details.close()
    summary.update(load_seconds=load_seconds, split=args.split, offset=args.offset, limit=args.limit,
                   demonyms=args.demonyms)
    print(json.dumps(summary), flush=True)
    return 0
