"""The library's table: one line per article in fixed columns, built only for the rows in view.

A ``DataTable`` measures and stores every cell of every row when rows are added, so drawing a
library of 1,000 articles, or filtering it as the user types, costs time in proportion to the
whole library. Here the rows are a :class:`LibraryRows` source over the entries shown, and a
:class:`~margin.tui.widgets.virtual_list.VirtualList` renders the few in view: a new filter or
order is a new source, whatever the library's size. :func:`empty_message` is what shows in
the table's place when there is nothing to list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from datetime import datetime
from typing import ClassVar, NamedTuple

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content

from margin.sanitize import clean_line
from margin.storage.model import LibraryEntry
from margin.tui.state.library_format import clip, relative_time, short_source
from margin.tui.widgets.plain_list import PlainLineList

GAP = 2
"""Blank cells between two columns."""


class Columns(NamedTuple):
    """The columns' widths, in cells."""

    title: int
    source: int
    notes: int
    opened: int


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` clipped to ``width`` cells and padded to exactly that width."""
    cut = clip(text, width)
    return cut.rjust(width) if right else cut.ljust(width)


def _line(cells: tuple[str, str, str, str], columns: Columns) -> str:
    """One line of the table: the cells in their columns, a cell of padding either side."""
    title, source, notes, opened = cells
    padded = (
        pad(title, columns.title),
        pad(source, columns.source),
        pad(notes, columns.notes, right=True),
        pad(opened, columns.opened),
    )
    return " " + (" " * GAP).join(padded) + " "


def header_line(columns: Columns) -> Content:
    """The table's header: the column names over their columns."""
    return Content(_line(("Title", "Source", "Notes", "Opened"), columns))


class LibraryRows:
    """The rows of the library's table (a :class:`~margin.tui.widgets.virtual_list.RowSource`):
    ``entries`` in order; ``now`` (aware) for the "opened" column."""

    def __init__(
        self,
        entries: Sequence[LibraryEntry],
        columns: Columns,
        now: datetime,
        *,
        in_text: Set[str] = frozenset(),
        context: Callable[[LibraryEntry, int], str] | None = None,
    ) -> None:
        """``in_text``: articles a search found in their text, shown with a second line,
        the passage found (``context(entry, width)``)."""
        self.entries = entries
        self.columns = columns
        self.now = now
        self.in_text = in_text
        self.context = context

    def __len__(self) -> int:
        return len(self.entries)

    def row_height(self, index: int) -> int:
        return 2 if self.in_text and self.entries[index].sha256 in self.in_text else 1

    def sub_line(self, index: int, offset: int) -> str:
        """The second line of an article found in its text: the passage found."""
        if self.context is None:
            return ""
        width = sum(self.columns) + GAP * 3 - 4
        return "    " + clip(self.context(self.entries[index], width), width)

    def row_enabled(self, index: int) -> bool:
        return True

    def cells(self, index: int) -> tuple[str, str, str, str]:
        """Row ``index``'s cells as shown (clipped; untrusted text cleaned by ``clip``)."""
        entry = self.entries[index]
        columns = self.columns
        return (
            clip(entry.title or "Untitled", columns.title),
            clip(short_source(entry.source), columns.source),
            str(entry.note_count) if entry.note_count else "·",
            relative_time(entry.opened, self.now) if entry.opened else "never",
        )

    def line(self, index: int) -> str:
        """Row ``index`` as one line of plain text (the cells cleaned for the terminal)."""
        return _line(self.cells(index), self.columns)

    def row_lines(self, index: int, width: int) -> list[Content]:
        lines = [Content(self.line(index))]
        if self.row_height(index) > 1:
            lines.append(Content(self.sub_line(index, 1)))
        return lines


class LibraryTable(PlainLineList):
    """The library's articles, one line each; ``enter`` (or a click) opens the highlighted one
    (posts :class:`VirtualList.Selected`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="library.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"library-table--even-row"}

    DEFAULT_CSS = """
    LibraryTable {
        border: none;
        padding: 0;
        background: $surface;
        &:focus { border: none; background-tint: $foreground 5%; }
        & > .library-table--even-row { background: $surface-lighten-1 50%; }
    }
    """

    def row_classes(self, index: int) -> tuple[str, ...]:
        """Every other row striped, as a ``DataTable``'s zebra stripes."""
        return ("library-table--even-row",) if index % 2 else ()

    @property
    def rows(self) -> LibraryRows | None:
        """The rows shown (None before the first :meth:`show`)."""
        source = self.source
        return source if isinstance(source, LibraryRows) else None

    @property
    def row_count(self) -> int:
        """How many articles the table shows."""
        return self.option_count

    @property
    def cursor_row(self) -> int:
        """The highlighted row (0 when none is)."""
        return self.highlighted if self.highlighted is not None else 0

    def get_row_at(self, index: int) -> tuple[str, str, str, str]:
        """Row ``index``'s cells as shown."""
        rows = self.rows
        if rows is None or not 0 <= index < len(rows):
            raise IndexError(index)
        return rows.cells(index)

    def show(self, rows: LibraryRows, *, cursor: int | None) -> None:
        """Show ``rows`` with row ``cursor`` highlighted."""
        self.set_source(rows, highlighted=cursor)

    def move_cursor(self, *, row: int) -> None:
        """Highlight row ``row``."""
        self.highlighted = row

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No "Open" while there is no row."""
        if action == "select" and not self.row_count:
            return False
        return super().check_action(action, parameters)


def empty_message(load_error: str | None, *, empty: bool, query: str | None) -> Text | None:
    """What the library says in place of its list: the library could not be read
    (``load_error``), it is ``empty``, or no article matches the search ``query``; None when
    the list is shown."""
    if load_error:
        return Text(f"Can't read the library: {clean_line(load_error)}", style="bold red")
    if empty:
        return Text.assemble(
            ("Your library is empty.\n\n", "bold"),
            "Open an article from the shell with\n\n",
            ("    margin PATH|URL    \n\n", "bold reverse"),
            "(a .txt, .md or .html file, a web address, or - for stdin),\nor press ",
            ("o", "bold"),
            " to open one here. Articles you read are listed here,\n"
            "with their notes, the most recent first.",
        )
    if query is not None:
        return Text.assemble(
            f"No article matches «{query.strip()}».\n\n", ("escape", "bold"), " clears the search."
        )
    return None
