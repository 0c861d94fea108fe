"""The side panel: tabs for Claims, Entities and Notes.

Only its frame is there for the first paint; the tabs, their lists and the modules that hold
them (tabs, option lists, inputs, selects: more to import than the reader's own text view)
come with :meth:`SidePanel.build`, just after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget

if TYPE_CHECKING:  # pragma: no cover
    from textual.widgets import OptionList, TabbedContent

    from margin.tui.widgets.claims_panel import ClaimsPanel
    from margin.tui.widgets.entities_panel import EntitiesPanel
    from margin.tui.widgets.notes_panel import NotesPanel
    from margin.tui.widgets.virtual_list import VirtualList

TAB_TITLES = {"claims": "Claims", "entities": "Entities", "notes": "Notes"}
"""Each tab's id and title, in the order ``tab`` cycles them."""
TAB_IDS = tuple(TAB_TITLES)


class SidePanel(Vertical):
    """Claims, Entities and Notes in tabs; ``tab`` cycles them (see the reader screen)."""

    DEFAULT_CSS = """
    SidePanel {
        width: 46;
        height: 1fr;
        border-left: vkey $foreground 15%;
        background: $surface;
        & TabbedContent { height: 1fr; }
        & TabPane { padding: 0; height: 1fr; }
        & ContentSwitcher { height: 1fr; }
    }
    """

    def __init__(
        self, *, id: str | None = None, cursor: Callable[[], int | None] | None = None
    ) -> None:
        super().__init__(id=id)
        self.tab_ids: list[str] = list(TAB_IDS)
        self._cursor = cursor
        """Where the reading cursor is (the claims list starts at the first claim after it)."""
        self._lists: tuple[Widget, ...] = ()

    def compose(self) -> ComposeResult:
        return iter(())  # the tabs come with build(): the frame is there from the start

    async def build(self) -> None:
        """Mount the tabs and their lists (the reader does it just after the text's first
        paint: they are more to build than the text itself)."""
        from textual.widgets import TabbedContent, TabPane

        from margin.tui.widgets.claims_panel import ClaimsPanel
        from margin.tui.widgets.entities_panel import EntitiesPanel
        from margin.tui.widgets.notes_panel import NotesPanel

        tabs = TabbedContent(id="panel-tabs")  # the first tab (Claims) shown
        lists = (
            ClaimsPanel(id="claims-panel"),
            EntitiesPanel(id="entities-panel"),
            NotesPanel(id="notes-panel"),
        )
        for (tab_id, title), widget in zip(TAB_TITLES.items(), lists, strict=True):
            tabs.compose_add_child(TabPane(title, widget, id=tab_id))
        self._lists = lists
        await self.mount(tabs)

    @property
    def built(self) -> bool:
        """True when the tabs' lists are mounted and still there: :meth:`build` has run and
        nothing (the app closing) has taken them away since."""
        return bool(self._lists) and all(widget.is_attached for widget in self._lists)

    @property
    def tabs(self) -> TabbedContent:
        from textual.widgets import TabbedContent

        return self.query_one("#panel-tabs", TabbedContent)

    @property
    def claims(self) -> ClaimsPanel:
        from margin.tui.widgets.claims_panel import ClaimsPanel

        return self.query_one(ClaimsPanel)

    @property
    def entities(self) -> EntitiesPanel:
        from margin.tui.widgets.entities_panel import EntitiesPanel

        return self.query_one(EntitiesPanel)

    @property
    def notes(self) -> NotesPanel:
        from margin.tui.widgets.notes_panel import NotesPanel

        return self.query_one(NotesPanel)

    @property
    def active(self) -> str:
        return self.tabs.active

    def show_tab(self, tab_id: str, *, focus: bool = True) -> None:
        """Switch to ``tab_id`` and (by default) focus its list."""
        self.tabs.active = tab_id
        if focus:
            self.focus_list()

    def focus_list(self) -> None:
        """Focus the list of the active tab."""
        pane = self.tabs.get_pane(self.tabs.active)
        lists = list(pane.query("#claims-list, #entities-list, #notes-list"))
        target: Widget | None = lists[0] if lists else None
        from textual.widgets import OptionList

        from margin.tui.widgets.virtual_list import VirtualList

        if not isinstance(target, (OptionList, VirtualList)):
            return
        if target.highlighted is None:
            self._highlight_near_cursor(target)
        self.screen.set_focus(target)

    def _highlight_near_cursor(self, option_list: OptionList | VirtualList) -> None:
        """Start the claims list at the first claim at or after the reading cursor."""
        if option_list is not self.claims.option_list:
            if option_list.option_count:
                option_list.action_first()
            return
        cursor = self._cursor() if self._cursor is not None else None
        if not self.claims.rows:
            return
        option_list.highlighted = self.claims.index_near(cursor) if cursor is not None else 0
