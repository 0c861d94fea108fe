"""The reader's first frame holds what it needs to show the text, and nothing else: the
footer's keys, the side panel's tabs and the modules behind them come just after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from textual.widgets._footer import FooterKey
from tui_fixtures import FixedAnalyzer, reader_analysis, reader_article

from margin.analysis.service.compact import ReaderAnalysis
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens import reader as reader_module
from margin.tui.screens.reader import ReaderScreen

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())


def no_analysis(article: Any, **_: Any) -> ReaderAnalysis:
    return ReaderAnalysis(article.text)


async def test_footer_keys_and_panel_tabs_come_after_the_first_paint(
    monkeypatch: Any,
) -> None:
    at_first_paint: dict[str, int] = {}
    real = ReaderScreen._first_paint

    async def first_paint(self: ReaderScreen) -> None:
        at_first_paint["footer keys"] = len(self.query(FooterKey))
        at_first_paint["panel children"] = len(self.panel.children)
        await real(self)

    monkeypatch.setattr(ReaderScreen, "_first_paint", first_paint)
    app = MarginApp(
        article=reader_article(), analyzer=no_analysis, config=ReaderConfig(), use_store=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            screen = app.screen
            if isinstance(screen, ReaderScreen) and screen.panel_ready and screen.query(FooterKey):
                break
        assert at_first_paint == {"footer keys": 0, "panel children": 0}
        assert isinstance(screen, ReaderScreen) and screen.panel_ready
        keys = {key.action for key in screen.query(FooterKey)}
        assert {"help", "quit", "find"} <= keys


SCRIPT = """
import asyncio, json, sys
from margin.model import Article
from margin.analysis.service.compact import ReaderAnalysis
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.reader import ReaderScreen

seen = {}

async def first_paint(self):
    seen["modules"] = sorted(sys.modules)
    self.app.exit()

ReaderScreen._first_paint = first_paint
article = Article.from_text("Ferry fares\\n\\nThe ferry company said fares would rise.", "F", "f")

