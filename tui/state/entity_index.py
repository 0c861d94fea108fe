"""The Entities tab's index: mentions grouped into entities as :mod:`analysis.entity_list`
lists them (no Textual).

Which mentions are one entity and what it is called is decided in the analysis layer (the
entity resolver's groups: *Mayor Ana Ruiz*, *Ana Ruiz* and *Ruiz* are *Ana Ruiz*), through
:func:`analysis.entity_list.listing_key`, the same rule the exports and ``margin analyze``
list entities by.

A long article has some 20,000 mentions of 10,000 entities, so the index keeps them in
parallel arrays over the mention layer it is built from (entity ids per mention, counts,
names); an :class:`EntityEntry` is a small view made on demand.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from margin.analysis.entity_list import KINDS, listing_key, normalise_name
from margin.analysis.service.compact import EntityMentions
from margin.model import Entity

GROUP_KEYS = KINDS
_GROUP_INDEX = {key: i for i, key in enumerate(GROUP_KEYS)}


class EntityEntry:
    """One entity of an :class:`EntityIndex`: its name, group, labels and mentions."""

    __slots__ = ("id", "index")

    def __init__(self, index: EntityIndex, entity_id: int) -> None:
        self.index = index
        self.id = entity_id

    @property
    def key(self) -> str:
        """A stable key: its kind and name (``person:grace okafor``)."""
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
        labels, groups = layer.labels, layer.groups
        self._label_names = sorted(set(labels))
        bits = {label: i for i, label in enumerate(self._label_names)}
        label_bit = [1 << min(bits[label], 63) for label in labels]
        self.names: list[str] = []
        self._keys: list[str] = []
        self.groups = bytearray()
        self.counts = array("i")
        self.firsts = array("i")
        self.label_masks = array("Q")
        self.aliases: dict[int, set[str]] = {}
        self.entity_of = array("i")
        """Entity id of each mention of the layer (-1: no usable name)."""
        by_key: dict[tuple[int, str], int] = {}
        self._csr: tuple[array[int], array[int]] | None = None
        prev = (-1, -1)
        for i in range(len(starts)):
            s, e = starts[i], ends[i]
            if (s, e) == prev:  # the same span again (another label): counted once
                self.entity_of.append(-1)
                continue
            prev = (s, e)
            value = values[i]
            text = layer.mention_text(s, e)
            kind, key, name = listing_key(labels[value], text, groups[value])
            if not key:
                self.entity_of.append(-1)
                continue
            g = _GROUP_INDEX[kind]
            entity_id = by_key.get((g, key))
            if entity_id is None:
                entity_id = by_key[(g, key)] = len(self.names)
                self.names.append(name)
                self._keys.append(key)
                self.groups.append(g)
                self.counts.append(0)
                self.firsts.append(s)
                self.label_masks.append(0)
            self.counts[entity_id] += 1
            self.label_masks[entity_id] |= label_bit[value]
            alias = normalise_name(text)
            if alias and alias != self.names[entity_id]:
                self.aliases.setdefault(entity_id, set()).add(alias)
            self.entity_of.append(entity_id)

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.names)

    def key(self, entity_id: int) -> str:
        """``kind:name`` case-folded (``person:ana ruiz``), as
        :attr:`analysis.entity_list.ListedEntity.key`."""
        return f"{GROUP_KEYS[self.groups[entity_id]]}:{self._keys[entity_id]}"

    def id_of(self, key: str) -> int | None:
        """The entity id of ``key`` (see :attr:`EntityEntry.key`), or None."""
        group, _, lookup = key.partition(":")
        g = _GROUP_INDEX.get(group)
        if g is None:
            return None
        groups, keys = self.groups, self._keys
        for i in range(len(keys)):
            if groups[i] == g and keys[i] == lookup:
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
        return {label for i, label in enumerate(self._label_names) if mask >> min(i, 63) & 1}

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
