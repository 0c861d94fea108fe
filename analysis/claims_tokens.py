"""What every claim rule shares: the :class:`Candidate` a rule proposes, and the token-range
helpers that turn a piece of the parse into a trimmed character span (content spans, clause
bounds, punctuation around a cue clause)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from margin.analysis.speakers import SpeakerRef

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

QUOTE_TOKENS = frozenset({'"', "“", "”", "«", "»", "''", "``", "„"})
OPEN_QUOTES = frozenset({'"', "“", "«", "``", "„"})
#: Entity labels that name a source (*according to X*, *a report by X*).
SOURCE_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Punctuation that sets a cue clause off from its content.
SET_OFF = frozenset({",", "—", "–", "--", "―"})
_CLOSING = frozenset({".", ",", "!", "?", "”", '"', "''", "»", "’", "'"})
_TRIM_TRAILING = frozenset({",", ";", ":", "—", "–", "-", "--", "―", "(", "[", "."})
_TRIM_LEADING = frozenset({",", ";", ":", "—", "–", "-", "--", "―", ")", "]", "."})
_CONTINUERS = frozenset({",", ":", "—", "–", "--"}) | QUOTE_TOKENS


@dataclass(slots=True)
class Candidate:
    """An attribution found in one sentence (global character offsets)."""

    rule: str
    cue: tuple[int, int]
    content: tuple[int, int] | None
    speaker: SpeakerRef | None
    clause: tuple[int, int]
    sentence: tuple[int, int]
    flags: tuple[str, ...] = field(default=())


def span_chars(doc: Doc, first: int, last: int, offset: int) -> tuple[int, int]:
    """Character offsets of tokens ``first..last`` (inclusive)."""
    return doc[first].idx + offset, doc[last].idx + len(doc[last]) + offset


def sentence_chars(sent: Span, offset: int) -> tuple[int, int]:
    """Character offsets of a sentence."""
    return sent.start_char + offset, sent.end_char + offset


def opens_quote(tok: Token) -> bool:
    """Whether ``tok`` is an opening quotation mark: tagged as one, or a mark that reads both
    ways (``"``, ``''``) written with a space before it and a word right after it (*... States.
    ''They're ...*; a closing mark has them the other way round: *domestically,'' he*)."""
    if tok.text not in QUOTE_TOKENS:
        return False
    if tok.tag_ == "``" or tok.text in OPEN_QUOTES - {'"'}:
        return True
    doc, i = tok.doc, tok.i
    before = i == 0 or bool(doc[i - 1].whitespace_) or doc[i - 1].is_space
    return before and not tok.whitespace_ and i + 1 < len(doc) and not doc[i + 1].is_punct


def trimmed(doc: Doc, first: int, last: int) -> tuple[int, int] | None:
    """Token range without leading/trailing separators and spaces; None if nothing is left."""
    while first <= last and (doc[first].is_space or doc[first].text in _TRIM_LEADING):
        first += 1
    while last >= first and (
        doc[last].is_space or doc[last].text in _TRIM_TRAILING or opens_quote(doc[last])
    ):
        last -= 1  # the opening mark of the next sentence's quotation is not the content's
    if last < first:
        return None
    return first, last


def content_span(
    doc: Doc, first: int, last: int, offset: int, min_words: int = 2
) -> tuple[int, int] | None:
    """Character span of a content token range, trimmed; None when shorter than
    ``min_words`` words (2 unless told: a noun-phrase content may be one name).

    A quotation closed just after the range (``... “great value.”``) is taken in whole.
    """
    rng = trimmed(doc, first, last)
    if rng is None:
        return None
    first, last = rng
    last = past_dashes(doc, past_coordinator(doc, last))
    j = last + 1
    while j < len(doc) and j <= last + 3 and doc[j].is_punct and doc[j].text in _CLOSING:
        if doc[j].text in QUOTE_TOKENS:
            if opens_quote(doc[j]):
                break  # the opening quote of the next sentence
            last = j
        j += 1
    words = sum(1 for t in doc[first : last + 1] if not t.is_punct and not t.is_space)
    if words < min_words:
        return None
    return span_chars(doc, first, last, offset)


_DASHES = frozenset({"—", "–", "--", "―", "-"})
_NOT_RESUMING = frozenset({"cc", "mark", "punct", "advmod", "nsubj", "nsubjpass", "expl"})


def _dash_at(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a dash setting words off (a hyphen only with spaces round it)."""
    t = doc[i]
    if t.text != "-":
        return t.text in _DASHES
    return i > 0 and bool(t.whitespace_) and bool(doc[i - 1].whitespace_)


def past_dashes(doc: Doc, last: int) -> int:
    """The last token of a content that ends right before a dash opening a pair in its
    sentence: the words between the dashes are the content's too (*supported raising the
    fare - at one point, as much as twofold -*), and so is the phrase right after the
    second dash that the parse hung outside the content (*believes a harbour – even in
    winter – needs a pilot*), unless it is a conjunction, an adverb or a new subject. Not
    over a quotation, a sentence end or a clause with a subject of its own between the
    dashes (*wants to close the pier — it is falling apart — before ...*)."""
    j = last + 1
    while j < len(doc) and doc[j].is_space:
        j += 1
    if j >= len(doc) or not _dash_at(doc, j):
        return last
    dash, end = doc[j].text, doc[j].sent.end
    k = j + 1
    while k < end and not (doc[k].text == dash and _dash_at(doc, k)):
        t = doc[k]
        if _dash_at(doc, k) or t.text in (".", "!", "?", ";") or t.text in QUOTE_TOKENS:
            return last
        if t.dep_ in ("nsubj", "nsubjpass") and j < t.head.i:
            return last  # a clause of its own set off by the dashes
        k += 1
    if k >= end or k == j + 1:
        return last
    inner = trimmed(doc, j + 1, k - 1)
    if inner is None:
        return last
    new = inner[1]
    n = k + 1
    while n < end and doc[n].is_space:
        n += 1
    if n < end and not doc[n].is_punct:
        h = doc[n]
        while h.head.i != h.i and h.head.left_edge.i >= n and h.head.i < end:
            h = h.head
        if h.dep_ not in _NOT_RESUMING and h.right_edge.i > h.i:
            rng = trimmed(doc, n, min(h.right_edge.i, end - 1))
            if rng is not None:
                new = rng[1]
    return max(new, last)


def past_coordinator(doc: Doc, last: int) -> int:
    """The last token of a content that ends on a coordinating conjunction (*X pledged to
    spend nights poring over polls or*): the phrase after the conjunction, which the parse
    hung outside the content, is the content's too (*... or the latest filings*)."""
    t = doc[last]
    if t.dep_ != "cc" or t.lower_ not in ("and", "or", "but"):
        return last
    n, end = last + 1, t.sent.end
    if n >= end or doc[n].is_punct:
        return last
    h = doc[n]
    while h.head.i != h.i and h.head.left_edge.i >= n and h.head.i < end:
        h = h.head
    rng = trimmed(doc, n, min(h.right_edge.i, end - 1))
    return rng[1] if rng is not None and rng[1] > last else last


def sentence_cut(doc: Doc, first: int, last: int) -> int:
    """``last``, or the end of the first sentence in ``first..last`` when the parse ran a
    clause on over a full stop into the next sentence (*X said A. "B," Y recalled.*)."""
    for i in range(first + 1, last):
        if doc[i].text in (".", "!", "?"):
            nxt = doc[i + 1]
            while nxt.is_space and nxt.i < last:
                nxt = doc[nxt.i + 1]
            if nxt.text in OPEN_QUOTES or opens_quote(nxt) or (nxt.is_title and nxt.is_alpha):
                return i
    return last


def first_token(doc: Doc) -> int:
    """The first token of ``doc`` that is not white space."""
    i = 0
    while i < len(doc) - 1 and doc[i].is_space:
        i += 1
    return i


def last_token(doc: Doc) -> int:
    """The last token of ``doc`` that is not white space."""
    i = len(doc) - 1
    while i > 0 and doc[i].is_space:
        i -= 1
    return i


def is_question(sent: Span) -> bool:
    """Whether ``sent`` ends with a question mark (quotes and spaces aside)."""
    for tok in reversed(sent):
        if tok.is_space or tok.text in QUOTE_TOKENS:
            continue
        return tok.text == "?"
    return False


def quote_follows(doc: Doc, i: int, end: int) -> bool:
    """Whether a quotation opens at token ``i`` or just after a comma, colon or dash there
    (the rest of a quotation interrupted by its cue: *"A," he said, "B."*)."""
    if i < end - 1 and doc[i].text in _CONTINUERS and doc[i].text not in QUOTE_TOKENS:
        i += 1
    return i < end - 1 and doc[i].text in OPEN_QUOTES


def clause_bounds(verb: Token) -> tuple[int, int]:
    """First and last token of ``verb``'s clause without its edge punctuation."""
    doc = verb.doc
    left, right = verb.left_edge.i, verb.right_edge.i
    while left < verb.i and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right > verb.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return left, right


def postposed(verb: Token) -> bool:
    """Whether ``verb``'s clause comes after its content, set off by a comma, dash or quote."""
    left = clause_bounds(verb)[0]
    if left == 0:
        return False
    before = verb.doc[left - 1]
    return before.text in {",", "—", "–", "--", "―", ":"} or before.text in QUOTE_TOKENS


def set_off(verb: Token, subj: Token | None) -> bool:
    """Whether the cue clause proper (subject and verb, without the content) comes after a
    comma, dash or quotation mark (*..., the source added*)."""
    doc = verb.doc
    start = verb.i
    if subj is not None and subj.i < verb.i:
        start = subj.left_edge.i
    while start > 0 and doc[start - 1].tag_ in ("RB", "MD"):
        start -= 1
    return start > 0 and (doc[start - 1].text in SET_OFF or doc[start - 1].text in QUOTE_TOKENS)
