"""The reader screen: the article, its side panel, find bar, status line and every reading key.

The text paints at once; the analysis runs in a thread worker and its results stream in
(:class:`~tui.messages.AnalysisProgress`), paragraphs in view first. A failed analysis leaves
the article readable and says why.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import get_current_worker

from analysis.errors import MarginError
from analysis.model import Analysis, Article, Claim, Entity
from styles.entities import ENTITY_GROUPS
from tui.analysis_runner import Analyzer
from tui.article_view import ArticleView
from tui.find import find_all, next_index
from tui.find_bar import FindBar
from tui.messages import (
    AnalysisFailed,
    AnalysisFinished,
    AnalysisProgress,
    ClaimChosen,
    CursorMoved,
    EntityChosen,
    FindChanged,
    FindClosed,
)
from tui.side_panel import SidePanel
from tui.status_bar import FILTER_NAMES, StatusBar

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
    "reader.next_panel": ("Panels and highlights", "Text → Claims → Entities → text"),
    "reader.previous_panel": ("Panels and highlights", "The same, backwards"),
    "reader.cycle_entities": ("Panels and highlights", "Entity colours: all, one type, none"),
    "reader.back": ("Panels and highlights", "Back to the text; clear marks and matches"),
    "claims.sort": ("Panels and highlights", "Claims: article order / most check-worthy first"),
    "claims.filter": ("Panels and highlights", "Claims: filter by speaker"),
    "reader.help": ("App", "This help"),
    "reader.theme": ("App", "Change the theme"),
    "reader.quit": ("App", "Quit"),
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
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self.article = article
        self.analyzer = analyzer
        self.analysis: Analysis | None = None
        self.claims: list[Claim] = []
        self.entities: list[Entity] = []
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
        self._pending_entities: list[Entity] = []
        self._panel_timer: Any = None
        self._started = time.perf_counter()
        self.first_paint_seconds: float | None = None
        self.highlights_seconds: float | None = None
        self.first_paint_at: float | None = None
        """``time.perf_counter()`` when the text was first painted (for benchmarks)."""
        self.highlights_at: float | None = None
        """``time.perf_counter()`` when the first highlights arrived."""

    # -- composition ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield ArticleView(self.article, id="article")
            yield SidePanel(id="panel")
        yield FindBar(id="find-bar")
        yield StatusBar(id="status")
        yield Footer()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def panel(self) -> SidePanel:
        return self.query_one(SidePanel)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    def on_mount(self) -> None:
        self.title = self.article.title
        self._apply_width(self.app.size.width)
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        self.first_paint_at = time.perf_counter()
        self.first_paint_seconds = self.first_paint_at - self._started
        self.view._post_cursor()
        if self.analyzer is not None:
            self.status.analysis = "analysing…"
            self._analyse(self.view.visible_paragraph_offsets())
        else:
            self.status.analysis = "no analysis"

    def _theme_changed(self) -> None:
        self.view.restyle()
        self.view.invalidate()
        self.panel.entities.refresh_list()
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
        if visible and (focus if focus is not None else self.narrow):
            self.panel.focus_list()
        if not visible:
            self.set_focus(self.view)

    def _panel_has_focus(self) -> bool:
        focused = self.focused
        return focused is not None and self.panel in focused.ancestors

    def action_toggle_panel(self) -> None:
        """Show or hide the side panel."""
        self.set_panel(not self.panel_visible)

    def _cycle_panel(self, step: int) -> None:
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
        """Forget the selected claim or entity and the find matches."""
        self.chosen_claim = None
        self.view.set_marks([])
        self.view.set_find_matches([], None)
        self._set_steps([], None, "")
        self.find_query = ""

    # -- reading keys --------------------------------------------------------------------

    def action_next_sentence(self) -> None:
        self.view.action_next_sentence()

    def action_previous_sentence(self) -> None:
        self.view.action_previous_sentence()

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
        from tui.help_screen import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_theme(self) -> None:
        self.app.action_change_theme()

    async def action_quit(self) -> None:
        await self.app.action_quit()

    def action_cycle_entities(self) -> None:
        """Cycle the entity types shown: all, people, organisations, places, dates, none."""
        self.set_entity_filter((self.entity_filter_index + 1) % len(ENTITY_FILTERS))

    def set_entity_filter(self, index: int) -> None:
        self.entity_filter_index = index
        groups = ENTITY_FILTERS[index]
        self.view.set_entity_groups(groups)
        self.status.groups = groups
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
        from tui.find import MAX_MATCHES

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
        entry = self.panel.entities.entry(key) if key else None
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
        cached = bool(getattr(analyzer, "cached", False))
        self.post_message(AnalysisFinished(analysis, cached, time.perf_counter() - started))

    @on(AnalysisProgress)
    def _analysis_progress(self, event: AnalysisProgress) -> None:
        if self.analysis is not None:
            return
        self.view.add_analysis(event.sentences, event.entities)
        if self.highlights_seconds is None and (event.entities or event.sentences):
            self.highlights_at = time.perf_counter()
            self.highlights_seconds = self.highlights_at - self._started
        self.status.set_progress(event.done, event.total)
        self._pending_claims.extend(event.claims)
        self._pending_entities.extend(event.entities)
        if self._panel_timer is None:
            self._panel_timer = self.set_timer(PANEL_REFRESH_SECONDS, self._flush_panels)

    def _flush_panels(self) -> None:
        self._panel_timer = None
        if self.analysis is not None:
            return
        claims, entities = self._pending_claims, self._pending_entities
        self._pending_claims, self._pending_entities = [], []
        self.claims.extend(claims)
        self.entities.extend(entities)
        self.panel.claims.add_claims(claims)
        self.panel.entities.add_entities(entities)

    @on(AnalysisFinished)
    def _analysis_finished(self, event: AnalysisFinished) -> None:
        self.set_analysis(event.analysis)
        if self.highlights_seconds is None:
            self.highlights_at = time.perf_counter()
            self.highlights_seconds = self.highlights_at - self._started
        how = "from cache" if event.cached else f"in {event.seconds:.1f}s"
        self.status.analysis = (
            f"{len(event.analysis.claims)} claims · {len(event.analysis.entities)} entities ({how})"
        )

    def set_analysis(self, analysis: Analysis) -> None:
        """Show a complete analysis (replacing anything streamed so far)."""
        if self._panel_timer is not None:
            self._panel_timer.stop()
            self._panel_timer = None
        self._pending_claims, self._pending_entities = [], []
        self.analysis = analysis
        self.claims = list(analysis.claims)
        self.entities = list(analysis.entities)
        self.view.set_analysis(analysis.sentences, analysis.entities)
        self.panel.claims.set_claims(analysis.claims)
        self.panel.entities.set_entities(analysis.entities)
        self.view._post_cursor()

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

    # -- palette helpers -----------------------------------------------------------------

    def entity_filter_names(self) -> list[tuple[int, str]]:
        """(index, name) of each entity filter, for the command palette."""
        names = {None: "all types", frozenset(): "none"}
        for group in ENTITY_GROUPS:
            names[frozenset({group.key})] = group.name.lower()
        return [(i, names.get(f, "custom")) for i, f in enumerate(ENTITY_FILTERS)]
