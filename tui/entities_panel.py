"""The Entities tab: a legend, then entities grouped by type with their mention counts."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from analysis.model import Entity
from styles.entities import ENTITY_GROUPS, LABEL_NAMES, entity_colour
from tui.entity_index import EntityEntry, EntityIndex
from tui.messages import EntityChosen

GROUP_BY_KEY = {g.key: g for g in ENTITY_GROUPS}


def legend(groups_shown: frozenset[str] | None, *, dark: bool) -> Content:
    """A line naming each entity group in its colour; hidden groups struck through, dim."""
    parts: list[Content] = []
    for group in ENTITY_GROUPS:
        colour = group.dark if dark else group.light
        shown = groups_shown is None or group.key in groups_shown
        style = f"bold {colour}" if shown else "dim strike"
        parts.append(Content.styled(f"● {group.name}", style))
    return Content("  ").join(parts)


def entry_prompt(entry: EntityEntry, *, dark: bool) -> Content:
    """One entity row: its name in its group's colour, its mention count, its type."""
    label = sorted(entry.labels)[0] if entry.labels else ""
    colour = entity_colour(label, dark=dark)
    kind = LABEL_NAMES.get(label, label.lower())
    row = Content.assemble(
        (entry.name, f"bold {colour}"),
        (f"  ×{entry.count}", "$text-muted"),
        (f"  {kind}", "italic $text-muted"),
    )
    if entry.aliases:
        aliases = ", ".join(sorted(entry.aliases, key=len)[:3])
        row = row + Content.styled(f"\n  also: {aliases}", "$text-muted")
    return row


class EntitiesPanel(Vertical):
    """Entities by group (people, organisations, places, dates & numbers, other)."""

    DEFAULT_CSS = """
    EntitiesPanel {
        height: 1fr;
        & > #entities-legend { height: auto; padding: 0 1; margin-bottom: 1; }
        & > #entities-list { height: 1fr; border: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.index = EntityIndex()
        self.groups_shown: frozenset[str] | None = None
        self._keys: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="entities-legend")
        yield OptionList(id="entities-list")

    def on_mount(self) -> None:
        self.refresh_list()

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#entities-list", OptionList)

    @property
    def _dark(self) -> bool:
        return self.app.current_theme.dark

    def add_entities(self, entities: Iterable[Entity]) -> None:
        self.index.add(entities)
        self.refresh_list()

    def set_entities(self, entities: Iterable[Entity]) -> None:
        self.index = EntityIndex(entities)
        self.refresh_list()

    def set_groups_shown(self, groups: frozenset[str] | None) -> None:
        self.groups_shown = groups
        self.query_one("#entities-legend", Static).update(legend(groups, dark=self._dark))

    def entry(self, key: str) -> EntityEntry | None:
        return self.index.entries.get(key)

    def refresh_list(self) -> None:
        """Rebuild the rows, keeping the highlighted entity."""
        self.query_one("#entities-legend", Static).update(
            legend(self.groups_shown, dark=self._dark)
        )
        option_list = self.option_list
        previous = self.highlighted_key
        options: list[Option] = []
        keys: list[str | None] = []
        for group_key, entries in self.index.grouped():
            group = GROUP_BY_KEY[group_key]
            total = sum(e.count for e in entries)
            header = Content.styled(f"{group.name} ({len(entries)}, {total} mentions)", "bold")
            options.append(Option(header, disabled=True))
            keys.append(None)
            for entry in entries:
                options.append(Option(entry_prompt(entry, dark=self._dark), id=entry.key))
                keys.append(entry.key)
        if not options:
            options.append(Option(Content.styled("No entities yet", "$text-muted"), disabled=True))
            keys.append(None)
        self._keys = keys
        with self.app.batch_update():
            option_list.set_options(options)
            if previous is not None and previous in keys:
                option_list.highlighted = keys.index(previous)

    @property
    def highlighted_key(self) -> str | None:
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self._keys):
            return None
        return self._keys[index]

    def highlight_key(self, key: str) -> bool:
        if key in self._keys:
            self.option_list.highlighted = self._keys.index(key)
            return True
        return False

    @on(OptionList.OptionHighlighted, "#entities-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.option_list.has_focus:
            self.post_message(EntityChosen(self.highlighted_key))

    @on(OptionList.OptionSelected, "#entities-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(EntityChosen(self.highlighted_key, jump=True))
