"""Constructions that look like a cue verb with its content and report nothing, and where
what a cue's colon introduces ends (round 12 of the claim rules, decided on PolNeAR train).

Small predicates the verb rules of :mod:`analysis.claims_verbs` ask before they take a
content: each names one general English construction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_tokens import QUOTE_TOKENS, last_token

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

    from margin.analysis.claims_site import VerbSite

#: What one casts in voting (*cast their ballots*).
_VOTES = frozenset({"vote", "votes", "ballot", "ballots"})


def votes_cast(site: VerbSite, obj: Token) -> bool:
    """*X cast their ballots*, *before the votes were cast*: voting reports nothing unless
    it is for or against someone (*cast a vote for Y*, *cast their votes against Y*), with
    the phrase on the verb or on the noun; the passive's subject may be a relative pronoun
    standing for the votes (*ballots that are being cast early*)."""
    if site.entry.base != "cast" or obj.dep_ not in ("dobj", "nsubjpass"):
        return False
    if obj.tag_ in ("WDT", "WP") and site.tok.dep_ == "relcl":
        obj = site.tok.head  # the noun the relative clause is about
    return obj.lower_ in _VOTES and not any(
        c.dep_ == "prep" and c.lower_ in ("for", "against") for c in (*site.children, *obj.children)
    )


def finds_oneself(site: VerbSite, clause: Token) -> bool:
    """*X found himself embroiled in a row*, *X finds itself playing host*: finding oneself in
    a state is ending up in it, not a finding."""
    return site.entry.base == "find" and any(
        c.dep_ == "nsubj" and c.lower_.endswith(("self", "selves")) for c in clause.children
    )


def colon_content_end(doc: Doc, first: int) -> int:
    """The last token of what a cue's colon introduces, from token ``first``: a quotation
    runs to the end of the paragraph (the linker pairs it with its closing mark); anything
    else to the end of its sentence (*X mocked three hopefuls: A, B and C. And ...*: the
    next sentence is the writer's again)."""
    if doc[first].text in QUOTE_TOKENS:
        return last_token(doc)
    return doc[first].sent.end - 1
