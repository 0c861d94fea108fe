"""Grouping entity mentions into entities, aliases counted together (no Textual).

"Smith" after "John Smith" is the same person; "WHO" after "World Health Organization" the
same organisation; "the Coastal Resilience Office" and "Coastal Resilience Office's" the same
name. Each :class:`EntityEntry` collects the mentions of one entity, keyed by its group
(people, organisations...) and its longest name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.model import Entity
from styles.entities import ENTITY_GROUPS, entity_group

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady",
    "president", "senator", "sen", "rep", "gov", "governor", "mayor", "judge",
    "councillor", "minister", "secretary", "general", "gen", "chancellor",
}  # fmt: skip


def normalise_name(text: str) -> str:
    """A mention's name for grouping: no leading *the*, no possessive, single spaces."""
    name = " ".join(text.split())
    name = _LEADING_THE.sub("", name)
    name = _POSSESSIVE.sub("", name)
    return name.strip(" ,;:\"'“”‘’")


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", name) if t]


def _acronym(name: str) -> str:
    words = [w for w in _tokens(name) if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


@dataclass(slots=True)
class EntityEntry:
    """One entity: its display name, group and every mention (spans into the text)."""

    key: str
    name: str
    group: str
    labels: set[str] = field(default_factory=set)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.mentions)


class EntityIndex:
    """Entities of one article, built incrementally as mentions arrive."""

    def __init__(self, entities: Iterable[Entity] = ()) -> None:
        self.entries: dict[str, EntityEntry] = {}
        self._by_alias: dict[tuple[str, str], str] = {}
        self._seen: set[int] = set()
        """``start << 32 | end`` of each mention added (one int each, not a tuple)."""
        self.add(entities)

    def add(self, entities: Iterable[Entity]) -> None:
        """Add mentions (ignoring ones already added), in text order for best aliasing."""
        for entity in sorted(entities, key=lambda e: (e.start, e.end)):
            key = entity.start << 32 | entity.end
            if key in self._seen:
                continue
            self._seen.add(key)
            self._add_one(entity)
        for entry in self.entries.values():
            entry.mentions.sort()

    def _add_one(self, entity: Entity) -> None:
        group = entity_group(entity.label).key
        name = normalise_name(entity.text)
        if not name:
            return
        lookup = name.casefold()
        key = self._by_alias.get((group, lookup))
        if key is None and group in ("person", "org"):
            key = self._match_alias(group, name)
        if key is None:
            key = f"{group}:{lookup}"
            self.entries[key] = EntityEntry(key=key, name=name, group=group)
            self._register(group, name, key)
        entry = self.entries[key]
        entry.labels.add(entity.label)
        entry.mentions.append((entity.start, entity.end))
        if name != entry.name:
            entry.aliases.add(name)
        self._by_alias[(group, lookup)] = key

    def _register(self, group: str, name: str, key: str) -> None:
        self._by_alias[(group, name.casefold())] = key
        tokens = _tokens(name)
        if group == "person" and len(tokens) >= 2:
            words = [t for t in tokens if t.casefold().rstrip(".") not in _HONORIFICS]
            if words:
                self._by_alias.setdefault((group, words[-1].casefold()), key)
                full = " ".join(words)
                self._by_alias.setdefault((group, full.casefold()), key)
        if group == "org":
            acronym = _acronym(name)
            if acronym:
                self._by_alias.setdefault((group, acronym.casefold()), key)

    def _match_alias(self, group: str, name: str) -> str | None:
        """A later, longer mention of an entity first met by a short name ("Becker" then
        "Tom Becker") or a title plus surname ("Mayor Ruiz")."""
        tokens = _tokens(name)
        if group == "person" and tokens:
            words = [t for t in tokens if t.casefold().rstrip(".") not in _HONORIFICS]
            if words:
                key = self._by_alias.get((group, " ".join(words).casefold()))
                if key is None:
                    key = self._by_alias.get((group, words[-1].casefold()))
                if key is not None:
                    entry = self.entries[key]
                    if len(name) > len(entry.name) and len(words) > len(_tokens(entry.name)):
                        entry.aliases.add(entry.name)
                        entry.name = " ".join(words)
                    self._register(group, name, key)
                    return key
        return None

    def grouped(self) -> list[tuple[str, list[EntityEntry]]]:
        """Entries by group in the colour scheme's order, most mentioned first."""
        result: list[tuple[str, list[EntityEntry]]] = []
        for group in ENTITY_GROUPS:
            entries = [e for e in self.entries.values() if e.group == group.key]
            if entries:
                entries.sort(key=lambda e: (-e.count, e.mentions[0]))
                result.append((group.key, entries))
        return result
