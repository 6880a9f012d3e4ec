"""Ingest: one transaction per document, bad files reported while the rest goes on, kill -9 safe."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from geo.models import Extraction, Sentence, SourceDocument
from geo.pipeline import Extractor, IngestReport, ingest, ingest_documents
from geo.read.reading import document_from_text
from geo.store.database import Store
from tests.extraction_factory import make_extraction

ROOT = Path(__file__).resolve().parent.parent


class FakeExtractor:
    """Extraction without spaCy: one sentence per line; a text containing EXPLODE fails."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract_each(
        self, documents: Iterable[SourceDocument]
    ) -> Iterator[tuple[SourceDocument, Extraction | Exception]]:
        for document in documents:
            self.seen.append(document.id)
            if "EXPLODE" in document.text:
                yield document, RuntimeError("the extractor broke on this text")
                continue
            sentences, start = [], 0
            for line in document.text.split("\n"):
                sentences.append(Sentence(start, start + len(line), line))
                start += len(line) + 1
            yield document, Extraction(document=document, sentences=tuple(sentences), places=(), people=(),
                                       organizations=(), programs=(), dates=(), trips=())


def article(i: int) -> str:
    return f"Article number {i}.\nA delegation from city {i} visited a partner city."


def corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"doc_{i:03d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'atlas.db'}") as opened:
        yield opened


def test_ingest_a_folder(tmp_path: Path, store: Store) -> None:
    corpus(tmp_path / "corpus", 5)
    calls: list[tuple[int, int, str]] = []
    report = ingest([tmp_path / "corpus"], store, FakeExtractor(), lambda d, t, p: calls.append((d, t, p)))
    assert report.ok
    assert len(report.ingested) == 5
    assert store.document_ids() == [f"doc_{i:03d}" for i in range(5)]
    assert [c[:2] for c in calls] == [(i, 5) for i in range(1, 6)]
    assert "5 ingested, 0 skipped, 0 failed" in report.summary()


def test_reingest_replaces_and_keeps_corrections(tmp_path: Path, store: Store) -> None:
    from geo.store.corrections import make

    [path] = corpus(tmp_path / "corpus", 1)
    ingest([path], store, FakeExtractor())
    store.add_correction(make("not_place", {"document": "doc_000", "text": "city 0"}))
    path.write_text(article(0) + "\nA line added later.", encoding="utf-8")
    report = ingest([path], store, FakeExtractor())
    assert report.ingested == [str(path)]
    assert report.replaced == 1
    assert "1 ingested (1 replaced), 0 skipped, 0 failed" in report.summary()
    [extraction] = store.load_extractions()
    assert extraction.document.text.endswith("A line added later.")
    assert len(store.load_corrections()) == 1


def test_duplicates_are_skipped_with_a_reason(tmp_path: Path, store: Store) -> None:
    [a] = corpus(tmp_path / "one", 1)
    ingest([a], store, FakeExtractor())
    (tmp_path / "two").mkdir()
    renamed = tmp_path / "two" / "renamed.txt"
    renamed.write_text(a.read_text(encoding="utf-8"))
    twin = tmp_path / "two" / "twin.txt"
    twin.write_text("Same twice.")
    (tmp_path / "two" / "twin2.txt").write_text("Same twice.")
    report = ingest([tmp_path / "two"], store, FakeExtractor())
    assert report.ok
    assert dict(report.skipped) == {
        str(renamed): "same text as document 'doc_000' already in the database",
        str(tmp_path / "two" / "twin2.txt"): "same text as document 'twin' in this batch",
    }
    assert store.document_ids() == ["doc_000", "twin"]


def test_same_name_twice_in_a_batch_fails_the_second(tmp_path: Path, store: Store) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "report.txt").write_text("First text.")
    (tmp_path / "b" / "report.md").write_text("Second text.")
    report = ingest([tmp_path], store, FakeExtractor())
    [(path, reason)] = report.failed
    assert path == str(tmp_path / "b" / "report.md")
    assert "document id 'report' is also the name of" in reason
    assert store.document_ids() == ["report"]


def test_skip_unchanged(tmp_path: Path, store: Store) -> None:
    paths = corpus(tmp_path / "corpus", 3)
    ingest(paths, store, FakeExtractor())
    paths[1].write_text("Changed text.")
    extractor = FakeExtractor()
    report = ingest(paths, store, extractor, skip_unchanged=True)
    assert extractor.seen == ["doc_001"]
    assert [r for _, r in report.skipped] == ["unchanged since it was last ingested"] * 2


