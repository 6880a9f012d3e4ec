"""Readers for the public geoparsing benchmarks in ``../shared/eval`` (formats: its ``FORMATS.md``).

Each reader yields ``BenchmarkDocument`` objects whose gold toponyms carry offsets that are
true for the document's text (``text[start:end] == phrase``), the known offset faults of the
source files repaired on the way in (TR-News drift, GeoVirus +1 shift).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from geo.config import PROJECT_ROOT

DATASETS: tuple[str, ...] = ("lgl", "geowebnews", "tr-news", "geovirus")

# GeoWebNews annotation types that are not toponyms (common nouns such as "city", or other senses).
GWN_NOT_TOPONYMS = frozenset({"Literal_Expression", "Non_Lit_Expression", "Non_Toponym"})

_FILES = {
    "lgl": "lgl.xml",
    "geowebnews": "GWN.xml",
    "tr-news": "TR-News.xml",
    "geovirus": "GeoVirus.xml",
}


class BenchmarkError(ValueError):
    """A benchmark file that is missing or cannot be read."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One gold toponym: its span in the document's text and, when annotated, its point."""

    start: int
    end: int
    phrase: str
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    kind: str = ""  # GeoNames feature class (LGL, TR-News) or the GeoWebNews annotation type

    @property
    def has_point(self) -> bool:
        """Whether the gold has coordinates (and so counts for geocoding)."""
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class BenchmarkDocument:
    """One benchmark article with its gold toponyms, in text order."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    title: str | None = None
    published: str | None = None  # "YYYY-MM-DD" when the corpus records it


def default_data_dir(dataset: str) -> Path:
    """Where the benchmark lives by default: ``../shared/eval/<dataset>`` beside the project."""
    return PROJECT_ROOT.parent / "shared" / "eval" / dataset


def read_dataset(dataset: str, data_dir: Path | None = None) -> list[BenchmarkDocument]:
    """Read every document of ``dataset`` (one of ``DATASETS``) from ``data_dir``."""
    readers: dict[str, Callable[[Path], Iterator[BenchmarkDocument]]] = {
        "lgl": read_lgl,
        "geowebnews": read_geowebnews,
        "tr-news": read_tr_news,
        "geovirus": read_geovirus,
    }
    if dataset not in readers:
        raise BenchmarkError(f"unknown dataset {dataset!r}; choose one of {', '.join(DATASETS)}")
    folder = data_dir if data_dir is not None else default_data_dir(dataset)
    path = folder / _FILES[dataset] if folder.is_dir() else folder
    if folder.is_dir() and not path.is_file():
        others = sorted(folder.glob("*.xml"))
        if len(others) == 1:  # a corpus in this schema under another name
            path = others[0]
    if not path.is_file():
        raise BenchmarkError(f"{path}: no such file (expected {_FILES[dataset]} of the {dataset} benchmark)")
    return list(readers[dataset](path))


# --- the four corpora ------------------------------------------------------------------


def read_lgl(path: Path) -> Iterator[BenchmarkDocument]:
    """LGL (Lieberman et al. 2010): ``lgl.xml``; toponyms without a gaztag have no point."""
    yield from _read_gaztag_corpus(path)


def read_tr_news(path: Path) -> Iterator[BenchmarkDocument]:
    """TR-News: LGL's schema; offsets that drift are moved to the nearest occurrence of the phrase."""
    yield from _read_gaztag_corpus(path)


def read_geowebnews(path: Path) -> Iterator[BenchmarkDocument]:
    """GeoWebNews: ``GWN.xml`` without the annotations that are not toponyms (``GWN_NOT_TOPONYMS``)."""
    for article in _parse(path).iter("article"):
        text = article.findtext("text") or ""
        gold: list[GoldToponym] = []
        for node in article.iter("toponym"):
            kind = _text(node, "type")
            if kind in GWN_NOT_TOPONYMS:
                continue
            span = _locate(text, node.findtext("extractedName") or "", node, shift=0)
            if span is None:
                continue
            start, end = span
            gold.append(GoldToponym(
                start=start, end=end, phrase=text[start:end],
                lat=_float(node, "latitude"), lon=_float(node, "longitude"),
                geonameid=_optional_int(node, "geonamesID"), kind=kind,
            ))
        yield BenchmarkDocument(
            id=article.get("file", ""), text=text, toponyms=_sorted(gold),
            title=_text(article, "title") or None,
        )


def read_geovirus(path: Path) -> Iterator[BenchmarkDocument]:
    """GeoVirus: WikiNews articles whose offsets are all one too far right in the file."""
    for number, article in enumerate(_parse(path).iter("article")):
        text = article.findtext("text") or ""
        gold: list[GoldToponym] = []
        for node in article.iter("location"):
            span = _locate(text, node.findtext("name") or "", node, shift=-1)
            if span is None:
                continue
            start, end = span
            gold.append(GoldToponym(
                start=start, end=end, phrase=text[start:end],
                lat=_float(node, "lat"), lon=_float(node, "lon"), kind="wikipedia",
            ))
        name = _text(article, "source").rsplit("/", 1)[-1]
        yield BenchmarkDocument(id=name or str(number), text=text, toponyms=_sorted(gold))


