"""A verdict on a claim: a rating on the scale, a short Markdown reasoning and evidence links,
anchored to the claim's content like a note (no I/O here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from margin.errors import MarginError
from margin.storage.model import Anchor, AnchorStatus
from margin.storage.verdict_config import check_link

MAX_REASONING = 20_000
"""Longest reasoning kept (characters): a verdict's reasoning is short by nature."""
MAX_LINKS = 20

MATCH_OVERLAP = 0.6
"""A verdict belongs to a claim whose content overlaps its passage by at least this share of
the two together (a re-analysis that moved the content's edge by a word or two)."""


def check_links(links: Iterable[str]) -> tuple[str, ...]:
    """The evidence links, each checked (http/https only), blanks dropped, repeats once;
    :class:`MarginError` for the first bad one."""
    seen: dict[str, None] = {}
    for link in links:
        if link.strip():
            seen.setdefault(check_link(link), None)
    if len(seen) > MAX_LINKS:
        raise MarginError(f"at most {MAX_LINKS} evidence links per verdict")
    return tuple(seen)


@dataclass(frozen=True, slots=True)
class Verdict:
    """A verdict on the claim whose content is ``anchor``'s passage of article ``article``.

    ``rating`` is a label of the scale (:class:`~margin.storage.verdict_config.VerdictScale`),
    ``reasoning`` Markdown, ``links`` http(s) URLs. ``status`` is not stored: it says how the
    last re-anchoring went (an ``orphaned`` verdict is kept and listed apart).
    """

    id: str
    article: str
    anchor: Anchor
    rating: str
    reasoning: str = ""
    links: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""
    status: AnchorStatus = field(default="anchored", compare=False)

    @property
    def orphaned(self) -> bool:
        return self.status == "orphaned"

    @property
    def span(self) -> tuple[int, int]:
        return self.anchor.start, self.anchor.end

    def with_(self, **changes: Any) -> Verdict:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": self.article,
            "anchor": self.anchor.to_dict(),
            "rating": self.rating,
            "reasoning": self.reasoning,
            "links": list(self.links),
            "created": self.created,
            "updated": self.updated,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Verdict:
        """The verdict stored as ``data``; ``ValueError``/``KeyError``/``TypeError`` if it is
        malformed (a link that is not http(s) included)."""
        links = data.get("links", ())
        if not isinstance(links, list | tuple):
            raise ValueError('"links" is not a list')
        try:
            checked = check_links(str(link) for link in links)
        except MarginError as exc:
            raise ValueError(str(exc)) from None
        rating = data["rating"]
        if not isinstance(rating, str) or not rating.strip():
            raise ValueError('"rating" is missing')
        return cls(
            id=str(data["id"]),
            article=str(data["article"]),
            anchor=Anchor.from_dict(data["anchor"]),
            rating=rating,
            reasoning=str(data.get("reasoning", ""))[:MAX_REASONING],
            links=checked,
            created=str(data.get("created", "")),
            updated=str(data.get("updated", "")),
        )


def overlap_share(a: tuple[int, int], b: tuple[int, int]) -> float:
    """How much spans ``a`` and ``b`` overlap, as a share of the two together (0 to 1)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if inter > 0 and union > 0 else 0.0


def match_span(verdicts: Sequence[Verdict], start: int, end: int) -> Verdict | None:
    """The verdict on the claim whose content is ``start..end``: one on exactly that passage,
    else the one overlapping it most (at least :data:`MATCH_OVERLAP`); orphans never match."""
    best: tuple[float, Verdict] | None = None
    for verdict in verdicts:
        if verdict.orphaned:
            continue
        if verdict.span == (start, end):
            return verdict
        share = overlap_share(verdict.span, (start, end))
        if share >= MATCH_OVERLAP and (best is None or share > best[0]):
            best = (share, verdict)
    return best[1] if best else None
