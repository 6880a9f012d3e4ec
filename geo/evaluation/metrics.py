"""Geoparsing metrics exactly as ``../shared/eval/PUBLISHED_RESULTS.md`` §0 defines them.

Toponym matching (Gritta et al. 2018; EUPEG): a prediction matches a gold toponym when the
lower-cased surface strings are equal and the span mid-points differ by less than 10 characters;
greedy, each prediction used once; predictions without coordinates are dropped first.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from geo.places.geometry import haversine_km

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the AUC's normaliser
ACC_KM = 161.0  # 100 miles
MIDPOINT_WINDOW = 10.0


@dataclass(frozen=True, slots=True)
class Record:
    """A toponym as scored: its span, surface string and point (``None`` when it has none)."""

    start: int
    end: int
    text: str
    lat: float | None = None
    lon: float | None = None
    note: str = ""  # free text kept for error analysis (the resolver's reason, the gold's kind)

    @property
    def has_point(self) -> bool:
        """Whether the record has coordinates."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class Match:
    """A gold toponym and the prediction matched to it, with the error when both have points."""

    gold: Record
    predicted: Record
    km: float | None


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """The matching of one document: matched pairs, false positives and missed gold."""

    matches: tuple[Match, ...]
    false_positives: tuple[Record, ...]
    misses: tuple[Record, ...]


@dataclass(frozen=True)
class Scores:
    """Corpus-level figures; the error figures are ``None`` when nothing could be scored."""

    tp: int
    fp: int
    fn: int
    gold_with_points: int
    scored: int  # matched gold toponyms that have a point (the acc161_found denominator)
    within_161: int
    precision: float
    recall: float
    f1: float
    acc161_all: float
    acc161_found: float | None
    auc: float | None
    mean_km: float | None
    median_km: float | None
    errors_km: tuple[float, ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, float | int | None]:
        """The figures as a JSON-ready mapping (rounded to 4 decimals; errors left out)."""
        out: dict[str, float | int | None] = {}
        for key in ("precision", "recall", "f1", "acc161_all", "acc161_found", "auc", "mean_km", "median_km",
                    "tp", "fp", "fn", "gold_with_points", "scored", "within_161"):
            value = getattr(self, key)
            out[key] = round(value, 4) if isinstance(value, float) else value
        return out


def same_toponym(gold: Record, predicted: Record) -> bool:
    """The matching rule: equal lower-cased strings, span mid-points less than 10 characters apart."""
    if gold.text.lower() != predicted.text.lower():
        return False
    return abs((gold.start + gold.end) / 2 - (predicted.start + predicted.end) / 2) < MIDPOINT_WINDOW


def match_document(gold: Sequence[Record], predicted: Sequence[Record]) -> DocumentScore:
    """Match one document's predictions to its gold, greedily in gold order, each prediction once."""
    candidates = [p for p in predicted if p.has_point]
    used = [False] * len(candidates)
    matches: list[Match] = []
    misses: list[Record] = []
    for g in gold:
        for i, p in enumerate(candidates):
            if not used[i] and same_toponym(g, p):
                used[i] = True
                km = None
                if g.lat is not None and g.lon is not None and p.lat is not None and p.lon is not None:
                    km = haversine_km(g.lat, g.lon, p.lat, p.lon)
                matches.append(Match(g, p, km))
                break
        else:
            misses.append(g)
    false_positives = tuple(p for i, p in enumerate(candidates) if not used[i])
    return DocumentScore(tuple(matches), false_positives, tuple(misses))


def auc(errors_km: Iterable[float]) -> float | None:
    """Area under the curve of sorted log errors (Jurgens et al. 2015), divided by n−1; lower is better."""
    ys = sorted(math.log(1 + e) / math.log(MAX_ERROR_KM) for e in errors_km)
    if not ys:
        return None
    if len(ys) == 1:
        return ys[0]
    area = sum((ys[i] + ys[i + 1]) / 2 for i in range(len(ys) - 1))
    return area / (len(ys) - 1)


def score(documents: Iterable[tuple[Sequence[Record], DocumentScore]]) -> Scores:
    """Corpus figures from each document's gold and matching (see ``match_document``)."""
    tp = fp = fn = gold_with_points = 0
    errors: list[float] = []
    for gold, doc in documents:
        tp += len(doc.matches)
        fp += len(doc.false_positives)
        fn += len(doc.misses)
        gold_with_points += sum(1 for g in gold if g.has_point)
        errors.extend(m.km for m in doc.matches if m.km is not None)
    within = sum(1 for e in errors if e < ACC_KM)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        tp=tp, fp=fp, fn=fn, gold_with_points=gold_with_points, scored=len(errors), within_161=within,
        precision=precision, recall=recall, f1=f1,
        acc161_all=within / gold_with_points if gold_with_points else 0.0,
        acc161_found=within / len(errors) if errors else None,
        auc=auc(errors),
        mean_km=statistics.fmean(errors) if errors else None,
        median_km=statistics.median(errors) if errors else None,
        errors_km=tuple(errors),
    )
