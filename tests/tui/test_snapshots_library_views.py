"""Snapshots of the library's Speakers and Claims views (over a claims index made in memory).

Update after an intended change with ``pytest --snapshot-update`` on this file and look at the
SVGs in the __snapshots__ folder beside it before committing them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from library_claims_helpers import BUDGET, FERRY, MARKET, MODEL, analysis_of
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from margin.model import sha256_text
from margin.storage.claims_index import part_from_analysis, part_key
from margin.storage.claims_table import ClaimsTable
from margin.storage.model import LibraryEntry
from margin.tui.screens.claims_view import ClaimsScreen
from margin.tui.screens.speakers import SpeakersScreen

SIZE = (100, 30)
NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


def _table() -> ClaimsTable:
    entries, parts = [], {}
    for days, (title, source, text, said) in zip((0, 3, 40), (BUDGET, FERRY, MARKET), strict=True):
        sha = sha256_text(text)
        added = (NOW - timedelta(days=days)).isoformat()
        entries.append(LibraryEntry(sha, title, source, added, added))
        parts[sha] = part_from_analysis(analysis_of(text, said), part_key(MODEL))
    return ClaimsTable(entries, parts)


class Host(App[None]):
    """Shows one screen, with animations off."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.animation_level = "none"
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)


async def steady(pilot: Pilot[None]) -> None:
    """The index read (in its thread), cursors not blinking."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def test_speakers_view_snapshot(snap_compare: Any) -> None:
    screen = SpeakersScreen(_table)
    assert snap_compare(Host(screen), press=["down"], terminal_size=SIZE, run_before=steady)


def test_speakers_view_filtered_snapshot(snap_compare: Any) -> None:
    screen = SpeakersScreen(_table)
    keys = ["slash", *"ruiz"]
    assert snap_compare(Host(screen), press=keys, terminal_size=SIZE, run_before=steady)


def test_claims_view_snapshot(snap_compare: Any) -> None:
    screen = ClaimsScreen(_table, now=lambda: NOW)
    assert snap_compare(Host(screen), press=["down"], terminal_size=SIZE, run_before=steady)


def test_claims_view_no_match_snapshot(snap_compare: Any) -> None:
    screen = ClaimsScreen(_table, now=lambda: NOW)
    keys = ["slash", *"tramway"]
    assert snap_compare(Host(screen), press=keys, terminal_size=SIZE, run_before=steady)
