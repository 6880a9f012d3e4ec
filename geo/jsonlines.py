"""The project's JSON-lines data files (``data/patterns/*.jsonl``): one object a line, blank lines skipped,
a bad line named by its file and line number."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def numbered_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each line's number and object; ``ValueError`` names the file and line of one that is not JSON or
    not an object."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON: {line.strip()!r}") from error
            if not isinstance(row, dict):
                raise ValueError(f"{path}:{number}: expected an object, got: {line.strip()!r}")
            yield number, row