def test_every_bad_file_is_reported_and_the_rest_is_ingested(tmp_path: Path, store: Store) -> None:
    folder = tmp_path / "batch"
    good = corpus(folder, 3)
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 20)
    (folder / "latin1.txt").write_bytes("Les maires de Montr\u00e9al.".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_bytes(b"The delegation visited. " * 300_000)  # 7.2 MB
    (folder / "broken_sidecar.txt").write_text("A fine text with broken metadata.")
    (folder / "broken_sidecar.json").write_text('{"title": "x", "published": "2024-01-01",}')
    (folder / "feb30.txt").write_text("A fine text with an impossible date.")
    (folder / "feb30.json").write_text(json.dumps({"published": "2024-02-30"}))
    (folder / "explodes.txt").write_text("This text makes the extractor EXPLODE.")
    vanishing = folder / "zz_vanishing.txt"
    vanishing.write_text("Deleted between discovery and reading.")

    def progress(done: int, total: int, path: str) -> None:
        if done == 1:
            vanishing.unlink()  # discovered already, not yet read

    report = ingest([folder], store, FakeExtractor(), progress)
    reasons = {Path(p).name: r for p, r in report.failed}
    assert set(reasons) == {"binary.txt", "latin1.txt", "empty.txt", "huge.txt", "broken_sidecar.txt",
                            "feb30.txt", "explodes.txt", "zz_vanishing.txt"}
    assert "binary data" in reasons["binary.txt"]
    assert "not valid UTF-8: byte e9 at offset 19" in reasons["latin1.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "above the limit of 5.0 MB" in reasons["huge.txt"]
    assert "sidecar broken_sidecar.json is not valid JSON" in reasons["broken_sidecar.txt"]
    assert "line 1, column 42" in reasons["broken_sidecar.txt"]
    assert "not a real date: '2024-02-30'" in reasons["feb30.txt"]
    assert "extraction failed: RuntimeError: the extractor broke on this text" in reasons["explodes.txt"]
    assert "no such file" in reasons["zz_vanishing.txt"]
    assert sorted(report.ingested) == [str(p) for p in good]
    assert store.document_ids() == ["doc_000", "doc_001", "doc_002"]
    assert store.integrity_problems() == []
    assert not report.ok


def test_ingest_documents_from_memory(store: Store) -> None:
    documents = [document_from_text("upload_1", "<p>Hello from an upload.</p>", kind=".html")]
    report = ingest_documents(documents, store, FakeExtractor())
    assert report.ingested == ["upload_1"]
    assert store.load_extractions()[0].document.text == "Hello from an upload."


def test_a_store_failure_is_reported_per_document(tmp_path: Path, store: Store) -> None:
    class BrokenStore(Store):
        def save_extraction(self, extraction: Extraction) -> bool:
            from geo.store.database import StoreError

            if extraction.document.id == "doc_001":
                raise StoreError("disk full")
            return super().save_extraction(extraction)

    broken = BrokenStore(f"sqlite:///{tmp_path / 'broken.db'}")
    report = ingest(corpus(tmp_path / "c", 3), broken, FakeExtractor())
    assert report.failed == [(str(tmp_path / "c" / "doc_001.txt"), "not saved: disk full")]
    assert broken.document_ids() == ["doc_000", "doc_002"]
    broken.close()


def test_the_hand_made_extraction_is_stored_whole(store: Store) -> None:
    extraction = make_extraction("doc_a")

    class OneExtractor:
        def extract_each(
            self, documents: Iterable[SourceDocument]
        ) -> Iterator[tuple[SourceDocument, Extraction | Exception]]:
            for document in documents:
                yield document, extraction

    report: IngestReport = ingest_documents([extraction.document], store, OneExtractor())
    assert report.ok
    assert store.load_extractions() == [extraction]


# --- the real Extractor on a blank spaCy pipeline: a component failing on one text -----------------


def _blank_extractor(monkeypatch: pytest.MonkeyPatch, batch_size: int) -> Extractor:
    """An Extractor over ``spacy.blank("en")`` with a component that fails on texts saying BOOM."""
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc

    if "test_boom" not in Language.factories:
        @Language.component("test_boom")
        def boom(doc: Doc) -> Doc:
            if "BOOM" in doc.text:
                raise ValueError("the component broke on this text")
            return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("test_boom")

    def assemble(self: Extractor, document: SourceDocument, doc: Any) -> Extraction:
        sentence = Sentence(0, len(doc.text), doc.text)
        return Extraction(document=document, sentences=(sentence,), places=(), people=(), organizations=(),
                          programs=(), dates=(), trips=())

    monkeypatch.setattr(Extractor, "_assemble", assemble)
    return Extractor(nlp, cast(Any, None), batch_size=batch_size)


@pytest.mark.parametrize("batch_size", [1, 3, 50])
def test_a_component_failing_on_one_text_fails_only_that_text(
    monkeypatch: pytest.MonkeyPatch, batch_size: int
) -> None:
    extractor = _blank_extractor(monkeypatch, batch_size)
    texts = ["One.", "Two.", "This one says BOOM.", "Four.", "Five.", "Six.", "Seven."]
    documents = [document_from_text(f"d{i}", t) for i, t in enumerate(texts)]
    results = list(extractor.extract_each(documents))
    assert [d.id for d, _ in results] == [d.id for d in documents]
    outcomes = [type(r).__name__ for _, r in results]
    assert outcomes == ["Extraction"] * 2 + ["ValueError"] + ["Extraction"] * 4
    assert [r.sentences[0].text for _, r in results if isinstance(r, Extraction)] == [
        "One.", "Two.", "Four.", "Five.", "Six.", "Seven.",
    ]


def test_extract_many_keeps_the_order_and_raises_on_a_bad_text(monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = _blank_extractor(monkeypatch, 2)
    documents = [document_from_text(f"d{i}", f"Text {i}.") for i in range(5)]
    assert [e.document.id for e in extractor.extract_many(documents)] == ["d0", "d1", "d2", "d3", "d4"]
    with pytest.raises(ValueError, match="broke"):
        list(extractor.extract_many([document_from_text("bad", "BOOM")]))


def test_a_failing_source_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = _blank_extractor(monkeypatch, 4)

    def documents() -> Iterator[SourceDocument]:
        yield document_from_text("d0", "Fine.")
        raise OSError("the disk went away")

    results = extractor.extract_each(documents())
    first, outcome = next(results)
    assert first.id == "d0"
    assert isinstance(outcome, Extraction)
    with pytest.raises(OSError, match="the disk went away"):
        next(results)


# --- kill -9 in the middle of a batch -----------------------------------------------------------------

_CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from geo.models import Extraction, Sentence
    from geo.pipeline import ingest
    from geo.store.database import Store

    class Slow:
        def extract_each(self, documents):
            for document in documents:
                time.sleep(0.02)
                # many mentions-free sentences: a transaction with some weight
                sentences = tuple(Sentence(0, 1, "x") for _ in range(200))
                yield document, Extraction(document=document, sentences=sentences, places=(), people=(),
                                           organizations=(), programs=(), dates=(), trips=())

    def progress(done, total, path):
        print(done, flush=True)

    ingest([{folder!r}], Store({url!r}), Slow(), progress)
    print("finished", flush=True)
""")


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_kill_9_mid_batch_then_rerun_finishes_without_duplicates(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'atlas.db'}"
    else:
        url = request.getfixturevalue("pg_database")
    folder = tmp_path / "corpus"
    corpus(folder, 60)
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD.format(root=str(ROOT), folder=str(folder), url=url)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )
    assert child.stdout is not None
    counts = []
    with Store(url) as reader:  # the dashboard reads while the ingest writes
        for line in child.stdout:
            counts.append(reader.count_documents())
            if line.strip() == "15" or line.strip() == "finished":
                break
    assert counts == sorted(counts)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    with Store(url) as store:
        assert store.integrity_problems() == []
        survivors = store.document_ids()
        assert 15 <= len(survivors) < 60
        for extraction in store.load_extractions():  # nothing half-written
            assert len(extraction.sentences) == 200
        report = ingest([folder], store, FakeExtractor(), skip_unchanged=True)
        assert report.ok
        assert len(report.skipped) == len(survivors)
        assert store.document_ids() == [f"doc_{i:03d}" for i in range(60)]
        assert len(set(store.document_hashes())) == 60
        assert store.integrity_problems() == []

