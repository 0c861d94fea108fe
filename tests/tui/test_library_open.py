"""Opening margin on its library reads the store once, and the library's table builds only the
rows in view, however many articles there are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from margin.model import Article
from margin.storage.model import LibraryEntry
from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.library import LibraryScreen
from margin.tui.widgets.library_table import LibraryRows


def _library(db: Path, count: int) -> Store:
    store = Store(db)
    for i in range(count):
        opened = f"2024-03-01T10:{i // 60:02d}:{i % 60:02d}Z"
        article = Article.from_text(f"Story {i}\n\nThe council met.", f"Story {i:04d}", f"/s/{i}")
        store.put_entry(LibraryEntry(article.sha256, article.title, article.source, opened, opened))
        if i % 10 == 0:
            store.add_note(store.new_note(article, 0, 5, body="check"))
    return store


async def test_the_library_opens_with_one_scan_of_the_store(
    tmp_path: Path, monkeypatch: Any
) -> None:
    db = tmp_path / "margin.json"
    _library(db, 30)
    scans: list[int] = []
    real = Store._note_paths

    def note_paths(self: Store) -> list[Path]:
        scans.append(1)
        return real(self)

    monkeypatch.setattr(Store, "_note_paths", note_paths)
    app = MarginApp(db_path=str(db), config=ReaderConfig())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert len(screen.entries) == 30 and screen.entries[0].title == "Story 0029"
        assert sum(e.note_count for e in screen.entries) == 3
    assert len(scans) == 1


async def test_only_the_rows_in_view_are_built(tmp_path: Path, monkeypatch: Any) -> None:
    db = tmp_path / "margin.json"
    _library(db, 300)
    built: list[int] = []
    real = LibraryRows.line

    def line(self: LibraryRows, index: int) -> str:
        built.append(index)
        return real(self, index)

    monkeypatch.setattr(LibraryRows, "line", line)
    app = MarginApp(db_path=str(db), config=ReaderConfig())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        built.clear()
        await pilot.press("slash", "1")  # filter: every title with a 1
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert len(screen.shown) > 100
        assert built and max(built) < 30 and len(set(built)) < 30
