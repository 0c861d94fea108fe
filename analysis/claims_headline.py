"""Headlines in Title Case (round 15, indirect recall): the parser reads *Chief Praises
Rubio Donor* as a run of proper nouns, so a cue verb written with a capital and an -s
(*Praises*, *Endorses*, *Blasts*) inside a Title Case line is taken for what it is: the
words before it on the line are the source, the words after it the content. Not when a
verb, a modal or *to* follows it (*Harbour Plans Would Cost ...*: a plural noun), not
after a comma (a list of names), not for verbs whose object is a hearer (*X Tells Y*).
PolNeAR train: 24 such claims, 20 of them matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_site import match_cue
from margin.analysis.claims_tokens import Candidate, content_span, sentence_chars, span_chars
from margin.analysis.speakers import SpeakerRef

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.cues import Lexicon

_SMALL = frozenset(
    {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
     "from", "as", "over", "into", "about", "vs", "vs."}
)  # fmt: skip


#: A headline is short: a line longer than this many tokens either side of the verb is
#: body text (and the walk to its ends stays bounded, whatever the length of the line).
_MAX_SIDE = 30


def _line(tok: Token) -> tuple[int, int] | None:
    """The token range of ``tok``'s line (no line break inside), or None if the line runs
    more than :data:`_MAX_SIDE` tokens either side of ``tok``."""
    doc = tok.doc
    first = tok.i
    while first > 0 and "\n" not in doc[first - 1].text and "\n" not in doc[first - 1].whitespace_:
        first -= 1
        if tok.i - first > _MAX_SIDE:
            return None
    last = tok.i
    while (
        last + 1 < len(doc) and "\n" not in doc[last].whitespace_ and "\n" not in doc[last + 1].text
    ):
        last += 1
        if last - tok.i > _MAX_SIDE:
            return None
    return first, last


def headline_verb(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """``headline``: *X Praises Y* in a Title Case line."""
    text = tok.text
    if tok.tag_.startswith("VB") or not text[:1].isupper() or not text.endswith("s"):
        return None
    low = tok.lower_
    entries = lexicon.verbs.get(low)
    if not entries or low == entries[0].base.split()[0]:
        return None  # not an inflected verb form ("Claims" is one, "Report" is not)
    line = _line(tok)
    if line is None:
        return None
    first, last = line
    if tok.i - first < 1 or last - tok.i < 2:
        return None
    doc = tok.doc
    words = [t for t in doc[first : last + 1] if t.is_alpha]
    if len(words) < 4 or not all(t.text[0].isupper() or t.lower_ in _SMALL for t in words):
        return None
    if any(t.text == "," for t in doc[first : tok.i]):
        return None  # a list of names, not a subject
    matched = match_cue(tok, entries)
    if matched is None or matched[0].base in lexicon.no_object:
        return None  # "X Tells Y": the object is a hearer
    cue_last = matched[1]
    after = doc[cue_last + 1]
    if after.tag_.startswith("VB") or after.tag_ in ("MD", "TO") or after.lower_ == "to":
        return None  # "Plans Would ...", "Documents Reveal ...": the word was a noun
    content = content_span(doc, cue_last + 1, last, offset, 1)
    if content is None:
        return None
    src = span_chars(doc, first, tok.i - 1, offset)
    return Candidate(
        "headline",
        span_chars(doc, tok.i, cue_last, offset),
        content,
        SpeakerRef(src[0], src[1]),
        (src[0], content[1]),
        sentence_chars(sent, offset),
    )