def _read_gaztag_corpus(path: Path) -> Iterator[BenchmarkDocument]:
    for article in _parse(path).iter("article"):
        text = article.findtext("text") or ""
        gold: list[GoldToponym] = []
        for node in article.iter("toponym"):
            span = _locate(text, node.findtext("phrase") or "", node, shift=0)
            if span is None:
                continue
            start, end = span
            tag = node.find("gaztag")
            lat = lon = None
            geonameid = None
            kind = ""
            if tag is not None:
                lat, lon = _float(tag, "lat"), _float(tag, "lon")
                geonameid = _whole(tag.get("geonameid") or "")
                kind = _text(tag, "fclass")
            gold.append(GoldToponym(
                start=start, end=end, phrase=text[start:end],
                lat=lat, lon=lon, geonameid=geonameid, kind=kind,
            ))
        dltime = _text(article, "dltime")
        published = dltime[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", dltime[:10]) else None
        yield BenchmarkDocument(
            id=article.get("docid", ""), text=text, toponyms=_sorted(gold),
            title=_text(article, "title") or None, published=published,
        )


# --- the ",,"-format of Gritta et al. (2018) and EUPEG ----------------------------------


@dataclass(frozen=True, slots=True)
class SystemRecord:
    """One record of a ",,"-format file: a recognised phrase with its point (None when unresolved)."""

    name: str
    phrase: str
    lat: float | None
    lon: float | None
    start: int
    end: int


def read_commas_format(path: Path) -> list[list[SystemRecord]]:
    """Read a ",,"-format file: one list of records per line (document), in corpus order."""
    documents: list[list[SystemRecord]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        records: list[SystemRecord] = []
        for chunk in line.split("||"):
            if not chunk.strip():
                continue
            fields = chunk.split(",,")
            if len(fields) < 6:
                raise BenchmarkError(f"{path}:{number}: a record needs 6 fields, got: {chunk!r}")
            records.append(SystemRecord(
                name=fields[0], phrase=fields[1], lat=_number(fields[2]), lon=_number(fields[3]),
                start=int(fields[4]), end=int(fields[5]),
            ))
        documents.append(records)
    return documents


# --- helpers ----------------------------------------------------------------------------


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise BenchmarkError(f"{path}: cannot read: {exc}") from exc


def _text(node: ET.Element, tag: str) -> str:
    return (node.findtext(tag) or "").strip()


def _whole(raw: str) -> int | None:
    try:
        return int(raw.strip())
    except ValueError:
        return None


def _optional_int(node: ET.Element, tag: str) -> int | None:
    return _whole(_text(node, tag))


def _locate(text: str, phrase: str, node: ET.Element, *, shift: int) -> tuple[int, int] | None:
    """The toponym's true offsets: the file's (shifted), else the nearest occurrence of the phrase.

    ``None`` when the file gives no usable offsets and the phrase is not in the text either.
    """
    start, end = _optional_int(node, "start"), _optional_int(node, "end")
    if start is None or end is None or not 0 <= start + shift <= end + shift <= len(text):
        found = text.find(phrase) if phrase else -1
        return None if found < 0 else (found, found + len(phrase))
    return _realign(text, phrase, start + shift, end + shift)


def _float(node: ET.Element, tag: str) -> float | None:
    return _number(_text(node, tag))


def _number(raw: str) -> float | None:
    raw = raw.strip()
    if not raw or raw.lower() in ("null", "none", "nan"):
        return None
    return float(raw)


def _realign(text: str, phrase: str, start: int, end: int) -> tuple[int, int] | None:
    """The offsets of the occurrence of ``phrase`` nearest to ``start`` (unchanged when already right).

    When the phrase is nowhere in the text, the file's offsets stand if they hold the same words
    (other spacing or case), else the annotation is dropped (``None``).
    """
    if text[start:end] == phrase or not phrase:
        return start, end
    positions = [m.start() for m in re.finditer(re.escape(phrase), text)]
    if not positions:
        positions = [m.start() for m in re.finditer(re.escape(phrase), text, flags=re.IGNORECASE)]
    if not positions:
        same_words = text[start:end].split() and text[start:end].lower().split() == phrase.lower().split()
        return (start, end) if same_words else None
    best = min(positions, key=lambda p: (abs(p - start), p))
    return best, best + len(phrase)


def _sorted(gold: Sequence[GoldToponym]) -> tuple[GoldToponym, ...]:
    return tuple(sorted(gold, key=lambda g: (g.start, g.end)))
