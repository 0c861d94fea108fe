"""Cue words used in a sense that reports nothing (round 15 of the claim rules, decided on
PolNeAR train): small predicates the verb rules of :mod:`analysis.claims_verbs` ask before
they take a content, each naming one general English construction."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from margin.analysis.claims_site import VerbSite

#: Verbs of perception: with a bare noun phrase they perceive a thing, they report nothing.
_PERCEPTION = frozenset({"see", "hear", "feel", "sense", "notice"})
#: What after the object says what the thing is taken for (*sees X as Y*, *see it that way*).
_PREDICATES = frozenset({"oprd", "xcomp", "ccomp", "acomp", "advmod", "npadvmod"})
#: Words opening what a thing is taken for (*sees X as Y*, *saw it like this*).
_AS = frozenset({"as", "like"})
#: A date or a time after the object says when, not what the thing is taken for.
_WHEN = frozenset({"DATE", "TIME"})
#: Words that make a noun phrase more than a bare one: a phrase or a clause in it.
_NOT_BARE = frozenset({"prep", "relcl", "acl", "conj", "appos", "ccomp", "xcomp", "advcl"})


def _bare_thing(site: VerbSite, obj: Token) -> bool:
    """Whether ``obj`` is a bare noun phrase (no phrase or clause in it) with nothing after
    it on the verb that says what the thing is taken for (*as Y*, *that way*, a clause; a
    date says when)."""
    if any(
        t.tag_.startswith("VB") or t.dep_ in _PREDICATES or t.dep_ in _NOT_BARE
        for t in obj.subtree
        if t.i != obj.i
    ):
        return False
    return not any(
        c.i > obj.i
        and c.ent_type_ not in _WHEN
        and (c.dep_ in _PREDICATES or c.dep_ == "advcl" or c.left_edge.lower_ in _AS)
        for c in site.children
    )


def perceives_thing(site: VerbSite, obj: Token) -> bool:
    """*X heard the news*, *X has seen the messages*, *rivals sense vulnerabilities*: a verb
    of perception whose object is a bare noun phrase (no clause in it) and has nothing after
    it saying what the thing is taken for (*sees X as a uniter*, *did not see it that way*,
    *see a glass half empty* stay) perceives a thing, it reports no claim."""
    return site.entry.base in _PERCEPTION and obj.dep_ == "dobj" and _bare_thing(site, obj)


def writes_text(site: VerbSite, obj: Token) -> bool:
    """*X wrote a children's book*, *writes a weekly column*, *wrote on Twitter*: writing
    with a bare noun phrase as its object names the text written, or where it was written,
    not what it says (*wrote an op-ed urging Y*, *wrote a piece on Y*, *wrote about Y*
    stay)."""
    if site.entry.base != "write" or site.entry.tail:
        return False
    on_venue = obj.dep_ == "pobj" and obj.head.lower_ == "on" and obj.head.head.i == site.tok.i
    return (obj.dep_ == "dobj" or on_venue) and _bare_thing(site, obj)


#: What a challenge to someone is about or to (*challenged X to a debate*, *over Y*).
_CHALLENGE_PREPS = frozenset({"to", "over", "on", "about", "with"})
_PERSONAL = frozenset({"him", "her", "them", "me", "us", "you"})


def challenges_rival(site: VerbSite, obj: Token) -> bool:
    """*X is challenging Senator Y*, *challenge her in Iowa*: challenging a person with
    nothing saying to what or over what is running against them, not a claim
    (*challenged Y to a debate*, *challenging him over his comments*, *challenged the
    assertion that ...* stay)."""
    if site.entry.base != "challenge" or obj.dep_ != "dobj":
        return False
    if not (obj.ent_type_ == "PERSON" or obj.lower_ in _PERSONAL):
        return False
    return not any(
        c.dep_ in ("prep", "xcomp", "ccomp") and (c.dep_ != "prep" or c.lower_ in _CHALLENGE_PREPS)
        for c in (*site.children, *obj.children)
    )


#: Verbs of naming: a participle of one after a noun gives the noun's name.
_NAMING = frozenset({"call", "name", "dub", "title", "nickname", "label"})


def names_thing(site: VerbSite, obj: Token) -> bool:
    """*a super PAC called Future 45*, *a movement called the People's Party*: a verb of
    naming hung on a noun, with only the name after it, gives the noun's name, it reports
    nobody's words (*a sign calling Smith a liar*, *what he calls Y* stay)."""
    return (
        site.entry.base in _NAMING
        and site.tok.dep_ == "acl"
        and obj.dep_ == "oprd"
        and obj.ent_type_ not in _WHEN
        and not any(c.dep_ in ("dobj", "dative", "nsubj", "ccomp") for c in site.children)
    )


def object_is_party(site: VerbSite, obj: Token) -> bool:
    """*X presents voters with a choice*, *the move worries the Gulf capitals*: the object
    of *present ... with* is who receives the thing, and the object of *worry* is who
    feels it (the subject is the cause): neither is what anyone said or thought (*X
    worries about Y*, *presents the plan as Y* stay)."""
    if obj.dep_ != "dobj":
        return False
    base = site.entry.base
    if base == "worry":
        return True
    return base == "present" and any(
        c.dep_ == "prep" and c.lower_ == "with" and c.i > obj.i for c in site.children
    )


def shows_up(site: VerbSite, obj: Token) -> bool:
    """*X showed up on television*, *did not show up for the race*: *show up* is turning
    up somewhere, not showing anything (*polls show Clinton up by 10 points* has *up* after
    the object, and stays)."""
    return site.entry.base == "show" and any(
        c.dep_ == "prt" and c.lower_ == "up" and c.i < obj.i for c in site.children
    )


def senses_nothing(site: VerbSite, obj: Token) -> bool:
    """Whether the cue verb, with ``obj`` as its content, is used in a sense that reports
    nothing (the predicates above)."""
    return (
        perceives_thing(site, obj)
        or writes_text(site, obj)
        or challenges_rival(site, obj)
        or names_thing(site, obj)
        or object_is_party(site, obj)
        or shows_up(site, obj)
    )


def after_possessive(tok: Token) -> bool:
    """*Trump's reported net worth*, *the party's presumed nominee*, *her pledged
    delegates*: a participle right after a possessive is an adjective in a noun phrase (the
    parse may still give it an object), not a cue verb."""
    if tok.i == 0 or not tok.tag_.startswith("VB"):
        return False
    prev = tok.doc[tok.i - 1]
    return prev.tag_ in ("POS", "PRP$")
