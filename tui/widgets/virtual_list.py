"""A list that builds only the rows in view: thousands of claims or entities cost nothing.

:class:`VirtualList` is a Line-API ``ScrollView`` over a :class:`RowSource`: the source says
how many rows there are and how tall each is (without rendering it), and renders a row only
when it scrolls into view. It looks and behaves like Textual's ``OptionList`` (same keys,
same highlight colours, click to select), but an ``OptionList`` keeps an ``Option`` and its
rendered visual for every row, which on a long article is tens of thousands of objects.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import accumulate
from typing import ClassVar, Protocol

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

CACHED_ROWS = 40
"""Rendered rows kept (a screen or so: rows are cheap to build again)."""


def fit(head: Content, tail: Content, width: int, *, least: int = 10) -> Content:
    """``head + tail`` in ``width`` cells: the head is cut (with an ellipsis) so the tail
    stays whole, unless that would leave the head fewer than ``least`` cells."""
    room = width - tail.cell_length
    if head.cell_length > room:
        head = head.truncate(max(least, room), ellipsis=True)
    return head + tail


class RowSource(Protocol):
    """What a :class:`VirtualList` shows."""

    def __len__(self) -> int: ...

    def row_height(self, index: int) -> int:
        """Lines of row ``index`` (cheap: called for every row when the rows change)."""
        ...

    def row_enabled(self, index: int) -> bool:
        """Whether row ``index`` can be highlighted (headers cannot)."""
        ...

    def row_lines(self, index: int, width: int) -> list[Content]:
        """Exactly ``row_height(index)`` lines of row ``index`` (cropped to ``width``)."""
        ...


class EmptySource:
    """No rows."""

    def __len__(self) -> int:
        return 0

    def row_height(self, index: int) -> int:
        return 1

    def row_enabled(self, index: int) -> bool:
        return False

    def row_lines(self, index: int, width: int) -> list[Content]:
        return []


class VirtualList(ScrollView, can_focus=True):
    """Rows from a :class:`RowSource`, rendered on demand; up/down/page/home/end, enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-list--option",
        "virtual-list--option-disabled",
        "virtual-list--option-highlighted",
        "virtual-list--option-hover",
    }

    DEFAULT_CSS = """
    VirtualList {
        height: 1fr;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .virtual-list--option-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .virtual-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .virtual-list--option-disabled { color: $text-disabled; }
        & > .virtual-list--option-hover { background: $block-hover-background; }
    }
    """

    highlighted: reactive[int | None] = reactive(None, init=False)
    """The highlighted row, or None."""

    _hover: reactive[int | None] = reactive(None, init=False)

    class RowMessage(Message):
        """About row ``index`` of ``virtual_list``."""

        def __init__(self, virtual_list: VirtualList, index: int) -> None:
            super().__init__()
            self.virtual_list = virtual_list
            self.index = index

        @property
        def control(self) -> VirtualList:
            return self.virtual_list

    class Highlighted(RowMessage):
        """A row was highlighted."""

    class Selected(RowMessage):
        """A row was chosen (enter or click)."""

    def __init__(
        self,
        source: RowSource | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.source: RowSource = source if source is not None else EmptySource()
        self._offsets = array("i", [0])
        self._cache: LRUCache[tuple[int, str, int], list[Strip]] = LRUCache(CACHED_ROWS)
        self._measure()

    # -- rows ----------------------------------------------------------------------------

    @property
    def option_count(self) -> int:
        """How many rows there are."""
        return len(self.source)

    def _measure(self) -> None:
        source = self.source
        height = source.row_height
        self._offsets = array("i", accumulate((height(i) for i in range(len(source))), initial=0))
        self.virtual_size = Size(self.virtual_size.width, self._offsets[-1])

    def set_source(self, source: RowSource, *, highlighted: int | None = None) -> None:
        """Show ``source`` (the rows changed), highlighting row ``highlighted``."""
        self.source = source
        self.rows_changed(highlighted=highlighted)

    def rows_changed(self, *, highlighted: int | None = None) -> None:
        """The source's rows changed: re-measure and repaint."""
        self._measure()
        self._cache.clear()
        self.set_reactive(VirtualList.highlighted, self._valid(highlighted))
        if self.highlighted is not None:
            self.scroll_to_highlight()
        self.refresh()

    def row_at_line(self, line: int) -> int | None:
        """The row showing virtual line ``line``, or None past the end."""
        if line < 0 or line >= self._offsets[-1]:
            return None
        return bisect_right(self._offsets, line) - 1

    def row_text(self, index: int) -> str:
        """The plain text of row ``index`` (its lines joined by newlines)."""
        width = self.scrollable_content_region.width or 80
        return "\n".join(line.plain for line in self.source.row_lines(index, width))

    # -- highlight -----------------------------------------------------------------------

    def _valid(self, index: int | None) -> int | None:
        count = len(self.source)
        if index is None or count == 0:
            return None
        return max(0, min(index, count - 1))

    def validate_highlighted(self, index: int | None) -> int | None:
        return self._valid(index)

    def watch_highlighted(self, index: int | None) -> None:
        self.refresh()
        if index is None:
            return
        self.scroll_to_highlight()
        if self.source.row_enabled(index):
            self.post_message(self.Highlighted(self, index))

    def watch__hover(self) -> None:
        self.refresh()

    def scroll_to_highlight(self) -> None:
        """Scroll so the highlighted row is in view."""
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        top = self._offsets[index]
        height = self._offsets[index + 1] - top
        self.scroll_to_region(
            Region(0, top, self.scrollable_content_region.width, height),
            animate=False,
            force=True,
            immediate=True,
        )

    def _enabled_from(self, start: int, step: int) -> int | None:
        source = self.source
        index = start
        while 0 <= index < len(source):
            if source.row_enabled(index):
                return index
            index += step
        return None

    def action_cursor_down(self) -> None:
        start = 0 if self.highlighted is None else self.highlighted + 1
        found = self._enabled_from(start, 1)
        if found is not None:
            self.highlighted = found

    def action_cursor_up(self) -> None:
        if self.highlighted is None:
            self.action_last()
            return
        found = self._enabled_from(self.highlighted - 1, -1)
        if found is not None:
            self.highlighted = found

    def action_first(self) -> None:
        found = self._enabled_from(0, 1)
        if found is not None:
            self.highlighted = found

    def action_last(self) -> None:
        found = self._enabled_from(len(self.source) - 1, -1)
        if found is not None:
            self.highlighted = found

    def _move_page(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first() if direction > 0 else self.action_last()
            return
        page = max(1, self.scrollable_content_region.height)
        line = self._offsets[self.highlighted] + direction * page
        line = max(0, min(line, self._offsets[-1] - 1))
        row = self.row_at_line(line)
        if row is None:
            return
        found = self._enabled_from(row, direction)
        if found is None:
            found = self._enabled_from(row, -direction)
        if found is not None:
            self.highlighted = found

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_select(self) -> None:
        index = self.highlighted
        if index is not None and self.source.row_enabled(index):
            self.post_message(self.Selected(self, index))

    # -- mouse ---------------------------------------------------------------------------

    def _row_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        return self.row_at_line(int(self.scroll_y) + offset.y)

    def on_click(self, event: events.Click) -> None:
        row = self._row_under(event)
        if row is not None and self.source.row_enabled(row):
            self.highlighted = row
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover = self._row_under(event)

    def redraw(self) -> None:
        """Draw the rows again (what they show changed, not how many or how tall)."""
        self._cache.clear()
        self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        self._hover = None

    # -- rendering -----------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()

    def row_classes(self, index: int) -> tuple[str, ...]:
        """Component classes styling row ``index`` beyond its state (none here: a subclass
        may stripe its rows)."""
        return ()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = int(self.scroll_y) + y
        row = self.row_at_line(line)
        if row is None:
            return Strip.blank(width, self.get_visual_style("virtual-list--option").rich_style)
        if not self.source.row_enabled(row):
            state = "virtual-list--option-disabled"
        elif row == self.highlighted:
            state = "virtual-list--option-highlighted"
        elif row == self._hover:
            state = "virtual-list--option-hover"
        else:
            state = ""
        extra = self.row_classes(row) if not state else ()
        key = (row, state, width)
        strips = self._cache.get(key)
        if strips is None:
            classes = ("virtual-list--option", state) if state else ("virtual-list--option",)
            classes += extra
            style = self.get_visual_style(*classes)
            rich_style = style.rich_style
            strips = []
            for content in self.source.row_lines(row, width):
                if content.cell_length > width:
                    content = content.truncate(width, ellipsis=True)
                rendered = Visual.to_strips(self, content, width, 1, style, pad=True)
                strip = rendered[0] if rendered else Strip.blank(width, rich_style)
                strips.append(strip.extend_cell_length(width, rich_style))
            self._cache[key] = strips
        offset = line - self._offsets[row]
        if offset < len(strips):
            return strips[offset]
        return Strip.blank(width, self.get_visual_style("virtual-list--option").rich_style)
