"""Contents a cue's parse reaches beyond the rules of :mod:`analysis.claims_verbs` (round 11,
recall): what a cue verb argues or asks *for*, or sides *with*, when it has no object of its
own (:func:`with_for_objects`); what a noun of intention or speech with a source of its own
says it will do (:func:`noun_infinitive_candidate`). Round 13: the infinitive clause a cue
phrase ending in *for* introduces (:func:`for_to_clause`), and when a person named as a cue
verb's object is its hearer (:func:`person_alone`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from margin.analysis.claims_nouns import noun_source
from margin.analysis.claims_tokens import Candidate, content_span, sentence_chars, span_chars
from margin.analysis.speakers import speaker_ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.claims_site import VerbSite
    from margin.analysis.cues import Lexicon

#: Prepositions whose object is a cue verb's content only when the verb has no object
#: (*argued for X*, *asked for X*, *agreed with X*, *countered with X*); with an object they
#: give a reason or an instrument (*praised her for X*, *charged him with X*).
WITH_FOR = frozenset({"with", "for"})
#: Children that fill the verb's object slot (or make it passive: *was charged with X*).
_FILLED = frozenset({"dobj", "oprd", "dative", "ccomp", "xcomp", "nsubjpass", "auxpass"})
#: Entity types that, after *for*, name whom one writes or works for, not what one argues for.
_OUTLETS = frozenset({"ORG", "GPE", "NORP", "FAC"})


def with_for_objects(site: VerbSite, what: Callable[[Token], list[Token]]) -> list[Token]:
    """The object of *with* or *for* hung on the cue verb after it, as the verb's content,
    when the verb has no direct object or predicative (``what`` filters the preposition's
    objects: no date or time)."""
    if site.entry.tail:
        return []
    children = site.children
    if any(c.dep_ in _FILLED for c in children):
        return []
    for child in children:
        if child.dep_ == "prep" and child.lower_ in WITH_FOR and child.i > site.tok.i:
            objs = what(child)
            if objs and child.lower_ == "for" and objs[0].ent_type_ in _OUTLETS:
                return []  # "wrote for The Atlantic", "reporting for Western Journalism"
            return objs
    return []


def for_to_clause(site: VerbSite) -> list[Token]:
    """The clause a cue phrase ending in *for* introduces when the parse made *for* the mark
    of an infinitive clause with a subject of its own, hung on the verb (*X called for the
    mayor to resign*, *X is pushing for the state to act*): the clause is the content."""
    prep = site.doc[site.cue_last]
    clause = prep.head
    if prep.lower_ != "for" or prep.dep_ != "mark" or clause.head != site.tok:
        return []
    if clause.i <= site.cue_last or clause.dep_ not in ("advcl", "ccomp", "xcomp"):
        return []
    children = list(clause.children)
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in children) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in children
    ):
        return [clause]
    return []


def person_alone(obj: Token, children: list[Token]) -> bool:
    """A person named as the object, with nothing after it that says what of them (*asked
    Smith*, *warned Jones*: a hearer); with a phrase after it the object is talked about
    (*sees Smith as a rival*, *mentioned Smith by name*, *asked Smith about the vote*)."""
    return obj.ent_type_ == "PERSON" and not any(
        c.i > obj.i and c.dep_ not in ("punct", "advmod", "cc", "conj") for c in children
    )


def noun_infinitive_candidate(
    tok: Token, sent: Span, offset: int, lexicon: Lexicon
) -> Candidate | None:
    """``noun-object`` with a to-infinitive: a noun cue made from a verb of intention or of
    speech, with a to-infinitive describing it and a source of its own (*X's decision to
    close the pier*, *X's refusal to release the records*, *X made a promise to cut fees*).
    Without a source it is nobody's (*a plan to widen the road*)."""
    tiers = lexicon.noun_tiers(tok.lower_)
    if not tiers & {"intent", "speech", "stance", "mental"} or tok.ent_type_:
        return None
    clause = next(
        (
            c
            for c in tok.children
            if c.dep_ == "acl"
            and c.i > tok.i
            and c.tag_ == "VB"
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    src = noun_source(tok, lexicon)
    if src is None or _governed_by_another(tok, src):
        return None
    content = content_span(tok.doc, clause.left_edge.i, clause.right_edge.i, offset)
    if content is None:
        return None
    flags: tuple[str, ...] = ()
    if not tiers & {"speech", "stance"}:
        flags = ("mental", "intent")  # a decision, a plan, a refusal to ...
    cue = span_chars(tok.doc, tok.i, tok.i, offset)
    return Candidate(
        "noun-object",
        cue,
        content,
        speaker_ref(src, offset, lexicon),
        cue,
        sentence_chars(sent, offset),
        flags,
    )


def _governed_by_another(noun: Token, src: Token) -> bool:
    """Whether a noun cue whose source is its possessor (or a name before it) is the object of
    a verb, directly or through a preposition: that verb's subject speaks about the noun's
    claim (*Y rubbished X's claim to ...*, *Y balked at X's proposal to ...*), so the claim
    is reported inside Y's, not on its own."""
    if src.head.i != noun.i:
        return False  # the source is the governing verb's subject: X made a promise to ...
    up = noun.head
    if noun.dep_ == "pobj" and up.dep_ == "prep":
        up = up.head
    return noun.dep_ in ("dobj", "pobj") and up.tag_.startswith("VB")
