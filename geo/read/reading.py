"""Reading articles from disk: text, Markdown, HTML, PDF and Word files with their JSON sidecar metadata.

A document is ``NAME.txt``, ``NAME.md``, ``NAME.html``, ``NAME.htm``, ``NAME.pdf`` or ``NAME.docx``;
its metadata, when it exists, is ``NAME.json`` beside it. A saved web page, a PDF and a Word file
also give metadata of their own (``geo.read.formats``): it fills every field the sidecar leaves out.
Text is decoded as strict UTF-8 (a byte-order mark is dropped; UTF-16 is read when it starts
with its byte-order mark); a file that is not valid UTF-8 is refused with the offset of the first
bad byte rather than guessed at, because a wrong guess silently corrupts names. Newlines become
``"\\n"``; every offset the project stores refers to ``SourceDocument.text``, the text as ingested.

Every failure is a ``ReadError`` naming the file and the reason; its subclasses also subclass
the matching builtin (``FileNotFoundError``, ``ValueError``, ``UnicodeError``), geopy style.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from geo.models import DocumentMeta, SourceDocument
from geo.read.checks import (
    BinaryFileError,
    EmptyFileError,
    FileTooLargeError,
    MetadataError,
    MissingFileError,
    ReadError,
    TextEncodingError,
    megabytes,
    validate_published,
)

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".html", ".htm")
BINARY_SUFFIXES: tuple[str, ...] = (".pdf", ".docx")
DOCUMENT_SUFFIXES: tuple[str, ...] = TEXT_SUFFIXES + BINARY_SUFFIXES
SIDECAR_SUFFIX = ".json"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # a news article is rarely above 100 kB; 5 MB is surely not one
MAX_SIDECAR_BYTES = 1024 * 1024
_META_FIELDS: tuple[str, ...] = ("title", "outlet", "author", "published", "url", "language", "notes")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufeff]")  # no databases take NUL; none of them is text
_NO_META = DocumentMeta()


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """The documents under ``paths`` (files and folders, recursively), sorted, sidecars excluded.

    A path that does not exist is kept, so that reading it reports it; a file named
    explicitly is kept whatever its suffix (reading tells if it is not text).
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            candidates = [path]
        for candidate in candidates:
            key = candidate.resolve() if candidate.exists() else candidate
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def sidecar_path(path: Path) -> Path:
    """Where the metadata of the document at ``path`` sits: ``NAME.json`` beside it."""
    return path.with_suffix(SIDECAR_SUFFIX)


