"""The reader screen: wires the article view, its side panel, the find bar and the status line
to the reader's state.

The state lives in plain classes (:mod:`margin.tui.state`): the notes session (store, list,
undo, target), the find and entity stepping, the selection. The keys are in
:mod:`margin.tui.bindings` (the scroll keys on the article view). The text paints at once;
the analysis runs in a thread worker and its results stream in
(:class:`~margin.tui.messages.AnalysisProgress`), paragraphs in view first. A failed analysis
leaves the article readable and says why.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from margin.analysis.service.compact import ClaimTable, EntityMentions, ReaderAnalysis
from margin.analysis.service.runner import Analyzer, ManagedAnalyzer, ProgressReport
from margin.errors import MarginError
from margin.model import Article, Claim
from margin.storage.model import Note
from margin.tui.bindings import READER_BINDINGS
from margin.tui.messages import (
    AnalysisFailed,
    AnalysisFinished,
    AnalysisProgress,
    ClaimChosen,
    CursorMoved,
    EntityChosen,
    FindChanged,
    FindClosed,
    RangeSelected,
)
from margin.tui.state.entity_filters import ENTITY_FILTERS, entity_filter_names
from margin.tui.state.notes_session import NotesSession, NotesStore, note_target
from margin.tui.state.selection import Selection
from margin.tui.state.steps import StepKind, Steps
from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.find_bar import FindBar
from margin.tui.widgets.notes_panel import NotesPanel
from margin.tui.widgets.side_panel import SidePanel
from margin.tui.widgets.status_bar import FILTER_NAMES, StatusBar

__all__ = ["ENTITY_FILTERS", "NARROW_WIDTH", "ReaderScreen"]

NARROW_WIDTH = 100
"""Below this many columns the side panel is hidden; ``p`` shows it over the text."""

PANEL_REFRESH_SECONDS = 0.4
"""During the analysis, the side panel lists are rebuilt at most this often."""


def claim_marks(claim: Claim) -> list[tuple[int, int, str]]:
    """The spans marking a claim: its content, speaker (as written) and cue."""
    marks = [(claim.content.start, claim.content.end, "content")]
    if claim.speaker is not None:
        shown = claim.speaker.original or claim.speaker
        marks.append((shown.start, shown.end, "speaker"))
    if claim.cue is not None:
        marks.append((claim.cue.start, claim.cue.end, "cue"))
    return marks


class ReaderScreen(Screen[None]):
    """Reads one article."""

    AUTO_FOCUS = "ArticleView"

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    DEFAULT_CSS = """
    ReaderScreen {
        layers: base overlay;
        & > #body { height: 1fr; }
        & ArticleView { width: 1fr; height: 1fr; }
        &.-narrow SidePanel {
            layer: overlay;
            dock: right;
            width: 90%;
            max-width: 60;
            border-left: thick $accent;
        }
        & SidePanel.-hidden { display: none; }
    }
    """

    def __init__(
        self,
        article: Article,
        *,
        analyzer: Analyzer | None = None,
        store: NotesStore | None = None,
        open_store: Callable[[], NotesStore | None] | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.article = article
        self.analyzer = analyzer
        self.session = NotesSession(article, store)
        """The notes of this article (``session.store`` None: notes are off)."""
        self._open_store = open_store
        """Opens the store when none was given (called after the text is painted)."""
        self.steps_ = Steps()
        """What ``n``/``N`` step through: find matches or the chosen entity's mentions."""
        self.selected = Selection()
        """A range chosen with ``v`` or the mouse (notes and highlights go on it)."""
        self.analysis: ReaderAnalysis | None = None
        """The complete analysis once it has arrived (compact: see
        :mod:`margin.analysis.service.compact`)."""
        self.data = ReaderAnalysis(article.text)
        """What is known so far: streamed in, then the complete analysis. The view and the
        panels share its sentences, mentions and claims (nothing is copied)."""
        self.analysis_error: str | None = None
        self.narrow = False
        self.panel_open = {False: True, True: False}  # narrow? -> open
        self.entity_filter_index = 0
        self.chosen_claim: Claim | None = None
        self._pending_claims: list[Claim] = []
        self._panel_timer: Any = None
        self._frozen = False
        self._panel_ready = False
        self.first_paint_at: float | None = None
        """``time.perf_counter()`` when the text was first painted (for benchmarks)."""
        self.highlights_at: float | None = None
        """``time.perf_counter()`` when the first highlights arrived."""

    # -- what the reader shows (read-only views of its state) -------------------------------

    @property
    def store(self) -> NotesStore | None:
        """The notes store; None: notes are off."""
        return self.session.store

    @property
    def notes(self) -> list[Note]:
        """The article's notes, in reading order, orphans last."""
        return self.session.notes

    @property
    def last_colour(self) -> int:
        return self.session.last_colour

    @property
    def selection(self) -> tuple[int, int] | None:
        return self.selected.span

    @property
    def steps(self) -> list[tuple[int, int]]:
        """The spans ``n``/``N`` step through."""
        return self.steps_.spans

    @property
    def step_index(self) -> int | None:
        return self.steps_.index

    @property
    def claims(self) -> ClaimTable:
        """The claims known so far, in article order (``claims[i]`` makes the Claim)."""
        return self.data.claims

    @property
    def entities(self) -> EntityMentions:
        """The entity mentions known so far."""
        return self.data.mentions

    # -- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield ArticleView(self.article, id="article")
            # Its frame takes its width at once; its tabs and lists (~50 widgets, more to
            # build than the text) are mounted just after the first paint (_first_paint).
            yield SidePanel(id="panel", cursor=self._cursor_start)
        yield FindBar(id="find-bar")
        yield StatusBar(id="status")
        yield Footer()

    def _cursor_start(self) -> int | None:
        span = self.view.cursor_span
        return span[0] if span is not None else None

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def panel(self) -> SidePanel:
        """The side panel (its tabs come just after the first paint: :attr:`panel_ready`)."""
        return self.query_one(SidePanel)

    @property
    def panel_ready(self) -> bool:
        """True once the side panel's tabs are mounted (a moment after the text is painted)."""
        return self._panel_ready

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    def on_mount(self) -> None:
        self.title = self.article.title
        self.view.set_analysis(self.data)
        self._apply_width(self.app.size.width)
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.call_after_refresh(self._first_paint)
        if isinstance(self.analyzer, ManagedAnalyzer):
            self.analyzer.prepare(self.article)  # it loads spaCy while we paint

    async def _first_paint(self) -> None:
        self.first_paint_at = time.perf_counter()
        self.view._post_cursor()
        if self.analyzer is not None:
            self.status.analysis = "analysing…"
            self._analyse(self.view.visible_paragraph_offsets())
        else:
            self.status.analysis = "no analysis"
        # The analysis' messages wait until this returns: the panel's lists are there for them.
        await self.panel.build()
        if not self.is_attached:
            return  # the reader was closed meanwhile
        self._panel_ready = True
        panel = self.panel
        panel.claims.set_table(self.data.claims)
        panel.entities.set_mentions(self.data.mentions)
        panel.entities.set_groups_shown(ENTITY_FILTERS[self.entity_filter_index])
        self._apply_panel()
        # The notes database opens now, not before: the text is on screen first.
        if self.session.store is None and self._open_store is not None:
            self.session.store = self._open_store()
        self.load_notes()

    def _theme_changed(self) -> None:
        self.view.restyle()
        self.view.invalidate()
        if self._panel_ready:
            self.panel.entities.refresh_list()
            self.panel.notes.refresh_list()
        self.status.refresh()

    # -- width and the panel -------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.narrow = width < NARROW_WIDTH
        self.set_class(self.narrow, "-narrow")
        self._apply_panel()

    @property
    def panel_visible(self) -> bool:
        return self.panel_open[self.narrow]

    def _apply_panel(self) -> None:
        panel = self.panel
        panel.set_class(not self.panel_visible, "-hidden")
        if not self.panel_visible and self.focused is not None and panel in self.focused.ancestors:
            self.set_focus(self.view)

    def set_panel(self, visible: bool, *, focus: bool | None = None) -> None:
        """Show or hide the side panel (in the current width mode)."""
        self.panel_open[self.narrow] = visible
        self._apply_panel()
        if visible and (focus if focus is not None else self.narrow) and self._panel_ready:
            self.panel.focus_list()
        if not visible:
            self.set_focus(self.view)

    def _panel_has_focus(self) -> bool:
        focused = self.focused
        return self._panel_ready and focused is not None and self.panel in focused.ancestors

    def _back_to_text(self) -> None:
        """Focus the text (hiding the panel when it covers the text)."""
        if self.narrow:
            self.set_panel(False)
        self.set_focus(self.view)

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel."""
        self.set_panel(not self.panel_visible)

    def _cycle_panel(self, step: int) -> None:
        if not self._panel_ready:  # a key in the moment before it is mounted
            self.set_panel(True, focus=False)
            return
        stops: list[str | None] = [None, *self.panel.tab_ids]
        if not self.panel_visible:
            self.set_panel(True, focus=False)
            current: str | None = None
        else:
            current = self.panel.active if self._panel_has_focus() else None
        target = stops[(stops.index(current) + step) % len(stops)]
        if target is None:
            self._back_to_text()
        else:
            self.panel.show_tab(target)

    def action_next_panel(self) -> None:
        """Cycle focus: text → Claims → Entities → Notes → text."""
        self._cycle_panel(+1)

    def action_previous_panel(self) -> None:
        self._cycle_panel(-1)

    def show_tab(self, tab_id: str) -> None:
        """Open the panel on ``tab_id`` with its list focused."""
        if not self.panel_visible:
            self.set_panel(True, focus=False)
        if self._panel_ready:
            self.panel.show_tab(tab_id)

    def action_back(self) -> None:
        """Back to the text from the panel; else clear marks and matches."""
        if self._panel_has_focus():
            self._back_to_text()
            return
        self.clear_marks()

    def clear_marks(self) -> None:
        """Forget the selection, the chosen claim or entity and the find matches."""
        self.selected.clear()
        self.chosen_claim = None
        self.view.set_marks([])
        self.view.set_find_matches([], None)
        self.steps_.query = ""
        self._set_steps([], None, "")

    # -- reading keys --------------------------------------------------------------------

    def action_next_sentence(self) -> None:
        self.view.action_next_sentence()
        self._follow_selection()

    def action_previous_sentence(self) -> None:
        self.view.action_previous_sentence()
        self._follow_selection()

    def action_help(self) -> None:
        from margin.tui.screens.help import HelpScreen
        from margin.tui.widgets.claims_panel import ClaimsList
        from margin.tui.widgets.notes_panel import NotesList

        nodes = [self, self.view, *self.query(ClaimsList), *self.query(NotesList)]
        self.app.push_screen(HelpScreen(nodes))

    def action_theme(self) -> None:
        self.app.action_change_theme()

    async def action_quit(self) -> None:
        """Back to the library when the article was opened from it, else quit."""
        from margin.tui.screens.library import LibraryScreen

        stack = self.app.screen_stack
        if len(stack) > 1 and isinstance(stack[-2], LibraryScreen):
            self.app.pop_screen()
            return
        await self.app.action_quit()

    def action_cycle_entities(self) -> None:
        """Cycle the entity types shown: all, people, organisations, places, dates, none."""
        self.set_entity_filter((self.entity_filter_index + 1) % len(ENTITY_FILTERS))

    def set_entity_filter(self, index: int) -> None:
        self.entity_filter_index = index
        groups = ENTITY_FILTERS[index]
        self.view.set_entity_groups(groups)
        self.status.groups = groups
        if self._panel_ready:
            self.panel.entities.set_groups_shown(groups)
        self.notify(f"Entities shown: {FILTER_NAMES.get(groups, 'custom')}", timeout=1.5)

    @staticmethod
    def entity_filter_names() -> list[tuple[int, str]]:
        """(index, name) of each entity filter, for the command palette."""
        return entity_filter_names()

    @on(CursorMoved)
    def _cursor_moved(self, event: CursorMoved) -> None:
        total = len(self.article.text) or 1
        percent = round(100 * event.end / total)
        unit = "sentence" if self.view._sentences else "paragraph"
        self.status.position = f"{unit} {event.index + 1}/{event.count} · {percent}%"

    # -- stepping (find matches or an entity's mentions) -----------------------------------

    def _set_steps(self, spans: list[tuple[int, int]], kind: StepKind | None, label: str) -> None:
        self.steps_.set(spans, kind, label)
        self._show_step_status()

    def _show_step_status(self) -> None:
        steps = self.steps_
        self.status.find = steps.status()
        if steps.kind == "find" or steps.query:
            self.find_bar.set_count(steps.index, len(steps.spans), capped=steps.capped)

    def go_to_step(self, index: int, *, move_cursor: bool = True) -> None:
        """Show step ``index`` (a match or a mention), putting the cursor on its sentence."""
        if not self.steps_.spans:
            return
        start, end = self.steps_.go(index)
        if self.steps_.kind == "find":
            self.view.set_current_match(self.steps_.index)
        if move_cursor:
            self.view.cursor_to_offset(start, follow=False)
        self.view.scroll_to_span(start, end)
        self._show_step_status()

    def _step(self, forward: bool) -> None:
        if not self.steps_.spans:
            self.notify("Nothing to step through: press / to find, or pick an entity", timeout=2)
            return
        index = self.steps_.following(self._cursor_start(), forward=forward)
        if index is not None:
            self.go_to_step(index)

    def _show_first_step_after_cursor(self) -> None:
        """Make the first step after the cursor current and show it, cursor unmoved."""
        index = self.steps_.index_after(self._cursor_start())
        if index is not None:
            span = self.steps_.go(index)
            if self.steps_.kind == "find":
                self.view.set_current_match(index)
            self.view.scroll_to_span(*span)
        self._show_step_status()

    def action_find_next(self) -> None:
        """Next find match (or next mention of the chosen entity)."""
        self._step(True)

    def action_find_previous(self) -> None:
        self._step(False)

    # -- find ----------------------------------------------------------------------------

    def action_find(self) -> None:
        """Open the find bar."""
        self.find_bar.open(self.steps_.query or None)

    @on(FindChanged)
    def _find_changed(self, event: FindChanged) -> None:
        if event.query != self.steps_.query or self.steps_.kind != "find":
            self.set_find(event.query)
        if event.submit:
            self.find_bar.close()
            self.set_focus(self.view)
            if self.steps_.spans:
                index = self.steps_.index
                self._step(True) if index is None else self.go_to_step(index)

    def set_find(self, query: str) -> None:
        """Find ``query`` (smart case) and show the first match after the cursor."""
        if self.steps_.kind == "entity":
            self.view.set_marks([])
        matches = self.steps_.find(self.article.text, query)
        self.view.set_find_matches(matches, None)
        self._show_first_step_after_cursor()

    @on(FindClosed)
    def _find_closed(self, event: FindClosed) -> None:
        self.find_bar.close()
        if event.cancel:
            self.steps_.query = ""
            self.view.set_find_matches([], None)
            self._set_steps([], None, "")
            self.find_bar.set_count(None, 0)
        self.set_focus(self.view)

    # -- claims and entities -------------------------------------------------------------

    def choose_claim(self, claim: Claim, *, jump: bool = False) -> None:
        """Mark ``claim`` in the text and move the cursor to it."""
        self.chosen_claim = claim
        if self.steps_.kind == "entity":
            self._set_steps([], None, "")
        self.view.set_marks(claim_marks(claim))
        self.view.cursor_to_offset(claim.content.start, follow=False)
        spans = [claim.content.start, claim.content.end]
        if claim.speaker is not None:
            shown = claim.speaker.original or claim.speaker
            spans += [shown.start, shown.end]
        self.view.scroll_to_span(min(spans), max(spans))
        if jump:
            self._back_to_text()

    @on(ClaimChosen)
    def _claim_chosen(self, event: ClaimChosen) -> None:
        self.choose_claim(event.claim, jump=event.jump)

    def choose_entity(self, key: str | None, *, jump: bool = False) -> None:
        """Mark every mention of entity ``key``; ``n``/``N`` then step through them."""
        entry = self.panel.entities.entry(key) if key and self._panel_ready else None
        if entry is None:
            return
        self.chosen_claim = None
        if self.steps_.kind == "find":
            self.view.set_find_matches([], None)
            self.steps_.query = ""
        self.view.set_marks((s, e, "mention") for s, e in entry.mentions)
        self._set_steps(entry.mentions, "entity", entry.name)
        if jump:
            self._step(True)
            self._back_to_text()
        elif entry.mentions:
            self._show_first_step_after_cursor()

    @on(EntityChosen)
    def _entity_chosen(self, event: EntityChosen) -> None:
        self.choose_entity(event.key, jump=event.jump)

    # -- analysis ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="analysis", exit_on_error=False)
    def _analyse(self, priority: list[int]) -> None:
        worker = get_current_worker()
        analyzer = self.analyzer
        assert analyzer is not None
        started = time.perf_counter()

        def on_progress(progress: ProgressReport) -> None:
            if worker.is_cancelled:
                return
            self.post_message(
                AnalysisProgress(
                    list(progress.sentences),
                    list(progress.entities),
                    list(progress.claims),
                    int(progress.done),
                    int(progress.total),
                )
            )

        try:
            analysis = analyzer(
                self.article,
                priority=priority,
                on_progress=on_progress,
                should_stop=lambda: worker.is_cancelled,
            )
        except MarginError as exc:
            self.post_message(AnalysisFailed(str(exc)))
            return
        except Exception as exc:
            if type(exc).__name__ == "AnalysisCancelled" or worker.is_cancelled:
                return  # the reader closed: nobody is waiting for the result
            self.post_message(AnalysisFailed(f"analysis failed: {type(exc).__name__}: {exc}"))
            return
        if worker.is_cancelled:
            return
        cached = isinstance(analyzer, ManagedAnalyzer) and analyzer.cached
        self.post_message(AnalysisFinished(analysis, cached, time.perf_counter() - started))

    @on(AnalysisProgress)
    def _analysis_progress(self, event: AnalysisProgress) -> None:
        if self.analysis is not None:
            return
        self.view.add_analysis(event.sentences, event.entities)  # into self.data (shared)
        if self.highlights_at is None and (event.entities or event.sentences):
            self.highlights_at = time.perf_counter()
        self.status.set_progress(event.done, event.total)
        self._pending_claims.extend(event.claims)
        if self._panel_timer is None:
            self._panel_timer = self.set_timer(PANEL_REFRESH_SECONDS, self._flush_panels)

    def _flush_panels(self) -> None:
        self._panel_timer = None
        if self.analysis is not None:
            return
        claims, self._pending_claims = self._pending_claims, []
        if claims:
            self.data.claims.extend(claims)
            self.panel.claims.refresh_list()
        self.panel.entities.mentions_changed()

    @on(AnalysisFinished)
    def _analysis_finished(self, event: AnalysisFinished) -> None:
        self.set_analysis(event.analysis)
        how = "from cache" if event.cached else f"in {event.seconds:.1f}s"
        self.status.analysis = (
            f"{len(self.data.claims)} claims · {len(self.data.mentions)} entities ({how})"
        )

    def set_analysis(self, analysis: ReaderAnalysis) -> None:
        """Show a complete analysis (replacing anything streamed so far)."""
        if self._panel_timer is not None:
            self._panel_timer.stop()
            self._panel_timer = None
        self._pending_claims = []
        self.data = analysis
        self.view.set_analysis(analysis)
        self.view._post_cursor()
        if self.highlights_at is None:
            self.highlights_at = time.perf_counter()
        # The text's highlights paint first; the lists (thousands of rows on a long article)
        # are built just after.
        self.call_after_refresh(self._fill_panels, analysis)

    def _fill_panels(self, analysis: ReaderAnalysis) -> None:
        self.panel.claims.set_table(analysis.claims)
        self.panel.entities.set_mentions(analysis.mentions)
        self.analysis = analysis
        # What exists now (the app, this screen, the analysis) lives as long as the reader:
        # keep it out of the cyclic collector's full passes, which would otherwise scan it
        # all (~50 ms) in the middle of some scroll. Undone when the reader closes.
        gc.collect()
        gc.freeze()
        self._frozen = True

    def on_unmount(self) -> None:
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    @on(AnalysisFailed)
    def _analysis_failed(self, event: AnalysisFailed) -> None:
        self.analysis_error = event.message
        self.status.analysis_failed = True
        self.status.analysis = "no highlights (analysis failed)"
        self.notify(
            f"{event.message}\nThe article stays readable without highlights.",
            title="Analysis unavailable",
            severity="error",
            timeout=8,
        )

    # -- notes and highlights ----------------------------------------------------------

    def load_notes(self) -> None:
        """Add the article to the library and show its notes (re-anchored)."""
        session, store = self.session, self.session.store
        if store is None:
            self._notes_off()
            return
        try:
            notes = session.open()
        except MarginError as exc:
            self._notes_off()
            self.notify(f"{exc}\nNotes are off for this article.", title="Notes", severity="error")
            return
        for warning in store.warnings[:3]:
            self.notify(str(warning), title="Notes", severity="warning", timeout=8)
        orphans = sum(1 for n in notes if n.orphaned)
        if orphans:
            self.notify(
                f"{orphans} note(s) no longer match the text: kept, listed last in Notes",
                title="Orphaned notes",
                severity="warning",
            )
        self._show_notes()

    def _notes_off(self) -> None:
        self.panel.notes.enabled = False
        self.panel.notes.refresh_list()

    def _show_notes(self) -> None:
        """Show the session's notes in the text and in the Notes tab."""
        self.view.set_notes(self.session.anchored())
        self.panel.notes.set_notes(self.session.notes)

    def note_target(self) -> tuple[int, int] | None:
        """Where ``a``/``h`` put a note: the selection, else the chosen claim's content or
        entity mention, else the cursor's sentence."""
        mention = self.steps_.current if self.steps_.kind == "entity" else None
        return note_target(
            self.view.cursor_span,
            selection=self.selected.span,
            claim=self.chosen_claim,
            mention=mention,
        )

    def _notes_ready(self) -> bool:
        if self.session.store is None:
            self.notify("Notes are off: the notes database could not be opened", severity="error")
            return False
        return True

    def action_add_note(self) -> None:
        """Open the note editor on the target passage."""
        span = self.note_target()
        if span is None or not self._notes_ready():
            return
        from margin.tui.screens.note_editor import NoteDraft, NoteEditorScreen

        def save(draft: NoteDraft) -> str | None:
            try:
                self.session.add(span, body=draft.body, tags=draft.tags, colour=draft.colour)
            except MarginError as exc:
                return str(exc)
            self._show_notes()
            self._end_selection()
            return None

        start, end = span
        self.app.push_screen(NoteEditorScreen(self.article.text[start:end], on_save=save))

    def action_highlight(self, colour: int | None = None) -> None:
        """Highlight the target passage (the same highlight again removes it)."""
        span = self.note_target()
        if span is None or not self._notes_ready():
            return
        try:
            change = self.session.highlight(span, colour)
        except MarginError as exc:
            self.notify(str(exc), title="Highlight not saved", severity="error")
            return
        self._show_notes()
        if change == "removed":
            self.notify("Highlight deleted: u to undo", timeout=4)
        self._end_selection()

    def action_undo(self) -> None:
        """Restore the last deleted note."""
        if not self.session.deleted:
            self.notify("Nothing to undo", timeout=2)
            return
        if not self._notes_ready():
            return
        try:
            note = self.session.undo()
        except MarginError as exc:
            self.notify(str(exc), title="Undo failed", severity="error")
            return
        self._show_notes()
        if note is not None:
            self.panel.notes.highlight_note(note.id)
        self.notify("Note restored", timeout=2)

    @on(NotesPanel.Delete)
    def _note_delete(self, event: NotesPanel.Delete) -> None:
        if not self._notes_ready():
            return
        try:
            self.session.delete(event.note)
        except MarginError as exc:
            self.notify(str(exc), title="Not deleted", severity="error")
            return
        self._show_notes()
        kind = "Highlight" if event.note.is_highlight else "Note"
        self.notify(f"{kind} deleted: u to undo", timeout=4)

    @on(NotesPanel.Edit)
    def _note_edit(self, event: NotesPanel.Edit) -> None:
        if not self._notes_ready():
            return
        from margin.tui.screens.note_editor import NoteDraft, NoteEditorScreen

        note = event.note

        def save(draft: NoteDraft) -> str | None:
            try:
                self.session.update(note, body=draft.body, tags=draft.tags, colour=draft.colour)
            except MarginError as exc:
                return str(exc)
            self._show_notes()
            return None

        self.app.push_screen(
            NoteEditorScreen(
                note.anchor.exact, body=note.body, tags=note.tags, colour=note.colour,
                title="Edit note", on_save=save,
            )
        )  # fmt: skip

    @on(NotesPanel.Jump)
    def _note_jump(self, event: NotesPanel.Jump) -> None:
        note = event.note
        if note.orphaned:
            self.notify("This note's passage is no longer in the text", timeout=3)
            return
        self.view.cursor_to_offset(note.anchor.start, follow=False)
        self.view.scroll_to_span(note.anchor.start, note.anchor.end)
        if event.focus:
            self._back_to_text()

    # -- selecting a range -------------------------------------------------------------

    def action_visual(self) -> None:
        """Start (or end) selecting a range from the cursor's sentence."""
        if self.selected.span is not None:
            self._end_selection()
            return
        span = self.view.cursor_span
        if span is not None:
            self.selected.start(span)
            self._show_selection()

    def _show_selection(self) -> None:
        span = self.selected.span
        marks = [(s, e, k) for s, e, k in self.view.marks.spans() if k != "selection"]
        if span is not None:
            marks.append((span[0], span[1], "selection"))
            self.status.find = f"selected {span[1] - span[0]} characters: a note, h highlight"
        elif self.status.find.startswith("selected"):
            self.status.find = ""
        self.view.set_marks(marks)

    def _end_selection(self) -> None:
        had = self.selected.span is not None
        self.selected.clear()
        if had:
            self._show_selection()

    def _follow_selection(self) -> None:
        if self.selected.follow(self.view.cursor_span):
            self._show_selection()

    def action_extend_word(self, step: int) -> None:
        """Move the selection's end by one word (``step`` = 1 or -1)."""
        if self.selected.span is None:
            self.action_visual()
            if self.selected.span is None:
                return
        self.selected.extend_word(self.article.text, step)
        self._show_selection()

    @on(RangeSelected)
    def _range_selected(self, event: RangeSelected) -> None:
        if event.end > event.start:
            self.selected.set((event.start, event.end))
            self._show_selection()

    def action_export(self) -> None:
        """Open the export dialog for this article's notes."""
        from margin.tui.screens.export_dialog import ExportDialog

        def done(path: Any) -> None:
            if path is not None:
                self.notify(f"Exported to {path}", title="Export")

        analysis = self.analysis.to_analysis() if self.analysis is not None else None
        self.app.push_screen(
            ExportDialog(self.article, self.notes, analysis=analysis), callback=done
        )
