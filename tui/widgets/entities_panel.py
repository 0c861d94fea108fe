"""The Entities tab: a legend, then entities grouped by type with their mention counts."""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterable

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from margin.analysis.service.compact import EntityMentions
from margin.model import Entity
from margin.sanitize import clean_line
from margin.styles.entities import ENTITY_GROUPS, LABEL_NAMES, entity_colour
from margin.tui.messages import EntityChosen
from margin.tui.state.entity_index import GROUP_KEYS, EntityEntry, EntityIndex
from margin.tui.widgets.virtual_list import VirtualList, fit


def legend(groups_shown: frozenset[str] | None, *, dark: bool) -> Content:
    """A line naming each entity group in its colour; hidden groups struck through, dim."""
    parts: list[Content] = []
    for group in ENTITY_GROUPS:
        colour = group.dark if dark else group.light
        shown = groups_shown is None or group.key in groups_shown
        style = f"bold {colour}" if shown else "dim strike"
        parts.append(Content.styled(f"● {group.name}", style))
    return Content("  ").join(parts)


def entry_lines(
    index: EntityIndex, entity_id: int, *, dark: bool, width: int = 200
) -> list[Content]:
    """One entity's row: its name in its group's colour, mention count and type; then its
    other names, if any."""
    labels = index.labels_of(entity_id)
    label = sorted(labels)[0] if labels else ""
    colour = entity_colour(label, dark=dark)
    kind = LABEL_NAMES.get(label, label.lower())
    row = fit(
        Content.styled(clean_line(index.names[entity_id]), f"bold {colour}"),
        Content.assemble(
            (f"  ×{index.counts[entity_id]}", "$text-muted"), (f"  {kind}", "italic $text-muted")
        ),
        width,
    )
    aliases = index.aliases.get(entity_id)
    if not aliases:
        return [row]
    shown = clean_line(", ".join(sorted(aliases, key=len)[:3]))
    return [row, Content.styled(f"  also: {shown}", "$text-muted")]


class EntityRows:
    """The rows of the entities list (a :class:`~margin.tui.widgets.virtual_list.RowSource`):
    ``rows`` holds an entity id per row, ``-1 - g`` for the header of group ``g``; with no
    rows, one "No entities yet" line.

    Not the panel widget itself: a widget with a length is falsy when it is 0, and Textual
    stops bubbling keys at a falsy parent (see ``ClaimRows``).
    """

    def __init__(
        self,
        index: EntityIndex | None,
        rows: array[int],
        group_totals: dict[int, tuple[int, int]],
        *,
        dark: Callable[[], bool],
    ) -> None:
        self.index = index
        self.rows = rows
        self.group_totals = group_totals
        self.dark = dark
        """Whether the theme is dark now (asked at each render: the theme can change)."""

    def __len__(self) -> int:
        return len(self.rows) or 1

    def row_height(self, index: int) -> int:
        if not self.rows:
            return 1
        entity_id = self.rows[index]
        return 2 if entity_id >= 0 and self.index and entity_id in self.index.aliases else 1

    def row_enabled(self, index: int) -> bool:
        return bool(self.rows) and self.rows[index] >= 0

    def row_lines(self, index: int, width: int) -> list[Content]:
        if not self.rows:
            return [Content.styled("No entities yet", "$text-muted")]
        entity_id = self.rows[index]
        if entity_id < 0:
            g = -1 - entity_id
            count, total = self.group_totals.get(g, (0, 0))
            name = ENTITY_GROUPS[g].name
            return [Content.styled(f"{name} ({count}, {total} mentions)", "bold")]
        assert self.index is not None
        return entry_lines(self.index, entity_id, dark=self.dark(), width=width)


