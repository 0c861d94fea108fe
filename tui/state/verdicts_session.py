"""The verdicts on one article's claims, as the reader shows and changes them (no Textual).

Every change goes to the store first; the list changes only once the store took it. Store
errors (:class:`~margin.errors.MarginError`) reach the caller with nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from margin.model import Article, Claim

if TYPE_CHECKING:  # pragma: no cover
    # Imported when first needed: the reader builds a session before its first frame, and
    # its verdicts come well after it.
    from margin.storage.verdict_config import VerdictConfig, VerdictScale
    from margin.storage.verdict_model import Verdict
    from margin.styles.verdicts import VerdictTone


class VerdictBook(Protocol):
    """What the reader needs of the verdict store
    (:class:`margin.storage.verdicts.VerdictStore`)."""

    def verdicts_for(self, article: Article) -> list[Verdict]: ...

    def set(
        self,
        article: Article,
        start: int,
        end: int,
        rating: str,
        *,
        scale: VerdictScale,
        reasoning: str = "",
        links: Iterable[str] = (),
        replaces: Verdict | None = None,
    ) -> Verdict: ...

    def clear(self, verdict: Verdict) -> Verdict: ...


class VerdictsSession:
    """The verdicts of ``article``'s claims in ``book`` (None: verdicts are off)."""

    def __init__(self, article: Article, config: VerdictConfig | None = None) -> None:
        self.article = article
        self._config = config
        self.book: VerdictBook | None = None
        self.verdicts: list[Verdict] = []
        """In reading order, orphans last."""

    @property
    def config(self) -> VerdictConfig:
        """The scale and reviewer (the defaults until :attr:`config` is set)."""
        if self._config is None:
            from margin.storage.verdict_config import VerdictConfig

            self._config = VerdictConfig()
        return self._config

    @config.setter
    def config(self, config: VerdictConfig) -> None:
        self._config = config

    @property
    def scale(self) -> VerdictScale:
        return self.config.scale

    def open(self, book: VerdictBook) -> list[Verdict]:
        """Read the article's verdicts (re-anchored) from ``book``."""
        self.verdicts = book.verdicts_for(self.article)
        self.book = book
        return self.verdicts

    @property
    def orphans(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.orphaned]

    def for_span(self, start: int, end: int) -> Verdict | None:
        """The verdict on the claim whose content is ``start..end``."""
        from margin.storage.verdict_model import match_span

        return match_span(self.verdicts, start, end)

    def for_claim(self, claim: Claim) -> Verdict | None:
        return self.for_span(claim.content.start, claim.content.end)

    def tone(self, rating: str) -> VerdictTone:
        """How ``rating`` looks (by its place on the scale)."""
        from margin.styles.verdicts import verdict_tone

        return verdict_tone(self.scale.tone(rating))

    def marks(self) -> list[tuple[int, int, str]]:
        """``(start, end, rating)`` of each verdict found in the text (for the view)."""
        return [(v.anchor.start, v.anchor.end, v.rating) for v in self.verdicts if not v.orphaned]

    def _book(self) -> VerdictBook:
        if self.book is None:
            raise RuntimeError("verdicts are off")  # callers check first
        return self.book

    def set(
        self, claim: Claim, rating: str, reasoning: str = "", links: Iterable[str] = ()
    ) -> Verdict:
        """Save the verdict on ``claim`` (its existing one changed, if any)."""
        existing = self.for_claim(claim)
        saved = self._book().set(
            self.article, claim.content.start, claim.content.end, rating,
            scale=self.scale, reasoning=reasoning, links=links, replaces=existing,
        )  # fmt: skip
        self._put(saved, gone=existing.id if existing else None)
        return saved

    def clear(self, verdict: Verdict) -> None:
        """Remove ``verdict``."""
        self._book().clear(verdict)
        self._put(None, gone=verdict.id)

    def _put(self, verdict: Verdict | None, *, gone: str | None) -> None:
        drop = {gone, verdict.id if verdict else None}
        kept = [v for v in self.verdicts if v.id not in drop]
        if verdict is not None:
            kept.append(verdict)
        self.verdicts = sorted(kept, key=lambda v: (v.orphaned, v.anchor.start, v.anchor.end))
