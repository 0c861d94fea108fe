"""Word-wrapping an article into display lines, keeping character offsets (no Textual).

A :class:`TextLayout` maps the article text onto visual lines for one width. Each text line is
a ``(start, end)`` range of ``Article.text``; rendering draws ``display[start:end]`` where
``display`` is the text made safe for the terminal by :func:`margin.sanitize.clean_cells` (one
character for each character, so offsets never change). Paragraphs (non-empty source lines)
are separated by exactly one blank line. A header (the title, and the source) sits above the
text and has no text offsets.

Wrapping is greedy by words and uses ``str.rfind`` per line rather than a Python loop per word,
so a 1 MB article wraps in a few tens of milliseconds.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

from rich.cells import cell_len, get_character_cell_size

from margin.sanitize import clean_cells


def display_text(text: str) -> str:
    """``text`` as drawn: tabs as spaces, controls as pictures (``␛``), bidi and zero-width
    characters as ``�``, one character for one (the same string object when there is
    nothing to change: a 1 MB article is not copied for nothing)."""
    return clean_cells(text)


def _wrap_wide(display: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Wrap ``display[start:end]`` counting cell widths (for wide or zero-width characters)."""
    lines: list[tuple[int, int]] = []
    p = start
    while p < end:
        while p < end and display[p] == " ":
            p += 1
        if p >= end:
            break
        cells = 0
        q = p
        last_space = -1
        while q < end:
            ch = display[q]
            w = get_character_cell_size(ch)
            if cells + w > width and q > p:
                break
            if ch == " ":
                last_space = q
            cells += w
            q += 1
        if q >= end:
            lines.append((p, _rstrip(display, p, end)))
            break
        if display[q] == " ":
            lines.append((p, _rstrip(display, p, q)))
            p = q + 1
        elif last_space > p:
            lines.append((p, _rstrip(display, p, last_space)))
            p = last_space + 1
        else:
            lines.append((p, q))
            p = q
    return lines


def _rstrip(display: str, start: int, end: int) -> int:
    while end > start and display[end - 1] == " ":
        end -= 1
    return end


def wrap_paragraph(display: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``display[start:end]`` into ``(start, end)`` line ranges.

    Lines never end or start with spaces; a word longer than ``width`` is split.
    """
    width = max(1, width)
    segment = display[start:end]
    if not segment.isascii() and cell_len(segment) != len(segment):
        return _wrap_wide(display, start, end, width)
    lines: list[tuple[int, int]] = []
    append = lines.append
    rfind = display.rfind
    p = start
    while p < end and display[p] == " ":
        p += 1
    while p < end:
        if end - p <= width:
            append((p, _rstrip(display, p, end)))
            break
        cut = rfind(" ", p, p + width + 1)
        if cut <= p:
            append((p, p + width))
            p += width
        else:
            append((p, _rstrip(display, p, cut)))
            p = cut + 1
        while p < end and display[p] == " ":
            p += 1
    return lines


@dataclass(slots=True)
class TextLayout:
    """The display lines of one article at one width.

    Lines ``0 .. header_count-1`` are header lines (``header[i]`` is ``(kind, text)``, kind
    being ``"title"``, ``"meta"`` or ``"blank"``); the lines after them are text lines whose
    character ranges are ``starts[i]``/``ends[i]`` (a blank separator line has
    ``start == end``). Offsets are kept in compact arrays (9 bytes a line).
    """

    width: int
    header: list[tuple[str, str]]
    starts: array[int]
    ends: array[int]
    blank: bytearray = field(default_factory=bytearray)

    @property
    def header_count(self) -> int:
        return len(self.header)

    @property
    def line_count(self) -> int:
        """All display lines: header and text."""
        return len(self.header) + len(self.starts)

    def line_of_offset(self, offset: int) -> int:
        """The display line (header included) showing character ``offset``."""
        if not self.starts:
            return max(0, len(self.header) - 1)
        index = bisect_right(self.starts, offset) - 1
        index = max(0, index)
        if self.blank[index] and index + 1 < len(self.starts):
            index += 1  # leading spaces of a paragraph: show its first line
        return len(self.header) + index

    def text_range(self, line: int) -> tuple[int, int] | None:
        """The character range of display ``line``, or None for header lines."""
        index = line - len(self.header)
        if index < 0 or index >= len(self.starts):
            return None
        return self.starts[index], self.ends[index]

    def lines_for_span(self, start: int, end: int) -> tuple[int, int]:
        """First and last display lines covering characters ``start..end``."""
        first = self.line_of_offset(start)
        last = self.line_of_offset(max(start, end - 1))
        return first, max(first, last)


def _header_lines(title: str, meta: str, width: int) -> list[tuple[str, str]]:
    header: list[tuple[str, str]] = []
    for kind, value in (("title", title), ("meta", meta)):
        value = " ".join(display_text(value).split())
        if not value:
            continue
        for s, e in wrap_paragraph(value, 0, len(value), width):
            header.append((kind, value[s:e]))
    if header:
        header.append(("blank", ""))
    return header


def layout_text(
    text: str, width: int, *, title: str = "", meta: str = "", display: str | None = None
) -> TextLayout:
    """Wrap ``text`` at ``width`` cells under a header of ``title`` and ``meta``.

    Pass ``display`` (from :func:`display_text`) to avoid recomputing it on each re-wrap.
    """
    width = max(1, width)
    if display is None:
        display = display_text(text)
    starts: array[int] = array("i")
    ends: array[int] = array("i")
    blank = bytearray()
    pos = 0
    n = len(display)
    find = display.find
    first = True
    while pos <= n:
        nl = find("\n", pos)
        if nl == -1:
            nl = n
        para_start = pos
        while para_start < nl and display[para_start] == " ":
            para_start += 1
        if para_start < nl:
            if not first:
                starts.append(pos)
                ends.append(pos)
                blank.append(1)
            first = False
            for s, e in wrap_paragraph(display, para_start, nl, width):
                starts.append(s)
                ends.append(e)
                blank.append(0)
        pos = nl + 1
    return TextLayout(
        width=width,
        header=_header_lines(title, meta, width),
        starts=starts,
        ends=ends,
        blank=blank,
    )
