"""Snapshots of the verdict editor and of the Claims tab with verdict badges (and their marks
in the text's gutter). Update after a deliberate change with ``--snapshot-update`` and look at
the SVGs before committing them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, TextArea
from tui_fixtures import FixedAnalyzer, reader_analysis, reader_article

from margin.storage.store import Store
from margin.storage.verdict_config import VerdictScale
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.reader import ReaderScreen
from margin.tui.screens.verdict_editor import VerdictDraft, VerdictEditorScreen


class Host(App[None]):
    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.animation_level = "none"
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


def refuse(draft: VerdictDraft) -> str | None:
    return "not an http or https link: 'javascript:alert(1)'"


def test_verdict_editor_snapshot(snap_compare: Any) -> None:
    editor = VerdictEditorScreen(
        "insurers had covered about $900,000 of the extra cost\x1b[2J",
        scale=VerdictScale(),
        speaker="Peter Lindqvist",
        rating="misleading",
        reasoning="The insurer's statement says **$700,000**.\nSee page 4.",
        links=("https://insurer.example/statement", "javascript:alert(1)"),
        existing=True,
        on_save=refuse,
        on_clear=lambda: None,
    )

    async def run_before(pilot: Any) -> None:
        for widget in pilot.app.screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
        await pilot.press("ctrl+s")  # refused: the error shows, the text stays
        await pilot.pause()

    assert snap_compare(Host(editor), terminal_size=(100, 30), run_before=run_before)


def test_claims_tab_with_verdict_badges(snap_compare: Any, tmp_path: Path) -> None:
    article = reader_article()
    claims = reader_analysis().claims
    store = Store(tmp_path / "notes.json")
    store.add_article(article)
    for index, rating in ((0, "true"), (1, "mostly true"), (3, "misleading"), (5, "false"),
                          (4, "unverified")):  # fmt: skip
        c = claims[index].content
        store.verdicts.set(article, c.start, c.end, rating, scale=VerdictScale())
    app = MarginApp(article=article, analyzer=FixedAnalyzer(), config=ReaderConfig(), store=store)
    app.animation_level = "none"

    async def run_before(pilot: Any) -> None:
        for _ in range(60):
            await pilot.pause()
            screen = pilot.app.screen
            if (
                isinstance(screen, ReaderScreen)
                and screen.analysis is not None
                and (screen.verdicts_ui.settled and not screen.notes_loading)
            ):
                break
        await pilot.press("tab")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(130, 36), run_before=run_before)
