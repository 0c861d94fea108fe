"""Round 12 of the claim rules (issue 13, precision), on sentences written for these tests:
constructions that look like a cue with its content and report nothing."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue

# -- voting (_votes_cast) ---------------------------------------------------------------------


@pytest.mark.slow
def test_casting_a_ballot_reports_nothing(nlp):
    assert "cast" not in by_cue(nlp, "The fishermen cast their ballots on Sunday morning.")
    assert "cast" not in by_cue(nlp, "Ada Voss cast her vote early.")


@pytest.mark.slow
def test_a_vote_for_or_against_someone_is_still_a_claim(nlp):
    claims = by_cue(nlp, "The fishermen cast their votes for Ada Voss.")
    assert "Ada Voss" in claims["cast"].content.text
    claims = by_cue(nlp, "Tom Reed cast a vote against the harbour plan.")
    assert "the harbour plan" in claims["cast"].content.text


@pytest.mark.slow
def test_casting_someone_as_something_is_still_a_claim(nlp):
    claims = by_cue(nlp, "Ada Voss cast the mayor as a friend of the developers.")
    assert "the mayor as a friend" in claims["cast"].content.text
