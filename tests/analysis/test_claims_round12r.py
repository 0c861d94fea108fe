"""Round 12 of the claim rules (issue 13, branch claims12r, recall), on sentences written for
these tests: where a cue's colon content ends, and which cue a quotation after a colon is
given."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, claims_of

# -- a colon content ends at its sentence (colon_after_cue, colon_content_end) ------------


@pytest.mark.slow
def test_colon_content_ends_at_the_line_break(nlp):
    text = (
        "Harbour news\n\nAda Voss told the council: the old pier will stay open all winter.\n"
        "The fishermen were pleased with the result of the vote."
    )
    told = by_cue(nlp, text)["told"]
    assert told.content.text.startswith("the old pier will stay open all winter")
    assert "fishermen" not in told.content.text


@pytest.mark.slow
def test_colon_after_the_cue_object_keeps_the_object_in_the_content(nlp):
    text = (
        "Harbour news\n\nAda Voss mocked the plans of two harbour firms: Coastline and Pierworks."
    )
    mocked = by_cue(nlp, text)["mocked"]
    assert mocked.content.text.startswith("the plans of two harbour firms:")
    assert mocked.content.text.endswith("Coastline and Pierworks")


@pytest.mark.slow
def test_colon_after_a_hearer_starts_the_content_after_the_colon(nlp):
    text = "Harbour news\n\nAda Voss told the council: the old pier will stay open all winter."
    told = by_cue(nlp, text)["told"]
    assert told.content.text == "the old pier will stay open all winter"


# -- a quotation after a participle cue with a colon is that cue's (Linker) ------------------


@pytest.mark.slow
def test_quotation_after_a_participle_with_a_colon_is_its_own_claim(nlp):
    text = (
        '"The plan will help every town on the coast," Ada Voss said, adding: '
        '"We will start with the harbour next month."'
    )
    claims = by_cue(nlp, text)
    assert claims["said"].content.text == '"The plan will help every town on the coast,"'
    assert claims["adding"].content.text == '"We will start with the harbour next month."'
    assert claims["adding"].speaker.text == "Ada Voss"


@pytest.mark.slow
def test_quotation_goes_on_after_its_cue_sentence_with_no_colon_cue(nlp):
    text = (
        '"The plan will help every town on the coast," Ada Voss said. '
        '"We will start with the harbour next month."'
    )
    said = by_cue(nlp, text)["said"]
    assert "We will start with the harbour" in said.content.text


# -- a quotation with its own subject after a cue clause (cue_inside_content) -----------------


@pytest.mark.slow
def test_adverbial_before_the_cue_clause_is_not_part_of_the_quotation(nlp):
    text = (
        "When she first described the plan in May, she said, "
        '"We are going to build a new pier for the whole town."'
    )
    said = by_cue(nlp, text)["said"]
    assert said.content.text == '"We are going to build a new pier for the whole town."'


@pytest.mark.slow
def test_subject_before_the_cue_clause_stays_in_the_content(nlp):
    said = by_cue(nlp, 'The old pier, Ada Voss said, "will stay open all winter."')["said"]
    assert said.content.text.startswith("The old pier")


# -- a noun-phrase cue between the pieces of a quotation (Linker) -----------------------------


@pytest.mark.slow
def test_referring_to_between_quotation_pieces_is_a_claim_too(nlp):
    text = (
        '"The pier was sold out by the council," Ada Voss said in August, referring to the '
        'harbour board. "We cannot let them do it again."'
    )
    claims = by_cue(nlp, text)
    assert claims["referring to"].content.text == "the harbour board"
    assert claims["referring to"].speaker.text == "Ada Voss"
    assert claims["said"].content.text.endswith('do it again."')


@pytest.mark.slow
def test_noun_phrase_cue_after_a_whole_quotation_stays_out_of_it(nlp):
    # no quotation goes on after the cue: nothing between pieces
    text = '"The pier was sold out by the council," Ada Voss said, referring to the board.'
    claims = by_cue(nlp, text)
    assert claims["said"].content.text == '"The pier was sold out by the council,"'


# -- a participle cue after a closing quotation mark (_split_participle) ---------------------


@pytest.mark.slow
def test_participle_after_a_quoted_word_and_a_comma_is_split_off(nlp):
    text = (
        'Ada Voss hailed the vote as "fantastic," telling reporters on Friday that she thinks '
        'the pier is "a great thing."'
    )
    claims = by_cue(nlp, text)
    assert claims["hailed"].content.text == 'the vote as "fantastic,"'
    assert claims["telling"].content.text.startswith("that she thinks the pier")


@pytest.mark.slow
def test_participle_with_no_comma_before_it_is_not_split_off(nlp):
    text = "Tom Reed defended the fee by citing a poll conducted by the harbour board."
    claims = by_cue(nlp, text)
    assert "citing" in claims["defended"].content.text


# -- a quotation with a cue clause of its own after it does not continue the one before ------


@pytest.mark.slow
def test_quotation_followed_by_its_own_cue_clause_is_not_continued(nlp):
    text = (
        '"The pier must stay open for the boats," Tom Reed said on Friday. '
        '"The fees are another matter," he added.'
    )
    claims = by_cue(nlp, text)
    assert claims["said"].content.text == '"The pier must stay open for the boats,"'
    assert claims["added"].content.text == '"The fees are another matter,"'
    assert claims["added"].speaker.text == "Tom Reed"


# -- no content ends on the opening mark of the next sentence's quotation (trimmed) ----------


@pytest.mark.slow
def test_content_does_not_end_on_the_next_quotation_opening_mark(nlp):
    text = (
        "Harbour news\n\nTime, Tom Reed added, was on their side. ''It's early days, for "
        "heaven's sake,'' he said. ''The season starts in May.''"
    )
    claims = by_cue(nlp, text)
    assert claims["added"].content.text == "Time, Tom Reed added, was on their side"
    assert claims["said"].content.text.startswith("''It's early days")


@pytest.mark.slow
def test_content_keeps_its_closing_mark(nlp):
    text = "Harbour news\n\nTom Reed said the pier was ''a great thing.'' The vote is in May."
    said = by_cue(nlp, text)["said"]
    assert said.content.text == "the pier was ''a great thing.''"


# -- a clausal content goes on past a semicolon (clausal_complement) --------------------------


@pytest.mark.slow
def test_content_goes_on_past_a_semicolon(nlp):
    said = by_cue(nlp, "Tom Reed said the problem was not the fee; the problem was the old pier.")
    assert said["said"].content.text == "the problem was not the fee; the problem was the old pier"


@pytest.mark.slow
def test_content_stops_at_a_semicolon_before_another_cue(nlp):
    claims = claims_of(
        nlp, "Tom Reed said the problem was not the fee; Ada Voss said it was the pier."
    )
    assert [c.content.text for c in claims] == ["the problem was not the fee", "it was the pier"]


# -- a cue clause of contrast inside another content (split_contrast) -------------------------


@pytest.mark.slow
def test_cue_clause_of_contrast_with_its_own_source_is_a_claim_too(nlp):
    text = (
        "Some voters said the mayor had made a good case for the pier, while other voters "
        "said they had not heard anything new."
    )
    claims = claims_of(nlp, text)
    assert [(c.speaker.text, c.content.text) for c in claims] == [
        ("Some voters", "the mayor had made a good case for the pier"),
        ("other voters", "they had not heard anything new"),
    ]


@pytest.mark.slow
def test_cue_clause_of_cause_stays_inside_the_content(nlp):
    text = "Tom Reed said the fee is fair because the harbour board says the pier needs repairs."
    claims = claims_of(nlp, text)
    assert len(claims) == 1
    assert claims[0].content.text.endswith("the pier needs repairs")


# -- a speech cue coordinated with the cue of the content it stands in (split_coordinated) ---


@pytest.mark.slow
def test_coordinated_speech_cue_inside_a_content_is_a_second_claim(nlp):
    text = (
        "Ada Voss said that she did not want to think about the fees and predicted that the "
        "pier will stay open."
    )
    claims = by_cue(nlp, text)
    assert claims["predicted"].content.text == "that the pier will stay open"
    assert claims["predicted"].speaker.text == "Ada Voss"
    assert claims["said"].content.text.startswith("that she did not want")


@pytest.mark.slow
def test_coordinated_intention_inside_a_content_stays_part_of_it(nlp):
    claims = claims_of(nlp, "Tom Reed said the board met on Monday and decided to close the pier.")
    assert [c.cue.text for c in claims] == ["said"]


# -- a content stays on its cue's line (Linker) ----------------------------------------------


@pytest.mark.slow
def test_content_does_not_reach_the_line_above_its_cue(nlp):
    text = (
        "Harbour news\n\nPier stays open\n"
        "Investment, official says, helped harbour economy after 2008 storm"
    )
    says = by_cue(nlp, text)["says"]
    assert says.content.text == "Investment, official says, helped harbour economy after 2008 storm"


@pytest.mark.slow
def test_quotation_over_two_lines_stays_whole(nlp):
    text = (
        'Harbour news\n\nAda Voss said: "The pier will stay open all winter.\n'
        'The fees will not rise this year."'
    )
    said = by_cue(nlp, text)["said"]
    assert said.content.text.endswith('The fees will not rise this year."')


# -- an adverbial clause after a clausal content goes on with it (content_end) ---------------


@pytest.mark.slow
def test_reason_clause_after_the_content_is_part_of_it(nlp):
    argued = by_cue(nlp, "Tom Reed argued the fee was fair, because the pier needs repairs.")
    assert argued["argued"].content.text == "the fee was fair, because the pier needs repairs"
    text = (
        "Ada Voss told the council that the fee was fair, although the fishermen would pay "
        "less next year."
    )
    told = by_cue(nlp, text)["told"]
    assert told.content.text.endswith("although the fishermen would pay less next year")


@pytest.mark.slow
def test_participle_after_the_content_is_not_part_of_it(nlp):
    said = by_cue(nlp, "Tom Reed said the fee is fair, pointing to the harbour map.")["said"]
    assert said.content.text == "the fee is fair"


@pytest.mark.slow
def test_reason_clause_after_an_intention_is_part_of_it(nlp):
    plans = by_cue(nlp, "Ada Voss plans to close the old pier, because the boats are too big.")
    assert plans["plans"].content.text == "to close the old pier, because the boats are too big"
    plans = by_cue(nlp, "Ada Voss plans to close the old pier on Monday.")
    assert plans["plans"].content.text == "to close the old pier on Monday"


@pytest.mark.slow
def test_intention_goes_on_past_a_colon(nlp):
    text = "Ada Voss hopes to reap benefits of her own: new markets for the harbour fish."
    hopes = by_cue(nlp, text)["hopes"]
    assert hopes.content.text == "to reap benefits of her own: new markets for the harbour fish"
