"""A virtual list whose rows are lines of plain text in one style (the library's articles,
the speakers): each line is made straight into a strip."""

from __future__ import annotations

from typing import Protocol

from rich.segment import Segment
from textual.strip import Strip

from margin.tui.widgets.virtual_list import RowSource, VirtualList


class LineSource(RowSource, Protocol):
    """A row source whose rows are one line of plain text, already cleaned for the terminal."""

    def line(self, index: int) -> str:
        """Row ``index`` (its first line) as plain text."""
        ...


def sub_line(rows: object, index: int, offset: int) -> str:
    """Line ``offset`` of row ``index``: its :meth:`LineSource.line`, or for a taller row the
    source's ``sub_line(index, offset)``."""
    if offset == 0:
        return rows.line(index)  # type: ignore[attr-defined,no-any-return]
    more = getattr(rows, "sub_line", None)
    return more(index, offset) if more is not None else ""


class PlainLineList(VirtualList):
    """A :class:`VirtualList` over a :class:`LineSource`."""

    def render_line(self, y: int) -> Strip:
        """A row of plain text in one style: made straight into a strip (the general path,
        through :class:`~textual.content.Content` and its wrapping, costs several times
        more, and a search redraws every row in view at each keystroke)."""
        rows = self.source
        if not hasattr(rows, "line"):
            return super().render_line(y)
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        row = self.row_at_line(line)
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
        text = sub_line(rows, row, line - self._offsets[row])
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)
