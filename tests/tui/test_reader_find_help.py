"""Pilot tests of the reader's find bar, help screen and command palette."""

from __future__ import annotations

import pytest
from reader_pilot import make_app, ready
from textual import events
from tui_fixtures import FixedAnalyzer, reader_analysis, reader_article, screen_text

from margin.tui.keymap import ReaderConfig

pytestmark = pytest.mark.asyncio


async def test_find_counts_steps_and_clears() -> None:
    text = reader_article().text
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        assert screen.find_bar.is_open and app.focused is screen.find_bar.input
        await pilot.press(*"library")
        expected = text.lower().count("library")
        assert len(screen.steps) == expected == 5
        assert len(screen.view.find_matches) == expected
        assert f"/{expected}" in str(screen.find_bar.query_one("#find-count").render())
        await pilot.press("enter")
        assert not screen.find_bar.is_open and app.focused is screen.view
        index = screen.step_index
        await pilot.press("n")
        assert screen.step_index == (index + 1) % expected
        s, _ = screen.steps[screen.step_index]
        assert screen.view.cursor_span[0] <= s < screen.view.cursor_span[1]
        await pilot.press("N", "N")
        assert screen.step_index == (index - 1) % expected
        # smart case: a capital letter makes the search exact
        await pilot.press("slash")
        screen.find_bar.input.value = "Library"
        await pilot.pause()
        assert len(screen.steps) == 1
        await pilot.press("escape")
        assert not screen.find_bar.is_open and len(screen.view.find_matches) == 0


async def test_escape_in_the_text_clears_the_find_and_its_status() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"library", "enter")
        assert screen.steps and screen.status.find == "find 1/5"
        await pilot.press("escape")
        assert screen.steps == [] and len(screen.view.find_matches) == 0
        assert screen.status.find == ""


async def test_find_no_match_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"zebra")
        assert screen.steps == []
        assert "no matches" in str(screen.find_bar.query_one("#find-count").render())


async def test_help_lists_bindings_with_user_remaps() -> None:
    config = ReaderConfig(keymap={"reader.next_sentence": "ctrl+j,J"})
    app = make_app(config=config)
    sentences = reader_analysis().sentences
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await ready(pilot)
        await pilot.press("J")
        assert screen.view.cursor_span == sentences[1]
        await pilot.press("j")  # no longer bound
        assert screen.view.cursor_span == sentences[1]
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Next sentence" in text and "^j, J" in text
        assert "Find (smart case" in text and "1, 2, 3, 4, 5" in text
        help_screen = app.screen
        rows = help_screen.binding_rows()
        assert ("q", "Quit (back to the library if you came from it)") in rows["App"]
        assert ("d, del", "Notes tab: delete the note") in rows["Notes"]
        await pilot.press("escape")
        assert app.screen is screen


async def test_command_palette_offers_reader_actions_and_claims() -> None:
    from margin.tui.commands import ReaderCommands

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        provider = ReaderCommands(screen)
        titles = [title for title, _, _ in provider._commands()]
        assert "Toggle side panel" in titles
        assert "Entity filter: people" in titles
        assert any(t.startswith("Claim: Maria Santos") for t in titles)
        assert any(t.startswith("Entity: Grace Okafor") for t in titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"toggle side")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.panel.region.width == 0
        # jump to a claim through the provider
        callback = next(cb for title, cb, _ in provider._commands() if "Now they have it" in title)
        callback()
        await pilot.pause()
        kinds = {kind for _, _, kind in screen.view.marks.spans()}
        assert kinds == {"content", "speaker", "cue"}


async def test_claims_by_a_speaker_gather_every_name_of_its_group() -> None:
    from dataclasses import replace

    from margin.model import Speaker
    from margin.tui.commands import ReaderCommands

    analysis = reader_analysis()
    text = reader_article().text
    claims = []
    for claim in analysis.claims:
        if claim.speaker is not None and claim.speaker.group == "Grace Okafor":
            # as the engine gives them: the name as written, its group's name beside it
            written = claim.speaker.original or claim.speaker
            start, end = written.start, written.end
            claim = replace(
                claim, speaker=Speaker(start, end, text[start:end], None, "Grace Okafor")
            )
        claims.append(claim)
    written = {c.speaker.text for c in claims if c.speaker and c.speaker.group == "Grace Okafor"}
    assert written == {"Grace Okafor", "Okafor"}
    app = make_app(analyzer=FixedAnalyzer(replace(analysis, claims=claims)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        provider = ReaderCommands(screen)
        commands = {title: cb for title, cb, _ in provider._commands()}
        speakers = sorted(t for t in commands if t.startswith("Claims by "))
        assert "Claims by Grace Okafor" in speakers and "Claims by Okafor" not in speakers
        commands["Claims by Grace Okafor"]()
        await pilot.pause()
        shown = list(screen.panel.claims.shown)
        assert len(shown) == 3 and {c.speaker.group for c in shown} == {"Grace Okafor"}


async def test_keys_typed_right_after_slash_go_into_the_find_bar() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        # one burst, as a fast typist or a terminal paste delivers it
        keys = [("slash", "/")] + [
            ("space", " ") if ch == " " else (ch, ch) for ch in "Friends of Millbrook"
        ]
        for key, char in keys:
            app.post_message(events.Key(key, char))
        for _ in range(5):
            await pilot.pause()
        assert screen.find_bar.input.value == "Friends of Millbrook"
        assert screen.view.entity_groups is None  # "e" did not cycle the entity filter
        assert screen.view.scroll_y == 0  # space did not page down
        assert len(screen.steps) == 1
