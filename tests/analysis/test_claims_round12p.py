"""Round 12 of the claim rules (issue 13, precision), on sentences written for these tests:
constructions that look like a cue with its content and report nothing."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue

# -- voting (votes_cast) ---------------------------------------------------------------------


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


# -- what a cue's colon introduces ends with its sentence (colon_content_end) ---------------


@pytest.mark.slow
def test_colon_content_ends_with_its_sentence(nlp):
    text = (
        "Ada Voss mocked the three harbour plans: the pier, the wall and the dock. "
        "The council was not amused by her speech."
    )
    # the cue's object before the colon is part of it too (round 12, claims12r)
    content = by_cue(nlp, text)["mocked"].content.text
    assert content == "the three harbour plans: the pier, the wall and the dock"


@pytest.mark.slow
def test_a_claim_after_a_colon_sentence_stands_on_its_own(nlp):
    text = (
        "The mayor told the fishermen: the pier will close in May. "
        "Tom Reed said the dock would stay open."
    )
    claims = by_cue(nlp, text)
    assert claims["told"].content.text == "the pier will close in May"
    assert claims["said"].content.text == "the dock would stay open"


@pytest.mark.slow
def test_a_quotation_after_a_colon_is_still_taken_whole(nlp):
    text = "The mayor told the fishermen: “The pier will close. The dock will stay open.”"
    content = by_cue(nlp, text)["told"].content.text
    assert "The pier will close. The dock will stay open." in content


# -- noun entries that are mostly no cue (lexicon: not_cues, and out of the noun lists) ------


@pytest.mark.slow
def test_a_campaign_for_office_is_no_claim(nlp):
    text = "Tom Reed is ending his campaign for the harbour seat after a poor result."
    assert "campaign" not in by_cue(nlp, text)


@pytest.mark.slow
def test_a_request_or_a_stance_is_no_claim(nlp):
    text = "The harbour board did not return a request for comment on the pier."
    assert "request" not in by_cue(nlp, text)
    assert "stance" not in by_cue(nlp, "Ada Voss has taken a firm stance on the new pier.")


@pytest.mark.slow
def test_other_noun_cues_of_a_light_verb_stand(nlp):
    claims = by_cue(nlp, "Ada Voss made repeated calls for a new pier.")
    assert claims["calls"].content.text == "a new pier"


# -- finding oneself in a state (finds_oneself) ----------------------------------------------


@pytest.mark.slow
def test_finding_oneself_in_a_state_is_no_finding(nlp):
    assert "found" not in by_cue(nlp, "Tom Reed found himself embroiled in a row over the pier.")
    text = "The council found itself playing host to the fishermen every night."
    assert "found" not in by_cue(nlp, text)


@pytest.mark.slow
def test_a_finding_about_something_else_stands(nlp):
    claims = by_cue(nlp, "The inspectors found the pier was unsafe.")
    assert claims["found"].content.text == "the pier was unsafe"
