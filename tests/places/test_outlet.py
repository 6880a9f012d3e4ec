"""The outlet's country read from an article's address, and the namesake it favours (geo/places/outlet.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from geo.models import Resolved
from geo.pipeline import Extractor
from geo.places.outlet import outlet_country
from geo.read.reading import read_document


@pytest.mark.parametrize(("url", "country"), [
    ("https://www.example.gov.uk/2018/10/news", "GB"),
    ("http://example.co.nz/story", "NZ"),
    ("https://news.example.com.au/a", "AU"),
    ("https://www.example.gov/release", "US"),
    ("https://example.com/story", None),
    ("https://example.org/story", None),
    ("https://example.io/story", None),  # a domain used the world over
    ("https://example.tv/story", None),
    ("not a url", None),
    (None, None),
])
def test_the_country_of_an_outlet_is_its_national_domain(url: str | None, country: str | None) -> None:
    assert outlet_country(url) == country


def _resolved(nlp: Any, gazetteer: Any, tmp_path: Path, url: str | None) -> dict[str, str | None]:
    path = tmp_path / "article.txt"
    # invented
    path.write_text("The Mayor of Hereford signed papers linking the two cities on Friday.\n",
                    encoding="utf-8")
    meta = {"published": "2018-10-19", "notes": "INVENTED", **({"url": url} if url else {})}
    path.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    extraction = Extractor(nlp, gazetteer).extract(read_document(path))
    return {p.span.text: p.resolution.place.country for p in extraction.places
            if isinstance(p.resolution, Resolved)}


def test_a_british_outlet_means_the_british_namesake(nlp: Any, gazetteer: Any, tmp_path: Path) -> None:
    # Hereford, Texas and Hereford, England are near-equals; a .gov.uk outlet's story means the English one
    assert _resolved(nlp, gazetteer, tmp_path, "https://www.example.gov.uk/news/mayor")["Hereford"] == "GB"
    assert _resolved(nlp, gazetteer, tmp_path, None)["Hereford"] == "US"  # no address: the US, as before
