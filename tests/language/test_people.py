"""Pure helpers of geo.language.people: surnames joined to full names, articles and possessives trimmed."""

from __future__ import annotations

import pytest
import spacy

from geo.language.people import canonical_people, strip_article


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # (start, text) in text order -> canonical names (all invented)
        ([(0, "Ruth Ames"), (40, "Ames")], ["Ruth Ames", "Ruth Ames"]),
        ([(0, "Ames"), (40, "Ruth Ames")], ["Ruth Ames", "Ruth Ames"]),  # the full name comes later
        ([(0, "Zhou Ming"), (30, "Zhou")], ["Zhou Ming", "Zhou Ming"]),  # family name first
        ([(0, "Mary-Kate Olsen"), (30, "Olsen")], ["Mary-Kate Olsen", "Mary-Kate Olsen"]),
        (
            [(0, "Ann Lee"), (20, "Bob Lee"), (40, "Lee")],
            ["Ann Lee", "Bob Lee", "Ann Lee"],
        ),  # the first named: news gives the story's subject the bare surname, a namesake in full
        ([(0, "Ames")], ["Ames"]),
        ([(0, "Ruth Ames"), (30, "Kerr")], ["Ruth Ames", "Kerr"]),
    ],
)
def test_canonical_people(mentions: list[tuple[int, str]], expected: list[str]) -> None:
    spans = [(start, start + len(text), text) for start, text in mentions]
    names = canonical_people(spans)
    assert [names[(s, e)] for s, e, _ in spans] == expected


OUTLETS = frozenset({"post", "times"})


@pytest.mark.parametrize(
    ("text", "start", "end", "outlets", "expected"),
    [
        ("He met the Ohio Valley Association.", 2, 6, OUTLETS, "Ohio Valley Association"),
        ("A report by The Washington Post said so.", 3, 6, OUTLETS, "The Washington Post"),
        ("He saw The Ohio Valley Association.", 2, 6, OUTLETS, "Ohio Valley Association"),
        ("They flew to The Hague.", 3, 5, frozenset(), "The Hague"),
        ("The Netherlands agreed.", 0, 2, frozenset(), "Netherlands"),
        ("Western Australia's premier came.", 0, 3, frozenset(), "Western Australia"),
        ('He said: "The United States agreed."', 4, 7, frozenset(), "United States"),  # after a quote mark
    ],
)
def test_strip_article(text: str, start: int, end: int, outlets: frozenset[str], expected: str) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    assert strip_article(doc[start:end], outlets).text == expected
