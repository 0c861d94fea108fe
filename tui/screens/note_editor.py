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
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from margin.errors import MarginError
from margin.storage.tags import normalize_tags
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.widgets.colour_picker import ColourPicker
from margin.tui.widgets.fields import BodyArea, RoutesKeysToFields, TextField

QUOTE_LIMIT = 280
"""The anchored passage is shown up to about this many characters."""


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
    """The passage on one line, whitespace collapsed, cut at a word near ``limit`` with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


class NoteEditorScreen(RoutesKeysToFields, ModalScreen[NoteDraft | None]):
    """Write or edit a note anchored to a passage of the article.

    Dismisses with the saved :class:`NoteDraft`, or ``None`` when cancelled. Keys: ``ctrl+s``
    save, ``escape`` cancel (asking "Discard this note?" first if anything changed), ``tab`` /
    ``shift+tab`` move between the body, the tags, the colour and the buttons, ``enter`` in the
    tags field saves too, ``alt+1``-``alt+5`` pick a colour and ``alt+0`` clears it.

    ``on_save(draft)`` is called on ``ctrl+s``; it returns ``None`` when the note was stored or
    a one-line error message to show (a :class:`MarginError` it raises is shown the same way).
    """

    DEFAULT_CSS = """
    NoteEditorScreen {
        align: center middle;
    }
    NoteEditorScreen > #editor {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $primary;
        border-title-color: $text-primary;
        border-title-style: bold;
        background: $surface;
    }
    NoteEditorScreen #quote {
        margin-bottom: 1;
        padding: 0 1;
        border-left: outer $secondary;
        color: $text-muted;
        text-style: italic;
        max-height: 3;
    }
    NoteEditorScreen #body, NoteEditorScreen #tags {
        border: round $foreground 30%;
        border-title-color: $text-muted;
        padding: 0 1;
        background: $surface;
        &:focus {
            border: round $border;
            border-title-color: $text-secondary;
            background: $surface;
        }
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
    NoteEditorScreen #error {
        display: none;
        color: $text-error;
        text-style: bold;
        margin-top: 1;
        padding: 0 1;
    }
    NoteEditorScreen #error.-shown {
        display: block;
    }
    NoteEditorScreen #actions {
        height: 1;
        margin-top: 1;
        padding: 0 1;
    }
    NoteEditorScreen #actions Button {
        min-width: 8;
        margin-right: 1;
    }
    NoteEditorScreen #keys {
        width: 1fr;
        height: 1;
        color: $text-muted;
        text-align: right;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="note_editor.save"),
        Binding("escape", "cancel", "Cancel", id="note_editor.cancel"),
        Binding("alt+0", "colour(0)", "No colour", show=False, id="note_editor.colour_none"),
        *(
            Binding(f"alt+{n}", f"colour({n})", show=False, id=f"note_editor.colour_{n}")
            for n in range(1, 6)
        ),
    ]

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
        self.initial = NoteDraft(body=body, tags=parse_tags(tags), colour=colour)
        self.error: str | None = None
        self._saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="editor") as editor:
            editor.border_title = self.editor_title
            yield Static(f"“{trim_quote(self.quote)}”", id="quote", markup=False)
            body = BodyArea(
                self.initial.body,
                id="body",
                soft_wrap=True,
                tab_behavior="focus",
                placeholder="Markdown. Leave empty for a plain highlight.",
            )
            body.border_title = "Note"
            yield body
            tags = TextField(
                format_tags(self.initial.tags),
                id="tags",
                placeholder="comma or space separated, # optional: policy, fact-check",
            )
            tags.border_title = "Tags"
            yield tags
            with Horizontal(id="colour-row"):
                yield Label("Colour", id="colour-label")
                yield ColourPicker(self.initial.colour, id="colour")
            yield Static("", id="error", markup=False)
            with Horizontal(id="actions"):
                yield Button(
                    "Save", id="save", variant="primary", compact=True, action="screen.save"
                )
                yield Button("Cancel", id="cancel", compact=True, action="screen.cancel")
                yield Static("ctrl+s save · esc cancel · alt+1–5 colour", id="keys", markup=False)

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

    @property
    def changed(self) -> bool:
        """True when the body, tags or colour differ from what the editor opened with."""
        return self.draft != self.initial

    def show_error(self, message: str | None) -> None:
        """Show a one-line error above the buttons (``None`` hides it)."""
        self.error = message
        error = self.query_one("#error", Static)
        error.update(message or "")
        error.set_class(bool(message), "-shown")
        self.on_resize()

    # -- actions -------------------------------------------------------------------------

    def action_save(self) -> None:
        """Hand the draft to ``on_save``; close on success, else show its error and stay."""
        if self._saving:
            return
        self._saving = True
        try:
            draft = self.draft
            try:
                problem = self.on_save(draft)
            except MarginError as exc:
                problem = str(exc)
            except Exception as exc:  # keep the text: the user's note matters more than the bug
                self.log.error(f"on_save failed: {exc!r}")
                problem = f"Couldn't save the note: {exc}"
        finally:
            self._saving = False
        if problem:
            self.show_error(problem)
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        """Close without saving; ask first if anything was typed or changed."""
        if not self.changed:
            self.dismiss(None)
            return

        def answered(choice: str | None) -> None:
            if choice == "yes":
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Discard this note?",
                yes="Discard",
                no="Keep editing",
                detail="What you typed will be lost.",
                destructive=True,
                default="no",
            ),
            answered,
        )

    def action_colour(self, number: int) -> None:
        """Pick highlight colour ``number`` (0 clears it)."""
        self.query_one("#colour", ColourPicker).value = number or None

    @on(Input.Submitted, "#tags")
    def _tags_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
