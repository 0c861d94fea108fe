"""The source of a cue verb in its sentence: the token the speaker is built from.

The subject (or a passive's agent, or the subject of the verb a participle hangs on), and
the fallbacks used when the parse lost it: a name right next to the cue, the name opening
the cue clause after a quotation, the name opening the sentence. Also what makes a cue
nobody's claim: an imperative put to the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_hosts import (
    document_source,
    noun_infinitive_host,
    prepositional_subject,
    thing_object,
)
from margin.analysis.claims_tokens import QUOTE_TOKENS
from margin.analysis.speakers import PEOPLE_PRONOUNS, looks_like_source

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.cues import Lexicon

SUBJECT_DEPS = ("nsubj", "csubj")
_CLIMB_DEPS = ("advcl", "conj", "xcomp", "ccomp", "pcomp", "acl")
_AUX_WORDS = frozenset({"has", "have", "had", "also", "did", "does", "do", "is", "was"})
_PASSIVE_SOURCE_VERBS = frozenset({"quoted", "cited", "heard", "seen", "recorded", "reported"})


_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_WHEN = frozenset({"DATE", "TIME"})


def coordinated_cue(verb: Token, lexicon: Lexicon) -> Token | None:
    """The cue verb that ``verb`` is really coordinated with, when the parse hung it on the
    content clause of that cue instead (*He said the attacks have given him momentum and
    said that ...*, *She announced that she was leaving and vowed to ...*): ``verb`` is a cue
    verb of the lexicon with no subject of its own, a conjunct of a clause that has its own
    subject and is the complement of a cue verb of the same finite form as ``verb`` (a form
    the clause's own verb does not have). Coordinated predicates share their form; the
    clause's subject is not ``verb``'s."""
    if verb.dep_ != "conj" or verb.tag_ not in _FINITE or verb.lower_ not in lexicon.verbs:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return None
    clause = verb.head
    main = clause.head
    if (
        clause.dep_ != "ccomp"
        or main.i == clause.i
        or main.tag_ != verb.tag_
        or main.lower_ not in lexicon.verbs
        or clause.i > verb.i
    ):
        return None
    finite = [clause, *(c for c in clause.children if c.dep_ in ("aux", "auxpass"))]
    if any(t.tag_ == verb.tag_ for t in finite):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return None
    return main


def cue_subject(verb: Token, lexicon: Lexicon) -> Token | None:
    """The speaker's head for a cue verb: its subject, the agent of a passive, or (for
    participles and conjoined verbs without a subject) the subject of the verb it hangs on."""
    tok: Token | None = coordinated_cue(verb, lexicon) or verb
    for _ in range(4):
        assert tok is not None
        passive = False
        here = tok.i
        # Nearest subject first: a parse may give a cue two (one of them in the quotation).
        for child in sorted(tok.children, key=lambda c: abs(c.i - here)):
            if child.dep_ in SUBJECT_DEPS:
                if child.tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                    return child  # "who": resolved to the noun the clause hangs on
                # "it is believed that" (expletive) has no speaker
                if (
                    child.lower_ in ("it", "there")
                    and tok.tag_ == "VBN"
                    and any(c.dep_ in ("ccomp", "xcomp") and c.i > tok.i for c in tok.children)
                ):
                    return None
                return child
            if child.dep_ == "nsubjpass":
                passive = True
                if tok.i != verb.i and tok.lower_ in _PASSIVE_SOURCE_VERBS:
                    return child
        if passive or tok.tag_ == "VBN":
            for child in tok.children:
                if child.dep_ == "agent":
                    for grand in child.children:
                        if grand.dep_ == "pobj":
                            return grand
            if passive:
                return None
        found = prepositional_subject(tok, lexicon)
        if found is not None:
            return found
        head = tok.head
        outer = participle_host(tok)
        if outer is not None:
            tok = outer
            continue
        if tok.dep_ == "xcomp" and head.i != tok.i and head.tag_.startswith("VB"):
            # object control: "Warren pressed Stumpf to admit ..." — Stumpf admits
            objs = [c for c in head.children if c.dep_ == "dobj" and c.i < tok.i]
            if objs and not thing_object(objs[0], lexicon):
                return objs[0]
        if tok.dep_ in _CLIMB_DEPS and head.i != tok.i and head.tag_.startswith("VB"):
            tok = head
            continue
        if (
            tok.dep_ == "xcomp"
            and head.tag_.startswith("JJ")
            and head.dep_ in ("acomp", "amod")
            and head.head.tag_.startswith("VB")
        ):
            tok = head.head  # "X was able to tout ...", "X is eager to show ..."
            continue
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.head.tag_.startswith("VB"):
            tok = head.head  # "..., in saying that ...": the verb the preposition hangs on
            continue
        if tok.dep_ in ("acl", "relcl") and (
            tok.head.tag_.startswith("NN") or tok.head.lower_ in PEOPLE_PRONOUNS
        ):
            if tok.tag_ != "VBG":
                up = noun_infinitive_host(tok)
                if up is None:
                    return None
                if up.dep_ == "dative":
                    return up  # "X gave Y a chance to say ...": Y
                tok = up
                continue
            # "X released tweets criticizing ...": X, not the tweets
            return document_source(tok.head, lexicon)
        return None
    return None


def participle_host(tok: Token) -> Token | None:
    """For a participle (*-ing*) the parse hung on a finite clause it cannot share a subject
    with, the verb it really belongs to: a participle coordinated with a finite verb is a
    conjunct of the participle above that clause (*telling CNN that X is a faker and
    questioning ...*: not X's questioning), and a participle set off after a quotation that
    closes a content clause belongs to the clause the quotation is the content of (*X told Y
    that Z "...," adding ...*: not Z's adding), and a participle right after a postposed cue
    clause belongs to that cue (*"...," she said, blaming ...*: :func:`postposed_cue_before`).
    None otherwise."""
    if tok.tag_ != "VBG":
        return None
    postposed = postposed_cue_before(tok)
    if postposed is not None:
        return postposed
    if tok.head.i == tok.i:
        return None
    head = tok.head
    if tok.dep_ == "conj" and head.tag_ in _FINITE and head.i < tok.i:
        up = head
        for _ in range(3):
            if up.dep_ not in ("ccomp", "conj") or up.head.i == up.i:
                return None
            up = up.head
            if up.tag_ == "VBG":
                return up
        return None
    if tok.dep_ == "advcl" and head.dep_ == "ccomp" and head.i < tok.i:
        main = head.head
        before = tok.doc[max(head.i + 1, tok.i - 2) : tok.i]
        if (
            main.i != head.i
            and main.tag_.startswith("VB")
            and any(t.text in QUOTE_TOKENS for t in before)
        ):
            return main
    return None


def postposed_cue_before(tok: Token) -> Token | None:
    """The finite verb of a postposed cue clause right before ``tok`` and a comma (*"...,"
    the man shouted, using ...*; *"...," X added, saying ...*), when the parse hung ``tok``
    elsewhere: the verb's subject comes right before it and opens after a quotation mark or
    a comma."""
    doc = tok.doc
    if tok.i < 3 or doc[tok.i - 1].text != ",":
        return None
    verb = doc[tok.i - 2]
    if verb.tag_ not in _FINITE or tok.head.i == verb.i:
        return None
    for subj in verb.children:
        if subj.dep_ == "nsubj" and subj.right_edge.i == verb.i - 1:
            opener = subj.left_edge.i - 1
            if opener >= 0 and (doc[opener].text in QUOTE_TOKENS or doc[opener].text == ","):
                return verb
    return None


def shared_subject(verb: Token) -> Token | None:
    """For a finite cue verb with no subject and a clause of its own after it, the subject of
    the predicate coordinated before it that the parse made a clause of the cue (*X offered
    Y a job, then says he ...*; *X summed Y up as Z, denounced W and said ...*): a finite
    clause before the cue (or before the verb it is a conjunct of), with no subordinating
    word, whose subject is the cue's too."""
    tok = verb
    while tok.dep_ == "conj" and tok.head.i < tok.i and tok.head.tag_.startswith("VB"):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return None
        tok = tok.head
    if verb.tag_ not in _FINITE or not any(
        c.dep_ == "ccomp" and c.i > verb.i for c in verb.children
    ):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in tok.children):
        return None
    for clause in sorted(tok.children, key=lambda c: -c.i):
        if clause.i > tok.i or clause.dep_ not in ("ccomp", "advcl"):
            continue
        if clause.tag_ not in _FINITE or any(
            c.dep_ == "mark" or c.tag_ == "WRB" for c in clause.children
        ):
            return None
        doc = verb.doc
        if any(t.text in QUOTE_TOKENS for t in doc[verb.sent.start : clause.i]):
            return None  # a quotation before the cue is its content, not a predicate
        for c in clause.children:
            if c.dep_ == "nsubj" and c.i < clause.i and c.lower_ not in ("it", "there"):
                return c
        return None
    return None


def adjacent_source(verb: Token, lexicon: Lexicon) -> Token | None:
    """When the parse gives a cue verb no subject, a source right next to it: the name just
    before it (*... the board of the Post Trump said*) or just after (*said Trump*)."""
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and (doc[j].tag_ in ("RB", "MD") or doc[j].lower_ in _AUX_WORDS):
        j -= 1
    if j >= 0 and looks_like_source(doc[j], lexicon):
        return doc[j]
    if j >= 0 and doc[j].text == ",":
        named = name_before(verb)
        if named is not None:
            return named
    j = verb.i + 1
    if j < len(doc) and doc[j].ent_type_ in ("PERSON", "ORG") and doc[j].tag_ == "NNP":
        while j + 1 < len(doc) and doc[j + 1].ent_iob_ == "I":
            j += 1
        return doc[j]
    if verb.i > 0 and (doc[verb.i - 1].text in QUOTE_TOKENS or doc[verb.i - 1].text == ","):
        # "“...,” opined Cleveland's Plain Dealer": an inverted subject read as an object
        for child in verb.children:
            if child.dep_ == "dobj" and child.i > verb.i and child.tag_ in ("NNP", "NNPS"):
                return child
    return None


def noun_before(verb: Token) -> Token | None:
    """When the parse lost the subject of a cue verb that has a clause after it, the noun
    right before the verb: a finite verb the parse hung elsewhere (*The average of polls
    shows that ...*, *sources privy to talks say ...*), or a past form read as a reduced
    relative (*A new poll found that ...*: a reduced relative takes no that-clause)."""
    if not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.i == verb.i - 1:
        return verb.head if verb.head.tag_ in ("NN", "NNS", "NNP", "NNPS") else None
    if verb.tag_ not in _FINITE:
        return None
    doc = verb.doc
    j = verb.i - 1
    while j >= 0 and (doc[j].tag_ in ("RB", "MD") or doc[j].lower_ in _AUX_WORDS):
        j -= 1
    if j >= 0 and doc[j].tag_ in ("NN", "NNS", "NNP", "NNPS") and doc[j].ent_type_ not in _WHEN:
        return doc[j]  # not a time (*voters on Tuesday say*)
    return None


def inverted_ok(verb: Token, cue_last: int, subj: Token) -> bool:
    """Whether a subject after its verb is a true inverted speaker (*said Smith*, *said
    Tuesday the mayor*) rather than a name the parse took from later in the clause
    (*X said on Fox News's “Fox and Friends”*): only adverbs and time words may come
    between them."""
    if subj.i < verb.i or subj.head.i != verb.i or subj.dep_ != "nsubj":
        return True
    doc = verb.doc
    for t in doc[cue_last + 1 : subj.left_edge.i]:
        if t.tag_ in ("RB", "RP", ",") or t.ent_type_ in ("DATE", "TIME") or t.is_space:
            continue
        return False
    return True


def interposed_speaker(verb: Token, cue_last: int, subj: Token, lexicon: Lexicon) -> Token | None:
    """For a cue set off inside its content, with the speaker after the verb (*The contrast,
    said X, would be clear*; *Part of the problem, say experts, is the ground*), which the
    parse reads as the content's subject saying a clause whose subject is the speaker: that
    speaker. The cue follows a comma after its parsed subject, and right after the cue (an
    adverb or time aside) comes the subject of a clause of the cue, set off by a comma
    before that clause's verb, and it can be a source (a person, a group, a pronoun)."""
    doc = verb.doc
    if verb.tag_ not in _FINITE or subj.i > verb.i or verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    for clause in verb.children:
        if clause.dep_ != "ccomp" or clause.i <= cue_last:
            continue
        for c in clause.children:
            if c.dep_ != "nsubj" or not cue_last < c.i < clause.i:
                continue
            if not looks_like_source(c, lexicon):
                return None
            gap = doc[cue_last + 1 : c.left_edge.i]
            if any(not (t.tag_ == "RB" or t.ent_type_ in _WHEN) for t in gap):
                return None
            last = c.right_edge.i
            if last < clause.i and "," in (doc[last].text, doc[last + 1].text):
                return c
    return None


def name_before(verb: Token) -> Token | None:
    """The name opening a cue clause that follows a quotation (*“...,” Flynn, a top aide,
    said*): the first person or organisation between the closing quotation mark and the
    verb."""
    doc = verb.doc
    i = verb.i - 1
    start = None
    while i >= 0 and verb.i - i <= 15:
        t = doc[i]
        if t.text in QUOTE_TOKENS or t.tag_.startswith("VB") or "\n" in t.text:
            start = i + 1
            break
        i -= 1
    if start is None:
        return None
    for j in range(start, verb.i):
        t = doc[j]
        if t.ent_type_ in ("PERSON", "ORG") and t.ent_iob_ == "B":
            while j + 1 < verb.i and doc[j + 1].ent_iob_ == "I":
                j += 1
            return doc[j]
        if t.text not in (",", "—", "–") and not t.is_space:
            return None  # the clause must open with the name
    return None


def initial_name(verb: Token, sent: Span) -> Token | None:
    """For a finite cue verb left with no subject in a sentence that opens with a capitalised
    name the parse mistook for something else (*Trump openly admires ...* with *Trump* read
    as a verb; *Trump, appearing at the forum, cited ...*): that name."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    doc = verb.doc
    i = sent.start
    while i < verb.i and (doc[i].is_space or doc[i].text in QUOTE_TOKENS):
        i += 1
    j = i
    while (
        j < verb.i
        and doc[j].is_alpha
        and doc[j].is_title
        and not doc[j].is_stop
        and doc[j].ent_type_ in ("", "PERSON", "ORG", "NORP")
    ):
        j += 1
    if j == i:
        return None
    k = j
    while k < verb.i and doc[k].tag_ == "RB":
        k += 1
    if k == verb.i or (doc[j].text == "," and doc[verb.i - 1].text == ","):
        return doc[j - 1]
    return None


def set_off_name(verb: Token, sent: Span) -> Token | None:
    """For a finite cue verb with no subject right after a comma, the name the parse cut
    off from it by an appositive or a relative clause (*Mr. Slinker, whose start-up ...,
    said ...*; *At the club, Jay Pietro, its president, suggested ...*): the first person
    or organisation opening the sentence or following a comma, and followed by a comma."""
    doc = verb.doc
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    j = verb.i - 1
    while j > sent.start and (doc[j].tag_ in ("RB", "MD") or doc[j].lower_ in _AUX_WORDS):
        j -= 1  # "..., bluntly suggested", "..., also said"
    if j <= sent.start or doc[j].text != ",":
        return None
    i = sent.start
    while i < j:
        t = doc[i]
        if t.ent_iob_ == "B" and t.ent_type_ in ("PERSON", "ORG"):
            end = i
            while end + 1 < j and doc[end + 1].ent_iob_ == "I":
                end += 1
            first = min(i, doc[end].left_edge.i)  # with a title before it ("Mr. X")
            before = doc[first - 1] if first > sent.start else None
            opens = (
                before is None
                or before.text == ","
                or before.is_space
                or before.text in QUOTE_TOKENS  # '"...," Tom Reed, in a hat, said'
            )
            if opens and end + 1 <= j and doc[end + 1].text == ",":
                return doc[end]
            i = end
        i += 1
    return None


def opening_name(sent: Span, before: int) -> Token | None:
    """A capitalised name opening ``sent`` and followed (adverbs aside) by a finite verb,
    whatever the parse made of it (*Trump openly admires X, comparing ...*): its last word."""
    doc = sent.doc
    i = sent.start
    while i < before and (doc[i].is_space or doc[i].text in QUOTE_TOKENS):
        i += 1
    j = i
    while j < before and doc[j].is_alpha and doc[j].is_title and not doc[j].is_stop:
        j += 1
    if j == i or j - i > 4:
        return None
    k = j
    while k < before and doc[k].tag_ == "RB":
        k += 1
    if k < before and doc[k].tag_ in ("VBD", "VBZ", "VBP"):
        return doc[j - 1]
    return None


def sentence_subject(verb: Token, sent: Span, lexicon: Lexicon) -> Token | None:
    """For a participle cue whose subject the parse lost (*..., saying that ...*): the
    source-like subject nearest before it in the sentence, else its first named source."""
    doc = verb.doc
    for i in range(verb.i - 1, sent.start - 1, -1):
        t = doc[i]
        if t.dep_ in ("nsubj", "nsubjpass") and looks_like_source(t, lexicon):
            return t
    opening = opening_name(sent, verb.i)
    if opening is not None:
        return opening
    for i in range(sent.start, verb.i):
        if doc[i].ent_type_ in ("PERSON", "ORG") and doc[i].ent_iob_ == "B":
            j = i
            while j + 1 < verb.i and doc[j + 1].ent_iob_ == "I":
                j += 1
            return doc[j]
    return None


def in_imperative(verb: Token) -> bool:
    """Whether ``verb`` is, or hangs on, an imperative: a bare verb heading its sentence with
    no subject, not a to-infinitive or a modal's verb (*Open it to see what ...*, *Don't
    forget that ...*)."""
    tok = verb
    for _ in range(6):
        if tok.dep_ == "ROOT":
            break
        if tok.dep_ not in ("advcl", "xcomp", "conj", "ccomp") or tok.head.i == tok.i:
            return False
        tok = tok.head
    else:
        return False
    return tok.tag_ == "VB" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl")
        or (c.dep_ in ("aux", "auxpass") and (c.lower_ == "to" or c.tag_ == "MD"))
        for c in tok.children
    )
