"""Verdicts in the reader: set from the Claims tab (``r``), edited, cleared; the badge on the
claim's row and the mark beside its content in the text; what is stored (a real Store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea
from tui_fixtures import FixedAnalyzer, reader_analysis, reader_article

from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.reader import ReaderScreen
from margin.tui.screens.verdict_editor import RatingChoice, VerdictEditorScreen

pytestmark = pytest.mark.asyncio


def make_app(db: Path) -> MarginApp:
    return MarginApp(
        article=reader_article(), analyzer=FixedAnalyzer(), config=ReaderConfig(), db_path=str(db)
    )


async def ready(pilot: Any) -> ReaderScreen:
    for _ in range(60):
        await pilot.pause()
        screen = pilot.app.screen
        if (
            isinstance(screen, ReaderScreen)
            and screen.analysis is not None
            and screen.verdicts_ui.settled
            and not screen.notes_loading
        ):
            return screen
    raise AssertionError("reader not ready")


def stored(db: Path) -> list[Any]:
    store = Store(db)
    return store.verdicts.verdicts_for(reader_article())


def gutter(screen: ReaderScreen, offset: int) -> str:
    """The verdict cell of the gutter on the display line holding ``offset``."""
    view = screen.view
    line = view.layout_.lines_for_span(offset, offset + 1)[0]
    strip = view._render_display_line(line, view.size.width)
    text = "".join(seg.text for seg in strip)
    return text[view._pad_left + 2]


async def test_set_edit_and_clear_a_verdict_from_the_claims_tab(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    claim = reader_analysis().claims[5]  # insurers had covered about $900,000 ...
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        claims = screen.panel.claims
        await pilot.press("tab")
        claims.option_list.highlighted = claims.rows.index(5)
        await pilot.press("r")
        editor = app.screen
        assert isinstance(editor, VerdictEditorScreen)
        assert editor.claim == claim.content.text and editor.speaker == "Peter Lindqvist"
        assert not editor.existing and editor.query_one(RatingChoice).value == "unverified"
        assert "ctrl+r" not in str(editor.query_one("#keys").render())
        await pilot.press("j", "j", "j", "j")  # → true → mostly true → mixed → misleading
        await pilot.press("tab")
        editor.query_one("#reasoning", TextArea).insert("The insurer says $700,000.")
        editor.query_one("#links", Input).value = "https://insurer.example/statement"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        row = claims.option_list.row_text(claims.rows.index(5))
        assert "≈ misleading" in row.splitlines()[0]
        assert "misleading" not in claims.option_list.row_text(claims.rows.index(4))
        assert gutter(screen, claim.content.start) == "≈"
        assert gutter(screen, reader_analysis().claims[4].content.start) == " "
        (verdict,) = stored(db)
        assert verdict.rating == "misleading" and verdict.span == (
            claim.content.start, claim.content.end,
        )  # fmt: skip
        assert verdict.reasoning == "The insurer says $700,000."
        assert verdict.links == ("https://insurer.example/statement",)

        # Edit: the editor opens on the verdict; a bad link is refused, the text kept.
        await pilot.press("r")
        editor = app.screen
        assert isinstance(editor, VerdictEditorScreen) and editor.existing
        assert editor.query_one(RatingChoice).value == "misleading"
        assert editor.query_one("#reasoning", TextArea).text == "The insurer says $700,000."
        await pilot.press("j")  # false
        editor.query_one("#links", Input).value = "javascript:alert(1)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is editor and "not an http or https link" in str(editor.error)
        editor.query_one("#links", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert "✗ false" in claims.option_list.row_text(claims.rows.index(5))
        assert gutter(screen, claim.content.start) == "✗"
        (verdict,) = stored(db)
        assert verdict.rating == "false" and verdict.links == ()

        # Clear: asked first, then gone from the row, the text and the store.
        await pilot.press("r")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is screen
        assert "false" not in claims.option_list.row_text(claims.rows.index(5))
        assert gutter(screen, claim.content.start) == " "
        assert stored(db) == []


async def test_verdicts_show_again_after_a_restart_and_orphans_are_said(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    article = reader_article()
    store = Store(db)
    claim = reader_analysis().claims[0]
    from margin.storage.verdict_config import VerdictScale

    store.verdicts.set(article, claim.content.start, claim.content.end, "true",
                       scale=VerdictScale())  # fmt: skip
    orphan = store.verdicts.set(article, 0, 8, "false", scale=VerdictScale())
    raw = store.verdicts.raw(article.sha256)
    raw[orphan.id]["anchor"] = {**raw[orphan.id]["anchor"], "exact": "Text that is nowhere"}
    store.verdicts._file(article.sha256).replace_all(raw)
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.pause()
        assert "✓ true" in screen.panel.claims.option_list.row_text(0).splitlines()[0]
        assert gutter(screen, claim.content.start) == "✓"
        assert [v.orphaned for v in screen.verdicts_ui.session.verdicts] == [False, True]
        notices = [n.message for n in app._notifications]
        assert any("1 verdict(s) on claims no longer in the text" in m for m in notices)


async def test_cancel_asks_before_losing_what_was_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path / "notes.json")
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab", "r")
        editor = app.screen
        assert isinstance(editor, VerdictEditorScreen)
        await pilot.press("escape")  # nothing chosen or typed: closes at once
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("r", "j", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, VerdictEditorScreen)
