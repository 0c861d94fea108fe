"""Each claim rule on sentences written for these tests: what it must find, and must not."""

from __future__ import annotations

import pytest
from claim_helpers import claims_of

from margin.model import Claim

pytestmark = pytest.mark.slow


def only(nlp, text: str) -> Claim:
    found = claims_of(nlp, text)
    assert len(found) == 1, [(c.kind, c.content.text) for c in found]
    return found[0]


def test_reporting_verb_with_that_clause(nlp):
    c = only(nlp, "The mayor of Brindleford, Oona Park, said that the bridge would reopen in May.")
    assert c.kind == "reported"
    assert c.cue and c.cue.text == "said"
    assert c.content.text == "that the bridge would reopen in May"
    assert c.speaker and "Oona Park" in c.speaker.text


def test_reporting_verb_without_that(nlp):
    c = only(nlp, "Harriet Vole insisted the audit had found nothing unusual.")
    assert c.cue and c.cue.text == "insisted"
    assert c.content.text == "the audit had found nothing unusual"
    assert c.speaker and c.speaker.text == "Harriet Vole"


def test_postposed_cue_after_quotation(nlp):
    c = only(nlp, "“We will not close the library,” Councillor Dev Amari said on Tuesday.")
    assert c.kind == "quote"
    assert c.content.text == "“We will not close the library,”"
    assert c.cue and c.cue.text == "said"
    assert c.speaker and "Dev Amari" in c.speaker.text


def test_inverted_cue(nlp):
    c = only(nlp, '"The figures speak for themselves," said Mirela Tosk, the finance director.')
    assert c.kind == "quote"
    assert c.content.text.startswith('"The figures')
    assert c.speaker and c.speaker.text == "Mirela Tosk"


def test_postposed_cue_without_quotes(nlp):
    c = only(nlp, "The plant will hire 300 workers next year, the company said.")
    assert c.kind == "reported"
    assert c.content.text == "The plant will hire 300 workers next year"
    assert c.cue and c.cue.text == "said"


def test_according_to(nlp):
    c = only(nlp, "According to the Brindleford Gazette, the council spent $2 million on parking.")
    assert c.kind == "reported"
    assert c.cue and c.cue.text == "According to"
    assert c.content.text == "the council spent $2 million on parking"
    assert c.speaker and "Brindleford Gazette" in c.speaker.text


def test_according_to_at_the_end(nlp):
    c = only(nlp, "Turnout fell by a third, according to election officials.")
    assert c.content.text == "Turnout fell by a third"
    assert c.speaker and c.speaker.text == "election officials"


def test_colon_attribution(nlp):
    text = 'Senator Ada Quill wrote: "Nobody on this committee saw the contract before the vote."'
    c = only(nlp, text)
    assert c.kind == "quote"
    assert c.content.text.startswith('"Nobody on this committee')
    assert c.speaker and "Ada Quill" in c.speaker.text


def test_quote_interrupted_by_its_cue(nlp):
    text = "“The plan is late,” Tomas Brel said, “and it is over budget by a wide margin.”"
    c = only(nlp, text)
    assert c.content.start == 0 and c.content.end == len(text)
    assert c.speaker and c.speaker.text == "Tomas Brel"


def test_floating_quote_inherits_previous_speaker_and_cue(nlp):
    """A quotation continuing an attribution takes its speaker and its cue (issue 13)."""
    text = (
        "Mina Orrell, the head of the port authority, said the strike had cost millions.\n\n"
        "“We cannot keep the cranes idle for another month without losing customers.”"
    )
    found = claims_of(nlp, text)
    assert len(found) == 2
    floating = found[1]
    assert floating.kind == "quote"
    assert floating.cue is not None and floating.cue.text == "said"
    assert floating.cue == found[0].cue
    assert floating.speaker and floating.speaker.text == "Mina Orrell"


def test_quote_running_across_paragraphs(nlp):
    text = (
        "“The river has flooded three times this year,” said Pell Whitcombe. “The levee was "
        "built for a climate we no longer have.\n\n"
        "“Every family on this street has moved their furniture upstairs at least once.”\n\n"
        "The county has not responded."
    )
    quotes = [c for c in claims_of(nlp, text) if c.kind == "quote"]
    spanning = [c for c in quotes if "\n\n" in c.content.text]
    assert len(spanning) == 1
    assert spanning[0].content.text.endswith("at least once.”")
    assert spanning[0].speaker and spanning[0].speaker.text == "Pell Whitcombe"


