"""Saved web pages, PDF and Word files -> their text and the metadata they give of themselves.

* HTML: the article's main text and the page's metadata (title without the site's name, site name
  as the outlet, author, publication date, canonical URL, language) by trafilatura, dates by
  htmldate; ``None`` as the text when the library finds no main text (``geo.read.reading`` then falls
  back on its own reader).
* PDF (pypdf): the text in reading order, without the repeated page headers and footers (a
  browser's printed date and title, page numbers, the URL), words hyphenated across line ends
  joined, paragraphs kept; the document properties as metadata. A PDF without a text layer, an
  encrypted, truncated or broken one, and one whose streams expand beyond the limit are refused.
* DOCX (python-docx): paragraphs and tables in order, and the core properties. A file that is not
  a ZIP archive, a truncated one, and one that unpacks beyond the limit (a zip bomb) are refused
  before python-docx reads it.

Each function takes the file's bytes (already within the size limit) and a ``label`` (its path or
name) that every error names; every failure is a ``geo.read.reading.ReadError``.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import logging
import re
import statistics
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from geo.models import DocumentMeta
from geo.read.checks import (
    EmptyFileError,
    EncryptedFileError,
    FileTooLargeError,
    NoTextLayerError,
    ReadError,
    UnreadableFileError,
    megabytes,
    validate_published,
)

# What a PDF's streams or a DOCX's parts may unpack to, as a multiple of the file size limit: text
# compresses about tenfold, photographs not at all, so an honest article stays far below it.
EXPANSION_FACTOR = 4
MAX_ZIP_MEMBERS = 2000

# --- HTML -------------------------------------------------------------------------------------

_PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "datepublished",
                   "dc.date.issued", "dcterms.issued")
_JSON_LD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)


def read_html(html: str) -> tuple[str | None, DocumentMeta]:
    """The article's main text (``None`` when trafilatura finds none) and the page's own metadata."""
    from trafilatura import bare_extraction, extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return None, DocumentMeta()
    language = _page_language(tree)
    published = _declared_published(tree, html)
    found = bare_extraction(tree, with_metadata=True, include_comments=False, include_tables=True,
                            config=_trafilatura_config())
    text: str | None = None
    if found is None:
        found = extract_metadata(load_html(html))
    else:
        text = (getattr(found, "text", None) or "").strip() or None
    if found is None:
        return text, DocumentMeta(language=language, published=published or _htmldate(html))
    outlet = _clean(getattr(found, "sitename", None))
    return text, DocumentMeta(
        title=_without_site(_clean(getattr(found, "title", None)), outlet),
        outlet=outlet,
        author=_clean(getattr(found, "author", None)),
        published=published or _day(getattr(found, "date", None)) or _htmldate(html),
        url=_web_url(getattr(found, "url", None)),
        language=language,
    )


@functools.cache
def _trafilatura_config() -> Any:
    """trafilatura's defaults, less its last-resort rescue of short pages (text of every element,
    inline markup split into lines: "Mayors from / Tulsa / , Oklahoma"): this module's caller has a
    reader of its own for a page where trafilatura finds no main text."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _clean(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _without_site(title: str | None, outlet: str | None) -> str | None:
    """'Headline | Section | Outlet' -> 'Headline' when the outlet's name ends it (trafilatura keeps some)."""
    if not title or not outlet:
        return title
    parts = re.split(r"\s+([|\-–—·])\s+", title)  # text, separator, text, ...
    if len(parts) < 3 or parts[-1].casefold() != outlet.casefold():
        return title
    parts = parts[:-2]
    while len(parts) >= 3 and parts[-2] == "|":  # the sections between the headline and the site
        parts = parts[:-2]
    return "".join(part if index % 2 == 0 else f" {part} " for index, part in enumerate(parts))


