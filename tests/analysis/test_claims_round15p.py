"""Round 15 of the claim rules (issue 13, branch claims15p, precision), on sentences written
for these tests: a verb of perception with a bare noun phrase perceives a thing, and writing
with a bare noun phrase names the text written, challenging a person is running against
them, a naming participle after a noun gives its name, the object of *present ... with* and of
*worry* is a party to the thing, not what was said, votes cast in the passive report
nothing, a participle right after a possessive is an adjective, and *show up* is turning up."""

from __future__ import annotations

import pytest
from claim_helpers import claims_of


def _cues(nlp, text: str) -> set[str]:
    return {c.cue.text for c in claims_of(nlp, text) if c.cue}


# -- a verb of perception with a bare noun phrase reports nothing (perceives_thing) ---------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Harbour news\n\nThe fishermen heard the news on Monday morning.", "heard"),
        ("Harbour news\n\nMayor Ada Voss has seen the letters.", "seen"),
        ("Harbour news\n\nThe rival councillors sense weakness.", "sense"),
    ],
)
def test_perceiving_a_thing_is_no_claim(nlp, text, cue):
    assert cue not in _cues(nlp, text)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # what the thing is taken for
        ("Harbour news\n\nMayor Ada Voss sees the pier as a burden on the town.", "sees"),
        ("Harbour news\n\nThe fishermen did not see it that way.", "see"),
        # a phrase in the object says what of it
        ("Harbour news\n\nThe fishermen saw a rise in their takings.", "saw"),
        # a clause: what was heard is reported
        ("Harbour news\n\nThe fishermen heard that the pier would close.", "heard"),
    ],
)
def test_perception_with_a_predicate_or_a_clause_stands(nlp, text, cue):
    assert cue in _cues(nlp, text)


# -- writing a bare noun phrase names the text, not what it says (writes_text) -------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Harbour news\n\nMayor Ada Voss wrote a children's book last year.",
        "Harbour news\n\nThe harbour master writes a weekly column.",
    ],
)
def test_writing_a_text_is_no_claim(nlp, text):
    assert not {c for c in _cues(nlp, text) if c.startswith("wr")}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Harbour news\n\nMayor Ada Voss wrote an op-ed urging the council to act.", "wrote"),
        ("Harbour news\n\nMayor Ada Voss wrote a column on the pier repairs.", "wrote"),
        ("Harbour news\n\nMayor Ada Voss wrote about the pier repairs.", "wrote"),
    ],
)
def test_writing_with_what_the_text_says_stands(nlp, text, cue):
    assert cue in _cues(nlp, text)


@pytest.mark.slow
def test_writing_on_a_venue_is_no_content(nlp):
    text = "Harbour news\n\nMayor Ada Voss wrote on Twitter on Monday."
    assert not [c for c in claims_of(nlp, text) if "Twitter" in c.content.text]


@pytest.mark.slow
def test_quotation_written_on_a_venue_keeps_its_cue(nlp):
    text = "Harbour news\n\n“The pier is safe,” one fisherman wrote on Twitter."
    quote = next(c for c in claims_of(nlp, text) if "pier" in c.content.text)
    assert quote.cue is not None and quote.cue.text == "wrote"


# -- challenging a person with nothing saying to or over what (challenges_rival) -----------


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Harbour news\n\nAda Voss is challenging Senator Tom Reed in the spring primary.",
        "Harbour news\n\nAda Voss lost to Tom Reed. She challenged him again in 2010.",
    ],
)
def test_challenging_a_rival_is_no_claim(nlp, text):
    assert not {c for c in _cues(nlp, text) if c.startswith("challeng")}


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Harbour news\n\nAda Voss challenged Tom Reed to a debate on the pier.",
        "Harbour news\n\nAda Voss lost to Tom Reed. She challenged him over his budget.",
        "Harbour news\n\nAda Voss challenged the claim that the pier was safe.",
    ],
)
def test_challenging_someone_to_or_over_something_stands(nlp, text):
    assert {c for c in _cues(nlp, text) if c.startswith("challeng")}


# -- a naming participle after a noun gives the noun's name (names_thing) ------------------


@pytest.mark.slow
def test_naming_participle_is_no_claim(nlp):
    text = (
        "Harbour news\n\nA newly formed super PAC called Harbour 45 ran its first round of ads "
        "in the port towns."
    )
    assert "called" not in _cues(nlp, text)


@pytest.mark.slow
def test_calling_someone_something_stands(nlp):
    text = "Harbour news\n\nProtesters held signs calling Ada Voss a liar."
    assert "calling" in _cues(nlp, text)


# -- the object of *present ... with* and of *worry* is a party (object_is_party) -----------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Harbour news\n\nThe new toll on the bridge worries the fishermen.", "worries"),
        ("Harbour news\n\nThe vote presents the fishermen with a hard choice.", "presents"),
    ],
)
def test_object_that_is_a_party_is_no_claim(nlp, text, cue):
    assert cue not in _cues(nlp, text)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Harbour news\n\nThe fishermen worry about the new toll on the bridge.", "worry"),
        ("Harbour news\n\nMayor Ada Voss presented the toll as a rescue plan.", "presented"),
    ],
)
def test_worrying_about_and_presenting_as_stand(nlp, text, cue):
    assert cue in _cues(nlp, text)


# -- votes cast, in the passive too, report nothing (votes_cast) ---------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Harbour news\n\nThe harbour board met on Sunday before the votes were cast.",
        "Harbour news\n\nThe town won many harbour wards, where few votes were cast.",
        "Harbour news\n\nThe fishermen sent ballots that are increasingly being cast well "
        "before polling day.",
    ],
)
def test_votes_cast_in_the_passive_are_no_claim(nlp, text):
    assert "cast" not in _cues(nlp, text)


@pytest.mark.slow
def test_votes_cast_for_someone_in_the_passive_stand(nlp):
    assert "cast" in _cues(nlp, "Harbour news\n\nMost of the votes were cast for Ada Voss.")


# -- a participle right after a possessive is an adjective (after_possessive) --------------


@pytest.mark.slow
def test_participle_after_a_possessive_is_no_cue(nlp):
    text = (
        "Harbour news\n\nAda Voss won most of the council’s pledged delegates after winning "
        "the harbour wards."
    )
    assert "pledged" not in _cues(nlp, text)


@pytest.mark.slow
def test_verb_after_a_possessive_subject_stands(nlp):
    assert "reported" in _cues(nlp, "Harbour news\n\nThe harbour's board reported profits.")


# -- *show up* is turning up somewhere (shows_up) ------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Harbour news\n\nMayor Ada Voss is increasingly showing up on television to stump "
        "for the pier.",
        "Harbour news\n\nMayor Ada Voss did not show up in person for the harbour vote.",
    ],
)
def test_showing_up_is_no_claim(nlp, text):
    assert not {c for c in _cues(nlp, text) if c.startswith("show")}


@pytest.mark.slow
def test_polls_showing_someone_up_stand(nlp):
    text = "Harbour news\n\nPolls show Ada Voss up by ten points in the harbour wards."
    assert "show" in _cues(nlp, text)
