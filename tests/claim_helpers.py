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


def parsed_doc(words, heads, deps, tags, person):  # type: ignore[no-untyped-def]
    """A hand-made parse (``heads`` absolute), with ``person`` (start, end) as a PERSON
    entity when it is not empty: a rule tested on exactly the parse it is for."""
    import spacy
    from spacy.tokens import Doc, Span

    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, tags=tags)
    if person[1] > person[0]:
        doc.ents = [Span(doc, person[0], person[1], label="PERSON")]
    return doc
