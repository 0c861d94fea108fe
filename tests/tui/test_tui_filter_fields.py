"""Filter fields never trap the keyboard: in each one (the Claims speaker filter, the Notes
tag filter, the find bar, the library search), after typing a filter that matches nothing,
backspace still edits it and escape still leaves it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input
from tui_fixtures import FixedAnalyzer, reader_analysis, reader_article

from margin.model import Analysis
from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.asyncio

NO_MATCH = "zzqx"


def make_app(analysis: Analysis | None = None, store: Any = None) -> MarginApp:
    return MarginApp(
        article=reader_article(),
        analyzer=FixedAnalyzer(analysis),
        config=ReaderConfig(),
        store=store,
        use_store=store is not None,
    )


async def ready(pilot: Any) -> ReaderScreen:
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.analysis is not None:
            return screen
    raise AssertionError("the reader never got its analysis")


async def type_no_match_then_backspace(pilot: Any, field: Input) -> None:
    assert pilot.app.focused is field
    await pilot.press(*NO_MATCH)
    assert field.value == NO_MATCH
    await pilot.press("backspace", "backspace")
    assert pilot.app.focused is field
    assert field.value == NO_MATCH[:-2]


async def test_claims_speaker_filter_matching_nothing_keeps_backspace_escape_and_tab() -> None:
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        claims = screen.panel.claims
        await pilot.press("tab", "f")
        field = screen.query_one("#claims-speaker", Input)
        await type_no_match_then_backspace(pilot, field)
        assert len(claims.shown) == 0
        await pilot.press("escape")  # leaves the field, back to the text
        assert app.focused is screen.view
        await pilot.press("tab", "f")
        assert app.focused is field
        await pilot.press("tab")  # on to the next tab, out of the field
        assert app.focused is not field and screen.panel.active == "entities"
        await pilot.press("shift+tab", "f", "ctrl+u")  # back, and empty the filter
        assert field.value == "" and len(claims.shown) == len(reader_analysis().claims)


async def test_claims_filter_keys_work_when_the_article_has_no_claims_at_all() -> None:
    empty = Analysis(reader_analysis().sentences, [], [])
    app = make_app(empty)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab", "f")
        field = screen.query_one("#claims-speaker", Input)
        await type_no_match_then_backspace(pilot, field)
        await pilot.press("escape")
        assert app.focused is screen.view


async def test_no_widget_of_the_reader_is_falsy_with_empty_lists() -> None:
    """Textual stops bubbling a key at a parent that is falsy: a widget with ``__len__``
    (a list's row source, say) returning 0 would swallow every key typed below it."""
    app = make_app(Analysis([], [], []))
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        screen.panel.claims.set_filter(speaker=NO_MATCH)
        screen.panel.notes.set_filter(NO_MATCH)
        await pilot.pause()
        falsy = [w for w in screen.walk_children() if not w]
        assert falsy == []


async def test_notes_tag_filter_matching_nothing_keeps_backspace_and_escape(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "notes.json")
    article = reader_article()
    s, e = reader_analysis().sentences[1]
    store.add_article(article)
    store.add_note(store.new_note(article, s, e, body="a note", tags=("money",)))
    app = make_app(store=store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab", "tab", "tab", "f")
        field = screen.query_one("#notes-tag", Input)
        await type_no_match_then_backspace(pilot, field)
        assert screen.panel.notes.shown == []
        await pilot.press("escape")
        assert app.focused is screen.view


async def test_find_bar_matching_nothing_keeps_backspace_and_escape() -> None:
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        field = screen.find_bar.input
        await type_no_match_then_backspace(pilot, field)
        assert screen.status.find == "find: no matches"
        await pilot.press("escape")
        assert app.focused is screen.view and not screen.find_bar.is_open


async def test_library_search_matching_nothing_keeps_backspace_and_escape(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "notes.json")
    store.add_article(reader_article())

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(LibraryScreen(store))

    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("slash")
        field = screen.query_one("#search", Input)
        await type_no_match_then_backspace(pilot, field)
        assert screen.shown == []
        await pilot.press("escape")
        assert field.value == "" and app.focused is screen.query_one("#table")
