"""Grouping entity mentions into entities, aliases counted together (no Textual).

"Smith" after "John Smith" is the same person; "WHO" after "World Health Organization" the
same organisation; "the Coastal Resilience Office" and "Coastal Resilience Office's" the same
name. Each entity collects the mentions of one entity, keyed by its group (people,
organisations...) and its longest name.

A long article has some 20,000 mentions of 10,000 entities, so the index keeps them in
parallel arrays over the mention layer it is built from (entity ids per mention, counts,
names); an :class:`EntityEntry` is a small view made on demand.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

from margin.analysis.service.compact import EntityMentions
from margin.model import Entity
from margin.styles.entities import ENTITY_GROUPS, entity_group

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


GROUP_KEYS = tuple(g.key for g in ENTITY_GROUPS)
_GROUP_INDEX = {key: i for i, key in enumerate(GROUP_KEYS)}


class EntityEntry:
    """One entity of an :class:`EntityIndex`: its name, group, labels and mentions."""

    __slots__ = ("id", "index")

    def __init__(self, index: EntityIndex, entity_id: int) -> None:
        self.index = index
        self.id = entity_id

    @property
    def key(self) -> str:
        """A stable key: group and the name it was first met by (``person:grace okafor``)."""
        return self.index.key(self.id)

    @property
    def name(self) -> str:
        return self.index.names[self.id]

    @property
    def group(self) -> str:
        return GROUP_KEYS[self.index.groups[self.id]]

    @property
    def labels(self) -> set[str]:
        return self.index.labels_of(self.id)

    @property
    def aliases(self) -> set[str]:
        return self.index.aliases.get(self.id, set())

    @property
    def count(self) -> int:
        return self.index.counts[self.id]

    @property
    def mentions(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every mention, in text order."""
        return self.index.mentions_of(self.id)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EntityEntry) and (other.index, other.id) == (self.index, self.id)

    def __hash__(self) -> int:
        return hash((id(self.index), self.id))

    def __repr__(self) -> str:
        return f"EntityEntry({self.key!r}, {self.name!r}, count={self.count})"


