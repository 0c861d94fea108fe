"""Reopening an article puts the cursor where the reader left it: the position is kept in the
article's library entry (written safely, kept when the article is opened again, ignored when
damaged)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from library_claims_helpers import CacheAnalyzer

from margin.model import Article
from margin.storage.model import LibraryEntry
from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.reader import ReaderScreen

TEXT = "\n\n".join(
    f"Paragraph {i}: the harbour board met again on day {i} and talked about the ferries."
    for i in range(40)
)
ARTICLE = Article.from_text(TEXT, "Harbour board, day by day", "/news/board.txt")


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_reopening_goes_back_where_the_reader_left(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    Store(db).add_article(ARTICLE)
    analyzer = CacheAnalyzer(tmp_path / "empty-cache")  # no analysis: paragraphs only
    app = MarginApp(db_path=str(db), config=ReaderConfig(), analyzer=analyzer)
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("enter")
        await _settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        for _ in range(12):
            await pilot.press("j")
        await pilot.pause()
        left = reader.view.cursor_span
        assert left is not None and left[0] > 0
        await pilot.press("q")  # back to the library: the position is saved
        await _settle(pilot)
        assert Store(db).get_article(ARTICLE.sha256).position == left[0]
        await pilot.press("enter")
        await _settle(pilot)
        again = app.screen
        assert isinstance(again, ReaderScreen) and again is not reader
        assert again.view.cursor_span == left
    # Opening the article again (it is marked opened) keeps the position.
    entry = Store(db).add_article(ARTICLE)
    assert entry.position == left[0]


@pytest.mark.parametrize("bad", [-5, "12", 3.5, True, None])
def test_a_damaged_position_reads_as_the_start(bad) -> None:
    data = {"sha256": "a" * 64, "title": "T", "source": "s", "added": "", "opened": ""}
    assert LibraryEntry.from_dict({**data, "position": bad}).position == 0
    assert LibraryEntry.from_dict({**data, "position": 7}).position == 7
    assert "position" not in LibraryEntry.from_dict(data).to_dict()


def test_set_position_writes_the_entry_safely(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    store = Store(db)
    store.add_article(ARTICLE)
    store.set_position(ARTICLE.sha256, 120)
    doc = json.loads(db.read_text())["articles"][ARTICLE.sha256]
    assert doc["position"] == 120 and doc["title"] == ARTICLE.title
    store.set_position("b" * 64, 5)  # not in the library: nothing written
    assert "b" * 64 not in json.loads(db.read_text())["articles"]
    store.set_position(ARTICLE.sha256, 0)
    assert "position" not in json.loads(db.read_text())["articles"][ARTICLE.sha256]
    assert not list(tmp_path.glob(".*tmp-*"))  # written through a temporary file, renamed
