"""What an import file holds (:class:`ImportBundle`), and the checks the margin JSON and the
W3C readers share (:mod:`margin.export.importer`, :mod:`margin.export.w3c_import`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from margin.errors import MarginError
from margin.model import Article
from margin.storage.model import Note
from margin.storage.verdict_model import Verdict

SHA256 = re.compile(r"^[0-9a-f]{64}$")
STATUSES = ("anchored", "moved", "fuzzy", "orphaned")


@dataclass(slots=True)
class ImportBundle:
    """What an import file holds.

    ``kind`` is ``"margin-export"`` or ``"w3c"``. ``articles`` are the articles whose text came
    with the file (margin JSON), so they can be added to the library. ``sources`` maps a note
    id to its W3C target source (a path for ``file://`` IRIs): notes whose article is not
    known by SHA-256 (``note.article == ""``, foreign W3C) must be resolved by the caller
    against the library by that source.
    """

    kind: str
    notes: list[Note]
    articles: list[Article] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    """Note (or verdict) id → its W3C target source."""
    titles: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Article SHA-256 → (title, source) for articles named without their text (a margin W3C
    export's ``margin:articleInfo``): how to name them before they are opened."""
    verdicts: list[Verdict] = field(default_factory=list)
    """Verdicts on claims (margin JSON; W3C ``assessing`` annotations; a store verdict
    file)."""


def check_unique(items: list[Note] | list[Verdict], what: str = "notes") -> None:
    """Raise :class:`MarginError` if two of ``items`` share an id."""
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise MarginError(f"the file has two {what} with the id {item.id!r}")
        seen.add(item.id)