class EntityIndex:
    """Entities of one article, grouped from a layer of mentions.

    Built from an :class:`~margin.analysis.service.compact.EntityMentions` layer (shared with the
    article
    view, not copied); :meth:`refresh` rebuilds it when the layer has changed. Passing
    :class:`Entity` objects instead makes a layer of its own (:meth:`add` adds to it).
    """

    def __init__(self, entities: Iterable[Entity] | EntityMentions = ()) -> None:
        if isinstance(entities, EntityMentions):
            self.mentions = entities
        else:  # no article text: the mentions keep their own texts
            self.mentions = EntityMentions("", entities)
        self._built_version = -1
        self.refresh()

    def add(self, entities: Iterable[Entity]) -> None:
        """Add mentions to the index's layer and regroup."""
        self.mentions.add_entities(entities)
        self.refresh()

    @property
    def stale(self) -> bool:
        """Whether mentions were added since the index was built."""
        return self._built_version != self.mentions.version

    def refresh(self) -> bool:
        """Rebuild from the mentions if they changed; returns True when it did."""
        if not self.stale:
            return False
        self._build()
        self._built_version = self.mentions.version
        return True

    def _build(self) -> None:
        layer = self.mentions
        starts, ends, values = layer.starts(), layer.ends(), layer.values()
        labels = layer.labels
        group_of_label = [_GROUP_INDEX[entity_group(label).key] for label in labels]
        self.names: list[str] = []
        self._first_names: list[str] = []
        self.groups = bytearray()
        self.counts = array("i")
        self.firsts = array("i")
        self.label_masks = array("Q")
        self.aliases: dict[int, set[str]] = {}
        self.entity_of = array("i")
        """Entity id of each mention of the layer (-1: no usable name)."""
        self._by_alias: dict[tuple[int, str], int] = {}
        self._csr: tuple[array[int], array[int]] | None = None
        prev = (-1, -1)
        for i in range(len(starts)):
            s, e = starts[i], ends[i]
            if (s, e) == prev:  # the same span again (another label): counted once
                self.entity_of.append(-1)
                continue
            prev = (s, e)
            label_id = values[i]
            self.entity_of.append(
                self._add_one(s, layer.mention_text(s, e), group_of_label[label_id], label_id)
            )
        del self._by_alias  # only needed while building

    def _add_one(self, start: int, text: str, group: int, label_id: int) -> int:
        name = normalise_name(text)
        if not name:
            return -1
        lookup = name.casefold()
        gkey = GROUP_KEYS[group]
        key = self._by_alias.get((group, lookup))
        if key is None and gkey in ("person", "org"):
            key = self._match_alias(group, name)
        if key is None:
            key = len(self.names)
            self.names.append(name)
            self._first_names.append(name)
            self.groups.append(group)
            self.counts.append(0)
            self.firsts.append(start)
            self.label_masks.append(0)
            self._register(group, name, key)
        self.counts[key] += 1
        self.label_masks[key] |= 1 << min(label_id, 63)
        if name != self.names[key]:
            self.aliases.setdefault(key, set()).add(name)
        self._by_alias[(group, lookup)] = key
        return key

    def _register(self, group: int, name: str, key: int) -> None:
        self._by_alias[(group, name.casefold())] = key
        tokens = _tokens(name)
        gkey = GROUP_KEYS[group]
        if gkey == "person" and len(tokens) >= 2:
            words = [t for t in tokens if t.casefold().rstrip(".") not in _HONORIFICS]
            if words:
                self._by_alias.setdefault((group, words[-1].casefold()), key)
                full = " ".join(words)
                self._by_alias.setdefault((group, full.casefold()), key)
        if gkey == "org":
            acronym = _acronym(name)
            if acronym:
                self._by_alias.setdefault((group, acronym.casefold()), key)

    def _match_alias(self, group: int, name: str) -> int | None:
        """A later, longer mention of an entity first met by a short name ("Becker" then
        "Tom Becker") or a title plus surname ("Mayor Ruiz")."""
        tokens = _tokens(name)
        if GROUP_KEYS[group] == "person" and tokens:
            words = [t for t in tokens if t.casefold().rstrip(".") not in _HONORIFICS]
            if words:
                key = self._by_alias.get((group, " ".join(words).casefold()))
                if key is None:
                    key = self._by_alias.get((group, words[-1].casefold()))
                if key is not None:
                    current = self.names[key]
                    if len(name) > len(current) and len(words) > len(_tokens(current)):
                        self.aliases.setdefault(key, set()).add(current)
                        self.names[key] = " ".join(words)
                    self._register(group, name, key)
                    return key
        return None

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.names)

    def key(self, entity_id: int) -> str:
        return f"{GROUP_KEYS[self.groups[entity_id]]}:{self._first_names[entity_id].casefold()}"

    def id_of(self, key: str) -> int | None:
        """The entity id of ``key`` (see :attr:`EntityEntry.key`), or None."""
        group, _, lookup = key.partition(":")
        g = _GROUP_INDEX.get(group)
        if g is None:
            return None
        groups, first_names = self.groups, self._first_names
        for i in range(len(first_names)):
            if groups[i] == g and first_names[i].casefold() == lookup:
                return i
        return None

    def entry(self, key: str) -> EntityEntry | None:
        """The entity with ``key``, or None."""
        entity_id = self.id_of(key)
        return None if entity_id is None else EntityEntry(self, entity_id)

    @property
    def entries(self) -> dict[str, EntityEntry]:
        """Every entity by key (made on each call: prefer :meth:`entry`)."""
        return {self.key(i): EntityEntry(self, i) for i in range(len(self))}

    def labels_of(self, entity_id: int) -> set[str]:
        mask = self.label_masks[entity_id]
        labels = self.mentions.labels
        return {label for i, label in enumerate(labels) if mask >> min(i, 63) & 1}

    def mentions_of(self, entity_id: int) -> list[tuple[int, int]]:
        """``(start, end)`` of the mentions of ``entity_id``, in text order."""
        if self._csr is None:
            counts = self.counts
            offsets = array("i", [0]) * (len(counts) + 1)
            for i, c in enumerate(counts):
                offsets[i + 1] = offsets[i] + c
            fill = array("i", offsets[:-1])
            order = array("i", [0]) * offsets[-1]
            for m, k in enumerate(self.entity_of):
                if k >= 0:
                    order[fill[k]] = m
                    fill[k] += 1
            self._csr = (offsets, order)
        offsets, order = self._csr
        starts, ends = self.mentions.starts(), self.mentions.ends()
        return [(starts[m], ends[m]) for m in order[offsets[entity_id] : offsets[entity_id + 1]]]

    def ordered_ids(self) -> list[tuple[str, list[int]]]:
        """Entity ids by group in the colour scheme's order, most mentioned first."""
        by_group: list[list[int]] = [[] for _ in GROUP_KEYS]
        for i, g in enumerate(self.groups):
            by_group[g].append(i)
        counts, firsts = self.counts, self.firsts
        result: list[tuple[str, list[int]]] = []
        for g, ids in enumerate(by_group):
            if ids:
                ids.sort(key=lambda i: (-counts[i], firsts[i]))
                result.append((GROUP_KEYS[g], ids))
        return result

    def grouped(self) -> list[tuple[str, list[EntityEntry]]]:
        """Entries by group in the colour scheme's order, most mentioned first."""
        return [(group, [EntityEntry(self, i) for i in ids]) for group, ids in self.ordered_ids()]
