"""The reader screen: wires the article view, its side panel, the find bar and the status line
to the parts that do the work.

* the keys: :mod:`margin.tui.bindings` (the scroll keys are the article view's);
* the analysis as it arrives (a thread worker, streamed): :mod:`.reader_feed`;
* find, entity stepping, claim marks and the selection: :mod:`.reader_marks`, on the plain
  state classes :mod:`margin.tui.state.steps` and :mod:`margin.tui.state.selection`;
* notes and highlights: :mod:`.reader_notes`, on :mod:`margin.tui.state.notes_session` (the
  store, the list, undo, where a note goes);
* where the side panel is and the focus between text and tabs: :mod:`.reader_panel`.

The text paints at once; the panel's tabs, the analysis and the notes database come after.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen

from margin.analysis.service.compact import ClaimTable, EntityMentions, ReaderAnalysis
from margin.analysis.service.runner import Analyzer, ManagedAnalyzer
from margin.errors import MarginError
from margin.model import Article, Claim
from margin.sanitize import clean_line
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
    NotesLoaded,
    RangeSelected,
    SpeakerElsewhere,
)
from margin.tui.screens.reader_feed import AnalysisFeed
from margin.tui.screens.reader_marks import ReaderMarks
from margin.tui.screens.reader_notes import ReaderNotes
from margin.tui.screens.reader_panel import NARROW_WIDTH, PanelPlacement
from margin.tui.state.entity_filters import ENTITY_FILTERS, entity_filter_names
from margin.tui.state.notes_session import NotesSession, NotesStore, note_target
from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.find_bar import FindBar
from margin.tui.widgets.footer import MarginFooter
from margin.tui.widgets.side_panel import SidePanel
from margin.tui.widgets.status_bar import FILTER_NAMES, StatusBar

if TYPE_CHECKING:  # pragma: no cover
    from margin.tui.widgets.notes_panel import NotesPanel

__all__ = ["ENTITY_FILTERS", "NARROW_WIDTH", "ReaderScreen"]


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
        start_at: tuple[int, int] | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.article = article
        self.start_at = start_at
        """Characters to put the cursor on when the article opens (a claim; where the
        reader left off), kept there when the sentences arrive unless the reader moved."""
        self._placed: tuple[int, int] | None = None
        self._cursor_offset = 0
        self._saved_position: int | None = None
        """The position saved in the library entry (None: not known yet)."""
        self.analyzer = analyzer
        self.session = NotesSession(article, store)
        """The notes of this article (``session.store`` None: notes are off)."""
        self._open_store = open_store
        """Opens the store when none was given (called after the text is painted)."""
        self.marks = ReaderMarks(
            article.text, self, lambda: self.view, lambda: self.find_bar, lambda: self.status
        )
        """Find matches, the chosen entity's mentions (``n``/``N``) and the chosen claim."""
        self.notes_ui = ReaderNotes(self.session, self, lambda: self.view, lambda: self.panel.notes)
        self.feed = AnalysisFeed(
            article, self, lambda: self.view, self.built_panel, lambda: self.status
        )
        """The analysis as it arrives."""
        self.placement = PanelPlacement(
            self, lambda: self.view, lambda: self.panel, lambda: self.panel_ready
        )
        """Where the side panel is (beside the text, over it, hidden)."""
        self.entity_filter_index = 0
        self.chosen_claim: Claim | None = None
        self._panel_ready = False
        self.notes_loading = False
        """True while the notes are read off the UI thread (after the first paint)."""
        self.first_paint_at: float | None = None
        """``time.perf_counter()`` when the text was first painted (for benchmarks)."""

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
        return self.marks.selection.span

    @property
    def steps(self) -> list[tuple[int, int]]:
        """The spans ``n``/``N`` step through."""
        return self.marks.steps.spans

    @property
    def step_index(self) -> int | None:
        return self.marks.steps.index

    @property
    def data(self) -> ReaderAnalysis:
        """What is known of the analysis so far (then all of it)."""
        return self.feed.data

    @property
    def analysis(self) -> ReaderAnalysis | None:
        """The complete analysis once it has arrived."""
        return self.feed.analysis

    @property
    def analysis_error(self) -> str | None:
        return self.feed.error

    @property
    def highlights_at(self) -> float | None:
        """``time.perf_counter()`` when the first highlights arrived (for benchmarks)."""
        return self.feed.highlights_at

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
        yield MarginFooter(held=True)  # its keys come just after the text (_first_paint)

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
        """True once the side panel's tabs are mounted (a moment after the text is painted),
        and as long as they are there (the app's closing removes them)."""
        return self.built_panel() is not None

    def built_panel(self) -> SidePanel | None:
        """The side panel if its tabs are built and still there, else None."""
        if not self._panel_ready:
            return None
        panel = next(iter(self.query(SidePanel)), None)
        return panel if panel is not None and panel.built else None

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    def on_mount(self) -> None:
        self.title = clean_line(self.article.title)
        self.view.set_analysis(self.data)
        self.placement.fit(self.app.size.width)
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.call_after_refresh(self._first_paint)
        if isinstance(self.analyzer, ManagedAnalyzer):
            self.analyzer.prepare(self.article)  # it loads spaCy while we paint

    async def _first_paint(self) -> None:
        self.first_paint_at = time.perf_counter()
        self.query_one(MarginFooter).release()
        self._place_cursor()
        self.view._post_cursor()
        if self.analyzer is not None:
            self.status.analysis = "analysing…"
            self.feed.start(self.analyzer, self.view.visible_paragraph_offsets())
        else:
            self.status.analysis = "no analysis"
        # The analysis' messages wait until this returns: the panel's lists are there for them.
        panel = self.panel
        await panel.build()
        if not (self.is_attached and panel.built):
            # The reader was closed meanwhile, or the app is closing and took the tabs with it.
            return
        self._panel_ready = True
        panel.claims.set_table(self.data.claims)
        panel.entities.set_mentions(self.data.mentions)
        panel.entities.set_groups_shown(ENTITY_FILTERS[self.entity_filter_index])
        self.placement.apply()
        # The notes database opens now, not before: the text is on screen first. It opens off
        # the UI thread, since another margin may hold its lock for a while.
        self.notes_loading = True
        self._load_notes_worker()

    @work(thread=True, exclusive=True, group="notes", exit_on_error=False)
    def _load_notes_worker(self) -> None:
        """Open the store if needed and read the notes, off the UI thread (a lock may wait)."""
        store, error = self.session.store, None
        try:
            if store is None and self._open_store is not None:
                store = self.session.store = self._open_store()
            if store is not None:
                self.session.open()
        except MarginError as exc:
            error = str(exc)
        except Exception as exc:  # never leave the notes "loading" forever
            error = f"{type(exc).__name__}: {exc}"
        self.post_message(NotesLoaded(self.session.store, self.session.notes, error))

    @on(NotesLoaded)
    def _notes_loaded(self, event: NotesLoaded) -> None:
        self.notes_loading = False
        self.notes_ui.loaded(event.error)
        left_at = self.session.position
        fresh = self.start_at is None and self.view.cursor_index == 0  # not moved yet
        if fresh and 0 < left_at < len(self.article.text):  # back where the reader left off
            self.start_at = (left_at, left_at)
            self._place_cursor()
        self._saved_position = left_at

    def _theme_changed(self) -> None:
        self.view.restyle()
        self.view.invalidate()
        if self.panel_ready:
            self.panel.entities.refresh_list()
            self.panel.notes.refresh_list()
        self.status.refresh()

    # -- width and the panel (see reader_panel) -------------------------------------------

    @property
    def narrow(self) -> bool:
        """True when the screen is too narrow for the panel beside the text."""
        return self.placement.narrow

    def on_resize(self, event: Resize) -> None:
        self.placement.fit(event.size.width)

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel."""
        self.placement.set(not self.placement.visible)

    def action_next_panel(self) -> None:
        """Cycle focus: text → Claims → Entities → Notes → text."""
        self.placement.cycle(+1)

    def action_previous_panel(self) -> None:
        self.placement.cycle(-1)

    def show_tab(self, tab_id: str) -> None:
        """Open the panel on ``tab_id`` with its list focused."""
        self.placement.show_tab(tab_id)

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

    # -- reading keys --------------------------------------------------------------------

    def action_next_sentence(self) -> None:
        self.view.action_next_sentence()
        self.marks.follow_selection()

    def action_previous_sentence(self) -> None:
        self.view.action_previous_sentence()
        self.marks.follow_selection()

    def action_help(self) -> None:
        from margin.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_theme(self) -> None:
        self.app.action_change_theme()

    async def action_quit(self) -> None:
        """Back to the library when the article was opened from it, else quit."""
        from margin.tui.screens.claims_view import ClaimsScreen
        from margin.tui.screens.library import LibraryScreen

        stack = self.app.screen_stack
        if len(stack) > 1 and isinstance(stack[-2], (LibraryScreen, ClaimsScreen)):
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
        if self.panel_ready:
            self.panel.entities.set_groups_shown(groups)
        self.notify(f"Entities shown: {FILTER_NAMES.get(groups, 'custom')}", timeout=1.5)

    @staticmethod
    def entity_filter_names() -> list[tuple[int, str]]:
        """(index, name) of each entity filter, for the command palette."""
        return entity_filter_names()

    @on(CursorMoved)
    def _cursor_moved(self, event: CursorMoved) -> None:
        self._cursor_offset = event.start
        total = len(self.article.text) or 1
        percent = round(100 * event.end / total)
        unit = "sentence" if self.view._sentences else "paragraph"
        self.status.position = f"{unit} {event.index + 1}/{event.count} · {percent}%"

    # -- find, entities and claims: marks and steps ------------------------------------

    def action_find(self) -> None:
        """Open the find bar."""
        self.find_bar.open(self.marks.steps.query or None)

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

    def choose_claim(self, claim: Claim, *, jump: bool = False) -> None:
        """Mark ``claim`` in the text and move the cursor to it."""
        self.chosen_claim = claim
        self.marks.mark_claim(claim)
        if jump:
            self.placement.back_to_text()

    @on(ClaimChosen)
    def _claim_chosen(self, event: ClaimChosen) -> None:
        self.choose_claim(event.claim, jump=event.jump)

    @on(SpeakerElsewhere)
    def _speaker_elsewhere(self, event: SpeakerElsewhere) -> None:
        """The Claims view on this claim's speaker, in the library's other articles."""
        speaker = event.claim.speaker
        if speaker is None or not speaker.group:
            self.notify("This claim's speaker is not named: nothing to look for", timeout=3)
            return
        source = getattr(self.app, "claims_source", None)
        if source is None:
            return
        from margin.tui.screens.claims_view import ClaimsScreen

        self.app.push_screen(
            ClaimsScreen(source.load, speaker_name=speaker.group, exclude=self.article.sha256)
        )

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

    # -- analysis (see reader_feed) -------------------------------------------------------

    @on(AnalysisProgress)
    def _analysis_progress(self, event: AnalysisProgress) -> None:
        self.feed.progress(event)

    @on(AnalysisFinished)
    def _analysis_finished(self, event: AnalysisFinished) -> None:
        self.feed.finished(event)
        if self._placed is not None and self.view.cursor_span == self._placed:
            self._place_cursor()  # from the paragraph to the sentence, if not moved since
        self._placed = None
        if not event.cached:
            self._update_claims_index()

    def _place_cursor(self) -> None:
        """Put the cursor on :attr:`start_at` (once at the first paint, again when the
        sentences arrive) and the passage in view."""
        if self.start_at is None:
            return
        start, end = self.start_at
        if not 0 <= start <= len(self.article.text):
            return
        view = self.view
        view.cursor_to_offset(start, follow=False)
        view.scroll_to_span(start, max(start, min(end, len(self.article.text))), center=True)
        self._placed = view.cursor_span

    @work(thread=True, group="claims-index", exit_on_error=False)
    def _update_claims_index(self) -> None:
        """The article was just analysed (not read from the cache): its claims go into the
        library's claims index (off the UI thread; derived data, so a failure costs nothing)."""
        path = getattr(self.session.store, "path", None)
        if path is not None:
            from margin.storage.claims_index import update_from_cache

            update_from_cache(path, [self.article.sha256])

    @on(AnalysisFailed)
    def _analysis_failed(self, event: AnalysisFailed) -> None:
        self.feed.failed(event)

    def set_analysis(self, analysis: ReaderAnalysis) -> None:
        """Show a complete analysis (replacing anything streamed so far)."""
        self.feed.show(analysis)

    def on_unmount(self) -> None:
        self.feed.release()
        self._save_position()

    def _save_position(self) -> None:
        """Remember where the reader is, in the article's library entry (once the notes are
        open: the article is then in the library)."""
        store = self.session.store
        offset = self._cursor_offset
        if store is None or self.notes_loading or offset == self._saved_position:
            return
        set_position = getattr(store, "set_position", None)
        if set_position is None:
            return
        try:
            set_position(self.article.sha256, offset)
            self._saved_position = offset
        except MarginError:
            pass  # a read-only library: the next opening starts at the top

    # -- notes and highlights ----------------------------------------------------------

    def load_notes(self) -> None:
        """Add the article to the library and show its notes (re-anchored)."""
        self.notes_ui.load()

    def note_target(self) -> tuple[int, int] | None:
        """Where ``a``/``h`` put a note: the selection, else the chosen claim's content or
        entity mention (the one shown for the entity row that has the focus), else the
        cursor's sentence."""
        steps = self.marks.steps
        focused = self.app.focused
        on_row = focused is not None and focused.id in ("claims-list", "entities-list")
        return note_target(
            self.view.cursor_span,
            selection=self.marks.selection.span,
            claim=self.chosen_claim,
            mention=steps.current if steps.kind == "entity" else None,
            on_row=on_row,
        )

    def _notes_wait(self) -> bool:
        """Whether the notes are still being read (then say so: a note now would be lost)."""
        if self.notes_loading:
            self.notify("Notes are still loading (another margin holds the database)…", timeout=4)
        return self.notes_loading

    def action_add_note(self) -> None:
        """Open the note editor on the target passage."""
        if self._notes_wait():
            return
        span = self.note_target()
        if span is not None:
            self.notes_ui.add(span, on_saved=self.marks.end_selection)

    def action_highlight(self, colour: int | None = None) -> None:
        """Highlight the target passage (the same highlight again removes it)."""
        if self._notes_wait():
            return
        span = self.note_target()
        if span is not None and self.notes_ui.highlight(span, colour):
            self.marks.end_selection()

    def action_undo(self) -> None:
        """Restore the last deleted note."""
        self.notes_ui.undo()

    # The Notes tab's messages, handled by name: its module is imported with the panel's
    # tabs, after the first paint.

    def on_notes_panel_delete(self, event: NotesPanel.Delete) -> None:
        self.notes_ui.delete(event.note)

    def on_notes_panel_edit(self, event: NotesPanel.Edit) -> None:
        self.notes_ui.edit(event.note)

    def on_notes_panel_jump(self, event: NotesPanel.Jump) -> None:
        note = event.note
        if note.orphaned:
            self.notify("This note's passage is no longer in the text", timeout=3)
            return
        self.view.cursor_to_offset(note.anchor.start, follow=False)
        self.view.scroll_to_span(note.anchor.start, note.anchor.end)
        if event.focus:
            self.placement.back_to_text()

    # -- selecting a range (see reader_marks) ---------------------------------------------

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
