"""What an export holds: one article, its notes in reading order, and optionally its analysis.

Every renderer (Markdown, JSON, HTML, W3C) starts from an :class:`ExportDocument`, so the
choice of notes (``--what``), their order, the counts and the article's source as shown (a
local file by its name only) are the same in every format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from margin.errors import MarginError
from margin.model import Analysis, Article
from margin.sources.shared_name import shared_source
from margin.storage.model import Note
from margin.storage.verdict_model import Verdict

What = Literal["notes", "highlights", "claims", "all"]

WHAT: dict[str, str] = {
    "notes": "notes and highlights",
    "highlights": "highlights only (passages without a note)",
    "claims": "notes and highlights, plus the article's claims",
    "all": "notes and highlights, claims and entities",
}
"""The ``--what`` choices and what each one exports."""


def wants_claims(what: str) -> bool:
    """Whether ``what`` asks for the claims section."""
    return what in ("claims", "all")


def wants_entities(what: str) -> bool:
    """Whether ``what`` asks for the entities section."""
    return what == "all"


def needs_analysis(fmt: str, what: str) -> bool:
    """Whether exporting ``fmt`` with ``what`` uses an :class:`Analysis`.

    HTML always shows entity marks and ClaimReview names each claim's speaker; other formats
    only need it for claims and entities.
    """
    return fmt in ("html", "claimreview") or wants_claims(what) or wants_entities(what)


def check_what(what: str) -> None:
    """Raise :class:`MarginError` unless ``what`` is one of :data:`WHAT`."""
    if what not in WHAT:
        choices = ", ".join(WHAT)
        raise MarginError(f"unknown export content {what!r} (choose one of: {choices})")


def timestamp(when: datetime | str | None = None) -> str:
    """An ISO 8601 UTC timestamp to the second (``2025-01-31T09:30:00Z``); ``None`` is now."""
    if isinstance(when, str):
        return when
    when = when or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def reading_order(notes: list[Note]) -> list[Note]:
    """Notes sorted by where they start in the text (then end, then creation time)."""
    return sorted(notes, key=lambda n: (n.anchor.start, n.anchor.end, n.created, n.id))


def select_notes(notes: list[Note], what: str) -> list[Note]:
    """The notes that ``what`` exports (``highlights`` keeps only notes without a body)."""
    if what == "highlights":
        return [n for n in notes if n.is_highlight]
    return list(notes)


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """Everything one export shows, already selected and ordered.

    ``placed`` are the anchored notes in reading order; ``orphaned`` the notes that could not
    be re-anchored (kept, listed apart). ``analysis`` is ``None`` when it was not asked for or
    failed; ``analysis_error`` then says why (shown in the output).
    """

    article: Article
    placed: list[Note]
    orphaned: list[Note]
    what: str
    exported: str
    analysis: Analysis | None = None
    analysis_error: str | None = None
    verdicts: tuple[Verdict, ...] = ()
    """Verdicts on the article's claims, in reading order, orphans last (none for
    ``highlights``)."""

    @classmethod
    def build(
        cls,
        article: Article,
        notes: list[Note],
        *,
        analysis: Analysis | None = None,
        what: str = "notes",
        exported_at: datetime | str | None = None,
        analysis_error: str | None = None,
        verdicts: Sequence[Verdict] = (),
    ) -> ExportDocument:
        """Select and order ``notes`` (and ``verdicts``) for ``what``; stamp the export time. A
        local source is named by its file name alone (an export is shared: it must not tell the
        user's folders); a URL stays whole."""
        check_what(what)
        shared = shared_source(article.source)
        if shared != article.source:
            article = Article(article.text, article.title, shared, article.sha256)
        chosen = select_notes(notes, what)
        placed = reading_order([n for n in chosen if not n.orphaned])
        orphaned = reading_order([n for n in chosen if n.orphaned])
        return cls(
            article=article,
            placed=placed,
            orphaned=orphaned,
            what=what,
            exported=timestamp(exported_at),
            analysis=analysis,
            analysis_error=analysis_error,
            verdicts=tuple(
                sorted(verdicts, key=lambda v: (v.orphaned, v.anchor.start, v.anchor.end, v.id))
            )
            if what != "highlights"
            else (),
        )

    @property
    def notes(self) -> list[Note]:
        """Every exported note: placed ones in reading order, then the orphans."""
        return self.placed + self.orphaned

    @property
    def tags(self) -> list[str]:
        """Every tag used by the exported notes, in first-use order, without duplicates."""
        seen: dict[str, None] = {}
        for note in self.notes:
            for tag in note.tags:
                seen.setdefault(tag, None)
        return list(seen)

    @property
    def highlight_count(self) -> int:
        """How many exported notes are highlights (no body)."""
        return sum(1 for n in self.notes if n.is_highlight)

    @property
    def note_count(self) -> int:
        """How many exported notes have a body."""
        return sum(1 for n in self.notes if not n.is_highlight)

    @property
    def claims_wanted(self) -> bool:
        return wants_claims(self.what)

    @property
    def entities_wanted(self) -> bool:
        return wants_entities(self.what)
