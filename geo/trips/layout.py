"""The article's layout: headline, byline, quotes, reader comments, paragraphs, the dateline."""

from __future__ import annotations

import re
from typing import Any

from geo.models import (
    Sentence,
)
from geo.trips.cues import FIRST_SECOND_PERSON


def _quote_ranges(text: str, offset: int) -> list[tuple[int, int]]:
    """Character ranges (document offsets) of short quoted names in a sentence ("the “X Project”")."""
    ranges: list[tuple[int, int]] = []
    for match in re.finditer(r"[“\"]([^”\"]{1,120})[”\"]", text):
        inner = match.group(1)
        if len(inner.split()) <= 12:
            ranges.append((offset + match.start(), offset + match.end()))
    return ranges


def _is_commentary(sent: Any) -> bool:
    """A reader's remark rather than reported text: first or second person outside quotes, or a question
    (a press release's "welcomed the Mayor of X and his delegation to Y!" is still a report)."""
    text = sent.text.strip()
    if any(q in text for q in "“”\""):
        return False
    if text.endswith("?"):
        return True
    # "US" is the country, not "us"
    return any(t.lower_ in FIRST_SECOND_PERSON and not (t.text.isupper() and len(t.text) > 1) for t in sent)


def _is_headline(sentence: Sentence, doc_text: str, index: int, total: int) -> bool:
    """The first line of a text, when it lacks closing punctuation and more text follows."""
    if index != 0 or total < 2:
        return False
    line_end = doc_text.find("\n", sentence.start)
    if line_end == -1 or line_end > sentence.end + 1:
        return False
    stripped = sentence.text.strip()
    return bool(stripped) and stripped[-1] not in ".!?\"”'’)"


def _front_matter(text: str) -> tuple[int, int] | None:
    """The headline and byline lines that open an article ("Councillors back from X", "By Jo Roe | Outlet"):
    their places and names tell of no journey by themselves, whatever sentence the parser glued them to."""
    lines = text.split("\n")
    if len(lines) < 2:
        return None
    end, offset = 0, 0
    for number, line in enumerate(lines[:4]):
        stripped = line.strip()
        if stripped and (
            (number == 0 and stripped[-1] not in ".!?\"”'’)")
            or (re.match(r"(?:By|From)\s+[A-Z]", stripped) and len(stripped.split()) <= 14)
            or ("|" in stripped and len(stripped.split()) <= 14)
        ):
            end = offset + len(line)
        elif stripped and number > 0:
            break
        offset += len(line) + 1
    return (0, end) if end else None


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Paragraphs: split at blank lines when the text has them, else at line breaks."""
    sep = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(sep, text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


# A dateline opening a line: "ROCHESTER, Minn. —", "MADISON, Wis. (AP) --".
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*)(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"(?: \([A-Za-z]+\))? ?(?:—|–|--|-(?=[A-Z]))",  # "SPOKANE, Wash.-A delegation": the dash glued on
    re.MULTILINE,
)
