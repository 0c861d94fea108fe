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


# -- a question put to the reader ------------------------------------------------------------


@pytest.mark.slow
def test_a_stance_asked_of_you_is_nobodys_claim(nlp):
    assert by_cue(nlp, "Do you support the harbour plan?") == {}


@pytest.mark.slow
def test_a_question_about_someone_else_keeps_the_claim(nlp):
    claims = by_cue(nlp, "Did the mayor support the harbour plan?")
    assert claims["support"].speaker.text == "the mayor"


@pytest.mark.slow
def test_a_statement_by_you_is_a_claim(nlp):
    claims = by_cue(nlp, "You told the council that the pier was safe.")
    assert claims["told"].content.text == "that the pier was safe"


# -- a date or a time is when, not what --------------------------------------------------------


@pytest.mark.slow
def test_a_date_after_the_cue_preposition_is_no_content(nlp):
    assert "reported" not in by_cue(nlp, "The harbour board reported on Tuesday.")


@pytest.mark.slow
def test_a_time_after_a_cue_phrase_is_no_content(nlp):
    assert "pushed for" not in by_cue(nlp, "Tom Reed has pushed for months.")


@pytest.mark.slow
def test_a_topic_after_the_cue_preposition_is_content(nlp):
    claims = by_cue(nlp, "The harbour board reported on the pier repairs.")
    assert claims["reported"].content.text == "the pier repairs"


@pytest.mark.slow
def test_a_statement_inside_a_belief_is_part_of_the_belief(nlp):
    text = "Ada Voss believes that Tom Reed told the council that the pier is unsafe."
    assert set(by_cue(nlp, text)) == {"believes"}


@pytest.mark.slow
def test_a_statement_inside_a_statement_still_stands(nlp):
    text = "Ada Voss said that Tom Reed told the council that the pier is unsafe."
    claims = by_cue(nlp, text)
    assert claims["told"].speaker.text == "Tom Reed"


# -- a cue with a to-infinitive of its own reports no clause before it ------------------------


@pytest.mark.slow
def test_a_cue_with_its_own_infinitive_takes_no_clause_before_it(nlp):
    text = "The harbour deal stalled in May; some angry fishermen threaten to close the pier."
    claims = by_cue(nlp, text)
    assert claims["threaten"].content.text == "to close the pier"


@pytest.mark.slow
def test_a_postposed_cue_without_a_complement_takes_the_clause_before(nlp):
    claims = by_cue(nlp, "The pier is unsafe, the harbour board warned.")
    assert claims["warned"].content.text == "The pier is unsafe"


# -- a verb of saying in a non-report sense ----------------------------------------------------


@pytest.mark.slow
def test_that_said_concedes_and_reports_nothing(nlp):
    assert by_cue(nlp, "That said, the pier needs new planks before the summer.") == {}


@pytest.mark.slow
def test_a_demonstrative_content_before_a_set_off_cue_is_still_reported(nlp):
    claims = by_cue(nlp, "This, Ada Voss said, is the pier.")
    assert claims["said"].speaker.text == "Ada Voss"
