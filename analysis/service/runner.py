"""The reader's default analyser: the engine through its cache (no Textual here).

:class:`DefaultAnalyzer` looks the article up in the analysis cache first (:meth:`prepare`: a
file's existence, no spaCy), as soon as the article is loaded, and only on a miss starts the
analysis process. It is then called in a worker thread: a cache hit is read straight into the
reader's compact form (:func:`margin.analysis.service.compact.load_cached`: the cache file of a
1 MB article as dataclasses would take ~10 MB, ~20 MB while parsed) and ``cached`` tells the
reader the result came from the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from margin.model import Analysis, Article

if TYPE_CHECKING:  # pragma: no cover
    from margin.analysis.service.compact import ReaderAnalysis


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
    """Analyse with ``margin.analysis.engine`` (cache first, then spaCy).

    :meth:`prepare` is called as soon as the article is known (by ``margin PATH`` before
    Textual is imported, and by the reader when it opens an article): it looks the article up
    in the cache, and on a miss starts the analysis process
    (:mod:`margin.analysis.service.process`), which imports spaCy and loads the model on the
    other core while the app starts and paints, with no interpreter lock shared with the UI,
    and stays up for the next article. On a hit nothing is started: the reader reads the
    cache after its first paint. ``process=False``
    analyses in the calling thread (the reader's worker) instead; so does the default if a
    child process cannot be started.
    """

    def __init__(
        self, model: str | None = None, *, use_cache: bool = True, process: bool = True
    ) -> None:
        self.model = model
        self.use_cache = use_cache
        self.in_process = not process
        self.cached = False
        self.processes_started = 0
        """How many analysis processes this analyser has started (for tests and benches)."""
        self._process: Any = None
        self._hits: dict[str, Path] = {}

    def cache_path(self, article: Article) -> Path | None:
        """Where the cache keeps ``article``'s analysis, if it does (a file's existence:
        never imports spaCy)."""
        if not self.use_cache:
            return None
        found = self._hits.get(article.sha256)
        if found is not None:
            return found
        try:
            from margin.analysis.cache import AnalysisCache
            from margin.analysis.pipeline import installed_model_id, resolve_model_name

            model_id = installed_model_id(resolve_model_name(self.model))
            if model_id is None:
                return None
            path = AnalysisCache().path_for(article.sha256, model_id)
            if not path.is_file():
                return None
        except Exception:  # no model, an unreadable cache: the analysis will say
            return None
        self._hits[article.sha256] = path
        return path

    def prepare(self, article: Article) -> None:
        """Get ready for ``article``: nothing if the cache has it (or a process is up, or
        analysing in a thread); otherwise start the analysis process now."""
        if self.in_process or self.cache_path(article) is not None:
            return
        self._start_process()

    def _start_process(self) -> None:
        """Start the analysis process unless one is up (a failure: analyse in the thread)."""
        if self._process is not None and self._process.usable:
            return
        try:
            from margin.analysis.service.process import AnalysisProcess

            self._process = AnalysisProcess(self.model, use_cache=self.use_cache)
            self.processes_started += 1
        except Exception:  # no child processes here: analyse in the thread instead
            self._process = None
            self.in_process = True

    def _drop(self, process: Any) -> None:
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
        path = self.cache_path(article)
        if path is None:
            return None
        try:
            from margin.analysis.cache import CACHE_FORMAT
            from margin.analysis.pipeline import installed_model_id, resolve_model_name
            from margin.analysis.service.compact import load_cached
            from margin.analysis.version import ANALYZER_VERSION

            model_id = installed_model_id(resolve_model_name(self.model))
            if model_id is None:
                return None
            return load_cached(
                path,
                article.text,
                sha256=article.sha256,
                model_id=model_id,
                cache_format=CACHE_FORMAT,
                analyzer_version=ANALYZER_VERSION,
            )
        except Exception:  # an unreadable cache only costs an analysis
            return None
        finally:
            self._hits.pop(article.sha256, None)  # looked up afresh next time

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
            return hit
        self.cached = False
        if not self.in_process:
            from margin.analysis.service.process import AnalysisProcessError, Cancelled

            self._start_process()  # (a cache file that could not be read: analyse)
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

        return analyze_article(
            article,
            self.model,
            use_cache=self.use_cache,
            priority=priority,
            on_progress=on_progress,
            should_stop=should_stop,
        )
