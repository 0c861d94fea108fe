"""Round 11 of the claim rules (issue 13, recall), on sentences written for these tests:
contents a cue's parse reaches beyond its direct object."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue

# -- what a cue verb argues or asks for, or sides with (with_for_objects) --------------------


@pytest.mark.slow
def test_object_of_for_after_a_cue_verb_with_no_object_is_its_content(nlp):
    claims = by_cue(nlp, "Ada Voss has long argued for a lower harbour fee.")
    assert claims["argued"].content.text == "a lower harbour fee"
    assert claims["argued"].speaker.text == "Ada Voss"
    claims = by_cue(nlp, "The fishermen asked for a new pier.")
    assert claims["asked"].content.text == "a new pier"


@pytest.mark.slow
def test_object_of_with_after_a_cue_verb_with_no_object_is_its_content(nlp):
    claims = by_cue(nlp, "Tom Reed agreed with the new harbour plan.")
    assert claims["agreed"].content.text == "the new harbour plan"


@pytest.mark.slow
def test_with_or_for_after_an_object_or_a_passive_is_no_content(nlp):
    # with an object, "for" gives the reason and "with" the charge
    praised = by_cue(nlp, "Tom Reed praised the mayor for her patience.")["praised"]
    assert praised.content.text != "her patience"
    charged = by_cue(nlp, "The man was charged with assault last week.").get("charged")
    assert charged is None or charged.content.text != "assault"


@pytest.mark.slow
def test_for_an_outlet_is_no_content(nlp):
    # whom one writes for is not what one writes
    assert "wrote" not in by_cue(nlp, "Ada Voss wrote for The Harbour Gazette in 2010.")


# -- a noun of intention or speech with a to-infinitive (noun_infinitive_candidate) -----------


@pytest.mark.slow
def test_noun_of_intention_with_a_source_and_an_infinitive_is_a_claim(nlp):
    claims = by_cue(nlp, "The mayor's decision to close the old pier surprised the fishermen.")
    assert claims["decision"].content.text == "to close the old pier"
    assert claims["decision"].speaker.text == "The mayor"
    claims = by_cue(nlp, "Ada Voss made a promise to cut the harbour fees.")
    assert claims["promise"].content.text == "to cut the harbour fees"
    assert claims["promise"].speaker.text == "Ada Voss"


@pytest.mark.slow
def test_noun_infinitive_with_no_source_is_no_claim(nlp):
    assert "plan" not in by_cue(nlp, "A plan to widen the coast road was shelved.")


@pytest.mark.slow
def test_possessed_noun_infinitive_under_another_verb_is_no_claim_of_its_own(nlp):
    claims = by_cue(nlp, "The council balked at the owner's proposal to build a hotel.")
    assert "proposal" not in claims


# -- a light verb voicing a noun cue with a preposition (light_verb_object) -------------------


@pytest.mark.slow
def test_noun_cue_object_of_a_light_verb_takes_for_and_on_contents(nlp):
    claims = by_cue(nlp, "Ada Voss made repeated calls for a new pier.")
    assert claims["calls"].content.text == "a new pier"
    assert claims["calls"].speaker.text == "Ada Voss"
    claims = by_cue(nlp, "Ada Voss launched fierce attacks on the harbour board.")
    assert claims["attacks"].content.text == "the harbour board"
    claims = by_cue(nlp, "Tom Reed made several statements on the pier closure.")
    assert claims["statements"].content.text == "the pier closure"


@pytest.mark.slow
def test_noun_cue_under_a_preposition_or_with_no_light_verb_keeps_for_out(nlp):
    claims = by_cue(nlp, "Tom Reed did not respond to requests for comment.")
    assert "requests" not in claims
    assert "calls" not in by_cue(nlp, "Calls for a new pier grew louder.")
