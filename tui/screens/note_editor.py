"""The note editor: a modal with the anchored passage, a Markdown body, tags and a colour.

The editor never writes anything itself. ``ctrl+s`` builds a :class:`NoteDraft` and hands it to
the ``on_save`` callback given by the caller (which writes to the store); if that returns an
error message the editor stays open with the text intact and shows the message, so a full disk
or a read-only database never loses what the user typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from margin.sanitize import clean_line, clean_text
from margin.storage.tags import normalize_tags
from margin.tui.screens.editor_form import BUSY, EditorForm
from margin.tui.widgets.colour_picker import ColourPicker
from margin.tui.widgets.error_line import ErrorLine
from margin.tui.widgets.fields import BodyArea, RunsOwnBindings, TextField

QUOTE_LIMIT = 280
"""The anchored passage is shown up to about this many characters."""

KEYS_HINT = "ctrl+s save · esc cancel · ctrl+o colour 1–5"
"""The keys the editor advertises (only keys that arrive in every terminal)."""


@dataclass(frozen=True, slots=True)
class NoteDraft:
    """What the user wrote in the editor: a Markdown body, normalised tags and a colour."""

    body: str
    tags: tuple[str, ...] = ()
    colour: int | None = None


_TAG_SEPARATORS = re.compile(r"[,;\s]+")


def parse_tags(tags: str | Iterable[str]) -> tuple[str, ...]:
    """Tags typed by the user: a string (tags separated by commas, semicolons or spaces) or an
    iterable of such strings, each tag normalised by the one tag rule
    (:func:`margin.storage.tags.normalize_tags`: no ``#``, lower-cased except acronyms, no
    repeats).

    >>> parse_tags("#Policy, fact-check  policy #EU eu #EU/Budget")
    ('policy', 'fact-check', 'EU', 'eu/budget')
    """
    pieces = [tags] if isinstance(tags, str) else list(tags)
    return normalize_tags(raw for piece in pieces for raw in _TAG_SEPARATORS.split(piece))


def format_tags(tags: Sequence[str]) -> str:
    """Tags as shown in the tags field: ``"policy, fact-check"``."""
    return ", ".join(tags)


def trim_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The passage on one line, safe to show, whitespace collapsed, cut at a word near
    ``limit`` with "…"."""
    flat = " ".join(clean_line(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


class FormColourPicker(RunsOwnBindings, ColourPicker):
    """The editor's colour picker, keeping keys typed in a burst in order: its own keys
    (``1``-``5``...) run as it gets them, not once they have bubbled up to the app, by which
    time a ``ctrl+o`` behind them may have moved focus back to the text."""


class NoteEditorScreen(EditorForm[NoteDraft | None]):
    """Write or edit a note anchored to a passage of the article.

    Dismisses with the saved :class:`NoteDraft`, or ``None`` when cancelled. Keys: ``ctrl+s``
    save, ``escape`` cancel (asking "Discard this note?" first if anything changed), ``tab`` /
    ``shift+tab`` move between the body, the tags, the colour and the buttons, ``enter`` in the
    tags field saves too; ``ctrl+o`` goes to the colour picker (``1``-``5`` pick a colour,
    ``0`` none) and, pressed there, back to the field it came from.

    ``on_save(draft)`` is called on ``ctrl+s``; it returns ``None`` when the note was stored or
    a one-line error message to show (a :class:`MarginError` it raises is shown the same way).
    """

    DEFAULT_CSS = """
    NoteEditorScreen > #editor {
        width: 84;
    }
    NoteEditorScreen #body, NoteEditorScreen #tags {
        padding: 0 1;
    }
    NoteEditorScreen #body {
        height: 10;
    }
    NoteEditorScreen #tags {
        height: 3;
    }
    NoteEditorScreen #colour-row {
        height: 1;
    }
    NoteEditorScreen #colour-label {
        width: auto;
        padding: 0 0 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note_editor.save"),
        Binding("escape", "cancel", "Cancel", id="note_editor.cancel"),
        # A control key arrives as itself in every terminal (alt+digit does not: macOS
        # Terminal types ¡ ™ £ ¢ ∞ into the field). A focus action: the fields run it in key
        # order, so a digit typed right behind it goes to the picker, not into the text.
        Binding("ctrl+o", "colour_picker", "Colour", id="note_editor.colour"),
    ]
    FOCUS_ACTIONS: ClassVar[frozenset[str]] = frozenset({"colour_picker"})

    def __init__(
        self,
        quote: str,
        *,
        body: str = "",
        tags: Sequence[str] = (),
        colour: int | None = None,
        title: str = "New note",
        on_save: Callable[[NoteDraft], str | None],
    ) -> None:
        """Open on ``quote`` (the anchored passage) with an existing note's fields if editing."""
        super().__init__()
        self.quote = quote
        self.editor_title = title
        self.on_save = on_save
        self.stored = NoteDraft(body=body, tags=parse_tags(tags), colour=colour)
        """The note as it was given (its text may hold controls, shown inert in the fields)."""
        self.initial = NoteDraft(
            body=clean_text(body), tags=parse_tags(clean_line(t) for t in tags), colour=colour
        )
        """The note as the fields show it at first."""
        self._before_picker: Widget | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="editor", classes="editor-box") as editor:
            editor.border_title = self.editor_title
            yield Static(
                f"“{trim_quote(self.quote)}”", id="quote", classes="editor-quote", markup=False
            )
            body = BodyArea(
                self.initial.body,
                id="body",
                classes="editor-field",
                soft_wrap=True,
                tab_behavior="focus",
                placeholder="Markdown. Leave empty for a plain highlight.",
            )
            body.border_title = "Note"
            yield body
            tags = TextField(
                format_tags(self.initial.tags),
                id="tags",
                classes="editor-field",
                placeholder="comma or space separated, # optional: policy, fact-check",
                select_on_focus=False,  # coming back (tab, ctrl+o) must not let a key erase them
            )
            tags.border_title = "Tags"
            yield tags
            with Horizontal(id="colour-row"):
                yield Label("Colour", id="colour-label")
                yield FormColourPicker(self.initial.colour, id="colour")
            yield ErrorLine(id="error")
            with Horizontal(id="actions"):
                yield Button(
                    "Save", id="save", variant="primary", compact=True, action="screen.save"
                )
                yield Button("Cancel", id="cancel", compact=True, action="screen.cancel")
                yield Static(KEYS_HINT, id="keys", markup=False)

    def on_mount(self) -> None:
        body = self.query_one("#body", TextArea)
        # At once (focus() waits for the next turn): keys typed right behind the one that
        # opened the editor are handed to the focused field as they come (tui.fields).
        self.set_focus(body)
        body.move_cursor(body.document.end)

    def on_resize(self) -> None:
        """Give the body the rows the terminal can spare (3 to 10)."""
        spare = self.size.height - 15 - (1 if self.error else 0)
        self.query_one("#body", TextArea).styles.height = max(3, min(10, spare))

    # -- state ---------------------------------------------------------------------------

    @property
    def draft(self) -> NoteDraft:
        """The note as currently typed (tags normalised)."""
        return NoteDraft(
            body=self.query_one("#body", TextArea).text,
            tags=parse_tags(self.query_one("#tags", Input).value),
            colour=self.query_one("#colour", ColourPicker).value,
        )

    def _keep_stored(self, draft: NoteDraft) -> NoteDraft:
        """``draft`` with the stored body and tags where the fields still hold them as shown
        (a control shown as ``␛`` stays the control it was unless the user edits the text)."""
        return NoteDraft(
            body=self.stored.body if draft.body == self.initial.body else draft.body,
            tags=self.stored.tags if draft.tags == self.initial.tags else draft.tags,
            colour=draft.colour,
        )

    @property
    def changed(self) -> bool:
        """True when the body, tags or colour differ from what the editor opened with."""
        return self.draft != self.initial

    def show_error(self, message: str | None) -> None:
        """Show a one-line error above the buttons (``None`` hides it), the body giving up a
        row for it."""
        super().show_error(message)
        self.on_resize()

    # -- actions -------------------------------------------------------------------------

    def action_save(self) -> None:
        """Hand the draft to ``on_save``; close on success, else show its error and stay."""
        draft = self._keep_stored(self.draft)
        problem = self.call_store(lambda: self.on_save(draft), "save the note")
        if problem:
            if problem != BUSY:
                self.show_error(problem)
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        """Close without saving; ask first if anything was typed or changed."""
        if not self.changed:
            self.dismiss(None)
            return
        self.ask_to_discard("Discard this note?", "What you typed will be lost.")

    def action_colour_picker(self) -> None:
        """Focus the colour picker; from the picker, back to the field focused before."""
        picker = self.query_one("#colour", ColourPicker)
        if self.focused is picker:
            back = self._before_picker
            self.set_focus(back if back is not None and back.is_attached else None)
            if self.focused is None:
                self.set_focus(self.query_one("#body", TextArea))
            return
        self._before_picker = self.focused
        self.set_focus(picker)

    @on(Input.Submitted, "#tags")
    def _tags_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
