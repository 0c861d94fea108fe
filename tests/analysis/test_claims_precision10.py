"""Round 10 of the claim rules (issue 13, precision), on sentences written for these tests:
what is not an attribution, or not one of its own."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue

# -- a report nested in another claim's content, kept first by rank ---------------------------


@pytest.mark.slow
def test_nested_report_gives_way_to_an_outer_intention_ranked_below_it(nlp):
    text = "The mayor is seeking to show that the harbour board ignored the warnings."
    claims = by_cue(nlp, text)
    assert "seeking" in claims
    assert "show" not in claims


@pytest.mark.slow
def test_nested_report_of_the_same_source_is_part_of_the_outer_claim(nlp):
    claims = by_cue(nlp, "The council wants to prove that the pier is safe.")
    assert set(claims) == {"wants"}


@pytest.mark.slow
def test_nested_report_naming_another_source_still_stands(nlp):
    claims = by_cue(nlp, "Ada Voss praised the report, which Tom Reed said was careful.")
    assert claims["said"].speaker.text == "Tom Reed"
    assert "praised" in claims
