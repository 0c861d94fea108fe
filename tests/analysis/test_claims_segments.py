"""Segmenting attributions as PolNeAR does (issue 13, items 3 and 4), on sentences written for
these tests: a quotation introduced by a clause ending in a colon takes that clause's verb
as its cue, also across a paragraph break; a quotation continuing an attribution takes its
cue and speaker; competing verbs leave the cue to the one whose complement is the content."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, claims_of

pytestmark = pytest.mark.slow


# -- a quotation introduced by a colon ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        (
            'Councillor Ada Voss delivered a blunt message to the board: "Fix the pumps before '
            'the winter comes."',
            "delivered",
            "Ada Voss",
        ),
        (
            "The result did not surprise the pollster Rhea Lund: “Turnout was always going to "
            "be low in the rain.”",
            ":",
            "Rhea Lund",
        ),
        (
            "The harbour board issued the following statement:\n\n"
            '"We regret the delay and will reopen the pier on Monday."',
            "issued",
            "The harbour board",
        ),
        (
            "Ada Voss took a different view of the matter:\n\n"
            "“Nobody has shown me a single cracked pipe in this town.”",
            "took",
            "Ada Voss",
        ),
    ],
)
def test_quotation_after_a_colon_takes_the_verb_before_it(nlp, text, cue, speaker):
    quotes = [c for c in claims_of(nlp, text) if c.kind == "quote"]
    assert len(quotes) == 1
    q = quotes[0]
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker is not None and q.speaker.text == speaker


@pytest.mark.parametrize(
    "text",
    [
        # an inanimate subject: a sign is no source of its own here
        'The old ferry carried a painted board: "Mind the gap between the boat and the pier."',
        # the first person: the writer's own words
        'I wrote a short note to the council: "Please mend the lamp on Pier Road soon."',
    ],
)
def test_colon_after_a_clause_without_a_source_gives_no_cue(nlp, text):
    for c in claims_of(nlp, text):
        assert c.cue is None or c.cue.text not in ("carried", "wrote")


def test_competing_verbs_leave_the_cue_to_the_reporting_verb(nlp):
    text = 'Ilse Brandt insisted the old plan had collapsed: "We cut the wrong things first."'
    found = claims_of(nlp, text)
    assert all(c.cue is None or c.cue.text != "collapsed" for c in found)
    quote = next(c for c in found if c.kind == "quote")
    assert quote.cue is not None and quote.cue.text == "insisted"
    assert quote.speaker is not None and quote.speaker.text == "Ilse Brandt"


# -- a quotation continuing an attribution -------------------------------------------------------


def test_quotation_in_the_next_paragraph_takes_the_cue_and_speaker(nlp):
    text = (
        "Rhea Lund, who runs the ferry company, said the crossing would close for a week.\n\n"
        "“The engines are forty years old and the parts no longer exist.”"
    )
    reported, quote = claims_of(nlp, text)
    assert reported.cue is not None and reported.cue.text == "said"
    assert quote.cue == reported.cue
    assert quote.speaker is not None and quote.speaker.text == "Rhea Lund"


def test_quotation_far_from_any_attribution_has_no_cue(nlp):
    text = (
        "Rhea Lund said the crossing would close.\n\n"
        + "The ferry has run since 1962 and carries cars and bicycles. " * 30
        + "\n\n“The engines are forty years old and the parts no longer exist.”"
    )
    quotes = [c for c in claims_of(nlp, text) if c.kind == "quote"]
    assert quotes and all(q.cue is None and q.speaker is None for q in quotes)


def test_interrupted_quotation_is_one_attribution(nlp):
    text = "“The pumps are old,” said Ilse Brandt, “and the money is gone.”"
    found = claims_of(nlp, text)
    assert len(found) == 1
    assert found[0].cue is not None and found[0].cue.text == "said"
    assert found[0].content.text.endswith("gone.”")


def test_cue_of_a_colon_quote_keeps_its_speaker_for_the_next_quotation(nlp):
    text = (
        "Ada Voss delivered a blunt message to the board: “Fix the pumps.”\n\n"
        "“Nobody will drink from that reservoir until they are fixed.”"
    )
    found = by_cue(nlp, text)
    assert set(found) == {"delivered"}
    quotes = [c for c in claims_of(nlp, text) if c.kind == "quote"]
    assert len(quotes) == 2
    assert all(q.speaker is not None and q.speaker.text == "Ada Voss" for q in quotes)


def test_quotation_continuing_in_the_same_paragraph_is_one_attribution(nlp):
    text = "Ilse Brandt said the pumps were old. “We cannot fix them before the winter.”"
    found = claims_of(nlp, text)
    assert len(found) == 1
    c = found[0]
    assert c.cue is not None and c.cue.text == "said"
    assert c.content.text.startswith("the pumps were old")
    assert c.content.text.endswith("winter.”")


def test_quotation_after_narration_is_not_merged(nlp):
    text = (
        "Ilse Brandt said the pumps were old. The town council met on Tuesday evening and "
        "voted on the budget for the coming year. “We cannot fix them before the winter.”"
    )
    found = claims_of(nlp, text)
    assert len(found) == 2
    assert found[0].content.text == "the pumps were old"


def test_parenthetical_cue_after_one_word(nlp):
    text = "Overall, Ilse Brandt said, the pumps had lasted longer than anyone expected."
    c = by_cue(nlp, text)["said"]
    assert c.content.text.startswith("Overall")
    assert c.content.text.endswith("expected")
    assert c.speaker is not None and c.speaker.text == "Ilse Brandt"


def test_statement_saying_is_one_attribution(nlp):
    text = "The harbour board issued a statement saying the pier would reopen in May."
    found = claims_of(nlp, text)
    assert len(found) == 1
    c = found[0]
    assert c.speaker is not None and c.speaker.text == "The harbour board"
    assert c.content.text.endswith("the pier would reopen in May")


def test_report_by_another_source_inside_a_statement_stays_nested(nlp):
    text = "The harbour board said that Ada Voss had claimed the pier was unsafe."
    cues = {c.cue.text for c in claims_of(nlp, text) if c.cue}
    assert cues == {"said", "claimed"}


def test_cue_between_the_pieces_of_a_quotation_stands_on_its_own(nlp):
    # "“A,” X said, suggesting B. “C.”": the participle is X's second statement, not a
    # part of the quotation around it
    text = (
        "“The pumps are old,” Ilse Brandt said, suggesting that the council had waited far "
        "too long. “We cannot fix them before the winter.”"
    )
    found = by_cue(nlp, text)
    assert set(found) == {"said", "suggesting"}
    assert found["suggesting"].content.text == "that the council had waited far too long"
    assert found["suggesting"].speaker is not None
    assert found["suggesting"].speaker.text == "Ilse Brandt"
    assert found["said"].content.text.startswith("“The pumps")
    assert found["said"].content.text.endswith("winter.”")


def test_cue_inside_the_continued_quotation_is_the_quoted_speakers(nlp):
    text = "“The pumps are old,” Ilse Brandt said. “The engineers told us that they would fail.”"
    found = by_cue(nlp, text)
    assert set(found) == {"said"}


def test_opening_double_apostrophe_belongs_to_the_next_sentence(nlp):
    # newspaper style with '' for both marks: the mark closing a sentence that has a space
    # before it and a word after it opens the next quotation
    text = (
        "Ilse Brandt said the pumps were old. But she suggested that the council had waited "
        "too long. ''We cannot fix them before the winter,'' she said."
    )
    found = claims_of(nlp, text)
    suggested = [c for c in found if c.cue is not None and c.cue.text == "suggested"]
    assert suggested[0].content.text == "that the council had waited too long"
    quotes = [c for c in found if c.kind == "quote"]
    assert len(quotes) == 1
    assert quotes[0].cue is not None and quotes[0].cue.text == "said"
    assert quotes[0].content.text.startswith("''We cannot")


@pytest.mark.parametrize(
    ("text", "index", "opens"),
    [
        ("He left. ''We stay,'' she said.", 3, True),  # space before, word after
        ("He left. ''We stay,'' she said.", 7, False),  # after a comma, space after
        ("He said “no” twice.", 2, True),  # a curly opening mark
        ("He said “no” twice.", 4, False),  # a curly closing mark
        ("He said no.", 2, False),  # not a mark at all
    ],
)
def test_opens_quote_reads_the_spacing_of_ambiguous_marks(nlp, text, index, opens):
    from margin.analysis.claims_tokens import opens_quote

    doc = nlp(text)
    assert opens_quote(doc[index]) is opens


def test_noun_phrase_cue_between_quotation_pieces_stands_beside_the_quotation(nlp):
    # round 12 (claims12r): PolNeAR train annotates *referring to Y*, *citing Y* there as an
    # attribution of its own (the quotation's attribution keeps both pieces)
    text = (
        "“The pumps are old,” Ilse Brandt said, citing the engineers' report. “We cannot fix "
        "them before the winter.”"
    )
    found = by_cue(nlp, text)
    assert set(found) == {"said", "citing"}
    assert found["citing"].content.text == "the engineers' report"
    assert found["said"].content.text.endswith("before the winter.”")


def test_belief_between_quotation_pieces_stays_with_the_quotation(nlp):
    # a belief, like a belief reported inside a statement, stays part of it
    text = (
        "“The pumps are old,” Ilse Brandt said, believing that the council would not listen. "
        "“We cannot fix them before the winter.”"
    )
    assert set(by_cue(nlp, text)) == {"said"}
