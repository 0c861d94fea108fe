"""The reader's default analyser: the engine through its cache (no Textual here).

:class:`DefaultAnalyzer` is called in a worker thread. A cache hit returns at once without
importing spaCy (the model id is read from the installed package's ``meta.json``), read
straight into the reader's compact form
(:meth:`margin.analysis.cache.AnalysisCache.get_compact`: the cache file of a 1 MB article as
dataclasses would take ~10 MB, ~20 MB while parsed); ``cached`` then
tells the reader the result came from the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from margin.analysis.service.compact import ReaderAnalysis
from margin.model import Article, Claim, Entity

if TYPE_CHECKING:  # pragma: no cover
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
        """Get ready to analyse ``article`` (start loading the model)."""
        ...

    def close(self) -> None:
        """Free what the analyser holds (a child process)."""
        ...


class DefaultAnalyzer:
    """Analyse with ``margin.analysis.engine`` (cache first, then spaCy).

    By default spaCy runs in a child process (:mod:`margin.analysis.service.process`) that
    :meth:`prepare` starts when the reader is mounted, before the text is painted: it imports
    spaCy and loads the model on the other core while the app paints, with no interpreter
    lock shared with the UI, and stays up for the next article: the first highlights come
    sooner than from a thread of the app (figures and how to reproduce them:
    ``bench/READER.md``). ``process=False`` analyses in the calling thread (the reader's
    worker) instead; so does the default if a child process cannot be started.
    """

    def __init__(
        self, model: str | None = None, *, use_cache: bool = True, process: bool = True
    ) -> None:
        self.model = model
        self.use_cache = use_cache
        self.in_process = not process
        self.cached = False
        self._process: AnalysisProcess | None = None

    def prepare(self, article: Article) -> None:
        """Start the analysis process now, unless one is up: it loads spaCy unless the cache
        has ``article``. Nothing to do when analysing in a thread. The cache is not looked up
        here: that costs the app more than starting the child, which looks itself
        (``bench/READER.md``)."""
        if self.in_process:
            return
        if self._process is not None and self._process.usable:
            return
        try:
            from margin.analysis.service.process import AnalysisProcess

            self._process = AnalysisProcess(article, self.model, use_cache=self.use_cache)
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

    def cached_analysis(self, article: Article) -> ReaderAnalysis | None:
        """The cached analysis of ``article`` if there is one, compact (never imports
        spaCy)."""
        if not self.use_cache:
            return None
        try:
            from margin.analysis.cache import AnalysisCache, model_key

            model_id = model_key(self.model)
            if model_id is None:
                return None
            return AnalysisCache().get_compact(article.sha256, model_id, article.text)
        except Exception:  # an unreadable cache only costs an analysis
            return None

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
        # A child started for another article may have found that one in the cache and
        # ended: then a second one is started for this article.
        for _ in range(2):
            if self.in_process:
                break
            from margin.analysis.service.process import AnalysisProcessError, Cancelled

            self.prepare(article)
            process = self._process
            if process is None:
                break
            try:
                result = process.run(article, priority, on_progress, should_stop)
            except Cancelled:
                from margin.analysis.engine import AnalysisCancelled

                raise AnalysisCancelled("analysis cancelled") from None
            except AnalysisProcessError:
                if should_stop is not None and should_stop():
                    raise
                self._drop(process)
                break  # try once more here, in the thread
            if not process.usable:
                self._drop(process)  # ended: the next article starts a new one
            if result is not None:
                return result
            hit = self.cached_analysis(article)  # the child found it in the cache
            if hit is not None:
                self.cached = True
                return hit
        from margin.analysis.engine import analyze_article

        analysis = analyze_article(
            article,
            self.model,
            use_cache=self.use_cache,
            priority=priority,
            on_progress=on_progress,
            should_stop=should_stop,
        )
        return ReaderAnalysis.from_analysis(analysis, article.text)  # in the caller's thread
