"""Many articles at once: load each, look it up in the cache, analyse the rest in parallel.

:func:`run_batch` turns a stream of :class:`~analysis.batch_inputs.Input` into one
:class:`Outcome` per input, **in input order**:

1. each input is loaded (file, URL, stdin) in a small pool of threads of this process, and
   looked up in the analysis cache there: a hit is done;
2. the other articles go in chunks of up to ``chunk_size`` (the backend's own, unless given:
   larger in this process than for workers that can die) to a backend
   (:mod:`analysis.batch_local`: this process or worker processes; :mod:`analysis.batch_dask`:
   a Dask cluster), where each worker has loaded the model once;
3. each analysis is written to the cache (one file per article, atomically, in a writing
   thread) as soon as its chunk comes back, and its input is finished once the entry is on
   disk, so an interrupted batch keeps everything that finished.

Loading stays in this process: it is cheap next to the analysis, its failures (a missing file,
a binary, an unreachable URL) are one line for that input, the cache key is the loaded text's
SHA-256 (known only after loading, and a hit must not cost a worker), and a cluster's machines
cannot read this machine's files. Threads let slow URLs overlap.

Memory stays bounded: inputs are taken from the stream (in a thread, as reading it may block)
only while fewer than ``window`` lie between the oldest input not yet yielded and the newest
taken. Inputs with the same text are
analysed once. A worker that dies loses only its chunk: its articles are tried again one by
one, and one that loses its worker twice is reported as failed; a chunk-level error (no
model, a cluster running another model or another margin) stops the batch with one line.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from margin.analysis.batch_inputs import Input
from margin.analysis.batch_local import Backend, InProcess, LocalPool, Outcome, WorkerLost
from margin.errors import MarginError
from margin.model import Analysis, Article

if TYPE_CHECKING:  # pragma: no cover
    from margin.analysis.cache import AnalysisCache

#: Threads loading inputs (reading files, fetching URLs, reading the cache).
LOAD_THREADS = 4
#: Threads writing cache entries (each write waits for the disk: fsync).
WRITE_THREADS = 2
#: How often (seconds) the collecting loop wakes up with nothing to do (it stays
#: interruptible whatever the platform).
POLL_SECONDS = 0.5


@dataclass(slots=True)
class BatchOutcome:
    """What became of one input: its article and analysis, or why it failed.

    ``cached``: the analysis came from the cache (nothing was analysed).
    """

    index: int
    name: str
    article: Article | None = None
    analysis: Analysis | None = None
    cached: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the input was loaded and analysed."""
        return self.error is None


