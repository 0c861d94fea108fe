"""Attribution candidates found in one parsed paragraph (the sentence-local claim rules).

Each rule looks at the dependency parse of one sentence and proposes a :class:`Candidate`:
a cue, the speaker as written, and the content span. Cross-paragraph work (pairing
quotations, floating quotes, pronouns) is done afterwards, in text order, by
:mod:`margin.analysis.claims_link`.

The rules are named functions tried in order from tables: :data:`SENTENCE_RULES` once per
sentence, :data:`TOKEN_RULES` at each word (the first that answers wins), and the verb rules
of :data:`analysis.claims_verbs.VERB_RULES` for a cue verb. They live in
:mod:`analysis.claims_verbs` (verb cues), :mod:`analysis.claims_nouns` (noun and adjective
cues), :mod:`analysis.claims_labels` (*according to*, speaker labels), with the source of a
cue verb in :mod:`analysis.claims_sources` and the shared span helpers in
:mod:`analysis.claims_tokens`.

Rules (each named in ``Candidate.rule``):

- ``verb-ccomp``: a cue verb with a clausal complement (*X said that ...*, *X said ...*).
- ``verb-postposed``: a cue clause after its content (*"...," Smith said* / *said Smith*).
- ``verb-colon``: a cue verb followed by a colon (*Smith said: ...*).
- ``verb-as``: an as-clause (*As Smith noted, ...*): the rest of the sentence.
- ``verb-xcomp``: intention verbs with a to-infinitive (*X wants to ...*, *X urged Y to ...*).
- ``verb-object``: stance verbs with a noun-phrase content (*X called for ...*).
- ``verb-bare``: a speech verb with no content of its own, kept to attach to a quotation.
- ``according``: *according to X*, *per X*.
- ``noun``: noun cues with a that-clause (*X's claim that ...*).
- ``adjective``: stance and belief adjectives after a copula (*X is confident that ...*,
  *X was critical of ...*).
- ``label-colon``: *Name: ...* (a speaker label before a colon, no verb).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from margin.analysis.claims_attitude import attitude_candidate
from margin.analysis.claims_headline import headline_verb
from margin.analysis.claims_labels import according_to, colon_quote, evidential_adverb, label_colon
from margin.analysis.claims_nouns import adjective_candidate, noun_candidate, noun_object_candidate
from margin.analysis.claims_reach import noun_infinitive_candidate
from margin.analysis.claims_senses import after_possessive
from margin.analysis.claims_site import match_cue
from margin.analysis.claims_tokens import Candidate
from margin.analysis.claims_verbs import that_clause_candidate, verb_candidate
from margin.analysis.cues import MEMO_LIMIT

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span, Token

    from margin.analysis.cues import Lexicon

__all__ = ["SENTENCE_RULES", "TOKEN_RULES", "Candidate", "extract_candidates"]

# "The problem is that ...": a copula's that-clause is no one's statement.
_COPULAS = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "’s", "am"})

SentenceRule = Callable[["Span", int, "Lexicon"], "Candidate | None"]
TokenRule = Callable[["Token", "Span", int, "Lexicon"], "Candidate | None"]


def _verb_like(tok: Token, lexicon: Lexicon) -> bool:
    """A word of the verb lexicon used as a verb (or a noun-tagged predicate with a subject:
    *Trump claims that ...*)."""
    return tok.lower_ in lexicon.verbs and (
        tok.tag_.startswith("VB")
        or (tok.tag_ in ("NNS", "NN") and any(c.dep_ == "nsubj" for c in tok.children))
    )


def adjective_cue(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """``adjective``: a stance or belief adjective (*X is confident that ...*); ``attitude``:
    any predicate adjective with an *about* object (*X is upbeat about Y*)."""
    if tok.lower_ in lexicon.adjectives and tok.tag_ in ("JJ", "VBN"):
        return adjective_candidate(tok, sent, offset, lexicon)
    if tok.dep_ == "acomp":
        return attitude_candidate(tok, sent, offset, lexicon)
    return None


def verb_cue(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """The ``verb-*`` rules: a cue verb of the lexicon (with its particles)."""
    if not _verb_like(tok, lexicon) or after_possessive(tok):
        return None
    matched = match_cue(tok, lexicon.verbs[tok.lower_])
    if matched is None:
        return None
    return verb_candidate(tok, matched[0], matched[1], sent, offset, lexicon)


def that_clause_verb(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """``verb-that``: a verb outside the lexicon with a that-clause complement and a personal
    source (*X conceded that ...*): only verbs of saying, thinking and showing take one."""
    if not tok.tag_.startswith("VB") or tok.lower_ in lexicon.verbs or tok.lower_ in _COPULAS:
        return None
    return that_clause_candidate(tok, sent, offset, lexicon)


def according_cue(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """``according``: *according to X*, *per X*."""
    low = tok.lower_
    if low == "according" or (low == "per" and tok.tag_ == "IN"):
        return according_to(tok, sent, offset, lexicon)
    return None


def noun_cue(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """``noun``: a speech or mental noun with a that-clause (*X's claim that ...*);
    ``noun-object``: a noun cue with a noun-phrase content (*X's criticism of Y*)."""
    low = tok.lower_
    if not tok.tag_.startswith("NN") or _verb_like(tok, lexicon):
        return None
    if low in lexicon.speech_nouns or low in lexicon.mental_nouns:
        cand = noun_candidate(tok, sent, offset, lexicon)
        if cand is not None:
            return cand
    if tok.tag_ in ("NN", "NNS"):
        return noun_object_candidate(tok, sent, offset, lexicon) or noun_infinitive_candidate(
            tok, sent, offset, lexicon
        )
    return None


#: Rules read once per sentence.
SENTENCE_RULES: tuple[SentenceRule, ...] = (label_colon, colon_quote)
#: Rules read at each word, in order; the first that answers gives the word's candidate.
TOKEN_RULES: tuple[TokenRule, ...] = (
    adjective_cue,
    verb_cue,
    headline_verb,
    that_clause_verb,
    according_cue,
    noun_cue,
    evidential_adverb,
)


def _word_may_cue(low: str, lexicon: Lexicon) -> bool:
    """Whether a word (lower case) is one some token rule looks for: a lexicon verb,
    adjective, adverb or noun cue, *according* or *per*. Other words answer only
    :func:`that_clause_verb`, and only as the head of a that-clause, or
    :func:`adjective_cue`, and only as a predicate adjective."""
    return (
        low in lexicon.adjectives
        or low in lexicon.verbs
        or low in ("according", "per")
        or low in lexicon.speech_nouns
        or low in lexicon.mental_nouns
        or low in lexicon.evidential_adverbs
        or _noun_object_word(low, lexicon)
    )


def _noun_object_word(low: str, lexicon: Lexicon) -> bool:
    """Whether :func:`~analysis.claims_nouns.noun_object_candidate` may take the word."""
    tiers = lexicon.noun_tiers(low)
    return bool(tiers) and not tiers <= {"evidence"}


class _Columns:
    """What the rules' cheap tests read of a paragraph, read once as columns: which tokens
    may be cues, which head a that-clause, where the colons are."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        strings = doc.vocab.strings
        lowers, deps, orths = doc.to_array(["LOWER", "DEP", "ORTH"]).T.tolist()
        # Heads are offsets from the token (negative ones come out as unsigned).
        heads = [i + d for i, d in enumerate(doc.to_array("HEAD").view("int64").tolist())]
        memo = lexicon.memo
        if len(memo) > MEMO_LIMIT:
            memo.clear()
        self.may_cue: list[bool] = []
        for low in lowers:
            key = ("may_cue", low)
            may = memo.get(key)
            if may is None:
                may = memo[key] = _word_may_cue(strings[low], lexicon)
            self.may_cue.append(may)
        mark, ccomp, that = strings["mark"], strings["ccomp"], strings["that"]
        # Predicate adjectives (attitude_candidate).
        acomp = strings["acomp"]
        self.acomps: set[int] = {i for i, dep in enumerate(deps) if dep == acomp}
        # Clauses with a "that" mark, then the words whose complement (after them) is one.
        marked = {
            heads[i]
            for i, (dep, low) in enumerate(zip(deps, lowers, strict=True))
            if dep == mark and low == that
        }
        self.that_heads: set[int] = {heads[i] for i in marked if deps[i] == ccomp and heads[i] < i}
        colon = strings[":"]
        self.colons: list[int] = [i for i, orth in enumerate(orths) if orth == colon]

    def has_colon(self, start: int, end: int) -> bool:
        """Whether a colon is among tokens ``start..end-1``."""
        return any(start <= i < end for i in self.colons)

    def may_answer(self, i: int) -> bool:
        """Whether some token rule may answer at token ``i`` (a cheap necessary test)."""
        return self.may_cue[i] or i in self.that_heads or i in self.acomps


def extract_candidates(doc: Doc, offset: int, lexicon: Lexicon) -> list[Candidate]:
    """Every attribution candidate in ``doc`` (a paragraph starting at ``offset``).

    The rules are tried only where their cheap preconditions hold (:class:`_Columns`): the
    sentence rules need a colon, the token rules a cue word or a that-clause."""
    found: list[Candidate] = []
    columns = _Columns(doc, lexicon)
    for sent in doc.sents:
        if columns.has_colon(sent.start, sent.end):
            for sentence_rule in SENTENCE_RULES:
                cand = sentence_rule(sent, offset, lexicon)
                if cand is not None:
                    found.append(cand)
        for i in range(sent.start, sent.end):
            if not columns.may_answer(i):
                continue
            tok = doc[i]
            for token_rule in TOKEN_RULES:
                cand = token_rule(tok, sent, offset, lexicon)
                if cand is not None:
                    found.append(cand)
                    break
    return found
