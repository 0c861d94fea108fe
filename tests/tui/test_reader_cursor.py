"""Pilot tests of the reader's text: the cursor, scrolling, the mouse, wrapping on resize."""

from __future__ import annotations

from typing import Any

import pytest
from reader_pilot import EMPTY, long_article, make_app, ready
from textual import events
from tui_fixtures import FixedAnalyzer, reader_analysis, screen_text

from margin.tui.widgets.article_view import ArticleView

pytestmark = pytest.mark.asyncio


async def test_text_and_highlights_show() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        text = screen_text(app)
        assert "Lakeside library reopens" in text
        assert "Head librarian Grace Okafor" in text
        view = screen.view
        assert len(view.units) == len(reader_analysis().sentences)
        assert view.cursor_span == reader_analysis().sentences[0]
        assert "10 claims" in screen.status.analysis


async def test_j_and_k_move_sentence_by_sentence() -> None:
    app = make_app()
    sentences = reader_analysis().sentences
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "j")
        assert screen.view.cursor_span == sentences[3]
        await pilot.press("k")
        assert screen.view.cursor_span == sentences[2]
        assert "sentence 3/14" in screen.status.position
        for _ in range(30):
            await pilot.press("j")
        assert screen.view.cursor_span == sentences[-1]  # stops at the end


async def test_cursor_bar_marks_the_current_sentence_lines() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j")  # "Head librarian Grace Okafor said ..."
        lines = screen_text(app).splitlines()
        marked = [line for line in lines if line.startswith("▌")]
        assert marked and "Head librarian" in marked[0]
        assert all("Not everyone" not in line for line in marked)


async def test_view_follows_the_cursor_and_scroll_keys() -> None:
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        assert view.scroll_y == 0
        await pilot.press("down", "down")
        assert view.scroll_y == 2
        await pilot.press("up")
        assert view.scroll_y == 1
        await pilot.press("space")
        page = view.scrollable_content_region.height - 2
        assert view.scroll_y == 1 + page
        await pilot.press("b")
        assert view.scroll_y == 1
        await pilot.press("pagedown", "pagedown")
        assert view.scroll_y == 1 + 2 * page
        await pilot.press("pageup")
        assert view.scroll_y == 1 + page
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        assert view.cursor_index == len(view.units) - 1
        await pilot.press("g")
        assert view.scroll_y == 0 and view.cursor_index == 0
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("home")
        assert view.scroll_y == 0
        # j walks paragraphs (no sentences known) and the view follows the cursor
        for _ in range(40):
            await pilot.press("j")
        assert view.cursor_index == 40
        first, last = view.layout_.lines_for_span(*view.cursor_span)
        assert view.scroll_y <= first and last < view.scroll_y + view.size.height


async def test_j_after_scrolling_away_starts_from_the_view() -> None:
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        for _ in range(5):
            await pilot.press("space")
        top = view.visible_range()[0]
        await pilot.press("j")
        assert view.cursor_span is not None and view.cursor_span[0] >= top
        assert view.cursor_visible()


async def test_mouse_click_sets_the_cursor_and_wheel_scrolls() -> None:
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        layout = view.layout_
        target_line = layout.line_of_offset(view.units[3][0])
        x = view._pad_left + 3 + 2
        await pilot.click(ArticleView, offset=(x, target_line - int(view.scroll_y)))
        assert view.cursor_index == 3
        before = view.scroll_y
        for _ in range(3):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause(0.3)
        assert view.scroll_y > before


async def test_resize_rewraps_and_keeps_the_reading_position() -> None:
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        for _ in range(6):
            await pilot.press("space")
        top = view.top_offset()
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        assert view.layout_.width < 60
        new_top = view.top_offset()
        line = view.layout_.line_of_offset(top)
        assert abs(line - int(view.scroll_y)) <= 1 and abs(new_top - top) < 200


async def test_a_long_article_is_wrapped_once_on_opening(monkeypatch: Any) -> None:
    # The scrollbar appearing must not change the text's width (a second wrap of the whole
    # text, and a second render, before the first paint).
    import margin.tui.widgets.article_view as article_view

    widths: list[int] = []
    wrap = article_view.layout_text

    def counting(text: str, width: int, **kw: Any) -> Any:
        widths.append(width)
        return wrap(text, width, **kw)

    monkeypatch.setattr(article_view, "layout_text", counting)
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.view.max_scroll_y > 0  # long enough to scroll
        assert len(widths) == 1
