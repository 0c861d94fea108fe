"""A cue clause read as a parenthetical (*..., Smith said*) leaves its complement to the
sentence around it (issue 13, items 3 and 5), on sentences written for these tests: a
subordinate clause, a verb whose object fills the complement, or a passive with a subject
of its own is not a parenthetical cue for the clause before it."""

from __future__ import annotations

import pytest
from claim_helpers import claims_of

pytestmark = pytest.mark.slow


def _with_cue(nlp, text: str, cue: str):
    return [c for c in claims_of(nlp, text) if c.cue and c.cue.text == cue]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The harbour will close in May, the mayor said.", "said", "The harbour will close in May"),
        (
            "The ferry fares will rise again, Councillor Ada Voss told reporters.",
            "told",
            "The ferry fares will rise again",
        ),
        (
            "The levy, as the treasurer noted, has never been collected in full.",
            "noted",
            "The levy",
        ),
    ],
)
def test_parenthetical_cue_takes_the_clause_around_it(nlp, text, cue, content):
    found = _with_cue(nlp, text, cue)
    assert found, text
    assert found[0].content.text.startswith(content)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # an object of its own after the verb
        (
            "The quarrel seemed a distant memory on Monday, as the two councillors echoed "
            "similar themes and shared the stage.",
            "echoed",
        ),
        # a subordinate clause of time
        (
            "The mayor's troubles began in the spring, when she was accused by a rival of "
            "misusing the harbour fund.",
            "accused",
        ),
        # a passive with a subject of its own
        (
            "A stubborn and divisive figure — Tomas Brel was charged with fraud in 2009 — he "
            "still won the vote.",
            "charged",
        ),
    ],
)
def test_a_clause_with_its_own_complement_takes_nothing_before_it(nlp, text, cue):
    for claim in _with_cue(nlp, text, cue):
        assert claim.content.end > claim.cue.start, claim  # nothing wholly before the cue


# -- a second cue coordinated with the first (one attribution per cue) -------------------------


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "Mayor Ada Voss said the new levy has given the harbour a future and said that "
            "the ferry would run all winter.",
            "the new levy has given the harbour a future",
            "that the ferry would run all winter",
        ),
        (
            "The treasurer says the obvious answer was to sell the old pier and says she "
            "proposed a vote on it.",
            "the obvious answer was to sell the old pier",
            "she proposed a vote on it",
        ),
    ],
)
def test_a_second_cue_the_parse_hung_on_the_first_content_is_its_own_claim(
    nlp, text, first, second
):
    found = sorted(claims_of(nlp, text), key=lambda c: c.content.start)
    assert [c.content.text for c in found] == [first, second]
    assert found[0].speaker and found[1].speaker
    assert found[0].speaker.text == found[1].speaker.text


def test_a_conjunct_of_the_content_with_the_content_s_form_stays_in_it(nlp):
    """*said the inspector visited the pier and reported damage*: the inspector reported it
    (the conjunct has the form of the content's verb, not of *said*)."""
    text = "Mayor Ada Voss said the inspector visited the pier and reported cracks in it."
    found = [c for c in claims_of(nlp, text) if c.cue and c.cue.text == "said"]
    assert len(found) == 1
    assert found[0].content.text == "the inspector visited the pier and reported cracks in it"
    reported = [c for c in claims_of(nlp, text) if c.cue and c.cue.text == "reported"]
    assert all(c.speaker is None or c.speaker.text != "Ada Voss" for c in reported)
