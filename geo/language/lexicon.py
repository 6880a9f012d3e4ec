"""The word lists behind the NLP rules, from ``data/patterns/*.jsonl`` (general data, no article names).

* ``qualifiers.jsonl``: US states (names, postal codes, AP abbreviations such as "Ind."), provinces,
  prefectures and states of China, Japan, Australia and a few other countries (from pycountry), countries
  with their everyday names; one surface form a line.
* ``first_names.jsonl``: common given names (US Census 1990 lists, place and month names removed).
* ``lexicon.jsonl``: honorifics with the title they imply, person titles, organisation head nouns, generic
  building names ("City Hall", "Capitol") that every town has.
* ``programs.jsonl``: program head nouns, naming cues ("called"), organiser cues ("hosted").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.jsonlines import numbered_rows

PATTERNS_DIR = Path(__file__).resolve().parents[2] / "data" / "patterns"


@dataclass(frozen=True, slots=True)
class Qualifier:
    """A state, province or country name that can follow "Town," to say where the town is."""

    text: str
    kind: str  # "admin1" or "country"
    country: str
    name: str  # canonical name of the state or country


@dataclass(frozen=True)
class Lexicon:
    """Every word list the rules use, keyed for O(1) look-ups."""

    qualifiers: dict[str, Qualifier]  # surface form, case-sensitive -> qualifier
    first_names: frozenset[str]
    honorifics: dict[str, str]  # "Gov." -> "governor" ("" for Mr., Ms. ...)
    titles: frozenset[str]  # lower-case, single and multi-word
    title_words: frozenset[str]  # every word of every title
    org_heads: frozenset[str]
    located_org_heads: frozenset[str]  # organisations named with their place: "Embassy in Washington"
    outlet_heads: frozenset[str]
    facility_heads: frozenset[str]
    institution_heads: frozenset[str]  # a "place" with this head is an organisation
    program_heads: dict[str, bool]  # head noun -> may stand without quotes
    naming_cues: frozenset[str]
    organizer_cues: frozenset[str]
    not_program_before: frozenset[str]  # "Stock" in "Stock Exchange": an institution, not a program
    generic_buildings: frozenset[str] = frozenset()  # "City Hall", "the Capitol": no place for the map
    tie_context: frozenset[str] = frozenset()  # "sister city", "twinned": a sentence that ties places
    name_suffixes: frozenset[str] = frozenset()  # "-do" of "Gyeongsangbuk-do", "-gu", "-cho": of the name

    def ties_places(self, sentence: str) -> bool:
        """Whether a sentence tells of a tie between places ("sister city", "twinned with")."""
        lower = sentence.lower()
        return any(word in lower for word in self.tie_context)

    def qualifier(self, text: str) -> Qualifier | None:
        """The state or country that ``text`` names, if any."""
        return self.qualifiers.get(text)


def _rows(path: Path) -> Iterator[dict[str, Any]]:
    return (row for _, row in numbered_rows(path))


def rows_by_kind(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The rows of a pattern file grouped by their ``kind``; each needs a ``kind`` and a ``text``, and a
    row without them is reported with its file."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(path):
        if not isinstance(row.get("kind"), str) or "text" not in row:
            raise ValueError(f"{path}: expected {{\"kind\", \"text\"}}, got: {row!r}")
        out.setdefault(row["kind"], []).append(row)
    return out


@lru_cache(maxsize=4)
def load_lexicon(directory: str = "") -> Lexicon:
    """Read the pattern files once (cached per directory)."""
    base = Path(directory) if directory else PATTERNS_DIR
    qualifiers: dict[str, Qualifier] = {}
    for row in _rows(base / "qualifiers.jsonl"):
        qualifiers.setdefault(row["text"], Qualifier(row["text"], row["kind"], row["country"], row["name"]))
    first_names = frozenset(row["name"] for row in _rows(base / "first_names.jsonl"))
    words: dict[str, list[dict[str, Any]]] = {}
    for name in ("lexicon.jsonl", "programs.jsonl"):
        for row in _rows(base / name):
            words.setdefault(row["kind"], []).append(row)

    def texts(kind: str) -> frozenset[str]:
        return frozenset(row["text"].lower() for row in words.get(kind, ()))

    titles = texts("title")
    return Lexicon(
        qualifiers=qualifiers,
        first_names=first_names,
        honorifics={row["text"]: row.get("title", "") for row in words.get("honorific", ())},
        titles=titles,
        title_words=frozenset(word for title in titles for word in title.split()),
        org_heads=texts("org_head"),
        located_org_heads=texts("located_org_head"),
        outlet_heads=texts("outlet_head"),
        facility_heads=texts("facility_head"),
        institution_heads=texts("institution_head"),
        program_heads={
            row["text"].lower(): bool(row.get("unquoted", True)) for row in words.get("program_head", ())
        },
        naming_cues=texts("naming_cue"),
        organizer_cues=texts("organizer_cue"),
        not_program_before=texts("not_program_before"),
        generic_buildings=texts("generic_building"),
        tie_context=texts("tie_context"),
        name_suffixes=texts("name_suffix"),
    )