def _page_language(tree: Any) -> str | None:
    """The page's language as ISO 639-1: ``<html lang>``, else a content-language or locale meta."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in ("content-language", "og:locale", "dc.language", "language"):
            candidates.append(meta.get("content"))
    for value in candidates:
        match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$", value or "")
        if match:
            return match.group(1).lower()
    return None


def _declared_published(tree: Any, html: str) -> str | None:
    """The publication date the page declares (schema.org or Open Graph); htmldate is the fallback.

    htmldate weighs every date on a page and may prefer a later revision stamp ("REVISION_DATE"),
    while the page states its first publication in these fields.
    """
    for match in _JSON_LD.finditer(html):
        for item in _json_items(match.group(1)):
            day = _day(item.get("datePublished"))
            if day:
                return day
    for node in tree.iter("meta", "time"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        if key in _PUBLISHED_KEYS:
            day = _day(node.get("content") or node.get("datetime"))
            if day:
                return day
    return None


def _json_items(raw: str) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(raw)
    except ValueError:
        return
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            if isinstance(item.get("@graph"), list):
                stack.extend(reversed(item["@graph"]))


def _htmldate(html: str) -> str | None:
    from htmldate import find_date

    try:
        return _day(find_date(html, original_date=True, extensive_search=False))
    except (ValueError, TypeError):
        return None


def _day(value: object) -> str | None:
    """A date as the sidecar takes it (YYYY-MM-DD), or ``None`` for anything else."""
    if isinstance(value, datetime):
        value = value.date().isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return validate_published(value.strip()[:10] if len(value.strip()) > 10 else value.strip())
    except ValueError:
        return None


def _web_url(value: object) -> str | None:
    return value if isinstance(value, str) and re.match(r"https?://\S+$", value) else None


# --- PDF --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One line of a PDF page as laid out: its text, baseline height, font size, and page."""

    text: str
    y: float
    size: float
    page: int


# A page's furniture, when it stands in the top or bottom band: page numbers, a URL, a printed stamp.
_FURNITURE = re.compile(
    r"^(?:(?:page\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?"
    r"|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|\S+://\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s.*)?)$",
    re.IGNORECASE,
)
_BAND = 0.09  # share of the page height at its top and bottom where headers and footers sit
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
                            "\u00ad": ""})
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
_URL_LINE = re.compile(r"(https?://\S+?)(?:\s+\d{1,4}\s*/\s*\d{1,4})?$")


def read_pdf(label: Path | str, raw: bytes, max_bytes: int) -> tuple[str, DocumentMeta]:
    """The text of a PDF in reading order, page furniture dropped, and its document properties."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its recoverable-damage warnings are noise here
    head = raw[:1024]
    if b"%PDF-" not in head:
        raise UnreadableFileError(label, f"not a PDF (it starts with {raw[:8]!r}; a file renamed .pdf?)")
    if b"%%EOF" not in raw[-2048:]:
        raise UnreadableFileError(label, "truncated PDF: it ends before the end-of-file marker "
                                         "(an incomplete download or copy?)")
    limit = EXPANSION_FACTOR * max_bytes
    limits: dict[str, Any] = {name: limit for name in (
        "zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
        "array_based_stream_maximum_output_length", "brotli_maximum_output_length",
        "jbig2_maximum_output_length", "maximum_declared_stream_length",
        "stream_decoding_work_maximum_length",
    )}
    try:
        with pypdf.apply_configuration(None, **limits):
            reader = pypdf.PdfReader(io.BytesIO(raw))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError) as exc:
                    raise EncryptedFileError(label, f"encrypted PDF that cannot be opened ({exc})") from exc
                if not opened:
                    raise EncryptedFileError(label, "encrypted PDF: it needs a password; save a copy without "
                                                    "the password and ingest that")
            lines, heights = _pdf_lines(label, reader, limit)
            info = reader.metadata
    except ReadError:
        raise
    except FileNotDecryptedError as exc:
        raise EncryptedFileError(label, "encrypted PDF: it needs a password") from exc
    except LimitReachedError as exc:
        raise FileTooLargeError(
            label, f"the PDF expands beyond {megabytes(limit)} when unpacked (a decompression bomb?); refused"
        ) from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files; all mean the same to a user
        raise UnreadableFileError(label, f"broken PDF: {type(exc).__name__}: {exc}") from exc
    if not reader.pages:
        raise EmptyFileError(label, "the PDF has no pages")
    body, furniture = split_furniture(lines, heights)
    text = pdf_paragraphs(body)
    if not text.strip():
        raise NoTextLayerError(label, "no text layer: this PDF needs OCR first (a scan, or pages as images)")
    return text, _pdf_meta(info, furniture)


def _pdf_lines(label: Path | str, reader: Any, limit: int) -> tuple[list[PdfLine], list[float]]:
    """Every line of every page with its height on the page (pypdf's text order, which is reading order)."""
    lines: list[PdfLine] = []
    heights: list[float] = []
    total = 0
    for number, page in enumerate(reader.pages):
        box = page.mediabox
        heights.append(float(box.height))
        bottom = float(box.bottom)
        pieces: list[tuple[str, float | None, float]] = []

        def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: Any, size: float,
                  into: list[tuple[str, float | None, float]] = pieces, bottom: float = bottom) -> None:
            if not text:
                return
            if not text.strip():
                into.append((text, None, 0.0))
                return
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3] + tm[2] * cm[1]) or abs(tm[0] * cm[0]) or 1.0
            into.append((text, y - bottom, size * scale))

        page.extract_text(visitor_text=visit)
        total += sum(len(text) for text, _, _ in pieces)
        if total > limit:
            raise FileTooLargeError(label, f"the PDF's text goes beyond {megabytes(limit)}; refused")
        line: list[str] = []
        y: float | None = None
        size = 0.0
        for text, at, font_size in pieces:
            parts = text.split("\n")
            for index, part in enumerate(parts):
                if index > 0:
                    lines.extend(_line(line, y, size, number))
                    line, y, size = [], None, 0.0
                if part:
                    line.append(part)
                    if at is not None and y is None:
                        y = at
                    size = max(size, font_size)
        lines.extend(_line(line, y, size, number))
    return lines, heights


