"""Write the sidecars of the real development corpus and check its texts (tests/data/real/README.md).

The texts are third-party and git-ignored; each must be saved by hand as the README says. This writes
``texts/ID.json`` (title, outlet, published, url) from ``sources_*.jsonl`` and reports every text that is
missing or differs from the recorded sha256. Exit status 1 when any does.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "data" / "real"
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def main() -> int:
    texts = ROOT / "texts"
    texts.mkdir(exist_ok=True)
    bad = 0
    rows = [json.loads(line) for path in sorted(ROOT.glob("sources_*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        text = texts / f"{row['id']}.txt"
        if not text.is_file():
            print(f"missing: {text} (query {row['query']!r}, url {row['url']})")
            bad += 1
            continue
        if hashlib.sha256(text.read_bytes()).hexdigest() != row["sha256"]:
            print(f"differs from its sha256: {text}")
            bad += 1
        published = row.get("published")
        meta = {"title": row.get("title"), "outlet": row.get("outlet"), "url": row["url"],
                "published": published if published and _DATE.match(published) else None,
                "notes": "REAL third-party article of the development corpus: never commit this text."}
        text.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
    print(f"{len(rows)} sources, {len(rows) - bad} texts in place")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
