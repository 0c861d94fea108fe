"""What the reader marks in the text and steps through: find matches, the chosen entity's
mentions (``n``/``N``), the chosen claim's parts and the selected range. The state is
:class:`~margin.tui.state.steps.Steps` and :class:`~margin.tui.state.selection.Selection`;
this shows it in the article view, the find bar and the status line. The reader screen calls
it from its keys and messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.screen import Screen

from margin.model import Claim
from margin.tui.state.selection import Selection
from margin.tui.state.steps import StepKind, Steps
from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.find_bar import FindBar
from margin.tui.widgets.status_bar import StatusBar

Span = tuple[int, int]


def claim_marks(claim: Claim) -> list[tuple[int, int, str]]:
    """The spans marking a claim: its content, speaker (as written) and cue."""
    marks = [(claim.content.start, claim.content.end, "content")]
    if claim.speaker is not None:
        shown = claim.speaker.original or claim.speaker
        marks.append((shown.start, shown.end, "speaker"))
    if claim.cue is not None:
        marks.append((claim.cue.start, claim.cue.end, "cue"))
    return marks


class ReaderMarks:
    """Find, entity stepping, claim marks and the selection of one reader (``host``), on its
    view, find bar and status line (getters: the widgets are the screen's)."""

    def __init__(
        self,
        text: str,
        host: Screen[Any],
        view: Callable[[], ArticleView],
        find_bar: Callable[[], FindBar],
        status: Callable[[], StatusBar],
    ) -> None:
        self.text = text
        self.steps = Steps()
        self.selection = Selection()
        """A range chosen with ``v`` or the mouse (notes and highlights go on it)."""
        self.host = host
        self._view = view
        self._find_bar = find_bar
        self._status = status

    def _cursor_start(self) -> int | None:
        span = self._view().cursor_span
        return span[0] if span is not None else None

    def set_steps(self, spans: Sequence[Span], kind: StepKind | None, label: str) -> None:
        """Step through ``spans`` from now on."""
        self.steps.set(spans, kind, label)
        self.show_status()

    def show_status(self) -> None:
        steps = self.steps
        self._status().find = steps.status()
        if steps.kind == "find" or steps.query:
            self._find_bar().set_count(steps.index, len(steps.spans), capped=steps.capped)

    def clear(self) -> None:
        """Forget the marks, the selection, the find matches and the steps."""
        self.selection.clear()
        view = self._view()
        view.set_marks([])
        view.set_find_matches([], None)
        self.steps.query = ""
        self.set_steps([], None, "")

    def go_to(self, index: int, *, move_cursor: bool = True) -> None:
        """Show step ``index`` (a match or a mention), putting the cursor on its sentence."""
        if not self.steps.spans:
            return
        view = self._view()
        start, end = self.steps.go(index)
        if self.steps.kind == "find":
            view.set_current_match(self.steps.index)
        if move_cursor:
            view.cursor_to_offset(start, follow=False)
        view.scroll_to_span(start, end)
        self.show_status()

    def step(self, forward: bool) -> None:
        """``n`` (``forward``) or ``N``: the next or previous match or mention."""
        if not self.steps.spans:
            self.host.notify(
                "Nothing to step through: press / to find, or pick an entity", timeout=2
            )
            return
        index = self.steps.following(self._cursor_start(), forward=forward)
        if index is not None:
            self.go_to(index)

    def _show_first_after_cursor(self) -> None:
        """Make the first step after the cursor current and show it, cursor unmoved."""
        index = self.steps.index_after(self._cursor_start())
        if index is not None:
            view = self._view()
            span = self.steps.go(index)
            if self.steps.kind == "find":
                view.set_current_match(index)
            view.scroll_to_span(*span)
        self.show_status()

    def find(self, query: str) -> None:
        """Find ``query`` (smart case) and show the first match after the cursor."""
        view = self._view()
        if self.steps.kind == "entity":
            view.set_marks([])
        matches = self.steps.find(self.text, query)
        view.set_find_matches(matches, None)
        self._show_first_after_cursor()

    def submit_find(self) -> None:
        """Enter in the find bar: go to the current match, else the next one."""
        if self.steps.spans:
            index = self.steps.index
            self.step(True) if index is None else self.go_to(index)

    def cancel_find(self) -> None:
        """Escape in the find bar: forget the query and its matches."""
        self.steps.query = ""
        self._view().set_find_matches([], None)
        self.set_steps([], None, "")
        self._find_bar().set_count(None, 0)

    def mark_claim(self, claim: Claim) -> None:
        """Mark ``claim``'s parts and move the cursor to it."""
        if self.steps.kind == "entity":
            self.set_steps([], None, "")
        view = self._view()
        view.set_marks(claim_marks(claim))
        view.cursor_to_offset(claim.content.start, follow=False)
        spans = [claim.content.start, claim.content.end]
        if claim.speaker is not None:
            shown = claim.speaker.original or claim.speaker
            spans += [shown.start, shown.end]
        view.scroll_to_span(min(spans), max(spans))

    def mark_mentions(self, name: str, mentions: Sequence[Span], *, jump: bool) -> None:
        """Mark every mention of the entity ``name``; ``n``/``N`` then step through them
        (``jump``: go to the next one at once)."""
        view = self._view()
        if self.steps.kind == "find":
            view.set_find_matches([], None)
            self.steps.query = ""
        view.set_marks((s, e, "mention") for s, e in mentions)
        self.set_steps(mentions, "entity", name)
        if jump:
            self.step(True)
        elif mentions:
            self._show_first_after_cursor()

    # -- the selection -------------------------------------------------------------------

    def toggle_selection(self) -> None:
        """``v``: start selecting from the cursor's sentence, or stop."""
        if self.selection.span is not None:
            self.end_selection()
            return
        span = self._view().cursor_span
        if span is not None:
            self.selection.start(span)
            self._show_selection()

    def _show_selection(self) -> None:
        view, status = self._view(), self._status()
        span = self.selection.span
        marks = [(s, e, k) for s, e, k in view.marks.spans() if k != "selection"]
        if span is not None:
            marks.append((span[0], span[1], "selection"))
            status.find = f"selected {span[1] - span[0]} characters: a note, h highlight"
        elif status.find.startswith("selected"):
            status.find = ""
        view.set_marks(marks)

    def end_selection(self) -> None:
        """Nothing selected any more."""
        had = self.selection.span is not None
        self.selection.clear()
        if had:
            self._show_selection()

    def follow_selection(self) -> None:
        """The cursor moved: a selection by sentence follows it."""
        if self.selection.follow(self._view().cursor_span):
            self._show_selection()

    def extend_selection(self, step: int) -> None:
        """Move the selection's end by one word (starting one at the cursor if none)."""
        if self.selection.span is None:
            self.toggle_selection()
            if self.selection.span is None:
                return
        self.selection.extend_word(self.text, step)
        self._show_selection()

    def select(self, span: Span) -> None:
        """Select ``span`` (dragged with the mouse)."""
        self.selection.set(span)
        self._show_selection()
