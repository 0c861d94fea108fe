"""Terminal escape injection in the reader: a hostile article (txt, md, html with ``&#27;``
references) and a crafted import of hostile notes, opened and driven through every panel,
dialog and command; what Textual writes to the terminal is captured and must hold none of
the content's control sequences, C1 controls, bidi or zero-width characters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hostile import (
    OSC52,
    assert_terminal_clean,
    hostile_analysis,
    hostile_notes,
    write_sources,
)
from textual.drivers import headless_driver
from textual.widgets import Input
from tui_fixtures import FixedAnalyzer, screen_text

from margin.cli.import_cmd import import_bundle, read_import_file
from margin.export.api import export_article
from margin.export.importer import parse_bundle
from margin.model import Article
from margin.sources.loader import load_article
from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.export_dialog import ExportDialog
from margin.tui.screens.help import HelpScreen
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.note_editor import NoteEditorScreen
from margin.tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.asyncio

SIZE = (120, 40)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Everything the app writes to its terminal (run_test's driver, made to render)."""
    written: list[str] = []

    class CapturingDriver(headless_driver.HeadlessDriver):
        @property
        def is_headless(self) -> bool:
            return False  # so the app renders its updates and writes them to the driver

        def write(self, data: str) -> None:
            written.append(data)

    monkeypatch.setattr(headless_driver, "HeadlessDriver", CapturingDriver)
    return written


def import_hostile(tmp_path: Path, article: Article) -> Path:
    """A crafted margin JSON file of hostile notes (with the article), imported into a new
    database as ``margin import`` does."""
    path = tmp_path / "crafted-import.json"
    path.write_text(
        export_article(article, hostile_notes(article), fmt="json", what="all"), encoding="utf-8"
    )
    db = tmp_path / "margin.json"
    store = Store(str(db))
    try:
        result = import_bundle(store, parse_bundle(read_import_file(str(path))))
    finally:
        store.close()
    assert result.added == 3
    return db


async def settle(pilot: Any, times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


async def until_shown(pilot: Any, wanted: str, times: int = 60) -> str:
    """The screen's text once it holds ``wanted`` (a busy machine may need several frames)."""
    shown = ""
    for _ in range(times):
        await pilot.pause()
        shown = screen_text(pilot.app)
        if wanted in shown:
            break
    return shown


async def ready(pilot: Any) -> ReaderScreen:
    for _ in range(60):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and screen.analysis is not None:
            return screen
    raise AssertionError("the reader never got its analysis")


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
async def test_hostile_article_and_notes_never_reach_the_terminal(
    fmt: str, tmp_path: Path, terminal: list[str]
) -> None:
    """Every panel for each format; the dialogs and the palette (the same data whatever the
    format) once, on the text file."""
    article = load_article(str(write_sources(tmp_path)[fmt]))
    assert "\u202e" in article.text
    db = import_hostile(tmp_path, article)
    app = MarginApp(
        article=article,
        analyzer=FixedAnalyzer(hostile_analysis(article)),
        config=ReaderConfig(warnings=[f"theme {OSC52}"]),
        db_path=str(db),
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await ready(pilot)
        await settle(pilot)
        shown = screen_text(app)
        assert "␛]52" in shown  # the article view shows it, inert
        assert "theme ␛]52;c;" in shown  # so does a notification
        app.clear_notifications()  # (toasts cover the status bar)
        await pilot.press("tab")  # Claims: speaker, cue, content
        await settle(pilot)
        shown = screen_text(app)
        assert "Jane⟨U+202E⟩evil" in shown and "council⟨U+009D⟩0;C1-TITLE" in shown
        await pilot.press("tab")  # Entities
        await settle(pilot)
        assert "Rivertown␛Ptmux" in screen_text(app)
        await pilot.press("down", "enter")  # choose one: its name in the status bar
        chosen = "Jane⟨U+202E⟩evil⟨U+202C⟩⟨U+2066⟩ Doe␛[77;300H␛[5A 1/1"
        assert chosen in await until_shown(pilot, chosen)
        await pilot.press("tab", "tab", "tab")  # Notes: quotes, bodies, tags, the orphan
        await settle(pilot)
        assert screen.panel.active == "notes"
        shown = screen_text(app)
        assert "Check␛]52" in shown and "#tag⟨U+009B⟩2j" in shown
        assert "orphaned a passage␛]0;PWNED-TITLE" in shown
        if fmt == "txt":
            await drive_dialogs_and_palette(pilot, screen)
        await pilot.press("q")
    assert_terminal_clean("".join(terminal), SIZE)


async def drive_dialogs_and_palette(pilot: Any, screen: ReaderScreen) -> None:
    """The note editor, the export dialog, the help and the command palette."""
    app = pilot.app
    await pilot.press("e")  # the note editor: the passage, the body, the tags
    await settle(pilot)
    assert isinstance(app.screen, NoteEditorScreen)
    assert "Check␛]52" in screen_text(app) and "tag⟨u+009b⟩2j" in screen_text(app)
    await pilot.press("escape")
    await settle(pilot)
    assert app.screen is screen
    await pilot.press("x")  # the export dialog's title
    await settle(pilot)
    assert isinstance(app.screen, ExportDialog)
    assert "Export «Mayor⟨U+200B⟩" in screen_text(app)
    await pilot.press("escape", "question_mark")
    await settle(pilot)
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape", "ctrl+p")  # the palette: claims, speakers, entities
    await settle(pilot, 5)
    await pilot.press(*"Jane")
    await settle(pilot, 10)
    assert "Claims by Jane⟨U+202E⟩" in screen_text(app)
    await pilot.press("enter")  # "Claims by …": the speaker filter holds the name
    await settle(pilot, 5)
    assert "⟨U+202E⟩" in screen.query_one("#claims-speaker", Input).value
    assert "1/2" in screen_text(app)  # and still finds the claim


async def test_library_and_its_dialogs_show_hostile_titles_inert(
    tmp_path: Path, terminal: list[str]
) -> None:
    article = load_article(str(write_sources(tmp_path)["txt"]))
    db = import_hostile(tmp_path, article)
    app = MarginApp(config=ReaderConfig(), db_path=str(db))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, 5)
        assert isinstance(app.screen, LibraryScreen)
        text = screen_text(app)
        assert "Mayor⟨U+200B⟩⟨U+FEFF⟩ promises" in text
        await pilot.press("d")  # "Remove «title» from the library?"
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "⟨U+200B⟩" in screen_text(app)
        await pilot.press("y")  # removed: a notification names it
        await settle(pilot, 5)
        assert "Removed «Mayor⟨U+200B⟩" in screen_text(app)
    assert_terminal_clean("".join(terminal), SIZE)
