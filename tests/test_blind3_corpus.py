"""Third blind held-out corpus: 10 invented articles annotated without seeing the extraction code
nor the earlier blind sets.

Same measurement and floors as tests/test_blind_corpus.py, on tests/data/blind3 and its gold.json.
Run with -s to see the figures and every miss.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.test_blind_corpus import check_corpus

BLIND3 = Path(__file__).parent / "data" / "blind3"
GOLD3 = json.loads((BLIND3 / "gold.json").read_text(encoding="utf-8"))["documents"]


def test_blind3_corpus(nlp: Any, gazetteer: Any) -> None:
    """The pipeline meets the floors on the third blind held-out set."""
    check_corpus(BLIND3, GOLD3, "Blind corpus 3", nlp, gazetteer)
