"""Cues that are not verbs: nouns with a that-clause (*X's claim that ...*) and stance or
belief adjectives after a copula (*X is confident that ...*, *X was critical of ...*)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_sources import SUBJECT_DEPS, cue_subject
from margin.analysis.claims_tokens import (
    SOURCE_ENT_LABELS,
    Candidate,
    content_span,
    sentence_chars,
    span_chars,
)
from margin.analysis.speakers import looks_like_source, speaker_ref

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.cues import Lexicon


def noun_candidate(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """A noun cue with a that-clause: *X's claim that ...*, *the belief that ...*."""
    doc = tok.doc
    clause = None
    for child in tok.children:
        if (
            child.dep_ in ("acl", "ccomp", "relcl", "appos")
            and child.i > tok.i
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
        ):
            clause = child
            break
    if clause is None:
        return None
    content = content_span(doc, clause.left_edge.i, clause.right_edge.i, offset)
    if content is None:
        return None
    src: Token | None = None
    for child in tok.children:
        if child.dep_ == "poss":
            src = child
        elif (
            child.dep_ in ("compound", "nmod")
            and child.i < tok.i
            and child.ent_type_ in ("PERSON", "ORG", "NORP")
            and src is None
        ):
            src = child  # "a New York Times report that ...", "the Pentagon statement that"
        elif child.dep_ == "prep" and child.lower_ in ("by", "from", "of") and src is None:
            for grand in child.children:
                if grand.dep_ == "pobj" and grand.ent_type_ in SOURCE_ENT_LABELS:
                    src = grand
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "in":
        verb = verb.head  # "X said in a statement that ...": X's statement
    elif tok.dep_ not in ("dobj", "attr"):
        verb = tok
    if src is None and verb.i != tok.i and verb.tag_.startswith("VB"):
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                src = child
    if src is None:
        src = support_verb_subject(tok, lexicon)
    flags: tuple[str, ...] = ("mental",) if tok.lower_ in lexicon.mental_nouns else ()
    cue = span_chars(doc, tok.i, tok.i, offset)
    return Candidate(
        "noun",
        cue,
        content,
        speaker_ref(src, offset, lexicon) if src is not None else None,
        cue,
        sentence_chars(sent, offset),
        flags,
    )


#: Prepositions whose object is a noun cue's content (*questions about X*, *allegations
#: against X*). Not *of, for, on, over*: on PolNeAR train, under half of those claims
#: (*criticism of X*, *calls for X*, *attacks on X*) matched an attribution, even with a
#: source, against two thirds for *about*.
NOUN_CONTENT_PREPS = frozenset({"about", "against"})
#: Prepositions whose object is a noun cue's content only when a light verb voices the noun
#: (*X made repeated calls for Y*, *X launched attacks on Y*, *X raised objections over Y*:
#: :func:`light_verb_object`).
LIGHT_VERB_PREPS = frozenset({"for", "on", "over"})
_ANY_CONTENT_PREPS = NOUN_CONTENT_PREPS | LIGHT_VERB_PREPS
#: Verbs whose subject receives a noun cue rather than voicing it (*X faced criticism*).
_RECEIVING = frozenset(
    {"face", "faced", "faces", "facing", "receive", "received", "receives", "receiving",
     "draw", "drew", "drawn", "draws", "drawing", "get", "got", "gets", "getting", "gotten",
     "win", "won", "wins", "winning", "earn", "earned", "earns", "earning", "attract",
     "attracted", "attracts", "attracting", "garner", "garnered", "garners", "spark",
     "sparked", "sparks", "sparking", "trigger", "triggered", "triggers", "prompt",
     "prompted", "prompts", "provoke", "provoked", "provokes", "deserve", "deserved",
     "escape", "escaped", "avoid", "avoided", "ignore", "ignored", "dismiss", "dismissed",
     "reject", "rejected", "rejects", "deny", "denied", "denies"}
)  # fmt: skip


