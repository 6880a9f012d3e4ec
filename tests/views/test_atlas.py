"""The atlas: cross-document merging, stable ids, the contract's JSON shape."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from geo.models import DateRange
from geo.views.atlas import atlas_to_dict, build_atlas, entity_id, slug
from tests.extraction_factory import (
    LAKEVIEW,
    PINEFORD,
    RIVERMOUTH,
    Article,
    Trip,
    article_one,
    article_two,
    build,
    corpus,
    lookup,
)


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        ("organization", "The Delta Council", "Delta Council"),
        ("organization", "U.S. Delta Council", "U.S Delta Council"),
        ("organization", "U.S. Delta Council", "US Delta Council"),
        ("organization", "the delta  council", "Delta Council"),
        ("person", "José Núñez", "Jose Nunez"),
        ("person", "Dr. Ada Ruiz", "Ada Ruiz"),
        ("program", "People’s Exchange", "Peoples Exchange"),
        ("program", "Sister-City Pact", "Sister City Pact"),
        ("organization", "Arts & Crafts Guild", "Arts and Crafts Guild"),
    ],
)
def test_names_that_differ_only_in_form_get_one_id(kind: str, a: str, b: str) -> None:
    assert entity_id(kind, a) == entity_id(kind, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Delta Council", "Delta County Council"), ("Ada Ruiz", "Ada Ruis"), ("The", "Theodore")],
)
def test_different_names_keep_different_ids(a: str, b: str) -> None:
    assert entity_id("person", a) != entity_id("person", b)


def test_slug_is_ascii_words() -> None:
    assert slug("The Zürich–Ōsaka “Friendship” Fund!") == "zurich-osaka-friendship-fund"


def test_entities_named_in_several_articles_are_one() -> None:
    atlas = build_atlas(corpus(), lookup=lookup)
    council = [o for o in atlas.organizations if o.id == "or:friends-of-the-delta-council"]
    assert len(council) == 1
    assert {m.document for m in council[0].mentions} == {"inv_one", "inv_two"}
    us_council = next(o for o in atlas.organizations if o.id == "or:us-delta-council")
    assert {m.text for m in us_council.mentions} == {"U.S Delta Council", "The U.S. Delta Council"}
    ruiz = next(p for p in atlas.people if p.id == "pe:ada-ruiz")
    assert {m.text for m in ruiz.mentions} == {"Ada Ruiz", "Ruiz"}  # surname joined by the NLP step
    assert {m.document for m in ruiz.mentions} == {"inv_one", "inv_two"}
    assert ruiz.roles[0].title == "director"


def test_places_merge_by_geonameid_with_candidates_and_confidence() -> None:
    atlas = build_atlas(corpus(), lookup=lookup)
    places = {p.id: p for p in atlas.places}
    river = places[f"gn:{RIVERMOUTH.geonameid}"]
    assert {m.document for m in river.mentions} == {"inv_one", "inv_two", "inv_three"}
    assert (river.lat, river.lon, river.country) == (RIVERMOUTH.lat, RIVERMOUTH.lon, "CN")
    assert river.confidence == pytest.approx(RIVERMOUTH.score)
    lake = places[f"gn:{LAKEVIEW.geonameid}"]
    assert {c.admin1 for c in lake.candidates} == {"IL", "OR"}  # the alternative is kept for review
    unresolved = places["pl:zanthia"]
    assert (unresolved.lat, unresolved.lon, unresolved.confidence) == (None, None, 0.0)


def test_the_same_trip_told_twice_is_one_trip_with_both_sources() -> None:
    atlas = build_atlas(corpus(), lookup=lookup)
    assert len(atlas.trips) == 2
    merged = next(t for t in atlas.trips if len(t.documents) == 2)
    assert merged.documents == ("inv_one", "inv_two")
    assert {e.document for e in merged.evidence} == {"inv_one", "inv_two"}
    assert merged.origins == (f"gn:{LAKEVIEW.geonameid}", f"gn:{PINEFORD.geonameid}")
    assert merged.destinations[-1] == f"gn:{RIVERMOUTH.geonameid}"
    assert (merged.start, merged.end) == ("2023-11-12", "2023-11-12")  # the more precise date
    assert merged.program == "pr:twin-rivers-exchange"
    assert merged.organizer == "or:friends-of-the-delta-council"
    assert merged.participants == ("pe:ada-ruiz",)
    other = next(t for t in atlas.trips if t is not merged)
    assert (other.start, other.end, other.documents) == ("2025-03", "2025-03", ("inv_three",))


def _second_telling(**changes: object) -> Article:
    base = Article(
        id="inv_retold",
        sentences=("The Pineford mayor went to Rivermouth.", "Nobody else came to Lakeview."),
        places={"Pineford": PINEFORD, "Rivermouth": RIVERMOUTH, "Lakeview": LAKEVIEW},
        trips=(Trip(origins=("Pineford",), destinations=("Rivermouth",),
                    date=DateRange("2023-11-10", "2023-11-20", "day")),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("trip", "merged"),
    [
        (Trip(origins=("Pineford",), destinations=("Rivermouth",)), True),  # no date: may be the same
        (Trip(origins=("Pineford",), destinations=("Rivermouth",),
              date=DateRange("2023-11-10", "2023-11-20", "day")), True),
        (Trip(origins=("Pineford",), destinations=("Rivermouth",),
              date=DateRange("2024-05-01", "2024-05-31", "month")), False),  # another time
        (Trip(origins=("Pineford",), destinations=("Lakeview",)), False),  # another destination
        (Trip(origins=(), destinations=("Rivermouth",)), False),  # nothing shared but the place
    ],
)
def test_when_two_tellings_are_one_trip(trip: Trip, merged: bool) -> None:
    extractions = [build(article_one()), build(_second_telling(trips=(trip,)))]
    atlas = build_atlas(extractions, lookup=lookup)
    assert len(atlas.trips) == (1 if merged else 2)


def test_ids_are_stable_across_runs_and_order() -> None:
    first = atlas_to_dict(build_atlas(corpus(), lookup=lookup))
    again = atlas_to_dict(build_atlas(list(reversed(corpus())), lookup=lookup))
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    # a new article about something else leaves the old ids alone
    only_one = atlas_to_dict(build_atlas([build(article_one())], lookup=lookup))
    with_two = atlas_to_dict(build_atlas([build(article_one()), build(article_two())], lookup=lookup))
    assert {p["id"] for p in only_one["places"]} <= {p["id"] for p in with_two["places"]}
    assert {p["id"] for p in only_one["programs"]} == {p["id"] for p in with_two["programs"]}


def test_json_documents_carry_their_text_and_every_offset_points_into_it() -> None:
    """Outside the project, the offsets are of use only with the text they point into (issue 13)."""
    data = atlas_to_dict(build_atlas(corpus(), lookup=lookup))
    texts = {d["id"]: d["text"] for d in data["documents"]}
    assert all(texts.values())
    assert all({"author", "language", "text"} <= set(d) for d in data["documents"])
    mentions = [m for kind in ("places", "people", "organizations", "programs") for item in data[kind]
                for m in item["mentions"]]
    assert mentions
    for mention in mentions:
        assert texts[mention["document"]][mention["start"]:mention["end"]] == mention["text"]
    for trip in data["trips"]:
        for evidence in trip["evidence"]:
            assert texts[evidence["document"]][evidence["start"]:evidence["end"]].strip() == (
                evidence["sentence"].strip()
            )


def test_json_follows_the_contract() -> None:
    data = atlas_to_dict(build_atlas(corpus(), lookup=lookup))
    assert set(data) == {"documents", "places", "people", "organizations", "programs", "trips", "ties"}
    assert {"id", "title", "outlet", "published", "url", "path"} <= set(data["documents"][0])
    assert {"id", "name", "kind", "country", "admin1", "lat", "lon", "geonameid", "confidence",
            "mentions"} <= set(data["places"][0])
    assert set(data["places"][0]["mentions"][0]) == {"document", "text", "start", "end", "sentence"}
    assert {"id", "name", "roles", "mentions"} <= set(data["people"][0])
    assert {"id", "name", "organizer", "mentions"} <= set(data["programs"][0])
    assert {"id", "origins", "destinations", "start", "end", "date_text", "organizer", "program",
            "participants", "participant_text", "documents", "evidence", "status",
            "kind"} <= set(data["trips"][0])
    assert {t["status"] for t in data["trips"]} <= {"completed", "ongoing", "planned", "cancelled"}
    assert {t["kind"] for t in data["trips"]} <= {"delegation", "official_visit", "trade_mission", "exchange",
                                                  "conference", "other"}
    ids = {d["id"] for k in ("places", "people", "organizations", "programs") for d in data[k]}
    for trip in data["trips"]:
        assert trip["id"].startswith("tr:")
        assert set(trip["origins"]) | set(trip["destinations"]) | set(trip["participants"]) <= ids
        assert {trip["organizer"], trip["program"]} - {None} <= ids
    for program in data["programs"]:
        assert program["organizer"] is None or program["organizer"] in ids
    json.dumps(data)  # serialisable as is


def test_mentions_point_into_the_text() -> None:
    extractions = corpus()
    texts = {e.document.id: e.document.text for e in extractions}
    atlas = build_atlas(extractions, lookup=lookup)
    for place in atlas.places:
        for m in place.mentions:
            assert texts[m.document][m.start:m.end] == m.text


def test_empty_input_gives_an_empty_atlas() -> None:
    assert atlas_to_dict(build_atlas([])) == {k: [] for k in ("documents", "places", "people",
                                                             "organizations", "programs", "trips", "ties")}
