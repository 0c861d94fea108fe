"""At 80×24 the footer always says how to get help and how to quit: in the reader (text,
Claims, Notes) and in the library; in a text field, which takes those letters, how to leave
it."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets._footer import FooterKey
from tui_fixtures import FixedAnalyzer, reader_article, screen_text

from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.help import HelpScreen
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.reader import ReaderScreen
from margin.tui.widgets.footer import MarginFooter

pytestmark = pytest.mark.asyncio


def footer(app: App[Any]) -> str:
    return screen_text(app).splitlines()[-1]


async def reader_ready(pilot: Any) -> ReaderScreen:
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.analysis is not None:
            return screen
    raise AssertionError("the reader never got its analysis")


async def test_the_reader_footer_starts_with_help_and_quit_at_80_columns() -> None:
    app = MarginApp(
        article=reader_article(), analyzer=FixedAnalyzer(), config=ReaderConfig(), use_store=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        assert footer(app).lstrip().startswith("? Help  q Quit")
        for _ in range(3):  # the Claims, Entities and Notes tabs
            await pilot.press("tab")
            await pilot.pause()
            assert footer(app).lstrip().startswith("? Help  q Quit"), footer(app)
        await pilot.press("tab", "slash")
        await pilot.pause()
        assert footer(app).lstrip().startswith("esc Close find")
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_remapped_help_key_is_the_one_shown() -> None:
    from margin.tui.keymap_check import check_keymap

    config = ReaderConfig(keymap={"reader.help": "f1"})
    check_keymap(config)
    app = MarginApp(
        article=reader_article(), analyzer=FixedAnalyzer(), config=config, use_store=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        assert footer(app).lstrip().startswith("f1 Help  q Quit")


async def test_the_library_footer_shows_help_and_quit(tmp_path: Any) -> None:
    store = Store(tmp_path / "margin.json")
    store.add_article(reader_article())

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(LibraryScreen(store))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert footer(app).lstrip().startswith("? Help  q Quit")
        await pilot.press("slash")
        await pilot.pause()
        assert footer(app).lstrip().startswith("esc Clear search")


async def test_the_library_footer_fits_a_new_users_keys_at_80_columns(tmp_path: Any) -> None:
    """Open, search, the Speakers and Claims views and opening a file all show at 80x24 (the
    rest, d Remove and s Sort, come next and are in the help)."""
    store = Store(tmp_path / "margin.json")
    store.add_article(reader_article())

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(LibraryScreen(store))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = footer(app)
        for key in ("? Help", "q Quit", "⏎ Open", "/ Search", "p Speakers", "c Claims", "o "):
            assert key in line, line
        assert line.index("c Claims") < line.index("o ")  # the new views before the rest


async def test_the_library_footer_below_100_columns_leaves_the_palette_to_ctrl_p(
    tmp_path: Any,
) -> None:
    """At 80x24 the palette's key gives its room to the library's own keys (d Remove shows
    whole; no key is cut at the edge); ctrl+p still opens the palette and the help lists it;
    from 100 columns the footer shows it again."""
    from textual.command import CommandPalette

    store = Store(tmp_path / "margin.json")
    store.add_article(reader_article())

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(LibraryScreen(store))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = footer(app)
        assert "palette" not in line and "^p" not in line, line
        for key in ("p Speakers", "c Claims", "d Remove"):
            assert key in line, line
        assert line.rstrip().endswith("d Remove"), line  # not a lone "s" cut at the edge
        await pilot.resize_terminal(100, 24)
        await pilot.pause(0.1)
        line = footer(app)
        assert "s Sort" in line and line.rstrip().endswith("^p palette"), line
        await pilot.resize_terminal(99, 24)
        await pilot.pause(0.1)
        line = footer(app)
        assert "palette" not in line and "s Sort" in line, line
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {
            text: keys for section in app.screen.binding_rows().values() for keys, text in section
        }
        assert rows["Command palette: themes, keys, quit"] == "^p"


async def test_the_reader_footer_keeps_the_palette_at_80_columns() -> None:
    app = MarginApp(
        article=reader_article(), analyzer=FixedAnalyzer(), config=ReaderConfig(), use_store=False
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await reader_ready(pilot)
        await pilot.pause()
        assert footer(app).rstrip().endswith("^p palette")


class TwoFields(Screen[None]):
    """Two focusable widgets without keys of their own, and a key shown only when ``armed``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
        Binding("x", "fire", "Fire"),
    ]

    armed = False

    def compose(self) -> ComposeResult:
        yield Static("one", id="one")
        yield Static("two", id="two")
        yield MarginFooter()

    def on_mount(self) -> None:
        for static in self.query(Static):
            static.can_focus = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.armed if action == "fire" else True


async def test_the_footer_keeps_its_keys_while_they_stay_the_same() -> None:
    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(TwoFields())

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TwoFields)
        screen.query_one("#one").focus()
        await pilot.pause()
        keys = list(screen.query(FooterKey))
        assert footer(app).lstrip().startswith("? Help  q Quit")
        for _ in range(3):  # focus moves, the bindings are refreshed: the same keys
            screen.query_one("#two").focus()
            await pilot.pause()
            screen.query_one("#one").focus()
            screen.refresh_bindings()
            await pilot.pause()
        assert list(screen.query(FooterKey)) == keys
        assert "x Fire" not in footer(app)
        screen.armed = True  # now the keys differ: they are made again
        screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert "x Fire" in footer(app)
        assert not any(
            key.has_class("-compact")
            for key in screen.query(FooterKey)
            if not key.has_class("-command-palette")
        )


async def test_the_library_views_footers_at_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Speakers and Claims views leave the palette's key out below 100 columns too, and
    show no key cut at the edge."""
    import os
    from pathlib import Path

    from library_claims_helpers import MODEL, CacheAnalyzer, build_library

    monkeypatch.setattr("margin.analysis.cache.model_key", lambda model=None: MODEL)
    db = Path(os.environ["MARGIN_DB"])
    cache = Path(os.environ["MARGIN_CACHE_DIR"])
    build_library(db, cache)
    app = MarginApp(db_path=str(db), config=ReaderConfig(), analyzer=CacheAnalyzer(cache))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("c")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = footer(app)
        assert "palette" not in line and line.rstrip().endswith("p Speakers"), line
        await pilot.press("p")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        line = footer(app)
        assert "palette" not in line and line.rstrip().endswith("c Claims"), line
