"""Parenthetical and postposed verb cues: a cue clause whose content is the sentence
around it (*..., Smith said.*, *The plan, Smith said, is wrong.*, *As Smith noted, ...*).

Rules of :data:`analysis.claims_verbs.VERB_RULES`, each a small function of a
:class:`~analysis.claims_site.VerbSite`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_ends import resumes_after_cue
from margin.analysis.claims_site import OBJECT_PREPS, REPORTING, VerbSite
from margin.analysis.claims_tokens import (
    QUOTE_TOKENS,
    Candidate,
    clause_bounds,
    postposed,
    quote_follows,
    set_off,
)
from margin.analysis.speakers import looks_like_source

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

_BEFORE_CLAUSE_DEPS = ("ccomp", "parataxis", "dep", "advcl")


def _leaves_gap(site: VerbSite, subordinate: bool = True) -> bool:
    """Whether a cue clause can be a parenthetical (*..., Smith said*): its complement is the
    sentence around it, so the clause is not a subordinate clause of its own (*when he was
    accused*, *because ...*; *as* is the comment clause), has no object after the verb that
    fills the complement (*as X echoed similar themes*; a person or organisation there is the
    hearer: *..., he told reporters*), and no passive subject other than *it* (*Blocher was
    charged with libel*; *..., it was reported*). ``subordinate=False`` leaves the
    subordinate-clause test to the caller."""
    tok = site.tok
    for c in site.children:
        if subordinate and c.dep_ == "mark" and c.lower_ != "as":
            return False
        if subordinate and c.dep_ == "advmod" and c.tag_ == "WRB" and c.i < tok.i:
            return False
        if c.dep_ == "nsubjpass" and c.lower_ != "it":
            return False
        if c.dep_ == "dobj" and c.i > tok.i and not looks_like_source(c, site.lexicon):
            return False
        if _own_infinitive(c, tok):
            return False
    return True


def _own_infinitive(child: Token, verb: Token) -> bool:
    """Whether ``child`` is a to-infinitive complement after the cue verb, which fills the
    verb's complement itself (*The deal came together: a ballot initiative threatened to
    raise the wage*; *..., some supporters threaten to cast protest votes*)."""
    return (
        child.dep_ == "xcomp"
        and child.i > verb.i
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
    )


def clause_before(site: VerbSite) -> Candidate | None:
    """``verb-postposed``: a clausal complement before the verb (*..., Smith said.*); a
    participle (*..., saying*) never looks back for its content."""
    doc, tok, sent, tiers = site.doc, site.tok, site.sent, site.tiers
    if tok.tag_ == "VBG" or ("stance" in tiers and not tiers & REPORTING):
        return None
    if any(c.dep_ == "mark" and c.lower_ not in ("as", "that") for c in site.children):
        return None  # "..., because he sees X": the clause before is not what he sees
    if not _leaves_gap(site, subordinate=False):
        return None
    children = site.children
    for child in children:
        if child.dep_ not in _BEFORE_CLAUSE_DEPS or child.i >= tok.i:
            continue
        if child.dep_ == "advcl" and not postposed(tok):
            continue
        if child.right_edge.i >= tok.i:
            continue
        # "A, but B, the source added": the parse may give the cue both clauses
        last = child.right_edge.i
        for other in children:
            if (
                other.i > child.i
                and other.i < tok.i
                and other.dep_ in _BEFORE_CLAUSE_DEPS
                and other.right_edge.i < tok.i
            ):
                last = max(last, other.right_edge.i)
        first = child.left_edge.i
        # ... or hang the cue on the first clause ("added" as its conjunct)
        if (
            tok.dep_ in (*_BEFORE_CLAUSE_DEPS, "conj")
            and sent.start <= tok.head.i < first
            and "speech" in tiers
            and set_off(tok, site.subj)
        ):
            first = max(sent.start, tok.head.left_edge.i)
        content = site.content(first, last)
        if content and child.right_edge.i - child.left_edge.i >= 2:
            # Content beyond the cue clause ("“A,” he said, “B.”"; "A, he said, because
            # B") joins it.
            after = tok.right_edge.i + 1
            resume = after if quote_follows(doc, after, sent.end) else resumes_after_cue(site)
            tail = site.content(resume, sent.end - 1) if resume is not None else None
            if tail:
                content = (content[0], tail[1])
            return site.make("verb-postposed", content)
    return None


def fronted_object(site: VerbSite) -> Candidate | None:
    """``verb-postposed``: a postposed speech cue whose content the parse took as a fronted
    object or a second subject (*The loopholes he cited are "...," The Hill reported.*)."""
    tok, subj = site.tok, site.subj
    if not ("speech" in site.tiers and tok.tag_ in ("VBD", "VBZ", "VBP") and set_off(tok, subj)):
        return None
    for child in site.children:
        if (
            (child.dep_ == "dobj" or (child.dep_ == "nsubj" and subj is not None))
            and (subj is None or child.i != subj.i)
            and child.i < tok.i
            and child.right_edge.i < tok.i
            and any(c.dep_ == "relcl" for c in child.children)
        ):
            content = site.content(child.left_edge.i, child.right_edge.i)
            if content:
                return site.make("verb-postposed", content)
    return None


def as_clause(site: VerbSite) -> Candidate | None:
    """``verb-as``: an as-clause (*As Smith noted, the plan is late.* / *The plan, as Smith
    noted, is late.* / *The plan will fail, as Smith predicted.*): the rest of the sentence.
    Not a time clause (*As Clinton talked about X, ...*)."""
    tok, sent, children = site.tok, site.sent, site.children
    if not (
        tok.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in children)
        and not site.entry.tail
        and not any(
            c.i > tok.i
            and (
                c.dep_ in ("ccomp", "dobj", "xcomp")
                or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPS)
            )
            for c in children
        )
        and site.tiers & REPORTING
        and site.subj is not None
    ):
        return None
    left, right = clause_bounds(tok)
    before = site.content(sent.start, left - 1) if left > sent.start else None
    after = site.content(right + 1, sent.end - 1) if right + 1 < sent.end else None
    content = (before[0], after[1]) if before and after else before or after
    return site.make("verb-as", content) if content else None


def cue_inside_content(site: VerbSite) -> Candidate | None:
    """``verb-postposed``: the cue clause hangs on the content's verb (*... is wrong, Smith
    said.*), or is set off by commas inside it (*The plan, Smith said, is wrong.*)."""
    doc, tok, sent = site.doc, site.tok, site.sent
    left, right = clause_bounds(tok)
    if not (
        tok.tag_ != "VBG"
        and tok.dep_ in ("parataxis", "ccomp", "advcl", "conj")
        and postposed(tok)
        and sent.start <= tok.head.i < sent.end
        and (
            tok.head.i < tok.i
            or (right + 1 < sent.end and doc[right + 1].text in {",", "—", "–", "--"})
        )
        and site.tiers & REPORTING
        and _leaves_gap(site)
    ):
        return None
    if site.subj is None:
        return None
    after = right + 1
    tail = None
    if tok.head.i > tok.i or quote_follows(doc, after, sent.end) or goes_on(doc, after, sent.end):
        tail = site.content(after, sent.end - 1)
    elif (resume := resumes_after_cue(site)) is not None:
        tail = site.content(resume, sent.end - 1)
    # one word will do before the cue when the content goes on after it ("Overall, she
    # said, ...")
    content = site.content(sent.start, left - 1, 1 if tail else 2)
    if not content:
        return None
    if tail and _quote_with_own_subject(site, left, after):
        return site.make("verb-postposed", tail)
    if tail:
        content = (content[0], tail[1])
    return site.make("verb-postposed", content)


def goes_on(doc: Doc, after: int, end: int) -> bool:
    """Whether the sentence goes on after a cue clause set off by a comma or a dash in
    the middle of its content (*He had no ties, the airline added, and had passed all
    checks*): the rest of the sentence is content too."""
    if after >= end - 1 or doc[after].text not in {",", "—", "–", "--"}:
        return False
    return sum(1 for k in range(after + 1, end) if not doc[k].is_punct) >= 2


def _quote_with_own_subject(site: VerbSite, left: int, after: int) -> bool:
    """*When she first saw the plan, she said, “We will ...”*: a quotation opening after the
    cue clause with its own subject there is the content, and the unquoted words before the
    cue clause are an adverbial of its verb, not part of it."""
    doc, head = site.doc, site.tok.head
    if not quote_follows(doc, after, site.sent.end) or any(
        doc[k].text in QUOTE_TOKENS for k in range(site.sent.start, left)
    ):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > after for c in head.children)
