"""``python -m geo evaluate``: document selection, the gold-span parse, scoring a predictor, the command."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from geo.evaluation.benchmarks import BenchmarkDocument, GoldToponym
from geo.evaluation.evaluate import (
    end_to_end_predictor,
    evaluate,
    gold_parse,
    place_records,
    recognition_gold,
    select,
    split_sentences,
)
from geo.evaluation.metrics import Record
from geo.models import Candidate, PlaceMention, Resolved, Sentence, Span, Unresolved

if TYPE_CHECKING:
    from spacy.language import Language

    from geo.places.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parents[2]

PARIS = GoldToponym(0, 5, "Paris", 48.8566, 2.3522, 2988507, "P")
MAIN_ST = GoldToponym(20, 31, "Main Street")  # no point, as LGL's streets
LYON = GoldToponym(40, 44, "Lyon", 45.76, 4.84, 2996944, "P")
TEXT = "Paris is far. We at Main Street went. Lyon was near."


def doc(*gold: GoldToponym, text: str = TEXT, id: str = "d") -> BenchmarkDocument:
    return BenchmarkDocument(id=id, text=text, toponyms=gold)


def oracle(documents: Sequence[BenchmarkDocument]) -> Iterator[list[Record]]:
    """A stand-in for the pipeline that finds every gold toponym with a point, at its gold point."""
    for d in documents:
        yield [Record(g.start, g.end, g.phrase, g.lat, g.lon) for g in d.toponyms if g.has_point]


def lost_lyon(documents: Sequence[BenchmarkDocument]) -> Iterator[list[Record]]:
    """A stand-in that puts Lyon in Paris and invents a place."""
    for _ in documents:
        yield [Record(0, 5, "Paris", 48.8566, 2.3522), Record(40, 44, "Lyon", 48.8566, 2.3522),
               Record(9, 12, "far", 0.0, 0.0)]


@pytest.mark.parametrize(
    ("split", "offset", "limit", "expected"),
    [
        ("all", 0, None, [0, 1, 2, 3, 4]),
        ("first-half", 0, None, [0, 1]),
        ("second-half", 0, None, [2, 3, 4]),
        ("second-half", 1, 1, [3]),
        ("all", 0, 2, [0, 1]),
        ("all", 9, None, []),
    ],
)
def test_select(split: str, offset: int, limit: int | None, expected: list[int]) -> None:
    documents = [doc(id=str(i)) for i in range(5)]
    assert [int(d.id) for d in select(documents, split=split, offset=offset, limit=limit)] == expected


def test_select_rejects_an_unknown_split() -> None:
    with pytest.raises(ValueError, match="'middle'"):
        select([], split="middle")


@pytest.mark.parametrize(
    ("dataset", "expected"),
    [
        ("lgl", ["Paris", "Lyon"]),
        ("tr-news", ["Paris", "Lyon"]),
        ("geowebnews", ["Paris", "Main Street", "Lyon"]),
    ],
)
def test_recognition_gold_follows_the_published_protocol(dataset: str, expected: list[str]) -> None:
    assert [g.phrase for g in recognition_gold(dataset, doc(PARIS, MAIN_ST, LYON))] == expected


def test_a_perfect_predictor_scores_one() -> None:
    summary = evaluate("lgl", [doc(PARIS, MAIN_ST, LYON)], oracle)
    assert summary["precision"] == summary["recall"] == summary["f1"] == 1.0
    assert summary["acc161_all"] == summary["acc161_found"] == 1.0
    assert summary["auc"] == 0.0
    assert (summary["docs"], summary["toponyms"]) == (1, 2)


def test_misplaced_and_invented_places_cost_what_they_should() -> None:
    summary = evaluate("geowebnews", [doc(PARIS, MAIN_ST, LYON)], lost_lyon)
    assert (summary["tp"], summary["fp"], summary["fn"]) == (2, 1, 1)  # Main Street missed, "far" invented
    assert summary["acc161_all"] == pytest.approx(0.5)  # Lyon is 392 km from Paris
    assert summary["acc161_found"] == pytest.approx(0.5)
    assert summary["median_km"] == pytest.approx(392 / 2, abs=2)
    assert summary["mode"] == "end-to-end"


def test_geowebnews_also_reports_the_published_geonames_gold() -> None:
    paris_no_id = GoldToponym(0, 5, "Paris", 48.8566, 2.3522, None, "Literal")  # annotator's point only
    summary = evaluate("geowebnews", [doc(paris_no_id, MAIN_ST, LYON)], lost_lyon)
    assert summary["toponyms"] == 3
    published = summary["geonames_gold"]  # Lyon alone: EUPEG's 2,401-toponym gold
    assert (published["tp"], published["fp"], published["fn"]) == (1, 2, 0)
    assert published["acc161_all"] == 0.0


def test_details_name_each_miss_and_false_positive() -> None:
    import io

    out = io.StringIO()
    evaluate("geowebnews", [doc(PARIS, MAIN_ST, LYON)], lost_lyon, details=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {(r["kind"], r["text"]) for r in rows} == {
        ("match", "Paris"), ("match", "Lyon"), ("false_positive", "far"), ("miss", "Main Street"),
    }


def test_place_records_keep_unresolved_mentions_without_a_point() -> None:
    sentence = Sentence(0, 10, "Paris, Tx.")
    lyon = Candidate("Lyon", "city", 45.76, 4.84, "FR", geonameid=2996944)
    places = [
        PlaceMention(Span(0, 5, "Paris"), sentence, Unresolved("no candidate")),
        PlaceMention(Span(40, 44, "Lyon"), sentence, Resolved(lyon, 0.9, reason="importance")),
    ]
    records = place_records(places)
    assert [(r.text, r.has_point) for r in records] == [("Paris", False), ("Lyon", True)]
    assert (records[1].lat, records[1].lon) == (45.76, 4.84)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two.", ["One.", "Two."]),
        ("Dr. Smith went to St. Louis. It rained.", ["Dr. Smith went to St. Louis.", "It rained."]),
        ("Title\nBody text here", ["Title", "Body text here"]),
        ("", [""]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    assert all(text[s.start:s.end] == s.text for s in sentences)


class _Regions:
    """A stand-in gazetteer that knows two regions."""

    def country_code(self, name: str) -> str | None:
        return "CN" if name == "China" else None

    def admin1_of(self, name: str, country: str | None = None) -> tuple[str, str] | None:
        return ("US", "IN") if name in ("Ind.", "Indiana") else None


def test_gold_parse_sets_the_qualifier_and_the_sentence() -> None:
    text = "Mayors of Carmel, Ind., went to Wuhan, China, by air. Then home."
    gold = [GoldToponym(10, 16, "Carmel"), GoldToponym(32, 37, "Wuhan"), GoldToponym(39, 44, "China")]
    parsed = gold_parse(doc(*gold, text=text), gold, _Regions())  # type: ignore[arg-type]
    assert [t.span.text for t in parsed.toponyms] == ["Carmel", "Wuhan", "China"]
    assert [t.qualifier.text if t.qualifier else None for t in parsed.toponyms] == ["Ind.", "China", None]
    assert parsed.toponyms[1].sentence.text == "Mayors of Carmel, Ind., went to Wuhan, China, by air."


def test_end_to_end_on_an_lgl_slice() -> None:
    """The real command on the first 20 LGL documents: the pipeline finds and places most toponyms."""
    result = subprocess.run(
        [sys.executable, "-m", "geo", "evaluate", "--dataset", "lgl", "--limit", "20"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["docs"] == 20
    assert summary["toponyms"] > 100
    assert summary["f1"] > 0.5
    assert summary["acc161_all"] > 0.3
    assert "evaluate lgl" in result.stderr  # progress goes to stderr


def test_gold_spans_on_an_lgl_slice() -> None:
    """The real resolver on the gold spans of 30 LGL documents places most of them."""
    result = subprocess.run(
        [sys.executable, "-m", "geo", "evaluate", "--dataset", "lgl", "--limit", "30", "--gold-spans"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["mode"] == "gold-spans"
    assert summary["precision"] == 1.0
    assert summary["acc161_all"] > 0.6


@pytest.mark.parametrize(("demonyms", "recall"), [(False, 0.5), (True, 1.0)])
def test_demonyms_count_only_when_asked(nlp: Language, gazetteer: Gazetteer, demonyms: bool,
                                        recall: float) -> None:
    """Invented: "Russian" is a toponym at GeoNames' point of Russia in LGL's gold; not in the ingest."""
    text = "Russian troops entered Tbilisi on Monday."
    gold = (GoldToponym(0, 7, "Russian", 60.0, 100.0, 2017370, "A"),
            GoldToponym(23, 30, "Tbilisi", 41.69, 44.83, 611717, "P"))
    predictor = end_to_end_predictor("lgl", nlp, gazetteer, demonyms=demonyms)
    summary = evaluate("lgl", [doc(*gold, text=text)], predictor)
    assert summary["recall"] == recall
    assert summary["precision"] == 1.0
    assert summary["acc161_all"] == recall


def test_demonyms_with_gold_spans_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geo", "evaluate", "--dataset", "lgl", "--gold-spans", "--demonyms"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 2
    assert "--demonyms" in result.stderr


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geo", "evaluate", "--dataset", "geovirus", "--data", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 1
    assert str(tmp_path) in result.stderr


def test_a_nationality_word_that_told_a_home_is_no_predicted_toponym() -> None:
    # "a Chinese delegation": the trips stage keeps China as the travellers' home, but no place is named
    from geo.evaluation.evaluate import place_records
    from geo.models import Candidate, PlaceMention, Resolved, Sentence, Span

    china = Resolved(Candidate("China", "country", 35.0, 105.0, "CN", None, 1814991), 0.8)
    sentence = Sentence(0, 30, "A Chinese delegation arrived.")
    implied = PlaceMention(Span(2, 9, "Chinese"), sentence, china, implied=True)
    named = PlaceMention(Span(2, 7, "China"), sentence, china)
    assert [r.text for r in place_records([implied, named])] == ["China"]
