"""The dataclasses that flow from loading to analysis to the view and to export.

Every span is ``(start, end)`` character offsets into the one ``Article.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

ClaimKind = Literal["quote", "reported", "assertion"]
CLAIM_KINDS: tuple[ClaimKind, ...] = ("quote", "reported", "assertion")


#: Entity kinds in the order they are listed, each with the spaCy labels it holds.
KIND_LABELS: dict[str, tuple[str, ...]] = {
    "person": ("PERSON",),
    "org": ("ORG", "NORP"),
    "place": ("GPE", "LOC", "FAC"),
    "number": ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"),
    "other": ("EVENT", "LAW", "PRODUCT", "WORK_OF_ART", "LANGUAGE"),
}


def sha256_text(text: str) -> str:
    """Return the hex SHA-256 of ``text`` encoded as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Article:
    """A loaded article: its reading text, its title and where it came from."""

    text: str
    title: str
    source: str
    sha256: str

    @classmethod
    def from_text(cls, text: str, title: str, source: str) -> Article:
        """Build an article, computing the SHA-256 of ``text``."""
        return cls(text=text, title=title, source=source, sha256=sha256_text(text))


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A span of the article text with a copy of the text it covers."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> TextSpan:
        """The span ``source[start:end]``."""
        return cls(start, end, source[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> TextSpan | None:
        if data is None:
            return None
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a claim is attributed to.

    ``start``/``end``/``text`` is the entity the speaker resolves to (snapped to the covering
    named entity, or the antecedent of a pronoun); ``original`` is the span as written in the
    sentence when it differs (a pronoun such as *They*, or *the senator*). ``group`` is the
    name of the entity group the speaker is (its fullest name: *Ana Ruiz* for *Mayor Ana
    Ruiz* and for *Ruiz*), empty when the speaker is no single named entity.
    """

    start: int
    end: int
    text: str
    original: TextSpan | None = None
    group: str = ""

    @property
    def label(self) -> str:
        """How the speaker is named in lists: its group's name, else its text."""
        return self.group or " ".join(self.text.split())

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "original": self.original.to_dict() if self.original else None,
            "group": self.group or None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Speaker | None:
        if data is None:
            return None
        return cls(
            int(data["start"]),
            int(data["end"]),
            str(data["text"]),
            TextSpan.from_dict(data.get("original")),
            str(data.get("group") or ""),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention (spaCy label such as PERSON, ORG, GPE, DATE...).

    ``group`` names the entity the mention is of: for a name, its alias group's fullest name
    (*Ruiz* and *Mayor Ana Ruiz* are both of *Ana Ruiz*); for a date or number, its own text.
    Empty when not resolved yet.
    """

    start: int
    end: int
    label: str
    text: str
    group: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "group": self.group or None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(
            int(data["start"]),
            int(data["end"]),
            str(data["label"]),
            str(data["text"]),
            str(data.get("group") or ""),
        )


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement the article attributes to someone or asserts.

    ``kind`` is ``quote`` (direct quotation), ``reported`` (indirect: *X said that...*,
    *according to X*) or ``assertion`` (unattributed, check-worthy, scored). ``score`` is 1.0
    for attributed claims and the check-worthiness (0-1) for assertions. ``sentence`` is the
    index in ``Analysis.sentences`` of the sentence where the content starts. ``flags`` carries
    extra facts such as ``"mental"`` (a belief or intention cue such as *believes*).
    """

    kind: ClaimKind
    content: TextSpan
    speaker: Speaker | None = None
    cue: TextSpan | None = None
    score: float = 1.0
    sentence: int = -1
    flags: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "score": round(self.score, 4),
            "content": self.content.to_dict(),
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "sentence": self.sentence,
            "flags": list(self.flags),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        content = TextSpan.from_dict(data["content"])
        assert content is not None
        return cls(
            kind=data["kind"],
            content=content,
            speaker=Speaker.from_dict(data.get("speaker")),
            cue=TextSpan.from_dict(data.get("cue")),
            score=float(data.get("score", 1.0)),
            sentence=int(data.get("sentence", -1)),
            flags=tuple(data.get("flags", ())),
        )


@dataclass(frozen=True, slots=True)
class Analysis:
    """Sentences, entities and claims of one article text, in text order.

    ``checkworthiness`` is parallel to ``sentences``: each sentence's 0-1 check-worthiness
    (empty when the analysis did not score them, e.g. the reader's compact copy).
    """

    sentences: list[tuple[int, int]]
    entities: list[Entity]
    claims: list[Claim]
    model: str = ""
    checkworthiness: list[float] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "sentences": [[s, e] for s, e in self.sentences],
            "checkworthiness": [round(x, 4) for x in self.checkworthiness],
            "entities": [e.to_dict() for e in self.entities],
            "claims": [c.to_dict() for c in self.claims],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            sentences=[(int(s), int(e)) for s, e in data["sentences"]],
            entities=[Entity.from_dict(e) for e in data["entities"]],
            claims=[Claim.from_dict(c) for c in data["claims"]],
            model=str(data.get("model", "")),
            checkworthiness=[float(x) for x in data.get("checkworthiness", [])],
        )
