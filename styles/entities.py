"""The entity colour scheme and the highlight colours, shared by the reader and HTML export.

Entity types are grouped the way readers think of them (people, organisations, places, dates
and numbers, other); each group has one colour, chosen to stay readable as a foreground on
dark and on light backgrounds. Note highlights are backgrounds, so they never hide an entity's
foreground colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from margin.model import KIND_LABELS


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """A family of spaCy entity labels shown with one colour."""

    key: str
    name: str
    labels: tuple[str, ...]
    dark: str
    """Foreground colour on a dark background (hex)."""
    light: str
    """Foreground colour on a light background (hex)."""


# The kinds and their labels are the analysis layer's (one rule for every view).
ENTITY_GROUPS: tuple[EntityGroup, ...] = (
    EntityGroup("person", "People", KIND_LABELS["person"], dark="#7cc7ff", light="#0b5cad"),
    EntityGroup("org", "Organisations", KIND_LABELS["org"], dark="#ffb86b", light="#a34a00"),
    EntityGroup("place", "Places", KIND_LABELS["place"], dark="#8ee28e", light="#1f7a1f"),
    EntityGroup(
        "number", "Dates & numbers", KIND_LABELS["number"], dark="#e0a3ff", light="#7a2fa0"
    ),
    EntityGroup("other", "Other", KIND_LABELS["other"], dark="#e6d27a", light="#7a6500"),
)

GROUP_BY_LABEL: dict[str, EntityGroup] = {
    label: group for group in ENTITY_GROUPS for label in group.labels
}

LABEL_NAMES: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "NORP": "group",
    "GPE": "place",
    "LOC": "location",
    "FAC": "facility",
    "DATE": "date",
    "TIME": "time",
    "MONEY": "money",
    "PERCENT": "percent",
    "QUANTITY": "quantity",
    "CARDINAL": "number",
    "ORDINAL": "ordinal",
    "EVENT": "event",
    "LAW": "law",
    "PRODUCT": "product",
    "WORK_OF_ART": "work",
    "LANGUAGE": "language",
}
"""Short, human names for spaCy's entity labels."""


def entity_group(label: str) -> EntityGroup:
    """The group a spaCy label belongs to (unknown labels fall into "other")."""
    return GROUP_BY_LABEL.get(label, ENTITY_GROUPS[-1])


def entity_colour(label: str, *, dark: bool = True) -> str:
    """The foreground colour (hex) for entities with this label."""
    group = entity_group(label)
    return group.dark if dark else group.light


HIGHLIGHT_COLOURS: dict[int, tuple[str, str, str]] = {
    1: ("yellow", "#5c4d00", "#fff3a3"),
    2: ("green", "#1f4d2b", "#c8f0cf"),
    3: ("blue", "#1c3a5e", "#cfe3ff"),
    4: ("pink", "#5a2342", "#ffd1e6"),
    5: ("orange", "#5e3510", "#ffdcb8"),
}
"""Note highlight colours 1-5: (name, background on dark, background on light)."""

NOTE_DEFAULT_BACKGROUND = ("#3a3a4a", "#e6e6ef")
"""Background of a note without a colour: (on dark, on light)."""


def highlight_background(colour: int | None, *, dark: bool = True) -> str:
    """The background colour (hex) for a note highlight of colour 1-5 (or none)."""
    if colour in HIGHLIGHT_COLOURS:
        _, on_dark, on_light = HIGHLIGHT_COLOURS[colour]
        return on_dark if dark else on_light
    return NOTE_DEFAULT_BACKGROUND[0 if dark else 1]
