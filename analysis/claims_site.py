"""The site of a verb cue: the cue verb in its sentence with its source found.

:class:`VerbSite` is what every verb rule (:mod:`analysis.claims_verbs`,
:mod:`analysis.claims_parenthetical`) reads; :func:`match_cue` finds the lexicon entry of a
verb and its particle words. The tier sets here are shared by the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from margin.analysis.claims_tokens import (
    Candidate,
    content_span,
    sentence_chars,
    span_chars,
)
from margin.analysis.speakers import SpeakerRef

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from margin.analysis.cues import Lexicon, VerbCue

#: Tiers whose verbs take a noun-phrase content ("X cited Y", "X wants Y", "X fears Y").
OBJECT_TIERS = frozenset({"stance", "speech", "intent", "mental", "evidence"})
#: Prepositions whose object is a verb's noun-phrase content ("complained about Y").
OBJECT_PREPS = frozenset({"about", "of", "on", "against", "over"})
#: Tiers of verbs that report (speech, belief, evidence), as opposed to stance or intent.
REPORTING = frozenset({"speech", "mental", "evidence"})


def match_cue(tok: Token, entries: list[VerbCue]) -> tuple[VerbCue, int] | None:
    """The lexicon entry matching ``tok`` (and its particle words); returns (entry, last i).

    An entry whose tail is one preposition also matches that preposition set apart from the
    verb by adverbials (*spoke briefly about*, *spoke at the White House on Tuesday about*),
    but not across an object or a clause of the verb (*called him on Tuesday*)."""
    doc = tok.doc
    for entry in entries:
        if not entry.tail:
            return entry, tok.i
        j = tok.i + 1
        ok = True
        for word in entry.tail:
            if j >= len(doc) or doc[j].lower_ != word:
                ok = False
                break
            j += 1
        if ok:
            return entry, j - 1
        if len(entry.tail) == 1:
            prep = _detached_preposition(tok, entry.tail[0])
            if prep is not None:
                return entry, prep.i
    return None


# Children of a verb that close the stretch where its particle preposition may stand.
_BLOCKING_DEPS = frozenset(
    {"dobj", "dative", "ccomp", "xcomp", "nsubj", "nsubjpass", "conj", "oprd", "attr", "agent"}
)


#: Prepositions of the hearer between a verb of speaking and its topic (*talked to X about*;
#: round 15: not *of*, which the hearer's noun takes itself: *spoke to a crowd of X*).
_HEARER_PREPS = frozenset({"to", "with"})


def _detached_preposition(tok: Token, word: str) -> Token | None:
    """The preposition ``word`` hung on ``tok`` after adverbials (with an object of its
    own), when no object or clause of ``tok`` comes before it; an *about* the parse hung on
    the hearer's noun is the verb's too (*talked to voters about X*)."""
    for child in tok.children:
        if child.i <= tok.i:
            continue
        if child.dep_ in _BLOCKING_DEPS:
            return None
        if child.dep_ == "prep" and child.lower_ == word:
            if any(c.dep_ in ("pobj", "pcomp") for c in child.children):
                return child
            return None
        if child.dep_ == "prep" and child.lower_ in _HEARER_PREPS and word == "about":
            for prep in (p for obj in child.children if obj.dep_ == "pobj" for p in obj.children):
                if (
                    prep.dep_ == "prep"
                    and prep.lower_ == word
                    and any(c.dep_ in ("pobj", "pcomp") for c in prep.children)
                ):
                    return prep
    return None


@dataclass(slots=True)
class VerbSite:
    """A cue verb in its sentence, with its source found: what every verb rule reads."""

    tok: Token
    entry: VerbCue
    cue_last: int
    sent: Span
    offset: int
    lexicon: Lexicon
    subj: Token | None
    speaker: SpeakerRef | None
    flags: tuple[str, ...]
    children: list[Token]

    @property
    def doc(self) -> Doc:
        return self.tok.doc

    @property
    def tiers(self) -> frozenset[str]:
        return self.entry.tiers

    def content(self, first: int, last: int, min_words: int = 2) -> tuple[int, int] | None:
        """The trimmed character span of tokens ``first..last`` (None if under
        ``min_words`` words)."""
        return content_span(self.tok.doc, first, last, self.offset, min_words)

    def make(self, rule: str, content: tuple[int, int] | None) -> Candidate:
        """The candidate of ``rule`` with ``content``: the cue clause is the verb (and its
        particles) with the subject."""
        tok, subj, doc = self.tok, self.subj, self.tok.doc
        lo = min([tok.i, *([subj.left_edge.i] if subj is not None else [])])
        hi = max([self.cue_last, *([subj.right_edge.i] if subj is not None else [])])
        return Candidate(
            rule,
            span_chars(doc, tok.i, self.cue_last, self.offset),
            content,
            self.speaker,
            span_chars(doc, lo, hi, self.offset),
            sentence_chars(self.sent, self.offset),
            self.flags,
        )
