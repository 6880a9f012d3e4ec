"""Filters read from the URL and applied to an atlas."""

from __future__ import annotations

from datetime import date

import pytest

from geo.views.filters import Filters, apply, date_range, from_query_params, to_query_params
from tests.atlas_factory import small_atlas, synthetic_atlas


@pytest.mark.parametrize(
    ("params", "expected", "problem"),
    [
        ({}, Filters(), None),
        ({"program": "Prairie Pacific Exchange"}, Filters(program="Prairie Pacific Exchange"), None),
        ({"program": ["pr:ppe", "other"]}, Filters(program="pr:ppe"), None),
        ({"from": "2024-03-01"}, Filters(start=date(2024, 3, 1)), None),
        ({"to": "2024-03"}, Filters(end=date(2024, 3, 31)), None),
        ({"from": "2023"}, Filters(start=date(2023, 1, 1)), None),
        ({"from": "2024-02-30"}, Filters(), "from"),
        ({"from": "yesterday"}, Filters(), "from"),
        ({"from": "2024-05-01", "to": "2024-01-01"}, Filters(), "after"),
        ({"country": "cn"}, Filters(country="CN"), None),
        ({"country": "China!"}, Filters(), "country"),
        ({"type": "Organisation"}, Filters(entity_type="organization"), None),
        ({"type": "<script>"}, Filters(), "type"),
        ({"org": "Heartland Friendship Council"}, Filters(organization="Heartland Friendship Council"), None),
        ({"person": "   "}, Filters(), None),
        ({"program": "x" * 400}, Filters(), "longer"),
    ],
)
def test_from_query_params(params: dict[str, str], expected: Filters, problem: str | None) -> None:
    filters = from_query_params(params)
    assert filters == expected
    if problem is None:
        assert filters.problems == ()
    else:
        assert len(filters.problems) == 1
        assert problem in filters.problems[0]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(program="Prairie Pacific Exchange", start=date(2023, 1, 1), end=date(2023, 12, 31)),
        Filters(organization="or:hfc", person="Lee Wen", country="TW", entity_type="trip"),
    ],
)
def test_query_params_round_trip(filters: Filters) -> None:
    assert from_query_params(to_query_params(filters)) == filters


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", (date(2023, 1, 1), date(2023, 12, 31))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2024-02-03", (date(2024, 2, 3), date(2024, 2, 3))),
        ("2024-13", None),
        ("03/02/2024", None),
    ],
)
def test_date_range(text: str, expected: tuple[date, date] | None) -> None:
    assert date_range(text) == expected


def _names(atlas_ids: tuple[str, ...]) -> set[str]:
    return set(atlas_ids)


@pytest.mark.parametrize(
    ("filters", "places", "trips", "documents"),
    [
        (Filters(), {"gn:1", "gn:2", "gn:3", "gn:4", "gn:5", "gn:6", "pl:nowhere"}, {"tr:one", "tr:two"},
         {"doc_a", "doc_b"}),
        # nothing was published or travelled after the end of 2025
        (Filters(start=date(2026, 3, 1)), set(), set(), set()),
        # the 2023 trip and the article published in April 2023
        (Filters(start=date(2023, 3, 1), end=date(2023, 4, 30)),
         {"gn:1", "gn:2", "gn:3", "gn:4", "gn:6", "pl:nowhere"}, {"tr:one"}, {"doc_a"}),
        # the trip of 2025 overlaps a range that starts inside it; its article of 2024 is its source
        (Filters(start=date(2025, 6, 1)), {"gn:5", "gn:2"}, {"tr:two"}, {"doc_b"}),
        # a program keeps the places of its trips (and of its own sentences), not every place of its article
        (Filters(program="prairie pacific exchange"), {"gn:1", "gn:2", "gn:3", "gn:4"}, {"tr:one"},
         {"doc_a"}),
        (Filters(program="pr:ppe"), {"gn:1", "gn:2", "gn:3", "gn:4"}, {"tr:one"}, {"doc_a"}),
        (Filters(program="No Such Program"), set(), set(), set()),
        # the organiser of the program stands behind its trips
        (Filters(organization="Heartland Friendship Council"), {"gn:1", "gn:2", "gn:3", "gn:4"}, {"tr:one"},
         {"doc_a"}),
        (Filters(person="Lee Wen"), {"gn:5", "gn:2"}, {"tr:two"}, {"doc_b"}),
        (Filters(country="TW"), {"gn:5", "gn:2"}, {"tr:two"}, {"doc_b"}),
        (Filters(country="JP"), {"gn:1", "gn:2", "gn:3", "gn:4"}, {"tr:one"}, {"doc_a"}),
        (Filters(entity_type="trip"), {"gn:1", "gn:2", "gn:3", "gn:4", "gn:5"}, {"tr:one", "tr:two"},
         {"doc_a", "doc_b"}),
        (Filters(entity_type="place"), {"gn:1", "gn:2", "gn:3", "gn:4", "gn:5", "gn:6", "pl:nowhere"}, set(),
         {"doc_a", "doc_b"}),
        (Filters(entity_type="person"), {"gn:5", "gn:2"}, set(), {"doc_a", "doc_b"}),
    ],
)
def test_apply(filters: Filters, places: set[str], trips: set[str], documents: set[str]) -> None:
    kept = apply(small_atlas(), filters)
    assert {p.id for p in kept.places} == places
    assert {t.id for t in kept.trips} == trips
    assert {d.id for d in kept.documents} == documents


