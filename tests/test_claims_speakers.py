"""Speaker resolution and claim tiers on sentences written for these tests: nominal speakers
resolve only as definite descriptions of a fitting type, speakerless instructions are not
claims, and advocacy is flagged as an intention rather than a statement."""

from __future__ import annotations

import pytest

from analysis.engine import analyze
from analysis.model import Claim

pytestmark = pytest.mark.slow


def claims_of(nlp, text: str) -> list[Claim]:
    return [c for c in analyze(text, nlp).claims if c.kind in ("quote", "reported")]


def by_cue(nlp, text: str) -> dict[str, Claim]:
    return {c.cue.text: c for c in claims_of(nlp, text) if c.cue}


# -- nominal speakers -----------------------------------------------------------------------


def test_possessive_nominal_stays_as_written(nlp):
    text = (
        "Tarrow Engineering Ltd, the firm chosen for the dam, said that work would start in June. "
        "Local farmers are worried. Their association warned that the river would silt up."
    )
    c = by_cue(nlp, text)["warned"]
    assert c.speaker is not None
    assert c.speaker.text == "Their association"
    assert c.speaker.original is None


def test_pronoun_after_possessive_nominal_points_to_it(nlp):
    text = (
        "Tarrow Engineering Ltd said that work would start in June. Their association warned "
        "that the river would silt up. It says the county has promised help."
    )
    c = by_cue(nlp, text)["says"]
    assert c.speaker is not None
    assert c.speaker.text == "Their association"
    assert c.speaker.original is not None and c.speaker.original.text == "It"


def test_definite_organisation_nominal_resolves_to_an_organisation(nlp):
    text = (
        "Pella Paper Corp. lost two contracts this spring. "
        "The company said that it would cut forty jobs."
    )
    c = by_cue(nlp, text)["said"]
    assert c.speaker is not None and c.speaker.text == "Pella Paper Corp."
    assert c.speaker.original is not None and c.speaker.original.text == "The company"


def test_organisation_nominal_never_resolves_to_a_person(nlp):
    text = "Greta Lunn spoke at the plant on Monday. The company said that it would cut jobs."
    c = by_cue(nlp, text)["said"]
    assert c.speaker is not None
    assert c.speaker.text == "The company"
    assert "Lunn" not in c.speaker.text


def test_person_nominal_skips_a_nearer_organisation(nlp):
    text = (
        "Senator Mara Quill toured the yard of Holt Shipping on Friday. "
        "The senator said that the yard deserved federal money."
    )
    c = by_cue(nlp, text)["said"]
    assert c.speaker is not None and c.speaker.text == "Mara Quill"
    assert c.speaker.original is not None and c.speaker.original.text == "The senator"


def test_indefinite_or_other_nominal_is_someone_new(nlp):
    text = (
        "Pella Mills said that it would cut forty jobs. Another company said that it would "
        "hire them."
    )
    found = [c for c in claims_of(nlp, text) if c.speaker and "company" in c.speaker.text]
    assert found, [
        (c.cue and c.cue.text, c.speaker and c.speaker.text) for c in claims_of(nlp, text)
    ]
    assert found[0].speaker.text == "Another company"
    assert found[0].speaker.original is None


def test_plural_nominal_is_not_one_earlier_person(nlp):
    text = "Mayor Ian Roe opened the hearing. The lawmakers said that the budget was too small."
    c = by_cue(nlp, text)["said"]
    assert c.speaker is not None and c.speaker.text == "The lawmakers"


# -- speakerless instructions and questions to the reader -----------------------------------


def test_imperative_is_not_a_claim(nlp):
    assert claims_of(nlp, "Open the report to see what the council decided.") == []
    assert claims_of(nlp, "Do not forget that the council meets on Monday.") == []


def test_infinitive_under_a_subject_is_still_a_claim(nlp):
    c = by_cue(nlp, "The council wants to see what the voters decide.")["wants"]
    assert c.speaker is not None and c.speaker.text == "The council"


def test_question_to_the_reader_is_not_a_belief(nlp):
    assert claims_of(nlp, "Do you think the council will keep its promise?") == []


def test_statement_to_the_reader_with_a_speaker_is_kept(nlp):
    c = by_cue(nlp, "Ms. Ferro said that you can appeal the fine within a month.")["said"]
    assert c.content.text == "that you can appeal the fine within a month"


# -- advocacy is an intention, not a statement ----------------------------------------------


def test_advocacy_is_flagged_intent(nlp):
    c = by_cue(nlp, "Veltrix will continue to push for wider use of its scanners.")["push for"]
    assert c.content.text == "wider use of its scanners"
    assert "mental" in c.flags and "intent" in c.flags


def test_speech_act_is_not_flagged_intent(nlp):
    c = by_cue(nlp, "Veltrix called for wider use of its scanners.")["called for"]
    assert "intent" not in c.flags and "mental" not in c.flags


def test_belief_is_mental_but_not_intent(nlp):
    c = by_cue(nlp, "Veltrix believes that its scanners are safe.")["believes"]
    assert c.flags == ("mental",)
