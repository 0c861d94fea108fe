"""The Claims view: every claim of the library's articles (or one speaker's), searched in
content, speaker and cue as you type, filtered by kind, date added and verdict; ``enter``
opens the article with the cursor on the claim (posts :class:`ClaimsScreen.OpenClaim`).

The claims index is read off the UI thread; the list builds only the rows in view.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from margin.sanitize import clean_line
from margin.storage.claims_table import ClaimsTable
from margin.storage.model import LibraryEntry
from margin.tui.screens.search_list import Kept, Loader, SearchListScreen
from margin.tui.state.library_format import clip, local_now, plural
from margin.tui.widgets.claims_panel import KIND_NAMES
from margin.tui.widgets.filter_input import FilterInput
from margin.tui.widgets.footer import PALETTE_FROM, MarginFooter
from margin.tui.widgets.index_lists import IndexClaimRows, IndexClaimsList
from margin.tui.widgets.virtual_list import VirtualList

CLAIMS_VIEW_HELP: dict[str, tuple[str, str]] = {
    "claims_view.open": ("Claims", "Open the article with the cursor on the claim"),
    "claims_view.search": ("Claims", "Search content, speaker and cue as you type"),
    "claims_view.kind": ("Claims", "Kind: all, quotes, reported, unattributed"),
    "claims_view.added": ("Claims", "Added: any time, last day, last 7 days, last 30 days"),
    "claims_view.verdict": ("Claims", "Verdict: any, then each verdict given (once there are)"),
    "claims_view.all_speakers": ("Claims", "Every speaker's claims, not one's"),
    "claims_view.back": ("Claims", "Clear the search; else back"),
    "claims_view.speakers": ("Claims", "The speakers (the Speakers view)"),
    "claims_view.help": ("App", "This help"),
    "claims_view.quit": ("App", "Back"),
}
"""Binding id → (help-screen section, what it does), in the order the help lists them."""

KIND_CYCLE: tuple[str | None, ...] = (None, "quote", "reported", "assertion")
ADDED_CYCLE: tuple[tuple[str, int | None], ...] = (
    ("any time", None),
    ("last day", 1),
    ("last 7 days", 7),
    ("last 30 days", 30),
)


def since(days: int | None, now: datetime) -> str | None:
    """The ISO time ``days`` before ``now`` as the library writes times (UTC, ``Z``)."""
    if days is None:
        return None
    when = (now - timedelta(days=days)).astimezone(UTC)
    return when.isoformat(timespec="microseconds").replace("+00:00", "Z")


class ClaimsScreen(SearchListScreen):
    """The library's claims. ``load`` gives the claims index (called in a thread), ``kept``
    the copy in memory (:class:`~margin.tui.screens.search_list.SearchListScreen`);
    ``speakers`` (ids, shown as ``speaker_label``) or ``speaker_name`` (resolved once loaded,
    as ``margin claims --speaker`` does) keep one speaker's claims; ``exclude`` leaves one
    article's out (the article the reader came from)."""

    DEFAULT_CSS = """
    ClaimsScreen { layout: vertical; }
    ClaimsScreen #top { height: 1; padding: 0 1; margin-top: 1; }
    ClaimsScreen #heading { width: auto; text-style: bold; color: $text-primary; }
    ClaimsScreen #summary { width: 1fr; text-align: right; color: $text-muted; }
    ClaimsScreen #search {
        margin: 1 1 0 1; border: round $foreground 30%; background: $surface;
        padding: 0 1; height: 3;
        &:focus { border: round $border; background: $surface; }
    }
    ClaimsScreen #filters { height: 1; margin: 0 2 1 2; color: $text-muted; }
    ClaimsScreen #list { height: 1fr; margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", key_display="/", id="claims_view.search"),
        Binding("k", "cycle_kind", "Kind", id="claims_view.kind"),
        Binding("a", "cycle_added", "Added", id="claims_view.added"),
        Binding("v", "cycle_verdict", "Verdict", id="claims_view.verdict"),
        Binding("x", "all_speakers", "All speakers", id="claims_view.all_speakers"),
        Binding("p", "speakers", "Speakers", id="claims_view.speakers"),
        Binding("escape", "back", "Clear / back", show=False, id="claims_view.back"),
        Binding("question_mark", "help", "Help", key_display="?", id="claims_view.help"),
        Binding("q", "quit", "Back", id="claims_view.quit"),
    ]

    @dataclass
    class OpenClaim(Message):
        """The user asked to read the claim ``start``-``end`` in its article."""

        entry: LibraryEntry
        start: int
        end: int

    def __init__(
        self,
        load: Loader,
        *,
        kept: Kept | None = None,
        speakers: Sequence[int] | None = None,
        speaker_label: str = "",
        speaker_name: str | None = None,
        exclude: str | None = None,
        now: Callable[[], datetime] = local_now,
        name: str | None = None,
    ) -> None:
        super().__init__(load, kept=kept, name=name)
        self.now = now
        self.speakers: list[int] | None = list(speakers) if speakers is not None else None
        self.speaker_label = speaker_label
        self.speaker_name = speaker_name
        self.exclude = exclude
        self.kind_index = 0
        self.added_index = 0
        self.verdict: str | None = None
        self.shown = array("i")
        """The claims listed (indices into the table), in index order."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Static("margin · claims", id="heading", markup=False)
            yield Static("reading the claims index…", id="summary", markup=False)
        search = FilterInput(
            id="search", placeholder="Type to search claims: content, speaker, cue"
        )
        search.border_title = "type to search · / to edit"
        yield search
        yield Static("", id="filters", markup=False)
        yield IndexClaimsList(id="list")
        yield MarginFooter(palette_from=PALETTE_FROM, whole_keys=True)

    def on_mount(self) -> None:
        self.claims_list.focus()
        self.claims_list.set_note("Reading the claims index…")

    def on_screen_resume(self) -> None:
        """Read the index when shown (the first time, and each time the view comes back: the
        source reads it again only when the library or the index changed); "added" counts
        from now (the view is kept between showings)."""
        rows = self.claims_list.rows
        if rows is not None:
            rows.now = self.now()
            self.claims_list.redraw()
        self.read_index()

    def set_table(self, table: ClaimsTable | None, error: str | None = None) -> None:
        """Show ``table``'s claims (or why there are none)."""
        self.table, self.error = table, error
        if table is not None and self.speaker_name is not None:
            self.speakers = table.speaker_named(self.speaker_name)
            if len(self.speakers) == 1:
                self.speaker_label = table.speakers[self.speakers[0]].name
            else:
                self.speaker_label = self.speaker_name
            self.speaker_name = None
        self.refresh_bindings()
        self._refilter()

    @property
    def results_list(self) -> Widget:
        return self.claims_list

    @property
    def claims_list(self) -> IndexClaimsList:
        return self.query_one("#list", IndexClaimsList)

    @property
    def query_text(self) -> str:
        return self.query_one("#search", Input).value

    @property
    def current(self) -> int | None:
        """The highlighted claim (index into the table), if any."""
        row = self.claims_list.highlighted
        if row is None or not 0 <= row < len(self.shown):
            return None
        return self.shown[row]

    def _refilter(self) -> None:
        table = self.table
        if table is None:
            self._update_state()
            return
        rows = table.select(
            speakers=self.speakers,
            search=self.query_text,
            kind=KIND_CYCLE[self.kind_index],
            added_since=since(ADDED_CYCLE[self.added_index][1], self.now()),
            verdict=self.verdict,
        )
        if self.exclude is not None:
            entries, article = table.entries, table.article
            rows = array("i", (i for i in rows if entries[article[i]].sha256 != self.exclude))
        keep = self.current
        self.shown = rows
        row = None
        if rows:
            try:
                row = rows.index(keep) if keep is not None else 0
            except ValueError:
                row = 0
        self.claims_list.set_source(IndexClaimRows(table, rows, self.now()), highlighted=row)
        self._update_state()

    def _filters_line(self) -> str:
        kind = KIND_CYCLE[self.kind_index]
        parts = [f"kind: {KIND_NAMES[kind] if kind else 'all'}"]
        parts.append(f"added: {ADDED_CYCLE[self.added_index][0]}")
        if self.speakers is not None:
            parts.append(f"speaker: {clip(self.speaker_label, 40)}")
        if self.exclude is not None:
            parts.append("other articles")
        if self.table is not None and self.table.has_verdicts:
            parts.append(f"verdict: {clip(self.verdict, 20) if self.verdict else 'any'}")
        return " · ".join(parts)

    def _update_state(self) -> None:
        if not self.is_mounted:
            return
        table = self.table
        summary = self.query_one("#summary", Static)
        message = self.claims_list
        self.query_one("#filters", Static).update(self._filters_line())
        if table is None:
            if self.error:
                summary.update("")
                message.set_note(
                    Content.styled(f"Can't read the claims: {clean_line(self.error)}", "bold red")
                )
            return
        text = f"{plural(len(table), 'claim')} · {plural(len(table.entries), 'article')}"
        if len(self.shown) != len(table):
            text = f"{len(self.shown):,} of {text}"
        if table.not_analysed:
            text += f" · {len(table.not_analysed)} not analysed"
        summary.update(text, layout=False)
        if not len(table):
            message.set_note(
                "No claims yet: the library's articles are not analysed, or claim nothing.\n"
                "margin add analyses them; so does opening one."
            )
        elif not self.shown:
            hints = [("escape", "bold"), " clears the search"]
            if self.speakers is not None or self.exclude is not None:
                hints += ["; ", ("x", "bold"), " shows every speaker's claims"]
            message.set_note(Content.assemble("No claim matches.\n\n", *hints, "."))

    # -- events and actions --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The verdict filter only once there are verdicts; "all speakers" only with one."""
        if action == "cycle_verdict":
            return self.table is not None and self.table.has_verdicts
        if action == "all_speakers":
            return self.speakers is not None or self.exclude is not None
        return True

    @on(VirtualList.Selected, "#list")
    def _selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        i = self.current
        if i is None or self.table is None:
            return
        claim = self.table.claim(i)
        self.post_message(self.OpenClaim(claim.entry, claim.start, claim.end))

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_cycle_kind(self) -> None:
        self.kind_index = (self.kind_index + 1) % len(KIND_CYCLE)
        self._refilter()

    def action_cycle_added(self) -> None:
        self.added_index = (self.added_index + 1) % len(ADDED_CYCLE)
        self._refilter()

    def action_cycle_verdict(self) -> None:
        table = self.table
        if table is None:
            return
        ratings = sorted({v for v in table.verdicts if v is not None}, key=str.casefold)
        cycle: list[str | None] = [None, *ratings]
        at = cycle.index(self.verdict) if self.verdict in cycle else 0
        self.verdict = cycle[(at + 1) % len(cycle)]
        self._refilter()

    def action_all_speakers(self) -> None:
        self.speakers, self.exclude, self.speaker_label = None, None, ""
        self.refresh_bindings()
        self._refilter()

    def action_back(self) -> None:
        """Clear the search; with none, back to where the view was opened from."""
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
            self._refilter()
            self.claims_list.focus()
        else:
            self.app.pop_screen()

    def action_quit(self) -> None:
        self.app.pop_screen()

    def action_speakers(self) -> None:
        """The Speakers view: back to it when it opened this one, else in place of this."""
        from margin.tui.screens.speakers import SpeakersScreen

        stack = self.app.screen_stack
        if len(stack) > 1 and isinstance(stack[-2], SpeakersScreen):
            self.app.pop_screen()
        else:
            self.app.switch_screen(SpeakersScreen(self.load, kept=self.kept))

    def action_help(self) -> None:
        from margin.tui.screens.help import HelpContent, HelpScreen, palette_key

        content = HelpContent(
            "margin claims — keys",
            [self, *self.query(IndexClaimsList)],
            CLAIMS_VIEW_HELP,
            ["Claims", "App"],
            {
                "Claims": [
                    ("a–z…", "With the list focused: search at once (bound keys act)"),
                    ("⌫", "Take back the last character typed"),
                ],
                "App": [
                    ("tab", "Between the search and the list"),
                    (palette_key(self.app), "Command palette: themes, keys, quit"),
                ],
            },
        )
        self.app.push_screen(HelpScreen(self, content))
