"""The Notes tab: the article's notes and highlights in reading order (orphans last), with
tags, a tag filter, and keys to jump, edit, delete and undo."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from margin.sanitize import clean_line
from margin.storage.model import Note
from margin.styles.entities import HIGHLIGHT_COLOURS, highlight_background
from margin.tui.widgets.claims_panel import trim


def note_prompt(note: Note, *, dark: bool) -> Content:
    """A note's row: a colour swatch, the passage, then the body and tags."""
    swatch = Content.styled("▌", highlight_background(note.colour, dark=not dark))
    quote = trim(note.anchor.exact, 90)
    if note.orphaned:
        head = Content.assemble(swatch, ("orphaned ", "bold $error"), (quote, "italic $text-muted"))
    else:
        head = Content.assemble(swatch, (quote, "italic"))
    lines = [head]
    if note.body.strip():
        lines.append(Content.assemble("  ", trim(note.body, 120)))
    meta: list[Content] = []
    if note.tags:
        meta.append(Content.styled(clean_line(" ".join(f"#{t}" for t in note.tags)), "$accent"))
    if note.colour in HIGHLIGHT_COLOURS and note.is_highlight:
        meta.append(Content.styled(HIGHLIGHT_COLOURS[note.colour][0], "$text-muted"))
    if note.status in ("moved", "fuzzy"):
        meta.append(Content.styled(f"({note.status})", "$text-muted"))
    if meta:
        lines.append(Content("  ") + Content(" ").join(meta))
    return Content("\n").join(lines)


def filter_by_tag(notes: Iterable[Note], tag: str) -> list[Note]:
    """Notes having a tag that starts with ``tag`` (case-insensitive; ``#`` optional)."""
    wanted = tag.strip().lstrip("#").casefold()
    if not wanted:
        return list(notes)
    return [n for n in notes if any(t.casefold().startswith(wanted) for t in n.tags)]


class NotesList(OptionList):
    """The notes; enter jumps, e edits, d deletes (u undoes)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", id="notes.edit"),
        Binding("d,delete", "delete", "Delete", id="notes.delete"),
        Binding("f", "filter", "Tag filter", id="notes.filter"),
    ]

    def _panel(self) -> NotesPanel:
        return next(a for a in self.ancestors if isinstance(a, NotesPanel))

    def action_edit(self) -> None:
        note = self._panel().highlighted_note
        if note is not None:
            self.post_message(NotesPanel.Edit(note))

    def action_delete(self) -> None:
        note = self._panel().highlighted_note
        if note is not None:
            self.post_message(NotesPanel.Delete(note))

    def action_filter(self) -> None:
        self.screen.set_focus(self._panel().query_one("#notes-tag", Input))


class NotesPanel(Vertical):
    """Notes in reading order, orphans last; filter by tag."""

    DEFAULT_CSS = """
    NotesPanel {
        height: 1fr;
        & > #notes-tag { margin-bottom: 1; }
        & > #notes-summary { height: 1; color: $text-muted; padding: 0 1; }
        & > NotesList { height: 1fr; border: none; }
    }
    """

    class Jump(Message):
        """Move the reader to this note (``focus``: and back to the text)."""

        def __init__(self, note: Note, focus: bool) -> None:
            super().__init__()
            self.note = note
            self.focus = focus

    class Edit(Message):
        def __init__(self, note: Note) -> None:
            super().__init__()
            self.note = note

    class Delete(Message):
        def __init__(self, note: Note) -> None:
            super().__init__()
            self.note = note

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.notes: list[Note] = []
        self.tag = ""
        self.shown: list[Note] = []
        self.enabled = True
        self.off_reason = "the notes database could not be opened"
        """Why notes are off, as the user is told (the store's own sentence when known)."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="#tag filter…", compact=True, id="notes-tag")
        yield Label("No notes yet: press a to add one, h to highlight", id="notes-summary")
        yield NotesList(id="notes-list")

    @property
    def option_list(self) -> NotesList:
        return self.query_one(NotesList)

    def set_notes(self, notes: Iterable[Note]) -> None:
        """Show ``notes`` (kept in reading order, orphans last)."""
        self.notes = sorted(notes, key=lambda n: (n.orphaned, n.anchor.start, n.anchor.end))
        self.refresh_list()

    def set_filter(self, tag: str) -> None:
        self.tag = tag
        self.query_one("#notes-tag", Input).value = tag
        self.refresh_list()

    def refresh_list(self) -> None:
        previous = self.highlighted_note
        self.shown = filter_by_tag(self.notes, self.tag)
        dark = self.app.current_theme.dark
        options = [Option(note_prompt(n, dark=dark), id=f"note-{n.id}") for n in self.shown]
        option_list = self.option_list
        with self.app.batch_update():
            option_list.set_options(options)
            ids = [n.id for n in self.shown]
            if previous is not None and previous.id in ids:
                option_list.highlighted = ids.index(previous.id)
        self._update_summary()

    def _update_summary(self) -> None:
        label = self.query_one("#notes-summary", Label)
        if not self.enabled:
            label.update(Text(f"Notes are off: {clean_line(self.off_reason)}"))
        elif not self.notes:
            label.update("No notes yet: a adds a note, h highlights")
        else:
            orphans = sum(1 for n in self.notes if n.orphaned)
            text = f"{len(self.shown)}/{len(self.notes)} notes"
            if orphans:
                text += f" · {orphans} orphaned"
            label.update(text)

    @property
    def highlighted_note(self) -> Note | None:
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def highlight_note(self, note_id: str) -> None:
        ids = [n.id for n in self.shown]
        if note_id in ids:
            self.option_list.highlighted = ids.index(note_id)

    @on(Input.Changed, "#notes-tag")
    def _tag_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.tag:
            self.tag = event.value
            self.refresh_list()

    @on(Input.Submitted, "#notes-tag")
    def _tag_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.set_focus(self.option_list)

    @on(OptionList.OptionHighlighted, "#notes-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        note = self.highlighted_note
        if note is not None and self.option_list.has_focus and not note.orphaned:
            self.post_message(self.Jump(note, focus=False))

    @on(OptionList.OptionSelected, "#notes-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        note = self.highlighted_note
        if note is not None:
            self.post_message(self.Jump(note, focus=True))
