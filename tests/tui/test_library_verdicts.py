"""Verdicts in the library's Claims view: the verdict column and filter once verdicts exist,
and a verdict set in the reader showing there when the view is opened again."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from library_claims_helpers import BUDGET, FERRY, MODEL, CacheAnalyzer, build_library
from tui_fixtures import screen_text

from margin.model import Article
from margin.storage.store import Store
from margin.storage.verdict_config import VerdictScale
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.claims_view import ClaimsScreen
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.reader import ReaderScreen
from margin.tui.screens.verdict_editor import VerdictEditorScreen

SIZE = (110, 32)


@pytest.fixture
def db(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("margin.analysis.cache.model_key", lambda model=None: MODEL)
    path = Path(os.environ["MARGIN_DB"])
    build_library(path, Path(os.environ["MARGIN_CACHE_DIR"]), market=False)
    return path


def make_app(db: Path) -> MarginApp:
    cache = Path(os.environ["MARGIN_CACHE_DIR"])
    return MarginApp(db_path=str(db), config=ReaderConfig(), analyzer=CacheAnalyzer(cache))


def set_verdict(db: Path, fields: tuple, content: str, rating: str) -> None:
    title, source, text, _said = fields
    start = text.index(content)
    article = Article.from_text(text, title, source)
    Store(db).verdicts.set(article, start, start + len(content), rating, scale=VerdictScale())


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_claims_view_shows_and_filters_verdicts(db: Path) -> None:
    set_verdict(db, BUDGET, "the harbour budget would rise by a tenth", "mostly true")
    set_verdict(db, FERRY, "tickets would cost less", "false")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClaimsScreen) and screen.table is not None
        text = screen_text(app)
        assert "[false]" in text and "[mostly true]" in text and "verdict: any" in text
        await pilot.press("v")  # the first rating given, in order: false
        await pilot.pause()
        texts = {screen.table.claim(i).text for i in screen.shown}
        assert texts == {"tickets would cost less"} and "verdict: false" in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        texts = {screen.table.claim(i).text for i in screen.shown}
        assert texts == {"the harbour budget would rise by a tenth"}


async def test_a_verdict_set_in_the_reader_shows_in_the_claims_view(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        await pilot.press("c")  # read once with no verdicts (and kept)
        await settle(pilot)
        assert "verdict" not in screen_text(app).lower()
        await pilot.press("escape")
        await settle(pilot)
        titles = [e.title for e in library.shown]
        library.table.move_cursor(row=titles.index(BUDGET[0]))
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.show_tab("claims")
        await settle(pilot)
        await pilot.press("r")  # the first claim: the budget
        await pilot.pause()
        assert isinstance(app.screen, VerdictEditorScreen)
        await pilot.press("j", "ctrl+s")  # true
        await settle(pilot)
        assert app.screen is reader
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        assert "[true]" in screen_text(app)
