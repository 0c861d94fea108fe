"""The Claims tab: one row per claim, filterable by kind and speaker, in article order or by
check-worthiness."""

from __future__ import annotations

import textwrap
from array import array
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, overload

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select

from margin.analysis.service.compact import ClaimTable
from margin.model import CLAIM_KINDS, Claim
from margin.sanitize import clean_line
from margin.tui.messages import ClaimChosen, SpeakerElsewhere, VerdictRequested
from margin.tui.widgets.virtual_list import VirtualList, fit

KIND_ICONS: dict[str, tuple[str, str]] = {
    "quote": ("❝", "$success"),
    "reported": ("»", "$accent"),
    "assertion": ("◆", "$warning"),
}
"""Kind → (icon, colour variable) in the claims list."""

KIND_NAMES = {"quote": "quote", "reported": "reported", "assertion": "unattributed"}

CONTENT_CHARS = 110


def trim(text: str, limit: int = CONTENT_CHARS) -> str:
    """``text`` on one line, safe to show (:func:`~margin.sanitize.clean_line`), cut at a
    word boundary with an ellipsis past ``limit``."""
    flat = " ".join(clean_line(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"


def speaker_name(claim: Claim) -> str:
    """The speaker's label (its entity group's name, else its text), or "unattributed"."""
    return claim.speaker.label if claim.speaker is not None else "unattributed"


def wrap_lines(text: str, width: int, lines: int = 2) -> list[str]:
    """``text`` on one line, wrapped at words into at most ``lines`` lines of ``width``,
    the last ending with an ellipsis when the text goes on."""
    flat = " ".join(text[: (width + 1) * (lines + 1)].split())
    width = max(4, width)
    return textwrap.wrap(flat, width, max_lines=lines, placeholder="…") or [""]


ROW_HEIGHT = 3
"""Lines per claim row: the speaker line and two lines of content."""


Badge = Callable[[int, int], Content | None]
"""The badge shown on a claim, by its content's ``(start, end)`` (its verdict's rating)."""


def claim_row_lines(
    table: ClaimTable, row: int, width: int, badge: Badge | None = None
) -> list[Content]:
    """The row of claim ``row``: icon, speaker (its entity group's name, and the words as
    written when they are a pronoun or a description), its ``badge`` (the verdict), cue or
    score; then its content."""
    kind = table.kind(row)
    icon, colour = KIND_ICONS.get(kind, ("•", "$text"))
    speaker = table.speaker_label(row)
    speaker = clean_line(speaker) if speaker is not None else None
    who = Content.assemble(
        (f"{icon} ", f"bold {colour}"),
        (speaker or "unattributed", "bold" if speaker else "italic $text-muted"),
    )
    tail = Content("")
    if badge is not None:
        starts, ends = table.spans["content"]
        shown = badge(starts[row], ends[row])
        if shown is not None:
            tail = tail + Content(" ") + shown
    written = table.part_text(row, "original")
    written = clean_line(written) if written is not None else None
    if speaker is not None and written is not None and written.casefold() not in speaker.casefold():
        tail = tail + Content.styled(f" ({written})", "$text-muted")  # "He", "the senator"
    cue = table.part_text(row, "cue")
    if cue is not None:
        tail = tail + Content.styled(f" · {' '.join(clean_line(cue).split())}", "italic")
    if kind == "assertion":
        tail = tail + Content.styled(f" · {table.score(row):.2f}", "$text-muted")
    flags = table.flags(row)
    if "intent" in flags:
        tail = tail + Content.styled(" (intent)", "$text-muted")
    elif "mental" in flags:
        tail = tail + Content.styled(" (belief)", "$text-muted")
    head = fit(who, tail, width)  # a long speaker is cut before the cue is
    content = clean_line(table.part_text(row, "content") or "")
    body = [
        Content.styled("  " + line, "$text-muted")
        for line in wrap_lines(content, width - 2, ROW_HEIGHT - 1)
    ]
    body += [Content("")] * (ROW_HEIGHT - 1 - len(body))
    return [head, *body]


def row_matches(table: ClaimTable, row: int, kind: int | None, needle: str) -> bool:
    """Whether claim ``row`` passes the kind filter (an index into ``CLAIM_KINDS`` or None
    for all) and the speaker filter (casefolded text in its speaker's name, its words as
    written, or its cue)."""
    if kind is not None and table.kinds[row] != kind:
        return False
    if needle:
        names = [table.speaker_label(row) or "unattributed", table.speaker_text(row) or ""]
        names.append(table.part_text(row, "original") or "")
        names.append(table.part_text(row, "cue") or "")
        if not any(needle in clean_line(name).casefold() for name in names):
            return False
    return True


class ShownClaims(Sequence[Claim]):
    """The claims a panel shows, made on access from the table's rows."""

    def __init__(self, table: ClaimTable, rows: Sequence[int]) -> None:
        self.table = table
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Claim: ...
    @overload
    def __getitem__(self, index: slice) -> list[Claim]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.table.claim(r) for r in self.rows[index]]
        return self.table.claim(self.rows[index])


class ClaimRows:
    """The rows a claims list shows (a :class:`~margin.tui.widgets.virtual_list.RowSource`):
    ``rows`` are rows of ``table``, in list order.

    Kept apart from the panel widget on purpose: a source has a length, and a widget with a
    length of 0 is falsy, which Textual takes for "no parent" and stops bubbling keys there
    (an empty filtered list then swallowed backspace, escape and tab typed in its filter).
    """

    def __init__(self, table: ClaimTable, rows: array[int], badge: Badge | None = None) -> None:
        self.table = table
        self.rows = rows
        self.badge = badge

    def __len__(self) -> int:
        return len(self.rows)

    def row_height(self, index: int) -> int:
        return ROW_HEIGHT

    def row_enabled(self, index: int) -> bool:
        return True

    def row_lines(self, index: int, width: int) -> list[Content]:
        return claim_row_lines(self.table, self.rows[index], width, self.badge)


class ClaimsList(VirtualList):
    """The list of claims (``s`` toggles the order, ``f`` filters by speaker, ``r`` opens the
    verdict editor)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "toggle_sort", "Sort", id="claims.sort"),
        Binding("f", "focus_filter", "Filter", id="claims.filter"),
        Binding("r", "verdict", "Verdict", id="claims.verdict"),
        Binding("o", "elsewhere", "Elsewhere", id="claims.elsewhere"),
    ]

    def action_elsewhere(self) -> None:
        """The highlighted claim's speaker in the library's other articles."""
        panel = next(a for a in self.ancestors if isinstance(a, ClaimsPanel))
        claim = panel.highlighted_claim
        if claim is not None:
            self.post_message(SpeakerElsewhere(claim))

    def action_toggle_sort(self) -> None:
        panel = next(a for a in self.ancestors if isinstance(a, ClaimsPanel))
        panel.by_score = not panel.by_score
        panel.refresh_list()

    def action_verdict(self) -> None:
        """Open the verdict editor on the highlighted claim (the reader handles it)."""
        panel = next(a for a in self.ancestors if isinstance(a, ClaimsPanel))
        claim = panel.highlighted_claim
        if claim is not None:
            self.post_message(VerdictRequested(claim))

    def action_focus_filter(self) -> None:
        self.screen.set_focus(self.screen.query_one("#claims-speaker", Input))


class ClaimsPanel(Vertical):
    """Claims in article order (or unattributed ones by check-worthiness), with filters.

    The claims live in a :class:`~margin.analysis.service.compact.ClaimTable` shared with the
    reader; the
    list shows rows of it, building only those in view.
    """

    DEFAULT_CSS = """
    ClaimsPanel {
        height: 1fr;
        & > #claims-filters { height: 1; margin-bottom: 1; }
        & #claims-kind { width: 16; }
        & #claims-speaker { width: 1fr; }
        & > #claims-summary { height: 1; color: $text-muted; padding: 0 1; }
        & > ClaimsList { height: 1fr; border: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = ClaimTable("")
        self.kind = "all"
        self.speaker = ""
        self.by_score = False
        self.rows: array[int] = array("i")
        """The table rows shown, in list order."""
        self.badge: Badge | None = None
        """Each claim's verdict badge (set by the reader once the verdicts are read)."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="claims-filters"):
            yield Select(
                [
                    ("All kinds", "all"),
                    ("Quotes", "quote"),
                    ("Reported", "reported"),
                    ("Unattributed", "assertion"),
                ],
                value="all",
                allow_blank=False,
                compact=True,
                id="claims-kind",
            )
            yield Input(placeholder="speaker…", compact=True, id="claims-speaker")
        yield Label("No claims yet", id="claims-summary")
        yield ClaimsList(id="claims-list")

    @property
    def option_list(self) -> ClaimsList:
        return self.query_one(ClaimsList)

    @property
    def claims(self) -> ClaimTable:
        """Every claim, in article order."""
        return self.table

    @property
    def shown(self) -> ShownClaims:
        """The claims listed (after the filters), in list order."""
        return ShownClaims(self.table, self.rows)

    # -- data and filters ----------------------------------------------------------------

    def set_table(self, table: ClaimTable) -> None:
        """Show the claims of ``table`` (shared: :meth:`refresh_list` after it grows)."""
        self.table = table
        self.refresh_list()

    def set_filter(self, *, kind: str | None = None, speaker: str | None = None) -> None:
        """Filter by kind (``all``, ``quote``, ``reported``, ``assertion``) and/or speaker."""
        if kind is not None:
            self.kind = kind
            self.query_one("#claims-kind", Select).value = kind
        if speaker is not None:
            self.speaker = speaker
            self.query_one("#claims-speaker", Input).value = speaker
        self.refresh_list()

    def refresh_list(self) -> None:
        """Recompute the rows from the table and the filters, keeping the highlighted claim."""
        table = self.table
        option_list = self.option_list
        previous = self._highlighted_row()
        kind = CLAIM_KINDS.index(self.kind) if self.kind in CLAIM_KINDS else None  # type: ignore[arg-type]
        needle = self.speaker.casefold()
        if kind is None and not needle:
            rows = array("i", range(len(table)))
        else:
            rows = array("i", (r for r in range(len(table)) if row_matches(table, r, kind, needle)))
        if self.by_score or self.kind == "assertion":
            # Unattributed claims first, most check-worthy first; then the rest in order.
            assertion = CLAIM_KINDS.index("assertion")
            kinds, scores = table.kinds, table.scores
            rows = array(
                "i",
                sorted(rows, key=lambda r: (0, -scores[r]) if kinds[r] == assertion else (1, 0.0)),
            )
        self.rows = rows
        index = None
        if previous is not None:
            try:
                index = rows.index(previous)
            except ValueError:
                index = None
        option_list.set_source(ClaimRows(table, rows, self.badge), highlighted=index)
        self._update_summary()

    def _update_summary(self) -> None:
        label = self.query_one("#claims-summary", Label)
        total = len(self.table)
        if not total:
            label.update("No claims found yet")
            return
        kinds = self.table.kinds
        counts = {k: kinds.count(i) for i, k in enumerate(CLAIM_KINDS)}
        order = "by check-worthiness" if self.by_score or self.kind == "assertion" else ""
        text = (
            f"{len(self.rows)}/{total} · ❝{counts['quote']} »{counts['reported']} "
            f"◆{counts['assertion']} {order}"
        )
        label.update(text.rstrip())

    def _highlighted_row(self) -> int | None:
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    @property
    def highlighted_claim(self) -> Claim | None:
        row = self._highlighted_row()
        return None if row is None else self.table.claim(row)

    def index_near(self, offset: int) -> int:
        """The list index of the first claim (in list order) ending after ``offset``."""
        ends = self.table.spans["content"][1]
        for i, row in enumerate(self.rows):
            if ends[row] > offset:
                return i
        return max(0, len(self.rows) - 1)

    def highlight_claim(self, claim: Claim) -> bool:
        """Highlight ``claim``'s row (clearing the filters if they hide it)."""
        row = self.table.row_of(claim)
        if row is None:
            return False
        if row not in self.rows:
            self.kind, self.speaker = "all", ""
            self.set_filter(kind="all", speaker="")
        if row in self.rows:
            self.option_list.highlighted = self.rows.index(row)
            return True
        return False

    @on(Select.Changed, "#claims-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = str(event.value)
        if value != self.kind:
            self.kind = value
            self.refresh_list()

    @on(Input.Changed, "#claims-speaker")
    def _speaker_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.speaker:
            self.speaker = event.value
            self.refresh_list()

    @on(Input.Submitted, "#claims-speaker")
    def _speaker_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.set_focus(self.option_list)

    @on(VirtualList.Highlighted, "#claims-list")
    def _highlighted(self, event: VirtualList.Highlighted) -> None:
        event.stop()
        claim = self.highlighted_claim
        if claim is not None and self.option_list.has_focus:
            self.post_message(ClaimChosen(claim))

    @on(VirtualList.Selected, "#claims-list")
    def _selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        claim = self.highlighted_claim
        if claim is not None:
            self.post_message(ClaimChosen(claim, jump=True))