@pytest.mark.parametrize(
    ("filters", "people", "organizations", "programs"),
    [
        (Filters(), {"pe:dana-ortiz", "pe:lee-wen"}, {"or:hfc"}, {"pr:ppe"}),
        (Filters(entity_type="organization"), set(), {"or:hfc"}, set()),
        (Filters(person="pe:lee-wen"), {"pe:lee-wen"}, set(), set()),
        (Filters(start=date(2024, 1, 1)), {"pe:lee-wen"}, set(), set()),
    ],
)
def test_apply_entities(
    filters: Filters, people: set[str], organizations: set[str], programs: set[str]
) -> None:
    kept = apply(small_atlas(), filters)
    assert {p.id for p in kept.people} == people
    assert {o.id for o in kept.organizations} == organizations
    assert {p.id for p in kept.programs} == programs


def test_apply_keeps_mentions_of_kept_documents_only() -> None:
    kept = apply(small_atlas(), Filters(person="Lee Wen"))
    boise = next(p for p in kept.places if p.id == "gn:2")
    assert {m.document for m in boise.mentions} == {"doc_b"}


def test_apply_on_a_large_atlas_keeps_a_consistent_subset() -> None:
    atlas = synthetic_atlas(documents=300, places=400)
    kept = apply(atlas, Filters(start=date(2020, 1, 1), end=date(2020, 12, 31), country="JP"))
    assert kept.trips
    place_ids = {p.id for p in kept.places}
    for trip in kept.trips:
        assert set(trip.origins + trip.destinations) <= place_ids
        assert (trip.start or "").startswith("2020")


# --- ties ----------------------------------------------------------------------------------------------

from geo.views.filters import (  # noqa: E402
    TieFilters,
    select_ties,
    tie_filters_from_query_params,
    tie_filters_to_query_params,
    tie_rows,
    ties_of,
)
from tests.atlas_factory import tied_atlas  # noqa: E402


@pytest.mark.parametrize(
    ("params", "expected", "problem"),
    [
        ({}, TieFilters(), None),
        ({"tie_status": "ended", "tie_country": "cn", "tie_kind": "sister city"},
         TieFilters(country="CN", status="ended", kind="sister city"), None),
        ({"tie_kind": "Sister-City"}, TieFilters(kind="sister city"), None),
        ({"tie_from": "1990", "tie_to": "2005"}, TieFilters(year_from=1990, year_to=2005), None),
        ({"tie_status": "over"}, TieFilters(), "tie_status"),
        ({"tie_kind": "cousin city"}, TieFilters(), "tie_kind"),
        ({"tie_country": "China"}, TieFilters(), "tie_country"),
        ({"tie_from": "199"}, TieFilters(), "tie_from"),
        ({"tie_from": "2010", "tie_to": "2000"}, TieFilters(), "tie_from and tie_to"),
    ],
)
def test_tie_filters_from_the_url(params: dict[str, str], expected: TieFilters, problem: str | None) -> None:
    got = tie_filters_from_query_params(params)
    assert got == expected
    if problem is None:
        assert got.problems == ()
        assert tie_filters_from_query_params(tie_filters_to_query_params(got)) == got
    else:
        assert any(problem in p for p in got.problems), got.problems


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (TieFilters(), {"ti:tulsa-osaka", "ti:boise-kaohsiung", "ti:boise-kobe"}),
        (TieFilters(status="ended"), {"ti:boise-kaohsiung"}),
        (TieFilters(kind="sister city"), {"ti:tulsa-osaka"}),
        (TieFilters(country="TW"), {"ti:boise-kaohsiung"}),
        (TieFilters(country="US"), {"ti:tulsa-osaka", "ti:boise-kaohsiung", "ti:boise-kobe"}),
        (TieFilters(country="JP", status="active"), {"ti:tulsa-osaka"}),
        # the years a tie lasted: 1990 on; 2001 to 2020; unknown (open on both sides)
        (TieFilters(year_to=1995), {"ti:tulsa-osaka", "ti:boise-kobe"}),
        (TieFilters(year_from=2021), {"ti:tulsa-osaka", "ti:boise-kobe"}),
        (TieFilters(year_from=2005, year_to=2010), {"ti:tulsa-osaka", "ti:boise-kaohsiung", "ti:boise-kobe"}),
        (TieFilters(year_to=1989), {"ti:boise-kobe"}),
    ],
)
def test_select_ties(filters: TieFilters, expected: set[str]) -> None:
    assert {t.id for t in select_ties(tied_atlas(), filters)} == expected


