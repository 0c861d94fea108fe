"""Pilot tests of the reader's side panel and status line: claims, entities, tabs, the entity
filter, the panel at narrow widths."""

from __future__ import annotations

from typing import Any

import pytest
from reader_pilot import make_app, ready
from tui_fixtures import reader_analysis, reader_article

pytestmark = pytest.mark.asyncio


async def test_entity_filter_cycles_and_changes_colours() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        okafor = reader_article().text.index("Grace Okafor")
        line = view.layout_.line_of_offset(okafor)

        def okafor_style() -> Any:
            view._strip_cache.clear()
            strip = view._render_display_line(line, view.size.width)
            return next(s.style for s in strip if "Grace" in s.text)

        coloured = okafor_style().color
        assert coloured is not None
        seen = []
        for _ in range(6):
            await pilot.press("e")
            seen.append(view.entity_groups)
        assert seen == [
            frozenset({"person"}),
            frozenset({"org"}),
            frozenset({"place"}),
            frozenset({"number"}),
            frozenset(),
            None,
        ]
        await pilot.press("e", "e")  # organisations only: people lose their colour
        assert okafor_style().color != coloured
        assert "organisations" in screen.status.render().plain
        await pilot.press("e", "e", "e", "e")  # back to all
        assert okafor_style().color == coloured


async def test_claims_panel_rows_and_choosing_a_claim_marks_its_parts() -> None:
    app = make_app()
    analysis = reader_analysis()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        claims_list = screen.panel.claims.option_list
        assert claims_list.option_count == len(analysis.claims)
        first = claims_list.row_text(0)
        assert "Grace Okafor" in first and "said" in first
        await pilot.press("tab")  # the list starts at the claim nearest the cursor
        assert app.focused is claims_list
        assert screen.panel.claims.highlighted_claim == analysis.claims[0]
        await pilot.press("down")  # second claim: the first quote
        claim = screen.panel.claims.highlighted_claim
        assert claim is analysis.claims[1] or claim == analysis.claims[1]
        kinds = {kind: (s, e) for s, e, kind in screen.view.marks.spans()}
        assert kinds["content"] == (claim.content.start, claim.content.end)
        assert kinds["speaker"] == (claim.speaker.original.start, claim.speaker.original.end)
        assert kinds["cue"] == (claim.cue.start, claim.cue.end)
        cursor = screen.view.cursor_span
        assert cursor[0] <= claim.content.start < cursor[1]
        await pilot.press("enter")
        assert app.focused is screen.view


async def test_claims_filter_by_kind_speaker_and_score_order() -> None:
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        claims = screen.panel.claims
        claims.set_filter(kind="quote")
        assert {c.kind for c in claims.shown} == {"quote"} and len(claims.shown) == 3
        claims.set_filter(kind="all", speaker="santos")
        assert len(claims.shown) == 2
        assert all(c.speaker and c.speaker.text == "Maria Santos" for c in claims.shown)
        claims.set_filter(kind="assertion", speaker="")
        assert [round(c.score, 2) for c in claims.shown] == [0.87, 0.41]  # most check-worthy first
        claims.set_filter(kind="all")
        await pilot.press("tab", "s")  # sort: unattributed by score first
        assert [c.kind for c in claims.shown[:2]] == ["assertion", "assertion"]
        await pilot.press("s")
        assert claims.shown[0].content.start < claims.shown[1].content.start


async def test_entities_tab_groups_counts_and_n_steps_through_mentions() -> None:
    text = reader_article().text
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab", "tab")
        entities = screen.panel.entities
        assert screen.panel.active == "entities"
        assert app.focused is entities.option_list
        grouped = dict(entities.index.grouped())
        assert {e.name for e in grouped["person"]} == {
            "Grace Okafor",
            "Peter Lindqvist",
            "Maria Santos",
        }
        dates = {e.name: e.count for e in grouped["number"]}
        assert dates["two-year"] == 2
        # highlight "two-year" and step through its two mentions
        entities.highlight_key("number:two-year")
        await pilot.pause()
        await pilot.press("enter")
        assert app.focused is screen.view
        marks = [(s, e) for s, e, kind in screen.view.marks.spans() if kind == "mention"]
        assert [text[s:e] for s, e in marks] == ["two-year", "two-year"]
        first = screen.view.cursor_span
        await pilot.press("n")
        second = screen.view.cursor_span
        assert second != first and second[0] <= marks[1][0] < second[1]
        assert "2/2" in screen.status.find
        await pilot.press("n")
        assert screen.view.cursor_span == first  # wraps around
        await pilot.press("N")
        assert screen.view.cursor_span == second
        await pilot.press("escape")
        assert len(screen.view.marks) == 0 and screen.status.find == ""


async def test_tab_cycles_text_claims_entities_notes_and_back() -> None:
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        assert app.focused is screen.view
        await pilot.press("tab")
        assert screen.panel.active == "claims" and app.focused is screen.panel.claims.option_list
        await pilot.press("tab")
        assert screen.panel.active == "entities"
        await pilot.press("tab")
        assert screen.panel.active == "notes" and app.focused is screen.panel.notes.option_list
        await pilot.press("tab")
        assert app.focused is screen.view
        await pilot.press("shift+tab")
        assert screen.panel.active == "notes" and app.focused is not screen.view
        await pilot.press("escape")
        assert app.focused is screen.view


async def test_panel_toggles_and_is_hidden_when_narrow() -> None:
    app = make_app()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        panel = screen.panel
        assert panel.display and panel.region.width > 0
        wide_text = screen.view.size.width
        await pilot.press("p")
        assert panel.region.width == 0
        assert screen.view.size.width > wide_text
        await pilot.press("p")
        assert panel.region.width > 0
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.narrow and panel.region.width == 0
        assert screen.view.size.width == 80
        await pilot.press("p")  # over the text, focused
        await pilot.pause()
        assert panel.region.width > 0 and screen.view.size.width == 80
        assert app.focused is panel.claims.option_list
        await pilot.press("escape")
        await pilot.pause()
        assert panel.region.width == 0 and app.focused is screen.view
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert not screen.narrow and panel.region.width > 0


async def test_status_line_at_80_columns_keeps_the_legend_names() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        wide = screen.status.analysis
        assert wide.endswith(")") and "claims" in wide  # "… (in 0.0s)" or "(from cache)"
        line = screen.status.render().plain
        assert len(line) <= 78
        assert "●pers" in line and "●org" in line  # the legend keeps (short) names
        assert "claims" in line and "(" not in line  # the analysis time went first
        await pilot.resize_terminal(160, 24)
        await pilot.pause()
        line = screen.status.render().plain
        assert "● people" in line and wide in line and "sentence" in line
