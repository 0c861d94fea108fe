"""Where the reader's side panel is, and the focus between the text and its tabs: beside the
text when the screen is wide, over it when narrow (below :data:`NARROW_WIDTH` columns, hidden
until ``p``), each width remembering whether the panel is open.

:class:`PanelKeys`, a part of the reader screen, hands :class:`PanelPlacement` the panel keys
(``p``, ``tab``, ``shift+tab``) and the screen's width.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.events import Resize
from textual.screen import Screen

from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.side_panel import SidePanel

NARROW_WIDTH = 100
"""Below this many columns the side panel is hidden; ``p`` shows it over the text."""


class PanelPlacement:
    """The side panel of ``host`` (``panel()``; ``ready()`` once its tabs are mounted) and the
    article view (``view()``) the focus goes back to."""

    def __init__(
        self,
        host: Screen[Any],
        view: Callable[[], ArticleView],
        panel: Callable[[], SidePanel],
        ready: Callable[[], bool],
    ) -> None:
        self.host = host
        self._view = view
        self._panel = panel
        self._ready = ready
        self.narrow = False
        self.open = {False: True, True: False}  # narrow? -> open

    @property
    def visible(self) -> bool:
        return self.open[self.narrow]

    def fit(self, width: int) -> None:
        """The screen is ``width`` columns wide now."""
        self.narrow = width < NARROW_WIDTH
        self.host.set_class(self.narrow, "-narrow")
        self.apply()

    def apply(self) -> None:
        """Show or hide the panel as decided (the focus leaves a hidden one)."""
        panel, host = self._panel(), self.host
        panel.set_class(not self.visible, "-hidden")
        if not self.visible and host.focused is not None and panel in host.focused.ancestors:
            host.set_focus(self._view())

    def set(self, visible: bool, *, focus: bool | None = None) -> None:
        """Show or hide the panel (in the current width mode); ``focus`` its list (by
        default when it covers the text)."""
        self.open[self.narrow] = visible
        self.apply()
        if visible and (focus if focus is not None else self.narrow) and self._ready():
            self._panel().focus_list()
        if not visible:
            self.host.set_focus(self._view())

    def has_focus(self) -> bool:
        focused = self.host.focused
        return self._ready() and focused is not None and self._panel() in focused.ancestors

    def back_to_text(self) -> None:
        """Focus the text (hiding the panel when it covers the text)."""
        if self.narrow:
            self.set(False)
        self.host.set_focus(self._view())

    def cycle(self, step: int) -> None:
        """``tab`` (+1) / ``shift+tab`` (-1): text → Claims → Entities → Notes → text."""
        if not self._ready():  # a key in the moment before the tabs are mounted
            self.set(True, focus=False)
            return
        panel = self._panel()
        stops: list[str | None] = [None, *panel.tab_ids]
        if not self.visible:
            self.set(True, focus=False)
            current: str | None = None
        else:
            current = panel.active if self.has_focus() else None
        target = stops[(stops.index(current) + step) % len(stops)]
        if target is None:
            self.back_to_text()
        else:
            panel.show_tab(target)

    def show_tab(self, tab_id: str) -> None:
        """Open the panel on ``tab_id`` with its list focused."""
        if not self.visible:
            self.set(True, focus=False)
        if self._ready():
            self._panel().show_tab(tab_id)


class PanelKeys(Screen[None]):
    """The reader screen's panel keys and width, handed to ``placement`` (the screen sets it)."""

    placement: PanelPlacement

    @property
    def narrow(self) -> bool:
        """True when the screen is too narrow for the panel beside the text."""
        return self.placement.narrow

    def on_resize(self, event: Resize) -> None:
        self.placement.fit(event.size.width)

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel."""
        self.placement.set(not self.placement.visible)

    def action_next_panel(self) -> None:
        """Cycle focus: text → Claims → Entities → Notes → text."""
        self.placement.cycle(+1)

    def action_previous_panel(self) -> None:
        self.placement.cycle(-1)

    def show_tab(self, tab_id: str) -> None:
        """Open the panel on ``tab_id`` with its list focused."""
        self.placement.show_tab(tab_id)
