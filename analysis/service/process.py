"""The spaCy analysis in a child process of its own (no Textual here).

Importing spaCy, loading the model and parsing are all CPU-bound Python: in a thread of the
app they share the interpreter lock with the UI, which then stutters, and both go slower. In
a child process they run on another core.

This is how the reader's :class:`~margin.analysis.service.runner.DefaultAnalyzer` analyses by
default. :class:`AnalysisProcess` is started when the reader is mounted, before the text is
painted (the spawn costs the app little: ``bench/READER.md``): the child checks the analysis
cache for that article (and ends at once on a hit: the app reads the cache itself), otherwise
imports spaCy and loads the model while the app paints. The app then sends the text and the
offsets on screen (:meth:`AnalysisProcess.run`, from its worker thread), and the child streams
progress back over a pipe, paragraphs on screen first, and finally the whole analysis in the
compact form of :mod:`margin.analysis.service.compact` (arrays, quick to send); it also stores
the result in the cache.
The child then waits for the next article (the library can open another without loading
spaCy again). Runs are numbered: a run that is cancelled (the reader closed) is told to
stop, and anything it still sends is ignored.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from margin.analysis.service.compact import ReaderAnalysis
from margin.errors import MarginError
from margin.model import Article

POLL_SECONDS = 0.05
"""How often the app side checks for cancellation while waiting for the child."""


class AnalysisProcessError(MarginError):
    """The analysis process failed or ended unexpectedly (one line, for the user)."""


class Cancelled(Exception):
    """The analysis was cancelled (``should_stop`` answered True)."""


def _cache_has(article_sha: str, model: str | None) -> bool:
    from margin.analysis.cache import AnalysisCache, model_key

    model_id = model_key(model)
    return model_id is not None and AnalysisCache().has(article_sha, model_id)


def _child_main(conn: Connection, sha256: str | None, model: str | None, use_cache: bool) -> None:
    """The child: check the cache for the first article, load the pipeline once, then analyse
    each text the app sends until it says "quit" (or goes away)."""
    _silence_output()
    try:
        if sha256 is not None and use_cache and _cache_has(sha256, model):
            conn.send(("cached",))
            return
        from margin.analysis.engine import AnalysisCancelled, analyze
        from margin.analysis.pipeline import load_pipeline

        nlp = load_pipeline(model)
    except MarginError as exc:
        _send(conn, ("error", None, str(exc)))
        conn.close()
        return
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return
    except Exception as exc:  # reported to the app as one line
        _send(conn, ("error", None, f"analysis failed: {type(exc).__name__}: {exc}"))
        conn.close()
        return
    _send(conn, ("loaded",))
    waiting: tuple[Any, ...] | None = None  # a message that interrupted the last run
    try:
        while True:
            message = waiting if waiting is not None else conn.recv()
            waiting = None
            if message[0] == "quit":
                return
            if message[0] != "run":
                continue  # a "stop" for a run that had already ended
            _, run_id, priority, text, text_sha = message

            def on_progress(progress: Any, run_id: int = run_id) -> None:
                conn.send(
                    (
                        "progress",
                        run_id,
                        progress.sentences,
                        progress.entities,
                        progress.claims,
                        progress.done,
                        progress.total,
                    )
                )

            def should_stop() -> bool:
                nonlocal waiting
                if conn.poll():  # any message ends this run: "stop", "quit" or a new "run"
                    waiting = conn.recv()
                    return True
                return False

            try:
                result = analyze(text, nlp, priority=priority, on_progress=on_progress,
                                 should_stop=should_stop)  # fmt: skip
            except AnalysisCancelled:
                continue
            except MarginError as exc:
                conn.send(("error", run_id, str(exc)))
                continue
            except Exception as exc:
                conn.send(("error", run_id, f"analysis failed: {type(exc).__name__}: {exc}"))
                continue
            if use_cache:
                from margin.analysis.cache import AnalysisCache

                try:
                    AnalysisCache().put(text_sha, result.model, result)
                except Exception:
                    pass  # a cache that cannot be written only costs the next analysis
            conn.send(("done", run_id, ReaderAnalysis.from_analysis(result, text).to_payload()))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass  # the app went away
    finally:
        conn.close()


def _silence_output() -> None:
    """Point the child's stdout and stderr at /dev/null: they are the app's terminal, and a
    stray warning from a library would be drawn over the reader. Everything the app needs
    comes over the pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for fd in (1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def _start(process: Any) -> None:
    """Start ``process``, also while Textual has replaced ``sys.stderr`` with its print
    capture, whose ``fileno()`` is -1: multiprocessing passes stderr's descriptor to its
    resource tracker and refuses a negative one ("bad value(s) in fds_to_keep")."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        process.start()
        return
    stderr = sys.stderr
    with open(os.devnull, "w") as devnull:  # the tracker must not draw over the reader either
        sys.stderr = devnull
        try:
            process.start()
        finally:
            sys.stderr = stderr


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    try:
        conn.send(message)
    except (OSError, ValueError):
        pass  # the app went away


class AnalysisProcess:
    """A child process that loads spaCy once and analyses the articles it is given, one at
    a time (see the module doc). ``first`` is the article it is started for: if the cache
    already holds its analysis, the child says so and ends without loading spaCy."""

    def __init__(self, first: Article | None, model: str | None, *, use_cache: bool = True) -> None:
        context = multiprocessing.get_context("spawn")  # safe beside the app's threads
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(
            target=_child_main,
            args=(child_conn, first.sha256 if first else None, model, use_cache),
            name="margin-analysis",
            daemon=True,  # never outlives the app
        )
        _start(self._process)
        child_conn.close()
        self._loaded = False
        self._ended = False
        self._run_id = 0
        self._lock = threading.Lock()  # one run at a time on the pipe

    @property
    def usable(self) -> bool:
        """True while the child can take another article."""
        return not self._ended and self._process.is_alive()

    def run(
        self,
        article: Article,
        priority: Sequence[int],
        on_progress: Callable[[_Progress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ReaderAnalysis | None:
        """Analyse ``article`` (paragraphs at ``priority`` offsets first); None if the child
        found it in the cache at start. Raises :class:`Cancelled` or
        :class:`AnalysisProcessError`. The child stays up for the next article."""
        with self._lock:
            self._run_id += 1
            run_id = self._run_id
            try:
                return self._run(run_id, article, priority, on_progress, should_stop)
            except (EOFError, BrokenPipeError, ConnectionResetError, OSError) as exc:
                self._ended = True
                raise AnalysisProcessError("the analysis process ended unexpectedly") from exc

    def _run(
        self,
        run_id: int,
        article: Article,
        priority: Sequence[int],
        on_progress: Callable[[_Progress], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> ReaderAnalysis | None:
        conn = self._conn
        request = ("run", run_id, list(priority), article.text, article.sha256)
        sent = False
        if self._loaded:
            conn.send(request)
            sent = True
        while True:
            if should_stop is not None and should_stop():
                if sent:
                    conn.send(("stop",))
                raise Cancelled()
            if not conn.poll(POLL_SECONDS):
                if not self._process.is_alive() and not conn.poll():
                    self._ended = True
                    raise AnalysisProcessError("the analysis process ended unexpectedly")
                continue
            message = conn.recv()
            kind = message[0]
            if kind == "cached":
                self._ended = True
                return None
            if kind == "loaded":
                self._loaded = True
                if not sent:
                    conn.send(request)
                    sent = True
                continue
            if message[1] is None:  # the child could not start: it has ended
                self._ended = True
                raise AnalysisProcessError(message[2])
            if message[1] != run_id:
                continue  # from an earlier, cancelled run
            if kind == "progress" and on_progress is not None:
                on_progress(_Progress(*message[2:]))
            elif kind == "done":
                return ReaderAnalysis.from_payload(message[2], article.text)
            elif kind == "error":
                raise AnalysisProcessError(message[2])

    def close(self) -> None:
        """Stop the child and free the pipe."""
        self._ended = True
        try:
            if self._process.is_alive():
                try:
                    self._conn.send(("quit",))
                except (OSError, ValueError):
                    pass
                self._process.join(0.2)
                if self._process.is_alive():
                    self._process.terminate()
                    self._process.join(1)
        finally:
            self._conn.close()


class _Progress:
    """A progress report as received from the child (the engine's fields)."""

    __slots__ = ("claims", "done", "entities", "sentences", "total")

    def __init__(
        self, sentences: list[Any], entities: list[Any], claims: list[Any], done: int, total: int
    ) -> None:
        self.sentences = sentences
        self.entities = entities
        self.claims = claims
        self.done = done
        self.total = total
