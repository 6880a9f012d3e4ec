"""The word lists of data/patterns load, and hold the general data the rules need."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.language.lexicon import load_lexicon


@pytest.mark.parametrize(
    ("text", "kind", "country"),
    [
        ("Ind.", "admin1", "US"),
        ("Minn.", "admin1", "US"),
        ("Miss.", "admin1", "US"),
        ("N.Y.", "admin1", "US"),
        ("Texas", "admin1", "US"),
        ("Hubei", "admin1", "CN"),
        ("Miyagi", "admin1", "JP"),
        ("Queensland", "admin1", "AU"),
        ("America", "country", "US"),
        ("U.S.", "country", "US"),
        ("Taiwan", "country", "TW"),
        ("Japan", "country", "JP"),
    ],
)
def test_qualifiers(text: str, kind: str, country: str) -> None:
    qualifier = load_lexicon().qualifier(text)
    assert qualifier is not None
    assert (qualifier.kind, qualifier.country) == (kind, country)


def test_word_lists() -> None:
    lexicon = load_lexicon()
    assert lexicon.honorifics["Gov."] == "governor"
    assert "executive director" in lexicon.titles
    assert "Linda" in lexicon.first_names
    assert "Paris" not in lexicon.first_names  # place names were taken out of the names list
    assert lexicon.program_heads["project"] is True
    assert "embassy" in lexicon.located_org_heads


def test_bad_pattern_file_names_the_line(tmp_path: Path) -> None:
    for name in ("qualifiers.jsonl", "first_names.jsonl", "lexicon.jsonl", "programs.jsonl"):
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "lexicon.jsonl").write_text(
        '{"kind": "title", "text": "mayor"}\nnot json\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"lexicon.jsonl:2"):
        load_lexicon(str(tmp_path))


def test_a_pattern_row_without_kind_or_text_names_its_file(tmp_path: Path) -> None:
    from geo.language.lexicon import rows_by_kind

    path = tmp_path / "cues.jsonl"
    path.write_text('{"kind": "travel_verbs", "text": "visit"}\n{"kind": "travel_verbs"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues\.jsonl"):
        rows_by_kind(path)
    path.write_text('{"kind": "travel_verbs", "text": "visit"}\n', encoding="utf-8")
    assert [r["text"] for r in rows_by_kind(path)["travel_verbs"]] == ["visit"]
