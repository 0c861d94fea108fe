"""Snapshots of the reader (pytest-textual-snapshot): fixed sizes, fixed analysis, no blink.

Update after a deliberate visual change with ``pytest tests/test_snapshots_reader.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input
from tui_fixtures import FixedAnalyzer, reader_article

from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.reader import ReaderScreen


def make_app() -> MarginApp:
    app = MarginApp(
        article=reader_article(), analyzer=FixedAnalyzer(), config=ReaderConfig(), use_store=False
    )
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


def test_notes_tab(snap_compare: Any, tmp_path: Any) -> None:
    from tui_fixtures import reader_analysis

    from margin.storage.store import Store

    article = reader_article()
    sentences = reader_analysis().sentences
    store = Store(tmp_path / "notes.json")
    store.add_article(article)
    for i, body, tags, colour in (
        (2, "Ask for the evening visitor numbers.", ("hours",), None),
        (6, "", (), 2),
        (11, "Check against the council budget papers.", ("money", "council"), 4),
    ):
        s, e = sentences[i]
        store.add_note(store.new_note(article, s, e, body=body, tags=tags, colour=colour))
    app = MarginApp(article=article, analyzer=FixedAnalyzer(), config=ReaderConfig(), store=store)
    app.animation_level = "none"

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.screen.show_tab("notes")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(130, 36), run_before=run_before)
