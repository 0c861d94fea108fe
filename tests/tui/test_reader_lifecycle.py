"""Pilot tests of the reader's life: the analysis before and after the first paint, streamed,
failed, and quitting."""

from __future__ import annotations

from typing import Any

import pytest
from reader_pilot import make_app, ready
from tui_fixtures import (
    FixedAnalyzer,
    failing_analyzer,
    reader_analysis,
    reader_article,
    screen_text,
)

from margin.model import Analysis, Article
from margin.tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.asyncio


async def test_the_analysis_is_prepared_before_the_first_paint() -> None:
    # The analysis process starts loading spaCy while the app paints the text.
    seen: list[tuple[Article, float | None]] = []

    class Preparing(FixedAnalyzer):
        def prepare(self, article: Article) -> None:
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            seen.append((article, screen.first_paint_at))

    app = make_app(analyzer=Preparing())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert [(a.sha256, at) for a, at in seen] == [(reader_article().sha256, None)]
        assert screen.first_paint_at is not None and screen.analysis is not None


async def test_the_panel_tabs_come_after_the_first_paint_and_early_keys_count() -> None:
    from textual.widgets import TabbedContent

    from margin.tui.screens.reader import ENTITY_FILTERS
    from margin.tui.widgets.side_panel import SidePanel

    built_after_paint: list[bool] = []
    build = SidePanel.build

    async def spy(self: SidePanel) -> None:
        screen = self.screen
        assert isinstance(screen, ReaderScreen) and not self.query(TabbedContent)
        built_after_paint.append(screen.first_paint_at is not None)
        await build(self)

    app = make_app()
    SidePanel.build = spy  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.press("e")  # at once: the panel may not have its tabs yet
            screen = await ready(pilot)
            assert built_after_paint == [True] and screen.panel_ready
            assert screen.panel.entities.groups_shown == ENTITY_FILTERS[1]
            assert screen.view.entity_groups == ENTITY_FILTERS[1]
            assert screen.panel.claims.option_list.option_count == len(reader_analysis().claims)
            # the frame had its width from the start: the text was never re-wrapped for it
            assert screen.view.layout_.width < 130 - screen.panel.region.width
    finally:
        SidePanel.build = build  # type: ignore[method-assign]


async def test_failed_analysis_leaves_the_article_readable() -> None:
    app = make_app(analyzer=failing_analyzer())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.analysis_error == "no spaCy English model is installed"
        assert "analysis failed" in screen.status.analysis
        assert "Head librarian Grace Okafor" in screen_text(app)
        await pilot.press("j")  # paragraphs still work as cursor stops
        assert screen.view.cursor_index == 1


async def test_unexpected_analysis_error_is_reported_not_raised() -> None:
    def broken(article: Article, **_: Any) -> Analysis:
        raise ValueError("boom")

    app = make_app(analyzer=broken)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.analysis_error == "analysis failed: ValueError: boom"


async def test_streamed_progress_highlights_before_the_end() -> None:
    analyzer = FixedAnalyzer(stream=True)
    app = make_app(analyzer=analyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert analyzer.calls and analyzer.calls[0][0] == 0  # the first paragraph in view
        assert len(screen.view.units) == len(reader_analysis().sentences)
        assert screen.panel.claims.option_list.option_count == len(reader_analysis().claims)


async def test_quit() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
