"""Where a cue's content ends: further complement clauses and adverbial clauses after the
first, a semicolon or a colon the parse stopped at (the verb rules of
:mod:`margin.analysis.claims_verbs`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_sources import coordinated_cue

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from margin.analysis.claims_site import VerbSite


def further_clause(sibling: Token) -> bool:
    """A second complement clause the parse hung on the cue verb after the first (*X said A,
    B*; *X believes A, but that B*): another clause, or a conjunct opening with *that*."""
    if sibling.dep_ == "ccomp":
        return True
    return sibling.dep_ == "conj" and any(
        c.dep_ == "mark" and c.lower_ == "that" and c.i < sibling.i for c in sibling.children
    )


def past_semicolon(site: VerbSite, last: int) -> int:
    """*X said A; B*, *X hopes to A: B*: a content the parse ended at a semicolon or a colon
    goes on to the end of the sentence, unless a cue verb stands after it (*...; Y said B*)."""
    doc, end = site.doc, site.sent.end
    if last + 1 >= end or doc[last + 1].text not in (";", ":"):
        return last
    if any(t.tag_.startswith("VB") and t.lower_ in site.lexicon.verbs for t in doc[last + 2 : end]):
        return last
    return end - 1


def content_end(site: VerbSite, clause: Token) -> int:
    """The last token of a cue's clausal content: the clause's own, or that of further
    complement clauses right after it (:func:`further_clause`; commas and conjunctions
    between them), never past another cue coordinated with this one."""
    last = clause.right_edge.i
    for sib in site.children:
        if sib.i <= last or sib.dep_ in ("punct", "cc"):
            continue
        if coordinated_cue(sib, site.lexicon) is not None:
            break
        if not (further_clause(sib) or adverbial_clause(sib)):
            break
        last = sib.right_edge.i
    return last


def adverbial_clause(sibling: Token) -> bool:
    """*X said A because B*, *X said A, but B*: an adverbial clause (not a participle) the
    parse hung on the cue verb after its content goes on with the content."""
    return sibling.dep_ == "advcl" and sibling.tag_ != "VBG"


def evidential_end(site: VerbSite, child: Token) -> int:
    """*X seemed so sure in the first place*: what seems so goes on over the verb's
    prepositional and adverbial modifiers after it (not over a clause: a participle, a
    conjunct, a parenthetical)."""
    last = child.right_edge.i
    for sib in site.children:
        if sib.i <= last or sib.dep_ in ("punct", "cc"):
            continue
        if sib.dep_ not in ("prep", "advmod", "npadvmod"):
            break
        last = sib.right_edge.i
    return last


def extracted_subject_start(site: VerbSite, clause: Token, start: int) -> int:
    """Where a clausal content whose subject is not after its cue begins: at the relative
    pronoun when the cue's relative clause took the subject (*the plan, which critics say
    was rushed*); at the object the parse hung on the cue verb right before the clause,
    which is the clause's subject (*X promised her plan would be paid for*)."""
    tok = site.tok
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")]
    if subjects:
        if tok.dep_ == "relcl" and all(s.i < tok.i for s in subjects):
            return min(start, subjects[0].left_edge.i)
        return start
    for c in site.children:
        if c.dep_ == "dobj" and tok.i < c.i and c.right_edge.i + 1 == clause.left_edge.i:
            return min(start, c.left_edge.i)
    return start
