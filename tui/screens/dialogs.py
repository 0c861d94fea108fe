"""Small reusable modal dialogs: a yes/no(/extra) question and a one-line prompt.

Both are :class:`~textual.screen.ModalScreen` subclasses that report their answer through
``dismiss``, so callers use ``push_screen(dialog, callback)`` or, inside a worker,
``await app.push_screen_wait(dialog)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from margin.sanitize import clean_text
from margin.tui.widgets.error_line import ErrorLine

ConfirmChoice = Literal["yes", "no", "extra"]
"""What :class:`ConfirmDialog` returns (``None`` when cancelled with escape)."""


class ConfirmDialog(ModalScreen[str | None]):
    """Ask a question with two or three answers.

    Dismisses with ``"yes"``, ``"no"``, ``"extra"`` (the optional third button) or ``None`` when
    the user presses escape. Keys: ``y`` yes, ``n`` no, the underlined letter of ``extra`` (its
    first letter that is not y or n), ``enter`` presses the focused button, ``tab``/arrows move
    between buttons, ``escape`` cancels.

    ``destructive=True`` paints the yes button in the error colour (for "Discard", "Remove"),
    ``extra_destructive=True`` the extra one. ``default`` names the button focused first.
    """

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    ConfirmDialog > #dialog {
        width: auto;
        min-width: 40;
        max-width: 76;
        height: auto;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    ConfirmDialog #question {
        width: auto;
        max-width: 70;
        margin-bottom: 1;
    }
    ConfirmDialog #detail {
        width: auto;
        max-width: 70;
        color: $text-muted;
        margin-bottom: 1;
    }
    ConfirmDialog #buttons {
        width: auto;
        height: auto;
    }
    ConfirmDialog Button {
        margin-right: 2;
        min-width: 10;
    }
    ConfirmDialog #keys {
        color: $text-muted;
        margin-top: 1;
        width: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("y", "choose('yes')", "Yes", show=False, id="dialog.yes"),
        Binding("n", "choose('no')", "No", show=False, id="dialog.no"),
        Binding("right,down", "app.focus_next", show=False),
        Binding("left,up", "app.focus_previous", show=False),
    ]

    def __init__(
        self,
        question: str,
        *,
        yes: str = "Yes",
        no: str = "No",
        extra: str | None = None,
        detail: str | None = None,
        destructive: bool = False,
        extra_destructive: bool = False,
        default: ConfirmChoice = "yes",
    ) -> None:
        """Build the dialog; ``detail`` is an optional muted line under the question.

        ``destructive``/``extra_destructive`` paint the yes/extra button in the error colour.
        """
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.extra_label = extra
        self.detail = detail
        self.destructive = destructive
        self.extra_destructive = extra_destructive
        self.default: ConfirmChoice = default if (default != "extra" or extra) else "yes"
        self.extra_key = _extra_key(extra) if extra else None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(clean_text(self.question), id="question", markup=False)
            if self.detail:
                yield Label(clean_text(self.detail), id="detail", markup=False)
            with Horizontal(id="buttons"):
                yield Button(
                    self.yes_label,
                    id="yes",
                    variant="error" if self.destructive else "primary",
                    compact=True,
                )
                if self.extra_label:
                    yield Button(
                        self.extra_label,
                        id="extra",
                        variant="error" if self.extra_destructive else "default",
                        compact=True,
                    )
                yield Button(self.no_label, id="no", compact=True)
            yield Static(self._keys_hint(), id="keys", markup=False)

    def _keys_hint(self) -> str:
        parts = [f"y {self.yes_label.lower()}"]
        if self.extra_label and self.extra_key:
            parts.append(f"{self.extra_key} {self.extra_label.lower()}")
        parts += [f"n {self.no_label.lower()}", "esc cancel"]
        return " · ".join(parts)

    def on_mount(self) -> None:
        self.query_one(f"#{self.default}", Button).focus()

    def on_key(self, event: Key) -> None:
        """The extra button's letter (bindings are static, so handled here)."""
        if self.extra_key and event.key == self.extra_key:
            event.stop()
            self.dismiss("extra")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        """Answer with ``choice``."""
        self.dismiss(choice)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


def _extra_key(label: str) -> str | None:
    """The first letter of ``label`` usable as a key (not y, n or a non-letter)."""
    for char in label.lower():
        if char.isalpha() and char not in "yn":
            return char
    return None


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text.

    Dismisses with the stripped text on ``enter`` (``None`` on ``escape``). If ``validate`` is
    given it is called with the text and may return an error message: the dialog then stays
    open, shows the message and keeps the text.
    """

    DEFAULT_CSS = """
    PromptDialog {
        align: center middle;
    }
    PromptDialog > #dialog {
        width: 72;
        max-width: 95%;
        height: auto;
        padding: 1 2;
        border: round $primary;
        background: $surface;
    }
    PromptDialog #question {
        margin-bottom: 1;
    }
    PromptDialog ErrorLine {
        padding: 0;
        text-style: none;
    }
    PromptDialog #keys {
        color: $text-muted;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        question: str,
        *,
        value: str = "",
        placeholder: str = "",
        validate: Callable[[str], str | None] | None = None,
    ) -> None:
        """Build the prompt with an initial ``value`` and an optional ``validate`` check."""
        super().__init__()
        self.question = question
        self.value = value
        self.placeholder = placeholder
        self.validate_text = validate

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(clean_text(self.question), id="question", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield ErrorLine(id="error")
            yield Static("enter ok · esc cancel", id="keys", markup=False)

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    def show_error(self, message: str | None) -> None:
        """Show ``message`` under the field (``None`` hides it)."""
        self.query_one(ErrorLine).show(message)

    @on(Input.Changed, "#answer")
    def _changed(self) -> None:
        self.show_error(None)

    @on(Input.Submitted, "#answer")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.dismiss(None)
            return
        if self.validate_text is not None:
            problem = self.validate_text(text)
            if problem:
                self.show_error(problem)
                return
        self.dismiss(text)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