def default_jobs() -> int:
    """The number of cores this process may use."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def open_backend(jobs: int, scheduler: str | None, model: str | None) -> Backend:
    """The backend for ``--jobs``/``--scheduler``: a Dask cluster, worker processes, or this
    process for one job."""
    if scheduler:
        from margin.analysis.batch_dask import DaskBackend

        return DaskBackend(scheduler, model)
    if jobs > 1:
        return LocalPool(jobs, model)
    return InProcess(model)


def _load(
    name: str, cache: AnalysisCache | None, key_model: str | None, stdin: BinaryIO | None
) -> tuple[Article, Analysis | None]:
    """Load one input and look it up in the cache (in a loading thread)."""
    from margin.sources.loader import load_article

    article = load_article(name, stdin=stdin)
    hit = cache.get(article.sha256, key_model) if cache is not None and key_model else None
    if hit is not None and cache is not None and key_model:
        # An entry cached before there were compact copies (or whose copy was lost): the
        # reader's quick read of it is written now (a header read when it is there).
        cache.put_compact(article.sha256, key_model, hit, article.text)
    return article, hit


class _Batch:
    """The state of one :func:`run_batch`: what is loading, waiting, analysing, finished."""

    def __init__(
        self,
        backend: Backend,
        *,
        model: str,
        cache: AnalysisCache | None,
        chunk_size: int,
        window: int,
        stdin: BinaryIO | None,
        on_notice: Callable[[str], None] | None,
    ) -> None:
        from margin.analysis.pipeline import installed_model_id
        from margin.analysis.version import ANALYZER_VERSION

        self.backend = backend
        self.cache = cache
        self.key_model = installed_model_id(model)
        self.analyzer = ANALYZER_VERSION
        self.chunk_size = max(1, chunk_size)
        self.window = max(1, window)
        self.stdin = stdin
        self.on_notice = on_notice
        self.events: queue.SimpleQueue[tuple[str, Any, Any]] = queue.SimpleQueue()
        self.outcomes: dict[int, BatchOutcome] = {}
        self.finished: set[int] = set()
        self.next_out = 0
        self.taken = 0
        self.room = threading.Semaphore(self.window)  # inputs that may be taken now
        self.stopping = threading.Event()
        self.inputs_done = False
        self.loading = 0
        self.in_flight = 0
        self.storing = 0
        self.pending: deque[int] = deque()  # loaded, not cached: waiting for a chunk
        self.retry: deque[int] = deque()  # lost with a worker: to be sent again, alone
        self.tries: dict[int, int] = {}
        self.owner_of: dict[str, int] = {}  # text sha256 → the input whose analysis is awaited
        self.followers: dict[int, list[int]] = {}  # that input → others with the same text

    # -- taking and loading inputs ---------------------------------------------------------

    def produce(self, source: Iterator[Input]) -> None:
        """Take inputs from the stream while the window has room (in a thread of its own:
        the stream may block, e.g. on a list read from a pipe)."""
        try:
            while True:
                self.room.acquire()
                if self.stopping.is_set():
                    return
                item = next(source, None)
                if item is None:
                    self.events.put(("inputs", None, None))
                    return
                self.events.put(("input", item, None))
        except Exception as exc:  # a bug in expanding the inputs: the batch stops on it
            self.events.put(("inputs", exc, None))

    def take(self, item: Input, loader: ThreadPoolExecutor) -> None:
        """Start loading one input (or record why it cannot be)."""
        index = self.taken
        self.taken += 1
        self.outcomes[index] = BatchOutcome(index, item.name)
        if item.error is not None:
            self._finish(index, error=item.error)
            return
        self.loading += 1
        future = loader.submit(_load, item.name, self.cache, self.key_model, self.stdin)
        future.add_done_callback(lambda f, i=index: self.events.put(("loaded", i, f)))

    def loaded(self, index: int, future: Future[tuple[Article, Analysis | None]]) -> None:
        self.loading -= 1
        try:
            article, hit = future.result()
        except MarginError as exc:
            self._finish(index, error=str(exc))
            return
        except Exception as exc:  # a bug in loading one input must not stop the others
            self._finish(index, error=f"cannot load it: {type(exc).__name__}: {exc}")
            return
        outcome = self.outcomes[index]
        outcome.article = article
        if hit is not None:
            self._finish(index, analysis=hit, cached=True)
        elif article.sha256 in self.owner_of:
            self.followers[self.owner_of[article.sha256]].append(index)
        else:
            self.owner_of[article.sha256] = index
            self.followers[index] = []
            self.pending.append(index)

    # -- chunks ----------------------------------------------------------------------------

    def dispatch(self) -> None:
        """Send chunks: retries alone first; then whatever waits while a worker is idle, or
        full chunks while each worker has at most one more queued."""
        slots = self.backend.slots
        while self.retry and self.in_flight < 2 * slots:
            self._submit([self.retry.popleft()])
        while self.pending and (
            self.in_flight < slots
            or (len(self.pending) >= self.chunk_size and self.in_flight < 2 * slots)
        ):
            count = min(self.chunk_size, len(self.pending))
            self._submit([self.pending.popleft() for _ in range(count)])

    def _submit(self, indices: list[int]) -> None:
        texts = []
        for i in indices:
            self.tries[i] = self.tries.get(i, 0) + 1
            article = self.outcomes[i].article
            assert article is not None
            texts.append(article.text)
        self.in_flight += 1
        self.backend.submit(
            texts, lambda outcome, ids=indices: self.events.put(("analysed", ids, outcome))
        )

    def analysed(self, indices: list[int], outcome: Outcome, writer: ThreadPoolExecutor) -> None:
        self.in_flight -= 1
        try:
            result = outcome()
        except WorkerLost as exc:
            again = [i for i in indices if self.tries[i] < 2]
            if again and self.on_notice is not None:
                self.on_notice(
                    f"{exc}; its {len(again)} article(s) will be analysed again, one by one"
                )
            self.retry.extend(again)
            for i in indices:
                if self.tries[i] >= 2:
                    self._finish(i, error=f"the worker analysing it stopped again ({exc})")
            return
        except MarginError:
            raise
        except Exception as exc:
            raise MarginError(f"the analysis failed in a worker: {exc}") from exc
        if result.analyzer != self.analyzer or (
            self.key_model is not None and result.model != self.key_model
        ):
            raise MarginError(
                f"the workers run {result.model} with analyser version {result.analyzer}; "
                f"this margin has {self.key_model} and analyser version {self.analyzer}: "
                "install the same margin and model on the workers"
            )
        for i, analysis, error in zip(indices, result.analyses, result.errors, strict=True):
            if analysis is None:
                self._finish(i, error=error or "analysis failed")
                continue
            article = self.outcomes[i].article
            assert article is not None
            if self.cache is None:
                self._finish(i, analysis=analysis)
                continue
            # The write (an fsync) waits in a thread, not in the loop that feeds the workers.
            self.storing += 1
            future = writer.submit(
                partial(self.cache.put, text=article.text), article.sha256, result.model, analysis
            )
            future.add_done_callback(
                lambda f, i=i, a=analysis: self.events.put(("stored", i, (f, a)))
            )

    def stored(self, index: int, future: Future[bool], analysis: Analysis) -> None:
        """A cache entry is written: its input is finished (the entry is on disk first)."""
        self.storing -= 1
        future.result()  # put() itself never raises; an interruption would show here
        self._finish(index, analysis=analysis)

    # -- finishing and yielding ------------------------------------------------------------

    def _finish(
        self,
        index: int,
        *,
        analysis: Analysis | None = None,
        cached: bool = False,
        error: str | None = None,
    ) -> None:
        """Record the end of ``index`` and of the inputs that wait for its analysis."""
        article = self.outcomes[index].article
        if article is not None and self.owner_of.get(article.sha256) == index:
            del self.owner_of[article.sha256]
        for i in (index, *self.followers.pop(index, ())):
            self.tries.pop(i, None)
            outcome = self.outcomes[i]
            outcome.analysis, outcome.cached, outcome.error = analysis, cached, error
            self.finished.add(i)

    def ready(self) -> Iterator[BatchOutcome]:
        """The finished outcomes that come next in input order."""
        while self.next_out in self.finished:
            self.finished.discard(self.next_out)
            outcome = self.outcomes.pop(self.next_out)
            self.next_out += 1
            self.room.release()
            yield outcome

    def busy(self) -> bool:
        """Whether an event is still to come (an input, a load, an analysis)."""
        return not self.inputs_done or self.loading + self.in_flight + self.storing > 0

    def stop(self) -> None:
        """Let the thread taking inputs end (it may be blocked reading them: it is a daemon)."""
        self.stopping.set()
        self.room.release()


def run_batch(
    inputs: Iterable[Input],
    backend: Backend,
    *,
    model: str,
    use_cache: bool = True,
    cache_dir: Path | None = None,
    chunk_size: int | None = None,
    window: int | None = None,
    load_threads: int = LOAD_THREADS,
    stdin: BinaryIO | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> Iterator[BatchOutcome]:
    """Load, look up and analyse every input; yield one :class:`BatchOutcome` per input, in
    input order.

    ``model`` is the resolved pipeline name (:func:`margin.analysis.pipeline.resolve_model_name`);
    ``backend`` runs the chunks and is closed at the end (cancelled when the caller stops
    early or an error or ctrl+c ends the batch). ``window`` bounds the inputs held at once
    (default: four chunks per slot). ``on_notice`` hears about workers that died.
    """
    from margin.analysis.cache import AnalysisCache

    cache = AnalysisCache(cache_dir) if use_cache else None
    if chunk_size is None:
        chunk_size = backend.chunk_size
    if window is None:
        window = max(32, 4 * chunk_size * backend.slots)
    batch = _Batch(
        backend,
        model=model,
        cache=cache,
        chunk_size=chunk_size,
        window=window,
        stdin=stdin,
        on_notice=on_notice,
    )
    producer = threading.Thread(
        target=batch.produce, args=(iter(inputs),), name="margin-inputs", daemon=True
    )
    completed = False
    loader = ThreadPoolExecutor(max(1, load_threads), thread_name_prefix="margin-load")
    writer = ThreadPoolExecutor(WRITE_THREADS, thread_name_prefix="margin-write")
    try:
        producer.start()
        while True:
            yield from batch.ready()
            if batch.inputs_done and not batch.outcomes:
                break
            batch.dispatch()
            if not batch.busy():
                raise RuntimeError("batch stalled with inputs unfinished")  # a bug if reached
            try:
                kind, key, value = batch.events.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
            if kind == "input":
                batch.take(key, loader)
            elif kind == "loaded":
                batch.loaded(key, value)
            elif kind == "analysed":
                batch.analysed(key, value, writer)
            elif kind == "stored":
                batch.stored(key, *value)
            elif key is None:
                batch.inputs_done = True
            else:
                raise key
        completed = True
    finally:
        batch.stop()
        loader.shutdown(wait=False, cancel_futures=True)
        writer.shutdown(wait=True, cancel_futures=True)  # a write under way ends whole
        backend.close(cancel=not completed)
