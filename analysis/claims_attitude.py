"""Attitudes outside the lexicon (round 15, indirect recall): a predicate adjective with an
*about* object is its subject's attitude to it (*X is upbeat about Y*, *X was irritated
about Y*, *X remained vague about Y*), whatever the adjective; the stance and belief
adjectives of the lexicon (:func:`~analysis.claims_nouns.adjective_candidate`) take their
other prepositions and clauses. On PolNeAR train the new claims with an *about* object
matched 18 times in 22; with *of* or *on* about 57% of the time, with *for*, *to*, *with*
or *at* under 35% (classes that would lower precision), so only *about* is taken. The rule
has no rank in the linker's ``RULE_RANK``: it gives way to any other claim over the same
words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_nouns import LINKING_VERBS
from margin.analysis.claims_tokens import Candidate, content_span, sentence_chars, span_chars
from margin.analysis.speakers import speaker_ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.cues import Lexicon

#: Subjects that hold no attitude (*It is unclear about ...*, *That was about ...*).
_NO_HOLDER = frozenset({"it", "there", "this", "that", "what", "which"})


def attitude_candidate(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """``attitude``: a predicate adjective (``acomp``) of a linking verb with an *about*
    object after it; the content is the object, the source the verb's subject."""
    if tok.tag_ != "JJ" or tok.dep_ != "acomp" or tok.head.lower_ not in LINKING_VERBS:
        return None
    subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ in _NO_HOLDER:
        return None
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.i > tok.i), None)
    if prep is None or prep.lower_ != "about":
        return None
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return None
    doc = tok.doc
    content = content_span(doc, obj.left_edge.i, obj.right_edge.i, offset, 1)
    if content is None:
        return None
    return Candidate(
        "attitude",
        span_chars(doc, tok.i, tok.i, offset),
        content,
        speaker_ref(subj, offset, lexicon),
        span_chars(doc, min(subj.left_edge.i, tok.i), tok.i, offset),
        sentence_chars(sent, offset),
        ("mental",),
    )
