"""What ``n``/``N`` step through in the reader: find matches or the mentions of the chosen
entity (no Textual here; the reader screen shows the result)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from margin.tui.state.find import MAX_MATCHES, find_all, next_index

StepKind = Literal["find", "entity"]


class Steps:
    """The spans ``n``/``N`` visit, which one is current, and the find query behind them."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []
        self.starts: list[int] = []
        self.kind: StepKind | None = None
        self.label = ""
        """What the spans are ("find", or the entity's name), for the status line."""
        self.index: int | None = None
        """The current span, None before the first step."""
        self.query = ""
        """The find query (kept while an entity's mentions are not chosen instead)."""
        self.capped = False
        """True when find stopped counting at :data:`MAX_MATCHES`."""

    def set(self, spans: Sequence[tuple[int, int]], kind: StepKind | None, label: str) -> None:
        """Step through ``spans`` from now on (none current yet)."""
        self.spans = list(spans)
        self.starts = [s for s, _ in self.spans]
        self.kind = kind if spans else None
        self.label = label
        self.index = None

    def clear(self) -> None:
        """Nothing to step through."""
        self.set([], None, "")

    def find(self, text: str, query: str) -> list[tuple[int, int]]:
        """Find ``query`` (smart case) in ``text``: its matches become the steps."""
        self.query = query
        matches = find_all(text, query) if query.strip() else []
        self.capped = len(matches) >= MAX_MATCHES
        self.set(matches, "find", "find")
        return matches

    def index_after(self, offset: int | None, *, forward: bool = True) -> int | None:
        """The first span starting after ``offset`` (the last before it backwards), wrapping
        around; None when there are no spans."""
        origin = offset - 1 if offset is not None else -1
        return next_index(self.starts, origin if forward else origin + 2, forward=forward)

    def following(self, cursor_start: int | None, *, forward: bool) -> int | None:
        """The index ``n`` (``forward``) or ``N`` goes to: from the current span, else from
        the cursor's sentence (starting at ``cursor_start``)."""
        if not self.spans:
            return None
        if self.index is None:
            return self.index_after(cursor_start, forward=forward)
        return self.index + (1 if forward else -1)

    def go(self, index: int) -> tuple[int, int]:
        """Make span ``index`` (wrapping around) current; returns it."""
        self.index = index % len(self.spans)
        return self.spans[self.index]

    @property
    def current(self) -> tuple[int, int] | None:
        """The current span, if any."""
        return self.spans[self.index] if self.index is not None and self.spans else None

    def status(self) -> str:
        """The status line's words: ``find 2/5``, ``Grace Okafor 3``, ``find: no matches``."""
        if not self.kind and not self.query:
            return ""
        if not self.spans:
            return f"{self.label}: no matches"
        position = f"{self.index + 1}/" if self.index is not None else ""
        plus = "+" if self.kind == "find" and self.capped else ""
        return f"{self.label} {position}{len(self.spans)}{plus}"
