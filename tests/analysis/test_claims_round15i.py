"""Round 15 of the claim rules (issue 13, branch claims15i, indirect recall), on sentences
written for these tests: *speak about* as a cue phrase."""

from __future__ import annotations

import pytest
from claim_helpers import claims_of

# -- speak about X (cues.toml: "speak about", PolNeAR train: 14 of 16 uses head a cue) -------


@pytest.mark.slow
def test_spoke_about_takes_its_object(nlp):
    text = "Harbour news\n\nAda Voss spoke about the plan to widen the old pier."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text.startswith("spoke"))
    assert claim.content.text == "the plan to widen the old pier"
    assert claim.speaker is not None and claim.speaker.text == "Ada Voss"


@pytest.mark.slow
def test_spoke_at_a_place_about_takes_its_object(nlp):
    text = (
        "Harbour news\n\nThe mayor spoke at the town hall on Tuesday about the cost of the new "
        "harbour wall."
    )
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text.startswith("spoke"))
    assert claim.content.text == "the cost of the new harbour wall"


@pytest.mark.slow
def test_spoke_out_about_takes_its_object(nlp):
    text = "Harbour news\n\nAda Voss has spoken out about the closing of the fish market."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text.startswith("spoken"))
    assert claim.content.text == "the closing of the fish market"


@pytest.mark.slow
def test_spoke_to_someone_is_no_claim(nlp):
    text = "Harbour news\n\nAda Voss spoke to the fishermen at the harbour on Sunday."
    assert not [c for c in claims_of(nlp, text) if c.cue and c.cue.text.startswith("spoke")]


# -- balk at, side with, double down on (cues.toml stance, mined by the same test) ----------


@pytest.mark.slow
def test_balked_at_takes_its_object(nlp):
    text = "Harbour news\n\nThe harbour board balked at the plan to sell the old pier."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text.startswith("balked"))
    assert claim.content.text == "the plan to sell the old pier"


@pytest.mark.slow
def test_sided_with_takes_its_object(nlp):
    text = "Harbour news\n\nThe mayor sided with the fishermen in the long dispute over the pier."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text.startswith("sided"))
    assert claim.content.text.startswith("the fishermen")


@pytest.mark.slow
def test_doubled_down_on_takes_its_object(nlp):
    text = "Harbour news\n\nAda Voss doubled down on her call to close the fish market."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text.startswith("doubled"))
    assert claim.content.text == "her call to close the fish market"


@pytest.mark.slow
def test_side_of_the_road_is_no_cue(nlp):
    text = "Harbour news\n\nThe van stopped on the side of the road with a flat tyre."
    assert not claims_of(nlp, text)


# -- a predicate adjective with an about-object (claims_attitude) ----------------------------


@pytest.mark.slow
def test_predicate_adjective_about_is_an_attitude(nlp):
    text = "Harbour news\n\nAda Voss was upbeat about the new ferry timetable."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text == "upbeat")
    assert claim.content.text == "the new ferry timetable"
    assert claim.speaker is not None and claim.speaker.text == "Ada Voss"
    assert "mental" in claim.flags


@pytest.mark.slow
def test_predicate_adjective_about_after_remain(nlp):
    text = "Harbour news\n\nThe harbour board remained vague about the cost of the repairs."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text == "vague")
    assert claim.content.text == "the cost of the repairs"


@pytest.mark.slow
def test_predicate_adjective_with_it_or_other_preposition_is_no_claim(nlp):
    for text in (
        "Harbour news\n\nIt was unclear about noon whether the ferry would sail.",
        "Harbour news\n\nThe old pier is close to the fish market.",
        "Harbour news\n\nAda Voss was busy with the new ferry timetable.",
    ):
        assert not [
            c for c in claims_of(nlp, text) if c.cue and c.cue.text in ("unclear", "close", "busy")
        ]


# -- the topic the parse hung on the hearer (claims_site._detached_preposition) -------------


@pytest.mark.slow
def test_about_hung_on_the_hearer_is_the_topic(nlp):
    text = "Harbour news\n\nThe mayor is talking to voters about health care."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text.startswith("talking"))
    assert claim.content.text == "health care"


@pytest.mark.slow
def test_of_hung_on_the_hearer_is_no_topic(nlp):
    text = "Harbour news\n\nAda Voss spoke to a crowd of fishermen at the pier."
    assert not claims_of(nlp, text)


@pytest.mark.slow
def test_acquiesced_to_and_sparred_over_take_their_objects(nlp):
    text = (
        "Harbour news\n\nThe harbour board acquiesced to the demand for a new fish market. "
        "The two councillors sparred over the cost of the ferry."
    )
    cues = {c.cue.text: c.content.text for c in claims_of(nlp, text) if c.cue}
    assert cues.get("acquiesced to") == "the demand for a new fish market"
    assert cues.get("sparred over") == "the cost of the ferry"


@pytest.mark.slow
def test_sparred_with_a_person_is_no_claim(nlp):
    text = "Harbour news\n\nAda Voss sparred with Tom Reed at the harbour on Sunday."
    assert not claims_of(nlp, text)


# -- one capitalised word before a colon in the headline (claims_labels._headline_label) ----


@pytest.mark.slow
def test_headline_label_is_the_source(nlp):
    text = "Poll: Most fishermen back the new pier.\n\nThe survey asked 400 people."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text == ":")
    assert claim.content.text.startswith("Most fishermen back the new pier")
    assert claim.speaker is not None and claim.speaker.text == "Poll"


@pytest.mark.slow
def test_label_in_the_body_or_a_letter_is_no_source(nlp):
    for text in (
        "Harbour news\n\nReport: Most fishermen back the new pier.",
        "Q: Do most fishermen back the new pier?\n\nThe survey asked 400 people.",
    ):
        assert not [c for c in claims_of(nlp, text) if c.cue and c.cue.text == ":"]


# -- a cue verb in a Title Case headline read as a proper noun (claims_headline) ------------


@pytest.mark.slow
def test_title_case_headline_verb_is_a_cue(nlp):
    text = "Harbour Board Chief Praises Ada Voss Ferry Plan\n\nThe board met on Sunday."
    claim = next(c for c in claims_of(nlp, text) if c.cue and c.cue.text == "Praises")
    assert claim.content.text == "Ada Voss Ferry Plan"
    assert claim.speaker is not None and claim.speaker.text == "Harbour Board Chief"


@pytest.mark.slow
def test_title_case_plural_noun_or_hearer_is_no_cue(nlp):
    for text in (
        "Harbour Plans Would Cost A Fortune\n\nThe board met on Sunday.",
        "Mayor Tells Harbour Board About Ferry Plan\n\nThe board met on Sunday.",
    ):
        assert not claims_of(nlp, text)


@pytest.mark.slow
def test_a_long_title_case_line_is_no_headline(nlp):
    """A headline is short: a Title Case line running past the cap either side of the verb
    is body text (and the walk to the line's ends stays bounded on a hostile one-line
    text)."""
    words = " ".join(["Harbour", "Board", "Chief"] * 11)
    text = f"{words} Praises Ada Voss Ferry Plan\n\nThe board met on Sunday."
    assert not [c for c in claims_of(nlp, text) if c.cue and c.cue.text == "Praises"]
