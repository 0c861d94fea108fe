"""Notes, highlights, anchors and library entries: plain dataclasses, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any, Literal

AnchorStatus = Literal["anchored", "moved", "fuzzy", "orphaned"]

_SHA256 = re.compile(r"[0-9a-f]{64}")

QUOTE_CONTEXT = 32
"""How many characters of prefix and suffix a TextQuoteSelector keeps."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note sits: a W3C TextQuoteSelector plus a TextPositionSelector.

    ``exact``/``prefix``/``suffix`` find the passage again when the text changes;
    ``start``/``end`` are character offsets into the article text as last anchored.
    """

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def from_text(cls, text: str, start: int, end: int) -> Anchor:
        """Anchor ``text[start:end]`` with up to 32 characters of context on each side."""
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"span {start}-{end} outside a text of {len(text)} characters")
        return cls(
            exact=text[start:end],
            prefix=text[max(0, start - QUOTE_CONTEXT) : start],
            suffix=text[end : end + QUOTE_CONTEXT],
            start=start,
            end=end,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Anchor:
        return cls(  # positional: this runs for every note read
            str(data["exact"]),
            str(data.get("prefix", "")),
            str(data.get("suffix", "")),
            int(data["start"]),
            int(data["end"]),
        )


@dataclass(frozen=True, slots=True)
class Note:
    """A note or a highlight (a note with an empty body) on a passage of one article.

    ``article`` is the article's SHA-256 when the note was made or last re-anchored.
    ``colour`` is 1-5 or ``None``. Times are ISO 8601 UTC strings. ``status`` is not stored:
    it says how the last re-anchoring went (``orphaned`` notes are kept, listed apart).
    """

    id: str
    article: str
    anchor: Anchor
    body: str = ""
    tags: tuple[str, ...] = ()
    colour: int | None = None
    created: str = ""
    updated: str = ""
    status: AnchorStatus = field(default="anchored", compare=False)

    @property
    def is_highlight(self) -> bool:
        """A highlight is a note without a body."""
        return not self.body.strip()

    @property
    def orphaned(self) -> bool:
        return self.status == "orphaned"

    def with_(self, **changes: Any) -> Note:
        """A copy with ``changes`` applied (built directly: ``dataclasses.replace`` costs
        several times more, which shows when thousands of notes are re-anchored)."""
        values = {name: getattr(self, name) for name in _NOTE_FIELDS}
        values.update(changes)
        return Note(**values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": self.article,
            "anchor": self.anchor.to_dict(),
            "body": self.body,
            "tags": list(self.tags),
            "colour": self.colour,
            "created": self.created,
            "updated": self.updated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        colour = data.get("colour")
        return cls(  # positional: this runs for every note read
            str(data["id"]),
            str(data["article"]),
            Anchor.from_dict(data["anchor"]),
            str(data.get("body", "")),
            tuple(map(str, data.get("tags", ()))),
            int(colour) if colour is not None else None,
            str(data.get("created", "")),
            str(data.get("updated", "")),
        )


_NOTE_FIELDS = tuple(f.name for f in fields(Note))


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """An article in the library. Its text snapshot lives in a file beside the DB."""

    sha256: str
    title: str
    source: str
    added: str
    opened: str
    note_count: int = field(default=0, compare=False)
    position: int = field(default=0, compare=False)
    """Where the reader left off: a character offset into the text (0: the start)."""

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sha256": self.sha256,
            "title": self.title,
            "source": self.source,
            "added": self.added,
            "opened": self.opened,
        }
        if self.position > 0:
            data["position"] = self.position
        return data

    @classmethod
    def from_dict(cls, data: Any) -> LibraryEntry:
        """The entry stored as ``data``; ``ValueError`` (saying what is wrong) if malformed.

        An entry must be an object whose ``sha256`` is 64 lowercase hex digits; ``title``,
        ``source``, ``added`` and ``opened`` are strings when present (missing or null: "").
        A ``position`` that is not a whole number ≥ 0 reads as 0.
        """
        if not isinstance(data, dict):
            raise ValueError(f"expected an object, not {type(data).__name__}")
        sha = data.get("sha256")
        if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
            raise ValueError('"sha256" is missing or not 64 hex digits')
        fields: dict[str, str] = {}
        for name in ("title", "source", "added", "opened"):
            value = data.get(name)
            if value is not None and not isinstance(value, str):
                raise ValueError(f'"{name}" is {type(value).__name__}, not a string')
            fields[name] = value or ""
        position = data.get("position")
        if type(position) is not int or position < 0:
            position = 0  # not worth refusing the entry for: the reader starts at the top
        return cls(sha256=sha, **fields, position=position)
