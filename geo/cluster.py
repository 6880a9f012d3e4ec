"""Ingest on a Dask cluster: documents go to the workers, extractions come back to the client to store.

Each worker loads the spaCy pipeline and the gazetteer once, when ``ExtractorPlugin`` is attached to it
(also to a worker that joins or restarts later). A task is a chunk of documents, keyed by their content
and metadata, so the same documents submitted twice are extracted once; a worker that dies takes no work
with it: the scheduler runs its tasks again on the others. The client writes each extraction in its
own transaction (``geo.pipeline.ingest`` with a ``DaskExtractor``), so workers need no access to
the database, any store URL works (SQLite too), and duplicate and replacement rules stay in one place.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from geo.models import Extraction, SourceDocument

if TYPE_CHECKING:
    from distributed import Client, Worker

    from geo.pipeline import Extractor

PLUGIN_NAME = "geo-extractor"
CONNECT_TIMEOUT_S = 30
WORKERS_TIMEOUT_S = 120  # a worker loads the model before it counts: allow a slow machine
TASKS_PER_THREAD = 2  # chunks in flight per worker thread: one running, one waiting
DEFAULT_CHUNK_SIZE = 16

_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = re.compile(r"(tcp|tls|ws|wss|inproc)://\S+")


class ClusterError(RuntimeError):
    """The Dask cluster cannot be reached or has no worker; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Scheduler:
    """Where the work goes: the address of a running scheduler, or a local cluster of ``workers``."""

    address: str | None = None
    workers: int = 0

    def __str__(self) -> str:
        return self.address or f"a local cluster of {self.workers} worker(s)"


def parse_scheduler(value: str) -> Scheduler:
    """``tcp://HOST:PORT`` (any Dask address) or ``local:N``; anything else is a ``ValueError`` quoting it."""
    text = value.strip()
    local = _LOCAL.fullmatch(text)
    if local:
        workers = int(local.group(1))
        if workers < 1:
            raise ValueError(f"--scheduler local:N needs N of at least 1, got: {value!r}")
        return Scheduler(workers=workers)
    if _ADDRESS.fullmatch(text):
        return Scheduler(address=text)
    raise ValueError(f"--scheduler must be tcp://HOST:PORT or local:N, got: {value!r}")


class ExtractorPlugin(WorkerPlugin):
    """Loads the extraction steps once per worker process, off the worker's event loop."""

    name = PLUGIN_NAME
    idempotent = False  # a new registration (another model) replaces the loaded one

    def __init__(self, spacy_model: str = "") -> None:
        self.spacy_model = spacy_model
        self.extractor: Extractor | None = None

    async def setup(self, worker: Worker) -> None:
        """Load the model and the gazetteer (from the worker machine's own GEO_CACHE_DIR)."""
        self.extractor = await asyncio.to_thread(_load_extractor, self.spacy_model)

    def teardown(self, worker: Worker) -> None:
        """Let the model go."""
        self.extractor = None


def _load_extractor(spacy_model: str) -> Extractor:
    from geo.config import load_config
    from geo.language.nlp import load_nlp
    from geo.pipeline import Extractor
    from geo.places.gazetteer import load_gazetteer

    return Extractor(load_nlp(spacy_model), load_gazetteer(load_config().cache_dir))


def extract_on_worker(documents: list[SourceDocument]) -> list[Extraction | Exception]:
    """The task: each document's extraction, or the exception that stopped it (the others go on)."""
    from distributed import get_worker

    plugin = get_worker().plugins.get(PLUGIN_NAME)
    extractor = getattr(plugin, "extractor", None)
    if extractor is None:
        lost = RuntimeError("this Dask worker could not load the model and the gazetteer (see its log)")
        return [lost for _ in documents]
    # nlp.pipe over the chunk, and one bad text fails alone: a raised exception would fail the task,
    # which Dask would only retry for nothing
    results = dict(_each(extractor, documents))
    return [results[task_key([d])] for d in documents]


def _each(extractor: Any, documents: list[SourceDocument]) -> Iterator[tuple[str, Extraction | Exception]]:
    try:
        for document, result in extractor.extract_each(documents):
            if isinstance(result, Exception):
                result = RuntimeError(f"{type(result).__name__}: {result}")
            yield task_key([document]), result
    except Exception as exc:  # the whole pipeline broke: every document of the chunk says why
        for document in documents:
            yield task_key([document]), RuntimeError(f"{type(exc).__name__}: {exc}")


def task_key(documents: Sequence[SourceDocument]) -> str:
    """A task's key: a digest of what the extractions depend on (texts, names, metadata)."""
    identity = [[d.id, d.path, d.content_hash, asdict(d.meta)] for d in documents]
    digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()
    return f"geo-extract-{digest[:32]}"


def capacity(client: Client) -> tuple[int, int]:
    """How many workers the cluster has, and how many threads they run in all."""
    threads: dict[str, int] = client.nthreads()
    return len(threads), sum(threads.values())


class DaskExtractor:
    """``extract_each`` on a Dask cluster: what ``geo.pipeline.ingest`` needs, documents done in any order.

    Documents go in chunks of ``chunk_size`` (one task each, parsed with ``nlp.pipe`` on the worker):
    small enough that a lost worker costs little to redo, large enough to amortise each task.
    """

    def __init__(self, client: Client, *, chunk_size: int = DEFAULT_CHUNK_SIZE,
                 in_flight: int | None = None) -> None:
        if chunk_size < 1:
            raise ValueError(f"chunk_size must be at least 1, got: {chunk_size!r}")
        self.client = client
        self.chunk_size = chunk_size
        self.in_flight = in_flight or max(4, TASKS_PER_THREAD * capacity(client)[1])

    def extract_each(
        self, documents: Iterable[SourceDocument]
    ) -> Iterator[tuple[SourceDocument, Extraction | Exception]]:
        """Each document with its extraction or its error, chunk by chunk as the workers finish them."""
        from distributed import as_completed

        source = iter(documents)
        waiting: dict[str, list[SourceDocument]] = {}
        done = as_completed()

        def submit_next() -> bool:
            chunk = list(itertools.islice(source, self.chunk_size))
            if not chunk:
                return False
            key = task_key(chunk)
            waiting[key] = chunk
            done.add(self.client.submit(extract_on_worker, chunk, key=key, pure=False))
            return True

        while len(waiting) < self.in_flight and submit_next():
            pass
        for future in done:
            chunk = waiting.pop(future.key)
            try:
                results: list[Extraction | Exception] = future.result()
            except Exception as exc:  # e.g. KilledWorker: this chunk killed workers again and again
                results = [RuntimeError(f"lost on the cluster: {type(exc).__name__}: {exc}")] * len(chunk)
            future.release()
            yield from zip(chunk, results, strict=True)
            while len(waiting) < self.in_flight and submit_next():
                pass


@contextmanager
def connect(scheduler: Scheduler, spacy_model: str = "") -> Iterator[Client]:
    """A client of the cluster with the extractor loaded on every worker; a local cluster lives as long."""
    from distributed import Client, LocalCluster

    cluster: LocalCluster | None = None
    try:
        if scheduler.address is None:
            cluster = LocalCluster(n_workers=scheduler.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(scheduler.address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError as exc:
            raise ClusterError(f"no Dask worker joined the scheduler at {scheduler} within "
                               f"{WORKERS_TIMEOUT_S} s: start one with `dask worker {scheduler}`") from exc
        client.register_plugin(ExtractorPlugin(spacy_model))
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
