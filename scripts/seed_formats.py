"""Print the seed article to PDF (Chromium, default header and footer) and convert it to DOCX (pandoc).

    .venv/bin/python scripts/seed_formats.py [OUT_DIR]

Writes ``OUT_DIR/pdf/NAME.pdf`` and ``OUT_DIR/docx/NAME.docx``, each beside a copy of the seed's
sidecar ``NAME.json`` (default ``tests/data/seed_formats``). The seed's lines are its paragraphs;
they become the ``<p>`` of a plain page titled as the sidecar says, which is what a reader who
saves the article from the browser would print. Needs ``chromium`` and ``pandoc`` on the PATH.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = next((ROOT / "seeds").glob("*.txt"))


def seed_page(text: str, title: str, *, headline: bool = True) -> str:
    """The seed as a plain HTML page: one paragraph per line, under the headline (pandoc writes the
    ``<title>`` as the document's title paragraph itself, so its copy goes without)."""
    paragraphs = "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    heading = f"<h1>{html.escape(title)}</h1>\n" if headline else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f"</title></head>\n<body>\n{heading}{paragraphs}\n</body></html>\n")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "tests" / "data" / "seed_formats"
    sidecar = SEED.with_suffix(".json")
    title = json.loads(sidecar.read_text(encoding="utf-8"))["title"]
    for tool in ("chromium", "pandoc"):
        if shutil.which(tool) is None:
            print(f"seed_formats: {tool} is not installed", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        text = SEED.read_text(encoding="utf-8")
        page = Path(tmp) / f"{SEED.stem}.html"
        page.write_text(seed_page(text, title), encoding="utf-8")
        plain = Path(tmp) / "for_pandoc.html"
        plain.write_text(seed_page(text, title, headline=False), encoding="utf-8")
        for kind in ("pdf", "docx"):
            (out / kind).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(sidecar, out / kind / sidecar.name)
        pdf = out / "pdf" / f"{SEED.stem}.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                        page.as_uri()], check=True, capture_output=True, timeout=120)
        docx = out / "docx" / f"{SEED.stem}.docx"
        subprocess.run(["pandoc", str(plain), "-o", str(docx)], check=True, timeout=120)
    print(f"seed_formats: wrote {pdf} and {docx}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
