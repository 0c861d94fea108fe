"""The rule for raising verbs of appearance (*seem*, *appear*): what seems so, with no
source of its own. The one rule of :data:`analysis.claims_verbs.EVIDENTIAL_RULES`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.analysis.claims_ends import evidential_end
from margin.analysis.claims_tokens import Candidate, sentence_chars, span_chars

if TYPE_CHECKING:  # pragma: no cover
    from margin.analysis.claims_site import VerbSite


def evidential(site: VerbSite) -> Candidate | None:
    """``verb-evidential``: a raising verb of appearance and what seems so, with no source
    (*X seems to be Y*: the subject and the infinitive; *it appears that Y*: the clause; *X
    seemed irritated*, *X seemed like Y*). Not *X appeared on television*, and not before
    a cue of its own (*X seems confident that Y*, *X appeared to imply that Y*)."""
    tok, doc = site.tok, site.doc
    subjects = [c for c in site.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i]
    subj = subjects[0] if subjects and subjects[0].lower_ not in ("it", "there") else None
    content = None
    for child in site.children:
        if child.i < tok.i:
            continue
        if child.dep_ == "ccomp" and subj is None:
            content = site.content(child.left_edge.i, child.right_edge.i)
        elif child.dep_ in ("xcomp", "acomp", "attr", "oprd") and subj is not None:
            if child.lower_ in site.lexicon.adjectives or child.lower_ in site.lexicon.verbs:
                return None  # "X seems confident that ...", "X appeared to imply ..."
            content = site.content(subj.left_edge.i, evidential_end(site, child))
        elif child.dep_ == "prep" and child.lower_ == "like" and subj is not None:
            content = site.content(subj.left_edge.i, child.right_edge.i)
        if content is not None:
            break
    if content is None:
        return None
    cue = span_chars(doc, tok.i, site.cue_last, site.offset)
    return Candidate(
        "verb-evidential",
        cue,
        content,
        None,
        cue,
        sentence_chars(site.sent, site.offset),
        ("mental",),
    )
