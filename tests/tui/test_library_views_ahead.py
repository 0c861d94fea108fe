"""The library builds its Speakers and Claims views ahead while the user does nothing: once
built, ``p`` and ``c`` show those (with the index in memory at once); a key pressed while a
view is being built is not lost; a keystroke postpones the building."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

import pytest
from library_claims_helpers import MODEL, CacheAnalyzer, build_library
from textual import events
from tui_fixtures import screen_text

from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens import library_views
from margin.tui.screens.claims_view import ClaimsScreen
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.search_list import SearchListScreen
from margin.tui.screens.speakers import SpeakersScreen

SIZE = (110, 32)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> MarginApp:
    monkeypatch.setattr("margin.analysis.cache.model_key", lambda model=None: MODEL)
    monkeypatch.setattr(library_views, "IDLE_SECONDS", 0.05)
    if getattr(request, "param", None) == "no idle":  # the tests say when to build
        monkeypatch.setattr(library_views, "IDLE_SECONDS", 3600)
    db = Path(os.environ["MARGIN_DB"])
    cache = Path(os.environ["MARGIN_CACHE_DIR"])
    build_library(db, cache, market=True)
    return MarginApp(db_path=str(db), config=ReaderConfig(), analyzer=CacheAnalyzer(cache))


async def _library(pilot: Any) -> LibraryScreen:
    for _ in range(100):
        await pilot.pause()
        if isinstance(pilot.app.screen, LibraryScreen):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return pilot.app.screen
    raise AssertionError("the library never showed")


async def _built(pilot: Any, library: LibraryScreen) -> None:
    for _ in range(200):
        if all(library.view_ready(v) for v in library_views.VIEWS):
            return
        await pilot.pause(0.01)
    raise AssertionError("the views were never built")


async def _started(library: LibraryScreen, view: str) -> None:
    """Until ``view`` is being made (its screen running, not yet mounted)."""
    assert library._views_building
    name = library.view_name(view)
    for _ in range(1000):
        app = library.app
        if app.is_screen_installed(name) and app.get_screen(name).is_running:
            break
        await asyncio.sleep(0)
    assert not library.view_ready(view)


async def test_the_views_are_built_while_the_library_is_idle(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        library = await _library(pilot)
        await _built(pilot, library)
        speakers = app.get_screen(library.view_name("speakers"))
        claims = app.get_screen(library.view_name("claims"))
        assert isinstance(speakers, SpeakersScreen) and isinstance(claims, ClaimsScreen)
        # built with the index the library read ahead, before being shown
        assert speakers.table is not None and claims.table is not None
        assert app.screen is library
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is speakers  # the view built ahead, shown with its list and keys
        text = screen_text(app)
        assert "4 speakers · 3 articles" in text and "Ana Ruiz" in text
        assert "? Help  q Back" in text.splitlines()[-1]
        await pilot.press("slash", *"toma")
        await pilot.pause()
        assert [speakers.table.speakers[i].name for i in speakers.shown] == ["Tomas Ruiz"]
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is claims
        assert "claims · 3 articles" in screen_text(app)


@pytest.mark.parametrize("app", ["no idle"], indirect=True)
async def test_a_view_is_ready_only_once_its_list_is_filled(app: MarginApp) -> None:
    """Mounted is not built: between its mounting and its list being filled from the index
    in memory, a view built ahead is not ready (the CI once saw a "ready" Claims view with
    no list, on a loaded machine)."""
    async with app.run_test(size=SIZE) as pilot:
        library = await _library(pilot)
        for view in library_views.VIEWS:
            app.last_input_at = float("-inf")  # (long ago)
            library._build_when_idle()
            for _ in range(10_000):  # every turn of the loop, until the view says ready
                if library.view_ready(view):
                    break
                await asyncio.sleep(0)
            assert library.view_ready(view)
            screen = app.get_screen(library.view_name(view))
            assert isinstance(screen, SearchListScreen) and screen.is_mounted
            assert screen.table is not None  # its list, from the index the library read
        await pilot.pause()


@pytest.mark.parametrize("app", ["no idle"], indirect=True)
async def test_keys_pressed_while_a_view_is_built_are_not_lost(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        library = await _library(pilot)
        assert not library.view_ready("speakers")
        app.last_input_at = float("-inf")  # (long ago)
        library._build_when_idle()  # the speakers view starts being built...
        await _started(library, "speakers")
        for key in ("s", "s"):  # ...and keys come in meanwhile: the order, twice
            app.post_message(events.Key(key, key))
        await pilot.pause()
        assert library.sort_by == "notes"
        assert library.view_ready("speakers")
        app.last_input_at = float("-inf")
        library._build_when_idle()  # the Claims view starts being built...
        await _started(library, "claims")
        app.post_message(events.Key("c", "c"))  # ...and c comes before it is over
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClaimsScreen) and screen.table is not None
        assert screen is app.get_screen(library.view_name("claims"))
        assert "claims · 3 articles" in screen_text(app)
        await pilot.press("slash", *"ferries")
        await pilot.pause()
        assert {screen.table.claim(i).text for i in screen.shown} == {
            "the ferries would run all night",
            "the night ferries would start in May",
        }


@pytest.mark.parametrize("app", ["no idle"], indirect=True)
async def test_a_keystroke_postpones_the_building(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        library = await _library(pilot)
        await pilot.press("s")  # a key just now: the time comes, the library waits again
        library._build_when_idle()
        assert not library._views_building and library._views_timer is not None
        await pilot.pause(0.1)
        assert not library.view_ready("speakers")
        app.last_input_at = float("-inf")  # (long ago)
        library._build_when_idle()  # the time comes again: the view is built
        for _ in range(200):
            if library.view_ready("speakers"):
                break
            await pilot.pause(0.01)
        assert library.view_ready("speakers")


async def test_a_key_is_when_the_user_last_did_something(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _library(pilot)
        before = time.monotonic()
        await pilot.press("s")
        assert app.last_input_at >= before


async def test_a_kept_claims_view_counts_added_from_when_it_is_shown_again() -> None:
    from datetime import UTC, datetime, timedelta

    from library_claims_helpers import BUDGET, analysis_of
    from textual.app import App

    from margin.model import sha256_text
    from margin.storage.claims_index import part_from_analysis, part_key
    from margin.storage.claims_table import ClaimsTable
    from margin.storage.model import LibraryEntry

    title, source, text, said = BUDGET
    sha = sha256_text(text)
    entry = LibraryEntry(sha, title, source, "2025-03-14T11:00:00Z", "2025-03-14T11:00:00Z")
    table = ClaimsTable(
        [entry], {sha: part_from_analysis(analysis_of(text, said), part_key(MODEL))}
    )
    clock = [datetime(2025, 3, 14, 12, tzinfo=UTC)]
    screen = ClaimsScreen(lambda: table, now=lambda: clock[0])

    class Host(App[None]):
        def on_mount(self) -> None:
            self.install_screen(screen, "claims")
            self.push_screen("claims")

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "1 h ago" in screen_text(app)
        app.pop_screen()
        await pilot.pause()
        clock[0] += timedelta(days=3)
        app.push_screen("claims")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "3 days ago" in screen_text(app) and "1 h ago" not in screen_text(app)
