"""The library's table: one line per article in fixed columns, built only for the rows in view.

A ``DataTable`` measures and stores every cell of every row when rows are added, so drawing a
library of 1,000 articles, or filtering it as the user types, costs time in proportion to the
whole library. Here the rows are a :class:`LibraryRows` source over the entries shown, and a
:class:`~margin.tui.widgets.virtual_list.VirtualList` renders the few in view: a new filter or
order is a new source, whatever the library's size. :func:`empty_message` is what shows in
the table's place when there is nothing to list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.strip import Strip

from margin.sanitize import clean_line
from margin.storage.model import LibraryEntry
from margin.tui.state.library_format import clip, relative_time, short_source
from margin.tui.widgets.virtual_list import VirtualList

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

    def __init__(self, entries: Sequence[LibraryEntry], columns: Columns, now: datetime) -> None:
        self.entries = entries
        self.columns = columns
        self.now = now

    def __len__(self) -> int:
        return len(self.entries)

    def row_height(self, index: int) -> int:
        return 1

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
            relative_time(entry.opened or entry.added, self.now),
        )

    def line(self, index: int) -> str:
        """Row ``index`` as one line of plain text (the cells cleaned for the terminal)."""
        return _line(self.cells(index), self.columns)

    def row_lines(self, index: int, width: int) -> list[Content]:
        return [Content(self.line(index))]


class LibraryTable(VirtualList):
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

    def render_line(self, y: int) -> Strip:
        """A row of plain text in one style: made straight into a strip (the general path,
        through :class:`~textual.content.Content` and its wrapping, costs several times
        more, and a search redraws every row in view at each keystroke)."""
        rows = self.rows
        if rows is None:
            return super().render_line(y)
        width = self.scrollable_content_region.width
        row = self.row_at_line(int(self.scroll_y) + y)
        if row is None:
            return Strip.blank(width, self.get_visual_style("virtual-list--option").rich_style)
        classes: tuple[str, ...] = ("virtual-list--option",)
        if row == self.highlighted:
            classes += ("virtual-list--option-highlighted",)
        elif row == self._hover:
            classes += ("virtual-list--option-hover",)
        else:
            classes += self.row_classes(row)
        style = self.get_visual_style(*classes).rich_style
        return Strip([Segment(rows.line(row), style)]).adjust_cell_length(width, style)

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
