"""Pilot tests for the note editor and the confirm/prompt dialogs (no spaCy needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, TextArea

from margin.errors import MarginError
from margin.tui.screens.dialogs import ConfirmDialog, PromptDialog
from margin.tui.screens.note_editor import (
    KEYS_HINT,
    NoteDraft,
    NoteEditorScreen,
    format_tags,
    parse_tags,
    trim_quote,
)
from margin.tui.widgets.colour_picker import ColourPicker

QUOTE = (
    "The harbour board voted on Tuesday to close the old ferry pier, "
    "citing repair costs of 2.4 million."
)

_MISSING = object()


class Host(App[None]):
    """A bare app that pushes one screen and records what it was dismissed with."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.first = screen
        self.result: Any = _MISSING

    def on_mount(self) -> None:
        self.push_screen(self.first, self._done)

    def _done(self, result: Any) -> None:
        self.result = result


class Saver:
    """An on_save callback that records drafts and can be told to fail."""

    def __init__(self, errors: list[str | None] | None = None) -> None:
        self.drafts: list[NoteDraft] = []
        self.errors = list(errors or [])

    def __call__(self, draft: NoteDraft) -> str | None:
        self.drafts.append(draft)
        return self.errors.pop(0) if self.errors else None


# -- pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ()),
        ("policy", ("policy",)),
        ("#Policy, fact-check  policy #EU/budget", ("policy", "fact-check", "eu/budget")),
        ("EU eu NHS #Nhs", ("EU", "NHS")),
        ("a,b;c  d\te", ("a", "b", "c", "d", "e")),
        ("#, ##, (quoted), «x»", ("quoted", "x")),
        ("Todo todo TODO", ("todo",)),
    ],
)
def test_parse_tags(typed: str, expected: tuple[str, ...]) -> None:
    assert parse_tags(typed) == expected


def test_parse_tags_accepts_a_sequence_and_round_trips_through_the_field() -> None:
    tags = parse_tags(["#One", "two three", "one"])
    assert tags == ("one", "two", "three")
    assert parse_tags(format_tags(tags)) == tags


def test_trim_quote_collapses_whitespace_and_cuts_at_a_word() -> None:
    assert trim_quote("  a\n\n  b  ") == "a b"
    long = " ".join(["word"] * 200)
    trimmed = trim_quote(long, limit=50)
    assert trimmed.endswith("…")
    assert len(trimmed) <= 51
    assert trimmed[:-1].split(" ") == ["word"] * len(trimmed[:-1].split(" "))


# -- ConfirmDialog -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["y"], "yes"),
        (["n"], "no"),
        (["escape"], None),
        (["enter"], "yes"),
        (["tab", "enter"], "no"),
        (["right", "enter"], "no"),
    ],
)
async def test_confirm_dialog_keys(keys: list[str], expected: str | None) -> None:
    app = Host(ConfirmDialog("Really?"))
    async with app.run_test() as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    assert app.result == expected


@pytest.mark.parametrize(
    ("keys", "expected"),
    [(["r"], "extra"), (["tab", "enter"], "extra"), (["y"], "yes"), (["n"], "no")],
)
async def test_confirm_dialog_extra_choice(keys: list[str], expected: str) -> None:
    dialog = ConfirmDialog("Remove it?", yes="Remove", no="Cancel", extra="Remove with notes")
    app = Host(dialog)
    async with app.run_test() as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    assert app.result == expected


async def test_confirm_dialog_default_button_and_click() -> None:
    app = Host(ConfirmDialog("Discard?", default="no"))
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == "no"

    app = Host(ConfirmDialog("Discard?"))
    async with app.run_test() as pilot:
        await pilot.click("#no")
        await pilot.pause()
    assert app.result == "no"


# -- PromptDialog ------------------------------------------------------------------------------


async def test_prompt_dialog_validates_and_returns_text() -> None:
    def validate(text: str) -> str | None:
        return None if text.endswith(".txt") else "Not a .txt file"

    app = Host(PromptDialog("Open", validate=validate))
    async with app.run_test() as pilot:
        await pilot.press(*"a.md", "enter")
        await pilot.pause()
        assert app.result is _MISSING
        assert "Not a .txt file" in str(app.screen.query_one("#error").render())
        await pilot.press("backspace", "backspace", *"txt", "enter")
        await pilot.pause()
    assert app.result == "a.txt"


