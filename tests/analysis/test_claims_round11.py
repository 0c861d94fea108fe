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
