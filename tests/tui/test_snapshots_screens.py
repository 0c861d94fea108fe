"""Snapshot tests of the note editor, the library, the export dialog and the confirm dialog.

Update after an intended change with ``pytest --snapshot-update`` on this file
and look at the SVGs in the __snapshots__ folder beside it before committing them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from margin.model import Article
from margin.storage.model import Anchor, LibraryEntry, Note
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.export_dialog import ExportDialog
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.note_editor import NoteDraft, NoteEditorScreen

SIZE = (100, 30)
NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
TEXT = (
    "The harbour board voted on Tuesday to close the old ferry pier, citing repair costs of "
    "2.4 million. “We had no other choice,” said the board's chair, Ines Morel."
)
ARTICLE = Article.from_text(TEXT, "Harbour board votes to close the ferry pier", "/news/pier.txt")


class Host(App[None]):
    """Shows one screen, with animations off."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.animation_level = "none"
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


async def steady(pilot: Pilot[None]) -> None:
    """Stop cursors blinking so every run paints the same frame."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await pilot.pause()


def failing_save(draft: NoteDraft) -> str | None:
    return "Can't write the notes database: the disk is full"


class Store:
    def __init__(self, entries: list[LibraryEntry]) -> None:
        self.entries = entries

    def articles(self) -> list[LibraryEntry]:
        return list(self.entries)

    def remove_article(self, sha256: str, *, delete_notes: bool = False) -> None:
        raise AssertionError("not in snapshots")

    def verdict_count(self, sha256: str) -> int:
        return 0


def _iso(ago: timedelta) -> str:
    return (NOW - ago).isoformat()


LIBRARY = [
    LibraryEntry(
        "a" * 64, ARTICLE.title, "/news/pier.txt", _iso(timedelta(0)), _iso(timedelta(minutes=2)), 3
    ),
    LibraryEntry(
        "b" * 64,
        "Council budget: the numbers behind the vote",
        "https://www.example.org/council/budget-2025",
        _iso(timedelta(days=2)),
        _iso(timedelta(days=1)),
        12,
    ),
    LibraryEntry(
        "c" * 64,
        "Heatwave warning issued for the valley as temperatures climb past forty degrees "
        "for the third day",
        "https://news.example.net/heat",
        _iso(timedelta(days=50)),
        _iso(timedelta(days=40)),
        0,
    ),
    LibraryEntry(
        "d" * 64,
        "Interview transcript",
        "-",
        _iso(timedelta(days=500)),
        _iso(timedelta(days=400)),
        1,
    ),
]


def test_note_editor_snapshot(snap_compare: Any) -> None:
    screen = NoteEditorScreen(
        TEXT[:101],
        body="Check **2.4 million** against the board minutes.\n\n- ask the chair",
        tags=("ferry", "Budget", "EU"),
        colour=1,
        title="Edit note",
        on_save=failing_save,
    )
    assert snap_compare(Host(screen), press=["ctrl+s"], terminal_size=SIZE, run_before=steady)


def test_note_editor_empty_snapshot(snap_compare: Any) -> None:
    screen = NoteEditorScreen(TEXT[104:], on_save=failing_save)
    assert snap_compare(Host(screen), terminal_size=(80, 24), run_before=steady)


def test_library_snapshot(snap_compare: Any) -> None:
    screen = LibraryScreen(Store(LIBRARY), now=lambda: NOW)
    assert snap_compare(Host(screen), press=["down"], terminal_size=SIZE, run_before=steady)


def test_library_search_snapshot(snap_compare: Any) -> None:
    screen = LibraryScreen(Store(LIBRARY), now=lambda: NOW)
    keys = ["slash", *"example"]
    assert snap_compare(Host(screen), press=keys, terminal_size=SIZE, run_before=steady)


def test_library_empty_snapshot(snap_compare: Any) -> None:
    screen = LibraryScreen(Store([]), now=lambda: NOW)
    assert snap_compare(Host(screen), terminal_size=SIZE, run_before=steady)


def test_library_remove_confirm_snapshot(snap_compare: Any) -> None:
    screen = LibraryScreen(Store(LIBRARY), now=lambda: NOW)
    assert snap_compare(Host(screen), press=["d"], terminal_size=SIZE, run_before=steady)


def test_export_dialog_snapshot(snap_compare: Any) -> None:
    notes = [
        Note("n1", ARTICLE.sha256, Anchor.from_text(TEXT, 0, 18), body="Which board?"),
        Note("n2", ARTICLE.sha256, Anchor.from_text(TEXT, 79, 100), colour=2),
    ]
    dialog = ExportDialog(ARTICLE, notes, directory=Path("/home/ana/notes"))
    keys = ["tab", "down", "down"]  # include claims: warns that the analysis is missing
    assert snap_compare(Host(dialog), press=keys, terminal_size=SIZE, run_before=steady)


def test_confirm_dialog_snapshot(snap_compare: Any) -> None:
    dialog = ConfirmDialog(
        "Discard this note?",
        yes="Discard",
        no="Keep editing",
        detail="What you typed will be lost.",
        destructive=True,
        default="no",
    )
    assert snap_compare(Host(dialog), terminal_size=(80, 16), run_before=steady)


def test_library_at_80x24_snapshot(snap_compare: Any) -> None:
    """The footer starts with ? Help and q Quit; the summary names the order."""
    screen = LibraryScreen(Store(LIBRARY), now=lambda: NOW)
    assert snap_compare(Host(screen), terminal_size=(80, 24), run_before=steady)


def test_library_help_snapshot(snap_compare: Any) -> None:
    screen = LibraryScreen(Store(LIBRARY), now=lambda: NOW)
    keys = ["question_mark"]
    assert snap_compare(Host(screen), press=keys, terminal_size=(80, 24), run_before=steady)
