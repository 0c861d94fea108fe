"""A screen made of a search field (``#search``, a :class:`~margin.tui.widgets.filter_input.
FilterInput`) over a list of the library's claims index: how the index is read, the keys that
move between the field and the list, and typing into the filter while the list has the focus.

Shared by the library's Speakers and Claims views.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import on, work
from textual.events import Key
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from margin.errors import MarginError
from margin.storage.claims_table import ClaimsTable
from margin.tui.widgets.filter_input import FilterInput

Loader = Callable[[], ClaimsTable]
"""Gives the claims index, up to date (called in a thread: it may read a file of a few MB)."""
Kept = Callable[[], ClaimsTable | None]
"""Gives the copy of the index in memory, if any, at once (not checked against the files)."""


class SearchListScreen(Screen[None]):
    """Typing in ``#search`` refilters; ``enter`` or ``down`` there moves into the list. With
    the list focused, a printable key that no binding takes goes into ``#search`` (and
    ``backspace`` takes one back): the list narrows as you type.

    ``load`` gives the claims index (called in a thread); ``kept``, if given, the copy in
    memory: :meth:`read_index` shows that one at once (the library reads the index ahead), then
    the index brought up to date, if it differs.
    """

    shown: Sequence[Any]
    """The rows the list shows (the subclass's)."""

    def __init__(self, load: Loader, *, kept: Kept | None = None, name: str | None = None) -> None:
        super().__init__(name=name)
        self.load = load
        self.kept = kept
        self.table: ClaimsTable | None = None
        self.error: str | None = None

    @property
    def results_list(self) -> Widget:
        """The list under the search field (the subclass's)."""
        raise NotImplementedError

    def _refilter(self) -> None:
        """Filter the rows again for the search field's text (the subclass's)."""
        raise NotImplementedError

    def set_table(self, table: ClaimsTable | None, error: str | None = None) -> None:
        """Show ``table``'s rows (or why there are none: ``error``) (the subclass's)."""
        raise NotImplementedError

    def show_kept(self) -> None:
        """Show the copy of the index in memory, if there is one (no file is read)."""
        table = self.kept() if self.kept is not None else None
        if table is not None and table is not self.table:
            self.set_table(table)

    def read_index(self) -> None:
        """Show the claims index: the copy in memory at once, if there is one, then (read in a
        thread) the index as it is now, if it is another."""
        self.show_kept()
        self._load()

    @work(thread=True, exclusive=True, group="claims-index", exit_on_error=False)
    def _load(self) -> None:
        try:
            table, error = self.load(), None
        except MarginError as exc:
            table, error = None, str(exc)
        self.app.call_from_thread(self._loaded, table, error)

    def _loaded(self, table: ClaimsTable | None, error: str | None) -> None:
        if table is not None and table is self.table and error is None:
            return  # the index shown is current: nothing to redo
        self.set_table(table, error)

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
        """``down`` in the search field moves into the list; elsewhere a key that no binding
        takes is typed into the search field (:meth:`FilterInput.type_key`). (A key reaches
        the screen before Textual looks for a binding of it: that happens at the app, if the
        key gets that far.)"""
        search = self.query_one("#search", FilterInput)
        if self.focused is search:
            if event.key == "down" and self.shown:
                event.stop()
                self.results_list.focus()
        elif search.type_key(event):
            event.stop()
            event.prevent_default()
