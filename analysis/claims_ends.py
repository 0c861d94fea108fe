"""Where a cue's content ends: further complement clauses and adverbial clauses after the
first, a semicolon or a colon the parse stopped at (the verb rules of
:mod:`margin.analysis.claims_verbs`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_sources import coordinated_cue
from margin.analysis.claims_tokens import QUOTE_TOKENS

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


#: What may go on with a content after a postposed cue clause set off by a comma or dash
#: (*A, officials insist, because B*; *A, Devine said, by B*; *A, the airline added, and B*).
RESUMING = ("advcl", "prep", "conj")


def resumes_after_cue(site: VerbSite) -> int | None:
    """The first token of what goes on with a content after its postposed cue clause: a
    comma or dash the parse hung on the cue verb after it, then an adverbial clause, a
    prepositional phrase or a conjunct of the cue verb (not a participle) that the parse
    hung there too (*There is no chance of it, officials insist, because B*). None after a
    quotation (what follows its cue clause is the narrative's: *"A," she said, before
    leaving*), when a cue verb follows (its claim stands apart), or under two words."""
    tok, doc, end = site.tok, site.doc, site.sent.end
    subj = site.subj
    left = subj.left_edge.i if subj is not None and subj.i < tok.i else tok.i
    while left > site.sent.start and doc[left - 1].is_punct:
        left -= 1
        if doc[left].text in QUOTE_TOKENS:
            return None
    kids = [c for c in site.children if c.i > tok.i]
    for n, c in enumerate(kids):
        if c.dep_ != "punct":
            continue
        if c.text not in {",", "—", "–", "--"}:
            return None
        nxt = next((k for k in kids[n + 1 :] if k.dep_ not in ("punct", "cc")), None)
        if nxt is None or nxt.dep_ not in RESUMING or nxt.tag_ == "VBG":
            return None
        rest = doc[c.i + 1 : end]
        if sum(1 for t in rest if not t.is_punct) < 2 or any(
            t.tag_.startswith("VB") and t.lower_ in site.lexicon.verbs for t in rest
        ):
            return None
        return c.i + 1
    return None


_WH = ("WDT", "WP", "WRB")
_RELATIVE = ("who", "whom", "whose", "which", "that")


def object_end(site: VerbSite, last: int) -> int:
    """Where a noun-phrase content ends when the parse hung what is coordinated with it
    elsewhere: over an indirect question after *and*/*or* (*X talked about trade and how he
    would improve it*), over the rest of a list (*X challenges A, B and C*)."""
    return list_end(site, wh_conjunct_end(site, last))


def list_end(site: VerbSite, last: int) -> int:
    """*The lawsuit challenges cuts to A, limits on B and the new C*: a noun-phrase content
    followed by a comma and a list that runs to the end of the sentence (an *and*/*or* in
    it, no finite verb, subject or cue verb: not a clause of its own, *..., and the crew
    cheered*, nor a cue clause, *..., X said*) takes the list in, when the parse hung its
    items elsewhere."""
    doc, end = site.doc, site.sent.end
    j = last + 1
    if j + 1 >= end or doc[j].text != ",":
        return last
    rest = [t for t in doc[j + 1 : end] if not t.is_punct]
    if len(rest) < 2 or not any(t.lower_ in ("and", "or") for t in rest):
        return last
    if any(
        t.tag_ in ("VBD", "VBZ", "VBP", "MD")
        or t.dep_ in ("nsubj", "nsubjpass", "expl")
        or t.lower_ in site.lexicon.verbs
        for t in rest
    ):
        return last
    stop = end - 1
    while stop > j and doc[stop].is_punct:
        stop -= 1
    return stop


def wh_conjunct_end(site: VerbSite, last: int) -> int:
    """*X talked about the pier and how she would repair it*: an indirect question
    coordinated with a noun-phrase content (a wh-word right after *and*/*or*, not a relative
    pronoun: *voters who oppose X and who live ...*) is the content's too, when the parse
    hung it outside (on the main verb): the content ends with the question's clause."""
    doc, end = site.doc, site.sent.end
    j = last if doc[last].lower_ in ("and", "or") else last + 1
    if j + 1 >= end or doc[j].lower_ not in ("and", "or"):
        return last
    wh = doc[j + 1]
    if wh.tag_ not in _WH or wh.lower_ in _RELATIVE:
        return last
    verb = wh
    while verb.head.i != verb.i and verb.head.left_edge.i > j:
        verb = verb.head
    if not verb.tag_.startswith("VB") or verb.left_edge.i <= j:
        return last
    return max(last, min(verb.right_edge.i, end - 1))
