"""Shared helpers of the reader's pilot tests (tests/tui/test_reader_*.py): an app on the
sample article, waiting for its analysis, a long article."""

from __future__ import annotations

from typing import Any

from tui_fixtures import FixedAnalyzer, reader_article

from margin.model import Analysis, Article
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.reader import ReaderScreen


def make_app(
    article: Article | None = None, analyzer: Any = None, config: ReaderConfig | None = None
) -> MarginApp:
    """A reader app on ``article`` (the sample by default) with a fixed analyser, no store."""
    return MarginApp(
        article=article or reader_article(),
        analyzer=analyzer if analyzer is not None else FixedAnalyzer(),
        config=config or ReaderConfig(),
        use_store=False,
    )


async def ready(pilot: Any) -> ReaderScreen:
    """Wait until the reader shows its analysis (or failed)."""
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and (
            screen.analysis is not None or screen.analysis_error or screen.analyzer is None
        ):
            return screen
    raise AssertionError("the analysis never arrived")


def long_article(paragraphs: int = 120) -> Article:
    """``paragraphs`` numbered paragraphs from the sample: an article long enough to scroll."""
    base = reader_article().text.split("\n\n")[1:]
    parts = [f"{i}. {base[i % len(base)]}" for i in range(paragraphs)]
    return Article.from_text("\n\n".join(parts), "A long read", "long.txt")


EMPTY = Analysis([], [], [])