def test_tie_rows_name_both_places_and_their_countries() -> None:
    atlas = tied_atlas()
    rows = tie_rows(atlas, select_ties(atlas, TieFilters(status="ended")))
    assert rows == [{"place A": "Boise", "country A": "US", "place B": "Kaohsiung", "country B": "TW",
                     "kind": "friendship city", "status": "ended", "since": "2001", "until": "2020",
                     "sources": 1, "trips": 1, "id": "ti:boise-kaohsiung"}]


def test_a_place_knows_its_ties() -> None:
    assert {t.id for t in ties_of(tied_atlas(), "gn:2")} == {"ti:boise-kaohsiung", "ti:boise-kobe"}
    assert ties_of(tied_atlas(), "gn:6") == ()


def test_keeping_one_tie_keeps_its_places_trips_and_sources() -> None:
    kept = apply(tied_atlas(), Filters(tie="ti:boise-kaohsiung"))
    assert [t.id for t in kept.ties] == ["ti:boise-kaohsiung"]
    assert [t.id for t in kept.trips] == ["tr:two"]
    assert {p.id for p in kept.places} == {"gn:2", "gn:5"}
    assert [d.id for d in kept.documents] == ["doc_b"]
    assert apply(tied_atlas(), Filters(tie="ti:nope")).places == ()
    assert from_query_params({"tie": "ti:boise-kobe"}).tie == "ti:boise-kobe"
    assert to_query_params(Filters(tie="ti:boise-kobe")) == {"tie": "ti:boise-kobe"}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(country="TW"), {"ti:boise-kaohsiung"}),
        (Filters(program="pr:ppe"), {"ti:tulsa-osaka"}),
        (Filters(start=date(2021, 1, 1), end=date(2021, 12, 31)), {"ti:tulsa-osaka", "ti:boise-kobe"}),
        # ended in 2020, but a trip of 2025 is kept: the tie it was made under is part of the view
        (Filters(start=date(2025, 1, 1)), {"ti:tulsa-osaka", "ti:boise-kaohsiung", "ti:boise-kobe"}),
        (Filters(entity_type="person"), set()),
    ],
)
def test_sidebar_filters_keep_the_ties_of_the_view(filters: Filters, expected: set[str]) -> None:
    kept = apply(tied_atlas(), filters)
    assert {t.id for t in kept.ties} == expected
    # a kept tie can be drawn: both its places are in the view
    assert all(set(t.places) <= {p.id for p in kept.places} for t in kept.ties)


# --- full-text search (?q=) ------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "expected", "problem"), [
    ({"q": '"sister city" AND Wuhan'}, Filters(q='"sister city" AND Wuhan'), None),
    ({"q": "  Osaka  "}, Filters(q="Osaka"), None),
    ({"q": '"sister city'}, Filters(), "ignored search: a quote is not closed"),
    ({"q": "NOT Osaka"}, Filters(), "ignored search: NOT needs something before it"),
])
def test_search_in_the_url(params: dict[str, str], expected: Filters, problem: str | None) -> None:
    filters = from_query_params(params)
    assert filters == expected
    assert [p[:len(problem)] for p in filters.problems] == ([problem] if problem else [])
    if problem is None:
        assert from_query_params(to_query_params(filters)) == filters


def test_a_search_keeps_the_matching_articles_and_what_they_mention() -> None:
    shown = apply(small_atlas(), Filters(q="Kaohsiung"), matches={"doc_b"})
    assert [d.id for d in shown.documents] == ["doc_b"]
    assert [t.id for t in shown.trips] == ["tr:two"]
    assert sorted(p.name for p in shown.places) == ["Boise", "Kaohsiung"]
    boise = next(p for p in shown.places if p.name == "Boise")
    assert [m.document for m in boise.mentions] == ["doc_b"]  # only its mentions in what matched
    assert [p.name for p in shown.people] == ["Lee Wen"]
    assert shown.organizations == shown.programs == ()


def test_a_search_combines_with_the_other_filters() -> None:
    both = {"doc_a", "doc_b"}
    assert [t.id for t in apply(small_atlas(), Filters(q="Boise", country="JP"), both).trips] == ["tr:one"]
    assert apply(small_atlas(), Filters(q="Boise"), matches=set()) == apply(small_atlas(), Filters(q="x"), [])
    assert apply(small_atlas(), Filters(q="nothing"), matches=set()).documents == ()


def test_a_search_without_its_matches_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="needs the documents that match it"):
        apply(small_atlas(), Filters(q="Osaka"))
