"""The library's Speakers and Claims views: opened with their keys, filtered as you type,
``enter`` from a speaker to their claims and from a claim into the article at the claim,
the Claims panel's key to the same speaker elsewhere; the keys in the help."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from library_claims_helpers import (
    BUDGET,
    FERRY,
    MODEL,
    Said,
    add_article,
    library_app,
    settle,
)
from tui_fixtures import screen_text

from margin.tui.app import MarginApp
from margin.tui.screens.claims_view import ClaimsScreen
from margin.tui.screens.help import HelpScreen
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.reader import ReaderScreen
from margin.tui.screens.speakers import SpeakersScreen

SIZE = (110, 32)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> MarginApp:
    return library_app(monkeypatch)


_settle = settle


async def test_speakers_view_filters_as_you_type(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("p")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, SpeakersScreen) and screen.table is not None
        names = [screen.table.speakers[i].name for i in screen.shown]
        assert names[0] == "Ana Ruiz" and set(names) == {
            "Ana Ruiz", "Harbour Trust", "Ruiz", "Tomas Ruiz"
        }  # fmt: skip
        text = screen_text(app)
        assert "4 speakers · 3 articles · 1 not analysed" in text
        assert "Ana Ruiz" in text and "Speaker " in text and "Articles" in text
        await pilot.press("slash", *"toma")
        await _settle(pilot)
        assert [screen.table.speakers[i].name for i in screen.shown] == ["Tomas Ruiz"]
        assert "1 of 4 speakers" in screen_text(app)
        await pilot.press("z")
        await pilot.pause()
        assert not screen.shown and "No speaker matches «tomaz»" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.shown) == 4 and screen.query_text == ""
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_from_a_speaker_to_their_claims_to_the_article(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("p")
        await _settle(pilot)
        await pilot.press("enter")  # Ana Ruiz, the most quoted
        await _settle(pilot)
        claims = app.screen
        assert isinstance(claims, ClaimsScreen) and claims.table is not None
        shown = [claims.table.claim(i) for i in claims.shown]
        assert {c.text for c in shown} == {
            "the harbour budget would rise by a tenth",
            "the ferries would run all night",
            "she opposed the move",
        }
        assert "speaker: Ana Ruiz" in screen_text(app)
        target = next(c for c in shown if c.text == "the ferries would run all night")
        claims.claims_list.highlighted = list(claims.shown).index(
            next(i for i in claims.shown if claims.table.claim(i) == target)
        )
        await pilot.press("enter")
        await _settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.article.title == BUDGET[0]
        span = reader.view.cursor_span
        # on the claim's own sentence (the second of its paragraph), not the paragraph's first
        text = reader.article.text
        assert span is not None and text[span[0] : span[1]] == (
            "Ruiz told reporters the ferries would run all night."
        )
        assert span[0] <= target.start < span[1]
        await pilot.press("q")  # back to the Claims view it came from
        await pilot.pause()
        assert app.screen is claims
        await pilot.press("p")  # back to the Speakers view that opened it
        await pilot.pause()
        assert isinstance(app.screen, SpeakersScreen)


async def test_claims_view_search_kind_and_speaker(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("c")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, ClaimsScreen) and screen.table is not None
        assert len(screen.shown) == 7
        assert "7 claims · 3 articles · 1 not analysed" in screen_text(app)
        assert "verdict" not in screen_text(app).lower()  # no verdicts: no column, no filter
        await pilot.press("slash", *"ferries")
        await pilot.pause()
        assert len(screen.shown) == 2 and "2 of 7 claims" in screen_text(app)
        await pilot.press("escape", "k")  # quotes: there are none
        await pilot.pause()
        assert screen.query_text == "" and not screen.shown
        assert "No claim matches" in screen_text(app)
        await pilot.press("k")  # reported
        await pilot.pause()
        assert len(screen.shown) == 7 and "kind: reported" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        assert "added: last day" in screen_text(app) and len(screen.shown) == 7
        await pilot.press("p")  # the Speakers view in its place
        await pilot.pause()
        assert isinstance(app.screen, SpeakersScreen)
        assert isinstance(app.screen_stack[-2], LibraryScreen)


async def test_the_claims_panel_key_shows_the_speaker_elsewhere(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        titles = [e.title for e in library.shown]
        library.table.move_cursor(row=titles.index(BUDGET[0]))
        await pilot.press("enter")
        await _settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.show_tab("claims")
        await _settle(pilot)
        await pilot.press("o")  # the first claim: Ana Ruiz's
        await _settle(pilot)
        view = app.screen
        assert isinstance(view, ClaimsScreen) and view.table is not None
        texts = {view.table.claim(i).text for i in view.shown}
        assert texts == {"she opposed the move"}  # her claims in the other articles
        assert "speaker: Ana Ruiz · other articles" in screen_text(app)
        await pilot.press("x")  # every speaker, every article
        await pilot.pause()
        assert len(view.shown) == 7
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is reader


async def test_unnamed_speaker_says_so(app: MarginApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        library.table.move_cursor(row=[e.title for e in library.shown].index(FERRY[0]))
        await pilot.press("enter")
        await _settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.show_tab("claims")
        await _settle(pilot)
        await pilot.press("down", "o")  # "A spokesman"
        await _settle(pilot)
        assert app.screen is reader


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("p", ["Filter the speakers by name", "The highlighted speaker's claims"]),
        ("c", ["Search content, speaker and cue", "Kind: all, quotes", "Added: any time"]),
    ],
)
async def test_every_key_is_in_the_help(app: MarginApp, key: str, expected: list[str]) -> None:
    async with app.run_test(size=(110, 40)) as pilot:
        await _settle(pilot)
        await pilot.press(key)
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for line in expected:
            assert line in text
        rows = app.screen.binding_rows()
        described = {d for section in rows.values() for _, d in section}
        catalogue = app.screen.content.catalogue
        assert described == {d for _, d in catalogue.values()} | {
            "Between the filter and the list", "Between the search and the list",
            "With the list focused: filter at once (bound keys act)",
            "With the list focused: search at once (bound keys act)",
            "Take back the last character typed", "Command palette: themes, keys, quit",
        } & described  # fmt: skip


async def test_verdicts_show_once_there_are_some() -> None:
    """A VerdictLookup plugged in: the column and the ``v`` filter appear."""
    from datetime import UTC, datetime

    from library_claims_helpers import analysis_of
    from textual.app import App

    from margin.model import sha256_text
    from margin.storage.claims_index import part_from_analysis, part_key
    from margin.storage.claims_table import ClaimsTable
    from margin.storage.model import LibraryEntry

    title, source, text, said = BUDGET
    sha = sha256_text(text)
    entry = LibraryEntry(sha, title, source, "2025-03-14T11:00:00Z", "2025-03-14T11:00:00Z")
    part = part_from_analysis(analysis_of(text, said), part_key(MODEL))
    ferries = text.index("the ferries")

    class OneFalse:
        def rating(self, sha256: str, start: int, end: int) -> str | None:
            return "false" if start == ferries else None

    table = ClaimsTable([entry], {sha: part}, verdicts=OneFalse())
    screen = ClaimsScreen(lambda: table, now=lambda: datetime(2025, 3, 14, 12, tzinfo=UTC))

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        text_shown = screen_text(app)
        assert "verdict: any" in text_shown and "[false]" in text_shown
        await pilot.press("v")
        await pilot.pause()
        assert [table.claim(i).text for i in screen.shown] == ["the ferries would run all night"]
        assert "verdict: false" in screen_text(app)
        await pilot.press("v")  # back to any
        await pilot.pause()
        assert len(screen.shown) == 3


TWO_CLAIMS = (
    "Harbour vote goes ahead",
    "/home/reporter/news/vote.txt",
    "The mayor rejected the trust's call for a delay, saying the vote would go ahead. Ruiz agreed.",
    [
        Said("the trust's call for a delay", "The mayor", "", cue="rejected"),
        Said("the vote would go ahead", "The mayor", "", cue="saying"),
    ],
)


async def test_opened_at_a_claim_the_panel_starts_on_that_claim(app: MarginApp) -> None:
    """Two claims in one sentence: opened at the second (from the Claims view), the claims
    panel's list starts on it, so a verdict goes on the claim the user chose."""
    from margin.analysis.cache import AnalysisCache
    from margin.model import Article
    from margin.storage.store import Store

    db, cache = Path(os.environ["MARGIN_DB"]), Path(os.environ["MARGIN_CACHE_DIR"])
    add_article(Store(db), AnalysisCache(cache), *TWO_CLAIMS)
    text = TWO_CLAIMS[2]
    start = text.index("the vote would go ahead")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        app.open_article(
            Article.from_text(text, TWO_CLAIMS[0], TWO_CLAIMS[1]),
            at=(start, start + len("the vote would go ahead")),
        )
        await _settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("tab")
        await _settle(pilot)
        claim = reader.panel.claims.highlighted_claim
        assert claim is not None and claim.content.text == "the vote would go ahead"
