"""Attributions cued by a phrase or by punctuation rather than a lexicon verb: *according to
X* / *per X*, speaker labels before a colon (*WALLACE: ...*, *Name: ...*), and a quotation
introduced by any clause ending in a colon (*X delivered a blunt message: "..."*)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_site import match_cue
from margin.analysis.claims_sources import cue_subject
from margin.analysis.claims_tokens import (
    OPEN_QUOTES,
    SOURCE_ENT_LABELS,
    Candidate,
    content_span,
    first_token,
    last_token,
    sentence_chars,
    span_chars,
    trimmed,
)
from margin.analysis.speakers import looks_like_source, speaker_ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.cues import Lexicon


def document_author(obj: Token, lexicon: Lexicon) -> Token | None:
    """Who speaks through a thing named after *according to* (*a report from X*, *an
    analysis by X*, *a court document filed by X*, *audio provided by X*): the person or
    organisation (not a place) after its *by* or *from*, or the agent of a participle
    describing it. None when the thing itself can be a source or names no author."""
    if looks_like_source(obj, lexicon) or obj.tag_ not in ("NN", "NNS"):
        return None
    for child in obj.children:
        if child.i < obj.i:
            continue
        preps = [child] if child.dep_ == "prep" and child.lower_ in ("by", "from") else []
        if child.dep_ == "acl" and child.tag_ == "VBN":
            preps = [c for c in child.children if c.dep_ == "agent"]
        for prep in preps:
            for grand in prep.children:
                if grand.dep_ == "pobj" and grand.ent_type_ in ("PERSON", "ORG"):
                    return grand  # not a place: "the chairs from Jefferson County"
    return None


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
        speaker_ref(document_author(obj, lexicon) or obj, offset, lexicon),
        span_chars(doc, phrase_first, phrase_last, offset),
        sentence_chars(sent, offset),
    )


def _headline_label(label: Span, offset: int) -> bool:
    """*Sanders: Clinton email story has moved*, *Poll: ...*: one capitalised word before a
    colon on the text's first line (its headline) is who or what says the rest, although
    the parse found no name in it (PolNeAR train: 35 such claims, 32 of them matched; in
    the body such labels head lists and subheadings: *Iowa: A, B, C*, *Correction: ...*)."""
    if offset != 0 or len(label) != 1:
        return False
    word = label[0]
    if not (word.is_alpha and len(word) > 1 and word.text[0].isupper()):
        return False
    return label.doc.text.find("\n", 0, label.start_char) < 0  # on the first line


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
    if not heads and _headline_label(label, offset):
        heads = [label[0]]
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


# Copulas and auxiliaries: never the cue of what follows their colon.
_LIGHT = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "'s", "’s", "has", "have", "had", "do",
     "does", "did", "seem", "seems", "seemed", "become", "became"}
)  # fmt: skip


def evidential_adverb(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """``adverb``: an adverb marking its clause as hearsay or appearance (*X reportedly
    left*, *Reportedly, X left*): the clause, with no source."""
    if tok.lower_ not in lexicon.evidential_adverbs or tok.dep_ != "advmod":
        return None
    head = tok.head
    if not head.tag_.startswith("VB") or head.i == tok.i or head.lower_ in lexicon.verbs:
        return None  # not before a cue of its own ("X reportedly said ...")
    doc = tok.doc
    first, last = head.left_edge.i, head.right_edge.i
    if first == tok.i:
        first += 1
    first, last = max(first, sent.start), min(last, sent.end - 1)
    content = content_span(doc, first, last, offset) if first <= last else None
    if content is None:
        return None
    cue = span_chars(doc, tok.i, tok.i, offset)
    return Candidate("adverb", cue, content, None, cue, sentence_chars(sent, offset))


def _is_cue(verb: Token, lexicon: Lexicon) -> bool:
    """Whether ``verb`` (with the words after it) is a cue of the lexicon."""
    return match_cue(verb, lexicon.verb_entries(verb.lower_)) is not None


def _introducing_colon(sent: Span) -> Token | None:
    """The colon that ends ``sent``'s clause and introduces a quotation (an opening mark
    follows it) or the next paragraph (it ends the paragraph)."""
    doc = sent.doc
    end = last_token(doc)
    for tok in reversed(sent):
        if tok.text != ":":
            continue
        nxt = tok.i + 1
        while nxt < len(doc) and doc[nxt].is_space:
            nxt += 1
        if tok.i == end or (nxt < len(doc) and doc[nxt].text in OPEN_QUOTES):
            return tok
        return None
    return None


def colon_quote(sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """``verb-colon`` for a quotation introduced by a clause ending in a colon whose verb is
    not in the lexicon (*McConnell delivered a blunt message to Trump: "..."*): the verb
    nearest the colon is the cue, its subject (a person, an organisation, a pronoun or a
    nominal) the source; or, with a name right before the colon (*... pollster Daron Shaw:
    "..."*), the colon is the cue and the name the source. The content is the quotation,
    paired by the linker. A lexicon verb before the colon is left to the verb rules."""
    colon = _introducing_colon(sent)
    if colon is None or colon.i - sent.start < 2:
        return None
    doc = sent.doc
    before = doc[colon.i - 1]
    if before.ent_type_ in ("PERSON", "ORG") and before.ent_iob_ in ("B", "I"):
        first = before.i
        while first > sent.start and doc[first].ent_iob_ == "I":
            first -= 1
        if first > sent.start:  # a label opening the sentence is label_colon's
            cue = span_chars(doc, colon.i, colon.i, offset)
            return Candidate(
                "verb-colon",
                cue,
                None,
                speaker_ref(before, offset, lexicon),
                span_chars(doc, first, colon.i, offset),
                sentence_chars(sent, offset),
            )
    verb = None
    for i in range(colon.i - 1, sent.start - 1, -1):
        t = doc[i]
        if t.text in (".", "!", "?", ";") or t.text in OPEN_QUOTES:
            return None
        if t.tag_.startswith("VB") and t.dep_ not in ("aux", "auxpass"):
            verb = t
            break
    if verb is None or verb.lower_ in _LIGHT or verb.tag_ == "VBG" or _is_cue(verb, lexicon):
        return None
    head = verb
    while head.dep_ != "ROOT" and head.head.i != head.i:
        head = head.head
        if head.tag_.startswith("VB") and _is_cue(head, lexicon):
            return None  # the colon ends the content of a cue verb above it
    subj = cue_subject(verb, lexicon)
    if subj is None or subj.i > verb.i or not looks_like_source(subj, lexicon):
        return None
    if lexicon.is_pronoun(subj.lower_) == "first":
        return None
    return Candidate(
        "verb-colon",
        span_chars(doc, verb.i, verb.i, offset),
        None,
        speaker_ref(subj, offset, lexicon),
        span_chars(doc, min(subj.left_edge.i, verb.i), colon.i, offset),
        sentence_chars(sent, offset),
    )