def test_straight_and_curly_quotes_pair(nlp):
    text = 'Rhee said: "Prices went up by ten percent in a single week.” Nobody disputed it.'
    c = only(nlp, text)
    assert c.content.text == '"Prices went up by ten percent in a single week.”'


def test_pronoun_speaker_resolved_with_original(nlp):
    text = (
        "Jorun Vale runs the food bank in Maple Hollow. She said demand had doubled since "
        "the factory closed."
    )
    c = only(nlp, text)
    assert c.speaker is not None
    assert c.speaker.text == "Jorun Vale"
    assert c.speaker.original is not None and c.speaker.original.text == "She"
    assert text[c.speaker.original.start : c.speaker.original.end] == "She"


def test_plural_pronoun_resolves_to_coordinated_speakers(nlp):
    text = (
        "Ilse Marr and Odo Brandt insisted that the merger was fair. They added that the "
        "regulators had approved every step."
    )
    found = claims_of(nlp, text)
    assert len(found) == 2
    second = found[1]
    assert second.speaker and second.speaker.original
    assert second.speaker.original.text == "They"
    assert "Ilse Marr" in second.speaker.text and "Odo Brandt" in second.speaker.text


def test_noun_cue_with_that_clause(nlp):
    c = only(nlp, "Kessler's claim that the votes were miscounted did not survive the recount.")
    assert c.cue and c.cue.text == "claim"
    assert c.content.text == "that the votes were miscounted"
    assert c.speaker and "Kessler" in c.speaker.text


def test_mental_state_cue_is_flagged(nlp):
    c = only(nlp, "Aldo Ferrant believes that the tariffs will hurt small farms.")
    assert c.flags == ("mental",)
    assert c.content.text == "that the tariffs will hurt small farms"


def test_speech_cue_is_not_flagged_mental(nlp):
    c = only(nlp, "Aldo Ferrant said that the tariffs will hurt small farms.")
    assert c.flags == ()


def test_scare_quotes_are_not_claims(nlp):
    assert claims_of(nlp, "The so-called “reform” left the old rules in place.") == []


def test_plain_narration_is_not_attributed(nlp):
    text = "The bridge opened in 1932. Cars crossed it every day until the storm."
    assert claims_of(nlp, text) == []


def test_say_without_a_clause_is_not_a_claim(nlp):
    assert claims_of(nlp, "They had nothing to say about it and left early.") == []


def test_nested_quote_speech_stays_with_the_quoted_speaker(nlp):
    text = "“My father always said that hard work pays,” Lena Osk said."
    found = claims_of(nlp, text)
    assert len(found) == 1
    assert found[0].speaker and found[0].speaker.text == "Lena Osk"


def test_assertion_scored_and_unattributed(nlp):
    text = "Unemployment rose to 7.4 percent in March, the highest rate since 2009."
    found = claims_of(nlp, text, kinds=("assertion",))
    assert len(found) == 1
    assert found[0].speaker is None
    assert 0.5 <= found[0].score <= 1.0


def test_question_is_not_an_assertion(nlp):
    assert claims_of(nlp, "What happens next?", kinds=("assertion",)) == []


# -- issue 6 rules --------------------------------------------------------------------------


def test_noun_phrase_content_of_stance_verb(nlp):
    c = only(nlp, "Senator Ivo Brandt criticised the new tariff on steel imports.")
    assert c.cue and c.cue.text == "criticised"
    assert c.content.text == "the new tariff on steel imports"
    assert c.speaker and c.speaker.text == "Ivo Brandt"


def test_recipient_object_is_not_content(nlp):
    assert claims_of(nlp, "She told Marcus Penn about the meeting.") == []


def test_passive_with_agent(nlp):
    c = only(nlp, "The housing plan was endorsed by the Harbour Tenants Union.")
    assert c.content.text == "The housing plan"
    assert c.speaker and "Harbour Tenants Union" in c.speaker.text


def test_intention_with_infinitive_is_flagged_mental(nlp):
    c = only(nlp, "The Brindleford council plans to raise parking fees next year.")
    assert c.content.text == "to raise parking fees next year"
    assert c.flags == ("mental", "intent")


def test_promise_with_infinitive_is_speech(nlp):
    c = only(nlp, "Mayor Osei promised to repair every bridge in the county.")
    assert c.content.text == "to repair every bridge in the county"
    assert c.flags == ()


