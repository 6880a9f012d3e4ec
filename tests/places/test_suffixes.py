"""Municipal suffixes: the name splits at its romanised word for town or city, and bad data names its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.places.suffixes import load_suffixes, split_suffix


@pytest.mark.parametrize(
    ("name", "stem", "country"),
    [
        ("Nagaizumi-cho", "Nagaizumi", "JP"),
        ("Songpa-Gu", "Songpa", "KR"),
        ("Changxing-xian", "Changxing", "CN"),
    ],
)
def test_a_suffixed_name_splits_into_its_stem_and_countries(name: str, stem: str, country: str) -> None:
    named = split_suffix(name)
    assert named is not None
    assert named.stem == stem
    assert country in named.countries


@pytest.mark.parametrize("name", ["Kara-Suu", "Knokke-Heist", "to-do", "Ho-Chi", "Nagaizumi"])
def test_other_hyphenated_names_have_no_suffix(name: str) -> None:
    assert split_suffix(name) is None


def test_a_malformed_line_names_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "suffixes.jsonl"
    good = '{"kind": "suffix", "text": "cho", "countries": ["JP"]}'
    path.write_text(f'{good}\n{{"kind": "suffix", "text": "gu"}}\n')
    with pytest.raises(ValueError, match=r"suffixes.jsonl:2: a suffix needs a text and a list of countries"):
        load_suffixes(path)
