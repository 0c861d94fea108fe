"""Where a batch's chunks are analysed: in this process, or in worker processes of its own.

Both backends follow :class:`Backend`: ``submit(texts, done)`` hands over a chunk of article
texts and later calls ``done`` (from any thread) with a function that returns the
:class:`~analysis.batch_work.ChunkResult` or raises; ``slots`` says how many chunks can run at
once. The Dask backend (:mod:`analysis.batch_dask`) follows it too.

:class:`LocalPool` runs ``jobs`` spawned worker processes, each loading the model once. Each
is driven by a thread of the parent that sends it one chunk at a time over a pipe, so the
parent always knows which chunk a worker holds: when a worker dies (killed, out of memory, a
crash in native code) only its chunk is lost, reported as :class:`WorkerLost`, and the next
chunk starts a fresh worker. (``concurrent.futures.ProcessPoolExecutor`` breaks the whole
pool instead, losing every worker's chunk.) Workers ignore ctrl+c, which the terminal sends
to the whole process group: the parent decides what to stop, and :meth:`LocalPool.close`
ends them.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from margin.analysis.batch_work import ChunkResult, analyze_chunk
from margin.errors import ModelError

#: What a backend gives ``done``: call it for the chunk's result (it may raise).
Outcome = Callable[[], ChunkResult]
#: The function that analyses a chunk: ``work(texts, model)``.
Work = Callable[[Sequence[str], str | None], ChunkResult]

#: Seconds a worker gets to end after being asked, before it is terminated.
STOP_GRACE = 2.0


class WorkerLost(Exception):
    """The worker analysing a chunk went away before answering (the chunk can be retried)."""


#: Articles per chunk sent to a worker process or a Dask task: the unit a dying worker
#: loses, and how soon the first results come back.
CHUNK_SIZE = 8
#: Articles per chunk analysed in this process (``--jobs 1``): nothing can die alone here,
#: and spaCy's batches fill better (8-article chunks cost ~5% more CPU: bench/chunk_size.py).
IN_PROCESS_CHUNK_SIZE = 32


class Backend(Protocol):
    """Something that analyses chunks of texts, ``slots`` of them at a time, each chunk of
    up to ``chunk_size`` texts."""

    slots: int
    chunk_size: int

    def submit(self, texts: list[str], done: Callable[[Outcome], None]) -> None:
        """Start analysing ``texts``; call ``done`` with the outcome when it is known."""
        ...

    def close(self, *, cancel: bool = False) -> None:
        """Stop; with ``cancel``, at once (what is still running is abandoned)."""
        ...


class InProcess:
    """Chunks analysed right away in this process (``--jobs 1``): no worker to start."""

    slots = 1
    chunk_size = IN_PROCESS_CHUNK_SIZE

    def __init__(self, model: str | None, *, work: Work = analyze_chunk) -> None:
        self.model = model
        self.work = work

    def submit(self, texts: list[str], done: Callable[[Outcome], None]) -> None:
        try:
            result = self.work(texts, self.model)
        except Exception as exc:
            done(_raiser(exc))
        else:
            done(lambda: result)

    def close(self, *, cancel: bool = False) -> None:
        return None


def _raiser(exc: BaseException) -> Outcome:
    def outcome() -> ChunkResult:
        raise exc

    return outcome


def describe_exit(code: int | None) -> str:
    """How a process ended, in words: ``killed by SIGKILL``, ``exited with status 3``."""
    if code is None:
        return "stopped"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exited with status {code}"


def _silence_output() -> None:
    """Send a worker's stdout and stderr to /dev/null: stdout may be the parent's JSON Lines
    output, and a library's warning would be drawn over the progress bar."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _worker_main(conn: Connection, model: str | None, work: Work, quiet: bool) -> None:
    """A worker process: analyse each chunk the parent sends until it sends None or goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if quiet:
        _silence_output()
    while True:
        try:
            texts = conn.recv()
        except (EOFError, OSError):
            return
        if texts is None:
            return
        try:
            reply: tuple[str, Any] = ("ok", work(texts, model))
        except ModelError as exc:
            reply = ("model", str(exc))
        except Exception as exc:
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (EOFError, OSError):
            return


class WorkerError(Exception):
    """A chunk-level error raised in a worker (not about one article): its message."""


class LocalPool:
    """``jobs`` worker processes, started when first needed, replaced when one dies."""

    chunk_size = CHUNK_SIZE

    def __init__(
        self, jobs: int, model: str | None, *, work: Work = analyze_chunk, quiet: bool = True
    ) -> None:
        self.slots = max(1, jobs)
        self.model = model
        self.work = work
        self.quiet = quiet
        self._chunks: queue.SimpleQueue[tuple[list[str], Callable[[Outcome], None]] | None] = (
            queue.SimpleQueue()
        )
        self._cancelled = threading.Event()
        self._context = multiprocessing.get_context("spawn")  # safe beside the parent's threads
        self._lock = threading.Lock()
        self._processes: dict[int, BaseProcess] = {}
        self._threads: list[threading.Thread] = []
        self._outstanding = 0
        self._conns: dict[int, Connection] = {}

    def submit(self, texts: list[str], done: Callable[[Outcome], None]) -> None:
        """Queue a chunk; the first free worker takes it (a worker is started if none is)."""
        with self._lock:
            self._outstanding += 1
            if len(self._threads) < min(self.slots, self._outstanding):
                thread = threading.Thread(
                    target=self._serve, args=(len(self._threads),), daemon=True
                )
                self._threads.append(thread)
                thread.start()
        self._chunks.put((texts, done))

    def _start(self, slot: int) -> tuple[BaseProcess, Connection]:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main,
            args=(theirs, self.model, self.work, self.quiet),
            name=f"margin-batch-worker-{slot + 1}",
            daemon=True,
        )
        with self._lock:
            if self._cancelled.is_set():
                raise EOFError("closing")
            process.start()
            self._processes[slot] = process
        theirs.close()  # so that the worker's death reads as end-of-file here
        return process, ours

    def _run_chunk(self, slot: int, texts: list[str]) -> Outcome:
        """Send ``texts`` to worker ``slot`` (started if need be) and wait for the outcome."""
        process = self._processes.get(slot)
        conn = self._conns.get(slot)
        try:
            if process is None or conn is None:
                process, conn = self._start(slot)
                self._conns[slot] = conn
            conn.send(texts)
            kind, payload = conn.recv()
        except (EOFError, OSError):
            how = "could not start"
            if process is not None:
                process.join(STOP_GRACE)
                how = describe_exit(process.exitcode)
            self._forget(slot)
            return _raiser(WorkerLost(f"worker {slot + 1} {how}"))
        if kind == "ok":
            return lambda: payload
        if kind == "model":
            return _raiser(ModelError(payload))
        return _raiser(WorkerError(payload))

    def _forget(self, slot: int) -> None:
        conn = self._conns.pop(slot, None)
        if conn is not None:
            conn.close()
        with self._lock:
            self._processes.pop(slot, None)

    def _serve(self, slot: int) -> None:
        """The thread that drives worker ``slot``: one chunk at a time; after a death, the
        next chunk starts a new worker."""
        try:
            while True:
                item = self._chunks.get()
                if item is None or self._cancelled.is_set():
                    return
                texts, done = item
                outcome = self._run_chunk(slot, texts)
                with self._lock:
                    self._outstanding -= 1
                if not self._cancelled.is_set():
                    done(outcome)
        finally:
            self._stop(slot)

    def _stop(self, slot: int) -> None:
        """End worker ``slot``: asked nicely after a finished batch, terminated if cancelled."""
        process = self._processes.get(slot)
        conn = self._conns.get(slot)
        if process is not None and not self._cancelled.is_set() and conn is not None:
            try:
                conn.send(None)
            except (OSError, ValueError):
                pass
        if process is not None:
            if self._cancelled.is_set():
                process.terminate()
            process.join(STOP_GRACE)
            if process.is_alive():
                process.kill()
                process.join(STOP_GRACE)
        self._forget(slot)

    def close(self, *, cancel: bool = False) -> None:
        """End the workers: at once if ``cancel`` (what runs is abandoned), else when idle."""
        if cancel:
            with self._lock:
                self._cancelled.set()
                for process in self._processes.values():
                    if process.is_alive():
                        process.terminate()
        for _ in self._threads:
            self._chunks.put(None)
        for thread in self._threads:
            thread.join(STOP_GRACE * 3)
