"""The reader's compact copy of an analysis: parallel arrays, not tens of thousands of objects.

A 1 MB article has some 20,000 entity mentions, 8,000 sentences and 6,000 claims. As
dataclasses (each with its own copy of the text it covers, and boxed ints) they take tens of
megabytes; here they take well under one. Every span is ``(start, end)`` into the one article
text, so the text of a mention or claim part is a slice of it (kept aside only in the rare
case where it differs). :class:`~margin.model.Claim` and :class:`~margin.model.Entity`
objects are made on demand (a chosen claim, an export).

:func:`parse_compact` reads a stored analysis (the analysis cache's files) straight into this
form (a JSON ``object_hook`` turns each entity and claim into array entries as it is parsed,
so the whole object tree never exists at once). No Textual here.
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, overload

from margin.analysis.service.span_index import OFFSET_TYPE, SpanLayer
from margin.model import CLAIM_KINDS, Analysis, Claim, Entity, Speaker, TextSpan

NONE = -1
"""Start of a missing span (a claim without speaker or cue)."""
VALUE_TYPE = "I"
"""Array type of the mention layer's (label, group) ids."""


class SpanArray(Sequence[tuple[int, int]]):
    """Sorted, distinct ``(start, end)`` pairs in two arrays (sentences, paragraphs, units)."""

    __slots__ = ("ends", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        pairs = sorted(set(spans))
        self.starts = array(OFFSET_TYPE, [s for s, _ in pairs])
        self.ends = array(OFFSET_TYPE, [e for _, e in pairs])

    @classmethod
    def from_arrays(cls, starts: array[int], ends: array[int]) -> SpanArray:
        """Wrap arrays already sorted by (start, end)."""
        new = cls()
        new.starts, new.ends = starts, ends
        return new

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.ends[index], strict=True))
        return self.starts[index], self.ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends, strict=True)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SpanArray):
            return self.starts == other.starts and self.ends == other.ends
        if isinstance(other, Sequence):
            return list(self) == [tuple(p) for p in other]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def merge(self, spans: Iterable[tuple[int, int]]) -> int:
        """Insert new pairs (duplicates skipped); returns how many were added."""
        starts, ends = self.starts, self.ends
        added = 0
        for s, e in sorted(spans):
            i = bisect_left(starts, s)
            while i < len(starts) and starts[i] == s and ends[i] < e:
                i += 1
            if i < len(starts) and starts[i] == s and ends[i] == e:
                continue
            starts.insert(i, s)
            ends.insert(i, e)
            added += 1
        return added


class EntityMentions(SpanLayer[int]):
    """Entity mentions as a span layer whose values are ids of (label, group) pairs
    (``labels[id]``, ``groups[id]``)."""

    __slots__ = ("_texts", "_value_ids", "groups", "labels", "text")

    def __init__(self, text: str, entities: Iterable[Entity] = ()) -> None:
        super().__init__(typecode=VALUE_TYPE)
        self.text = text
        self.labels: list[str] = []
        self.groups: list[str] = []
        self._value_ids: dict[tuple[str, str], int] | None = {}
        """(label, group) -> value id; None until needed after :meth:`set_vocabulary`."""
        self._texts: dict[tuple[int, int], str] = {}
        """Mention texts that are not the article's slice (rare; never from the engine)."""
        self.add_entities(entities)

    def label_id(self, label: str, group: str = "") -> int:
        """The value id of ``label`` and ``group`` (added to the vocabulary if new)."""
        key = (label, group)
        ids = self._value_ids
        if ids is None:
            ids = self._value_ids = {}
            for i, pair in enumerate(zip(self.labels, self.groups, strict=True)):
                ids.setdefault(pair, i)
        found = ids.get(key)
        if found is None:
            found = ids[key] = len(self.labels)
            self.labels.append(label)
            self.groups.append(group)
        return found

    def set_vocabulary(self, labels: list[str], groups: list[str]) -> None:
        """Replace the (label, group) pairs the value ids stand for (ids in list order; the
        reverse lookup is built when first needed: a cached analysis rarely needs it)."""
        if len(labels) != len(groups):
            raise ValueError("as many groups as labels")
        self.labels, self.groups = labels, groups
        self._value_ids = None

    def add_entities(self, entities: Iterable[Entity]) -> None:
        """Add mentions (kept sorted by start)."""
        text = self.text

        def spans() -> Iterator[tuple[int, int, int]]:
            for e in entities:
                if e.text != text[e.start : e.end]:
                    self._texts[(e.start, e.end)] = e.text
                yield e.start, e.end, self.label_id(e.label, e.group)

        self.add_many(spans())

    def label(self, index: int) -> str:
        """The label of mention ``index``."""
        return self.labels[self._values[index]]

    def group(self, index: int) -> str:
        """The entity group of mention ``index`` ("" before the document was resolved)."""
        return self.groups[self._values[index]]

    def mention_text(self, start: int, end: int) -> str:
        return self._texts.get((start, end)) or self.text[start:end]

    def entity(self, index: int) -> Entity:
        """Mention ``index`` as an :class:`Entity`."""
        s, e = self._starts[index], self._ends[index]
        value = self._values[index]
        return Entity(s, e, self.labels[value], self.mention_text(s, e), self.groups[value])

    def entities(self) -> list[Entity]:
        """Every mention as an :class:`Entity`, in text order (for an export)."""
        return [self.entity(i) for i in range(len(self))]


