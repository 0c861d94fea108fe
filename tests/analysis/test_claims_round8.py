"""Round 8 of the claim rules (issue 13), on sentences written for these tests: a cue's
clausal content takes in further complement clauses the parse hung on the cue verb."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue

pytestmark = pytest.mark.slow


# -- further complement clauses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The mayor believes the pumps are old, but that the town cannot pay for new ones.",
            "believes",
            "the pumps are old, but that the town cannot pay for new ones",
        ),
        (
            "Ada Voss said the harbour was safe, the pier would reopen on Monday.",
            "said",
            "the harbour was safe, the pier would reopen on Monday",
        ),
    ],
)
def test_content_takes_in_a_further_complement_clause(nlp, text, cue, content):
    claim = by_cue(nlp, text)[cue]
    assert claim.content.text == content


def test_content_leaves_out_a_coordinated_clause_of_the_narration(nlp):
    text = "Ada Voss said the harbour was safe, and she left the hall at noon."
    claim = by_cue(nlp, text)["said"]
    assert claim.content.text == "the harbour was safe"
