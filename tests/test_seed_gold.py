"""The seed article through the real command line: every check of ../shared/eval/seed_gold.json.

``python -m geo ingest seeds --db sqlite:///TMP`` then ``python -m geo export --format json``, as
subprocesses, once for the module; each gold item is its own test so that a failure names it.
Every check runs three times: on the seed's text, on the seed printed to PDF by Chromium (its
default header and footer on) and on the seed converted to DOCX by pandoc, each beside the seed's
sidecar (``tests/data/seed_formats``, made by ``scripts/seed_formats.py``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from geo.places.geometry import haversine_km as _km
from geo.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
GOLD_PATH = ROOT.parent / "shared" / "eval" / "seed_gold.json"
GOLD: dict[str, Any] = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
CITY_KM = 25.0

Export = dict[str, Any]


def _norm(name: str | None) -> str:
    """Names compared without case, a leading "the", dots and extra spaces."""
    text = " ".join((name or "").replace(".", "").replace("’", "'").split()).casefold()
    return text[4:] if text.startswith("the ") else text


def _sentence(text: str) -> str:
    return " ".join(text.split())


SOURCES = {"txt": "seeds", "pdf": "tests/data/seed_formats/pdf", "docx": "tests/data/seed_formats/docx"}


@pytest.fixture(scope="module", params=list(SOURCES), ids=list(SOURCES))
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the seed (as text, PDF or DOCX), ingested through the command line."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'atlas.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "geo", "ingest", SOURCES[request.param], "--db", url],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert "1 ingested, 0 skipped, 0 failed" in done.stderr
    return url


@pytest.fixture(scope="module")
def export(db_url: str) -> Export:
    """The contract's JSON export of that database."""
    done = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--format", "json", "--db", db_url],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    data: Export = json.loads(done.stdout)
    return data


def _places_named(export: Export, text: str) -> list[dict[str, Any]]:
    """The exported places with a mention written ``text``."""
    return [p for p in export["places"] if any(m["text"] == text for m in p["mentions"])]


def _near(place: dict[str, Any], gold: dict[str, Any]) -> bool:
    if place["lat"] is None or place["lon"] is None:
        return False
    return _km(place["lat"], place["lon"], gold["lat"], gold["lon"]) <= CITY_KM


def _matches(place: dict[str, Any], gold: dict[str, Any]) -> bool:
    if "lat" in gold:
        return _near(place, gold)
    return bool(place["country"] == gold["country"])


def _by_id(export: Export, kind: str) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in export[kind]}


def _org_id(export: Export, name: str) -> str | None:
    wanted = _norm(name)
    for org in export["organizations"]:
        if _norm(org["name"]) == wanted or any(_norm(m["text"]) == wanted for m in org["mentions"]):
            return str(org["id"])
    return None


def test_the_document_and_its_metadata(export: Export) -> None:
    [document] = export["documents"]
    assert document["id"] == GOLD["document"]
    assert document["published"] == GOLD["published"]


@pytest.mark.parametrize("gold", GOLD["places"]["required"], ids=lambda g: g["text"])
def test_required_place_is_found_and_placed(export: Export, gold: dict[str, Any]) -> None:
    found = _places_named(export, gold["text"])
    assert found, f"no place with a mention {gold['text']!r}"
    assert any(_matches(p, gold) for p in found), (
        f"{gold['text']!r} placed at {[(p['name'], p['country'], p['lat'], p['lon']) for p in found]}"
    )


@pytest.mark.parametrize(
    "gold", [g for g in GOLD["places"]["required"] if "lat" in g and g.get("kind") != "country"],
    ids=lambda g: g["text"],
)
def test_no_wrong_reading_of_a_city(export: Export, gold: dict[str, Any]) -> None:
    """Every mention of the name is the right place (not Oxford, England; not Washington State ...)."""
    wrong = [p for p in _places_named(export, gold["text"]) if not _near(p, gold)]
    readings = [(p["name"], p["country"], p["admin1"]) for p in wrong]
    assert not wrong, f"{gold['text']!r} also read as {readings}"


def test_no_person_or_place_typed_as_an_organisation(export: Export) -> None:
    """The gold's 'Carmel or Anne-Marie Brady typed as an organisation', and the like."""
    not_orgs = {_norm(g["text"]) for g in GOLD["places"]["required"]}
    for person in GOLD["people"]:
        not_orgs |= {_norm(person["name"]), *(_norm(n) for n in person.get("also_called", ()))}
    typed = [o["name"] for o in export["organizations"] if _norm(o["name"]) in not_orgs]
    assert not typed


@pytest.fixture(scope="module")
def trip(export: Export) -> dict[str, Any]:
    """The exported trip that goes to the gold trip's destinations (the best overlap)."""
    gold = GOLD["trips"][0]
    places = _by_id(export, "places")
    wanted = [g for g in GOLD["places"]["required"] if g["text"] in gold["destinations"]]

    def hits(trip: dict[str, Any]) -> int:
        return sum(any(_matches(places[d], g) for d in trip["destinations"] if d in places) for g in wanted)

    assert export["trips"], "no trip at all"
    best = max(export["trips"], key=hits)
    assert hits(best) > 0, f"no trip to any of {gold['destinations']}"
    return best


def test_trip_destinations(export: Export, trip: dict[str, Any]) -> None:
    places = _by_id(export, "places")
    gold = GOLD["trips"][0]
    for text in gold["destinations"]:
        [g] = [p for p in GOLD["places"]["required"] if p["text"] == text]
        assert any(_matches(places[d], g) for d in trip["destinations"]), (
            f"destination {text!r} missing from {[places[d]['name'] for d in trip['destinations']]}"
        )


