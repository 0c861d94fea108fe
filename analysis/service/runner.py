"""The reader's default analyser: the engine through its cache (no Textual here).

:class:`DefaultAnalyzer` looks the article up in the analysis cache first (:meth:`prepare`: a
file's existence, no spaCy), as soon as the article is loaded, and only on a miss starts the
analysis process. The reader reads the cache's compact copy of the entry before its first
frame (:meth:`DefaultAnalyzer.cached_analysis` with ``fallback=False``); otherwise the
analyser is called in a worker thread: a cache hit is read straight into the reader's compact
form (:meth:`margin.analysis.cache.AnalysisCache.get_compact`: the cache file
of a 1 MB article as dataclasses would take ~10 MB, ~20 MB while parsed), and ``cached`` tells
the reader the result came from the cache. This module imports little, so that ``margin
PATH`` can look the cache up before Textual is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from margin.model import Article, Claim, Entity

if TYPE_CHECKING:  # pragma: no cover
    from margin.analysis.service.compact import ReaderAnalysis
    from margin.analysis.service.process import AnalysisProcess


class ProgressReport(Protocol):
    """What ``on_progress`` gets after each batch of the analysis: only the new items (the
    engine's :class:`~margin.analysis.engine.AnalysisProgress`, or its copy from the analysis
    process)."""

    @property
    def sentences(self) -> Sequence[tuple[int, int]]: ...

    @property
    def entities(self) -> Sequence[Entity]: ...

    @property
    def claims(self) -> Sequence[Claim]: ...

    @property
    def done(self) -> int:
        """Characters of the text analysed so far."""
        ...

    @property
    def total(self) -> int:
        """Characters of the text in all."""
        ...


class Analyzer(Protocol):
    """What the reader calls (in a worker thread) to analyse an article: the whole analysis
    in the reader's compact form, after streaming each batch to ``on_progress``. Raises
    :class:`~margin.errors.MarginError` (one line for the user) or
    :class:`~margin.analysis.engine.AnalysisCancelled` once ``should_stop`` answers True."""

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[ProgressReport], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ReaderAnalysis: ...


@runtime_checkable
class ManagedAnalyzer(Analyzer, Protocol):
    """An analyser with a life of its own (:class:`DefaultAnalyzer`): the reader calls
    :meth:`prepare` before its first paint and tells whether the last result was
    :attr:`cached`; the app calls :meth:`close` when it quits. A plain function is an
    :class:`Analyzer` too, without these."""

    cached: bool
    """True when the last call's result came from the cache."""

    def prepare(self, article: Article) -> None:
        """Get ready to analyse ``article`` (start loading the model unless the cache has
        it)."""
        ...

    def close(self) -> None:
        """Free what the analyser holds (a child process)."""
        ...


@runtime_checkable
class CachingAnalyzer(Protocol):
    """An analyser that can give the cached analysis of an article without analysing it
    (:class:`DefaultAnalyzer`): the reader asks before its first frame."""

    def cached_analysis(self, article: Article, *, fallback: bool = True) -> ReaderAnalysis | None:
        """The cached analysis of ``article`` (``fallback=False``: only from the cache's
        compact copy, milliseconds), or None."""
        ...


