"""Second blind held-out corpus: 10 invented articles annotated without seeing the extraction code
nor the first blind set (tests/data/blind).

Same measurement and floors as tests/test_blind_corpus.py, on tests/data/blind2 and its gold.json.
Run with -s to see the figures and every miss.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.test_blind_corpus import check_corpus

BLIND2 = Path(__file__).parent / "data" / "blind2"
GOLD2 = json.loads((BLIND2 / "gold.json").read_text(encoding="utf-8"))["documents"]


def test_blind2_corpus(nlp: Any, gazetteer: Any) -> None:
    """The pipeline meets the floors on the second blind held-out set."""
    check_corpus(BLIND2, GOLD2, "Blind corpus 2", nlp, gazetteer)
