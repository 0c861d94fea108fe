"""The one list of an article's entities: which mentions are one entity, its name, its count.

Every view of the entities (the reader's Entities tab, the Markdown and HTML exports,
``margin analyze --format text``) lists them through :func:`listing_key` and
:func:`list_entities`, so all of them name the same entities with the same counts.

A mention belongs to the entity of its kind (people, organisations, places, dates and
numbers, other: :data:`KIND_LABELS`) and its group: the alias group the entity resolver put it
in (``Entity.group``: *Mayor Ana Ruiz*, *Ana Ruiz* and *Ruiz* are the group *Ana Ruiz*). A
mention without a group (streamed before the document was resolved, or from an older
analysis) is listed under its own name, without a leading *the* or a possessive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from margin.model import KIND_LABELS, Entity

KINDS: tuple[str, ...] = tuple(KIND_LABELS)
_KIND_OF = {label: kind for kind, labels in KIND_LABELS.items() for label in labels}

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")


def kind_of(label: str) -> str:
    """The kind of a spaCy label (unknown labels are "other")."""
    return _KIND_OF.get(label, "other")


def normalise_name(text: str) -> str:
    """A mention's text as a name: single spaces, no leading *the*, no possessive."""
    name = " ".join(text.split())
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return name.strip(" ,;:\"'“”‘’")


def listing_key(label: str, text: str, group: str = "") -> tuple[str, str, str]:
    """``(kind, key, name)`` of the entity a mention is listed under: ``key`` identifies it
    within its kind (case-folded), ``name`` is how it is shown. Empty ``key``: not listed
    (nothing but punctuation)."""
    name = group or normalise_name(text)
    return kind_of(label), name.casefold(), name


@dataclass(slots=True)
class ListedEntity:
    """One entity as every view lists it: kind, name, mention count, labels, other names."""

    kind: str
    name: str
    count: int = 0
    labels: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """A stable id: ``kind:name`` case-folded (``person:ana ruiz``)."""
        return f"{self.kind}:{self.name.casefold()}"

    @property
    def label(self) -> str:
        """The label most of its mentions carry (the first met on a tie)."""
        return max(self.labels, key=self.labels.count) if self.labels else ""


def list_entities(entities: Iterable[Entity]) -> list[ListedEntity]:
    """The entities of ``entities`` (mentions), by kind in :data:`KINDS` order, then most
    mentioned first, then by first mention. A span given twice counts once."""
    found: dict[tuple[str, str], ListedEntity] = {}
    seen: set[tuple[int, int]] = set()
    first: dict[tuple[str, str], int] = {}
    for ent in sorted(entities, key=lambda e: (e.start, e.end)):
        if (ent.start, ent.end) in seen:
            continue
        kind, key, name = listing_key(ent.label, ent.text, ent.group)
        if not key:
            continue
        seen.add((ent.start, ent.end))
        entry = found.get((kind, key))
        if entry is None:
            entry = found[(kind, key)] = ListedEntity(kind, name)
            first[(kind, key)] = ent.start
        entry.count += 1
        entry.labels.append(ent.label)
        entry.mentions.append((ent.start, ent.end))
        alias = normalise_name(ent.text)
        if alias and alias != entry.name and alias not in entry.aliases:
            entry.aliases.append(alias)
    order = {kind: i for i, kind in enumerate(KINDS)}
    return sorted(
        found.values(),
        key=lambda e: (order.get(e.kind, len(order)), -e.count, first[(e.kind, e.name.casefold())]),
    )
