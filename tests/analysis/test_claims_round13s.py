"""Round 13 of the claim rules (issue 13, branch claims13s, segmentation), on sentences
written for these tests: where a content begins and ends around its cue clause."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue

# -- a content goes on after a cue clause set off inside it (cue_inside_content, goes_on) --


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "rest"),
    [
        (
            "The ferry will stop running in May, the operator said, because fuel prices "
            "have doubled since last year.",
            "because fuel prices have doubled since last year",
        ),
        (
            "The old library stays open, the council said, but its hours will be shorter "
            "in winter.",
            "but its hours will be shorter in winter",
        ),
        (
            "The vote was close, she said, rather than a landslide for either side.",
            "rather than a landslide for either side",
        ),
    ],
)
def test_content_goes_on_after_a_cue_clause_set_off_by_commas(nlp, text, rest):
    said = by_cue(nlp, text)["said"]
    assert said.content.text.startswith(text.split(",")[0])
    assert said.content.text.endswith(rest)


@pytest.mark.slow
def test_content_does_not_take_a_single_word_after_the_cue_clause(nlp):
    said = by_cue(nlp, "The vote was close, she said, again.")["said"]
    assert said.content.text == "The vote was close"


# -- a passive intention's subject opens its to-infinitive content (to_infinitive) --------


@pytest.mark.slow
def test_passive_expected_takes_its_subject_into_the_content(nlp):
    expected = by_cue(nlp, "The new ferry is expected to enter service next spring.")["expected"]
    assert expected.content.text == "The new ferry is expected to enter service next spring"


@pytest.mark.slow
def test_active_expects_leaves_its_subject_out_of_the_content(nlp):
    expects = by_cue(nlp, "Ada Voss expects to open the new pier next spring.")["expects"]
    assert expects.content.text == "to open the new pier next spring"


# -- what seems so goes on over the verb's modifiers after it (evidential, evidential_end) -


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The old bridge seemed so fragile in the first place.",
            "The old bridge seemed so fragile in the first place",
        ),
        (
            "The ferry appears sturdy enough for the crossing today.",
            "The ferry appears sturdy enough for the crossing today",
        ),
    ],
)
def test_evidential_content_takes_the_modifiers_after_the_verb(nlp, text, content):
    assert next(iter(by_cue(nlp, text).values())).content.text == content


@pytest.mark.slow
def test_evidential_content_stops_before_a_participle_clause(nlp):
    claims = by_cue(nlp, "The old pier seemed fragile in winter, worrying the fishermen.")
    assert claims["seemed"].content.text == "The old pier seemed fragile in winter"
    # the fishermen are who worries, not what anyone said (round 15p, object_is_party)
    assert "worrying" not in claims


# -- a clause with no subject of its own begins at the object before it ------------------
# (extracted_subject_start)


@pytest.mark.slow
def test_clause_begins_at_the_object_the_parse_took_as_its_subject(nlp):
    text = "Ada Voss promised her entire harbour plan would be paid for by the port."
    promised = by_cue(nlp, text)["promised"]
    assert promised.content.text == "her entire harbour plan would be paid for by the port"


@pytest.mark.slow
def test_clause_with_a_subject_leaves_the_hearer_out(nlp):
    told = by_cue(nlp, "Ada Voss told the council the pier would close in winter.")["told"]
    assert told.content.text == "the pier would close in winter"


@pytest.mark.slow
def test_clause_whose_subject_the_relative_clause_took_begins_at_the_pronoun(nlp):
    say = by_cue(nlp, "The plan, which critics say was rushed, passed on Monday.")["say"]
    assert say.content.text == "which critics say was rushed"
