"""What the reader marks in the text and steps through: find matches, the chosen entity's
mentions (``n``/``N``), the chosen claim's parts and the selected range. The state is
:class:`~margin.tui.state.steps.Steps` and :class:`~margin.tui.state.selection.Selection`;
:class:`ReaderMarks` shows it in the article view, the find bar and the status line;
:class:`MarksKeys`, a part of the reader screen, hands it the keys (``/``, ``n``/``N``, ``v``,
``w``/``W``, ``j``/``k``, ``escape``) and the find bar's, Claims tab's and Entities tab's
messages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import on
from textual.screen import Screen

from margin.model import Claim
from margin.tui.messages import (
    ClaimChosen,
    EntityChosen,
    FindChanged,
    FindClosed,
    RangeSelected,
)
from margin.tui.state.selection import Selection
from margin.tui.state.steps import StepKind, Steps
from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.find_bar import FindBar
from margin.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:  # pragma: no cover
    from margin.tui.screens.reader_panel import PanelPlacement
    from margin.tui.widgets.side_panel import SidePanel

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


class MarksKeys(Screen[None]):
    """The reader screen's keys and messages for find, entity stepping, claim marks and the
    selection, handed to ``marks`` (the screen sets it, and ``placement``)."""

    marks: ReaderMarks
    placement: PanelPlacement
    view: ArticleView
    find_bar: FindBar
    panel: SidePanel
    panel_ready: bool
    chosen_claim: Claim | None = None
    """The claim marked in the text (notes go on it)."""

    @property
    def selection(self) -> tuple[int, int] | None:
        return self.marks.selection.span

    @property
    def steps(self) -> list[tuple[int, int]]:
        """The spans ``n``/``N`` step through."""
        return self.marks.steps.spans

    @property
    def step_index(self) -> int | None:
        return self.marks.steps.index

    def action_back(self) -> None:
        """Back to the text from the panel; else clear marks and matches."""
        if self.placement.has_focus():
            self.placement.back_to_text()
        else:
            self.clear_marks()

    def clear_marks(self) -> None:
        """Forget the selection, the chosen claim or entity and the find matches."""
        self.chosen_claim = None
        self.marks.clear()

    def action_next_sentence(self) -> None:
        self.view.action_next_sentence()
        self.marks.follow_selection()

    def action_previous_sentence(self) -> None:
        self.view.action_previous_sentence()
        self.marks.follow_selection()

    # -- find ----------------------------------------------------------------------------

    async def action_find(self) -> None:
        """Open the find bar."""
        await self.find_bar.open(self.marks.steps.query or None)

    def action_find_next(self) -> None:
        """Next find match (or next mention of the chosen entity)."""
        self.marks.step(True)

    def action_find_previous(self) -> None:
        self.marks.step(False)

    @on(FindChanged)
    def _find_changed(self, event: FindChanged) -> None:
        steps = self.marks.steps
        if event.query != steps.query or steps.kind != "find":
            self.marks.find(event.query)
        if event.submit:
            self.find_bar.close()
            self.set_focus(self.view)
            self.marks.submit_find()

    @on(FindClosed)
    def _find_closed(self, event: FindClosed) -> None:
        self.find_bar.close()
        if event.cancel:
            self.marks.cancel_find()
        self.set_focus(self.view)

    # -- claims and entities -------------------------------------------------------------

    def choose_claim(self, claim: Claim, *, jump: bool = False) -> None:
        """Mark ``claim`` in the text and move the cursor to it."""
        self.chosen_claim = claim
        self.marks.mark_claim(claim)
        if jump:
            self.placement.back_to_text()

    @on(ClaimChosen)
    def _claim_chosen(self, event: ClaimChosen) -> None:
        self.choose_claim(event.claim, jump=event.jump)

    def choose_entity(self, key: str | None, *, jump: bool = False) -> None:
        """Mark every mention of entity ``key``; ``n``/``N`` then step through them."""
        entry = self.panel.entities.entry(key) if key and self.panel_ready else None
        if entry is None:
            return
        self.chosen_claim = None
        self.marks.mark_mentions(entry.name, entry.mentions, jump=jump)
        if jump:
            self.placement.back_to_text()

    @on(EntityChosen)
    def _entity_chosen(self, event: EntityChosen) -> None:
        self.choose_entity(event.key, jump=event.jump)

    # -- selecting a range ---------------------------------------------------------------

    def action_visual(self) -> None:
        """Start (or end) selecting a range from the cursor's sentence."""
        self.marks.toggle_selection()

    def action_extend_word(self, step: int) -> None:
        """Move the selection's end by one word (``step`` = 1 or -1)."""
        self.marks.extend_selection(step)

    @on(RangeSelected)
    def _range_selected(self, event: RangeSelected) -> None:
        if event.end > event.start:
            self.marks.select((event.start, event.end))