_FIELDS = ("content", "speaker", "original", "cue")


class ClaimTable(Sequence[Claim]):
    """Claims in article order as parallel arrays; ``table[i]`` makes the :class:`Claim`."""

    def __init__(self, text: str, claims: Iterable[Claim] = ()) -> None:
        self.text = text
        self.kinds = bytearray()
        self.spans: dict[str, tuple[array[int], array[int]]] = {
            name: (array(OFFSET_TYPE), array(OFFSET_TYPE)) for name in _FIELDS
        }
        self.scores = array("d")
        self.sentences = array(OFFSET_TYPE)
        self.flag_ids = array("H")
        self._flag_sets: list[tuple[str, ...]] = [()]
        self.speaker_groups = array("i")
        """Per row: index into :attr:`group_names` of the speaker's entity group, or -1."""
        self.group_names: list[str] = []
        self._group_ids: dict[str, int] = {}
        self._texts: dict[tuple[int, str], str] = {}
        """Texts that are not the article's slice: (row, field) -> text."""
        self.extend(claims)

    # -- building ------------------------------------------------------------------------

    def _put(self, row: int, name: str, span: tuple[int, int, str | None] | None) -> None:
        starts, ends = self.spans[name]
        if span is None:
            starts.append(NONE)
            ends.append(NONE)
            return
        s, e, text = span
        starts.append(s)
        ends.append(e)
        if text is not None and text != self.text[s:e]:
            self._texts[(row, name)] = text

    def append_parts(
        self,
        kind: str,
        content: tuple[int, int, str | None],
        speaker: tuple[int, int, str | None] | None,
        original: tuple[int, int, str | None] | None,
        cue: tuple[int, int, str | None] | None,
        score: float,
        sentence: int,
        flags: Sequence[str],
        speaker_group: str = "",
    ) -> None:
        """Append one claim given as spans ``(start, end, text or None)``."""
        row = len(self.kinds)
        self.kinds.append(CLAIM_KINDS.index(kind))  # type: ignore[arg-type]
        self._put(row, "content", content)
        self._put(row, "speaker", speaker)
        self._put(row, "original", original)
        self._put(row, "cue", cue)
        self.scores.append(score)
        self.sentences.append(sentence)
        key = tuple(flags)
        try:
            flag_id = self._flag_sets.index(key)
        except ValueError:
            flag_id = len(self._flag_sets)
            self._flag_sets.append(key)
        self.flag_ids.append(flag_id)
        group_id = -1
        if speaker_group:
            group_id = self._group_ids.get(speaker_group, -1)
            if group_id < 0:
                group_id = self._group_ids[speaker_group] = len(self.group_names)
                self.group_names.append(speaker_group)
        self.speaker_groups.append(group_id)

    def _append(self, claim: Claim) -> None:
        def part(span: TextSpan | Speaker | None) -> tuple[int, int, str | None] | None:
            return None if span is None else (span.start, span.end, span.text)

        speaker = claim.speaker
        self.append_parts(
            claim.kind,
            (claim.content.start, claim.content.end, claim.content.text),
            part(speaker),
            part(speaker.original if speaker is not None else None),
            part(claim.cue),
            claim.score,
            claim.sentence,
            claim.flags,
            speaker.group if speaker is not None else "",
        )

    def extend(self, claims: Iterable[Claim]) -> None:
        """Add claims, keeping article order (content start, then end)."""
        new = sorted(claims, key=lambda c: (c.content.start, c.content.end))
        if not new:
            return
        starts, ends = self.spans["content"]
        if starts and (new[0].content.start, new[0].content.end) < (starts[-1], ends[-1]):
            merged = sorted([*self, *new], key=lambda c: (c.content.start, c.content.end))
            self.__init__(self.text, merged)  # type: ignore[misc]
            return
        for claim in new:
            self._append(claim)

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.kinds)

    def kind(self, row: int) -> str:
        return CLAIM_KINDS[self.kinds[row]]

    def span(self, row: int, name: str) -> tuple[int, int] | None:
        """``(start, end)`` of part ``name`` (content, speaker, original, cue) or None."""
        starts, ends = self.spans[name]
        s = starts[row]
        return None if s == NONE else (s, ends[row])

    def part_text(self, row: int, name: str) -> str | None:
        """The text of part ``name`` of claim ``row`` (None when it has no such part)."""
        span = self.span(row, name)
        if span is None:
            return None
        return self._texts.get((row, name)) or self.text[span[0] : span[1]]

    def speaker_text(self, row: int) -> str | None:
        """The speaker as written in claim ``row`` (None when unattributed)."""
        return self.part_text(row, "speaker")

    def speaker_group(self, row: int) -> str:
        """The entity group of claim ``row``'s speaker ("" if none)."""
        group_id = self.speaker_groups[row]
        return self.group_names[group_id] if group_id >= 0 else ""

    def speaker_label(self, row: int) -> str | None:
        """How claim ``row``'s speaker is named in lists: its group's name (*Ana Ruiz* for
        *Mayor Ana Ruiz* and for *Ruiz*), else its text; None when unattributed."""
        text = self.speaker_text(row)
        if text is None:
            return None
        return self.speaker_group(row) or " ".join(text.split())

    def score(self, row: int) -> float:
        return self.scores[row]

    def flags(self, row: int) -> tuple[str, ...]:
        return self._flag_sets[self.flag_ids[row]]

    def _text_span(self, row: int, name: str) -> TextSpan | None:
        span = self.span(row, name)
        if span is None:
            return None
        return TextSpan(span[0], span[1], self.part_text(row, name) or "")

    def claim(self, row: int) -> Claim:
        """Claim ``row`` as a :class:`Claim`."""
        content = self._text_span(row, "content")
        assert content is not None
        speaker_span = self.span(row, "speaker")
        speaker = None
        if speaker_span is not None:
            speaker = Speaker(
                speaker_span[0],
                speaker_span[1],
                self.part_text(row, "speaker") or "",
                self._text_span(row, "original"),
                self.speaker_group(row),
            )
        return Claim(
            kind=self.kind(row),  # type: ignore[arg-type]
            content=content,
            speaker=speaker,
            cue=self._text_span(row, "cue"),
            score=self.scores[row],
            sentence=self.sentences[row],
            flags=self.flags(row),
        )

    @overload
    def __getitem__(self, index: int) -> Claim: ...
    @overload
    def __getitem__(self, index: slice) -> list[Claim]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self.claim(i) for i in range(len(self))[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.claim(index)

    def row_of(self, claim: Claim) -> int | None:
        """The row holding ``claim`` (by its content span and parts), or None."""
        starts = self.spans["content"][0]
        i = bisect_left(starts, claim.content.start)
        while i < len(starts) and starts[i] == claim.content.start:
            if self.claim(i) == claim:
                return i
            i += 1
        return None


@dataclass(slots=True, eq=False)
class ReaderAnalysis:
    """Sentences, entity mentions and claims of one article, compact (see the module doc)."""

    text: str = field(repr=False)
    sentences: SpanArray = field(default_factory=SpanArray)
    mentions: EntityMentions = field(init=False)
    claims: ClaimTable = field(init=False)
    model: str = ""
    #: Each sentence's check-worthiness, parallel to ``sentences`` (empty if not scored).
    checkworthiness: array[float] = field(default_factory=lambda: array("d"))

    def __post_init__(self) -> None:
        self.mentions = EntityMentions(self.text)
        self.claims = ClaimTable(self.text)

    @classmethod
    def from_analysis(cls, analysis: Analysis, text: str) -> ReaderAnalysis:
        """The compact form of ``analysis`` (of ``text``)."""
        data = cls(text, SpanArray(analysis.sentences), model=analysis.model)
        data.checkworthiness = array("d", analysis.checkworthiness)
        data.mentions.add_entities(analysis.entities)
        data.claims.extend(analysis.claims)
        return data

    def to_payload(self) -> dict[str, Any]:
        """Everything but the text, as arrays and small lists (cheap to pickle)."""
        m, c = self.mentions, self.claims
        return {
            "model": self.model,
            "sentences": (self.sentences.starts, self.sentences.ends),
            "checkworthiness": self.checkworthiness,
            "mentions": (m._starts, m._ends, m._values, m.labels, m.groups, m._texts),
            "claims": (c.kinds, c.spans, c.scores, c.sentences, c.flag_ids, c._flag_sets,
                       c.speaker_groups, c.group_names, c._texts),
        }  # fmt: skip

    @classmethod
    def from_payload(cls, payload: dict[str, Any], text: str) -> ReaderAnalysis:
        """The inverse of :meth:`to_payload` (``text``: the article's). A ``max_end`` entry
        (the mentions' running maximum of ends, as stored beside them) saves computing it."""
        data = cls(text, SpanArray.from_arrays(*payload["sentences"]), model=payload["model"])
        data.checkworthiness = payload["checkworthiness"]
        m = data.mentions
        m._starts, m._ends, m._values, labels, groups, m._texts = payload["mentions"]
        m.set_vocabulary(list(labels), list(groups))
        max_end = payload.get("max_end")
        if max_end is not None and len(max_end) == len(m._ends):
            m._max_end = max_end
            m.version += 1
        else:
            m._max_end = array(OFFSET_TYPE)
            m._rebuild_max()
        c = data.claims
        (c.kinds, c.spans, c.scores, c.sentences, c.flag_ids, c._flag_sets,
         c.speaker_groups, c.group_names, c._texts) = payload["claims"]  # fmt: skip
        c._group_ids = {name: i for i, name in enumerate(c.group_names)}
        return data

    def to_analysis(self) -> Analysis:
        """Back to an :class:`Analysis` (objects made now: for an export)."""
        return Analysis(
            sentences=list(self.sentences),
            entities=self.mentions.entities(),
            claims=list(self.claims),
            model=self.model,
            checkworthiness=list(self.checkworthiness),
        )


def parse_compact(source: str, text: str) -> tuple[Any, ReaderAnalysis | None]:
    """Parse a JSON document holding one :meth:`Analysis.to_dict` object of ``text`` (e.g. an
    analysis cache file: :meth:`margin.analysis.cache.AnalysisCache.get_compact` owns that
    format) straight into compact form.

    A JSON ``object_hook`` turns each entity and claim into array entries as it is parsed, so
    the whole object tree never exists at once. Returns the document itself (the analysis
    object in it replaced by None: the caller checks the rest) and the compact analysis, or
    None when the document holds none. Raises ``ValueError`` (and the like) on a damaged one.
    """
    data = ReaderAnalysis(text)
    found = False
    mentions = data.mentions
    m_starts: array[int] = array(OFFSET_TYPE)
    m_ends: array[int] = array(OFFSET_TYPE)
    m_labels: array[int] = array(VALUE_TYPE)
    label_id = mentions.label_id
    claims = data.claims
    texts = mentions._texts

    def span(d: dict[str, Any]) -> tuple[int, int, str | None]:
        s, e = int(d["start"]), int(d["end"])
        t = d.get("text")
        return s, e, (None if t is None or t == text[s:e] else str(t))

    def hook(d: dict[str, Any]) -> Any:
        nonlocal found
        if "label" in d:  # an entity mention
            s, e, t = span(d)
            if e > s:
                m_starts.append(s)
                m_ends.append(e)
                m_labels.append(label_id(str(d["label"]), str(d.get("group") or "")))
                if t is not None:
                    texts[(s, e)] = t
            return None
        if "kind" in d and "content" in d:  # a claim (its parts were turned into tuples)
            speaker = d.get("speaker")
            claims.append_parts(
                str(d["kind"]),
                d["content"],
                speaker[:3] if speaker else None,
                speaker[3] if speaker else None,
                d.get("cue"),
                float(d.get("score", 1.0)),
                int(d.get("sentence", -1)),
                tuple(d.get("flags", ())),
                speaker[4] if speaker else "",
            )
            return None
        if "start" in d and "end" in d:  # a text span, or a speaker with its original
            s, e, t = span(d)
            if "original" in d:  # a speaker
                return (s, e, t, d["original"], str(d.get("group") or ""))
            return (s, e, t)
        if "sentences" in d and "entities" in d and "claims" in d:  # the analysis itself
            data.sentences = SpanArray((int(s), int(e)) for s, e in d["sentences"])
            data.checkworthiness = array("d", map(float, d.get("checkworthiness", ())))
            data.model = str(d.get("model", ""))
            found = True
            return None
        return d

    document = json.loads(source, object_hook=hook)
    if not found:
        return document, None
    if any(b < a for a, b in pairwise(m_starts)):
        order = sorted(range(len(m_starts)), key=lambda i: (m_starts[i], m_ends[i]))
        m_starts = array(OFFSET_TYPE, (m_starts[i] for i in order))
        m_ends = array(OFFSET_TYPE, (m_ends[i] for i in order))
        m_labels = array(VALUE_TYPE, (m_labels[i] for i in order))
    mentions._starts, mentions._ends, mentions._values = m_starts, m_ends, m_labels
    mentions._rebuild_max()
    if any(a > b for a, b in pairwise(zip(*claims.spans["content"], strict=True))):
        ordered = ClaimTable(text, claims)
        data.claims = ordered
    return document, data
