"""Which entity types the reader colours: what ``e`` cycles through (no Textual here)."""

from __future__ import annotations

from margin.styles.entities import ENTITY_GROUPS

ENTITY_FILTERS: tuple[frozenset[str] | None, ...] = (
    None,
    frozenset({"person"}),
    frozenset({"org"}),
    frozenset({"place"}),
    frozenset({"number"}),
    frozenset(),
)
"""What ``e`` cycles through: all, people, organisations, places, dates & numbers, none."""


def entity_filter_names() -> list[tuple[int, str]]:
    """(index, name) of each entity filter, for the command palette."""
    names: dict[frozenset[str] | None, str] = {None: "all types", frozenset(): "none"}
    for group in ENTITY_GROUPS:
        names[frozenset({group.key})] = group.name.lower()
    return [(i, names.get(f, "custom")) for i, f in enumerate(ENTITY_FILTERS)]