async def test_prompt_dialog_escape_and_empty_give_none() -> None:
    app = Host(PromptDialog("Open", value="x"))
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


# -- NoteEditorScreen --------------------------------------------------------------------------


async def test_editor_saves_body_tags_and_colour() -> None:
    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.press(*"Check the figure", "enter", *"with the board.")
        await pilot.press("tab", *"#Budget, ferry budget EU")
        await pilot.press("ctrl+o", "3")
        await pilot.press("ctrl+s")
        await pilot.pause()
    expected = NoteDraft("Check the figure\nwith the board.", ("budget", "ferry", "EU"), 3)
    assert saver.drafts == [expected]
    assert app.result == expected


async def test_editor_stays_open_with_text_when_save_fails() -> None:
    saver = Saver(errors=["Can't write the notes database: disk full"])
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.press(*"keep me")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NoteEditorScreen)
        assert app.result is _MISSING
        assert screen.query_one("#body", TextArea).text == "keep me"
        assert "disk full" in str(screen.query_one("#error").render())
        assert screen.query_one("#error").display
        # The second try succeeds and closes the editor with the same text.
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [d.body for d in saver.drafts] == ["keep me", "keep me"]
    assert app.result == NoteDraft("keep me", (), None)


async def test_editor_shows_a_margin_error_raised_by_on_save() -> None:
    def on_save(draft: NoteDraft) -> str | None:
        raise MarginError("The notes database is read-only")

    app = Host(NoteEditorScreen(QUOTE, on_save=on_save))
    async with app.run_test() as pilot:
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditorScreen)
        assert "read-only" in str(app.screen.query_one("#error").render())


async def test_escape_without_changes_cancels_at_once() -> None:
    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, body="old", tags=["a"], colour=2, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    assert saver.drafts == []


@pytest.mark.parametrize(("answer", "closed"), [("y", True), ("n", False), ("escape", False)])
async def test_escape_after_typing_asks_before_discarding(answer: str, closed: bool) -> None:
    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.press(*"draft")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == "Discard this note?"
        await pilot.press(answer)
        await pilot.pause()
        if closed:
            assert app.result is None
        else:
            assert isinstance(app.screen, NoteEditorScreen)
            assert app.screen.query_one("#body", TextArea).text == "draft"
    assert saver.drafts == []


