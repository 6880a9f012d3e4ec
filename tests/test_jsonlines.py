"""The JSON-lines reader of the data files: rows with their line numbers, a bad line named."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.jsonlines import numbered_rows


def test_rows_come_with_their_line_numbers_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "words.jsonl"
    path.write_text('{"kind": "a", "text": "x"}\n\n{"kind": "b", "text": "y"}\n', encoding="utf-8")
    assert list(numbered_rows(path)) == [(1, {"kind": "a", "text": "x"}), (3, {"kind": "b", "text": "y"})]


@pytest.mark.parametrize(("line", "problem"), [
    ("{not json", "not JSON"),
    ('["a list"]', "expected an object"),
])
def test_a_bad_line_is_named_by_file_and_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "words.jsonl"
    path.write_text('{"kind": "a", "text": "x"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=rf"words\.jsonl:2: {problem}"):
        list(numbered_rows(path))
