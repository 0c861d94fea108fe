"""The reader screen: wires the article view, its side panel, the find bar and the status line
to the parts that do the work. Each part is a plain class beside a small piece of the screen
(a base class of :class:`ReaderScreen`) that hands it the keys and messages of its job:

* the keys: :mod:`margin.tui.bindings` (the scroll keys are the article view's);
* the analysis as it arrives (a thread worker, streamed): :mod:`.reader_feed`;
* find, entity stepping, claim marks and the selection: :mod:`.reader_marks`, on the plain
  state classes :mod:`margin.tui.state.steps` and :mod:`margin.tui.state.selection`;
* notes and highlights, read off the UI thread: :mod:`.reader_notes`, on
  :mod:`margin.tui.state.notes_session` (the store, the list, undo, where a note goes);
* where the side panel is and the focus between text and tabs: :mod:`.reader_panel`;
* which entity types are coloured (``e``): :mod:`.reader_filter`;
* where the cursor starts, the claims index, the speaker elsewhere: :mod:`.reader_library`;
* the verdicts on the claims (``r`` in the Claims tab), read after the notes:
  :mod:`.reader_verdicts`, on :mod:`margin.tui.state.verdicts_session`.

The text paints at once, with its colours when the analysis cache has the article (its compact
copy is read on mount); the panel's tabs, the analysis otherwise, and the notes database come
after.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widget import MountError

from margin.analysis.service.compact import ReaderAnalysis
from margin.analysis.service.runner import Analyzer, CachingAnalyzer, ManagedAnalyzer
from margin.model import Article, Claim
from margin.sanitize import clean_line
from margin.tui.bindings import READER_BINDINGS
from margin.tui.messages import CursorMoved
from margin.tui.screens.reader_feed import AnalysisFeed, FeedEvents
from margin.tui.screens.reader_filter import EntityFilter
from margin.tui.screens.reader_library import LibraryLinks
from margin.tui.screens.reader_marks import MarksKeys, ReaderMarks
from margin.tui.screens.reader_notes import NotesKeys, ReaderNotes
from margin.tui.screens.reader_panel import NARROW_WIDTH, PanelKeys, PanelPlacement
from margin.tui.screens.reader_verdicts import ReaderVerdicts, VerdictKeys
from margin.tui.state.entity_filters import ENTITY_FILTERS
from margin.tui.state.notes_session import NotesSession, NotesStore
from margin.tui.state.verdicts_session import VerdictsSession
from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.find_bar import FindBar
from margin.tui.widgets.footer_slot import FooterSlot
from margin.tui.widgets.side_panel import SidePanel
from margin.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:  # pragma: no cover
    from margin.tui.widgets.claims_panel import ClaimsPanel

__all__ = ["ENTITY_FILTERS", "NARROW_WIDTH", "PANEL_WAIT_SECONDS", "ReaderScreen"]

PANEL_WAIT_SECONDS = 0.5
"""With the article in the cache, the side panel's tabs wait for its colours at most this
long."""


class ReaderScreen(NotesKeys, VerdictKeys, MarksKeys, PanelKeys, FeedEvents, LibraryLinks):
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
        self.analyzer = analyzer
        self._open_store = open_store
        """Opens the store when none was given (called after the text is painted)."""
        self.marks = ReaderMarks(
            article.text, self, lambda: self.view, lambda: self.find_bar, lambda: self.status
        )
        """Find matches, the chosen entity's mentions (``n``/``N``) and the chosen claim."""
        self.notes_ui = ReaderNotes(
            NotesSession(article, store), self, lambda: self.view, lambda: self.panel.notes
        )
        """The notes of this article (``notes_ui.session.store`` None: notes are off)."""
        self.verdicts_ui = ReaderVerdicts(
            VerdictsSession(article), self, lambda: self.view, self._claims_panel
        )
        """The verdicts on the claims (read after the notes; ``r`` in the Claims tab)."""
        self.feed = AnalysisFeed(
            article, self, lambda: self.view, self.built_panel, lambda: self.status
        )
        """The analysis as it arrives."""
        self.placement = PanelPlacement(
            self, lambda: self.view, lambda: self.panel, lambda: self.panel_ready
        )
        """Where the side panel is (beside the text, over it, hidden)."""
        self.entity_filter = EntityFilter(
            self, lambda: self.view, lambda: self.status, self.built_panel
        )
        """Which entity types are coloured (``e`` cycles)."""
        self.chosen_claim: Claim | None = None
        self._panel_ready = False
        self._panel_building = False
        self.first_paint_at: float | None = None
        """``time.perf_counter()`` when the text was first painted (for benchmarks)."""

    # -- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield ArticleView(self.article, id="article")
            # Its frame takes its width at once; its tabs and lists (~50 widgets, more to
            # build than the text) are mounted just after the first paint (_first_paint).
            yield SidePanel(id="panel", cursor=self._cursor_start)
        yield FindBar(id="find-bar")  # its parts come just after the text (_after_text)
        yield StatusBar(id="status")
        yield FooterSlot()  # the footer comes just after the text (_after_text)

    def _cursor_start(self) -> int | None:
        """Where the claims list starts: the claim the article was opened at, while the
        cursor is still on its sentence; else the cursor's sentence."""
        span = self.view.cursor_span
        if span is None:
            return None
        at = self.start_at
        if at is not None and span[0] <= at[0] < span[1]:
            return at[0]
        return span[0]

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

    def _claims_panel(self) -> ClaimsPanel | None:
        panel = self.built_panel()
        return panel.claims if panel is not None else None

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    def on_mount(self) -> None:
        self.title = clean_line(self.article.title)
        cached = self._cached_analysis()
        if cached is not None:  # its colours are in the first frame, with the text
            self.feed.show_cached(cached)
        self.view.set_analysis(self.data)
        self.placement.fit(self.app.size.width)
        self.watch(self.app, "theme", self._theme_changed, init=False)
        after_frame = getattr(self.app, "call_after_first_frame", None)
        if after_frame is not None:  # MarginApp: after the frame is written, not before
            after_frame(self, self._first_paint)
        else:
            self.call_after_refresh(self._first_paint)
        if cached is None and isinstance(self.analyzer, ManagedAnalyzer):
            self.analyzer.prepare(self.article)  # it loads spaCy while we paint

    def _cached_analysis(self) -> ReaderAnalysis | None:
        """The article's analysis from the cache's compact copy, if the analyser has one
        (milliseconds, no JSON parsed: :meth:`DefaultAnalyzer.cached_analysis
        <margin.analysis.service.runner.DefaultAnalyzer.cached_analysis>`); None otherwise
        (then the analyser runs in a worker after the first paint)."""
        if not isinstance(self.analyzer, CachingAnalyzer):
            return None
        try:
            found = self.analyzer.cached_analysis(self.article, fallback=False)
        except Exception:  # an unreadable cache only costs an analysis
            return None
        return found if isinstance(found, ReaderAnalysis) else None

    async def _first_paint(self) -> None:
        self.first_paint_at = time.perf_counter()
        if self.feed.complete:
            # The analysis came from the cache with the text: no worker, no analysis process.
            # The side panel's tabs, filled, come in one frame; the footer's keys just after.
            with self.app.batch_update():
                self.place_cursor()
                self.view._post_cursor()
                await self._build_panel()
            self.call_after_refresh(self._after_text)
            return
        self.place_cursor()
        self.view._post_cursor()
        if self.analyzer is not None:
            self.status.analysis = "analysing…"
            self.feed.start(self.analyzer, self.view.visible_paragraph_offsets())
        else:
            self.status.analysis = "no analysis"
        # The side panel's tabs come next, as a step of their own. An analysis in the cache
        # comes first: its colours are painted, then the tabs built (the feed fills the lists
        # once they exist); past PANEL_WAIT_SECONDS (a damaged cache entry) they come anyway.
        in_cache = getattr(self.analyzer, "in_cache", None)
        if callable(in_cache) and in_cache(self.article):
            self.feed.when_shown(lambda: self.call_after_refresh(self._build_panel))
            self.set_timer(PANEL_WAIT_SECONDS, self._build_panel)
        else:
            self.call_after_refresh(self._build_panel)
        self.call_after_refresh(self._after_text)

    async def _after_text(self) -> None:
        """The footer in its slot's place, and the find bar's parts: not in the first frame
        (Textual's footer alone is more to import and build than the text's view)."""
        if not self.is_attached:
            return
        from margin.tui.widgets.footer import MarginFooter

        slots = list(self.query(FooterSlot))
        if not slots:
            return  # done already
        try:
            with self.app.batch_update():
                await self.mount(MarginFooter(late=True))
                for slot in slots:
                    await slot.remove()
            self.find_bar.build()
        except MountError:  # the app began closing (a quick ``q``)
            return
        resume_gc = getattr(self.app, "resume_gc", None)
        if resume_gc is not None:  # MarginApp: the start-up is over
            resume_gc()

    async def _build_panel(self) -> None:
        """Mount the side panel's tabs, fill them with what is known, then open the store."""
        if self._panel_building or not self.is_attached:
            return  # built (or being built) already, or the reader was closed meanwhile
        self._panel_building = True
        panel = self.panel
        try:
            await panel.build()
        except MountError:  # the app began closing (a quick ``q``): the panel went first
            return
        if not (self.is_attached and panel.built):
            # The reader was closed meanwhile, or the app is closing and took the tabs with it.
            return
        self._panel_ready = True
        panel.claims.set_table(self.data.claims)
        panel.entities.set_mentions(self.data.mentions)
        panel.entities.set_groups_shown(self.entity_filter.groups)
        self.placement.apply()
        self.feed.panel_built()  # an analysis that arrived before the lists: into them now
        # The notes database opens now, not before: the text is on screen first. It opens off
        # the UI thread, since another margin may hold its lock for a while.
        self.notes_ui.start_loading(self._open_store)

    def _theme_changed(self) -> None:
        self.view.restyle()
        self.view.invalidate()
        if self.panel_ready:
            self.panel.entities.refresh_list()
            self.panel.notes.refresh_list()
        self.status.refresh()

    # -- reading keys --------------------------------------------------------------------

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
        self.entity_filter.cycle()

    @on(CursorMoved)
    def _cursor_moved(self, event: CursorMoved) -> None:
        total = len(self.article.text) or 1
        percent = round(100 * event.end / total)
        unit = "sentence" if self.view._sentences else "paragraph"
        self.status.position = f"{unit} {event.index + 1}/{event.count} · {percent}%"

    def action_export(self) -> None:
        """Open the export dialog for this article's notes."""
        from margin.tui.screens.export_dialog import ExportDialog

        def done(path: Any) -> None:
            if path is not None:
                self.notify(f"Exported to {path}", title="Export")

        analysis = self.analysis.to_analysis() if self.analysis is not None else None
        self.app.push_screen(
            ExportDialog(self.article, self.notes, analysis=analysis, verdicts=self.verdicts),
            callback=done,
        )