class EntitiesPanel(Vertical):
    """Entities by group (people, organisations, places, dates & numbers, other).

    The index is built from the mention layer shared with the article view, only when the
    tab is shown (or an entity is asked for), and rebuilt when mentions arrive while it is
    in view. The list builds only the rows in view.
    """

    DEFAULT_CSS = """
    EntitiesPanel {
        height: 1fr;
        & > #entities-legend { height: auto; padding: 0 1; margin-bottom: 1; }
        & > #entities-list { height: 1fr; border: none; }
    }
    """

    REBUILD_FACTOR = 5
    """While mentions stream in, rebuild at most once per this many build times."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mentions = EntityMentions("")
        self._index: EntityIndex | None = None
        self.groups_shown: frozenset[str] | None = None
        self.rows: array[int] = array("i")
        """Entity id per list row; ``-1 - g`` is the header of group ``g``."""
        self._group_totals: dict[int, tuple[int, int]] = {}
        self._listed_version = -1
        self._next_build = 0.0

    def compose(self) -> ComposeResult:
        yield Static("", id="entities-legend")
        yield VirtualList(id="entities-list")

    def on_mount(self) -> None:
        self._update_legend()
        self.option_list.set_source(self._row_source())

    def on_show(self) -> None:
        self.refresh_list()

    @property
    def option_list(self) -> VirtualList:
        return self.query_one("#entities-list", VirtualList)

    @property
    def _dark(self) -> bool:
        return self.app.current_theme.dark

    @property
    def index(self) -> EntityIndex:
        """The entity index (built or brought up to date now if needed)."""
        if self._index is None or self._index.mentions is not self.mentions:
            self._index = EntityIndex(self.mentions)
        else:
            self._index.refresh()
        return self._index

    def set_mentions(self, mentions: EntityMentions) -> None:
        """Group these mentions (shared: call :meth:`mentions_changed` when they grow)."""
        self.mentions = mentions
        self._index = None
        self.mentions_changed(force=True)

    def add_entities(self, entities: Iterable[Entity]) -> None:
        self.mentions.add_entities(entities)
        self.mentions_changed()

    def mentions_changed(self, *, force: bool = False) -> None:
        """Mentions were added: rebuild the list now if it is in view (throttled)."""
        if not self.is_mounted or not self.is_displayed_now():
            return
        if not force and time.monotonic() < self._next_build:
            return
        self.refresh_list()

    def is_displayed_now(self) -> bool:
        """Whether the tab is on screen (the index is built only then)."""
        return (
            self.display
            and all(node.display for node in self.ancestors_with_self[:-1])
            and (self.region.width > 0)
        )

    def set_groups_shown(self, groups: frozenset[str] | None) -> None:
        self.groups_shown = groups
        self._update_legend()

    def _update_legend(self) -> None:
        self.query_one("#entities-legend", Static).update(
            legend(self.groups_shown, dark=self._dark)
        )

    def entry(self, key: str) -> EntityEntry | None:
        return self.index.entry(key)

    def refresh_list(self, *, restyle: bool = False) -> None:
        """Rebuild the rows if the mentions changed, keeping the highlighted entity."""
        self._update_legend()
        if self._listed_version == self.mentions.version and not restyle:
            return
        started = time.monotonic()
        previous = self.highlighted_key
        index = self.index
        rows = array("i")
        totals: dict[int, tuple[int, int]] = {}
        for group_key, ids in index.ordered_ids():
            g = GROUP_KEYS.index(group_key)
            rows.append(-1 - g)
            totals[g] = (len(ids), sum(index.counts[i] for i in ids))
            rows.extend(ids)
        self.rows = rows
        self._group_totals = totals
        self._listed_version = self.mentions.version
        highlighted = None
        if previous is not None:
            entity_id = index.id_of(previous)
            if entity_id is not None and entity_id in rows:
                highlighted = rows.index(entity_id)
        self.option_list.set_source(self._row_source(), highlighted=highlighted)
        took = time.monotonic() - started
        self._next_build = time.monotonic() + took * self.REBUILD_FACTOR

    def _row_source(self) -> EntityRows:
        return EntityRows(self._index, self.rows, self._group_totals, dark=lambda: self._dark)

    # -- highlight -----------------------------------------------------------------------

    @property
    def highlighted_key(self) -> str | None:
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self.rows) or self._index is None:
            return None
        entity_id = self.rows[index]
        return None if entity_id < 0 else self._index.key(entity_id)

    def highlight_key(self, key: str) -> bool:
        self.refresh_list()
        entity_id = self.index.id_of(key)
        if entity_id is not None and entity_id in self.rows:
            self.option_list.highlighted = self.rows.index(entity_id)
            return True
        return False

    @on(VirtualList.Highlighted, "#entities-list")
    def _highlighted(self, event: VirtualList.Highlighted) -> None:
        event.stop()
        if self.option_list.has_focus:
            self.post_message(EntityChosen(self.highlighted_key))

    @on(VirtualList.Selected, "#entities-list")
    def _selected(self, event: VirtualList.Selected) -> None:
        event.stop()
        self.post_message(EntityChosen(self.highlighted_key, jump=True))
