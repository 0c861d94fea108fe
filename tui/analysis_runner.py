"""The reader's default analyser: the engine through its cache (no Textual here).

:class:`DefaultAnalyzer` is called in a worker thread. A cache hit returns at once without
importing spaCy (the model id is read from the installed package's ``meta.json``), read
straight into the reader's compact form (:func:`tui.reader_data.load_cached`: the cache file
of a 1 MB article as dataclasses would take ~10 MB, ~20 MB while parsed); ``cached`` then
tells the reader the result came from the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from analysis.model import Analysis, Article
from tui.reader_data import ReaderAnalysis, load_cached


class Analyzer(Protocol):
    """What the reader calls (in a thread) to analyse an article."""

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Analysis | ReaderAnalysis: ...


class DefaultAnalyzer:
    """Analyse with ``analysis.engine`` (cache first, then spaCy).

    By default spaCy runs in the calling thread (the reader's worker). ``process=True`` runs
    it in a child process instead (:mod:`tui.analysis_process`): no interpreter lock shared
    with the UI, but a second interpreter to start. Measured on the 2-core machine this was
    built on (``bench/reader_speed.py --repeat 8 --quick``, with and without ``--process``),
    the thread was as responsive to keys during the analysis and showed the first
    highlights sooner, so it is the default. :meth:`prepare` (called once the text is
    painted: earlier, loading spaCy delays the first paint) starts loading spaCy.
    """

    def __init__(
        self, model: str | None = None, *, use_cache: bool = True, process: bool = False
    ) -> None:
        self.model = model
        self.use_cache = use_cache
        self.in_process = not process
        self.cached = False
        self._processes: dict[str, Any] = {}

    def prepare(self, article: Article) -> None:
        """Start loading spaCy for ``article`` now (in a thread, or the analysis process),
        unless the cache has it."""
        if article.sha256 in self._processes or self._cache_has(article):
            return
        if self.in_process:
            import threading

            from analysis.pipeline import load_pipeline

            def load() -> None:
                try:
                    load_pipeline(self.model)
                except Exception:
                    pass  # the analysis itself reports it

            threading.Thread(target=load, name="margin-spacy-load", daemon=True).start()
            return
        try:
            from tui.analysis_process import AnalysisProcess

            self._processes[article.sha256] = AnalysisProcess(
                article, self.model, use_cache=self.use_cache
            )
        except Exception:  # no child processes here: analyse in the thread instead
            self.in_process = True

    def _cache_has(self, article: Article) -> bool:
        if not self.use_cache:
            return False
        try:
            from analysis.pipeline import installed_model_id, resolve_model_name
            from storage.cache import AnalysisCache

            model_id = installed_model_id(resolve_model_name(self.model))
            return model_id is not None and (
                AnalysisCache().path_for(article.sha256, model_id).exists()
            )
        except Exception:
            return False

    def release(self, article: Article) -> None:
        """Stop ``article``'s analysis process if it is still running (the reader closed)."""
        process = self._processes.pop(article.sha256, None)
        if process is not None:
            process.close()

    def cached_analysis(self, article: Article) -> ReaderAnalysis | None:
        """The cached analysis of ``article`` if there is one, compact (never imports
        spaCy)."""
        if not self.use_cache:
            return None
        try:
            from analysis.engine import ANALYZER_VERSION
            from analysis.pipeline import installed_model_id, resolve_model_name
            from storage.cache import CACHE_FORMAT, AnalysisCache

            model_id = installed_model_id(resolve_model_name(self.model))
            if model_id is None:
                return None
            return load_cached(
                AnalysisCache().path_for(article.sha256, model_id),
                article.text,
                sha256=article.sha256,
                model_id=model_id,
                cache_format=CACHE_FORMAT,
                analyzer_version=ANALYZER_VERSION,
            )
        except Exception:  # an unreadable cache only costs an analysis
            return None

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Analysis | ReaderAnalysis:
        hit = self.cached_analysis(article)
        if hit is not None:
            self.cached = True
            self.release(article)
            return hit
        self.cached = False
        if not self.in_process:
            from tui.analysis_process import AnalysisProcessError, Cancelled

            self.prepare(article)
            process = self._processes.pop(article.sha256, None)
            if process is not None:
                try:
                    result = process.run(priority, on_progress, should_stop)
                except Cancelled:
                    from analysis.engine import AnalysisCancelled

                    raise AnalysisCancelled("analysis cancelled") from None
                except AnalysisProcessError:
                    if should_stop is not None and should_stop():
                        raise
                    result = None  # try once more here, in the thread
                if result is not None:
                    return result
                hit = self.cached_analysis(article)  # the child found it in the cache
                if hit is not None:
                    self.cached = True
                    return hit
        from analysis.engine import analyze_article

        return analyze_article(
            article,
            self.model,
            use_cache=self.use_cache,
            priority=priority,
            on_progress=on_progress,
            should_stop=should_stop,
        )
