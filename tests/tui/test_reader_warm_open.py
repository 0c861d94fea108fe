"""With the article in the analysis cache (its compact copy there), the reader shows the
whole analysis in its first frame and the side panel right after, and no analysis runs: no
worker, no analysis process."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from tui_fixtures import reader_analysis, reader_article

import margin.analysis.cache as cache_module
from margin.analysis.cache import AnalysisCache
from margin.analysis.service.compact import ReaderAnalysis
from margin.analysis.service.runner import DefaultAnalyzer
from margin.model import Article
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.reader import ReaderScreen

MODEL = "en_test_model-1.0"


class RecordingAnalyzer(DefaultAnalyzer):
    """The default analyser (the cache of ``$MARGIN_CACHE_DIR``), recording every analysis
    it is asked for and every analysis process it would start (none is: the test has no
    spaCy model to load)."""

    def __init__(self) -> None:
        super().__init__()
        self.analysed: list[str] = []
        self.process_starts = 0

    def _start_process(self) -> None:
        self.process_starts += 1
        self.in_process = True  # then it analyses in the thread (not on these tests' path)

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ReaderAnalysis:
        self.analysed.append(article.title)
        return super().__call__(
            article, priority=priority, on_progress=on_progress, should_stop=should_stop
        )


@pytest.fixture
def cached_article(monkeypatch: pytest.MonkeyPatch) -> Article:
    """The reader's article, its analysis in the cache (JSON entry and compact copy)."""
    monkeypatch.setattr(cache_module, "model_key", lambda model=None: MODEL)
    article = reader_article()
    assert AnalysisCache().put(article.sha256, MODEL, reader_analysis(), text=article.text)
    return article


async def test_a_cached_analysis_is_in_the_first_frame_and_nothing_is_analysed(
    cached_article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = reader_analysis()
    first_frame: list[dict[str, Any]] = []
    real_display = MarginApp._display

    def display(self: MarginApp, screen: Any, renderable: Any) -> None:
        if (
            isinstance(screen, ReaderScreen)
            and renderable is not None
            and not self._batch_count
            and not first_frame
        ):
            first_frame.append(
                {
                    "mentions": len(screen.view.entities),
                    "units": len(screen.view.units),
                    "status": screen.status.analysis,
                    "workers": [w.name for w in self.workers],
                }
            )
        real_display(self, screen, renderable)

    monkeypatch.setattr(MarginApp, "_display", display)
    analyzer = RecordingAnalyzer()
    app = MarginApp(
        article=cached_article, analyzer=analyzer, config=ReaderConfig(), use_store=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        for _ in range(100):
            await pilot.pause(0.02)
            screen = app.screen
            if isinstance(screen, ReaderScreen) and screen.panel_ready:
                break
        assert first_frame == [
            {
                "mentions": len(expected.entities),
                "units": len(expected.sentences),
                "status": f"{len(expected.claims)} claims · {len(expected.entities)} entities "
                "(from cache)",
                "workers": [],
            }
        ]
        assert isinstance(screen, ReaderScreen) and screen.panel_ready
        # The side panel's lists hold the whole analysis as soon as they exist.
        assert len(screen.panel.claims.shown) == len(expected.claims) > 0
        assert screen.analysis is not None
        assert screen.analysis.to_analysis() == expected
        await pilot.pause(0.1)
        assert analyzer.analysed == []
        assert analyzer.process_starts == 0 and analyzer.processes_started == 0
        assert not [w for w in app.workers if w.name == "analyse"]


async def test_without_the_compact_copy_the_json_entry_is_read_in_a_worker_and_copied(
    cached_article: Article,
) -> None:
    """An entry cached before there were compact copies: the worker reads the JSON file (no
    analysis process either), and writes the copy, so the next opening is instant."""
    cache = AnalysisCache()
    copy = cache.compact_path_for(cached_article.sha256, MODEL)
    copy.unlink()
    expected = reader_analysis()
    analyzer = RecordingAnalyzer()
    app = MarginApp(
        article=cached_article, analyzer=analyzer, config=ReaderConfig(), use_store=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        for _ in range(200):
            await pilot.pause(0.02)
            screen = app.screen
            if isinstance(screen, ReaderScreen) and screen.analysis is not None:
                break
        assert isinstance(screen, ReaderScreen) and screen.analysis is not None
        assert screen.analysis.to_analysis() == expected
        assert analyzer.analysed == [cached_article.title]  # the worker's read of the cache
        assert analyzer.process_starts == 0
        assert "(from cache)" in screen.status.analysis
    assert cache.has_compact(cached_article.sha256, MODEL)