#: Prepositions by which a verb takes a noun cue as its argument (*X stirred controversy
#: with an assertion that*, *X went on a rant about*, *X clung to the hope that*, *X
#: bristled at the suggestion that*); not adjuncts of time, place, cause or concession
#: (*amid reports*, *trailing in polls*, *because of fears*), whose noun is someone else's.
SUPPORT_PREPS = frozenset({"with", "into", "on", "to", "at", "under"})
#: Pronouns that never name a source (the writer, the reader, an expletive).
_NOT_SOURCE = frozenset({"it", "you", "there", "this", "that", "one"})


def support_verb_subject(noun: Token, lexicon: Lexicon) -> Token | None:
    """For a noun cue with no source of its own, the subject of the verb that governs it
    (*X made a joke about*, *X appeared to make a joke about*, *X stirred controversy with
    an assertion that*, *X asked them a series of questions about*): the noun (or the
    measure noun before its *of*) is the verb's object, or the object of a preposition of
    :data:`SUPPORT_PREPS` hung on the verb; the verb's subject is found as a cue verb's is
    (:func:`~analysis.claims_sources.cue_subject`: through infinitives and participles).
    None unless that subject can be a source (a person, an organisation, a pronoun; not the
    first person nor *it*, *you*), or when the verb receives the noun (*X faced
    questions*)."""
    n = noun
    up = n.head
    if n.dep_ == "pobj" and up.lower_ == "of" and up.head.tag_.startswith("NN") and up.i < n.i:
        n = up.head  # "a series of questions about", "lines of attack against"
    if n.dep_ == "dobj":
        verb = n.head
    elif n.dep_ == "pobj" and n.head.dep_ == "prep" and n.head.lower_ in SUPPORT_PREPS:
        verb = n.head.head
    else:
        return None
    if verb.i == n.i or not verb.tag_.startswith("VB") or verb.lower_ in _RECEIVING:
        return None
    subj = cue_subject(verb, lexicon)
    if (
        subj is None
        or subj.lower_ in _NOT_SOURCE
        or lexicon.is_pronoun(subj.lower_) == "first"
        or not looks_like_source(subj, lexicon)
    ):
        return None
    return subj


def light_verb_object(noun: Token, lexicon: Lexicon) -> bool:
    """Whether a noun cue is the direct object of a verb whose subject voices it (*X made
    calls for*, *X launched attacks on*; not *X faced questions on*, nor the object of a
    preposition, *did not respond to requests for comment*)."""
    return noun.dep_ == "dobj" and support_verb_subject(noun, lexicon) is not None


def noun_source(tok: Token, lexicon: Lexicon) -> Token | None:
    """Who voices a noun cue: its possessor (*X's criticism*), a name modifying it (*a
    Republican attack*, *the Pentagon statement*), a *by* / *from* phrase (*calls by X*,
    *support from X*), or the subject of the verb it is the object of (*X voiced
    concern*; not *X faced criticism*)."""
    for child in tok.children:
        if child.dep_ == "poss":
            return child
    for child in tok.children:
        if (
            child.dep_ in ("compound", "nmod", "amod")
            and child.i < tok.i
            and child.ent_type_ in ("PERSON", "ORG", "NORP")
        ):
            return child
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > tok.i:
            for grand in child.children:
                if grand.dep_ == "pobj" and looks_like_source(grand, lexicon):
                    return grand
    head = tok.head
    if tok.dep_ in ("dobj", "attr") and head.tag_.startswith("VB") and head.i != tok.i:
        if head.lower_ in _RECEIVING:
            return None
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS and child.i < head.i:
                return child
    return support_verb_subject(tok, lexicon)


