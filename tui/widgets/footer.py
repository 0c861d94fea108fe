"""The footer of margin's screens: Textual's, with the way to help and out always in view."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class MarginFooter(Footer):
    """Textual's footer with the screen's help and quit keys first.

    Textual lists the keys of the focused widget, then the screen's, and cuts what does not
    fit: at 80 columns ``? Help`` and ``q Quit`` fell off the end. Here they come first, as
    nano puts ``^G Help`` and ``^X Exit``. While a text field has focus it takes those letters
    as text: the key that leaves the field (``esc``) comes first instead.
    """

    PINNED: ClassVar[tuple[str, ...]] = ("help", "quit")
    """The screen's actions whose keys always show, in this order."""

    def __init__(self, *, held: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.held = held
        """True while the keys wait for :meth:`release` (a dozen widgets: the reader's first
        frame shows the text without them)."""

    def release(self) -> None:
        """Show the keys (the reader calls it once its text is painted)."""
        if self.held:
            self.held = False
            self._bindings_ready = True
            self.call_later(self.recompose)

    def pinned(self) -> list[ActiveBinding]:
        """The bindings shown first: the screen's help and quit, else escape."""
        screen = self.screen
        found: dict[str, ActiveBinding] = {}
        for active in screen.active_bindings.values():
            action = active.binding.action
            if active.node is screen and action in self.PINNED and action not in found:
                found[action] = active
        if found:
            return [found[action] for action in self.PINNED if action in found]
        escape = screen.active_bindings.get("escape")
        return [escape] if escape is not None else []

    def compose(self) -> ComposeResult:
        if self.held:
            return
        keys = list(super().compose())
        if not keys and not self._bindings_ready:
            return
        pinned = self.pinned()
        for active in pinned:
            binding = active.binding
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not active.enabled,
                tooltip=active.tooltip,
            ).data_bind(compact=Footer.compact)
        actions = {active.binding.action for active in pinned}
        for widget in keys:
            palette = widget.has_class("-command-palette")
            if isinstance(widget, FooterKey) and widget.action in actions and not palette:
                continue  # already shown first
            yield widget
