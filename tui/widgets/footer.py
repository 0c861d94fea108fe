"""The footer of margin's screens: Textual's, with the way to help and out always in view."""

from __future__ import annotations

from collections.abc import Hashable
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

PALETTE_FROM = 100
"""The library's screens (the library, its Speakers and Claims views): below this many
columns their footer leaves out ``^p palette`` (their help lists it) for their own keys."""


class MarginFooter(Footer):
    """Textual's footer with the screen's help and quit keys first.

    Textual lists the keys of the focused widget, then the screen's, and cuts what does not
    fit: at 80 columns ``? Help`` and ``q Quit`` fell off the end. Here they come first, as
    nano puts ``^G Help`` and ``^X Exit``. While a text field has focus it takes those letters
    as text: the key that leaves the field (``esc``) comes first instead.

    ``palette_from`` is the narrowest terminal (in columns) whose footer shows the command
    palette's key on the right (``ctrl+p`` works at any width; the help lists it): in the
    library's screens below :data:`PALETTE_FROM` columns those cells go to their own keys.
    With ``whole_keys`` a key that would be cut at the right edge is left out, with every key
    after it (Textual shows what fits of it: a lone ``s`` at the end of the library's footer
    at 80 columns).

    Cheaper than Textual's: it rebuilds its keys only when the keys to show changed (Textual
    rebuilds them, a dozen widgets, at every change of focus or bindings, several times while
    a screen opens), once for any number of changes before the next refresh, and its keys are
    made already in the footer's style (Textual's restyle each key twice as it mounts).
    """

    PINNED: ClassVar[tuple[str, ...]] = ("help", "quit")
    """The screen's actions whose keys always show, in this order."""

    def __init__(
        self,
        *,
        late: bool = False,
        palette_from: int = 0,
        whole_keys: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.palette_from = palette_from
        """The narrowest terminal (columns) whose footer shows the command palette's key."""
        self.whole_keys = whole_keys
        """Leave out the keys that would not show whole (see the class's docstring)."""
        if late:
            # Mounted after its screen (the reader's, just after the text): the screen's
            # bindings are there already, and no change of them may come to say so.
            self.set_reactive(Footer._bindings_ready, True)
        self._shown: Hashable = None
        """What the keys shown were made from (:meth:`keys_shown`), None before any."""
        self._update_pending = False

    def keys_shown(self) -> Hashable:
        """What the keys depend on: the screen's active bindings as the footer shows them
        (key, how it is displayed, description, action, enabled, tooltip, group, owner)."""
        screen = self.screen
        display = self.app.get_key_display
        return (
            self.compact,
            self.palette_fits(),
            self.app.size.width if self.whole_keys else None,
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

    def palette_fits(self) -> bool:
        """Whether the command palette's key shows at the terminal's present width."""
        return self.app.size.width >= self.palette_from

    def on_resize(self) -> None:
        """Show or drop the command palette's key when the terminal crosses
        :attr:`palette_from` (rebuilt once, after the next refresh)."""
        if self.palette_fits() == self.show_command_palette and not self.whole_keys:
            return
        if self.is_attached and not self._update_pending:
            self._update_pending = True
            self.call_after_refresh(self._update_keys)

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
        if self.is_attached and self.keys_shown() != self._shown:
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
        shown = self.keys_shown()
        self.set_reactive(Footer.show_command_palette, self.palette_fits())
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
        rest: list[FooterKey] = []
        for widget in keys:
            palette = widget.has_class("-command-palette")
            if isinstance(widget, FooterKey) and widget.action in actions and not palette:
                continue  # already shown first
            rest.append(widget)
        if self.whole_keys:
            rest = self._whole(pinned, rest)
        for widget in rest:
            yield self._styled(widget)

    def _whole(self, pinned: list[ActiveBinding], keys: list[FooterKey]) -> list[FooterKey]:
        """``keys`` up to the first that would not show whole after ``pinned`` (the palette's
        key, docked right, always stays)."""
        display = self.app.get_key_display
        room = self.app.size.width
        room -= sum(self._key_width(display(a.binding), a.binding.description) for a in pinned)
        for widget in keys:
            if widget.has_class("-command-palette"):
                room -= self._key_width(widget.key_display, widget.description, palette=True)
        kept: list[FooterKey] = []
        for widget in keys:
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                room -= self._key_width(widget.key_display, widget.description)
                if room < 0:
                    continue
            kept.append(widget)
        return kept

    def _key_width(self, key: str, description: str, *, palette: bool = False) -> int:
        """Cells a FooterKey takes, by Textual's footer CSS: not compact, a cell each side of
        the key and after the description; compact, one cell between them and a margin after.
        The palette's key is compact, with a border cell before it and a padding cell after."""
        key_cells, text_cells = cell_len(key), cell_len(description)
        if not description:
            return key_cells + (0 if palette or not self.compact else 1)
        if palette:
            return key_cells + 1 + text_cells + 2
        return key_cells + text_cells + (2 if self.compact else 3)

    def _styled(self, widget: FooterKey) -> FooterKey:
        """``widget`` with the footer's ``compact`` already set: a FooterKey starts compact
        (and restyles itself) and is then made not compact by its data binding (restyled
        again); set beforehand, neither happens. (The palette's key is bound to nothing: it
        stays compact, as in Textual.)"""
        if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
            widget.set_reactive(FooterKey.compact, self.compact)
        return widget
