"""Attributions cued by a phrase or by punctuation rather than a verb: *according to X* /
*per X*, and speaker labels before a colon (*WALLACE: ...*, *Name: ...*)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_tokens import (
    SOURCE_ENT_LABELS,
    Candidate,
    content_span,
    first_token,
    last_token,
    sentence_chars,
    span_chars,
    trimmed,
)
from margin.analysis.speakers import speaker_ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.cues import Lexicon


def according_to(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """*according to X*: the rest of the sentence is X's."""
    doc = tok.doc
    low = tok.lower_
    obj: Token | None = None
    cue_last = tok.i
    if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        cue_last = tok.i + 1
        for child in doc[tok.i + 1].children:
            if child.dep_ == "pobj":
                obj = child
    elif low == "per" and tok.dep_ == "prep":
        for child in tok.children:
            if child.dep_ == "pobj" and child.ent_type_ in SOURCE_ENT_LABELS:
                obj = child
    if obj is None:
        return None
    phrase_first = tok.i
    phrase_last = max(obj.right_edge.i, cue_last)
    if phrase_first - 1 >= sent.start and doc[phrase_first - 1].lower_ == "as":
        phrase_first -= 1
    before = trimmed(doc, sent.start, phrase_first - 1) if phrase_first > sent.start else None
    after = trimmed(doc, phrase_last + 1, sent.end - 1) if phrase_last + 1 < sent.end else None
    if before and after:
        content = content_span(doc, before[0], after[1], offset)
    elif before:
        content = content_span(doc, before[0], before[1], offset)
    elif after:
        content = content_span(doc, after[0], after[1], offset)
    else:
        content = None
    if content is None:
        return None
    return Candidate(
        "according",
        span_chars(doc, tok.i, cue_last, offset),
        content,
        speaker_ref(obj, offset, lexicon),
        span_chars(doc, phrase_first, phrase_last, offset),
        sentence_chars(sent, offset),
    )


def label_colon(sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """*Name: content* — a speaker label (an entity, no verb) before a colon."""
    doc = sent.doc
    colon = None
    for tok in sent[:12]:
        if tok.text == ":":
            colon = tok
            break
        if tok.tag_.startswith("VB") or tok.tag_ == "MD":
            return None
    if colon is None or colon.i == sent.start or colon.i + 1 >= len(doc):
        return None
    label = sent.doc[sent.start : colon.i]
    heads = [t for t in label if t.ent_type_ in ("PERSON", "ORG") and t.ent_iob_ == "B"]
    if not heads and len(label) <= 4:
        # transcripts: "WALLACE: ...", "MR. SMITH: ..."
        caps = [t for t in label if t.is_alpha and t.is_upper and len(t) > 1]
        if caps and all(t.is_upper or t.is_punct for t in label):
            heads = caps
    if not heads:
        return None
    # At the start of a paragraph the label's turn runs to the paragraph's end.
    at_start = sent.start == first_token(doc)
    last = last_token(doc) if at_start or colon.i + 1 >= sent.end else sent.end - 1
    content = content_span(doc, colon.i + 1, last, offset)
    if content is None:
        return None
    head = heads[-1]
    cue = span_chars(doc, colon.i, colon.i, offset)
    return Candidate(
        "label-colon",
        cue,
        content,
        speaker_ref(head, offset, lexicon),
        span_chars(doc, sent.start, colon.i, offset),
        sentence_chars(sent, offset),
    )
