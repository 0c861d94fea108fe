"""The lists of the Speakers and Claims views: rows over the claims index
(:class:`~margin.storage.claims_table.ClaimsTable`), built only for the rows in view, so a
library of 20,000 claims lists, filters and scrolls at the cost of a screenful."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, NamedTuple

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual

from margin.sanitize import clean_line
from margin.storage.claims_table import ClaimsTable
from margin.tui.state.library_format import clip, relative_time
from margin.tui.widgets.claims_panel import KIND_ICONS, wrap_lines
from margin.tui.widgets.library_table import GAP, pad
from margin.tui.widgets.plain_list import PlainLineList
from margin.tui.widgets.virtual_list import VirtualList, fit


class SpeakerColumns(NamedTuple):
    """The Speakers view's column widths, in cells."""

    name: int
    claims: int
    articles: int


def speaker_line(cells: tuple[str, str, str], columns: SpeakerColumns) -> str:
    """One line of the Speakers view (cells already cleaned)."""
    name, claims, articles = cells
    padded = (
        pad(name, columns.name),
        pad(claims, columns.claims, right=True),
        pad(articles, columns.articles, right=True),
    )
    return " " + (" " * GAP).join(padded) + " "


class SpeakerRows:
    """The rows of the Speakers view (a :class:`~margin.tui.widgets.virtual_list.RowSource`):
    ``ids`` are speakers of ``table``, in list order."""

    def __init__(self, table: ClaimsTable, ids: Sequence[int], columns: SpeakerColumns) -> None:
        self.table = table
        self.ids = ids
        self.columns = columns

    def __len__(self) -> int:
        return len(self.ids)

    def row_height(self, index: int) -> int:
        return 1

    def row_enabled(self, index: int) -> bool:
        return True

    def cells(self, index: int) -> tuple[str, str, str]:
        """Row ``index``'s cells as shown (the name cleaned and clipped)."""
        sp = self.table.speakers[self.ids[index]]
        return (clip(sp.name, self.columns.name), f"{sp.claims:,}", f"{sp.articles:,}")

    def line(self, index: int) -> str:
        return speaker_line(self.cells(index), self.columns)

    def row_lines(self, index: int, width: int) -> list[Content]:
        return [Content(self.line(index))]


class EmptyNote:
    """A list that, with no rows, shows a note in their place (and keeps the focus: a hidden
    list would hand it to the search field, which would then take the view's keys)."""

    empty_note: Content = Content("")

    def note_line(self, y: int, width: int) -> Strip | None:
        """Line ``y`` of the note when the list has no rows, else None."""
        source = self.source  # type: ignore[attr-defined]
        if len(source):
            return None
        lines = self.empty_note.split()
        style = self.get_visual_style("virtual-list--option")  # type: ignore[attr-defined]
        if 0 < y <= len(lines):
            line = lines[y - 1]
            pad = max(0, (width - line.cell_length) // 2)
            line = Content(" " * pad) + line
            strips = Visual.to_strips(self, line, width, 1, style, pad=True)  # type: ignore[arg-type]
            if strips:
                return strips[0].extend_cell_length(width, style.rich_style)
        return Strip.blank(width, style.rich_style)

    def set_note(self, note: Content | str) -> None:
        """The note shown while there are no rows."""
        self.empty_note = note if isinstance(note, Content) else Content(note)
        self.refresh()  # type: ignore[attr-defined]


class SpeakersList(EmptyNote, PlainLineList):
    """The speakers, one line each; ``enter`` shows the highlighted one's claims."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Their claims", id="speakers.open"),
    ]

    DEFAULT_CSS = """
    SpeakersList {
        border: none;
        padding: 0;
        &:focus { border: none; background-tint: $foreground 5%; }
    }
    """

    def render_line(self, y: int) -> Strip:
        note = self.note_line(y, self.scrollable_content_region.width)
        return note if note is not None else super().render_line(y)

    @property
    def rows(self) -> SpeakerRows | None:
        """The rows shown (None before the first rows are set)."""
        source = self.source
        return source if isinstance(source, SpeakerRows) else None


CLAIM_ROW_HEIGHT = 2
"""Lines per claim in the Claims view: who, how, where and when; then the content."""


class IndexClaimRows:
    """The rows of the Claims view: claims ``rows`` of ``table``; ``now`` for "added"."""

    def __init__(self, table: ClaimsTable, rows: array[int], now: datetime) -> None:
        self.table = table
        self.rows = rows
        self.now = now

    def __len__(self) -> int:
        return len(self.rows)

    def row_height(self, index: int) -> int:
        return CLAIM_ROW_HEIGHT

    def row_enabled(self, index: int) -> bool:
        return True

    def row_lines(self, index: int, width: int) -> list[Content]:
        table = self.table
        i = self.rows[index]
        kind = table.kinds[i]
        icon, colour = KIND_ICONS.get(kind, ("•", "$text"))
        speaker = clean_line(table.speaker_name(i))
        who = Content.assemble(
            (f"{icon} ", f"bold {colour}"),
            (speaker or "unattributed", "bold" if speaker else "italic $text-muted"),
        )
        if table.cues[i]:
            cue = " ".join(clean_line(table.cues[i]).split())
            who = who + Content.styled(f" · {cue}", "italic")
        entry = table.entries[table.article[i]]
        where = Content.styled(
            f" — {clip(entry.title or 'Untitled', 60)} · {relative_time(entry.added, self.now)}",
            "$text-muted",
        )
        verdict = table.verdicts[i]
        if verdict is not None:
            where = where + Content.styled(f" [{clip(verdict, 20)}]", "bold $warning")
        head = fit(who, where, width, least=16)
        body = wrap_lines(clean_line(table.texts[i]), width - 2, 1)
        return [head, Content.styled("  " + body[0], "$text-muted")]


class IndexClaimsList(EmptyNote, VirtualList):
    """The claims of the Claims view; ``enter`` opens the article at the highlighted claim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open at the claim", id="claims_view.open"),
    ]

    DEFAULT_CSS = """
    IndexClaimsList {
        border: none;
        padding: 0;
        &:focus { border: none; }
    }
    """

    def render_line(self, y: int) -> Strip:
        note = self.note_line(y, self.scrollable_content_region.width)
        return note if note is not None else super().render_line(y)

    @property
    def rows(self) -> IndexClaimRows | None:
        source = self.source
        return source if isinstance(source, IndexClaimRows) else None
