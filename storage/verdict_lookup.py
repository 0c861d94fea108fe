"""The seam between the claims index and verdicts on claims: what the Claims view and
``margin claims`` ask of whatever stores verdicts (:func:`library_verdicts`: the store's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.store import Store


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


def library_verdicts(store: Store) -> VerdictLookup:
    """The verdicts stored beside ``store``'s database (:mod:`margin.storage.verdicts`), each
    article's read once, as stored; :class:`NoVerdicts` when no article has any."""
    from margin.storage.verdicts import LibraryVerdicts

    found = LibraryVerdicts(store.verdicts)
    return found if found.any else NoVerdicts()
