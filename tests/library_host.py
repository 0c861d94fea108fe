"""Shared helpers of the library screen's pilot tests (tests/tui/test_library_screen_*.py): a small
in-memory store with Store's methods, a host app, a real store of two articles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App

from margin.errors import MarginError as StoreError
from margin.storage.model import LibraryEntry
from margin.tui.screens.library import LibraryScreen
from margin.tui.widgets.library_table import LibraryTable

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


def iso(delta: timedelta) -> str:
    """The ISO time ``delta`` before NOW, as the store writes it."""
    return (NOW - delta).isoformat().replace("+00:00", "Z")


def entry(n: int, title: str, source: str, ago: timedelta, notes: int = 0) -> LibraryEntry:
    """A library entry number ``n``, added and opened ``ago``."""
    sha = f"{n:02d}" * 32
    return LibraryEntry(sha, title, source, added=iso(ago), opened=iso(ago), note_count=notes)


ENTRIES = [
    entry(
        1,
        "Harbour board closes the ferry pier",
        "https://www.example.org/harbour",
        timedelta(minutes=5),
        3,
    ),
    entry(
        2,
        "Council budget: the numbers behind the vote",
        "/home/ana/news/budget.html",
        timedelta(days=1),
        1,
    ),
    entry(
        3,
        "Heatwave warning for the valley",
        "https://news.example.net/heat?id=4",
        timedelta(days=40),
    ),
]


class FakeStore:
    """The part of storage.store.Store that the library uses, in memory."""

    def __init__(self, entries: list[LibraryEntry]) -> None:
        self.entries = list(entries)
        self.removed: list[tuple[str, bool]] = []
        self.fail_with: str | None = None

    def articles(self) -> list[LibraryEntry]:
        return list(self.entries)

    def remove_article(self, sha256: str, *, delete_notes: bool = False) -> None:
        if self.fail_with:
            raise StoreError(self.fail_with)
        self.removed.append((sha256, delete_notes))
        self.entries = [e for e in self.entries if e.sha256 != sha256]

    def put_entry(self, entry: LibraryEntry) -> None:
        if self.fail_with:
            raise StoreError(self.fail_with)
        self.entries = sorted([*self.entries, entry], key=lambda e: e.opened, reverse=True)

    def verdict_count(self, sha256: str) -> int:
        return 0


class Host(App[None]):
    """An app that shows the library screen and records what it asks to open."""

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store
        self.opened: list[LibraryEntry] = []
        self.paths: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.store, now=lambda: NOW))

    def on_library_screen_open_article(self, message: LibraryScreen.OpenArticle) -> None:
        self.opened.append(message.entry)

    def on_library_screen_open_path(self, message: LibraryScreen.OpenPath) -> None:
        self.paths.append(message.source)


def rows(app: App[None]) -> list[str]:
    """The titles the library table shows, top to bottom."""
    table = app.screen.query_one("#table", LibraryTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def real_store(tmp_path: Path) -> Any:
    """A real Store in ``tmp_path`` with two articles, «Budget» holding two notes."""
    from margin.model import Article
    from margin.storage.store import Store

    store = Store(tmp_path / "margin.json")
    texts = {
        "Pier": "The harbour board voted to close the old ferry pier on Tuesday.",
        "Budget": "The council approved a budget of 12 million after a long debate.",
    }
    for title, text in texts.items():
        article = Article.from_text(text, title, f"/news/{title.lower()}.txt")
        store.add_article(article)
        if title == "Budget":
            for start, end in ((4, 11), (21, 27)):
                store.add_note(store.new_note(article, start, end, body="check"))
    return store
