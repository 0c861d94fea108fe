"""The reader's status line: entity legend and filter, analysis progress, find, position."""

from __future__ import annotations

import re

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from margin.sanitize import clean_line
from margin.styles.entities import ENTITY_GROUPS

FILTER_NAMES = {
    None: "all",
    frozenset(): "none",
    **{frozenset({g.key}): g.name.lower() for g in ENTITY_GROUPS},
}


def progress_bar(done: int, total: int, width: int = 8) -> str:
    """A small text bar such as ``▰▰▰▱▱▱▱▱``."""
    filled = 0 if total <= 0 else min(width, round(width * done / total))
    return "▰" * filled + "▱" * (width - filled)


LAYOUTS = ((0, 0), (0, 1), (1, 1), (1, 2), (2, 2))
"""(legend, right side) compactness levels, tried in order until the status line fits."""

TIMING = re.compile(r" \((?:in [0-9.]+s|from cache)\)$")
"""The analysis summary's "(in 1.2s)" or "(from cache)", dropped first when space is short."""

SHORT_NAMES = {"person": "pers", "org": "org", "place": "place", "number": "date", "other": "misc"}
"""Entity group names for the legend on a narrow status line."""


class StatusBar(Widget):
    """One line under the text: what is shown on the left, where you are on the right."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """

    analysis: reactive[str] = reactive("")
    """Analysis state: "" (none yet), a progress text, or a short failure note."""
    analysis_failed: reactive[bool] = reactive(False)
    position: reactive[str] = reactive("")
    find: reactive[str] = reactive("")
    groups: reactive[frozenset[str] | None] = reactive(None)

    def set_progress(self, done: int, total: int) -> None:
        percent = 0 if total <= 0 else round(100 * done / total)
        self.analysis = f"analysing {progress_bar(done, total)} {percent}%"

    def _legend(self, dark: bool, compact: int) -> Content:
        """The entity colours: full names (0), short names (1) or bare dots (2)."""
        groups = self.groups
        parts: list[Content] = []
        for group in ENTITY_GROUPS:
            colour = group.dark if dark else group.light
            shown = groups is None or group.key in groups
            name = group.name.split()[0].lower()
            label = ("● " + name, "●" + SHORT_NAMES.get(group.key, name[:4]), "●")[compact]
            parts.append(Content.styled(label, colour if shown else "dim"))
        legend = Content(" ").join(parts)
        if groups is not None:
            name = FILTER_NAMES.get(groups, "custom")
            legend = legend + Content.styled(f" [{name}]", "bold")
        return legend

    def _right(self, compact: int) -> Content:
        """Find, analysis and position: in full (0), without the analysis time (1), or
        also with a bare position (2)."""
        parts: list[Content] = []
        if self.find:
            parts.append(Content.styled(clean_line(self.find), "bold"))  # an entity's name
        if self.analysis:
            style = "$error" if self.analysis_failed else "$text-muted"
            text = clean_line(self.analysis)
            if compact and not self.analysis_failed:
                text = TIMING.sub("", text)
            parts.append(Content.styled(text, style))
        if self.position:
            position = self.position
            if compact >= 2:
                position = position.split(" ", 1)[-1] if position[:1].isalpha() else position
            parts.append(Content(position))
        return Content("  ").join(parts)

    def render(self) -> Content:
        dark = self.app.current_theme.dark
        width = self.content_region.width
        # Shorten in this order: the analysis time, the legend's names, the position's word,
        # then the legend down to bare dots, then the filter name alone, then nothing.
        for legend_level, right_level in LAYOUTS:
            left = self._legend(dark, compact=legend_level)
            right = self._right(right_level)
            if left.cell_length + right.cell_length + 2 <= width:
                break
        if left.cell_length + right.cell_length + 1 > width and self.groups is not None:
            left = Content.styled(f"[{FILTER_NAMES.get(self.groups, 'custom')}]", "bold")
        if left.cell_length + right.cell_length + 1 > width:
            left = Content("")
        gap = max(1, width - left.cell_length - right.cell_length)
        return Content.assemble(left, " " * gap, right)
