"""Round 14 of the claim rules (issue 13, branch claims14p, precision), on sentences written
for these tests: a quotation continuing one whose cue clause is long, and a to-infinitive
between the pieces of a quotation."""

from __future__ import annotations

import pytest
from claim_helpers import claims_of

# -- a quotation after a quotation with its cue after it continues it (_continue_quotes) ----


@pytest.mark.slow
def test_quotation_continues_across_a_long_cue_clause(nlp):
    text = (
        "Harbour news\n\n“The pier will stay open all winter,” Ada Voss said on the harbour radio "
        "show “Morning Tide” on Sunday. “The fishermen need it.”"
    )
    quotes = [c for c in claims_of(nlp, text) if "pier" in c.content.text]
    assert len(quotes) == 1
    assert quotes[0].content.text.endswith("need it.”")
    assert len(claims_of(nlp, text)) == 1


@pytest.mark.slow
def test_quotation_after_a_paragraph_break_is_not_joined(nlp):
    text = (
        "Harbour news\n\n“The pier will stay open all winter,” Ada Voss said on the harbour radio "
        "show “Morning Tide” on Sunday.\n\n“The fishermen need it.”"
    )
    first = next(c for c in claims_of(nlp, text) if "pier" in c.content.text)
    assert "fishermen" not in first.content.text


@pytest.mark.slow
def test_quotation_after_a_cue_before_it_is_not_joined_over_a_long_gap(nlp):
    text = (
        "Harbour news\n\nAda Voss said the pier would stay open all winter. The council met on "
        "Sunday at the old town hall by the harbour. “The fishermen need it.”"
    )
    said = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text == "said")
    assert "fishermen" not in said.content.text


# -- a noun-phrase claim between quotation pieces: not a to-infinitive (between_quotes) -----


@pytest.mark.slow
def test_to_infinitive_between_quotation_pieces_is_no_claim(nlp):
    text = (
        "Harbour news\n\n“The pier is safe,” said one harbour official, speaking on condition "
        "of anonymity to describe the talks. “Nobody will close it.”"
    )
    cues = {c.cue.text for c in claims_of(nlp, text) if c.cue}
    assert "describe" not in cues


@pytest.mark.slow
def test_participle_between_quotation_pieces_stands(nlp):
    text = (
        "Harbour news\n\n“The plan is a disaster,” Ada Voss said, referring to the harbour "
        "budget. “Nobody will pay for it.”"
    )
    cues = {c.cue.text for c in claims_of(nlp, text) if c.cue}
    assert "referring to" in cues
