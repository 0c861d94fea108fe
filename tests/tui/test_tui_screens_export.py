"""Pilot tests for the export dialog (real export.api for md/json/w3c, fakes for failures)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input

from margin.errors import MarginError
from margin.export import api
from margin.export.markdown import USER_MARKER
from margin.model import Article
from margin.storage.model import Anchor, Note
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.export_dialog import ExportDialog, Exporter, shorten_home
from margin.tui.widgets.choice_set import ChoiceSet

TEXT = (
    "The harbour board voted on Tuesday to close the old ferry pier. "
    "Repairs would cost 2.4 million, the chair said."
)
ARTICLE = Article.from_text(TEXT, "Harbour board closes the ferry pier", "/tmp/harbour.txt")
NOTES = [
    Note("n1", ARTICLE.sha256, Anchor.from_text(TEXT, 0, 16), body="Which board?", tags=("who",)),
    Note("n2", ARTICLE.sha256, Anchor.from_text(TEXT, 64, 96), colour=2),
]
_MISSING = object()


class Host(App[None]):
    def __init__(self, dialog: ExportDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: Any = _MISSING

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self._done)

    def _done(self, result: Any) -> None:
        self.result = result


def md_name() -> str:
    return api.default_filename(ARTICLE, "md")


def path_field(app: App[None]) -> Input:
    return app.screen.query_one("#path", Input)


async def test_default_path_and_enter_exports_markdown(tmp_path: Path) -> None:
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test() as pilot:
        assert path_field(app).value == str(tmp_path / md_name())
        await pilot.press("enter")
        await pilot.pause()
    target = tmp_path / md_name()
    assert app.result == target
    text = target.read_text(encoding="utf-8")
    assert "# Harbour board closes the ferry pier" in text
    assert "Which board?" in text
    assert USER_MARKER in text


async def test_the_export_button_exports(tmp_path: Path) -> None:
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click("#do-export")
        await pilot.pause()
    assert app.result == tmp_path / md_name()
    assert "Which board?" in (tmp_path / md_name()).read_text(encoding="utf-8")


async def test_changing_the_format_renames_the_default_path(tmp_path: Path) -> None:
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test() as pilot:
        await pilot.press("down")  # Markdown -> JSON
        assert path_field(app).value == str(tmp_path / api.default_filename(ARTICLE, "json"))
        await pilot.press("ctrl+s")
        await pilot.pause()
    target = tmp_path / api.default_filename(ARTICLE, "json")
    assert app.result == target
    data = json.loads(target.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["notes"]} == {"n1", "n2"}


async def test_an_edited_path_keeps_its_name_but_follows_the_extension(tmp_path: Path) -> None:
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test() as pilot:
        field = path_field(app)
        field.value = str(tmp_path / "mine.md")
        await pilot.pause()
        await pilot.press("down", "down", "down")  # JSON, HTML, then W3C
        assert field.value == str(tmp_path / "mine.jsonld")
        await pilot.press("up")  # HTML
        assert field.value == str(tmp_path / "mine.html")


async def test_typing_an_extension_picks_the_format(tmp_path: Path) -> None:
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test() as pilot:
        await pilot.press("tab", "tab")  # format -> include -> path
        assert app.screen.focused is path_field(app)
        field = path_field(app)
        field.value = ""
        await pilot.press(*"annotations.jsonld")
        assert app.screen.query_one("#format", ChoiceSet).value == "w3c"
        await pilot.press("enter")
        await pilot.pause()
    target = tmp_path / "annotations.jsonld"  # a relative name goes into the directory
    assert app.result == target
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["type"] == "AnnotationCollection"


async def test_what_choice_reaches_the_exporter(tmp_path: Path) -> None:
    calls: list[dict[str, Any]] = []

    def render(article: Article, notes: list[Note], **kwargs: Any) -> str:
        calls.append(kwargs)
        return "rendered"

    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path, exporter=Exporter(render=render)))
    async with app.run_test() as pilot:
        await pilot.press("tab", "down", "down")  # Include: claims
        info = str(app.screen.query_one("#info").render())
        assert "analysis isn't ready" in info
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert calls[0]["what"] == "claims"
    assert calls[0]["fmt"] == "md"
    assert calls[0]["analysis"] is None
    assert calls[0]["analysis_error"]
    assert (tmp_path / md_name()).read_text() == "rendered"


async def test_overwrite_asks_and_no_keeps_the_file(tmp_path: Path) -> None:
    target = tmp_path / md_name()
    target.write_text("precious\n", encoding="utf-8")
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "already exists" in dialog.question
        assert "replaced" in (dialog.detail or "")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
    assert target.read_text(encoding="utf-8") == "precious\n"


async def test_overwrite_markdown_keeps_the_users_notes_below_the_marker(tmp_path: Path) -> None:
    target = tmp_path / md_name()
    target.write_text(f"old export\n{USER_MARKER}\nMy own thoughts.\n", encoding="utf-8")
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "kept" in (dialog.detail or "")
        await pilot.press("y")
        await pilot.pause()
    assert app.result == target
    text = target.read_text(encoding="utf-8")
    assert "old export" not in text
    assert "Which board?" in text
    assert text.endswith(f"{USER_MARKER}\nMy own thoughts.\n")


async def test_a_failed_write_is_shown_and_the_dialog_stays(tmp_path: Path) -> None:
    def write(path: Path, content: str) -> Path:
        raise MarginError(f"cannot write {path}: no space left on device")

    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path, exporter=Exporter(write=write)))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert "no space left" in str(app.screen.query_one("#error").render())
        assert app.result is _MISSING


async def test_unwritable_places_give_one_line_errors(tmp_path: Path) -> None:
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test() as pilot:
        field = path_field(app)
        field.value = str(tmp_path)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "is a directory" in str(app.screen.query_one("#error").render())
        field.value = str(tmp_path / "missing" / "x.md")
        await pilot.pause()
        assert not app.screen.query_one("#error").display  # editing clears the error
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "does not exist" in str(app.screen.query_one("#error").render())
        field.value = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "file" in str(app.screen.query_one("#error").render())
    assert app.result is _MISSING
    assert list(tmp_path.iterdir()) == []


async def test_a_renderer_bug_is_shown_not_raised(tmp_path: Path) -> None:
    def render(*args: Any, **kwargs: Any) -> str:
        raise KeyError("oops")

    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path, exporter=Exporter(render=render)))
    async with app.run_test() as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Export failed" in str(app.screen.query_one("#error").render())


@pytest.mark.parametrize("how", ["escape", "button"])
async def test_cancel(tmp_path: Path, how: str) -> None:
    app = Host(ExportDialog(ARTICLE, NOTES, directory=tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        if how == "escape":
            await pilot.press("escape")
        else:
            await pilot.click("#cancel")
        await pilot.pause()
    assert app.result is None
    assert list(tmp_path.iterdir()) == []


def test_shorten_home() -> None:
    assert shorten_home(Path.home() / "notes" / "a.md").startswith("~")
    assert shorten_home(Path("/srv/a.md")) == "/srv/a.md"