def test_trip_origins(export: Export, trip: dict[str, Any]) -> None:
    places = _by_id(export, "places")
    for label in GOLD["trips"][0]["origins"]:  # "Oxford, MS, US"
        name, admin1, country = (part.strip() for part in label.split(","))
        [g] = [p for p in GOLD["places"]["required"] if p["text"] == name]
        assert (g["admin1"], g["country"]) == (admin1, country)
        assert any(_near(places[o], g) for o in trip["origins"]), (
            f"origin {label!r} missing from {[places[o]['name'] for o in trip['origins']]}"
        )


def test_trip_date(trip: dict[str, Any]) -> None:
    gold = GOLD["trips"][0]
    assert (trip["start"] or "").startswith(gold["start"])
    assert gold["date_text"] in trip["date_text"]


def test_trip_organizer_and_program(export: Export, trip: dict[str, Any]) -> None:
    gold = GOLD["trips"][0]
    assert trip["organizer"] is not None
    assert trip["organizer"] == _org_id(export, gold["organizer"])
    programs = _by_id(export, "programs")
    assert trip["program"] in programs
    assert _norm(programs[trip["program"]]["name"]) == _norm(gold["program"])


@pytest.mark.parametrize("sentence", GOLD["trips"][0]["evidence"])
def test_trip_evidence(trip: dict[str, Any], sentence: str) -> None:
    assert _sentence(sentence) in {_sentence(e["sentence"]) for e in trip["evidence"]}


def test_trip_participants_as_written(trip: dict[str, Any]) -> None:
    """'mayors from six American cities (a bipartisan delegation)': the group as written."""
    text = trip["participant_text"].casefold()
    assert "mayors" in text or "delegation" in text


@pytest.mark.parametrize("gold", GOLD["people"], ids=lambda g: g["name"])
def test_person_with_role_and_affiliation(export: Export, gold: dict[str, Any]) -> None:
    [person] = [p for p in export["people"] if _norm(p["name"]) == _norm(gold["name"])] or [None]
    assert person is not None, f"{gold['name']!r} not among {[p['name'] for p in export['people']]}"
    roles = [(r["title"].casefold(), _norm(r["organization"])) for r in person["roles"]]
    wanted = (gold["role"].casefold(), _norm(gold["affiliation"]))
    assert any(wanted[0] == title and wanted[1] in org for title, org in roles), person["roles"]
    for alias in gold.get("also_called", ()):
        assert any(m["text"] == alias for m in person["mentions"]), f"{alias!r} not joined to {gold['name']}"
        assert not [p for p in export["people"] if _norm(p["name"]) == _norm(alias)], f"{alias!r} apart"


@pytest.mark.parametrize("name", GOLD["organizations"])
def test_organisation(export: Export, name: str) -> None:
    base = name.split("(")[0].strip()  # "Chinese Embassy (Washington)": the embassy, in Washington
    names = [_norm(o["name"]) for o in export["organizations"]]
    assert any(_norm(base) in n for n in names), f"{name!r} not among {names}"


@pytest.mark.parametrize("gold", GOLD["programs"], ids=lambda g: g["name"][:30])
def test_program_with_organizer(export: Export, gold: dict[str, Any]) -> None:
    [program] = [p for p in export["programs"] if _norm(p["name"]) == _norm(gold["name"])] or [None]
    assert program is not None, f"not among {[p['name'] for p in export['programs']]}"
    assert program["organizer"] == _org_id(export, gold["organizer"])


@pytest.mark.parametrize("gold", GOLD["dated_events"], ids=lambda g: g["text"])
def test_relative_date_resolved(db_url: str, export: Export, gold: dict[str, Any]) -> None:
    """'last November' -> 2023-11 in a 2024-02-01 article: in the export's trips or the stored dates."""
    in_trips = any(t["date_text"] == gold["text"] and (t["start"] or "").startswith(gold["resolved"])
                   for t in export["trips"])
    with Store(db_url) as store:
        [extraction] = store.load_extractions()
    in_dates = any(
        gold["text"] in d.span.text and d.resolved is not None
        and d.resolved.label().startswith(gold["resolved"])
        for d in extraction.dates
    )
    assert in_trips or in_dates, [(d.span.text, d.resolved) for d in extraction.dates]


def test_offsets_point_into_the_text_as_ingested(db_url: str, export: Export) -> None:
    with Store(db_url) as store:
        [extraction] = store.load_extractions()
    text = extraction.document.text
    [document] = export["documents"]
    assert document["text"] == text  # the export carries the text its offsets point into
    assert (document["author"], document["language"]) == ("Justin DelMonico", "en")
    for kind in ("places", "people", "organizations", "programs"):
        for item in export[kind]:
            for mention in item["mentions"]:
                assert text[mention["start"]:mention["end"]] == mention["text"]
    for trip in export["trips"]:
        for evidence in trip["evidence"]:
            assert text[evidence["start"]:evidence["end"]].strip() == evidence["sentence"].strip()


@pytest.mark.parametrize("sentence", GOLD["not_article_text"])
def test_reader_comments_are_no_evidence(export: Export, sentence: str) -> None:
    evidence = {_sentence(e["sentence"]) for t in export["trips"] for e in t["evidence"]}
    assert _sentence(sentence) not in evidence
