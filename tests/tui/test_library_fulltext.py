"""The library's search looks in the articles' texts: the article found shows the passage
under its title; a search that finds nothing says so."""

from __future__ import annotations

from pathlib import Path

from tui_fixtures import screen_text

from margin.model import Article
from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.library import LibraryScreen


def _library(db: Path) -> None:
    store = Store(db)
    store.add_article(Article.from_text(
        "The council approved the harbour budget. Dredging will start in spring, the "
        "engineer said.", "Council approves budget", "/news/budget.txt"))  # fmt: skip
    store.add_article(Article.from_text(
        "Night ferries will run from May, the operator said.", "Ferries at night",
        "https://news.example/ferries"))  # fmt: skip


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_search_finds_words_in_the_text(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    _library(db)
    app = MarginApp(db_path=str(db), config=ReaderConfig())
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.texts_ready
        await pilot.press("slash", *"dredging")
        await pilot.pause()
        assert [e.title for e in screen.shown] == ["Council approves budget"]
        text = screen_text(app)
        assert "Dredging will start in spring" in text
        assert "1 of 2 articles" in text
        await pilot.press("ctrl+u", *"ferries")  # in the title: no passage line
        await pilot.pause()
        assert [e.title for e in screen.shown] == ["Ferries at night"]
        assert screen.in_text == set()
        await pilot.press("ctrl+u", *"tramway")
        await pilot.pause()
        assert screen.shown == []
        assert "No article matches «tramway»" in screen_text(app)
