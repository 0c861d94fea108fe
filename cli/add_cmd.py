"""``margin add PATH|URL|-... [--from FILE] [--jobs N] [--scheduler ADDRESS] [--quiet]``.

Adds articles to the library the reader shows, each analysed once into the analysis cache
the reader reads (:func:`analysis.batch.run_batch`). Folders are walked for the article
types margin reads; glob patterns are expanded; ``--from FILE`` lists more inputs, one per
line. Per input, in input order, one line: ``added: NAME`` or ``already there: NAME`` on
stdout, ``margin: NAME: reason`` on stderr for a failure; a summary ends the run. The exit
status is 1 when any input failed.

Analyses are cached as each chunk comes back; library rows are written in groups (at most
every :data:`FLUSH_SECONDS`) and an input's line is printed once its row is on disk. Ctrl+c
or SIGTERM stops the batch, writes the rows of what finished and exits with 130 (143): every
file is written whole or not at all, and running the same command again continues (cached
articles are not analysed again, articles in the library are skipped).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from margin.analysis.batch import BatchOutcome
from margin.cli.batch_progress import BatchReport
from margin.errors import MarginError
from margin.model import Article
from margin.sanitize import clean_text
from margin.storage.claims_index import part_from_analysis, part_key, refresh_index
from margin.storage.store import Store

#: Seconds between two writes of the library's rows (the file is rewritten whole each time).
FLUSH_SECONDS = 1.0
#: Rows that make a write happen sooner.
FLUSH_ROWS = 500
#: Groups of rows that may wait for the writing thread before the batch waits for it.
WRITES_AHEAD = 2


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that the batch stops like on ctrl+c."""


class _Library:
    """Rows waiting to be written to the library, and the lines that report them.

    The writing (text snapshots and the library file, each synced to disk) is done by a
    thread of its own, in order, so that the loop feeding the workers does not wait for the
    disk; at most :data:`WRITES_AHEAD` groups wait to be written.
    """

    def __init__(self, store: Store, report: BatchReport) -> None:
        self.store = store
        self.report = report
        self.known = store.article_keys()
        self.rows: list[Article] = []
        self.lines: list[tuple[str, bool]] = []
        self.last = time.monotonic()
        self.added = self.already = self.failed = 0
        self.claims: dict[str, dict[str, Any]] = {}
        """The claims index's part of each article added (written once, at the end)."""
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="margin-library")
        self._writes: deque[Future[None]] = deque()

    def record(self, outcome: BatchOutcome) -> None:
        """Note what became of one input (its row and its line wait for :meth:`flush`)."""
        if not outcome.ok or outcome.article is None:
            self.failed += 1
            self.lines.append((f"margin: {outcome.name}: {outcome.error}", True))
        elif outcome.article.sha256 in self.known:
            self.already += 1
            self.lines.append((f"already there: {outcome.name}", False))
        else:
            self.known.add(outcome.article.sha256)
            self.rows.append(outcome.article)
            if outcome.analysis is not None and outcome.analysis.model:
                key = part_key(outcome.analysis.model)
                self.claims[outcome.article.sha256] = part_from_analysis(outcome.analysis, key)
            self.added += 1
            self.lines.append((f"added: {outcome.name}", False))
        if len(self.rows) >= FLUSH_ROWS or time.monotonic() - self.last >= FLUSH_SECONDS:
            self.flush()

    def flush(self, *, wait: bool = False) -> None:
        """Hand the waiting rows and lines to the writing thread; with ``wait``, return once
        everything handed over is written. A write's error (a full disk) is raised here."""
        if self.rows or self.lines:
            rows, lines = self.rows, self.lines
            self.rows, self.lines = [], []
            self._writes.append(self._writer.submit(self._write, rows, lines))
        self.last = time.monotonic()
        while self._writes and (wait or self._writes[0].done() or len(self._writes) > WRITES_AHEAD):
            self._writes.popleft().result()

    def _write(self, rows: list[Article], lines: list[tuple[str, bool]]) -> None:
        """Write one group of rows in one go, then print its lines (in the writing thread)."""
        if rows:
            self.store.add_articles(rows, opened=False)  # added, not read
        for text, error in lines:
            if error or not self.report.quiet:
                self.report.line(text, error=error)

    def close(self) -> None:
        """Write what waits, and end the writing thread."""
        try:
            self.flush(wait=True)
        finally:
            self._writer.shutdown(wait=True)


