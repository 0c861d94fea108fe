"""Round 10 of the claim rules (issue 13, branch ``reparse``), on sentences written for these
tests: what a verb of saying or asking says as its direct object (*said the same of X*,
*asked a question about Y*), a pro-form for what was said (*said yes*, *would not say
so*), no date as a topic (*said on Tuesday*), and an object predicative whose object the
parse took into it (*called her “second-rate”*). The round's re-parse of sentences alone
was measured and not built (bench/CLAIMS.md, "Round 10")."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, claims_of

pytestmark = pytest.mark.slow


# -- a verb of saying or asking: its direct object is what is said or asked -----------------


def test_the_object_of_say_is_what_was_said(nlp):
    text = (
        "Most of the farmers backed the new pier last spring, and 40 percent of the fishermen "
        "said the same of the harbour plan."
    )
    claims = by_cue(nlp, text)
    assert claims["said"].content.text == "the same of the harbour plan"
    assert claims["said"].speaker.text == "40 percent of the fishermen"


def test_the_object_of_ask_is_the_question(nlp):
    text = "At the meeting, Ada Voss asked a pointed question about the cost of the pier."
    claims = by_cue(nlp, text)
    assert claims["asked"].content.text == "a pointed question about the cost of the pier"
    assert claims["asked"].speaker.text == "Ada Voss"


def test_said_little_about_is_an_attribution(nlp):
    text = "Nadia Ferro has said little about the tunnel in recent months."
    claims = by_cue(nlp, text)
    assert claims["said"].content.text.startswith("little about the tunnel")
    assert claims["said"].speaker.text == "Nadia Ferro"


def test_a_date_after_on_is_no_topic(nlp):
    # "on Tuesday" says when, not what: the quotation after the sentence stays apart
    text = (
        "Ada Voss said at the pier on Tuesday, which was cold. “The ferry will follow within "
        "a week.”"
    )
    assert all("Tuesday" not in c.content.text for c in claims_of(nlp, text))


def test_a_person_asked_is_the_hearer_not_the_content(nlp):
    # the direct object of ask is the hearer when it names a person
    text = "On Tuesday, the mayor asked Ada Voss whether the pier would open in May."
    claims = by_cue(nlp, text)
    assert "asked" not in claims or claims["asked"].content.text != "Ada Voss"


def test_the_hearer_of_tell_is_still_no_content(nlp):
    # tell keeps its recipient object out of the content
    text = "The mayor told the council about the cost of the pier on Tuesday."
    assert all(c.content.text != "the council" for c in claims_of(nlp, text))


# -- a pro-form for what was said --------------------------------------------------------------


def test_said_yes_is_an_attribution(nlp):
    text = "Asked whether the pier should reopen, most of the fishermen said yes."
    claims = by_cue(nlp, text)
    assert claims["said"].content.text == "yes"


def test_would_not_say_so_is_an_attribution(nlp):
    text = "If the two men spoke about the pier, neither of them would say so."
    claims = by_cue(nlp, text)
    assert claims["say so"].content.text == "so"
    assert claims["say so"].speaker.text == "neither of them"


def test_said_no_to_is_an_attribution(nlp):
    text = "The mayor said no to the new pier."
    assert by_cue(nlp, text)["said"].content.text == "no to the new pier"


def test_so_before_say_is_not_a_content(nlp):
    # "so" opening the clause is a conjunction, not what was said
    text = "The pier was closed, so the mayor said nothing more that evening."
    assert all(c.content.text != "so" for c in claims_of(nlp, text))


# -- an object predicative whose object the parse took into it ---------------------------------


def test_called_her_second_rate_is_an_attribution(nlp):
    # the parse reads "her" as a possessive of the predicative: no direct object
    text = "At the meeting, Ada Voss called her “second-rate.”"
    claims = by_cue(nlp, text)
    assert claims["called"].content.text.startswith("her “second-rate")
    assert claims["called"].speaker.text == "Ada Voss"


def test_a_thing_called_a_name_is_no_attribution(nlp):
    # a participle naming a thing (*a group called X*) says nothing
    text = "The fishermen joined a group called Harbour Watch last year."
    assert claims_of(nlp, text) == []


# -- the lexicon's verb forms: a doubled consonant, irregular pasts -----------------------------


def test_a_final_consonant_doubles_before_ed_and_ing():
    from margin.analysis.cues import inflections

    assert {"slammed", "slamming"} <= inflections("slam")
    assert {"flagged", "labelled"} <= inflections("flag") | inflections("label")


def test_no_doubling_after_two_vowels_or_a_final_w_x_y():
    from margin.analysis.cues import inflections

    assert "moanned" not in inflections("moan")
    assert "fixxed" not in inflections("fix")
    assert "showwed" not in inflections("show")


def test_slammed_and_sought_are_cues(nlp):
    text = (
        "Ada Voss slammed the harbour board for its silence. Tom Reed sought to calm the "
        "fishermen at the pier."
    )
    claims = by_cue(nlp, text)
    assert claims["slammed"].content.text.startswith("the harbour board")
    assert claims["sought"].content.text.startswith("to calm the fishermen")
    assert claims["sought"].speaker.text == "Tom Reed"


def test_shown_is_a_form_of_show(nlp):
    text = "A new survey of the town has shown that most fishermen oppose the pier."
    claims = by_cue(nlp, text)
    assert claims["shown"].content.text == "that most fishermen oppose the pier"
