"""Ingestion: files -> documents -> extractions -> the store, one document per transaction.

``Extractor`` runs the steps on spaCy ``Doc`` objects that ``nlp.pipe`` makes in batches
(parse, places, dates, trips); ``ingest`` reads the files, extracts, and saves each document in
its own transaction, so a failing file is reported and the rest goes on, and a killed process
leaves every document either fully stored or not at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from geo.language.dates import resolve_dates
from geo.language.entities import clean_entities, gazetteer_is_place
from geo.language.nlp import parse
from geo.language.recognise import (
    acronym_toponyms,
    demonym_toponyms,
    gazetteer_toponyms,
    in_name_toponyms,
    refined_spans,
)
from geo.models import Extraction, SourceDocument
from geo.places.outlet import outlet_country
from geo.places.toponyms import resolve_toponyms, with_readable_admin1
from geo.read.checks import ReadError
from geo.read.reading import DEFAULT_MAX_BYTES, discover, read_document
from geo.store.database import DuplicateDocumentError, Store, StoreError
from geo.trips import extract_ties, extract_trips, implied_ties, tie_programs
from geo.trips.homes import country_by_nationality, nationality_places

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from geo.places.gazetteer import Gazetteer

Progress = Callable[[int, int, str], None]
"""Called after each file with (files done, files in all, the file's path)."""

DEFAULT_BATCH_SIZE = 64


@dataclass
class IngestReport:
    """What an ingest did: paths ingested, skipped (with why) and failed (with why)."""

    ingested: list[str] = field(default_factory=list)
    replaced: int = 0  # how many of the ingested replaced an earlier extraction of the same document
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failed

    def summary(self) -> str:
        """One line for people: counts and time."""
        again = f" ({self.replaced} replaced)" if self.replaced else ""
        return (f"{len(self.ingested)} ingested{again}, {len(self.skipped)} skipped, "
                f"{len(self.failed)} failed in {self.seconds:.1f} s")


class SupportsExtractEach(Protocol):
    """What ``ingest`` needs of an extractor."""

    def extract_each(
        self, documents: Iterable[SourceDocument]
    ) -> Iterator[tuple[SourceDocument, Extraction | Exception]]:
        """Each document with its extraction, or the exception that stopped it."""
        ...


class Extractor:
    """The extraction steps bound to their dependencies: a spaCy pipeline, a gazetteer, a geocoder."""

    def __init__(
        self, nlp: Language, gazetteer: Gazetteer, geocoder: Any = None, *,
        batch_size: int = DEFAULT_BATCH_SIZE, n_process: int = 1, demonyms: bool = False,
    ) -> None:
        self.nlp = nlp
        self.demonyms = demonyms  # "Russian" as a mention of Russia: for benchmarks that count them
        self.gazetteer = gazetteer
        self.geocoder = geocoder
        self.is_place = gazetteer_is_place(gazetteer.search) if gazetteer is not None else _no_place
        self.country_of = (country_by_nationality(gazetteer.demonym_country, gazetteer.country)
                           if gazetteer is not None else None)
        self.batch_size = batch_size
        self.n_process = n_process

    def extract(self, document: SourceDocument) -> Extraction:
        """Everything extracted from one document."""
        return self._assemble(document, self.nlp(document.text))

    def extract_many(
        self, documents: Iterable[SourceDocument], progress: Progress | None = None
    ) -> Iterator[Extraction]:
        """One extraction per document, in order, with the texts parsed in batches (``nlp.pipe``)."""
        for done, (document, result) in enumerate(self.extract_each(documents), start=1):
            if isinstance(result, Exception):
                raise result
            if progress is not None:
                progress(done, 0, document.path)
            yield result

    def extract_each(
        self, documents: Iterable[SourceDocument]
    ) -> Iterator[tuple[SourceDocument, Extraction | Exception]]:
        """Each document with its extraction, or with the exception that stopped it (the rest goes on).

        Texts go through ``nlp.pipe`` in batches. When a spaCy component fails inside a batch, the
        texts of that batch are parsed again one by one, so that only the bad one fails.
        """
        source = iter(documents)
        pending: dict[int, SourceDocument] = {}  # fed to nlp.pipe, not yet back; keyed by position
        counter = iter(range(1 << 62))
        source_failure: list[Exception] = []

        def feed() -> Iterator[tuple[str, int]]:
            while True:
                try:
                    document = next(source)
                except StopIteration:
                    return
                except Exception as exc:  # the caller's iterator failed: not a text's fault
                    source_failure.append(exc)
                    raise
                key = next(counter)
                pending[key] = document
                yield document.text, key  # the key, not the document, travels to worker processes

        while True:
            try:
                for doc, key in self.nlp.pipe(
                    feed(), as_tuples=True, batch_size=self.batch_size, n_process=self.n_process
                ):
                    for lost in [k for k in pending if k < key]:  # dropped by a component's error handler
                        yield pending.pop(lost), RuntimeError("the language pipeline dropped this text")
                    document = pending.pop(key)
                    yield document, self._result(document, doc)
                break
            except Exception:
                if not pending and not source_failure:
                    raise  # not tied to any text: a broken pipeline
                # A component failed somewhere in the batch: redo its texts one by one.
                for key in sorted(pending):
                    document = pending.pop(key)
                    try:
                        doc = self.nlp(document.text)
                    except Exception as exc:
                        yield document, exc
                        continue
                    yield document, self._result(document, doc)
                if source_failure:
                    raise source_failure[0] from None
        for key in sorted(pending):
            yield pending.pop(key), RuntimeError("the language pipeline dropped this text")

    def _result(self, document: SourceDocument, doc: Doc) -> Extraction | Exception:
        try:
            return self._assemble(document, doc)
        except Exception as exc:  # one bad document must not stop the batch
            return exc

    def _assemble(self, document: SourceDocument, doc: Doc) -> Extraction:
        parsed = gazetteer_toponyms(doc, parse(doc), self.gazetteer)
        parsed = acronym_toponyms(doc, in_name_toponyms(doc, parsed, self.gazetteer), self.gazetteer)
        parsed = refined_spans(doc, parsed, self.gazetteer)
        parsed = clean_entities(parsed, document.text, self.is_place)
        if self.demonyms:
            parsed = demonym_toponyms(doc, parsed, self.gazetteer)
        places = resolve_toponyms(parsed, self.gazetteer, self.geocoder, outlet_country(document.meta.url))
        dateline = parsed.dateline.date.text if parsed.dateline and parsed.dateline.date else None
        dates = resolve_dates(parsed.dates, document.meta.published, dateline)
        if self.country_of is not None:
            places = (*places, *nationality_places(doc, places, self.country_of))
        ties = extract_ties(parsed, places, dates, document.meta.published, text=document.text,
                            country_of=self.country_of)
        trips = extract_trips(doc, parsed, places, dates, published=document.meta.published, ties=ties)
        ties = (*ties, *implied_ties(trips, ties, places, parsed.sentences, document.text, dates,
                                     document.meta.published, (*parsed.organizations, *parsed.programs)))
        programs = (*parsed.programs, *tie_programs(trips, ties, places))
        # after the trips, which compare GeoNames codes; what is stored and shown reads "Hubei", not "12"
        places = with_readable_admin1(places, self.gazetteer)
        return Extraction(
            document=document,
            sentences=parsed.sentences,
            places=places,
            people=parsed.people,
            organizations=parsed.organizations,
            programs=programs,
            dates=dates,
            trips=trips,
            ties=ties,
            roles=dict(parsed.roles),
            program_organizers=dict(parsed.program_organizers),
        )


def _no_place(name: str) -> bool:
    return False


def ingest(
    paths: Iterable[Path | str],
    store: Store,
    extractor: SupportsExtractEach,
    progress: Progress | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip_unchanged: bool = False,
) -> IngestReport:
    """Read, extract and store the documents under ``paths``, each in its own transaction.

    A file that cannot be read or extracted is reported in ``failed`` and the rest goes on; the
    same text under another name is ``skipped`` as a duplicate; with ``skip_unchanged``, so is a
    document whose text is stored already under its id. Re-ingesting a document replaces its
    extraction; corrections are never touched.
    """
    files = discover(paths)
    return _ingest(files, store, extractor, progress, max_bytes=max_bytes, skip_unchanged=skip_unchanged)


def ingest_documents(
    documents: Sequence[SourceDocument],
    store: Store,
    extractor: SupportsExtractEach,
    progress: Progress | None = None,
    *,
    skip_unchanged: bool = False,
) -> IngestReport:
    """Extract and store documents already read (uploads), each in its own transaction."""
    return _ingest(list(documents), store, extractor, progress, skip_unchanged=skip_unchanged)


def _ingest(
    items: Sequence[Path | SourceDocument],
    store: Store,
    extractor: SupportsExtractEach,
    progress: Progress | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    skip_unchanged: bool = False,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    total = len(items)
    done = 0

    def finished(path: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, path)

    stored = store.document_hashes()  # one query up front, not one per document
    batch_ids: dict[str, str] = {}
    batch_hashes: dict[str, str] = {}

    def readable() -> Iterator[SourceDocument]:
        for item in items:
            name = str(item.path if isinstance(item, SourceDocument) else item)
            try:
                document = (item if isinstance(item, SourceDocument)
                            else read_document(item, max_bytes=max_bytes))
            except ReadError as exc:
                report.failed.append((name, exc.reason))
                finished(name)
                continue
            why = _why_skip(document, stored, batch_ids, batch_hashes, skip_unchanged)
            if why is not None:
                (report.failed if why.startswith("document id") else report.skipped).append((name, why))
                finished(name)
                continue
            batch_ids[document.id] = document.path
            batch_hashes[document.content_hash] = document.id
            yield document

    for document, result in extractor.extract_each(readable()):
        if isinstance(result, Exception):
            report.failed.append((document.path, f"extraction failed: {type(result).__name__}: {result}"))
        else:
            try:
                new = store.save_extraction(result)
            except DuplicateDocumentError as exc:
                report.skipped.append((document.path, str(exc)))
            except StoreError as exc:
                report.failed.append((document.path, f"not saved: {exc}"))
            else:
                report.ingested.append(document.path)
                report.replaced += not new
        finished(document.path)
    report.seconds = time.perf_counter() - started
    return report


def _why_skip(
    document: SourceDocument,
    stored: dict[str, str],
    batch_ids: dict[str, str],
    batch_hashes: dict[str, str],
    skip_unchanged: bool,
) -> str | None:
    """Why this document is not extracted (a reason starting "document id" is a failure), or None."""
    if document.id in batch_ids:
        return (f"document id {document.id!r} is also the name of {batch_ids[document.id]} in this batch; "
                "rename one of them")
    twin = batch_hashes.get(document.content_hash)
    if twin is not None:
        return f"same text as document {twin!r} in this batch"
    owner = stored.get(document.content_hash)
    if owner is not None and owner != document.id:
        return f"same text as document {owner!r} already in the database"
    if owner == document.id and skip_unchanged:
        return "unchanged since it was last ingested"
    return None