class DefaultAnalyzer:
    """Analyse with ``margin.analysis.engine`` (cache first, then spaCy).

    :meth:`prepare` is called as soon as the article is known (by ``margin PATH`` before
    Textual is imported, and by the reader when it opens an article): it looks the article up
    in the cache, and on a miss starts the analysis process
    (:mod:`margin.analysis.service.process`), which imports spaCy and loads the model on the
    other core while the app starts and paints, with no interpreter lock shared with the UI,
    and stays up for the next article (figures and how to reproduce them:
    ``bench/READER.md``). On a hit nothing is started: the reader reads the cache after its
    first paint. ``process=False`` analyses in the calling thread (the reader's worker)
    instead; so does the default if a child process cannot be started. ``fork=True`` (the
    CLI's) forks the process from this one while it still runs a single thread.
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        use_cache: bool = True,
        process: bool = True,
        fork: bool = False,
    ) -> None:
        self.model = model
        self.fork = fork
        """Fork the analysis process from this one while it runs a single thread (``margin
        PATH`` before Textual is imported: see :class:`AnalysisProcess`)."""
        self.use_cache = use_cache
        self.in_process = not process
        self.cached = False
        self.processes_started = 0
        """How many analysis processes this analyser has started (for tests and benches)."""
        self._process: AnalysisProcess | None = None
        self._hits: set[str] = set()
        self._model_id: str | None = None

    def _model_key(self) -> str | None:
        """The cache key's model part (read from the model's ``meta.json`` once: the reader
        asks before its first frame, twice)."""
        if self._model_id is None:
            from margin.analysis.cache import model_key

            self._model_id = model_key(self.model)
        return self._model_id

    def in_cache(self, article: Article) -> bool:
        """Whether the cache holds ``article``'s analysis (a file's existence: cheap, never
        imports spaCy; the file may still prove damaged when read)."""
        if not self.use_cache:
            return False
        if article.sha256 in self._hits:
            return True
        try:
            from margin.analysis.cache import AnalysisCache

            model_id = self._model_key()
            found = model_id is not None and AnalysisCache().has(article.sha256, model_id)
        except Exception:  # no model, an unreadable cache: the analysis will say
            return False
        if found:
            self._hits.add(article.sha256)
        return found

    def prepare(self, article: Article) -> None:
        """Get ready for ``article``: nothing if the cache has it (or analysing in a thread);
        otherwise start the analysis process now, unless one is up."""
        if self.in_process or self.in_cache(article):
            return
        self._start_process()

    def _start_process(self) -> None:
        """Start the analysis process unless one is up (a failure: analyse in the thread)."""
        if self._process is not None and self._process.usable:
            return
        try:
            from margin.analysis.service.process import AnalysisProcess

            self._process = AnalysisProcess(self.model, use_cache=self.use_cache, fork=self.fork)
            self.processes_started += 1
        except Exception:  # no child processes here: analyse in the thread instead
            self._process = None
            self.in_process = True

    def _drop(self, process: AnalysisProcess) -> None:
        """Forget ``process`` (ended, or failed on an article: then stopped)."""
        if process is self._process:
            self._process = None
        process.close()

    def close(self) -> None:
        """Stop the analysis process, if any (the app is quitting)."""
        if self._process is not None:
            self._process.close()
            self._process = None

    def cached_analysis(self, article: Article, *, fallback: bool = True) -> ReaderAnalysis | None:
        """The cached analysis of ``article`` if there is one, compact (never imports
        spaCy). ``fallback=False`` reads only the cache's compact copy (milliseconds even
        for a 1 MB article: the reader does it before its first frame), never its JSON
        file; the full read also writes the compact copy when it was missing."""
        if not self.in_cache(article):
            return None
        try:
            from margin.analysis.cache import AnalysisCache

            model_id = self._model_key()
            if model_id is None:
                return None
            found = AnalysisCache().get_compact(
                article.sha256, model_id, article.text, fallback=fallback
            )
        except Exception:  # an unreadable cache only costs an analysis
            found = None
        if found is not None or fallback:
            self._hits.discard(article.sha256)  # looked up afresh next time
        return found

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[ProgressReport], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ReaderAnalysis:
        hit = self.cached_analysis(article)
        if hit is not None:
            self.cached = True
            return hit
        self.cached = False
        if not self.in_process:
            from margin.analysis.service.process import AnalysisProcessError, Cancelled

            self._start_process()  # (also after a cache file that could not be read)
            process = self._process
            if process is not None:
                try:
                    return process.run(article, priority, on_progress, should_stop)
                except Cancelled:
                    from margin.analysis.engine import AnalysisCancelled

                    raise AnalysisCancelled("analysis cancelled") from None
                except AnalysisProcessError:
                    if should_stop is not None and should_stop():
                        raise
                    self._drop(process)  # then once more here, in the thread
        from margin.analysis.engine import analyze_article
        from margin.analysis.service.compact import ReaderAnalysis

        analysis = analyze_article(
            article,
            self.model,
            use_cache=self.use_cache,
            priority=priority,
            on_progress=on_progress,
            should_stop=should_stop,
        )
        return ReaderAnalysis.from_analysis(analysis, article.text)  # in the caller's thread