def noun_object_candidate(
    tok: Token, sent: Span, offset: int, lexicon: Lexicon
) -> Candidate | None:
    """``noun-object``: a noun cue with a noun-phrase content, the object of *about* or
    *against* (*X's questions about Y*, *allegations by X against Y*). The noun is a listed
    speech or mental noun or one made from a cue verb
    (:meth:`~analysis.cues.Lexicon.noun_tiers`)."""
    tiers = lexicon.noun_tiers(tok.lower_)
    if not tiers or tiers <= {"evidence"} or tok.ent_type_:
        return None
    doc = tok.doc
    obj: Token | None = None
    for child in tok.children:
        if child.dep_ == "prep" and child.i > tok.i and child.lower_ in _ANY_CONTENT_PREPS:
            for grand in child.children:
                if grand.dep_ in ("pobj", "pcomp"):
                    obj = grand
                    break
            if obj is not None:
                break
    if obj is None:
        return None
    src = noun_source(tok, lexicon)
    if obj.head.lower_ not in NOUN_CONTENT_PREPS and not light_verb_object(tok, lexicon):
        return None  # "the state of New York", "a request for comment", "attacks on X"
    content = content_span(doc, obj.left_edge.i, obj.right_edge.i, offset, min_words=1)
    if content is None:
        return None
    flags: tuple[str, ...] = ()
    if "mental" in tiers and not tiers & {"speech", "stance"}:
        flags = ("mental",)
    elif "intent" in tiers and not tiers & {"speech", "stance"}:
        flags = ("mental", "intent")
    cue = span_chars(doc, tok.i, tok.i, offset)
    return Candidate(
        "noun-object",
        cue,
        content,
        speaker_ref(src, offset, lexicon) if src is not None else None,
        cue,
        sentence_chars(sent, offset),
        flags,
    )


LINKING_VERBS = frozenset(
    {
        "is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'re", "’re", "am",
        "seem", "seems", "seemed", "remain", "remains", "remained", "appear", "appears",
        "appeared", "feel", "feels", "felt", "become", "becomes", "became", "grew", "grown",
        "sound", "sounds", "sounded",
    }
)  # fmt: skip
"""Verbs that link a subject to a predicate adjective (*is*, *seems*, *remained*)."""
_ADJECTIVE_PREPS = frozenset({"of", "about", "over", "on", "to", "with", "toward", "towards"})


def adjective_candidate(tok: Token, sent: Span, offset: int, lexicon: Lexicon) -> Candidate | None:
    """A stance or belief adjective after a copula: *X is confident that ...*, *X was critical
    of ...*, *X remains convinced that ...*, *X is worried about ...*."""
    doc = tok.doc
    subj: Token | None = None
    if tok.dep_ in ("acomp", "oprd") and tok.head.lower_ in LINKING_VERBS:
        for child in tok.head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                subj = child
    elif tok.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ in LINKING_VERBS for c in tok.children
    ):
        if any(c.dep_ == "agent" for c in tok.children):
            return None  # "was convinced by X": a passive, not a state of mind
        for child in tok.children:
            if child.dep_ == "nsubjpass":
                subj = child
    if subj is None or subj.lower_ in ("it", "there", "this", "that", "what"):
        return None  # "It is clear that ...": nobody's stance
    content = None
    for child in tok.children:
        if child.i < tok.i:
            continue
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and child.tag_ == "VB"):
            content = content_span(doc, child.left_edge.i, child.right_edge.i, offset)
        elif child.dep_ == "prep" and child.lower_ in _ADJECTIVE_PREPS:
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objs and child.lower_ in lexicon.adjectives[tok.lower_]:
                content = content_span(doc, objs[0].left_edge.i, objs[0].right_edge.i, offset)
        if content is not None:
            break
    if content is None:
        return None
    cue = span_chars(doc, tok.i, tok.i, offset)
    flags: tuple[str, ...] = ("mental",) if tok.lower_ in lexicon.mental_adjectives else ()
    lo = min(subj.left_edge.i, tok.i)
    return Candidate(
        "adjective",
        cue,
        content,
        speaker_ref(subj, offset, lexicon),
        span_chars(doc, lo, tok.i, offset),
        sentence_chars(sent, offset),
        flags,
    )
