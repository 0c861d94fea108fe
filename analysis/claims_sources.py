"""The source of a cue verb in its sentence: the token the speaker is built from.

The subject (or a passive's agent, or the subject of the verb a participle hangs on), and
the fallbacks used when the parse lost it: a name right next to the cue, the name opening
the cue clause after a quotation, the name opening the sentence. Also what makes a cue
nobody's claim: an imperative put to the reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_tokens import QUOTE_TOKENS
from margin.analysis.speakers import PEOPLE_PRONOUNS, looks_like_source, producer

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span, Token

    from margin.analysis.cues import Lexicon

SUBJECT_DEPS = ("nsubj", "csubj")
_CLIMB_DEPS = ("advcl", "conj", "xcomp", "ccomp", "pcomp", "acl")
_AUX_WORDS = frozenset({"has", "have", "had", "also", "did", "does", "do", "is", "was"})
_PASSIVE_SOURCE_VERBS = frozenset({"quoted", "cited", "heard", "seen", "recorded", "reported"})


_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_WHEN = frozenset({"DATE", "TIME"})
_DASHES = frozenset({"-", "—", "–", "--"})


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


def noun_infinitive_host(verb: Token) -> Token | None:
    """For a to-infinitive describing a noun that a verb takes as its object, directly or
    after a preposition (*X went out of his way to say ...*, *X is taking pains to say
    ...*, *X has a rare chance to show ...*): that verb, whose subject is the infinitive's
    too; or the person a *dative* names before the noun (*X gave Y a chance to say ...*).
    None otherwise (*the plan to say ...* as a subject)."""
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    if not any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children):
        return None  # only a reported clause: "a chance to show the same" reports nothing
    noun = verb.head
    if noun.dep_ == "dobj":
        host = noun.head
    elif noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        host = noun.head.head
    else:
        return None
    if host.i == noun.i or not host.tag_.startswith("VB"):
        return None
    for child in host.children:
        if child.dep_ == "dative" and child.i < noun.i and child.tag_ != "IN":
            return child
    return host


#: Prepositions whose object right before a to-infinitive is its subject (*an opening for X
#: to highlight*); not *to*, *with* or *on* (*X wrote to the board to demand*, *X went on
#: CNN to say*: X demands and says).
_CONTROL_PREPS = frozenset({"for"})


def prepositional_subject(verb: Token, lexicon: Lexicon) -> Token | None:
    """For a to-infinitive with no subject of its own, right after a person or group that a
    *for* introduces (*an opening for X to highlight ...*, *time for her to say ...*): that
    person or group, the infinitive's subject. Not when the *for* phrase belongs to a person
    (*forced lawyers for X to respond*: the lawyers respond)."""
    if verb.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    to = [c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"]
    if not to or to[0].i == 0:
        return None
    doc = verb.doc
    before = doc[to[0].i - 1]
    obj = before
    while obj.dep_ != "pobj" and obj.head.i != obj.i and obj.head.i > obj.i:
        obj = obj.head  # the head of the noun phrase ending right before "to"
    prep = obj.head
    if (
        obj.dep_ != "pobj"
        or obj.right_edge.i != before.i
        or prep.lower_ not in _CONTROL_PREPS
        or not looks_like_source(obj, lexicon)
        or looks_like_source(prep.head, lexicon)  # "forced lawyers for X to respond"
    ):
        return None
    return obj


def document_source(noun: Token, lexicon: Lexicon) -> Token:
    """Who speaks through a thing a participle cue describes (*X released tweets criticizing
    ...*: X; *X's speech denouncing ...*, *her statement condemning ...*: X, her; *a sign
    saying ...*: the sign): the thing's possessor, else the one who issued it (:func:`~analysis.
    speakers.producer`), else the thing itself."""
    for child in noun.children:
        if child.dep_ == "poss" and child.ent_type_ not in _WHEN:
            return child
    return producer(noun, lexicon) or noun


def thing_object(obj: Token, lexicon: Lexicon) -> bool:
    """Whether the object before a to-infinitive is a thing, which cannot be the one who
    speaks (*X used this question to demand ...*, *using a crude expression to describe
    ...*: X demands and describes): a singular common noun that is no source word and no
    name, and with no person or organisation in its phrase (*footage of X*, *the journalist
    X*; a plural may be people: *led some allies to worry*). An amount of money or an
    adjective as the object (*X spent $80,000 to support ...*, *X used much of its time to
    criticize ...*) is a thing too."""
    if obj.ent_type_ == "MONEY" or (obj.tag_ == "JJ" and obj.lower_ in ("much", "little")):
        return not any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in obj.subtree)
    return (
        obj.tag_ == "NN"
        and not any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in obj.subtree)
        and not looks_like_source(obj, lexicon)
        and lexicon.nominal.get(obj.lower_) is None
    )


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


def past_dateline(subj: Token) -> Token:
    """The subject itself, unless it is a dateline the parse made the subject (*CLEVELAND,
    July 19 (UPI) — X told ...*: an upper-case place opening its line, then a comma; *New
    York (AFP) – X hit ...*: a place opening its line, then an agency in brackets and a
    dash): then the noun phrase after the dateline's dash that the parse hung on it as an
    apposition (not an apposition of an upper-case name: *ACME, the firm, said*)."""
    doc = subj.doc
    first = subj.left_edge.i
    opens = first == 0 or "\n" in doc[first - 1].text_with_ws or doc[first - 1].is_space
    if not opens or subj.i + 1 >= len(doc):
        return subj
    after = doc[subj.i + 1]
    upper = subj.is_upper and len(subj.text) > 2 and after.text == ","
    if not (upper or _agency_dash(subj)):
        return subj
    for appos in sorted(subj.children, key=lambda c: -c.i):
        if appos.dep_ == "appos" and any(t.text in _DASHES for t in doc[subj.i + 1 : appos.i]):
            return appos
    return subj


def _agency_dash(subj: Token) -> bool:
    """Whether a bracketed word and a dash follow ``subj`` (*New York (AFP) –*)."""
    doc = subj.doc
    rest = doc[subj.i + 1 : subj.i + 6]
    texts = [t.text for t in rest]
    if not texts or texts[0] != "(" or ")" not in texts:
        return False
    close = texts.index(")")
    return close + 1 < len(texts) and texts[close + 1] in _DASHES


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
