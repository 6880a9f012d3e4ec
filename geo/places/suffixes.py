"""Romanised municipal suffixes: "Nagaizumi-cho", "Yokote-shi", "Suwon-si", "Changxing-xian".

A place name of Japan, Korea or China is often written with the word for town, city or county glued to it
by a hyphen. The gazetteer knows the place by its stem ("Nagaizumi"), and the suffix says in which
countries to look. The suffixes are data: ``data/patterns/municipal_suffixes.jsonl``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.jsonlines import numbered_rows

SUFFIXES_FILE = Path(__file__).resolve().parents[2] / "data" / "patterns" / "municipal_suffixes.jsonl"


@dataclass(frozen=True, slots=True)
class Suffixed:
    """A name split at its municipal suffix: "Nagaizumi-cho" -> stem "Nagaizumi", countries ("JP",)."""

    stem: str
    suffix: str
    countries: tuple[str, ...]


@lru_cache(maxsize=2)
def load_suffixes(path: Path = SUFFIXES_FILE) -> dict[str, tuple[str, ...]]:
    """Suffix (lower case) -> the countries whose places it ends; a malformed line names its file and line."""
    out: dict[str, tuple[str, ...]] = {}
    for number, row in numbered_rows(path):
        if row.get("kind") not in ("about", "suffix"):
            raise ValueError(f"{path}:{number}: expected a kind 'suffix' or 'about': {row!r}")
        if row["kind"] == "suffix":
            countries = row.get("countries")
            if not isinstance(row.get("text"), str) or not isinstance(countries, list) or not countries:
                raise ValueError(f"{path}:{number}: a suffix needs a text and a list of countries")
            out[row["text"].lower()] = tuple(str(c) for c in countries)
    return out


@lru_cache(maxsize=1)
def suffix_pattern() -> re.Pattern[str]:
    """A capitalised name (one or two words) with a municipal suffix glued on by a hyphen."""
    words = "|".join(sorted((re.escape(s) for s in load_suffixes()), key=len, reverse=True))
    return re.compile(rf"\b([A-Z][a-z]{{2,}}(?:[- ][A-Z][a-z]+)?)-((?i:{words}))\b(?![-’'\w])")


def split_suffix(name: str) -> Suffixed | None:
    """``name`` split at its municipal suffix, or None when it has none."""
    match = suffix_pattern().fullmatch(name.strip())
    if not match:
        return None
    return Suffixed(match.group(1), match.group(2), load_suffixes()[match.group(2).lower()])
