"""Third round of claim rules, on sentences written for these tests: postposed cues over
coordinated clauses, inverted subjects, clausal complements the parse mistook for adverbial
clauses, and the wider cue lexicon."""

from __future__ import annotations

import pytest

from analysis.engine import analyze
from analysis.model import Claim

pytestmark = pytest.mark.slow


def claims_of(nlp, text: str) -> list[Claim]:
    return [c for c in analyze(text, nlp).claims if c.kind in ("quote", "reported")]


def by_cue(nlp, text: str) -> dict[str, Claim]:
    return {c.cue.text: c for c in claims_of(nlp, text) if c.cue}


# -- postposed cues over coordinated clauses ------------------------------------------------


def test_postposed_speech_cue_takes_both_coordinated_clauses(nlp):
    text = (
        "Mara Quill had asked the council to delay the vote, but the chairman refused that "
        "request, Lena Ortiz added.\n\n"
    )
    c = by_cue(nlp, text)["added"]
    assert c.speaker is not None and c.speaker.text == "Lena Ortiz"
    assert c.content.text.startswith("Mara Quill had asked")
    assert c.content.text.endswith("refused that request")


def test_postposed_evidence_cue_keeps_to_its_own_clause(nlp):
    text = (
        "Mara Quill had asked the council to delay the vote, but the chairman refused that "
        "request, the records showed.\n\n"
    )
    c = by_cue(nlp, text)["showed"]
    assert not c.content.text.startswith("Mara Quill")
