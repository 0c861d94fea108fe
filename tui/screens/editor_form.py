"""What margin's modal forms share (the note editor, the verdict editor, the export dialog):
the framed box and its bordered fields, the passage quoted above them, the error line, the
buttons' row and key hint; calling the store without losing what the user typed; asking
before discarding changes.

Neither editor writes anything itself: each hands a draft to its caller's ``on_save`` (and
the verdict editor a clear to ``on_clear``), which returns ``None`` once stored or a one-line
error to show; the editor then stays open with the user's text (:meth:`EditorForm.call_store`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from textual.screen import ModalScreen

from margin.errors import MarginError
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.widgets.error_line import ErrorLine
from margin.tui.widgets.fields import RoutesKeysToFields

ResultT = TypeVar("ResultT")

BUSY = "busy"
"""What :meth:`EditorForm.call_store` returns while a call is already running (nothing to
show: the first call will answer)."""


class EditorForm(RoutesKeysToFields, ModalScreen[ResultT]):
    """A modal form (on one passage of the article, or on the article). Its parts take these
    classes:
    ``editor-box`` (the bordered box, centred; each editor gives its width), ``editor-quote``
    (the passage, quoted above the fields), ``editor-field`` (a bordered field whose border
    lights up with the focus); ids ``actions`` (the buttons' row) and ``keys`` (the key hint
    at its right); and an :class:`ErrorLine` above the buttons."""

    DEFAULT_CSS = """
    EditorForm {
        align: center middle;
    }
    EditorForm > .editor-box {
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: round $primary;
        border-title-color: $text-primary;
        border-title-style: bold;
        background: $surface;
    }
    EditorForm .editor-quote {
        margin-bottom: 1;
        padding: 0 1;
        border-left: outer $secondary;
        color: $text-muted;
        text-style: italic;
        max-height: 3;
    }
    EditorForm .editor-field {
        border: round $foreground 30%;
        border-title-color: $text-muted;
        background: $surface;
        &:focus {
            border: round $border;
            border-title-color: $text-secondary;
            background: $surface;
        }
    }
    EditorForm #actions {
        height: 1;
        margin-top: 1;
        padding: 0 1;
    }
    EditorForm #actions Button {
        min-width: 8;
        margin-right: 1;
    }
    EditorForm #keys {
        width: 1fr;
        height: 1;
        color: $text-muted;
        text-align: right;
    }
    """

    error: str | None = None
    """The error shown (None: none)."""
    _busy: bool = False

    def show_error(self, message: str | None) -> None:
        """Show a one-line error above the buttons (``None`` hides it)."""
        self.error = message
        self.query_one(ErrorLine).show(message)

    def call_store(self, call: Callable[[], str | None], what: str) -> str | None:
        """Run ``call`` (a save or a clear) once at a time: ``None`` when it succeeded, else
        the error to show: the one it returns, a :class:`MarginError`'s, or for any other
        exception "Couldn't <what>: ..." (logged; what the user wrote matters more than the
        bug). :data:`BUSY` while a call is running."""
        if self._busy:
            return BUSY
        self._busy = True
        try:
            return call()
        except MarginError as exc:
            return str(exc)
        except Exception as exc:
            self.log.error(f"{what} failed: {exc!r}")
            return f"Couldn't {what}: {exc}"
        finally:
            self._busy = False

    def ask_to_discard(self, question: str, detail: str) -> None:
        """Confirm, then close with nothing saved (``detail`` says what is lost)."""

        def answered(choice: str | None) -> None:
            if choice == "yes":
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                question,
                yes="Discard",
                no="Keep editing",
                detail=detail,
                destructive=True,
                default="no",
            ),
            answered,
        )
