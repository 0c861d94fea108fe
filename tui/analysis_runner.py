"""The reader's default analyser: the cache first, else spaCy (no Textual here).

:func:`analyze_article` is called in a worker thread. On a cache hit it returns at once
without importing spaCy: the cache key needs the model's id, which
:func:`model_id_without_loading` reads from the model package's ``meta.json``.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from analysis.errors import MarginError, ModelError
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


def model_id_without_loading(model: str | None = None) -> str | None:
    """The id ``analysis.pipeline.model_id`` would give the model, read from its
    ``meta.json`` without importing spaCy; None when it cannot be known this way."""
    try:
        from analysis.pipeline import resolve_model_name

        name = resolve_model_name(model)
    except (MarginError, ImportError):
        return None
    meta_path: Path | None = None
    if os.path.isdir(name):
        meta_path = Path(name) / "meta.json"
    else:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        locations = list(spec.submodule_search_locations or []) if spec else []
        if locations:
            meta_path = Path(locations[0]) / "meta.json"
    if meta_path is None or not meta_path.is_file():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}"


class DefaultAnalyzer:
    """Analyse with the engine, through the analysis cache. ``cached`` tells how it went."""

    def __init__(self, model: str | None = None, *, use_cache: bool = True) -> None:
        self.model = model
        self.use_cache = use_cache
        self.cached = False

    def _cache(self) -> Any | None:
        if not self.use_cache:
            return None
        try:
            from storage.cache import AnalysisCache

            return AnalysisCache()
        except Exception:  # no cache module or an unusable cache dir: analyse anyway
            return None

    def cached_analysis(self, article: Article) -> Analysis | None:
        """The cached analysis of ``article`` if there is one (never imports spaCy)."""
        cache = self._cache()
        model_id = model_id_without_loading(self.model)
        if cache is None or model_id is None:
            return None
        try:
            return cache.get(article.sha256, model_id)
        except Exception:
            return None

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> Analysis:
        cached = self.cached_analysis(article)
        if cached is not None:
            self.cached = True
            return cached
        try:
            from analysis.engine import analyze
            from analysis.pipeline import load_pipeline, model_id
        except ImportError as exc:
            raise ModelError(f"the analysis engine is not available ({exc})") from exc
        nlp = load_pipeline(self.model)
        analysis = analyze(
            article.text,
            nlp,
            priority=priority,
            on_progress=on_progress,
            should_stop=should_stop,
        )
        if should_stop is not None and should_stop():
            return analysis
        cache = self._cache()
        if cache is not None:
            try:
                cache.put(article.sha256, model_id(nlp), analysis)
            except Exception:
                pass  # a cache that cannot be written only costs time on the next open
        return analysis
