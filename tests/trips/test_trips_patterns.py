"""The trips stage on the patterns of real reporting, each with an invented short article through the whole
per-document pipeline (every text below is INVENTED: real places, made-up people and events)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from geo.models import Extraction, Resolved, TripRecord
from geo.pipeline import Extractor
from geo.read.reading import read_document


def extract(nlp: Any, gazetteer: Any, tmp_path: Path, text: str, published: str) -> Extraction:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    path.with_suffix(".json").write_text(json.dumps({"published": published, "notes": "INVENTED"}),
                                         encoding="utf-8")
    return Extractor(nlp, gazetteer).extract(read_document(path))


def place_names(extraction: Extraction, indices: tuple[int, ...]) -> list[str]:
    """The gazetteer's names of places, without diacritics ("Wŏnju" -> "Wonju")."""
    out = []
    for i in indices:
        res = extraction.places[i].resolution
        name = res.place.name if isinstance(res, Resolved) else extraction.places[i].span.text
        out.append(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode())
    return out


def only_trip(extraction: Extraction) -> TripRecord:
    found = [(place_names(extraction, t.origins), place_names(extraction, t.destinations))
             for t in extraction.trips]
    assert len(extraction.trips) == 1, found
    return extraction.trips[0]


# (what the pattern is, the article, published, origins, destinations, status)
PATTERNS = [
    ("a nationality word tells the travellers' home",
     "MUSCATINE, Iowa - A Chinese delegation toured a soybean farm near Muscatine on Tuesday.\n",
     "2024-09-12", ["China"], ["Muscatine"], "completed"),
    ("travellers abroad, doing something there",
     "Kisumu Governor Peter Anyang and 12 county officials are in China this week to seek investors.\n\n"
     "The delegation attended a trade fair in Changsha on Monday.\n",
     "2024-06-20", ["Kisumu"], ["Changsha"], "completed"),
    ("an office holder's home is the state the story keeps naming",
     "Governor Ellen Marsh wrapped up a week of trade meetings in Seoul on Friday, promoting Oregon wheat "
     "and "
     "Oregon wine.\nOregon exports to Korea rose 12 percent last year.\n",
     "2022-10-22", ["Oregon"], ["Seoul"], "completed"),
    ("a trip to come is planned",
     "Mayor Dana Whitfield of Dayton will lead a delegation to Osaka in August.\n",
     "2024-06-03", ["Dayton"], ["Osaka"], "planned"),
    ("a proposed trip is a planned one",
     "It is proposed that Mayor Dana Whitfield of Dayton should lead a delegation to Osaka next year.\n",
     "2024-06-03", ["Dayton"], ["Osaka"], "planned"),
    ("a place sending people",
     "This week, Shaanxi is sending some 40 students to Minnesota for a month of classes.\n",
     "2024-06-03", ["Shaanxi Sheng"], ["Minnesota"], "ongoing"),
    ("a trip under way is ongoing",
     "A delegation from Busan is visiting Wheeling this week to mark the friendship of the two cities.\n",
     "2017-06-09", ["Busan"], ["Wheeling"], "ongoing"),
    ("a country's cities visited are the destinations",
     "Queensland's trade minister led a mission to India in February. In New Delhi the group met investors, "
     "and in Hyderabad it visited a vaccine plant.\n",
     "2025-03-10", ["Queensland"], ["New Delhi", "Hyderabad"], "completed"),
    ("paying a city a visit",
     "ROANOKE, Va. - A group from Wonju, South Korea, is paying Roanoke a visit this week.\n",
     "2024-05-17", ["Wonju"], ["Roanoke"], "ongoing"),
]


@pytest.mark.parametrize(("pattern", "text", "published", "origins", "destinations", "status"), PATTERNS,
                         ids=[p[0] for p in PATTERNS])
def test_a_pattern_of_real_reporting(nlp: Any, gazetteer: Any, tmp_path: Path, pattern: str, text: str,
                                     published: str, origins: list[str], destinations: list[str],
                                     status: str) -> None:
    extraction = extract(nlp, gazetteer, tmp_path, text, published)
    trip = only_trip(extraction)
    assert place_names(extraction, trip.origins) == origins
    assert place_names(extraction, trip.destinations) == destinations
    assert trip.status == status


def test_a_nationality_home_is_no_place_mention(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    from geo.views.atlas import build_atlas

    text = "MUSCATINE, Iowa - A Chinese delegation toured a soybean farm near Muscatine on Tuesday.\n"
    atlas = build_atlas([extract(nlp, gazetteer, tmp_path, text, "2024-09-12")])
    china = next(p for p in atlas.places if p.country == "CN")
    assert china.mentions == ()
    assert china.id in atlas.trips[0].origins


def test_participants_listed_with_the_delegation_and_who_leads_it(nlp: Any, gazetteer: Any,
                                                                  tmp_path: Path) -> None:
    text = ("A delegation from Fort Worth led by Mike Hollis left for Toluca on Monday.\n"
            "The delegation includes Doug Harmon, Irene Castle and Manny Reeves.\n")
    extraction = extract(nlp, gazetteer, tmp_path, text, "2013-04-17")
    trip = only_trip(extraction)
    assert set(trip.participants) >= {"Mike Hollis", "Doug Harmon", "Irene Castle", "Manny Reeves"}
    assert dict(trip.participant_roles)["Mike Hollis"] == "head of delegation"


@pytest.mark.parametrize(("text", "organizer"), [
    ("At the invitation of the Shaanxi Foreign Affairs Office, a delegation from Minnesota visited Xi'an "
     "on Tuesday.\n", "Shaanxi Foreign Affairs Office"),
    ("The Michigan Economic Development Corp. will lead the trade trip to Shanghai next week.\n",
     "Michigan Economic Development Corp."),
    ("A delegation led by Jennifer Walsh, president of the Tucson Sister Cities Association, visited Trikala "
     "last week.\n", "Tucson Sister Cities Association"),
    # an official journey with no other organiser named is its home government's
    ("A delegation from Invercargill visited Suqian last month. The Invercargill City Council paid for the "
     "flights.\n", "Invercargill City Council"),
])
def test_who_organised_the_trip(nlp: Any, gazetteer: Any, tmp_path: Path, text: str, organizer: str) -> None:
    extraction = extract(nlp, gazetteer, tmp_path, text, "2024-04-20")
    assert only_trip(extraction).organizer == organizer


def test_an_undated_trip_under_way_is_dated_by_the_article(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    text = "A delegation from Busan is visiting Wheeling to mark the friendship of the two cities.\n"
    trip = only_trip(extract(nlp, gazetteer, tmp_path, text, "2017-06-09"))
    assert trip.status == "ongoing"
    assert trip.date is not None
    assert trip.date.label() == "2017-06"


@pytest.mark.parametrize(("text", "place"), [
    ("Visitors mark a bond\n\nSPOKANE, Wash.-A delegation of 14 arrived.", "SPOKANE"),  # the dash glued on
    ("ROCHESTER, Minn. — The city hosted a delegation.", "ROCHESTER"),
    ("MADISON, Wis. (AP) -- Officials left for Japan.", "MADISON"),
])
def test_a_dateline_below_a_headline_is_read(text: str, place: str) -> None:
    from geo.trips.layout import _DATELINE

    found = _DATELINE.search(text)
    assert found is not None
    assert found.group(1) == place
