"""The library screen: the articles read so far, most recently opened first.

The screen reads from and removes through a store (``margin.storage.store.Store`` or anything with
the same ``articles()`` and ``remove_article()``); opening is the app's job, asked for with the
:class:`LibraryScreen.OpenArticle` and :class:`LibraryScreen.OpenPath` messages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Key
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static

from margin.errors import MarginError
from margin.storage.fulltext import LibraryTexts
from margin.storage.model import LibraryEntry
from margin.tui.bindings import LIBRARY_BINDINGS, LIBRARY_HELP
from margin.tui.screens.dialogs import PromptDialog
from margin.tui.screens.library_remove import RemovalKeys
from margin.tui.screens.library_views import LibraryViews
from margin.tui.state.library_format import (
    local_now,
    plural,
    source_problem,
)
from margin.tui.widgets.footer import PALETTE_FROM, MarginFooter
from margin.tui.widgets.library_table import (
    GAP,
    Columns,
    LibraryRows,
    LibraryTable,
    empty_message,
    header_line,
)
from margin.tui.widgets.virtual_list import VirtualList


class LibraryStore(Protocol):
    """What the library screen needs from the store."""

    def articles(self) -> list[LibraryEntry]:
        """The library, most recently opened first, with note counts."""
        ...

    def remove_article(self, sha256: str, *, delete_notes: bool = False) -> None:
        """Remove an article (and its notes and verdicts only if ``delete_notes``)."""
        ...

    def put_entry(self, entry: LibraryEntry) -> None:
        """Put a removed entry back as it was."""
        ...

    def verdict_count(self, sha256: str) -> int:
        """How many verdicts an article holds."""
        ...


# -- the screen -----------------------------------------------------------------------------

SORT_ORDERS: dict[str, str] = {
    "opened": "last opened",
    "title": "title",
    "notes": "most notes",
}
"""The orders ``s`` cycles through: key → what the summary line says."""

DEBOUNCE_ABOVE = 5000
"""Above this many articles the search waits for a pause in typing before filtering (below,
it filters at each keystroke: ~20 ms of CPU for 1,000 articles, ``bench/library_draw.py``)."""
DEBOUNCE_SECONDS = 0.15

SOURCE_WIDTH = 24
NOTES_WIDTH = 5
OPENED_WIDTH = 12


class LibraryScreen(RemovalKeys, LibraryViews):
    """The articles in the library, with search, open and remove.

    Keys: ``enter`` opens the highlighted article (posts :class:`OpenArticle`), ``/`` searches
    titles and sources as you type (``escape`` clears), ``d`` removes the article from the
    library after a :class:`ConfirmDialog` (its notes and verdicts are kept unless "Remove with
    notes" is chosen and confirmed), ``o`` asks for a file or URL to open (posts
    :class:`OpenPath`), ``s`` cycles the order (last opened, title, most notes; the summary line
    names it), ``u`` undoes the last removal (notes and verdicts kept), ``r`` reloads, ``?``
    lists the keys, ``q`` quits. The list reloads whenever the screen comes back into view.

    ``now`` gives the current time (aware) for the "last opened" column; tests fix it.
    """

    DEFAULT_CSS = """
    LibraryScreen {
        layout: vertical;
    }
    LibraryScreen #top {
        height: 1;
        padding: 0 1;
        margin-top: 1;
    }
    LibraryScreen #heading {
        width: auto;
        text-style: bold;
        color: $text-primary;
    }
    LibraryScreen #summary {
        width: 1fr;
        text-align: right;
        color: $text-muted;
    }
    LibraryScreen #search {
        margin: 1 1 0 1;
        border: round $foreground 30%;
        background: $surface;
        padding: 0 1;
        height: 3;
        &:focus {
            border: round $border;
            background: $surface;
        }
    }
    LibraryScreen #table-header {
        height: 1;
        margin: 1 1 0 1;
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    LibraryScreen #table {
        height: 1fr;
        margin: 0 1;
    }
    LibraryScreen #empty {
        height: 1fr;
        content-align: center middle;
        text-align: center;
        color: $text-muted;
        display: none;
        padding: 0 2;
    }
    LibraryScreen.-empty #empty, LibraryScreen.-no-match #empty {
        display: block;
    }
    LibraryScreen.-empty #table, LibraryScreen.-empty #search,
    LibraryScreen.-empty #table-header,
    LibraryScreen.-no-match #table, LibraryScreen.-no-match #table-header {
        display: none;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = LIBRARY_BINDINGS

    @dataclass
    class OpenArticle(Message):
        """The user asked to open this library entry."""

        entry: LibraryEntry

    @dataclass
    class OpenPath(Message):
        """The user typed a file path or URL to open (``~`` not yet expanded)."""

        source: str

    def __init__(
        self,
        store: LibraryStore,
        *,
        now: Callable[[], datetime] = local_now,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        """List ``store``'s articles."""
        super().__init__(name=name, id=id)
        self.store = store
        self.now = now
        self.entries: list[LibraryEntry] = []
        """Every article in the library, as last loaded."""
        self.shown: list[LibraryEntry] = []
        """The articles the table shows (after the search filter)."""
        self.load_error: str | None = None
        self._search_timer: Timer | None = None
        self._columns: Columns | None = None
        self._summary = ""
        self.sort_by: str = "opened"
        """The order of the rows: one of :data:`SORT_ORDERS`."""
        self.removed: list[LibraryEntry] = []
        """Entries removed (notes kept), most recent last: ``u`` puts them back."""
        self.texts = LibraryTexts()
        """The articles' texts, for the search (read in a thread when the library loads)."""
        self.texts_ready = False
        self.in_text: set[str] = set()
        """The articles shown because the search found it in their text (not their title)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Static("margin · library", id="heading", markup=False)
            yield Static("", id="summary", markup=False)
        search = Input(id="search", placeholder="Search titles, sources and texts")
        search.border_title = "/ search"
        yield search
        yield Static("", id="table-header", markup=False)
        yield LibraryTable(id="table")
        yield Static("", id="empty")
        yield MarginFooter(palette_from=PALETTE_FROM, whole_keys=True)

    def on_mount(self) -> None:
        self.table.focus()

    def on_screen_resume(self) -> None:
        """Read the library when the screen is shown: on its first showing, and again each
        time it comes back into view (once each: the store is read in one pass). Once it is
        drawn, the Speakers and Claims views are built ahead while the user does nothing."""
        self.reload()
        after_frame = getattr(self.app, "call_after_first_frame", None)
        if after_frame is not None:
            after_frame(self, self.build_views_when_idle)
        else:
            self.call_after_refresh(self.build_views_when_idle)

    def on_resize(self) -> None:
        self._fill_table()

    @property
    def table(self) -> LibraryTable:
        """The table of articles."""
        return self.query_one("#table", LibraryTable)

    # -- data ----------------------------------------------------------------------------

    @property
    def query_text(self) -> str:
        """The search field's text."""
        return self.query_one("#search", Input).value

    @property
    def current(self) -> LibraryEntry | None:
        """The highlighted entry, if any."""
        rows = self.table.rows
        row = self.table.highlighted
        if rows is None or row is None or not 0 <= row < len(rows):
            return None
        return rows.entries[row]

    def reload(self) -> None:
        """Read the library from the store again and redraw, keeping the cursor's article."""
        try:
            self.entries = list(self.store.articles())
            self.load_error = None
        except MarginError as exc:
            self.entries = []
            self.load_error = str(exc)
        self._refilter()
        if getattr(self.store, "article_text", None) is not None:
            self._read_texts([e.sha256 for e in self.entries])
        if self.entries and getattr(self.app, "claims_source", None) is not None:
            self._read_claims()

    @work(thread=True, exclusive=True, group="claims-index", exit_on_error=False)
    def _read_claims(self) -> None:
        """Read the claims index ahead (off the UI thread, once while the library and the
        index stay the same): the Speakers and Claims views then open at once."""
        with contextlib.suppress(MarginError):
            self.app.claims_source.load()  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="library-texts", exit_on_error=False)
    def _read_texts(self, shas: list[str]) -> None:
        """Read the articles' texts for the search (those not read yet), off the UI thread."""
        self.texts.load(self.store.article_text, shas)  # type: ignore[attr-defined]
        self.app.call_from_thread(self._texts_read)

    def _texts_read(self) -> None:
        self.texts_ready = True
        if self.query_text.strip():
            self._refilter()
        else:
            self._update_state()

    def _refilter(self) -> None:
        query = self.query_text.strip()
        shown, self.in_text = self.texts.search(self.entries, query)
        if self.sort_by == "title":
            shown.sort(key=lambda e: (e.title or "Untitled").casefold())
        elif self.sort_by == "notes":
            shown.sort(key=lambda e: -e.note_count)  # stable: recent first among equals
        self.shown = shown
        self._fill_table()

    def _fill_table(self) -> None:
        """Show :attr:`shown` in the table (only the rows in view are built), keeping the
        cursor on its article."""
        if not self.is_mounted:
            return
        table = self.table
        keep = self.current.sha256 if self.current else None
        old_row = table.cursor_row
        width = max((table.size.width or self.size.width - 2) - 2, 40)  # (a cell each side)
        fixed = SOURCE_WIDTH + NOTES_WIDTH + OPENED_WIDTH + 3 * GAP
        columns = Columns(max(16, width - fixed), SOURCE_WIDTH, NOTES_WIDTH, OPENED_WIDTH)
        row = None
        if self.shown:
            found = next((i for i, e in enumerate(self.shown) if e.sha256 == keep), None)
            row = found if found is not None else min(old_row, len(self.shown) - 1)
        query = self.query_text.strip()
        rows = LibraryRows(
            self.shown,
            columns,
            self.now(),
            in_text=self.in_text,
            context=lambda entry, width: self.texts.context(entry, query, width),
        )
        table.show(rows, cursor=row)
        if columns != self._columns:  # (an update re-lays the screen out: only on a change)
            self._columns = columns
            self.query_one("#table-header", Static).update(header_line(columns), layout=False)
        self._update_state()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys that need articles while the library is empty."""
        needs_articles = action in (
            "open", "search", "remove", "clear_search", "sort", "speakers", "claims"
        )  # fmt: skip
        return not (needs_articles and not self.entries)

    def _update_state(self) -> None:
        empty = not self.entries
        no_match = not empty and not self.shown
        if empty != self.has_class("-empty") or no_match != self.has_class("-no-match"):
            self.refresh_bindings()
        self.set_class(empty, "-empty")
        self.set_class(no_match, "-no-match")
        notes = sum(e.note_count for e in self.entries)
        summary = f"{plural(len(self.entries), 'article')} · {plural(notes, 'note')}"
        if self.query_text.strip() and self.entries:
            summary = f"{len(self.shown)} of {summary}"
        if self.entries:
            summary += f" · by {SORT_ORDERS[self.sort_by]}"
        if self.query_text.strip() and self.entries and not self.texts_ready:
            summary += " · reading the texts…"
        if summary != self._summary:
            self._summary = summary
            self.query_one("#summary", Static).update(summary, layout=False)  # (1fr wide)
        message = self.query_one("#empty", Static)
        text = empty_message(
            self.load_error, empty=empty, query=self.query_text if no_match else None
        )
        if text is not None:
            message.update(text)

    # -- events --------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        if len(self.entries) > DEBOUNCE_ABOVE:
            # A huge library filters in a noticeable time: wait for a pause in typing.
            self._search_timer = self.set_timer(DEBOUNCE_SECONDS, self._refilter)
        else:
            self._refilter()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.shown:
            self.table.focus()

    @on(VirtualList.Selected, "#table")
    def _row_selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        self.action_open()

    def on_key(self, event: Key) -> None:
        """``down`` in the search field moves into the list."""
        if event.key == "down" and self.focused is self.query_one("#search", Input) and self.shown:
            event.stop()
            self.table.focus()

    # -- actions -------------------------------------------------------------------------

    def action_open(self) -> None:
        """Ask the app to open the highlighted article."""
        entry = self.current
        if entry is not None:
            self.post_message(self.OpenArticle(entry))

    def action_search(self) -> None:
        """Focus the search field."""
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        """Clear the search and go back to the list."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
            self._refilter()
        self.table.focus()

    def action_sort(self) -> None:
        """Cycle the order: last opened, title, most notes."""
        orders = list(SORT_ORDERS)
        self.sort_by = orders[(orders.index(self.sort_by) + 1) % len(orders)]
        self._refilter()

    def action_reload(self) -> None:
        """Read the library again."""
        self.reload()

    def action_quit(self) -> None:
        """Quit margin."""
        self.app.exit()

    def action_help(self) -> None:
        """List the library's keys (as currently bound)."""
        from margin.tui.screens.help import HelpContent, HelpScreen, palette_key

        content = HelpContent(
            "margin library — keys",
            [self, *self.query(LibraryTable)],
            LIBRARY_HELP,
            ["Library", "App"],
            {
                "App": [
                    ("tab", "Between the search and the list"),
                    (palette_key(self.app), "Command palette: themes, keys, quit"),
                ]
            },
        )
        self.app.push_screen(HelpScreen(self, content))

    @work(thread=True, group="claims-index", exit_on_error=False)
    def _drop_claims(self, sha256: str) -> None:
        """Take a removed article's claims out of the claims index (off the UI thread)."""
        path = getattr(self.store, "path", None)
        if path is not None:
            from margin.storage.claims_index import drop_parts

            drop_parts(path, [sha256])

    def action_open_path(self) -> None:
        """Ask for a file or URL and ask the app to open it."""

        def answered(source: str | None) -> None:
            if source:
                self.post_message(self.OpenPath(source))

        self.app.push_screen(
            PromptDialog(
                "Open an article: a file (.txt .md .html) or a web address",
                placeholder="~/news/story.html or https://…",
                validate=source_problem,
            ),
            answered,
        )