def _line(parts: list[str], y: float | None, size: float, page: int) -> list[PdfLine]:
    text = " ".join("".join(parts).translate(_LIGATURES).split())
    return [PdfLine(text, y if y is not None else -1.0, size, page)] if text else []


def split_furniture(
    lines: Sequence[PdfLine], heights: Sequence[float]
) -> tuple[list[PdfLine], list[PdfLine]]:
    """The body lines and the page furniture: lines in a page's top or bottom band that are page
    numbers, URLs or a printed date stamp, or that recur (digits aside) in the band of other pages."""

    def in_band(line: PdfLine) -> bool:
        height = heights[line.page] if line.page < len(heights) else 0.0
        return height > 0 and line.y >= 0 and (line.y > height * (1 - _BAND) or line.y < height * _BAND)

    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", text.casefold())

    pages = len({line.page for line in lines})
    seen: dict[str, set[int]] = {}
    for line in lines:
        if in_band(line):
            seen.setdefault(shape(line.text), set()).add(line.page)
    body: list[PdfLine] = []
    furniture: list[PdfLine] = []
    for line in lines:
        recurs = pages > 1 and len(seen.get(shape(line.text), ())) >= max(2, (pages + 1) // 2)
        (furniture if in_band(line) and (recurs or _FURNITURE.match(line.text)) else body).append(line)
    return body, furniture


def pdf_paragraphs(lines: Sequence[PdfLine]) -> str:
    """Lines joined into paragraphs (one per line of text): a new paragraph where the gap to the
    previous line is wider than one and a half of its font size, where the font size changes, or
    at a new page after a finished sentence; hyphenated words joined across line ends."""
    spacing = [a.y - b.y for a, b in itertools.pairwise(lines)
               if a.page == b.page and a.y > b.y and abs(a.size - b.size) < 0.5]
    # the usual spacing of lines within a paragraph: paragraph gaps are fewer than line breaks, mostly
    usual = statistics.quantiles(spacing, n=4)[0] if len(spacing) > 1 else spacing[0] if spacing else 0.0
    paragraphs: list[str] = []
    current = ""
    previous: PdfLine | None = None
    for line in lines:
        if previous is not None and current and _new_paragraph(previous, line, usual):
            paragraphs.append(current)
            current = ""
        current = _join(current, line.text) if current else line.text
        previous = line
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _new_paragraph(previous: PdfLine, line: PdfLine, usual: float) -> bool:
    if line.page != previous.page:
        return bool(_SENTENCE_END.search(previous.text))
    if previous.size and line.size and abs(line.size - previous.size) > 0.1 * max(line.size, previous.size):
        return True
    gap = previous.y - line.y
    if gap <= 0:  # a new column, or text placed out of order: keep the order, start a paragraph
        return True
    threshold = max(1.5 * line.size, 1.4 * usual)
    return gap > threshold


def _join(text: str, line: str) -> str:
    """Two lines of a paragraph as one: "inter-" + "national" is "international", "U.S.-" + "China"
    keeps its hyphen, and so does a compound written with it more often ("well-" + "known")."""
    if text.endswith("-") and not text.endswith(" -"):
        head = re.search(r"([A-Za-z]+)-$", text)
        tail = re.match(r"([a-z]+)", line)
        if head and tail and _rather_joined(head.group(1), tail.group(1)):
            return text[:-1] + line
        return text + line
    return f"{text} {line}"


def _rather_joined(head: str, tail: str) -> bool:
    """Whether English writes ``head+tail`` at least as often as ``head-tail`` (wordfreq's counts)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(head + tail, "en") >= zipf_frequency(f"{head}-{tail}", "en")


def _pdf_meta(info: Any, furniture: Sequence[PdfLine]) -> DocumentMeta:
    """Title, author and date from the document properties; the URL from a printed footer.

    A browser's printout has the printing date as its creation date, not the article's, so that
    date is left out for files a browser made.
    """
    title = author = published = None
    if info is not None:
        title, author = _clean(info.get("/Title")), _clean(info.get("/Author"))
        creator = str(info.get("/Creator") or "") + " " + str(info.get("/Producer") or "")
        if not re.search(r"Mozilla/|Chrome|Skia|Firefox|Safari|WebKit", creator):
            try:
                published = _day(info.creation_date)
            except (ValueError, TypeError):
                published = None
    url = None
    for line in furniture:
        match = _URL_LINE.match(line.text)
        if match and _web_url(match.group(1)):
            url = match.group(1)
            break
    return DocumentMeta(title=title, author=author, published=published, url=url)


# --- DOCX -------------------------------------------------------------------------------------

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(label: Path | str, raw: bytes, max_bytes: int) -> tuple[str, DocumentMeta]:
    """The paragraphs (and table rows) of a Word file in order, and its core properties."""
    if raw.startswith(_OLE):
        raise EncryptedFileError(label, "an encrypted Word file or an old .doc, not a .docx: save it "
                                        "as .docx without a password and ingest that")
    if not raw.startswith(b"PK"):
        raise UnreadableFileError(label, f"not a Word .docx file (it starts with {raw[:8]!r}; renamed?)")
    limit = EXPANSION_FACTOR * max_bytes
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise FileTooLargeError(label, f"the .docx holds {len(members)} parts; refused")
            unpacked = sum(member.file_size for member in members)
            if unpacked > limit:
                raise FileTooLargeError(
                    label, f"the .docx unpacks to {megabytes(unpacked)}, beyond the limit of "
                           f"{megabytes(limit)} (a zip bomb?); refused",
                )
            if "word/document.xml" not in archive.namelist():
                raise UnreadableFileError(label, "not a Word .docx file (a ZIP without word/document.xml)")
            bad = archive.testzip()  # CRCs checked member by member, each bounded by its declared size
            if bad is not None:
                raise UnreadableFileError(label, f"broken .docx: part {bad} is damaged")
    except ReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise UnreadableFileError(label, f"truncated or broken .docx ({exc})") from exc
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
        paragraphs = list(_docx_blocks(document))
        properties = document.core_properties
        meta = DocumentMeta(
            title=_clean(properties.title), author=_clean(properties.author),
            published=_day(properties.created), language=_iso_language(properties.language),
        )
    except Exception as exc:  # python-docx and lxml raise many kinds on damaged parts
        raise UnreadableFileError(label, f"broken .docx: {type(exc).__name__}: {exc}") from exc
    return "\n".join(paragraphs), meta


def _docx_blocks(document: Any) -> Iterator[str]:
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # a merged cell repeats itself
                        cells.append(text)
                if cells:
                    yield " | ".join(cells)
        else:
            text = " ".join(block.text.split())
            if text:
                yield text


def _iso_language(value: object) -> str | None:
    match = re.match(r"\s*([A-Za-z]{2,3})(?:[-_]\w+)*\s*$", value) if isinstance(value, str) else None
    return match.group(1).lower() if match else None
