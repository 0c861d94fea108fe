"""Helpers shared by the claim-rule tests: run the engine on a text, pick claims out."""

from __future__ import annotations

from margin.analysis.engine import analyze
from margin.model import Claim


def claims_of(nlp, text: str, kinds: tuple[str, ...] = ("quote", "reported")) -> list[Claim]:
    """The claims of ``kinds`` that margin finds in ``text``."""
    return [c for c in analyze(text, nlp).claims if c.kind in kinds]


def by_cue(nlp, text: str) -> dict[str, Claim]:
    """Attributed claims keyed by their cue's text."""
    return {c.cue.text: c for c in claims_of(nlp, text) if c.cue}
