"""The footer's row in the reader's first frame, before the footer itself.

Textual's footer is a module, a stylesheet and a dozen key widgets to import, parse and build:
the reader's first frame shows its text with this blank row in the footer's place, and
mounts :class:`~margin.tui.widgets.footer.MarginFooter` over it just after.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.widget import Widget


class FooterSlot(Widget):
    """A blank row docked at the bottom, in the footer's colours (``margin.tcss``)."""

    DEFAULT_CSS = """
    FooterSlot {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    """

    def render(self) -> RenderResult:
        return ""  # blank (a bare widget shows its class name)
