"""Journeys a signing implies (geo/trips/signings.py), on invented articles through the whole pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.trips.test_trips_patterns import extract, place_names


@pytest.mark.parametrize(("text", "published", "origins", "destinations", "status"), [
    # the signing's place named: "signed in X"
    ("Minsk, Tashkent to be twin cities\n\n"
     "Minsk and Tashkent have signed a twinning agreement.\n"
     "The document was signed in Tashkent on 8 February.\n"
     "The agreement was signed by Minsk Mayor Ivan Petrov and the khokim of Tashkent.\n",
     "2024-02-09", ["Minsk"], ["Tashkent"], "completed"),
    # under a dateline of a town next to one end; the vaguer journey the text tells takes the ends' names
    ("Mandaue, Mosul sign sister-city agreement\n"
     "CEBU, Philippines - Both Mandaue City and Mosul City in Iraq yesterday signed a sister-city pact "
     "during a simple ceremony.\n"
     "Other members of the Iraqi delegation witnessed the signing.\n",
     "2011-12-10", ["Mosul"], ["Mandaue City"], "completed"),
])
def test_a_signing_that_is_the_news_implies_the_visitors_journey(
        nlp: Any, gazetteer: Any, tmp_path: Path, text: str, published: str, origins: list[str],
        destinations: list[str], status: str) -> None:
    extraction = extract(nlp, gazetteer, tmp_path, text, published)
    told = [(place_names(extraction, t.origins), place_names(extraction, t.destinations), t.status)
            for t in extraction.trips]
    assert told == [(origins, destinations, status)]
    assert "sister city" in (extraction.trips[0].program or "")


@pytest.mark.parametrize("text", [
    # an old signing is no news
    "Minsk and Tashkent signed a twinning agreement in Tashkent in 1998.\nThe cities trade in cotton.\n",
    # nowhere known for the signing
    "Minsk and Tashkent have signed a twinning agreement.\nThe cities trade in cotton.\n",
])
def test_no_journey_from_an_old_or_placeless_signing(nlp: Any, gazetteer: Any, tmp_path: Path,
                                                      text: str) -> None:
    assert extract(nlp, gazetteer, tmp_path, text, "2024-02-09").trips == ()
