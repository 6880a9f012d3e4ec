"""The pure helpers of geo.ui: escaping, links, highlighted sources."""

from __future__ import annotations

import pytest

from geo import ui
from tests.atlas_factory import HOSTILE, SMALL_TEXT_A, small_atlas


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        (" http://example.org ", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert ui.safe_url(url) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tulsa", "Tulsa"),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\]\\(javascript:alert\\(1\\)\\)"),
        ("*bold* _it_", "\\*bold\\* \\_it\\_"),
        ("same text as document 'seed'", "same text as document 'seed'"),  # an apostrophe stays one
        (None, ""),
    ],
)
def test_md_escapes_markdown_and_html(text: str | None, expected: str) -> None:
    assert ui.md(text) == expected


def test_highlight_html_escapes_and_links() -> None:
    text = f"Mayors of {HOSTILE} met in Osaka."
    start = text.index("Osaka")
    marks = [ui.Mark(start, start + 5, "place", "./?place=gn%3A3", "place: Osaka"),
             ui.Mark(10, 10 + len(HOSTILE), "person", 'people?entity="x"', "person: <b>")]
    html = ui.highlight_html(text, marks)
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="./?place=gn%3A3"' in html
    assert 'href="people?entity=&quot;x&quot;"' in html
    assert 'title="person: &lt;b&gt;"' in html


def test_highlight_html_skips_overlaps_and_bad_offsets() -> None:
    text = "New York City Council"
    marks = [ui.Mark(0, 13, "place", "a", "p"), ui.Mark(0, 21, "organization", "b", "o"),
             ui.Mark(4, 8, "place", "c", "p"), ui.Mark(15, 99, "person", "d", "x")]
    html = ui.highlight_html(text, marks)
    assert html.count("<a ") == 1
    assert 'href="b"' in html  # the longest of those starting at the same place


def test_marks_for_link_each_mention_to_its_page_with_the_filters() -> None:
    atlas = small_atlas()
    marks = ui.marks_for(atlas, "doc_a", SMALL_TEXT_A, {"from": "2023-01-01"})
    by_text = {SMALL_TEXT_A[m.start:m.end]: m for m in marks}
    assert by_text["Osaka"].href == "./?from=2023-01-01&place=gn%3A3"
    assert by_text["Dana Ortiz"].href == "people?from=2023-01-01&entity=pe%3Adana-ortiz"
    assert by_text["Prairie Pacific Exchange"].kind == "program"
    assert "Lee Wen" not in by_text  # a mention of another document


def test_sentence_marks_the_mention() -> None:
    assert ui._sentence_html("a <b> c", [(2, 5)]) == "a <mark>&lt;b&gt;</mark> c"
