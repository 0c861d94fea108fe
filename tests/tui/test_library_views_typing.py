"""Filter as you type in the library's Speakers and Claims views: with the list focused, a key
no binding takes goes into the filter, backspace takes one back, escape clears; a bound key
(the screen's, the list's, the app's) always does its job and never becomes filter text."""

from __future__ import annotations

from typing import Any

import pytest
from library_claims_helpers import library_app, settle
from tui_fixtures import screen_text

from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.claims_view import ClaimsScreen
from margin.tui.screens.help import HelpScreen
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.speakers import SpeakersScreen
from margin.tui.widgets.filter_input import FilterInput, bound_keys

SIZE = (110, 32)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> MarginApp:
    return library_app(monkeypatch)


_settle = settle


async def _open(pilot: Any, key: str) -> Any:
    """The library's view behind ``key``, its index read, its list focused."""
    await _settle(pilot)
    assert isinstance(pilot.app.screen, LibraryScreen)
    await pilot.press(key)
    await _settle(pilot)
    screen = pilot.app.screen
    assert screen.table is not None and screen.focused is screen.results_list
    return screen


def _names(screen: SpeakersScreen) -> list[str]:
    assert screen.table is not None
    return sorted(screen.table.speakers[i].name for i in screen.shown)


async def test_typing_a_name_narrows_the_speakers_and_backspace_widens(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "p")
        assert isinstance(screen, SpeakersScreen)
        assert len(screen.shown) == 4
        await pilot.press(*"tom")  # no "/" first: the list has the focus
        assert screen.query_text == "tom"
        assert _names(screen) == ["Tomas Ruiz"]
        assert screen.focused is screen.results_list  # the list keeps the focus
        assert "1 of 4 speakers" in screen_text(app)
        await pilot.press("backspace", "backspace")
        assert screen.query_text == "t"
        assert _names(screen) == ["Harbour Trust", "Tomas Ruiz"]
        await pilot.press("backspace")
        assert screen.query_text == "" and len(screen.shown) == 4
        await pilot.press("backspace")  # nothing left to take back: nothing happens
        assert isinstance(app.screen, SpeakersScreen) and screen.query_text == ""


async def test_a_space_joins_words_but_does_not_start_a_filter(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "p")
        await pilot.press("space")
        assert screen.query_text == ""
        await pilot.press(*"ruiz", "space", *"tom")
        assert screen.query_text == "ruiz tom"
        assert _names(screen) == ["Tomas Ruiz"]


async def test_no_match_says_so_and_escape_clears_then_goes_back(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "p")
        await pilot.press(*"zz")
        assert screen.shown == []
        assert "No speaker matches «zz»" in screen_text(app)
        await pilot.press("escape")
        assert screen.query_text == "" and len(screen.shown) == 4
        assert "No speaker matches" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_a_bound_key_acts_and_is_not_typed(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "p")
        await pilot.press(*"ruiz")
        assert len(screen.shown) == 3
        await pilot.press("question_mark")  # the screen's: help, not a "?" in the filter
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.query_text == "ruiz"
        await pilot.press("c")  # the screen's: the Claims view, not a "c" in the filter
        await _settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)


async def test_claims_view_searches_as_you_type_and_keeps_its_keys(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "c")
        assert isinstance(screen, ClaimsScreen) and screen.table is not None
        total = len(screen.shown)
        await pilot.press(*"ferr")
        assert screen.query_text == "ferr"
        texts = {screen.table.claim(i).text for i in screen.shown}
        assert texts == {"the ferries would run all night", "the night ferries would start in May"}
        assert len(texts) < total
        await pilot.press("k")  # kind: quotes (a binding), the search kept
        assert screen.kind_index == 1 and screen.query_text == "ferr"
        assert "kind: quote" in screen_text(app)
        # "v" is the verdict filter's key, hidden until there are verdicts: still not text
        assert not screen.table.has_verdicts and "v" in bound_keys(screen)
        await pilot.press("v")
        assert screen.query_text == "ferr"
        await pilot.press("escape")
        assert screen.query_text == ""


async def test_slash_field_takes_every_key_as_text(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "p")
        await pilot.press("slash", *"tomc")  # in the field, "c" is a letter
        assert isinstance(app.screen, SpeakersScreen)
        assert screen.focused is screen.query_one("#search", FilterInput)
        assert screen.query_text == "tomc" and screen.shown == []
        await pilot.press("backspace", "down")  # edit in the field, then to the list
        assert screen.query_text == "tom" and screen.focused is screen.results_list
        assert _names(screen) == ["Tomas Ruiz"]


async def test_a_remapped_key_is_resolved_as_the_keymap_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = library_app(monkeypatch, ReaderConfig(keymap={"speakers.claims": "C"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "p")
        keys = bound_keys(screen)
        assert "C" in keys and "c" not in keys
        await pilot.press(*"tc")  # "c" is free now: a letter of the filter
        assert screen.query_text == "tc" and isinstance(app.screen, SpeakersScreen)
        await pilot.press("C")
        await _settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
