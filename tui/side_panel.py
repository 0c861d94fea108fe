"""The side panel: tabs for Claims and Entities (Notes joins them with the notes feature)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import OptionList, TabbedContent, TabPane

from tui.claims_panel import ClaimsPanel
from tui.entities_panel import EntitiesPanel

TAB_IDS = ("claims", "entities")


class SidePanel(Vertical):
    """Claims and Entities in tabs; ``tab`` cycles them (see the reader screen)."""

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.tab_ids: list[str] = list(TAB_IDS)

    def compose(self) -> ComposeResult:
        with TabbedContent(initial="claims", id="panel-tabs"):
            with TabPane("Claims", id="claims"):
                yield ClaimsPanel(id="claims-panel")
            with TabPane("Entities", id="entities"):
                yield EntitiesPanel(id="entities-panel")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#panel-tabs", TabbedContent)

    @property
    def claims(self) -> ClaimsPanel:
        return self.query_one(ClaimsPanel)

    @property
    def entities(self) -> EntitiesPanel:
        return self.query_one(EntitiesPanel)

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
        lists = list(pane.query("#claims-list, #entities-list, #notes-list").results(OptionList))
        target: Widget | None = lists[0] if lists else None
        if target is not None:
            target.focus()
