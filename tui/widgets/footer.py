"""The footer of margin's screens: Textual's, with the way to help and out always in view."""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class MarginFooter(Footer):
    """Textual's footer with the screen's help and quit keys first.

    Textual lists the keys of the focused widget, then the screen's, and cuts what does not
    fit: at 80 columns ``? Help`` and ``q Quit`` fell off the end. Here they come first, as
    nano puts ``^G Help`` and ``^X Exit``. While a text field has focus it takes those letters
    as text: the key that leaves the field (``esc``) comes first instead.

    Cheaper than Textual's: it rebuilds its keys only when the keys to show changed (Textual
    rebuilds them, a dozen widgets, at every change of focus or bindings, several times while
    a screen opens), once for any number of changes before the next refresh, and its keys are
    made already in the footer's style (Textual's restyle each key twice as it mounts).
    """

    PINNED: ClassVar[tuple[str, ...]] = ("help", "quit")
    """The screen's actions whose keys always show, in this order."""

    def __init__(self, *, held: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.held = held
        """True while the keys wait for :meth:`release` (a dozen widgets: the reader's first
        frame shows the text without them)."""
        self._shown: Hashable = None
        """What the keys shown were made from (:meth:`keys_shown`), None before any."""
        self._update_pending = False

    def release(self) -> None:
        """Show the keys (the reader calls it once its text is painted)."""
        if self.held:
            self.held = False
            self._bindings_ready = True
            self.call_later(self.recompose)

    def keys_shown(self) -> Hashable:
        """What the keys depend on: the screen's active bindings as the footer shows them
        (key, how it is displayed, description, action, enabled, tooltip, group, owner)."""
        screen = self.screen
        display = self.app.get_key_display
        return (
            self.compact,
            self.show_command_palette,
            tuple(
                (
                    key,
                    display(active.binding),
                    active.binding.description,
                    active.binding.action,
                    active.binding.show,
                    active.enabled,
                    active.tooltip,
                    id(active.binding.group),
                    active.node is screen,
                )
                for key, active in screen.active_bindings.items()
            ),
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings changed: rebuild the keys after the next refresh, once, and
        only if what they show changed."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_keys)

    async def _update_keys(self) -> None:
        self._update_pending = False
        if self.is_attached and not self.held and self.keys_shown() != self._shown:
            await self.recompose()

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
        shown = self.keys_shown()
        keys = list(super().compose())
        if not keys and not self._bindings_ready:
            return
        self._shown = shown
        pinned = self.pinned()
        for active in pinned:
            binding = active.binding
            yield self._styled(
                FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    disabled=not active.enabled,
                    tooltip=active.tooltip,
                ).data_bind(compact=Footer.compact)
            )
        actions = {active.binding.action for active in pinned}
        for widget in keys:
            palette = widget.has_class("-command-palette")
            if isinstance(widget, FooterKey) and widget.action in actions and not palette:
                continue  # already shown first
            yield self._styled(widget)

    def _styled(self, widget: FooterKey) -> FooterKey:
        """``widget`` with the footer's ``compact`` already set: a FooterKey starts compact
        (and restyles itself) and is then made not compact by its data binding (restyled
        again); set beforehand, neither happens. (The palette's key is bound to nothing: it
        stays compact, as in Textual.)"""
        if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
            widget.set_reactive(FooterKey.compact, self.compact)
        return widget