async def main():
    app = MarginApp(article=article, analyzer=lambda a, **_: ReaderAnalysis(a.text),
                    config=ReaderConfig(), use_store=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            if "modules" in seen:
                break
            await pilot.pause(0.02)

asyncio.run(main())
print(json.dumps(seen["modules"]))
"""

LATER = (
    "margin.tui.widgets.claims_panel",
    "margin.tui.widgets.entities_panel",
    "margin.tui.widgets.notes_panel",
    "margin.tui.widgets.fields",
    "margin.tui.widgets.footer",
    "textual.widgets._footer",
    "textual.widgets._tabbed_content",
    "textual.widgets._text_area",
    "multiprocessing",
    "tomllib",
)
"""Modules the reader needs only after its first paint (the panel's tabs, the note editor's
fields, the footer, a config file's parser; the analysis process's start-up, with an analyser
that needs none)."""


def test_no_panel_or_editor_module_is_imported_before_the_first_paint() -> None:
    path = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(ROOT)) if p)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": path},
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "margin.tui.screens.reader" in modules
    assert sorted(m for m in LATER if m in modules) == []


async def test_closing_while_the_panel_is_built_is_not_a_crash(monkeypatch: Any) -> None:
    """The app can close while the side panel's tabs are being mounted (a quick ``q``, or a
    test ending): the tabs go with it, and the rest of the first paint must not look for them
    (CI once failed with ``NoMatches: ClaimsPanel``)."""
    from margin.tui.widgets.side_panel import SidePanel

    real_build = SidePanel.build
    gone: list[bool] = []

    async def build_then_close(self: SidePanel) -> None:
        await real_build(self)
        # What the app's closing does at that moment: the screen's widgets are removed
        # children first, so the reader is still attached when the tabs are not.
        await self.query_one("#panel-tabs").remove()
        gone.append(not self.built)

    monkeypatch.setattr(SidePanel, "build", build_then_close)
    app = MarginApp(
        article=reader_article(), analyzer=no_analysis, config=ReaderConfig(), use_store=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.02)
            if gone:
                break
        await pilot.pause(0.1)
        screen = app.screen
        assert gone == [True]
        assert isinstance(screen, ReaderScreen) and not screen.panel_ready
    assert app.return_code in (None, 0)  # no exception ended the app


async def test_the_work_after_the_first_paint_waits_until_a_frame_is_written(
    monkeypatch: Any,
) -> None:
    """Textual holds back every frame of its start-up (the app mounts in one batch), so a
    screen's "after refresh" can come before anything reached the terminal: the reader's
    first paint (the panel's tabs, the analysis, the store) must wait for a frame of the
    reader that is really written, else it holds the text back."""
    written: list[bool] = []  # one per frame of the reader, True if it was not held back
    real_display = MarginApp._display

    def display(self: MarginApp, screen: Any, renderable: Any) -> None:
        if isinstance(screen, ReaderScreen) and renderable is not None:
            written.append(not self._batch_count)
        real_display(self, screen, renderable)

    at_first_paint: list[list[bool]] = []
    real = ReaderScreen._first_paint

    async def first_paint(self: ReaderScreen) -> None:
        at_first_paint.append(list(written))
        await real(self)

    monkeypatch.setattr(MarginApp, "_display", display)
    monkeypatch.setattr(ReaderScreen, "_first_paint", first_paint)
    app = MarginApp(
        article=reader_article(), analyzer=no_analysis, config=ReaderConfig(), use_store=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if at_first_paint:
                break
        assert len(at_first_paint) == 1
        assert any(at_first_paint[0]), at_first_paint  # a frame was written before it
        screen = app.screen
        for _ in range(100):
            if isinstance(screen, ReaderScreen) and screen.panel_ready:
                break
            await pilot.pause(0.02)
        assert isinstance(screen, ReaderScreen) and screen.panel_ready


async def test_a_quick_analysis_is_coloured_before_the_panel_is_built_then_listed(
    monkeypatch: Any,
) -> None:
    """An analysis read from the cache paints its colours without waiting for the side
    panel's tabs (~50 widgets); the lists, built after, still get all of it."""
    from margin.tui.widgets.side_panel import SidePanel

    real_build = SidePanel.build
    coloured_before_build: list[bool] = []

    async def build(self: SidePanel) -> None:
        screen = self.screen
        assert isinstance(screen, ReaderScreen)
        coloured_before_build.append(screen.highlights_at is not None)
        await real_build(self)

    class CachedAnalyzer(FixedAnalyzer):
        def in_cache(self, article: Any) -> bool:
            return True  # as the cache's lookup says when the article is there

    monkeypatch.setattr(SidePanel, "build", build)
    monkeypatch.setattr(reader_module, "PANEL_WAIT_SECONDS", 60.0)  # no fallback here
    app = MarginApp(
        article=reader_article(), analyzer=CachedAnalyzer(), config=ReaderConfig(), use_store=False
    )
    expected = reader_analysis()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        for _ in range(200):
            await pilot.pause(0.02)
            screen = app.screen
            if isinstance(screen, ReaderScreen) and screen.analysis is not None:
                break
        assert coloured_before_build == [True]
        assert isinstance(screen, ReaderScreen) and screen.panel_ready
        assert screen.analysis is not None
        assert len(screen.panel.claims.shown) == len(expected.claims) > 0
        assert len(screen.view.units) == len(expected.sentences)


async def test_the_given_articles_reader_is_the_first_screen() -> None:
    """No blank default screen is made, laid out and rendered beneath the reader before its
    first frame, and ``q`` still quits."""
    app = MarginApp(
        article=reader_article(), analyzer=no_analysis, config=ReaderConfig(), use_store=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (None, 0)
    assert not app.is_running


async def test_quitting_as_the_panel_is_built_is_not_a_crash(monkeypatch: Any) -> None:
    """``q`` right after the first frame: the app closes while the side panel's tabs mount
    (or before they do). The tab bar once failed then (``No Tab with id
    '--content-tab-claims'``: the tabs it was to activate were already removed), ending the
    app with a traceback."""
    from margin.tui.widgets.side_panel import SidePanel

    real_mount = SidePanel.mount

    def mount_then_quit(self: SidePanel, *widgets: Any, **kwargs: Any) -> Any:
        mounting = real_mount(self, *widgets, **kwargs)
        self.app.exit()
        return mounting

    real_build = SidePanel.build

    async def quit_then_build(self: SidePanel) -> None:
        self.app.exit()
        await real_build(self)

    # Unpatched, an exit at once (as a test ends) lands in the panel's build often enough:
    # it failed 5 times in 10 with the tab bar told to activate the Claims tab by id.
    for patched in ({}, {}, {}, {}, {}, {"mount": mount_then_quit}, {"build": quit_then_build}):
        with monkeypatch.context() as patch:
            for name, value in patched.items():
                patch.setattr(SidePanel, name, value)
            app = MarginApp(
                article=reader_article(),
                analyzer=no_analysis,
                config=ReaderConfig(),
                use_store=False,
            )
            async with app.run_test(size=(120, 40)) as pilot:
                if patched:
                    await pilot.pause(0.1)
            assert app.return_code in (None, 0)
