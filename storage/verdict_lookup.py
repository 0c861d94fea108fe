"""The seam between the claims index and verdicts on claims: what the Claims view and
``margin claims`` ask of whatever stores verdicts (no verdicts until something plugs in)."""

from __future__ import annotations

from typing import Protocol


class VerdictLookup(Protocol):
    """Verdicts on claims, looked up by the claim's article and content offsets."""

    def rating(self, sha256: str, start: int, end: int) -> str | None:
        """The verdict on the claim whose content is ``start``-``end`` of article ``sha256``
        (a rating such as ``false``), or None when it has none."""
        ...


class NoVerdicts:
    """No verdict on any claim."""

    def rating(self, sha256: str, start: int, end: int) -> str | None:
        return None


def library_verdicts(db_path: object) -> VerdictLookup:
    """The verdicts stored beside the database at ``db_path`` (none yet: verdicts plug in
    here)."""
    return NoVerdicts()
