"""Snapshots of the reader (pytest-textual-snapshot): fixed sizes, fixed analysis, no blink.

Update after a deliberate visual change with ``pytest tests/test_snapshots_reader.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input
from tui_fixtures import FixedAnalyzer, reader_article

from tui.app import MarginApp
from tui.keymap import ReaderConfig
from tui.reader import ReaderScreen


def make_app() -> MarginApp:
    app = MarginApp(article=reader_article(), analyzer=FixedAnalyzer(), config=ReaderConfig())
    app.animation_level = "none"
    return app


async def settle(pilot: Any) -> None:
    """Wait for the analysis, stop cursors blinking."""
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.analysis is not None:
            break
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_reader_with_highlights_and_claims(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("tab", "down")  # the first quote: content, speaker, cue marked
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(130, 36), run_before=run_before)


def test_help_screen(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(100, 44), run_before=run_before)


def test_find_bar_with_matches(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("slash", *"library")
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 30), run_before=run_before)


def test_narrow_layout(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("j", "j")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_narrow_panel_over_the_text(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