def test_parenthetical_cue_inside_the_content(nlp):
    text = "The old bridge, the chief engineer said, was never safe for lorries."
    c = only(nlp, text)
    assert c.cue and c.cue.text == "said"
    assert c.content.start == 0 and c.content.text.endswith("lorries")
    assert c.speaker and "engineer" in c.speaker.text


def test_quotation_continues_after_the_cue_sentence(nlp):
    text = "“We lost tonight,” Anka Varga said after the match. “But we will be back next season.”"
    c = only(nlp, text)
    assert c.kind == "quote"
    assert c.content.start == 0 and c.content.end == len(text)


def test_newspaper_double_apostrophe_quotes(nlp):
    text = "''We will win the county by a wide margin,'' Mr. Okafor said."
    c = only(nlp, text)
    assert c.kind == "quote"
    assert c.content.text == "''We will win the county by a wide margin,''"


def test_dash_attribution(nlp):
    text = "“We are not done with this fight, not by a long way.” ― Rosa Quint\n"
    c = only(nlp, text)
    assert c.cue and c.cue.text == "―"
    assert c.speaker and c.speaker.text == "Rosa Quint"


def test_transcript_speaker_label(nlp):
    text = "HOLT: Good evening and welcome to the first debate of the campaign.\n\nThe end."
    c = only(nlp, text)
    assert c.cue and c.cue.text == ":"
    assert c.speaker and c.speaker.text == "HOLT"
    assert c.content.text.startswith("Good evening")


def test_relative_pronoun_speaker_resolved(nlp):
    text = "The complaint came from Dana Whitfield, who said that the count was rigged."
    found = [c for c in claims_of(nlp, text) if c.cue and c.cue.text == "said"]
    assert len(found) == 1
    speaker = found[0].speaker
    assert speaker and speaker.text == "Dana Whitfield"
    assert speaker.original and speaker.original.text == "who"


def test_nominal_speaker_resolved_to_entity(nlp):
    text = "Ellen Marsh toured the plant on Monday. The governor said that jobs would return."
    c = only(nlp, text)
    assert c.speaker and c.speaker.text == "Ellen Marsh"
    assert c.speaker.original and c.speaker.original.text == "The governor"


def test_words_quoted_inside_narration_are_not_a_claim(nlp):
    text = "The so-called “very bad bargain for everyone involved” collapsed on Friday."
    assert [c for c in claims_of(nlp, text) if c.kind == "quote"] == []


def test_speaker_does_not_reach_into_a_headline(nlp):
    text = "Budget Talks Stall Again\nThe finance minister said that the talks had failed."
    c = only(nlp, text)
    assert c.speaker and "Budget" not in c.speaker.text
    assert "minister" in c.speaker.text


def test_named_statement_nested_in_a_report_is_kept(nlp):
    text = (
        "The Brindleford Gazette reports that at a staff meeting, Ola Brun (head of sales) and "
        "Piet Kaan (founder of Kaan Tools) insisted that the new drills are “excellent value.” "
        "They pointed out that sales had doubled since spring."
    )
    found = {c.cue.text: c for c in claims_of(nlp, text) if c.cue}
    assert {"reports", "insisted", "pointed out"} <= set(found)
    assert "Gazette" in found["reports"].speaker.text
    insisted = found["insisted"]
    assert insisted.content.text == "that the new drills are “excellent value.”"
    assert "Ola Brun" in insisted.speaker.text and "Piet Kaan" in insisted.speaker.text
    pointed = found["pointed out"].speaker
    assert pointed.original and pointed.original.text == "They"
    assert "Ola Brun" in pointed.text


def test_pronoun_statement_nested_in_a_report_stays_part_of_it(nlp):
    text = "Ola Brun said that the figures were wrong because it says so in the audit report."
    found = claims_of(nlp, text)
    assert [c.cue.text for c in found if c.cue] == ["said"]


def test_object_control_speaker(nlp):
    text = "Senator Ines Vaal pressed Tomas Reker to admit that the accounts were false."
    found = [c for c in claims_of(nlp, text) if c.cue and c.cue.text == "admit"]
    assert found and found[0].speaker and found[0].speaker.text == "Tomas Reker"


def test_speaker_through_an_adjective(nlp):
    text = "Mayor Lise Norgaard was eager to boast that crime had fallen by half."
    found = [c for c in claims_of(nlp, text) if c.cue and c.cue.text == "boast"]
    assert found and found[0].speaker and found[0].speaker.text == "Lise Norgaard"
    assert found[0].content.text == "that crime had fallen by half"
