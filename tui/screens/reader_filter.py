"""Which entity types the reader colours: ``e`` cycles through
:data:`~margin.tui.state.entity_filters.ENTITY_FILTERS` (all, one type, none), and the text,
the status line and the Entities tab show the same choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from margin.tui.state.entity_filters import ENTITY_FILTERS
from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.side_panel import SidePanel
from margin.tui.widgets.status_bar import FILTER_NAMES, StatusBar


class EntityFilter:
    """The entity filter of one reader (``host``): shown in ``view()``, ``status()`` and the
    side panel (``panel()``: None until its tabs are built; :meth:`groups` is applied then)."""

    def __init__(
        self,
        host: Screen[Any],
        view: Callable[[], ArticleView],
        status: Callable[[], StatusBar],
        panel: Callable[[], SidePanel | None],
    ) -> None:
        self.host = host
        self._view = view
        self._status = status
        self._panel = panel
        self.index = 0
        """Which of :data:`ENTITY_FILTERS` is shown."""

    @property
    def groups(self) -> frozenset[str] | None:
        """The entity groups coloured (None: all of them)."""
        return ENTITY_FILTERS[self.index]

    def cycle(self) -> None:
        """The next filter: all, people, organisations, places, dates, none, all…"""
        self.set((self.index + 1) % len(ENTITY_FILTERS))

    def set(self, index: int) -> None:
        """Show filter ``index`` in the text, the status line and the Entities tab."""
        self.index = index
        groups = self.groups
        self._view().set_entity_groups(groups)
        self._status().groups = groups
        panel = self._panel()
        if panel is not None:
            panel.entities.set_groups_shown(groups)
        self.host.notify(f"Entities shown: {FILTER_NAMES.get(groups, 'custom')}", timeout=1.5)
