"""Notes in the reader: add, highlight, edit, delete with undo, tag filter, visual selection,
and notes surviving a restart (a real Store in a temporary directory)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, TextArea
from tui_fixtures import FixedAnalyzer, reader_analysis, reader_article

from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.note_editor import NoteEditorScreen
from margin.tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.asyncio


def make_app(db: Path, store: Any = None) -> MarginApp:
    return MarginApp(
        article=reader_article(),
        analyzer=FixedAnalyzer(),
        config=ReaderConfig(),
        db_path=str(db),
        store=store,
    )


async def ready(pilot: Any) -> ReaderScreen:
    """The reader once its analysis is shown and its notes database is open (a key before
    that is answered "still opening", which a loaded machine makes likely)."""
    for _ in range(200):
        await pilot.pause()
        screen = pilot.app.screen
        if (
            isinstance(screen, ReaderScreen)
            and screen.analysis is not None
            and screen.panel_ready
            and not screen.notes_loading
        ):
            return screen
    raise AssertionError("reader not ready")


def stored(db: Path) -> list[Any]:
    store = Store(db)
    try:
        return store.notes(reader_article().sha256)
    finally:
        store.close()


async def test_add_a_note_to_the_current_sentence(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    sentence = reader_analysis().sentences[2]
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j", "a")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditorScreen)
        assert editor.quote == reader_article().text[sentence[0] : sentence[1]]
        editor.query_one("#body", TextArea).insert("Check the opening hours.")
        editor.query_one("#tags", Input).value = "hours, Library"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert [(n.anchor.start, n.anchor.end) for n in screen.notes] == [sentence]
        assert [s[:2] for s in screen.view.notes.spans()] == [sentence]
        assert screen.panel.notes.option_list.option_count == 1
        assert "Check the opening hours." in str(
            screen.panel.notes.option_list.get_option_at_index(0).prompt
        )
    (note,) = stored(db)
    assert note.body == "Check the opening hours." and set(note.tags) == {"hours", "library"}


async def test_highlight_recolour_toggle_and_undo(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    sentence = reader_analysis().sentences[0]
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("h")
        assert [(n.anchor.start, n.anchor.end, n.colour) for n in screen.notes] == [(*sentence, 1)]
        await pilot.press("3")  # same passage: recoloured, not a second note
        assert [n.colour for n in screen.notes] == [3]
        assert screen.last_colour == 3
        await pilot.press("3")  # the same highlight again removes it
        assert screen.notes == [] and len(screen.view.notes) == 0
        await pilot.press("u")
        assert [n.colour for n in screen.notes] == [3]
    assert [n.colour for n in stored(db)] == [3]


async def test_notes_tab_jump_edit_delete_undo_and_tag_filter(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    article = reader_article()
    sentences = reader_analysis().sentences
    store = Store(db)
    store.add_article(article)
    for i, tags in ((1, ("money",)), (5, ("money", "council")), (9, ("parents",))):
        s, e = sentences[i]
        store.add_note(store.new_note(article, s, e, body=f"note {i}", tags=tags))
    app = make_app(db, store=store)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        notes = screen.panel.notes
        assert [n.body for n in notes.shown] == ["note 1", "note 5", "note 9"]
        await pilot.press("tab", "tab", "tab")
        assert screen.panel.active == "notes" and app.focused is notes.option_list
        await pilot.press("down", "enter")  # second note: jump there, back to the text
        assert screen.view.cursor_span == sentences[5] and app.focused is screen.view
        # edit it
        await pilot.press("tab", "tab", "tab")
        notes.highlight_note(notes.shown[1].id)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, NoteEditorScreen)
        body = editor.query_one("#body", TextArea)
        body.text = "note 5, checked"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [n.body for n in screen.notes] == ["note 1", "note 5, checked", "note 9"]
        # delete, then undo
        notes.highlight_note(notes.shown[0].id)
        await pilot.press("d")
        assert [n.body for n in screen.notes] == ["note 5, checked", "note 9"]
        await pilot.press("u")
        assert [n.body for n in screen.notes] == ["note 1", "note 5, checked", "note 9"]
        # tag filter
        notes.set_filter("#mon")
        assert [n.body for n in notes.shown] == ["note 1", "note 5, checked"]
        notes.set_filter("parents")
        assert [n.body for n in notes.shown] == ["note 9"]
        notes.set_filter("")
        assert len(notes.shown) == 3
    assert sorted(n.body for n in stored(db)) == ["note 1", "note 5, checked", "note 9"]


async def test_notes_survive_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        await ready(pilot)
        await pilot.press("j", "2")
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        assert [(n.anchor.start, n.anchor.end, n.colour) for n in screen.notes] == [
            (*reader_analysis().sentences[1], 2)
        ]
        lines = [
            "".join(seg.text for seg in screen.view.render_line(y))
            for y in range(screen.view.size.height)
        ]
        assert any(line.lstrip().startswith("●") or "●" in line[:6] for line in lines)


async def test_visual_selection_by_sentence_and_word(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    sentences = reader_analysis().sentences
    text = reader_article().text
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "v", "j")
        assert screen.selection == (sentences[1][0], sentences[2][1])
        await pilot.press("escape")
        assert screen.selection is None
        await pilot.press("v", "W", "W")  # a sentence, shrunk by two words
        start, end = screen.selection
        assert start == sentences[2][0] and text[start:end].endswith("open until 10 p.m.")
        await pilot.press("w")
        assert text[start : screen.selection[1]].endswith("until 10 p.m. on")
        await pilot.press("4")
        assert screen.selection is None
        (note,) = screen.notes
        assert (note.anchor.start, note.colour) == (start, 4)
        assert note.anchor.exact.endswith("10 p.m. on")


async def test_note_goes_on_the_chosen_claim(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    claim = reader_analysis().claims[1]
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab", "down")  # choose the first quote
        await pilot.press("escape")  # back to the text: the claim stays chosen
        await pilot.press("h")
        (note,) = screen.notes
        assert (note.anchor.start, note.anchor.end) == (claim.content.start, claim.content.end)


async def test_unusable_database_leaves_the_reader_working(tmp_path: Path) -> None:
    db = tmp_path / "a-directory"
    db.mkdir()
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.store is None
        await pilot.press("h", "j")
        assert screen.notes == [] and screen.view.cursor_index == 1
        assert "Notes are off" in str(screen.panel.notes.query_one("#notes-summary").render())


def cell_of(view: Any, offset: int) -> tuple[int, int]:
    """The screen cell (x, y) showing character ``offset`` of the view (ASCII text)."""
    from margin.tui.widgets.article_view import GUTTER

    layout = view.layout_
    line = layout.line_of_offset(offset)
    start, _ = layout.text_range(line)
    x = view._pad_left + GUTTER + offset - start
    y = line - int(view.scroll_y)
    return view.content_region.x + x, view.content_region.y + y


async def drag(pilot: Any, start: tuple[int, int], end: tuple[int, int]) -> None:
    """Press the left button at screen cell ``start``, move to ``end`` with it held, release.

    The events go through the app as a terminal's would (``App.on_event``): the app routes
    moves to the widget that captured the mouse and turns the release into a click.
    """
    app = pilot.app

    async def send(kind: type[events.MouseEvent], x: int, y: int, button: int) -> None:
        args = (x, y, 0, 0, button, False, False, False)
        await app.on_event(kind(None, *args, screen_x=x, screen_y=y))
        await pilot.pause()

    await send(events.MouseMove, *start, 0)
    await send(events.MouseDown, *start, 1)
    await send(events.MouseMove, start[0] + 1, start[1], 1)
    await send(events.MouseMove, *end, 1)
    await send(events.MouseUp, *end, 1)
    await pilot.pause()


async def test_mouse_drag_selects_whole_words_and_h_highlights_them(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    text = reader_article().text
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        view = screen.view
        cursor_before = view.cursor_index
        # from inside "reopened" to inside "twice", across a line break
        start = text.index("reopened") + 3
        end = text.index("twice") + 2
        assert view.layout_.line_of_offset(start) != view.layout_.line_of_offset(end)
        await drag(pilot, cell_of(view, start), cell_of(view, end))
        selected = (text.index("reopened"), text.index("twice") + len("twice"))
        assert screen.selection == selected
        marks = [(s, e) for s, e, kind in view.marks.spans() if kind == "selection"]
        assert marks == [selected]
        assert screen.status.find.startswith(f"selected {selected[1] - selected[0]} characters")
        # the click that comes with the release does not move the reading cursor
        assert view.cursor_index == cursor_before and screen.selection == selected
        await pilot.press("h")
        (note,) = screen.notes
        assert (note.anchor.start, note.anchor.end) == selected
        assert note.anchor.exact.startswith("reopened") and note.anchor.exact.endswith("twice")
        assert screen.selection is None

        # dragging backwards selects the same way; a plain click still moves the cursor
        later = text.index("Okafor said the new") + 2
        earlier = text.index("Head librarian") + 1
        await drag(pilot, cell_of(view, later), cell_of(view, earlier))
        assert screen.selection == (text.index("Head librarian"), later - 2 + len("Okafor"))
        await pilot.click(offset=cell_of(view, text.index("According to")))
        assert view.cursor_span[0] == text.index("According to")


async def test_the_store_opens_after_the_text_is_painted_and_notes_show(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    store = Store(db)
    article = reader_article()
    sentence = reader_analysis().sentences[1]
    store.add_article(article)
    store.add_note(store.new_note(article, *sentence, body="Seen before"))
    store.close()
    opened_at: list[float | None] = []
    app = make_app(db)
    make_store = app._make_store

    def spy() -> Any:
        screen = app.screen
        opened_at.append(screen.first_paint_at if isinstance(screen, ReaderScreen) else None)
        return make_store()

    app._make_store = spy  # type: ignore[method-assign]
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        for _ in range(100):  # the store opens off the UI thread: its notes come when read
            if screen.view.notes.spans():
                break
            await pilot.pause(0.02)
        assert len(opened_at) == 1 and opened_at[0] is not None  # once, after the first paint
        assert [(n.anchor.start, n.anchor.end) for n in screen.notes] == [sentence]
        assert [s[:2] for s in screen.view.notes.spans()] == [sentence]
        assert app.store is screen.store is not None


async def test_a_burst_from_a_terminal_opens_fills_and_saves_a_note(tmp_path: Path) -> None:
    """tmux send-keys delivers "a", the body, tab, the tags and ctrl+s in one read: the keys
    that come before the editor is up must land in it, in order, and save once."""
    from textual import events

    db = tmp_path / "notes.json"
    sentence = reader_analysis().sentences[1]
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        for _ in range(100):  # the store opens in a thread: `a` before that only says so
            if not screen.notes_loading:
                break
            await pilot.pause(0.02)
        keys = ["j", "a", *"Check the source", "tab", *"fact-check, amazon", "ctrl+s"]
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(100):
            await pilot.pause(0.02)
            if app.screen is screen and screen.notes:
                break
        assert app.screen is screen
        assert [(n.anchor.start, n.anchor.end) for n in screen.notes] == [sentence]
        assert screen.notes[0].body == "Check the source"
        assert list(screen.notes[0].tags) == ["fact-check", "amazon"]


async def test_note_on_a_highlighted_entity_row_goes_on_that_mention(tmp_path: Path) -> None:
    db = tmp_path / "notes.json"
    text = reader_article().text
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab", "tab")  # the Entities tab's list has the focus
        entities = screen.panel.entities
        assert entities.highlight_key("number:two-year")
        await pilot.pause()
        sentence = screen.view.cursor_span
        first = text.index("two-year")
        assert not sentence[0] <= first < sentence[1]  # the mention is not at the cursor
        await pilot.press("h")
        (note,) = screen.notes
        assert text[note.anchor.start : note.anchor.end] == "two-year"
        assert note.anchor.start == first


async def test_a_newer_database_says_why_notes_are_off(tmp_path: Path) -> None:
    import json

    db = tmp_path / "margin.json"
    db.write_text(json.dumps({"meta": {"schema": {"version": 99}}, "articles": {}}))
    app = make_app(db)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = await ready(pilot)
        for _ in range(40):
            await pilot.pause(0.05)
            if not screen.notes_loading:
                break
        summary = str(screen.panel.notes.query_one("#notes-summary").render())
        assert "newer margin (schema 99" in summary and "could not be opened" not in summary
        await pilot.press("h")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Notes are off:") and "newer margin" in m for m in said)
        assert db.read_text().startswith('{"meta"')  # left alone
