"""Round 8 of the claim rules (issue 13), on sentences written for these tests: a cue's
clausal content takes in further complement clauses the parse hung on the cue verb."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, claims_of

pytestmark = pytest.mark.slow


# -- further complement clauses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The mayor believes the pumps are old, but that the town cannot pay for new ones.",
            "believes",
            "the pumps are old, but that the town cannot pay for new ones",
        ),
        (
            "Ada Voss said the harbour was safe, the pier would reopen on Monday.",
            "said",
            "the harbour was safe, the pier would reopen on Monday",
        ),
    ],
)
def test_content_takes_in_a_further_complement_clause(nlp, text, cue, content):
    claim = by_cue(nlp, text)[cue]
    assert claim.content.text == content


def test_content_leaves_out_a_coordinated_clause_of_the_narration(nlp):
    text = "Ada Voss said the harbour was safe, and she left the hall at noon."
    claim = by_cue(nlp, text)["said"]
    assert claim.content.text == "the harbour was safe"


# -- the subject of a coordinated predicate the parse made a clause of the cue -----------------


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "Ada Voss offered the ferryman a job at the harbour, then says she will mend the "
            "pier herself.",
            "says",
        ),
        (
            "Ada Voss praised the crew, thanked the board and said the pier would reopen on "
            "Monday.",
            "said",
        ),
    ],
)
def test_cue_shares_the_subject_of_the_predicate_before_it(nlp, text, cue):
    claim = by_cue(nlp, text)[cue]
    assert claim.speaker is not None and claim.speaker.text == "Ada Voss"


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # a subordinate clause before the cue is no predicate of its source
        ("When the storm came, says the pier is closed.", "says", None),
        # a quotation before the cue is its content; the source follows the verb
        ("“The pier is closed,” says the notice on the gate.", "says", "the notice"),
    ],
)
def test_cue_takes_no_subject_from_a_subordinate_clause_or_quotation(nlp, text, cue, speaker):
    claim = by_cue(nlp, text)[cue]
    assert (claim.speaker.text if claim.speaker else None) == speaker


# -- a colon cue whose colon comes after adverbials ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        (
            "Ada Voss wrote on the harbour blog late on Sunday: “The pier will reopen on "
            "Monday after the repairs.”",
            "wrote",
        ),
        (
            "Ada Voss replied with a grin: “Nobody has shown me a single cracked pipe in this "
            "town.”",
            "replied",
        ),
    ],
)
def test_quotation_after_a_cue_and_its_adverbials_takes_that_cue(nlp, text, cue):
    quote = next(c for c in by_cue(nlp, text).values() if c.kind == "quote")
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.speaker is not None and quote.speaker.text == "Ada Voss"


def test_colon_cue_does_not_reach_over_another_verb(nlp):
    text = (
        "Ada Voss said the board met at noon and decided: “The pier will reopen on Monday "
        "after the repairs.”"
    )
    claim = by_cue(nlp, text)["said"]
    # "said" has a clause of its own: the quotation is part of that clause, not a colon cue's
    assert claim.content.text.startswith("the board met at noon")


# -- a bare cue's hearer and adverbials before its quotation ------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        (
            "Ada Voss was not impressed with the plan, telling reporters, “A lot of people said "
            "the mayor should step down.”",
            "telling",
            "Ada Voss",
        ),
        (
            "Rhea Lund mocked the plan, saying at one point, “The answer is not simply to close "
            "the pier.”",
            "saying",
            "Rhea Lund",
        ),
    ],
)
def test_quotation_after_a_cue_with_hearer_or_adverbials_takes_that_cue(nlp, text, cue, speaker):
    quote = next(c for c in by_cue(nlp, text).values() if c.kind == "quote")
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.speaker is not None and quote.speaker.text == speaker
    assert quote.content.text.startswith("“")


def test_quotation_after_the_cue_sentence_ends_is_not_paired_with_it(nlp):
    text = (
        "Ada Voss said at the pier on Tuesday, which was cold. “The ferry will follow within "
        "a week.”"
    )
    quotes = [c for c in claims_of(nlp, text) if c.kind == "quote"]
    assert len(quotes) == 1
    assert quotes[0].cue is None or quotes[0].cue.text != "said"