def read_document(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceDocument:
    """Read one document and its sidecar; raise a ``ReadError`` naming the file on any problem."""
    path = Path(path)
    if path.suffix.lower() == SIDECAR_SUFFIX:
        raise MetadataError(path, "a .json file is the metadata of the document beside it, not a document")
    raw = _read_bytes(path, max_bytes)
    text, own = _extract(path, raw, path.suffix, max_bytes)
    if not text.strip():
        raise EmptyFileError(path, "the file holds no text" if raw.strip() else "the file is empty")
    return SourceDocument(
        id=path.stem,
        path=str(path),
        text=text,
        meta=merge_metadata(read_metadata(path), own),
        content_hash=content_hash(text),
    )


def document_from_text(
    doc_id: str, text: str, meta: DocumentMeta | None = None, *, path: str = "", kind: str = ".txt"
) -> SourceDocument:
    """A document from text already in memory (an upload): the same cleaning as a file of that kind."""
    text, own = _text_of(path or doc_id, text, kind)
    if not text.strip():
        raise EmptyFileError(path or doc_id, "the text is empty")
    return SourceDocument(
        id=doc_id, path=path or doc_id, text=text, meta=merge_metadata(meta or DocumentMeta(), own),
        content_hash=content_hash(text),
    )


def document_from_bytes(
    name: str, raw: bytes, meta: DocumentMeta | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> SourceDocument:
    """A document from the bytes of an uploaded file called ``name``: the checks and cleaning of a file.

    The id is the name without extension; raises the ``ReadError`` a file with these bytes would.
    """
    label = Path(name)
    if label.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise ReadError(label, f"not a {', '.join(DOCUMENT_SUFFIXES)} file")
    if len(raw) > max_bytes:
        size, limit = megabytes(len(raw)), megabytes(max_bytes)
        raise FileTooLargeError(label, f"the file is {size}, above the limit of {limit} per article")
    if not raw.strip():
        raise EmptyFileError(label, "the file is empty")
    text, own = _extract(label, raw, label.suffix, max_bytes)
    if not text.strip():
        raise EmptyFileError(label, "the file holds no text")
    return SourceDocument(
        id=label.stem, path=name, text=text, meta=merge_metadata(meta or DocumentMeta(), own),
        content_hash=content_hash(text),
    )


def merge_metadata(given: DocumentMeta, own: DocumentMeta) -> DocumentMeta:
    """The sidecar's (or upload form's) metadata, each field it leaves empty filled from the file's own."""
    if own == _NO_META:  # a plain text file: nothing to fill
        return given
    return DocumentMeta(**{
        name: getattr(given, name) if getattr(given, name) is not None else getattr(own, name)
        for name in _META_FIELDS
    })


def _extract(label: Path | str, raw: bytes, suffix: str, max_bytes: int) -> tuple[str, DocumentMeta]:
    """The text as ingested of a file with these bytes, and the metadata the file gives of itself."""
    suffix = suffix.lower()
    if suffix == ".pdf":
        from geo.read.formats import read_pdf

        text, own = read_pdf(label, raw, max_bytes)
    elif suffix == ".docx":
        from geo.read.formats import read_docx

        text, own = read_docx(label, raw, max_bytes)
    else:
        return _text_of(label, _decode(Path(label), raw), suffix)
    return normalize_text(text), own


def _text_of(label: Path | str, text: str, suffix: str) -> tuple[str, DocumentMeta]:
    try:
        text, own = _to_text(text, suffix)
    except RecursionError as exc:  # bs4 itself recurses on some pathological pages
        raise ReadError(label, "the HTML is nested too deeply to be read") from exc
    return normalize_text(text), own


def content_hash(text: str) -> str:
    """The sha256 of the text as ingested: the same article under another name has the same hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_text(text: str) -> str:
    """Newlines as ``"\\n"``, no control characters or byte-order mark, no trailing blanks, no blank edges."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = _CONTROL.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip("\n")


# --- bytes to text ---------------------------------------------------------------------


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise MissingFileError(path, "no such file (it may have been moved or deleted)") from exc
    except OSError as exc:
        raise MissingFileError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if not path.is_file():
        raise MissingFileError(path, "not a regular file")
    if size > max_bytes:
        raise FileTooLargeError(
            path, f"the file is {megabytes(size)}, above the limit of {megabytes(max_bytes)} per article"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise MissingFileError(path, "no such file (it vanished while being read)") from exc
    except OSError as exc:
        raise MissingFileError(path, f"cannot be read: {exc.strerror or exc}") from exc
    if len(raw) > max_bytes:  # grew between stat and read
        raise FileTooLargeError(path, f"the file is above the limit of {megabytes(max_bytes)} per article")
    if not raw.strip():
        raise EmptyFileError(path, "the file is empty")
    return raw


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise TextEncodingError(path, f"invalid UTF-16 at byte {exc.start}") from exc
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise BinaryFileError(path, f"binary data, not text (NUL byte at offset {nul})")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
        bad = raw[start:start + 4]
        line = raw.count(b"\n", 0, start) + 1
        raise TextEncodingError(
            path,
            f"not valid UTF-8: byte {bad[:1].hex(' ')} at offset {start} (line {line}); "
            "convert the file to UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`)",
        ) from exc


# --- HTML and Markdown to text -----------------------------------------------------------

_DROPPED_TAGS = ("script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "svg", "canvas",
                 "button", "select", "head", "object", "embed", "dialog")
_PAGE_FURNITURE = ("header", "footer")  # the site's are dropped; an article's own (headline, byline) stay
# Class or id tokens of the parts of a page that are not the article: reader comments, share bars, ads.
_BOILERPLATE = re.compile(
    r"^(comments?|comment-(list|section|area|thread|form)s?|disqus\w*|respond|related(-\w+)?|share|sharing|"
    r"social(-\w+)?|newsletter|advert\w*|ads?|cookie\w*|subscribe|promo|breadcrumbs?|sidebar|skip-link)$",
    re.IGNORECASE,
)
_BLOCK_TAGS = ("p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt",
               "dd", "blockquote", "pre", "tr", "caption", "figcaption", "address", "table", "ul", "ol",
               "dl", "figure", "hr")


def _to_text(text: str, suffix: str) -> tuple[str, DocumentMeta]:
    """The plain text of a file of that kind, and the metadata its markup gives (if any).

    A page's main text is trafilatura's; where it finds none, this module's own reader's.
    """
    suffix = suffix.lower()
    if suffix in (".html", ".htm"):
        from bs4 import BeautifulSoup

        from geo.read.formats import read_html

        main, own = read_html(text)
        if main is not None:
            return main, own
        soup = BeautifulSoup(text, "lxml")
        title = _soup_title(soup)  # first: reading the text strips the <head>
        if own.title is None and title:
            own = merge_metadata(own, DocumentMeta(title=title))
        return _soup_text(soup), own
    if suffix == ".md":
        body, title = markdown_to_text(text)
        return body, DocumentMeta(title=title)
    return text, DocumentMeta()


def html_title(html: str) -> str | None:
    """The document's ``<title>``, else its first ``<h1>``, whitespace collapsed; ``None`` without one."""
    from bs4 import BeautifulSoup

    return _soup_title(BeautifulSoup(html, "lxml"))


def _soup_title(soup: Any) -> str | None:
    for tag in (soup.title, soup.find("h1")):
        if tag is not None:
            title = " ".join(tag.get_text(" ").split())
            if title:
                return str(title)
    return None


def html_to_text(html: str) -> str:
    """The readable text of an HTML page: one line per block, scripts, styles and navigation dropped."""
    from bs4 import BeautifulSoup

    return _soup_text(BeautifulSoup(html, "lxml"))


def _soup_text(soup: Any) -> str:
    from bs4.element import Comment, NavigableString, Tag

    for tag in soup.find_all(_DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(_PAGE_FURNITURE):
        if tag.find_parent(("article", "main")) is None:
            tag.decompose()
    for tag in soup.find_all(_is_boilerplate):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    articles = soup.find_all("article")
    mains = soup.find_all("main")
    # One <article> (or <main>) is the story; the rest of the page is the site around it.
    root = articles[0] if len(articles) == 1 else mains[0] if len(mains) == 1 else (soup.body or soup)
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = " ".join("".join(current).split())
        if line:
            lines.append(line)
        current.clear()

    # Iterative, not recursive: a hostile page may nest tags thousands deep.
    stack: list[tuple[Any, str]] = [(child, "open") for child in reversed(list(root.children))]
    while stack:
        node, event = stack.pop()
        if event == "end-block":
            flush()
        elif event == "end-cell":
            current.append(" ")
        elif isinstance(node, NavigableString):
            current.append(str(node))
        elif isinstance(node, Tag):
            if node.name == "br":
                flush()
                continue
            if node.name in _BLOCK_TAGS:
                flush()
                stack.append((node, "end-block"))
            elif node.name in ("td", "th"):
                stack.append((node, "end-cell"))
            stack.extend((child, "open") for child in reversed(list(node.children)))
    flush()
    return "\n".join(lines)


def _is_boilerplate(tag: Any) -> bool:
    if tag.name in ("html", "body", "article", "main"):
        return False
    attrs = getattr(tag, "attrs", None) or {}
    tokens = [*attrs.get("class", ()), *str(attrs.get("id", "")).split()]
    return any(_BOILERPLATE.match(token) for token in tokens)


_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_MD_QUOTE = re.compile(r"^\s*(>\s?)+")
_MD_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_MD_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_MD_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"
    r"|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)"
    r"|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"
)
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def markdown_to_text(markdown: str) -> tuple[str, str | None]:
    """Markdown as plain text (markup dropped, link texts kept), and its first heading as a title."""
    lines: list[str] = []
    title: str | None = None
    in_fence = False
    for line in markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _MD_FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            lines.append(line)
            continue
        if _MD_REFDEF.match(line) or _MD_RULE.match(line):
            lines.append("")
            continue
        if _MD_SETEXT.match(line) and lines and lines[-1].strip():
            if title is None and line.strip().startswith("="):
                title = lines[-1].strip()
            lines.append("")
            continue
        heading = _MD_HEADING.match(line)
        if heading:
            line = heading.group(1)
            if title is None:
                title = _md_inline(line).strip() or None
        line = _MD_QUOTE.sub("", line)
        line = _MD_BULLET.sub("", line)
        lines.append(_md_inline(line))
    return "\n".join(lines), title


def _md_inline(line: str) -> str:
    line = _MD_IMAGE.sub("", line)
    line = _MD_LINK.sub(lambda m: m.group(1) or m.group(2), line)
    line = _MD_CODE.sub(lambda m: m.group(1), line)
    line = _MD_TAG.sub("", line)
    for _ in range(2):  # nested emphasis: ***both***
        line = _MD_EMPHASIS.sub(lambda m: next(g for g in m.groups()[1:] if g is not None), line)
    return line


# --- sidecar metadata -----------------------------------------------------------------------


def read_metadata(path: Path) -> DocumentMeta:
    """The metadata in the sidecar of the document at ``path`` (empty when there is none)."""
    sidecar = sidecar_path(path)
    if sidecar == path or not sidecar.exists():
        return DocumentMeta()
    try:
        raw = sidecar.read_bytes()
    except OSError as exc:
        raise MetadataError(path, f"sidecar {sidecar.name} cannot be read: {exc.strerror or exc}") from exc
    if len(raw) > MAX_SIDECAR_BYTES:
        raise MetadataError(path, f"sidecar {sidecar.name} is {megabytes(len(raw))}, too large for metadata")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise MetadataError(
            path, f"sidecar {sidecar.name} is not valid UTF-8 (byte offset {exc.start})"
        ) from exc
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise MetadataError(path, f"sidecar {sidecar.name} is not valid JSON: {exc.msg} at {where}") from exc
    try:
        return metadata_from_mapping(data)
    except ValueError as exc:
        raise MetadataError(path, f"sidecar {sidecar.name}: {exc}") from exc


def metadata_from_mapping(data: object) -> DocumentMeta:
    """Validated metadata from a JSON object (unknown keys ignored); ``ValueError`` on a bad value."""
    if not isinstance(data, Mapping):
        raise ValueError(f"expected a JSON object, got: {type(data).__name__}")
    values: dict[str, str | None] = {}
    for name in _META_FIELDS:
        value = data.get(name)
        if value is None:
            values[name] = None
            continue
        if not isinstance(value, str):
            raise ValueError(f"{name!r} must be a string, got: {value!r}")
        value = _CONTROL.sub("", value)
        value = " ".join(value.split()) if name != "notes" else value.strip()
        values[name] = value or None
    values["published"] = validate_published(values["published"])
    return DocumentMeta(**values)
