"""The Speakers view: who the library's articles quote, most claims first, with how many claims
and articles, filtered as you type; ``enter`` lists a speaker's claims (the Claims view).

The claims index is read off the UI thread (:class:`~margin.tui.state.claims_source.
ClaimsSource`); the list builds only the rows in view.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from margin.sanitize import clean_line
from margin.storage.claims_table import ClaimsTable
from margin.tui.screens.search_list import Kept, Loader, SearchListScreen
from margin.tui.state.library_format import plural
from margin.tui.widgets.filter_input import FilterInput
from margin.tui.widgets.footer import PALETTE_FROM, MarginFooter
from margin.tui.widgets.index_lists import SpeakerColumns, SpeakerRows, SpeakersList, speaker_line
from margin.tui.widgets.virtual_list import VirtualList

SPEAKERS_HELP: dict[str, tuple[str, str]] = {
    "speakers.open": ("Speakers", "The highlighted speaker's claims, in every article"),
    "speakers.search": ("Speakers", "Filter the speakers by name as you type"),
    "speakers.back": ("Speakers", "Clear the filter; else back"),
    "speakers.claims": ("Speakers", "Every claim (the Claims view)"),
    "speakers.help": ("App", "This help"),
    "speakers.quit": ("App", "Back to the library"),
}
"""Binding id → (help-screen section, what it does), in the order the help lists them."""

CLAIMS_WIDTH = 7
ARTICLES_WIDTH = 8


class SpeakersScreen(SearchListScreen):
    """The library's speakers. ``load`` gives the claims index (called in a thread), ``kept``
    the copy in memory (:class:`~margin.tui.screens.search_list.SearchListScreen`)."""

    DEFAULT_CSS = """
    SpeakersScreen { layout: vertical; }
    SpeakersScreen #top { height: 1; padding: 0 1; margin-top: 1; }
    SpeakersScreen #heading { width: auto; text-style: bold; color: $text-primary; }
    SpeakersScreen #summary { width: 1fr; text-align: right; color: $text-muted; }
    SpeakersScreen #search {
        margin: 1 1 0 1; border: round $foreground 30%; background: $surface;
        padding: 0 1; height: 3;
        &:focus { border: round $border; background: $surface; }
    }
    SpeakersScreen #table-header {
        height: 1; margin: 1 1 0 1; text-style: bold; background: $panel; color: $foreground;
    }
    SpeakersScreen #list { height: 1fr; margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Filter", key_display="/", id="speakers.search"),
        Binding("c", "claims", "Claims", id="speakers.claims"),
        Binding("escape", "back", "Clear / back", show=False, id="speakers.back"),
        Binding("question_mark", "help", "Help", key_display="?", id="speakers.help"),
        Binding("q", "quit", "Back", id="speakers.quit"),
    ]

    def __init__(
        self, load: Loader, *, kept: Kept | None = None, search: str = "", name: str | None = None
    ) -> None:
        super().__init__(load, kept=kept, name=name)
        self.shown: Sequence[int] = []
        """The speakers listed (ids into the table's speakers), most claims first."""
        self._initial_search = search
        self._columns: SpeakerColumns | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Static("margin · speakers", id="heading", markup=False)
            yield Static("reading the claims index…", id="summary", markup=False)
        search = FilterInput(
            self._initial_search, id="search", placeholder="Type a name to filter the speakers"
        )
        search.border_title = "type to filter · / to edit"
        yield search
        yield Static("", id="table-header", markup=False)
        yield SpeakersList(id="list")
        yield MarginFooter(palette_from=PALETTE_FROM, whole_keys=True)

    def on_mount(self) -> None:
        self.speakers_list.focus()
        self.speakers_list.set_note("Reading the claims index…")

    def on_screen_resume(self) -> None:
        """Read the index when shown (the first time, and each time the view comes back: the
        source reads it again only when the library or the index changed)."""
        self.read_index()

    def set_table(self, table: ClaimsTable | None, error: str | None = None) -> None:
        """Show ``table``'s speakers (or why there are none)."""
        self.table, self.error = table, error
        self._refilter()

    @property
    def results_list(self) -> Widget:
        return self.speakers_list

    @property
    def speakers_list(self) -> SpeakersList:
        return self.query_one("#list", SpeakersList)

    @property
    def query_text(self) -> str:
        return self.query_one("#search", Input).value

    @property
    def current(self) -> int | None:
        """The highlighted speaker's id, if any."""
        row = self.speakers_list.highlighted
        if row is None or not 0 <= row < len(self.shown):
            return None
        return self.shown[row]

    def on_resize(self) -> None:
        self._fill()

    def _refilter(self) -> None:
        table = self.table
        self.shown = table.find_speakers(self.query_text) if table is not None else []
        self._fill()

    def _fill(self) -> None:
        if not self.is_mounted or self.table is None:
            self._update_state()
            return
        listing = self.speakers_list
        # (a cell each side, and room for the scroll bar a long list has)
        bar = listing.styles.scrollbar_size_vertical
        width = max((listing.size.width or self.size.width - 2) - 2 - bar, 30)
        fixed = CLAIMS_WIDTH + ARTICLES_WIDTH + 2 * 2
        columns = SpeakerColumns(max(12, width - fixed), CLAIMS_WIDTH, ARTICLES_WIDTH)
        keep = self.current
        row = None
        if self.shown:
            row = self.shown.index(keep) if keep in self.shown else 0
        listing.set_source(SpeakerRows(self.table, self.shown, columns), highlighted=row)
        if columns != self._columns:
            self._columns = columns
            header = speaker_line(("Speaker", "Claims", "Articles"), columns)
            self.query_one("#table-header", Static).update(header, layout=False)
        self._update_state()

    def _update_state(self) -> None:
        table = self.table
        summary = self.query_one("#summary", Static)
        message = self.speakers_list
        if table is None:
            if self.error:
                summary.update("")
                message.set_note(
                    Content.styled(f"Can't read the claims: {clean_line(self.error)}", "bold red")
                )
            return
        total = len(table.speakers)
        text = f"{plural(total, 'speaker')} · {plural(len(table.entries), 'article')}"
        if self.query_text.strip():
            text = f"{len(self.shown)} of {text}"
        if table.not_analysed:
            text += f" · {len(table.not_analysed)} not analysed"
        summary.update(text, layout=False)
        if not total:
            message.set_note(
                "No speakers yet: the library's articles quote nobody, or are not analysed.\n"
                "margin add analyses them; so does opening one."
            )
        elif not self.shown:
            message.set_note(
                Content.assemble(
                    f"No speaker matches «{clean_line(self.query_text.strip())}».\n\n",
                    ("escape", "bold"),
                    " clears the filter.",
                )
            )

    # -- events and actions --------------------------------------------------------------

    @on(VirtualList.Selected, "#list")
    def _selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        sid = self.current
        table = self.table
        if sid is None or table is None:
            return
        from margin.tui.screens.claims_view import ClaimsScreen

        name = table.speakers[sid].name
        self.app.push_screen(
            ClaimsScreen(self.load, kept=self.kept, speakers=[sid], speaker_label=name)
        )

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Clear the filter; with none, back to where the view was opened from."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
            self._refilter()
            self.speakers_list.focus()
        else:
            self.app.pop_screen()

    def action_quit(self) -> None:
        self.app.pop_screen()

    def action_claims(self) -> None:
        """Every claim: the Claims view in place of this one."""
        from margin.tui.screens.claims_view import ClaimsScreen

        self.app.switch_screen(ClaimsScreen(self.load, kept=self.kept))

    def action_help(self) -> None:
        from margin.tui.screens.help import HelpContent, HelpScreen, palette_key

        content = HelpContent(
            "margin speakers — keys",
            [self, *self.query(SpeakersList)],
            SPEAKERS_HELP,
            ["Speakers", "App"],
            {
                "Speakers": [
                    ("a–z…", "With the list focused: filter at once (bound keys act)"),
                    ("⌫", "Take back the last character typed"),
                ],
                "App": [
                    ("tab", "Between the filter and the list"),
                    (palette_key(self.app), "Command palette: themes, keys, quit"),
                ],
            },
        )
        self.app.push_screen(HelpScreen(self, content))
