"""Pure helpers of geo.language.programs: one key for the spellings of one name, the most complete
spelling wins."""

from __future__ import annotations

import pytest

from geo.language.programs import canonical_key, canonical_names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("U.S Midwest Trade Association", "the U.S. Midwest Trade Association"),
        ("Ohio-Yellow River Exchange", "Ohio Yellow River Exchange"),
        ("The Prairie Council", "prairie council"),
    ],
)
def test_spellings_share_a_key(a: str, b: str) -> None:
    assert canonical_key(a) == canonical_key(b)


def test_different_names_have_different_keys() -> None:
    assert canonical_key("Prairie Council") != canonical_key("Prairie Club")


def test_most_complete_spelling_wins() -> None:
    names = canonical_names(
        ["U.S Midwest Trade Association", "U.S. Midwest Trade Association", "Prairie Club"]
    )
    assert names == {
        canonical_key("U.S. Midwest Trade Association"): "U.S. Midwest Trade Association",
        canonical_key("Prairie Club"): "Prairie Club",
    }
