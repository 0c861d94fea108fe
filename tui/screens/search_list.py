"""A screen made of a search field (``#search``) over a list: the keys that move between them.

Shared by the library's Speakers and Claims views.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.events import Key
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input


class SearchListScreen(Screen[None]):
    """Typing in ``#search`` refilters; ``enter`` or ``down`` there moves into the list."""

    shown: Sequence[Any]
    """The rows the list shows (the subclass's)."""

    @property
    def results_list(self) -> Widget:
        """The list under the search field (the subclass's)."""
        raise NotImplementedError

    def _refilter(self) -> None:
        """Filter the rows again for the search field's text (the subclass's)."""
        raise NotImplementedError

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refilter()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.shown:
            self.results_list.focus()

    def on_key(self, event: Key) -> None:
        """``down`` in the search field moves into the list."""
        if event.key == "down" and self.focused is self.query_one("#search", Input) and self.shown:
            event.stop()
            self.results_list.focus()
