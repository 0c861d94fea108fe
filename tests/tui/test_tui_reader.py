"""Pilot tests of the reader: every key, asserting cursor, scroll, marks and panel contents."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from tui_fixtures import (
    FixedAnalyzer,
    failing_analyzer,
    reader_analysis,
    reader_article,
    screen_text,
)

from margin.model import Analysis, Article
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.reader import ReaderScreen
from margin.tui.widgets.article_view import ArticleView

pytestmark = pytest.mark.asyncio


def make_app(
    article: Article | None = None, analyzer: Any = None, config: ReaderConfig | None = None
) -> MarginApp:
    return MarginApp(
        article=article or reader_article(),
        analyzer=analyzer if analyzer is not None else FixedAnalyzer(),
        config=config or ReaderConfig(),
        use_store=False,
    )


async def ready(pilot: Any) -> ReaderScreen:
    """Wait until the reader shows its analysis (or failed)."""
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen) and (
            screen.analysis is not None or screen.analysis_error or screen.analyzer is None
        ):
            return screen
    raise AssertionError("the analysis never arrived")


def long_article(paragraphs: int = 120) -> Article:
    base = reader_article().text.split("\n\n")[1:]
    parts = [f"{i}. {base[i % len(base)]}" for i in range(paragraphs)]
    return Article.from_text("\n\n".join(parts), "A long read", "long.txt")


EMPTY = Analysis([], [], [])


async def test_text_and_highlights_show() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        text = screen_text(app)
        assert "Lakeside library reopens" in text
        assert "Head librarian Grace Okafor" in text
        view = screen.view
        assert len(view.units) == len(reader_analysis().sentences)
        assert view.cursor_span == reader_analysis().sentences[0]
        assert "10 claims" in screen.status.analysis


async def test_j_and_k_move_sentence_by_sentence() -> None:
    app = make_app()
    sentences = reader_analysis().sentences
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "j")
        assert screen.view.cursor_span == sentences[3]
        await pilot.press("k")
        assert screen.view.cursor_span == sentences[2]
        assert "sentence 3/14" in screen.status.position
        for _ in range(30):
            await pilot.press("j")
        assert screen.view.cursor_span == sentences[-1]  # stops at the end


async def test_cursor_bar_marks_the_current_sentence_lines() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j")  # "Head librarian Grace Okafor said ..."
        lines = screen_text(app).splitlines()
        marked = [line for line in lines if line.startswith("▌")]
        assert marked and "Head librarian" in marked[0]
        assert all("Not everyone" not in line for line in marked)


async def test_view_follows_the_cursor_and_scroll_keys() -> None:
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        assert view.scroll_y == 0
        await pilot.press("down", "down")
        assert view.scroll_y == 2
        await pilot.press("up")
        assert view.scroll_y == 1
        await pilot.press("space")
        page = view.scrollable_content_region.height - 2
        assert view.scroll_y == 1 + page
        await pilot.press("b")
        assert view.scroll_y == 1
        await pilot.press("pagedown", "pagedown")
        assert view.scroll_y == 1 + 2 * page
        await pilot.press("pageup")
        assert view.scroll_y == 1 + page
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        assert view.cursor_index == len(view.units) - 1
        await pilot.press("g")
        assert view.scroll_y == 0 and view.cursor_index == 0
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("home")
        assert view.scroll_y == 0
        # j walks paragraphs (no sentences known) and the view follows the cursor
        for _ in range(40):
            await pilot.press("j")
        assert view.cursor_index == 40
        first, last = view.layout_.lines_for_span(*view.cursor_span)
        assert view.scroll_y <= first and last < view.scroll_y + view.size.height


async def test_j_after_scrolling_away_starts_from_the_view() -> None:
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        for _ in range(5):
            await pilot.press("space")
        top = view.visible_range()[0]
        await pilot.press("j")
        assert view.cursor_span is not None and view.cursor_span[0] >= top
        assert view.cursor_visible()


async def test_mouse_click_sets_the_cursor_and_wheel_scrolls() -> None:
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 24)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        layout = view.layout_
        target_line = layout.line_of_offset(view.units[3][0])
        x = view._pad_left + 3 + 2
        await pilot.click(ArticleView, offset=(x, target_line - int(view.scroll_y)))
        assert view.cursor_index == 3
        before = view.scroll_y
        for _ in range(3):
            view.post_message(events.MouseScrollDown(view, 5, 5, 0, 1, 0, False, False, False))
        await pilot.pause(0.3)
        assert view.scroll_y > before


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


async def test_resize_rewraps_and_keeps_the_reading_position() -> None:
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        for _ in range(6):
            await pilot.press("space")
        top = view.top_offset()
        await pilot.resize_terminal(60, 30)
        await pilot.pause()
        assert view.layout_.width < 60
        new_top = view.top_offset()
        line = view.layout_.line_of_offset(top)
        assert abs(line - int(view.scroll_y)) <= 1 and abs(new_top - top) < 200


async def test_a_long_article_is_wrapped_once_on_opening(monkeypatch: Any) -> None:
    # The scrollbar appearing must not change the text's width (a second wrap of the whole
    # text, and a second render, before the first paint).
    import margin.tui.widgets.article_view as article_view

    widths: list[int] = []
    wrap = article_view.layout_text

    def counting(text: str, width: int, **kw: Any) -> Any:
        widths.append(width)
        return wrap(text, width, **kw)

    monkeypatch.setattr(article_view, "layout_text", counting)
    app = make_app(long_article(), FixedAnalyzer(EMPTY))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(pilot)
        assert screen.view.max_scroll_y > 0  # long enough to scroll
        assert len(widths) == 1


async def test_the_analysis_is_prepared_before_the_first_paint() -> None:
    # The analysis process starts loading spaCy while the app paints the text.
    seen: list[tuple[Article, float | None]] = []

    class Preparing(FixedAnalyzer):
        def prepare(self, article: Article) -> None:
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            seen.append((article, screen.first_paint_at))

    app = make_app(analyzer=Preparing())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert [(a.sha256, at) for a, at in seen] == [(reader_article().sha256, None)]
        assert screen.first_paint_at is not None and screen.analysis is not None


async def test_the_panel_tabs_come_after_the_first_paint_and_early_keys_count() -> None:
    from textual.widgets import TabbedContent

    from margin.tui.screens.reader import ENTITY_FILTERS
    from margin.tui.widgets.side_panel import SidePanel

    built_after_paint: list[bool] = []
    build = SidePanel.build

    async def spy(self: SidePanel) -> None:
        screen = self.screen
        assert isinstance(screen, ReaderScreen) and not self.query(TabbedContent)
        built_after_paint.append(screen.first_paint_at is not None)
        await build(self)

    app = make_app()
    SidePanel.build = spy  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.press("e")  # at once: the panel may not have its tabs yet
            screen = await ready(pilot)
            assert built_after_paint == [True] and screen.panel_ready
            assert screen.panel.entities.groups_shown == ENTITY_FILTERS[1]
            assert screen.view.entity_groups == ENTITY_FILTERS[1]
            assert screen.panel.claims.option_list.option_count == len(reader_analysis().claims)
            # the frame had its width from the start: the text was never re-wrapped for it
            assert screen.view.layout_.width < 130 - screen.panel.region.width
    finally:
        SidePanel.build = build  # type: ignore[method-assign]


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


async def test_failed_analysis_leaves_the_article_readable() -> None:
    app = make_app(analyzer=failing_analyzer())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.analysis_error == "no spaCy English model is installed"
        assert "analysis failed" in screen.status.analysis
        assert "Head librarian Grace Okafor" in screen_text(app)
        await pilot.press("j")  # paragraphs still work as cursor stops
        assert screen.view.cursor_index == 1


async def test_unexpected_analysis_error_is_reported_not_raised() -> None:
    def broken(article: Article, **_: Any) -> Analysis:
        raise ValueError("boom")

    app = make_app(analyzer=broken)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.analysis_error == "analysis failed: ValueError: boom"


async def test_streamed_progress_highlights_before_the_end() -> None:
    analyzer = FixedAnalyzer(stream=True)
    app = make_app(analyzer=analyzer)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert analyzer.calls and analyzer.calls[0][0] == 0  # the first paragraph in view
        assert len(screen.view.units) == len(reader_analysis().sentences)
        assert screen.panel.claims.option_list.option_count == len(reader_analysis().claims)


async def test_quit() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_keys_typed_right_after_slash_go_into_the_find_bar() -> None:
    from textual import events

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
