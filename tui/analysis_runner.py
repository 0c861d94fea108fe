"""The reader's default analyser: the engine through its cache (no Textual here).

:class:`DefaultAnalyzer` is called in a worker thread. A cache hit returns at once without
importing spaCy (``analysis.engine.analyze_article`` reads the model id from the installed
package's ``meta.json``); ``cached`` then tells the reader the result came from the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from analysis.model import Analysis, Article


class Analyzer(Protocol):
    """What the reader calls (in a thread) to analyse an article."""

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Analysis: ...


class DefaultAnalyzer:
    """Analyse with ``analysis.engine`` (cache first, then spaCy)."""

    def __init__(self, model: str | None = None, *, use_cache: bool = True) -> None:
        self.model = model
        self.use_cache = use_cache
        self.cached = False

    def cached_analysis(self, article: Article) -> Analysis | None:
        """The cached analysis of ``article`` if there is one (never imports spaCy)."""
        if not self.use_cache:
            return None
        try:
            from analysis.pipeline import installed_model_id, resolve_model_name
            from storage.cache import AnalysisCache

            model_id = installed_model_id(resolve_model_name(self.model))
            if model_id is None:
                return None
            return AnalysisCache().get(article.sha256, model_id)
        except Exception:  # an unreadable cache only costs an analysis
            return None

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Analysis:
        hit = self.cached_analysis(article)
        if hit is not None:
            self.cached = True
            return hit
        self.cached = False
        from analysis.engine import analyze_article

        return analyze_article(
            article,
            self.model,
            use_cache=self.use_cache,
            priority=priority,
            on_progress=on_progress,
            should_stop=should_stop,
        )
