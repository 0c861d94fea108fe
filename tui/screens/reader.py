"""The reader screen: the article, its side panel, find bar, status line and every reading key.

The text paints at once; the analysis runs in a thread worker and its results stream in
(:class:`~margin.tui.messages.AnalysisProgress`), paragraphs in view first. A failed analysis leaves
the article readable and says why.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from margin.analysis.service.compact import ClaimTable, EntityMentions, ReaderAnalysis
from margin.analysis.service.runner import Analyzer
from margin.errors import MarginError
from margin.model import Analysis, Article, Claim
from margin.storage.model import Note
from margin.styles.entities import ENTITY_GROUPS
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
)
from margin.tui.state.find import find_all, next_index
from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.find_bar import FindBar
from margin.tui.widgets.notes_panel import NotesPanel
from margin.tui.widgets.side_panel import SidePanel
from margin.tui.widgets.status_bar import FILTER_NAMES, StatusBar

NARROW_WIDTH = 100
"""Below this many columns the side panel is hidden; ``p`` shows it over the text."""

ENTITY_FILTERS: tuple[frozenset[str] | None, ...] = (
    None,
    frozenset({"person"}),
    frozenset({"org"}),
    frozenset({"place"}),
    frozenset({"number"}),
    frozenset(),
)
"""What ``e`` cycles through: all, people, organisations, places, dates & numbers, none."""

PANEL_REFRESH_SECONDS = 0.4
"""During the analysis, the side panel lists are rebuilt at most this often."""

COLOUR_HELP = "Highlight: 1 yellow, 2 green, 3 blue, 4 pink, 5 orange"

BINDING_HELP: dict[str, tuple[str, str]] = {
    "reader.next_sentence": ("Reading", "Next sentence (the view follows)"),
    "reader.previous_sentence": ("Reading", "Previous sentence"),
    "reader.scroll_down": ("Reading", "Scroll down a line"),
    "reader.scroll_up": ("Reading", "Scroll up a line"),
    "reader.page_down": ("Reading", "Page down"),
    "reader.page_up": ("Reading", "Page up"),
    "reader.top": ("Reading", "Top of the article"),
    "reader.bottom": ("Reading", "End of the article"),
    "reader.find": ("Find", "Find (smart case: a capital makes it exact)"),
    "reader.find_next": ("Find", "Next match, or next mention of the chosen entity"),
    "reader.find_previous": ("Find", "Previous match or mention"),
    "reader.toggle_panel": ("Panels and highlights", "Show or hide the side panel"),
    "reader.next_panel": ("Panels and highlights", "Text → Claims → Entities → Notes → text"),
    "reader.previous_panel": ("Panels and highlights", "The same, backwards"),
    "reader.cycle_entities": ("Panels and highlights", "Entity colours: all, one type, none"),
    "reader.back": ("Panels and highlights", "Back to the text; clear marks and matches"),
    "claims.sort": ("Panels and highlights", "Claims: article order / most check-worthy first"),
    "claims.filter": ("Panels and highlights", "Claims: filter by speaker"),
    "reader.add_note": ("Notes", "Note on the selection, chosen claim or sentence"),
    "reader.highlight": ("Notes", "Highlight it with the last colour (again: remove)"),
    "reader.colour_1": ("Notes", COLOUR_HELP),
    "reader.colour_2": ("Notes", COLOUR_HELP),
    "reader.colour_3": ("Notes", COLOUR_HELP),
    "reader.colour_4": ("Notes", COLOUR_HELP),
    "reader.colour_5": ("Notes", COLOUR_HELP),
    "reader.visual": ("Notes", "Select a range: j/k by sentence, w/W by word"),
    "reader.extend_word": ("Notes", "Selection: one more word"),
    "reader.shrink_word": ("Notes", "Selection: one word less"),
    "reader.undo": ("Notes", "Undo the last note deletion"),
    "notes.edit": ("Notes", "Notes tab: edit the note"),
    "notes.delete": ("Notes", "Notes tab: delete the note"),
    "notes.filter": ("Notes", "Notes tab: filter by tag"),
    "reader.export": ("App", "Export notes (md, json, html, w3c)"),
    "reader.help": ("App", "This help"),
    "reader.theme": ("App", "Change the theme"),
    "reader.quit": ("App", "Quit (back to the library if you came from it)"),
}
"""Binding id → (help-screen section, what it does), in the order the help lists them."""


class ReaderScreen(Screen[None]):
    """Reads one article."""

    AUTO_FOCUS = "ArticleView"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "next_sentence", "Sentence", id="reader.next_sentence", key_display="j/k"),
        Binding("k", "previous_sentence", "Previous sentence", show=False,
                id="reader.previous_sentence"),
        Binding("down", "scroll_down", "Scroll down a line", show=False, id="reader.scroll_down"),
        Binding("up", "scroll_up", "Scroll up a line", show=False, id="reader.scroll_up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "top", "Top", show=False, id="reader.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="reader.bottom"),
        Binding("slash", "find", "Find", id="reader.find", key_display="/"),
        Binding("n", "find_next", "Next match", show=False, id="reader.find_next"),
        Binding("N", "find_previous", "Previous match", show=False, id="reader.find_previous"),
        Binding("p", "toggle_panel", "Panel", id="reader.toggle_panel"),
        Binding("tab", "next_panel", "Panels", id="reader.next_panel", key_display="tab"),
        Binding("shift+tab", "previous_panel", "Previous panel", show=False,
                id="reader.previous_panel"),
        Binding("e", "cycle_entities", "Entities", id="reader.cycle_entities"),
        Binding("escape", "back", "Back to the text / clear marks", show=False,
                id="reader.back"),
        Binding("a", "add_note", "Note", id="reader.add_note"),
        Binding("h", "highlight", "Highlight", id="reader.highlight"),
        Binding("1", "highlight(1)", "Highlight colour 1", show=False, id="reader.colour_1"),
        Binding("2", "highlight(2)", "Highlight colour 2", show=False, id="reader.colour_2"),
        Binding("3", "highlight(3)", "Highlight colour 3", show=False, id="reader.colour_3"),
        Binding("4", "highlight(4)", "Highlight colour 4", show=False, id="reader.colour_4"),
        Binding("5", "highlight(5)", "Highlight colour 5", show=False, id="reader.colour_5"),
        Binding("v", "visual", "Select", show=False, id="reader.visual"),
        Binding("w", "extend_word(1)", "Extend by a word", show=False, id="reader.extend_word"),
        Binding("W", "extend_word(-1)", "Shrink by a word", show=False, id="reader.shrink_word"),
        Binding("u", "undo", "Undo delete", show=False, id="reader.undo"),
        Binding("x", "export", "Export", id="reader.export"),
        Binding("t", "theme", "Theme", show=False, id="reader.theme"),
        Binding("question_mark", "help", "Help", id="reader.help", key_display="?"),
        Binding("q", "quit", "Quit", id="reader.quit"),
    ]  # fmt: skip

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
        store: Any | None = None,
        open_store: Callable[[], Any] | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.article = article
        self.analyzer = analyzer
        self.store = store
        """The notes store (``margin.storage.store.Store``); None: notes are off."""
        self._open_store = open_store
        """Opens the store when none was given (called after the text is painted)."""
        self.notes: list[Note] = []
        self.deleted: list[Note] = []
        """Deleted notes, most recent last (``u`` restores them)."""
        self.last_colour = 1
        self.selection: tuple[int, int] | None = None
        """A range chosen with ``v`` or the mouse (notes and highlights go on it)."""
        self._visual_anchor: tuple[int, int] | None = None
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
        self.steps: list[tuple[int, int]] = []
        self.step_starts: list[int] = []
        self.step_kind: str | None = None  # "find" or "entity"
        self.step_label = ""
        self.step_index: int | None = None
        self.find_query = ""
        self.find_capped = False
        self.chosen_claim: Claim | None = None
        self._pending_claims: list[Claim] = []
        self._panel_timer: Any = None
        self._frozen = False
        self._panel_ready = False
        self.notes_loading = False
        """True while the notes are read off the UI thread (after the first paint)."""
        self.first_paint_at: float | None = None
        """``time.perf_counter()`` when the text was first painted (for benchmarks)."""
        self.highlights_at: float | None = None
        """``time.perf_counter()`` when the first highlights arrived."""

    # -- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield ArticleView(self.article, id="article")
            # Its frame takes its width at once; its tabs and lists (~50 widgets, more to
            # build than the text) are mounted just after the first paint (_first_paint).
            yield SidePanel(id="panel")
        yield FindBar(id="find-bar")
        yield StatusBar(id="status")
        yield Footer()

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

    @property
    def claims(self) -> ClaimTable:
        """The claims known so far, in article order (``claims[i]`` makes the Claim)."""
        return self.data.claims

    @property
    def entities(self) -> EntityMentions:
        """The entity mentions known so far."""
        return self.data.mentions

    def on_mount(self) -> None:
        self.title = self.article.title
        self.view.set_analysis(self.data)
        self._apply_width(self.app.size.width)
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.call_after_refresh(self._first_paint)
        prepare = getattr(self.analyzer, "prepare", None)
        if prepare is not None:  # the analysis process starts loading spaCy while we paint
            prepare(self.article)

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
        # The notes database opens now, not before: the text is on screen first. It opens off
        # the UI thread, since another margin may hold its lock for a while.
        self.notes_loading = True
        self._load_notes_worker()

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
            if self.narrow:
                self.set_panel(False)
            self.set_focus(self.view)
        else:
            self.panel.show_tab(target)

    def action_next_panel(self) -> None:
        """Cycle focus: text → Claims → Entities → text."""
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
            if self.narrow:
                self.set_panel(False)
            self.set_focus(self.view)
            return
        self.clear_marks()

    def clear_marks(self) -> None:
        """Forget the selection, the chosen claim or entity and the find matches."""
        self.selection = None
        self._visual_anchor = None
        self.chosen_claim = None
        self.view.set_marks([])
        self.view.set_find_matches([], None)
        self.find_query = ""
        self._set_steps([], None, "")

    # -- reading keys --------------------------------------------------------------------

    def action_next_sentence(self) -> None:
        self.view.action_next_sentence()
        self._extend_visual()

    def action_previous_sentence(self) -> None:
        self.view.action_previous_sentence()
        self._extend_visual()

    def action_scroll_down(self) -> None:
        self.view.action_scroll_down()

    def action_scroll_up(self) -> None:
        self.view.action_scroll_up()

    def action_page_down(self) -> None:
        self.view.action_page_down()

    def action_page_up(self) -> None:
        self.view.action_page_up()

    def action_top(self) -> None:
        self.view.action_top()

    def action_bottom(self) -> None:
        self.view.action_bottom()

    def action_help(self) -> None:
        from margin.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

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

    @on(CursorMoved)
    def _cursor_moved(self, event: CursorMoved) -> None:
        total = len(self.article.text) or 1
        percent = round(100 * event.end / total)
        unit = "sentence" if self.view._sentences else "paragraph"
        self.status.position = f"{unit} {event.index + 1}/{event.count} · {percent}%"

    # -- stepping (find matches or an entity's mentions) ---------------------------------------

    def _set_steps(self, spans: Sequence[tuple[int, int]], kind: str | None, label: str) -> None:
        self.steps = list(spans)
        self.step_starts = [s for s, _ in self.steps]
        self.step_kind = kind if spans else None
        self.step_label = label
        self.step_index = None
        self._update_step_status()

    def _update_step_status(self) -> None:
        if not self.step_kind and not self.find_query:
            self.status.find = ""
        elif not self.steps:
            self.status.find = f"{self.step_label}: no matches"
        else:
            position = f"{self.step_index + 1}/" if self.step_index is not None else ""
            plus = "+" if self.step_kind == "find" and self.find_capped else ""
            self.status.find = f"{self.step_label} {position}{len(self.steps)}{plus}"
        if self.step_kind == "find" or self.find_query:
            self.find_bar.set_count(self.step_index, len(self.steps), capped=self.find_capped)

    def go_to_step(self, index: int, *, move_cursor: bool = True) -> None:
        """Show step ``index`` (a match or a mention), putting the cursor on its sentence."""
        if not self.steps:
            return
        self.step_index = index % len(self.steps)
        start, end = self.steps[self.step_index]
        if self.step_kind == "find":
            self.view.set_current_match(self.step_index)
        if move_cursor:
            self.view.cursor_to_offset(start, follow=False)
        self.view.scroll_to_span(start, end)
        self._update_step_status()

    def _step(self, forward: bool) -> None:
        if not self.steps:
            self.notify("Nothing to step through: press / to find, or pick an entity", timeout=2)
            return
        if self.step_index is None:
            span = self.view.cursor_span
            origin = span[0] - 1 if span else -1
            index = next_index(self.step_starts, origin if forward else origin + 2, forward=forward)
        else:
            index = self.step_index + (1 if forward else -1)
        if index is not None:
            self.go_to_step(index)

    def action_find_next(self) -> None:
        """Next find match (or next mention of the chosen entity)."""
        self._step(True)

    def action_find_previous(self) -> None:
        self._step(False)

    # -- find ----------------------------------------------------------------------------

    def action_find(self) -> None:
        """Open the find bar."""
        self.find_bar.open(self.find_query or None)

    @on(FindChanged)
    def _find_changed(self, event: FindChanged) -> None:
        if event.query != self.find_query or self.step_kind != "find":
            self.set_find(event.query)
        if event.submit:
            self.find_bar.close()
            self.set_focus(self.view)
            if self.steps:
                self._step(True) if self.step_index is None else self.go_to_step(self.step_index)

    def set_find(self, query: str) -> None:
        """Find ``query`` (smart case) and show the first match after the cursor."""
        from margin.tui.state.find import MAX_MATCHES

        self.find_query = query
        matches = find_all(self.article.text, query) if query.strip() else []
        self.find_capped = len(matches) >= MAX_MATCHES
        self.view.set_marks([]) if self.step_kind == "entity" else None
        self._set_steps(matches, "find", "find")
        self.view.set_find_matches(matches, None)
        if matches:
            span = self.view.cursor_span
            index = next_index(self.step_starts, (span[0] - 1) if span else -1)
            if index is not None:
                self.step_index = index
                self.view.set_current_match(index)
                self.view.scroll_to_span(*matches[index])
        self._update_step_status()

    @on(FindClosed)
    def _find_closed(self, event: FindClosed) -> None:
        self.find_bar.close()
        if event.cancel:
            self.find_query = ""
            self.view.set_find_matches([], None)
            self._set_steps([], None, "")
            self.find_bar.set_count(None, 0)
        self.set_focus(self.view)

    # -- claims and entities -------------------------------------------------------------

    def claim_marks(self, claim: Claim) -> list[tuple[int, int, str]]:
        """The spans marking a claim: its content, speaker (as written) and cue."""
        marks = [(claim.content.start, claim.content.end, "content")]
        speaker = claim.speaker
        if speaker is not None:
            shown = speaker.original or speaker
            marks.append((shown.start, shown.end, "speaker"))
        if claim.cue is not None:
            marks.append((claim.cue.start, claim.cue.end, "cue"))
        return marks

    def choose_claim(self, claim: Claim, *, jump: bool = False) -> None:
        """Mark ``claim`` in the text and move the cursor to it."""
        self.chosen_claim = claim
        if self.step_kind == "entity":
            self._set_steps([], None, "")
        self.view.set_marks(self.claim_marks(claim))
        self.view.cursor_to_offset(claim.content.start, follow=False)
        spans = [claim.content.start, claim.content.end]
        if claim.speaker is not None:
            shown = claim.speaker.original or claim.speaker
            spans += [shown.start, shown.end]
        self.view.scroll_to_span(min(spans), max(spans))
        if jump:
            if self.narrow:
                self.set_panel(False)
            self.set_focus(self.view)

    @on(ClaimChosen)
    def _claim_chosen(self, event: ClaimChosen) -> None:
        self.choose_claim(event.claim, jump=event.jump)

    def choose_entity(self, key: str | None, *, jump: bool = False) -> None:
        """Mark every mention of entity ``key``; ``n``/``N`` then step through them."""
        entry = self.panel.entities.entry(key) if key and self._panel_ready else None
        if entry is None:
            return
        self.chosen_claim = None
        if self.step_kind == "find":
            self.view.set_find_matches([], None)
            self.find_query = ""
        self.view.set_marks((s, e, "mention") for s, e in entry.mentions)
        self._set_steps(entry.mentions, "entity", entry.name)
        if jump:
            self._step(True)
            if self.narrow:
                self.set_panel(False)
            self.set_focus(self.view)
        elif entry.mentions:
            span = self.view.cursor_span
            index = next_index(self.step_starts, (span[0] - 1) if span else -1)
            if index is not None:
                self.step_index = index
                self.view.scroll_to_span(*entry.mentions[index])
                self._update_step_status()

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

        def on_progress(progress: Any) -> None:
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
        if isinstance(analysis, Analysis):  # compact it here, off the UI thread
            analysis = ReaderAnalysis.from_analysis(analysis, self.article.text)
        cached = bool(getattr(analyzer, "cached", False))
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

    def set_analysis(self, analysis: Analysis | ReaderAnalysis) -> None:
        """Show a complete analysis (replacing anything streamed so far)."""
        if self._panel_timer is not None:
            self._panel_timer.stop()
            self._panel_timer = None
        self._pending_claims = []
        if isinstance(analysis, Analysis):
            analysis = ReaderAnalysis.from_analysis(analysis, self.article.text)
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
        self._notes_loaded(NotesLoaded(self.store, *self._read_notes(self.store)))

    def _read_notes(self, store: Any) -> tuple[list[Note], str | None]:
        """Add the article to the library and read its notes: (notes, error)."""
        if store is None:
            return [], None
        try:
            store.add_article(self.article)
            return store.notes_for(self.article), None
        except MarginError as exc:
            return [], str(exc)

    @work(thread=True, exclusive=True, group="notes", exit_on_error=False)
    def _load_notes_worker(self) -> None:
        """Open the store if needed and read the notes, off the UI thread (a lock may wait)."""
        try:
            store = self.store
            if store is None and self._open_store is not None:
                store = self._open_store()
            notes, error = self._read_notes(store)
        except Exception as exc:  # never leave the notes "loading" forever
            store, notes, error = None, [], f"{type(exc).__name__}: {exc}"
        self.post_message(NotesLoaded(store, notes, error))

    @on(NotesLoaded)
    def _notes_loaded(self, event: NotesLoaded) -> None:
        self.notes_loading = False
        store = self.store = event.store if event.error is None else None
        if store is None:
            self.panel.notes.enabled = False
            self.panel.notes.refresh_list()
            if event.error is not None:
                self.notify(
                    f"{event.error}\nNotes are off for this article.",
                    title="Notes",
                    severity="error",
                    markup=False,
                )
            return
        if getattr(store, "on_warning", None) is None:  # else the store already said them
            for warning in getattr(store, "warnings", [])[:3]:
                self.notify(str(warning), title="Notes", severity="warning", timeout=8)
        notes = event.notes
        orphans = sum(1 for n in notes if n.orphaned)
        if orphans:
            self.notify(
                f"{orphans} note(s) no longer match the text: kept, listed last in Notes",
                title="Orphaned notes",
                severity="warning",
            )
        self.set_notes(notes)

    def set_notes(self, notes: list[Note]) -> None:
        """Show ``notes`` in the text and in the Notes tab."""
        self.notes = sorted(notes, key=lambda n: (n.orphaned, n.anchor.start, n.anchor.end))
        self.view.set_notes(
            (n.anchor.start, n.anchor.end, n.id, n.colour) for n in self.notes if not n.orphaned
        )
        self.panel.notes.set_notes(self.notes)

    def _replace_note(self, note: Note | None, *, remove: str | None = None) -> None:
        notes = [n for n in self.notes if n.id not in {remove, note.id if note else None}]
        if note is not None:
            notes.append(note)
        self.set_notes(notes)

    def note_target(self) -> tuple[int, int] | None:
        """Where ``a``/``h`` put a note: the selection, else the chosen claim's content or
        entity mention, else the cursor's sentence."""
        cursor = self.view.cursor_span
        if self.selection is not None:
            return self.selection

        def near(span: tuple[int, int]) -> bool:
            return cursor is None or (span[0] < cursor[1] and span[1] > cursor[0])

        claim = self.chosen_claim
        if claim is not None and near((claim.content.start, claim.content.end)):
            return claim.content.start, claim.content.end
        if self.step_kind == "entity" and self.step_index is not None:
            mention = self.steps[self.step_index]
            if near(mention):
                return mention
        return cursor

    def _notes_ready(self) -> bool:
        if self.notes_loading:
            self.notify("Notes are still loading: try again in a moment", severity="warning")
            return False
        if self.store is None:
            self.notify("Notes are off: the notes database could not be opened", severity="error")
            return False
        return True

    def action_add_note(self) -> None:
        """Open the note editor on the target passage."""
        span = self.note_target()
        if span is None or not self._notes_ready():
            return
        from margin.tui.screens.note_editor import NoteDraft, NoteEditorScreen

        start, end = span

        def save(draft: NoteDraft) -> str | None:
            try:
                note = self.store.new_note(
                    self.article, start, end, body=draft.body, tags=draft.tags,
                    colour=draft.colour,
                )  # fmt: skip
                note = self.store.add_note(note)
            except MarginError as exc:
                return str(exc)
            self._replace_note(note)
            self._end_visual()
            return None

        self.app.push_screen(NoteEditorScreen(self.article.text[start:end], on_save=save))

    def action_highlight(self, colour: int | None = None) -> None:
        """Highlight the target passage (the same highlight again removes it)."""
        span = self.note_target()
        if span is None or not self._notes_ready():
            return
        colour = colour or self.last_colour
        self.last_colour = colour
        start, end = span
        same = [
            n
            for n in self.notes
            if not n.orphaned and (n.anchor.start, n.anchor.end) == (start, end)
        ]
        try:
            existing = next((n for n in same if n.is_highlight), None)
            if existing is not None and existing.colour == colour:
                self._delete(existing)
            elif existing is not None:
                self._replace_note(self.store.update_note(existing.with_(colour=colour)))
            elif same:  # a note already sits there: colour it
                self._replace_note(self.store.update_note(same[0].with_(colour=colour)))
            else:
                note = self.store.new_note(self.article, start, end, colour=colour)
                self._replace_note(self.store.add_note(note))
        except MarginError as exc:
            self.notify(str(exc), title="Highlight not saved", severity="error")
            return
        self._end_visual()

    def _delete(self, note: Note) -> None:
        deleted = self.store.delete_note(note)
        self.deleted.append(deleted.with_(status=note.status))
        self._replace_note(None, remove=note.id)
        kind = "Highlight" if note.is_highlight else "Note"
        self.notify(f"{kind} deleted: u to undo", timeout=4)

    def action_undo(self) -> None:
        """Restore the last deleted note."""
        if not self.deleted:
            self.notify("Nothing to undo", timeout=2)
            return
        if not self._notes_ready():
            return
        note = self.deleted.pop()
        try:
            restored = self.store.restore_note(note)
        except MarginError as exc:
            self.deleted.append(note)
            self.notify(str(exc), title="Undo failed", severity="error")
            return
        self._replace_note(restored.with_(status=note.status))
        self.panel.notes.highlight_note(note.id)
        self.notify("Note restored", timeout=2)

    @on(NotesPanel.Delete)
    def _note_delete(self, event: NotesPanel.Delete) -> None:
        if not self._notes_ready():
            return
        try:
            self._delete(event.note)
        except MarginError as exc:
            self.notify(str(exc), title="Not deleted", severity="error")

    @on(NotesPanel.Edit)
    def _note_edit(self, event: NotesPanel.Edit) -> None:
        if not self._notes_ready():
            return
        from margin.tui.screens.note_editor import NoteDraft, NoteEditorScreen

        note = event.note

        def save(draft: NoteDraft) -> str | None:
            try:
                saved = self.store.update_note(
                    note.with_(body=draft.body, tags=draft.tags, colour=draft.colour)
                )
            except MarginError as exc:
                return str(exc)
            self._replace_note(saved.with_(status=note.status))
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
            if self.narrow:
                self.set_panel(False)
            self.set_focus(self.view)

    # -- selecting a range -------------------------------------------------------------

    def action_visual(self) -> None:
        """Start (or end) selecting a range from the cursor's sentence."""
        if self.selection is not None:
            self._end_visual()
            return
        span = self.view.cursor_span
        if span is None:
            return
        self._visual_anchor = span
        self._set_selection(span)

    def _set_selection(self, span: tuple[int, int] | None) -> None:
        self.selection = span
        marks = [(s, e, k) for s, e, k in self.view.marks.spans() if k != "selection"]
        if span is not None:
            marks.append((span[0], span[1], "selection"))
            self.status.find = f"selected {span[1] - span[0]} characters: a note, h highlight"
        elif self.status.find.startswith("selected"):
            self.status.find = ""
        self.view.set_marks(marks)

    def _end_visual(self) -> None:
        self._visual_anchor = None
        if self.selection is not None:
            self._set_selection(None)

    def _extend_visual(self) -> None:
        anchor, cursor = self._visual_anchor, self.view.cursor_span
        if anchor is None or cursor is None:
            return
        self._set_selection((min(anchor[0], cursor[0]), max(anchor[1], cursor[1])))

    def action_extend_word(self, step: int) -> None:
        """Move the selection's end by one word (``step`` = 1 or -1)."""
        if self.selection is None:
            self.action_visual()
            if self.selection is None:
                return
        start, end = self.selection
        text = self.article.text
        if step > 0:
            pos = end
            while pos < len(text) and text[pos].isspace():
                pos += 1
            while pos < len(text) and not text[pos].isspace():
                pos += 1
            end = pos
        else:
            pos = end
            while pos > start and text[pos - 1].isspace():
                pos -= 1
            while pos > start and not text[pos - 1].isspace():
                pos -= 1
            while pos > start and text[pos - 1].isspace():
                pos -= 1
            end = max(pos, start + 1)
        self._set_selection((start, end))

    @on(RangeSelected)
    def _range_selected(self, event: RangeSelected) -> None:
        if event.end > event.start:
            self._visual_anchor = None
            self._set_selection((event.start, event.end))

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

    # -- palette helpers -----------------------------------------------------------------

    def entity_filter_names(self) -> list[tuple[int, str]]:
        """(index, name) of each entity filter, for the command palette."""
        names = {None: "all types", frozenset(): "none"}
        for group in ENTITY_GROUPS:
            names[frozenset({group.key})] = group.name.lower()
        return [(i, names.get(f, "custom")) for i, f in enumerate(ENTITY_FILTERS)]
