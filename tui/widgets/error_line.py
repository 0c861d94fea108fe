"""The one-line error of a form or dialog: hidden until there is something to say."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from margin.sanitize import clean_text


class ErrorLine(Static):
    """A line in the error colour, shown by :meth:`show` and hidden by ``show(None)``. The
    message may quote untrusted text (a file name, an OS error): it goes through the
    sanitiser and is never read as markup."""

    DEFAULT_CSS = """
    ErrorLine {
        display: none;
        color: $text-error;
        text-style: bold;
        margin-top: 1;
        padding: 0 1;
    }
    ErrorLine.-shown {
        display: block;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)

    def show(self, message: str | None) -> None:
        """Show ``message`` (``None`` or "" hides the line)."""
        self.update(clean_text(message or ""))
        self.set_class(bool(message), "-shown")
