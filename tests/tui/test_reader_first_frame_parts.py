"""The reader's first frame holds no footer and no find bar parts: a blank row stands in the
footer's place, and the footer (Textual's, with its keys) and the find bar's prompt, input and
counter are mounted just after the text. ``/`` before then still opens the bar, focused."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey
from tui_fixtures import reader_article

from margin.analysis.service.compact import ReaderAnalysis
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.reader import ReaderScreen
from margin.tui.widgets.footer_slot import FooterSlot


def no_analysis(article: Any, **_: Any) -> ReaderAnalysis:
    return ReaderAnalysis(article.text)


def reader_app() -> MarginApp:
    return MarginApp(
        article=reader_article(), analyzer=no_analysis, config=ReaderConfig(), use_store=False
    )


async def test_the_footer_and_the_find_bar_parts_come_after_the_first_paint(
    monkeypatch: Any,
) -> None:
    at_first_paint: dict[str, int] = {}
    real = ReaderScreen._first_paint

    async def first_paint(self: ReaderScreen) -> None:
        at_first_paint["footers"] = len(self.query(Footer))
        at_first_paint["slots"] = len(self.query(FooterSlot))
        at_first_paint["slot text"] = len(str(self.query_one(FooterSlot).render()))
        at_first_paint["find bar parts"] = len(self.find_bar.children)
        await real(self)

    monkeypatch.setattr(ReaderScreen, "_first_paint", first_paint)
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        for _ in range(100):
            await pilot.pause(0.02)
            if screen.query(FooterKey) and screen.query(Input):
                break
        assert at_first_paint == {"footers": 0, "slots": 1, "slot text": 0, "find bar parts": 0}
        assert isinstance(screen, ReaderScreen)
        assert len(screen.query(Footer)) == 1 and not screen.query(FooterSlot)
        assert {key.action for key in screen.query(FooterKey)} >= {"help", "quit", "find"}
        assert len(screen.find_bar.children) == 3 and not screen.find_bar.is_open
        # the footer is where its slot was: the bottom row, under the status line
        assert screen.query_one(Footer).region.y == 39
        assert screen.status.region.y == 38


@pytest.fixture
def text_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader stops after its text: the footer and the find bar's parts are never built."""

    async def nothing_after_text(self: ReaderScreen) -> None:
        return None

    monkeypatch.setattr(ReaderScreen, "_after_text", nothing_after_text)


@pytest.mark.usefixtures("text_only")
async def test_slash_before_the_find_bar_is_built_opens_it_focused() -> None:
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and not screen.find_bar.children
        await pilot.press("slash", "F", "e", "r", "r", "y")
        await pilot.pause()
        assert screen.find_bar.is_open and app.focused is screen.find_bar.input
        assert screen.find_bar.input.value == "Ferry"
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.find_bar.is_open and app.focused is screen.view


@pytest.mark.usefixtures("text_only")
async def test_escape_before_the_find_bar_is_built_is_harmless() -> None:
    """Clearing the marks sets the find bar's count, which has no counter yet."""
    app = reader_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.marks.cancel_find()
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.find_bar.children and app.return_code is None


async def test_a_collector_paused_for_the_start_up_is_back_on_once_the_reader_is_complete(
    monkeypatch: Any,
) -> None:
    """``margin PATH`` turns the cyclic collector off before its imports; the app turns it
    back on once the text, the panel and the footer are there (not at the first paint)."""
    import gc

    at_first_paint: list[bool] = []
    real = ReaderScreen._first_paint

    async def first_paint(self: ReaderScreen) -> None:
        at_first_paint.append(gc.isenabled())
        await real(self)

    monkeypatch.setattr(ReaderScreen, "_first_paint", first_paint)
    app = MarginApp(
        article=reader_article(),
        analyzer=no_analysis,
        config=ReaderConfig(),
        use_store=False,
        gc_paused=True,
    )
    gc.disable()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            for _ in range(100):
                await pilot.pause(0.02)
                if screen.query(FooterKey):
                    break
            await pilot.pause()
            assert at_first_paint == [False]
            assert isinstance(screen, ReaderScreen) and screen.panel_ready
            assert gc.isenabled()
    finally:
        gc.enable()
