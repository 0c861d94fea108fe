"""Where the source of a cue with no subject of its own lies, when the parse hung the cue
on something other than a clause with a subject: a to-infinitive after a *for* phrase
(*an opening for X to say*), a to-infinitive describing a verb's object (*X took pains to
say*), a participle on a document (*X's speech denouncing*), an object that is a thing and
cannot speak (*X used this question to demand*), and a dateline the parse made the subject
(*New York (AFP) – X said*). Read by :func:`analysis.claims_sources.cue_subject` and the verb
rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.speakers import looks_like_source, producer

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from margin.analysis.cues import Lexicon

_WHEN = frozenset({"DATE", "TIME"})
_DASHES = frozenset({"-", "—", "–", "--"})


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
