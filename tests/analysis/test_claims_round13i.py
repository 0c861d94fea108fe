"""Round 13 of the claim rules (issue 13, branch claims13i, indirect recall), on sentences
written for these tests: cues the extractor knows whose content the parse hung on them in a
way no rule read."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue

# -- a cue phrase ending in "for" with an infinitive clause (for_to_clause) ---------------


@pytest.mark.slow
def test_call_for_someone_to_act_is_a_claim(nlp):
    text = "Harbour news\n\nAda Voss called for the harbour master to resign after the storm."
    called = by_cue(nlp, text)["called for"]
    assert called.content.text == "the harbour master to resign after the storm"
    assert called.speaker is not None and called.speaker.text == "Ada Voss"


@pytest.mark.slow
def test_pushing_for_someone_to_act_is_a_claim(nlp):
    text = "Harbour news\n\nThe crews have been pushing for the council to rebuild the old pier."
    pushing = by_cue(nlp, text)["pushing for"]
    assert pushing.content.text == "the council to rebuild the old pier"


@pytest.mark.slow
def test_call_for_a_noun_phrase_keeps_its_object(nlp):
    text = "Harbour news\n\nAda Voss called for a new pier."
    assert by_cue(nlp, text)["called for"].content.text == "a new pier"


@pytest.mark.slow
def test_for_with_an_infinitive_after_another_verb_is_no_claim(nlp):
    text = "Harbour news\n\nAda Voss waited for the harbour master to open the gate."
    assert not by_cue(nlp, text)


# -- a phrasal cue verb's direct object (noun_phrase_object, particle) ---------------------


@pytest.mark.slow
def test_phrasal_cue_takes_its_direct_object(nlp):
    text = "Harbour news\n\nAda Voss shrugged off the charges against the harbour board."
    shrugged = by_cue(nlp, text)["shrugged off"]
    assert shrugged.content.text == "the charges against the harbour board"


@pytest.mark.slow
def test_phrasal_cue_talked_up_takes_its_object(nlp):
    text = "Harbour news\n\nAda Voss talked up her plans for the old pier."
    assert by_cue(nlp, text)["talked up"].content.text == "her plans for the old pier"


@pytest.mark.slow
def test_phrasal_verb_outside_the_lexicon_is_no_claim(nlp):
    text = "Harbour news\n\nAda Voss picked up the keys from the harbour office."
    assert not by_cue(nlp, text)


# -- a person named as the object is a hearer only with nothing after it (_person_alone) ----


@pytest.mark.slow
def test_person_object_with_a_predicate_is_the_content(nlp):
    text = "Harbour news\n\nAda Voss sees Marcus Penn as a rival for the harbour seat."
    sees = by_cue(nlp, text)["sees"]
    assert sees.content.text == "Marcus Penn as a rival for the harbour seat"


@pytest.mark.slow
def test_person_object_mentioned_by_name_is_the_content(nlp):
    text = "Harbour news\n\nAda Voss mentioned Marcus Penn by name in her speech."
    assert by_cue(nlp, text)["mentioned"].content.text.startswith("Marcus Penn by name")


@pytest.mark.slow
def test_person_object_alone_is_a_hearer(nlp):
    text = "Harbour news\n\nAda Voss asked Marcus Penn."
    assert not by_cue(nlp, text)


# -- thanking and congratulating take their object (no_object) -----------------------------


@pytest.mark.slow
def test_thanked_takes_whom_and_for_what(nlp):
    text = "Harbour news\n\nAda Voss thanked the crews for their work on the old pier."
    thanked = by_cue(nlp, text)["thanked"]
    assert thanked.content.text == "the crews for their work on the old pier"


@pytest.mark.slow
def test_congratulated_takes_its_object(nlp):
    text = "Harbour news\n\nAda Voss congratulated the harbour crews on their win."
    assert by_cue(nlp, text)["congratulated"].content.text.startswith("the harbour crews")


@pytest.mark.slow
def test_told_keeps_its_hearer_out(nlp):
    text = "Harbour news\n\nAda Voss told the harbour crews about the storm."
    assert "told" not in by_cue(nlp, text)


# -- an indirect question the parse hung on the cue as an adverbial (_bare_clause) ---------


@pytest.mark.slow
def test_declare_if_is_a_claim(nlp):
    text = "Harbour news\n\nAda Voss must declare publicly if the harbour firms paid her."
    declare = by_cue(nlp, text)["declare"]
    assert declare.content.text == "if the harbour firms paid her"


@pytest.mark.slow
def test_asked_if_after_an_adverbial_is_a_claim(nlp):
    text = "Harbour news\n\nThe mayor was asked during the meeting if the harbour would close."
    assert by_cue(nlp, text)["asked"].content.text == "if the harbour would close"


@pytest.mark.slow
def test_said_if_keeps_the_condition_with_its_clause(nlp):
    text = "Harbour news\n\nAda Voss said if the vote fails, she will resign."
    assert by_cue(nlp, text)["said"].content.text == "if the vote fails, she will resign"
