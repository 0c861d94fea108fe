"""Fourth round of claim rules, on sentences written for these tests: gender agreement for
*he* and *she*, nominal speakers never pointing into their own claim, and cue verbs inside
a relative clause of the subject."""

from __future__ import annotations

import pytest
from claim_helpers import claims_of

from margin.analysis.gender import FEMALE, MALE, load_gender_data, mention_gender, name_key
from margin.model import Claim

pytestmark = pytest.mark.slow


def by_content(nlp, text: str, words: str) -> Claim:
    found = [c for c in claims_of(nlp, text) if words in c.content.text]
    assert found, f"no claim containing {words!r}"
    return found[0]


# -- gender evidence (no model needed) --------------------------------------------------------


def _g(text: str, name: str) -> str | None:
    i = text.index(name)
    return mention_gender(text, i, i + len(name), load_gender_data())


def test_honorifics_give_gender():
    assert _g("Then Mrs. Ortiz spoke.", "Ortiz") == FEMALE
    assert _g("Then Mr. Ortiz spoke.", "Ortiz") == MALE
    assert _g("Then Ms. Ortiz spoke.", "Ortiz") == FEMALE


def test_senator_is_neutral_and_first_name_decides():
    assert _g("Then Sen. Ortiz spoke.", "Ortiz") is None
    assert _g("Then Sen. Paula Ortiz spoke.", "Paula Ortiz") == FEMALE
    assert _g("President Thomas Ortiz spoke.", "President Thomas Ortiz") == MALE


def test_gendered_nouns_before_and_in_appositives():
    assert _g("Congresswoman Ortiz spoke.", "Ortiz") == FEMALE
    assert _g("He came with his wife, Lane Ortiz, at noon.", "Lane Ortiz") == FEMALE
    assert _g("Lane Ortiz, a spokeswoman for the firm, spoke.", "Lane Ortiz") == FEMALE
    assert _g("Lane Ortiz, the chairman of the board, spoke.", "Lane Ortiz") == MALE


def test_unknown_stays_unknown():
    # a single surname, an unlisted first name, a noun describing someone else
    assert _g("Then Ortiz spoke.", "Ortiz") is None
    assert _g("Then Quorra Ortiz spoke.", "Quorra Ortiz") is None
    assert _g("Lane Ortiz, the lawyer for the woman, spoke.", "Lane Ortiz") is None
    assert _g("They met the woman. Lane Ortiz spoke.", "Lane Ortiz") is None


def test_name_key_is_the_surname():
    assert name_key("Paula Ortiz’s") == "ortiz"
    assert name_key("Ortiz") == "ortiz"


# -- he/she resolution ------------------------------------------------------------------------


def test_she_skips_the_last_male_speaker(nlp):
    text = (
        "Paula Grant questioned Thomas Reyes at the hearing. Reyes said the product was safe. "
        "“The evidence is against you,” she said.\n\n"
    )
    c = by_content(nlp, text, "evidence is against")
    assert c.speaker is not None and c.speaker.text == "Paula Grant"
    assert c.speaker.original is not None and c.speaker.original.text == "she"


def test_he_still_takes_the_last_male_speaker(nlp):
    text = (
        "Paula Grant questioned Thomas Reyes at the hearing. Reyes said the product was safe. "
        "“The evidence is with me,” he said.\n\n"
    )
    c = by_content(nlp, text, "evidence is with me")
    assert c.speaker is not None and c.speaker.text.endswith("Reyes")


def test_honorific_decides_between_namesakes(nlp):
    text = (
        "Mrs. Ortiz spoke first at the meeting. Then Mr. Ortiz said the plan was sound. "
        "“We will win this fight,” she said.\n\n"
    )
    c = by_content(nlp, text, "win this fight")
    assert c.speaker is not None
    assert c.speaker.start == text.index("Ortiz")  # the first, Mrs. Ortiz


def test_surname_inherits_gender_of_full_name(nlp):
    text = (
        "Paula Grant and Thomas Reyes met on Monday. Grant said the talks went well. "
        "Reyes said they did not. “It was a waste of a day,” she said.\n\n"
    )
    c = by_content(nlp, text, "waste of a day")
    assert c.speaker is not None and c.speaker.text == "Grant"


# -- nominal speakers and their own content ---------------------------------------------------


def test_nominal_does_not_resolve_into_its_own_content(nlp):
    text = "“Will the city council approve the budget that Martin Reyes wrote?” the aide asked.\n\n"
    c = by_content(nlp, text, "approve the budget")
    assert c.speaker is not None
    assert c.speaker.text == "the aide" and c.speaker.original is None


def test_nominal_still_resolves_before_its_content(nlp):
    text = (
        "Martin Reyes spoke to the press on Monday.\n\n"
        "“The budget for the new bridge is far too small,” the aide said.\n\n"
    )
    c = by_content(nlp, text, "far too small")
    assert c.speaker is not None and c.speaker.text == "Martin Reyes"
    assert c.speaker.original is not None and c.speaker.original.text == "the aide"


# -- a cue inside a relative clause of the subject --------------------------------------------


def test_postposed_cue_wins_over_cue_in_contact_relative_clause(nlp):
    text = (
        "The four “loopholes” he cited are “the ability to use real estate losses to offset "
        "other income, and to avoid capital gains,” The Hill reported.\n\n"
    )
    claims = claims_of(nlp, text)
    assert not any(c.cue and c.cue.text == "cited" for c in claims)
    c = by_content(nlp, text, "real estate losses")
    assert c.cue is not None and c.cue.text == "reported"
    assert c.speaker is not None and "Hill" in c.speaker.text
    assert c.content.text.startswith("The four")


def test_relative_clause_cue_keeps_a_complement_with_its_own_subject(nlp):
    text = "The man who said the vote was rigged is a liar.\n\n"
    c = by_content(nlp, text, "vote was rigged")
    assert c.cue is not None and c.cue.text == "said"
    assert "liar" not in c.content.text


# -- relative pronouns standing for a thing ---------------------------------------------------


def test_relative_pronoun_for_a_thing_speaks_for_its_author(nlp):
    text = "A comment by Paula Grant that described the plan as reckless drew fire.\n\n"
    c = by_content(nlp, text, "reckless")
    assert c.speaker is not None and c.speaker.text == "Paula Grant"
    assert c.speaker.original is not None and c.speaker.original.text == "that"


def test_relative_pronoun_for_a_thing_made_under_object_control(nlp):
    text = (
        "The law prompted his wife, Jane Doe, to make a controversial comment that described "
        "young men as reckless.\n\n"
    )
    c = by_content(nlp, text, "young men")
    assert c.speaker is not None and c.speaker.text == "Jane Doe"


def test_relative_pronoun_for_a_document_without_author_stays(nlp):
    text = "The report that found the water was unsafe was released Monday.\n\n"
    c = by_content(nlp, text, "water was unsafe")
    assert c.speaker is not None and c.speaker.text == "The report"


def test_relative_pronoun_for_people_is_unchanged(nlp):
    text = "Voters who said the economy was weak backed the challenger.\n\n"
    c = by_content(nlp, text, "economy was weak")
    assert c.speaker is not None and c.speaker.text == "Voters"
