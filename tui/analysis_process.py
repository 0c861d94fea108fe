"""The spaCy analysis in a child process of its own (no Textual here).

Importing spaCy, loading the model and parsing are all CPU-bound Python: in a thread of the
app they share the interpreter lock with the UI, which then stutters, and both go slower
(the model loads in ~1.7 s instead of ~1 s beside a busy UI; a 1 MB article takes twice as
long). In a child process they run on another core.

Used when the reader's :class:`~tui.analysis_runner.DefaultAnalyzer` is made with
``process=True`` (see there for why it is not the default).

:class:`AnalysisProcess` is started as soon as the reader has painted the text (started
earlier, it competes for the CPU with the first paint on a 2-core machine and delays it): the
child checks the analysis cache (and quits at once on a hit: the app reads the cache itself)
and otherwise imports spaCy and loads the model. The app then sends the text and the offsets
on screen (:meth:`AnalysisProcess.run`, from its worker thread), and the child streams
progress back over a pipe, paragraphs on screen first, and finally the whole analysis in the
compact form of :mod:`tui.reader_data` (arrays, quick to send); it also stores the result in
the cache.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from analysis.errors import MarginError
from analysis.model import Article
from tui.reader_data import ReaderAnalysis

POLL_SECONDS = 0.05
"""How often the app side checks for cancellation while waiting for the child."""


class AnalysisProcessError(MarginError):
    """The analysis process failed or ended unexpectedly (one line, for the user)."""


class Cancelled(Exception):
    """The analysis was cancelled (``should_stop`` answered True)."""


def _cache_has(article_sha: str, model: str | None) -> tuple[bool, str | None]:
    from analysis.pipeline import installed_model_id, resolve_model_name
    from storage.cache import AnalysisCache

    model_id = installed_model_id(resolve_model_name(model))
    if model_id is None:
        return False, None
    return AnalysisCache().path_for(article_sha, model_id).exists(), model_id


def _child_main(conn: Connection, sha256: str, model: str | None, use_cache: bool) -> None:
    """The child: check the cache, load the pipeline, wait for the text, analyse."""
    try:
        if use_cache and _cache_has(sha256, model)[0]:
            conn.send(("cached",))
            return
        from analysis.engine import AnalysisCancelled, analyze
        from analysis.pipeline import load_pipeline

        nlp = load_pipeline(model)
        conn.send(("loaded",))
        message = conn.recv()
        if message[0] != "run":
            return
        priority: list[int] = message[1]
        text: str = message[2]

        def on_progress(progress: Any) -> None:
            conn.send(
                (
                    "progress",
                    progress.sentences,
                    progress.entities,
                    progress.claims,
                    progress.done,
                    progress.total,
                )
            )

        def should_stop() -> bool:
            return conn.poll() and conn.recv()[0] == "stop"

        try:
            result = analyze(text, nlp, priority=priority, on_progress=on_progress,
                             should_stop=should_stop)  # fmt: skip
        except AnalysisCancelled:
            return
        if use_cache:
            from storage.cache import AnalysisCache

            AnalysisCache().put(sha256, result.model, result)
        conn.send(("done", ReaderAnalysis.from_analysis(result, text).to_payload()))
    except MarginError as exc:
        conn.send(("error", str(exc)))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass  # the app went away
    except Exception as exc:  # reported to the app as one line
        conn.send(("error", f"analysis failed: {type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class AnalysisProcess:
    """One article's analysis in a child process (see the module doc)."""

    def __init__(self, article: Article, model: str | None, *, use_cache: bool = True) -> None:
        context = multiprocessing.get_context("spawn")  # safe beside the app's threads
        self.article = article
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(
            target=_child_main,
            args=(child_conn, article.sha256, model, use_cache),  # the text goes with "run"
            name="margin-analysis",
            daemon=True,  # never outlives the app
        )
        self._process.start()
        child_conn.close()

    def run(
        self,
        priority: Sequence[int],
        on_progress: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ReaderAnalysis | None:
        """Analyse (paragraphs at ``priority`` offsets first); None if the child found the
        analysis in the cache. Raises :class:`Cancelled` or :class:`AnalysisProcessError`."""
        conn = self._conn
        sent = False
        try:
            while True:
                if should_stop is not None and should_stop():
                    raise Cancelled()
                if not conn.poll(POLL_SECONDS):
                    if not self._process.is_alive() and not conn.poll():
                        raise AnalysisProcessError("the analysis process ended unexpectedly")
                    continue
                message = conn.recv()
                kind = message[0]
                if kind == "cached":
                    return None
                if kind == "loaded" and not sent:
                    conn.send(("run", list(priority), self.article.text))
                    sent = True
                elif kind == "progress" and on_progress is not None:
                    on_progress(_Progress(*message[1:]))
                elif kind == "done":
                    return ReaderAnalysis.from_payload(message[1], self.article.text)
                elif kind == "error":
                    raise AnalysisProcessError(message[1])
        except (EOFError, BrokenPipeError, ConnectionResetError) as exc:
            raise AnalysisProcessError("the analysis process ended unexpectedly") from exc
        finally:
            self.close()

    def close(self) -> None:
        """Stop the child (if still running) and free the pipe."""
        try:
            if self._process.is_alive():
                try:
                    self._conn.send(("stop",))
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
