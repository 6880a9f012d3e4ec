"""Ingest on a Dask cluster ends with what a single-process ingest gives: no document lost, none twice."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from geo.cluster import (
    DaskExtractor,
    ExtractorPlugin,
    Scheduler,
    connect,
    parse_scheduler,
    task_key,
)
from geo.models import DocumentMeta, Extraction, SourceDocument
from geo.pipeline import Extractor, ingest
from geo.read.reading import document_from_text
from geo.store.database import Store
from geo.views.export import to_json
from tests.conftest import TEST_DATA

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = TEST_DATA / "articles"


@pytest.mark.parametrize(("value", "expected"), [
    ("tcp://10.0.0.5:8786", Scheduler(address="tcp://10.0.0.5:8786")),
    (" tcp://scheduler.lab:8786 ", Scheduler(address="tcp://scheduler.lab:8786")),
    ("tls://scheduler.lab:8786", Scheduler(address="tls://scheduler.lab:8786")),
    ("local:2", Scheduler(workers=2)),
    ("local:16", Scheduler(workers=16)),
])
def test_scheduler_forms(value: str, expected: Scheduler) -> None:
    assert parse_scheduler(value) == expected


@pytest.mark.parametrize("value", ["", "local", "local:0", "local:-1", "local:two", "10.0.0.5:8786",
                                   "http//x", "tcp://"])
def test_a_bad_scheduler_is_refused_quoting_it(value: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(value))):
        parse_scheduler(value)


def test_task_key_follows_content_and_metadata() -> None:
    one = document_from_text("A delegation from Boise visited Osaka.", "one")
    same = document_from_text("A delegation from Boise visited Osaka.", "one")
    other = document_from_text("A delegation from Boise visited Kobe.", "one")
    dated = SourceDocument(one.id, one.path, one.text, DocumentMeta(published="2024-05"), one.content_hash)
    assert task_key([one]) == task_key([same])
    assert task_key([one]) != task_key([other])
    assert task_key([one]) != task_key([dated])  # the publication date changes how dates resolve
    assert task_key([one, other]) != task_key([other, one])


def _atlas_json(url: str) -> dict[str, Any]:
    from geo.views.atlas import build_atlas

    with Store(url) as store:
        assert store.integrity_problems() == []
        atlas = build_atlas(store.load_extractions(), store.load_corrections(include_undone=False))
    return dict(json.loads(to_json(atlas)))


@pytest.fixture(scope="module")
def single_process(tmp_path_factory: pytest.TempPathFactory, nlp: Any, gazetteer: Any) -> dict[str, Any]:
    """The test articles ingested in this process, the reference a distributed ingest must match."""
    url = f"sqlite:///{tmp_path_factory.mktemp('single') / 'atlas.db'}"
    with Store(url) as store:
        assert ingest([ARTICLES], store, Extractor(nlp, gazetteer)).ok
    return _atlas_json(url)


def test_local_cluster_ingest_equals_single_process_and_a_rerun_adds_nothing(
    tmp_path: Path, single_process: dict[str, Any]
) -> None:
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    with connect(Scheduler(workers=2)) as client, Store(url) as store:
        first = ingest([ARTICLES], store, DaskExtractor(client))
        again = ingest([ARTICLES], store, DaskExtractor(client))
    assert first.ok
    assert again.ok
    assert len(again.ingested) == again.replaced == len(first.ingested)  # replaced, not added
    result = _atlas_json(url)
    assert result == single_process
    assert result["trips"]  # the comparison is not between two empty atlases
    assert len({d["id"] for d in result["documents"]}) == len(result["documents"])


class _Failing:
    """An extractor that breaks on texts containing EXPLODE."""

    def extract_each(
        self, documents: Iterable[SourceDocument]
    ) -> Iterator[tuple[SourceDocument, Extraction | Exception]]:
        for document in documents:
            if "EXPLODE" in document.text:
                yield document, ValueError("cannot parse this text")
            else:
                yield document, Extraction(document=document, sentences=(), places=(), people=(),
                                           organizations=(), programs=(), dates=(), trips=())


class _FailingPlugin(ExtractorPlugin):
    async def setup(self, worker: Any) -> None:
        self.extractor = _Failing()  # type: ignore[assignment]


def test_a_document_that_fails_on_a_worker_is_reported_and_the_others_are_stored(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(6):
        (folder / f"doc_{i}.txt").write_text(f"Article {i}." + (" EXPLODE" if i == 3 else ""))
    with (LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster,
          Client(cluster) as client, Store(f"sqlite:///{tmp_path / 'atlas.db'}") as store):
        client.register_plugin(_FailingPlugin())
        report = ingest([folder], store, DaskExtractor(client, chunk_size=2, in_flight=2))
        assert store.document_ids() == ["doc_0", "doc_1", "doc_2", "doc_4", "doc_5"]
    assert [(Path(p).name, why) for p, why in report.failed] == [
        ("doc_3.txt", "extraction failed: RuntimeError: ValueError: cannot parse this text")
    ]


@pytest.mark.parametrize("size", [0, -3])
def test_a_chunk_size_below_one_is_refused(size: int) -> None:
    with pytest.raises(ValueError, match=f"chunk_size must be at least 1, got: {size}"):
        DaskExtractor(None, chunk_size=size)  # type: ignore[arg-type]


def test_cli_refuses_a_bad_scheduler_with_usage_status(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "geo", "ingest", str(ARTICLES), "--db", f"sqlite:///{tmp_path / 'a.db'}",
         "--scheduler", "10.0.0.5:8786"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert "--scheduler must be tcp://HOST:PORT or local:N, got: '10.0.0.5:8786'" in done.stderr


def test_cli_names_a_scheduler_it_cannot_reach(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from geo import cluster
    from geo.__main__ import main

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 1)
    status = main(["ingest", str(ARTICLES), "--db", f"sqlite:///{tmp_path / 'a.db'}",
                   "--scheduler", f"tcp://127.0.0.1:{_free_port()}"])
    assert status == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in capsys.readouterr().err


# --- separate processes: `dask scheduler`, two `dask worker`, PostgreSQL, kill -9 ---------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _many_articles(folder: Path, copies: int) -> int:
    """``copies`` variants of each test article (a line added, so each text is new); returns the count."""
    folder.mkdir()
    n = 0
    for source in sorted(ARTICLES.glob("*.txt")):
        sidecar = source.with_suffix(".json")
        for k in range(copies):
            name = f"{source.stem}_{k}"
            (folder / f"{name}.txt").write_text(source.read_text() + f"\n\nFile note {k}.\n")
            if sidecar.exists():
                shutil.copy(sidecar, folder / f"{name}.json")
            n += 1
    return n


@pytest.fixture
def dask_processes(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A scheduler and two single-thread workers, each its own process, as a user starts them."""
    dask = Path(sys.executable).with_name("dask")
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # workers import geo from the project folder
    logs = tmp_path / "logs"
    logs.mkdir()
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str, *args: str) -> subprocess.Popen[bytes]:
        with (logs / f"{name}.log").open("wb") as log:
            process = subprocess.Popen([str(dask), *args], cwd=ROOT, env=env, stdout=log,
                                       stderr=subprocess.STDOUT)
        started.append(process)
        return process

    port = address.rsplit(":", 1)[1]
    start("scheduler", "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard")
    workers = [start(f"worker{i}", "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                     "--name", f"w{i}") for i in range(2)]
    try:
        yield address, workers
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.postgres
def test_scheduler_and_two_worker_processes_into_postgresql_survive_a_worker_killed_9(
    tmp_path: Path, pg_database: str, nlp: Any, gazetteer: Any,
    dask_processes: tuple[str, list[subprocess.Popen[bytes]]],
) -> None:
    address, workers = dask_processes
    folder = tmp_path / "corpus"
    total = _many_articles(folder, 8)
    reference = f"sqlite:///{tmp_path / 'single.db'}"
    with Store(reference) as store:
        assert ingest([folder], store, Extractor(nlp, gazetteer)).ok

    command = [sys.executable, "-m", "geo", "ingest", str(folder), "--db", pg_database,
               "--scheduler", address]
    client = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    with Store(pg_database) as reader:
        deadline = time.monotonic() + 300
        while reader.count_documents() < total // 10 and client.poll() is None:
            assert time.monotonic() < deadline, "the distributed ingest stored nothing in 5 minutes"
            time.sleep(0.05)
        stored_at_kill = reader.count_documents()
    assert client.poll() is None, "the ingest ended before a worker could be killed"
    os.kill(workers[0].pid, signal.SIGKILL)
    _, err = client.communicate(timeout=600)
    assert client.returncode == 0, err
    assert stored_at_kill < total
    assert f"ingest: {total} ingested, 0 skipped, 0 failed" in err
    assert workers[0].wait(timeout=10) == -signal.SIGKILL

    distributed = _atlas_json(pg_database)
    assert distributed == _atlas_json(reference)
    assert len(distributed["documents"]) == total

    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)  # one worker left
    assert rerun.returncode == 0, rerun.stderr
    assert f"ingest: {total} ingested ({total} replaced)" in rerun.stderr
    assert _atlas_json(pg_database) == distributed
