"""Round 12 of the claim rules (issue 13, branch claims12r, recall), on sentences written for
these tests: where a cue's colon content ends, and which cue a quotation after a colon is
given."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue

# -- a colon content ends at its line (colon_after_cue) ---------------------------------------


@pytest.mark.slow
def test_colon_content_ends_at_the_line_break(nlp):
    text = (
        "Harbour news\n\nAda Voss told the council: the old pier will stay open all winter.\n"
        "The fishermen were pleased with the result of the vote."
    )
    told = by_cue(nlp, text)["told"]
    assert told.content.text.startswith("the old pier will stay open all winter")
    assert "fishermen" not in told.content.text


@pytest.mark.slow
def test_colon_content_runs_on_over_sentences_of_its_line(nlp):
    text = (
        "Harbour news\n\nAda Voss told the council: the old pier will stay open. "
        "The new one will wait a year.\nThe vote was close."
    )
    told = by_cue(nlp, text)["told"]
    assert "The new one will wait a year" in told.content.text
    assert "The vote was close" not in told.content.text