async def test_changing_only_the_colour_counts_as_a_change() -> None:
    app = Host(NoteEditorScreen(QUOTE, on_save=Saver()))
    async with app.run_test() as pilot:
        await pilot.press("ctrl+o", "1", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


async def test_editing_an_existing_note_keeps_its_fields() -> None:
    saver = Saver()
    screen = NoteEditorScreen(
        QUOTE, body="First", tags=("#Ferry", "budget"), colour=4, title="Edit note", on_save=saver
    )
    app = Host(screen)
    async with app.run_test() as pilot:
        assert screen.query_one("#tags", Input).value == "ferry, budget"
        assert screen.query_one("#editor").border_title == "Edit note"
        await pilot.press(*" line")  # the cursor starts at the end of the body
        await pilot.press("tab", "tab")  # tags, then the colour picker
        assert screen.focused is screen.query_one("#colour", ColourPicker)
        await pilot.press("right")  # 4 -> 5
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == NoteDraft("First line", ("ferry", "budget"), 5)


async def test_colour_picker_keys_and_clear() -> None:
    app = Host(NoteEditorScreen(QUOTE, colour=1, on_save=Saver()))
    async with app.run_test() as pilot:
        picker = app.screen.query_one("#colour", ColourPicker)
        picker.focus()
        await pilot.press("left")
        assert picker.value is None
        await pilot.press("left")
        assert picker.value == 5
        await pilot.press("2")
        assert picker.value == 2
        await pilot.press("0")
        assert picker.value is None


async def test_save_and_cancel_buttons() -> None:
    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.press(*"hi")
        await pilot.click("#save")
        await pilot.pause()
    assert app.result == NoteDraft("hi", (), None)

    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.click("#cancel")
        await pilot.pause()
    assert app.result is None


async def test_quote_is_trimmed_and_quoted() -> None:
    long_quote = "Officials said " + "the pier is unsafe and " * 40 + "must close."
    app = Host(NoteEditorScreen(long_quote, on_save=Saver()))
    async with app.run_test():
        shown = str(app.screen.query_one("#quote").render())
        assert shown.startswith("“Officials said")
        assert shown.endswith("…”")


async def test_editor_saving_into_the_real_store(tmp_path: Path) -> None:
    """The reader's wiring in miniature: on_save writes a note with the store."""
    from margin.model import Article
    from margin.storage.store import Store

    store = Store(tmp_path / "margin.json")
    article = Article.from_text(QUOTE, "Pier", "/news/pier.txt")
    store.add_article(article)

    def on_save(draft: NoteDraft) -> str | None:
        note = store.new_note(article, 0, 17, body=draft.body, tags=draft.tags, colour=draft.colour)
        store.add_note(note)
        return None

    app = Host(NoteEditorScreen(QUOTE[:17], on_save=on_save))
    async with app.run_test() as pilot:
        await pilot.press(*"Which board?", "tab", *"#who, Board", "ctrl+o", "2", "ctrl+s")
        await pilot.pause()
    [note] = store.notes(article=article.sha256)
    assert (note.body, note.tags, note.colour) == ("Which board?", ("who", "board"), 2)
    assert note.anchor.exact == QUOTE[:17]


async def test_enter_in_the_tags_field_saves() -> None:
    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.press("tab", *"pier", "enter")
        await pilot.pause()
    assert app.result == NoteDraft("", ("pier",), None)


async def test_colour_swatches_follow_a_light_theme() -> None:
    app = Host(NoteEditorScreen(QUOTE, colour=1, on_save=Saver()))
    async with app.run_test() as pilot:
        picker = app.screen.query_one("#colour", ColourPicker)
        assert "#5c4d00" in str(picker.render().spans)  # yellow on dark
        app.theme = "textual-light"
        await pilot.pause()
        assert "#fff3a3" in str(picker.render().spans)  # yellow on light


async def test_keys_typed_in_a_burst_before_ctrl_s_are_all_saved() -> None:
    """ctrl+s that arrives right behind typed keys (a fast typist, a paste-like burst from a
    terminal) saves only after those keys reach the body: it is not a priority binding."""
    from textual import events

    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        for char in "Quick":
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("ctrl+s", None))
        await pilot.pause()
        await pilot.pause()
    assert [d.body for d in saver.drafts] == ["Quick"]


async def test_keys_typed_right_after_tab_go_to_the_next_field() -> None:
    """A burst such as tmux's send-keys: body text, tab, tags, ctrl+s all queued at once.
    The keys after tab reach the body before focus has moved; they belong to the tags."""
    from textual import events

    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.pause()
        for char in "Body":
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("tab", None))
        for char in "policy":
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("ctrl+s", None))
        for _ in range(4):
            await pilot.pause()
    assert [(d.body, d.tags) for d in saver.drafts] == [("Body", ("policy",))]


async def test_the_advertised_colour_key_works_in_a_burst_and_types_nothing() -> None:
    """ctrl+o (a control key: it arrives as itself in every terminal, unlike alt+digit, which
    macOS Terminal turns into ¡ ™ £ ¢ ∞) goes to the picker; the digits behind it pick a colour
    and never reach the text; ctrl+o again goes back to the field."""
    from textual import events

    assert "ctrl+o colour" in KEYS_HINT and "alt+" not in KEYS_HINT
    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert KEYS_HINT in str(screen.query_one("#keys").render())
        burst = [*"Body", "ctrl+o", "4", "2", "ctrl+o", *" more", "tab", *"pier"]
        burst += ["ctrl+o", "5", "ctrl+o", "s", "ctrl+s"]
        for key in burst:  # one burst, as a terminal (or tmux send-keys) sends it
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(6):
            await pilot.pause()
    assert saver.drafts == [NoteDraft("Body more", ("piers",), 5)]


async def test_ctrl_o_typed_slowly_goes_to_the_picker_and_back() -> None:
    saver = Saver()
    app = Host(NoteEditorScreen(QUOTE, on_save=saver))
    async with app.run_test() as pilot:
        await pilot.press(*"Note")
        screen = app.screen
        picker = screen.query_one("#colour", ColourPicker)
        await pilot.press("ctrl+o")
        assert app.focused is picker
        await pilot.press("3")
        assert picker.value == 3
        await pilot.press("ctrl+o", "!")
        assert app.focused is screen.query_one("#body")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert saver.drafts == [NoteDraft("Note!", (), 3)]