def _update_claims_index(store: Store, parts: dict[str, dict[str, Any]]) -> None:
    """Put the added articles' claims into the library's claims index (derived data: a
    failure only means the next opening of the index reads them from the cache)."""
    if not parts:
        return
    try:
        refresh_index(store, fresh=parts)
    except MarginError as exc:
        print(f"margin: warning: the claims index was not updated: {exc}", file=sys.stderr)


class _Interrupts:
    """Ctrl+c (SIGINT) and SIGTERM as exceptions, held back while :meth:`held`: the outcome
    of one input is recorded whole (its row, its line and its claims together), never with
    its row written and its line missing."""

    def __init__(self) -> None:
        self.holding = False
        self.pending: KeyboardInterrupt | None = None

    def handle(self, signum: int, frame: Any) -> None:
        """The signal handler: raise now, or once the held section ends."""
        exc = Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()
        if not self.holding:
            raise exc
        self.pending = self.pending or exc

    @contextmanager
    def held(self) -> Iterator[None]:
        """Run the body whole; a signal that came meanwhile is raised after it."""
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending is not None:
            exc, self.pending = self.pending, None
            raise exc


def _count(paths: list[str], from_files: list[str]) -> Callable[[], int]:
    from margin.analysis.batch_inputs import expand_inputs

    return lambda: sum(1 for _ in expand_inputs(paths, from_files))


def _outcomes(args: argparse.Namespace, model: str, report: BatchReport) -> Iterator[BatchOutcome]:
    from margin.analysis.batch import default_jobs, open_backend, run_batch
    from margin.analysis.batch_dask import SCHEDULER_ENV
    from margin.analysis.batch_inputs import expand_inputs

    scheduler = args.scheduler or os.environ.get(SCHEDULER_ENV) or None
    backend = open_backend(args.jobs or default_jobs(), scheduler, model)
    return run_batch(
        expand_inputs(args.inputs, args.from_files),
        backend,
        model=model,
        on_notice=lambda message: report.line(f"margin: {message}", error=True),
    )


def run(args: argparse.Namespace) -> int:
    """Run ``margin add``; returns the exit status."""
    from margin.analysis.pipeline import resolve_model_name

    paths: list[str] = list(args.inputs)
    from_files: list[str] = list(args.from_files)
    if not paths and not from_files:
        raise MarginError("nothing to add: give files, folders, patterns, URLs, - or --from FILE")
    if paths.count("-") + from_files.count("-") > 1:
        raise MarginError("'-' (standard input) can be given only once")
    model = resolve_model_name(args.model)
    store = Store(args.db)
    for warning in store.warnings:
        print(f"margin: warning: {clean_text(str(warning))}", file=sys.stderr)
    report = BatchReport(quiet=args.quiet, description="adding")
    if "-" not in from_files:
        report.count_in_background(_count(paths, from_files))
    library = _Library(store, report)
    started = time.monotonic()
    interrupts = _Interrupts()
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, interrupts.handle)
    interrupted: KeyboardInterrupt | None = None
    try:
        with report:
            try:
                for outcome in _outcomes(args, model, report):
                    with interrupts.held():
                        report.advance(failed=not outcome.ok)
                        library.record(outcome)
            except KeyboardInterrupt as exc:
                interrupted = exc
            finally:
                library.close()
                _update_claims_index(store, library.claims)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    summary = (
        f"{library.added:,} added, {library.already:,} already there, "
        f"{library.failed:,} failed ({time.monotonic() - started:,.1f} s)"
    )
    if interrupted is not None:
        print(
            f"margin: interrupted: {summary}; run the same command again to continue",
            file=sys.stderr,
        )
        return 143 if isinstance(interrupted, Terminated) else 130
    if not args.quiet:
        print(summary, file=sys.stderr)
    return 1 if library.failed else 0
