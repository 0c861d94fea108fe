"""The document-level entity resolver's rules, each on sentences written for the test.

The mentions are given as spaCy might tag them (including its usual slips), so that each
rule is seen alone and does not depend on the model's version; tests at the end run the
whole engine with spaCy.
"""

from __future__ import annotations

import re

import pytest

from margin.analysis.entity_resolve import NameFacts, resolve_entities
from margin.analysis.speaker_groups import speaker_groups
from margin.model import Claim, Entity, Speaker, TextSpan

Mention = tuple[str, str] | tuple[str, str, int]


def span_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """``(start, end)`` of the ``nth`` occurrence of ``needle`` in ``text``."""
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    return starts[nth], starts[nth] + len(needle)


def sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans (a line, or a run ending in . ! ?)."""
    return [m.span() for m in re.finditer(r"[^\s][^.!?\n]*[.!?]?[\"”]?", text)]


def resolve(
    text: str,
    mentions: list[Mention] = (),  # type: ignore[assignment]
    proper: list[str | tuple[str, int]] = (),  # type: ignore[assignment]
    speakers: list[str | tuple[str, int]] = (),  # type: ignore[assignment]
    subjects: list[str | tuple[str, int]] = (),  # type: ignore[assignment]
) -> list[Entity]:
    """Resolve ``text`` as one block: ``mentions`` are spaCy's (substring, label[, nth]);
    ``proper`` the untagged proper-noun runs, ``speakers`` the cues' speakers and
    ``subjects`` the clause subjects (substring or (substring, nth))."""

    def spans(items: list[str | tuple[str, int]]) -> list[tuple[int, int]]:
        return [span_of(text, *(i if isinstance(i, tuple) else (i,))) for i in items]

    ents = []
    for m in mentions:
        s, e = span_of(text, m[0], m[2] if len(m) > 2 else 0)  # type: ignore[misc]
        ents.append(Entity(s, e, m[1], text[s:e]))
    facts = NameFacts(
        0,
        len(text),
        sorted(ents, key=lambda x: x.start),
        proper=spans(proper),
        speakers=spans(speakers),
        subjects=[s for s, _ in spans(subjects)],
    )
    return resolve_entities(text, [facts], sentences_of(text))


def found(entities: list[Entity]) -> list[tuple[str, str, str]]:
    """(text, label, group) of each name mention."""
    return [(e.text, e.label, e.group) for e in entities]


# -- alias groups -------------------------------------------------------------------------


def test_a_surname_joins_the_full_name_and_takes_its_type() -> None:
    text = "Helena Marsh chairs the board. Marsh said the vote was close."
    got = resolve(text, [("Helena Marsh", "PERSON"), ("Marsh", "ORG", 1)])
    assert found(got) == [
        ("Helena Marsh", "PERSON", "Helena Marsh"),
        ("Marsh", "PERSON", "Helena Marsh"),
    ]


def test_a_title_and_a_first_name_make_a_person_of_an_untagged_name() -> None:
    # spaCy tagged neither "Mayor Ana Ruiz" nor "Ruiz"; the parse saw proper nouns
    text = "Mayor Ana Ruiz said the wall would hold. Ruiz told reporters so."
    got = resolve(text, proper=["Mayor Ana Ruiz", "Ruiz"], speakers=["Mayor Ana Ruiz"])
    assert found(got) == [("Ana Ruiz", "PERSON", "Ana Ruiz"), ("Ruiz", "PERSON", "Ana Ruiz")]


def test_surname_with_a_title_joins_the_group() -> None:
    text = "Sen. Jane Roe voted no. Later Sen. Roe explained her vote."
    got = resolve(text, [("Sen. Jane Roe", "PERSON"), ("Roe", "ORG", 1)])
    assert found(got) == [("Jane Roe", "PERSON", "Jane Roe"), ("Roe", "PERSON", "Jane Roe")]


def test_a_surname_said_before_the_full_name_joins_it_too() -> None:
    text = "Becker spoke first at the meeting. Later Tom Becker left the hall."
    got = resolve(text, [("Becker", "PERSON"), ("Tom Becker", "PERSON")])
    assert {g for _, _, g in found(got)} == {"Tom Becker"}


def test_two_people_with_one_surname_stay_apart() -> None:
    text = "Ana Ruiz met Carlos Ruiz on Monday. Carlos Ruiz said little."
    got = resolve(
        text, [("Ana Ruiz", "PERSON"), ("Carlos Ruiz", "PERSON"), ("Carlos Ruiz", "PERSON", 1)]
    )
    assert [g for _, _, g in found(got)] == ["Ana Ruiz", "Carlos Ruiz", "Carlos Ruiz"]


def test_a_place_after_a_preposition_of_place_is_not_a_surname() -> None:
    text = "George Washington crossed the river. Congress met in Washington later."
    got = resolve(text, [("George Washington", "PERSON"), ("Washington", "GPE", 1)])
    assert found(got)[1] == ("Washington", "GPE", "Washington")


def test_a_place_is_not_a_newspaper_without_its_ending() -> None:
    text = "The New York Times reported it. Voters in New York disagreed."
    got = resolve(text, [("The New York Times", "ORG"), ("New York", "GPE", 1)])
    assert found(got) == [
        ("New York Times", "ORG", "New York Times"),
        ("New York", "GPE", "New York"),
    ]


def test_an_organisation_without_its_ending_joins_it() -> None:
    text = "Harbour Engineering Ltd won the contract. Harbour Engineering will start in March."
    got = resolve(text, [("Harbour Engineering Ltd", "ORG"), ("Harbour Engineering", "ORG", 1)])
    assert {g for _, _, g in found(got)} == {"Harbour Engineering Ltd"}


def test_an_acronym_joins_the_name_it_abbreviates() -> None:
    text = "The World Health Organization met on Monday. WHO officials said little."
    got = resolve(text, [("The World Health Organization", "ORG"), ("WHO", "ORG")])
    assert found(got) == [
        ("World Health Organization", "ORG", "World Health Organization"),
        ("WHO", "ORG", "World Health Organization"),
    ]


def test_a_group_of_people_is_no_surname_unless_surely_a_person() -> None:
    text = "Hill Democrats spoke first. The Democrats voted against it."
    got = resolve(text, [("Hill Democrats", "PERSON"), ("Democrats", "NORP", 1)])
    assert found(got)[1] == ("Democrats", "NORP", "Democrats")
    text = "Delwyn Langejans is an American luthier. Langejans builds guitars."
    got = resolve(text, [("Delwyn Langejans", "NORP"), ("Langejans", "NORP", 1)])
    assert found(got)[1] == ("Langejans", "PERSON", "Delwyn Langejans")


# -- the type of a group, from the evidence of all its mentions ---------------------------


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Tom Becker voted against the plan.", "Tom Becker", "ORG"),  # a given name
        ("Councillor Priya Natarajan voted against.", "Councillor Priya Natarajan", "ORG"),
        ("Eduard Hitzig (1839-1907) was a doctor.", "Eduard Hitzig", "ORG"),  # a lifespan
        ("Joanne Pike, 45, owns the bakery.", "Joanne Pike", "GPE"),  # an age
        ("The band hired pianist Ilse Varga in May.", "Ilse Varga", "ORG"),  # a person noun
        ("Kofi Mensah, a retired teacher, wrote to us.", "Kofi Mensah", "ORG"),  # appositive
        ("The fee rose, his wife Oona Lake said.", "Oona Lake", "GPE"),  # a gendered noun
    ],
)
def test_words_around_a_name_make_it_a_person(text: str, name: str, label: str) -> None:
    (ent,) = resolve(text, [(name, label)])
    assert ent.label == "PERSON"


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("The Coastal Resilience Office said so.", "The Coastal Resilience Office", "ORG"),
        ("Quarry Falls sued the county.", "Quarry Falls", "ORG"),  # nothing says person
        ("Officials in Ellbridge, 45 miles away, agreed.", "Ellbridge", "GPE"),
        ("He sold the network to Al Jazeera in 2013.", "Al Jazeera", "ORG"),  # al: a particle
    ],
)
def test_without_evidence_spacys_type_stands(text: str, name: str, label: str) -> None:
    (ent,) = resolve(text, [(name, label)])
    assert ent.label == label


def test_an_organisations_ending_outweighs_a_person_tag() -> None:
    text = "Harbour Engineering Ltd insisted that the market stays open."
    got = resolve(
        text, [("Harbour Engineering Ltd", "PERSON")], speakers=["Harbour Engineering Ltd"]
    )
    assert found(got) == [("Harbour Engineering Ltd", "ORG", "Harbour Engineering Ltd")]


def test_an_organisations_ending_alone_names_an_organisation() -> None:
    # "the League" said and did things (an agent: person or organisation alike)
    text = "The League was founded in 1960. The League said it would sue. The League denied it."
    got = resolve(
        text, [("League", "NORP")], proper=[("League", 1), ("League", 2)], speakers=["The League"]
    )
    assert found(got) == [("League", "ORG", "League")] * 3


def test_the_fullest_name_outweighs_its_short_forms() -> None:
    text = "Cold Spring Lab opened in 1890. CSL grew. CSL hired. CSL moved."
    got = resolve(
        text,
        [("Cold Spring Lab", "ORG"), ("CSL", "EVENT"), ("CSL", "EVENT", 1), ("CSL", "EVENT", 2)],
    )
    assert {e.label for e in got if e.group == "Cold Spring Lab"} == {"ORG"}


def test_a_place_context_makes_a_place() -> None:
    text = "Coleman, Florida is small. The prison is in Coleman."
    got = resolve(text, [("Coleman", "PERSON"), ("Florida", "GPE"), ("Coleman", "PERSON", 1)])
    assert {e.label for e in got if e.group == "Coleman"} == {"GPE"}


def test_a_subject_taken_up_by_a_pronoun_tips_a_split_label() -> None:
    # spaCy tagged the name once as a group of people, once as a person
    text = "Langejans took a job in town. He built guitars. Langejans sold them."
    mentions: list[Mention] = [("Langejans", "NORP"), ("Langejans", "PERSON", 1)]
    got = resolve(text, mentions, subjects=["Langejans"])
    assert {e.label for e in got} == {"PERSON"}
    # not when the name is no subject, nor when another name stands between
    assert {e.label for e in resolve(text, mentions)} == {"NORP"}
    other = "Langejans hired Marta Kos in town. He built guitars. Langejans sold them."
    got = resolve(other, mentions, subjects=["Langejans"])
    assert {e.label for e in got if e.text == "Langejans"} == {"NORP"}


def test_a_predicate_noun_for_a_person_makes_a_person() -> None:
    text = "Delwyn Langejans is an American luthier. Langejans builds guitars."
    got = resolve(text, [("Delwyn Langejans", "NORP"), ("Langejans", "NORP", 1)])
    assert {e.label for e in got} == {"PERSON"}
    text = "Delwyn Langejans is a town in Ohio. Langejans has a mill."
    got = resolve(text, [("Delwyn Langejans", "NORP"), ("Langejans", "NORP", 1)])
    assert {e.label for e in got} == {"NORP"}


# -- mentions spaCy did not tag -----------------------------------------------------------


def test_untagged_mentions_of_a_group_are_tagged() -> None:
    text = "Ana Ruiz won. Voters backed Ruiz, and Ruiz's plan passed."
    got = resolve(text, [("Ana Ruiz", "PERSON")])
    assert found(got) == [
        ("Ana Ruiz", "PERSON", "Ana Ruiz"),
        ("Ruiz", "PERSON", "Ana Ruiz"),
        ("Ruiz", "PERSON", "Ana Ruiz"),
    ]


def test_untagged_words_that_are_part_of_another_name_stay_untagged() -> None:
    text = "Ana Ruiz won. Carlos Ruiz lost. The Ruiz Street office closed."
    got = resolve(text, [("Ana Ruiz", "PERSON")])
    assert found(got) == [("Ana Ruiz", "PERSON", "Ana Ruiz")]


def test_a_sentence_opening_common_noun_is_not_a_surname() -> None:
    text = "Helena Marsh owns the land by the marsh. Marsh birds nest there."
    got = resolve(text, [("Helena Marsh", "PERSON")])
    assert found(got) == [("Helena Marsh", "PERSON", "Helena Marsh")]
    # mid-sentence the capital says name
    text = "Helena Marsh owns the land by the marsh. Birds love Marsh for it."
    assert len(resolve(text, [("Helena Marsh", "PERSON")])) == 2


def test_a_proper_noun_that_announces_no_name_is_left_alone() -> None:
    text = "We met at Tuesday Club. Nothing else happened."
    assert resolve(text, proper=["Tuesday Club"]) != []  # an organisation's ending
    assert resolve(text, proper=["Nothing"]) == []


# -- edges of a name ----------------------------------------------------------------------


def test_possessive_and_leading_the_are_not_in_the_highlight() -> None:
    text = "Tom Becker's plan failed, said the Coastal Resilience Office. Becker disagreed."
    got = resolve(
        text,
        [
            ("Tom Becker's", "PERSON"),
            ("the Coastal Resilience Office", "ORG"),
            ("Becker", "PERSON", 1),
        ],
    )
    assert found(got) == [
        ("Tom Becker", "PERSON", "Tom Becker"),
        ("Coastal Resilience Office", "ORG", "Coastal Resilience Office"),
        ("Becker", "PERSON", "Tom Becker"),
    ]


def test_a_capital_the_inside_a_sentence_is_part_of_the_name() -> None:
    text = "It was a hit for the band The Mad Lanterns in 1998."
    got = resolve(text, [("The Mad Lanterns", "ORG")])
    assert found(got) == [("The Mad Lanterns", "ORG", "The Mad Lanterns")]
    text = "The Mad Lanterns split in 1998."  # opening the sentence it is an article
    assert found(resolve(text, [("The Mad Lanterns", "ORG")]))[0][0] == "Mad Lanterns"


def test_an_open_bracket_ends_a_name_and_starts_the_next() -> None:
    text = "It pitched to ICE (Immigration and Customs Enforcement), and ICE said yes."
    got = resolve(text, [("ICE (Immigration and Customs Enforcement", "ORG"), ("ICE", "ORG", 1)])
    assert found(got) == [
        ("ICE", "ORG", "Immigration and Customs Enforcement"),
        ("Immigration and Customs Enforcement", "ORG", "Immigration and Customs Enforcement"),
        ("ICE", "ORG", "Immigration and Customs Enforcement"),
    ]


def test_a_possessor_named_elsewhere_is_split_from_what_it_owns() -> None:
    text = "Amazon’s Rekognition is sold to police. Amazon says it helps."
    got = resolve(text, [("Amazon’s Rekognition", "ORG"), ("Amazon", "ORG", 1)])
    assert [t for t, _, _ in found(got)] == ["Amazon", "Rekognition", "Amazon"]
    # a possessive that is part of a company's name stays
    text = "Nicholson's Limited ran the station. Nicholson sold it."
    got = resolve(text, [("Nicholson's Limited", "ORG"), ("Nicholson", "PERSON", 1)])
    assert found(got)[0][0] == "Nicholson's Limited"


def test_titles_without_a_name_are_no_person() -> None:
    text = "He served under Brigadier General Ross Hoyt in 1943."
    got = resolve(text, [("Ross Hoyt", "PERSON")], proper=["Brigadier General"])
    assert found(got) == [("Ross Hoyt", "PERSON", "Ross Hoyt")]


def test_an_ambiguous_title_before_an_organisation_is_kept() -> None:
    text = "General Electric and General Motors lost ground."
    got = resolve(text, [("General Electric", "ORG"), ("General Motors", "ORG")])
    assert [t for t, _, _ in found(got)] == ["General Electric", "General Motors"]


def test_a_quoted_word_is_no_person() -> None:
    text = "The ''Leave'' campaign won. Leave voters were pleased."
    assert resolve(text, [("Leave", "PERSON")]) == []


# -- where capitals say nothing, or say place ---------------------------------------------


def test_a_headline_word_that_is_a_common_noun_elsewhere_is_not_a_name() -> None:
    text = "Harbour city bets on a seawall\n\nThe wall runs along the old harbour."
    assert resolve(text, [("Harbour", "NORP")]) == []
    # in a title-case headline every word only says "headline"
    text = "Harbour City Bets On A Seawall Plan\n\nThe wall runs along the old harbour."
    assert resolve(text, [("Harbour", "ORG")]) == []


def test_a_sentence_opening_name_that_is_no_common_noun_stays() -> None:
    text = "Ellery voted on Tuesday.\n\nThe wall runs along the old harbour."
    assert found(resolve(text, [("Ellery", "GPE")])) == [("Ellery", "GPE", "Ellery")]


def test_an_all_caps_dateline_is_a_place() -> None:
    text = "PORT ELLERY — The council of Port Ellery voted on Tuesday."
    got = resolve(text, [("PORT ELLERY", "ORG"), ("Port Ellery", "GPE")])
    assert found(got) == [
        ("PORT ELLERY", "GPE", "Port Ellery"),
        ("Port Ellery", "GPE", "Port Ellery"),
    ]
    text = "WASHINGTON (AP) — Congress met on Tuesday."
    assert found(resolve(text)) == [("WASHINGTON", "GPE", "Washington")]


def test_all_caps_words_in_a_sentence_are_no_dateline() -> None:
    text = "The NASA probe - launched in May - is late."
    assert resolve(text) == []


# -- speakers -----------------------------------------------------------------------------


def _claim(text: str, speaker: str, nth: int = 0) -> Claim:
    s, e = span_of(text, speaker, nth)
    return Claim("reported", TextSpan.of(text, 0, 5), Speaker(s, e, speaker))


def test_a_speaker_with_a_title_is_labelled_by_the_group() -> None:
    text = "Mayor Ana Ruiz said the wall would hold. Ruiz told reporters so."
    ents = resolve(text, proper=["Mayor Ana Ruiz", "Ruiz"], speakers=["Mayor Ana Ruiz"])
    claims = speaker_groups([_claim(text, "Mayor Ana Ruiz"), _claim(text, "Ruiz", 1)], ents)
    assert [(c.speaker.text, c.speaker.group) for c in claims if c.speaker] == [
        ("Mayor Ana Ruiz", "Ana Ruiz"),  # the title kept in the speaker as written
        ("Ruiz", "Ana Ruiz"),
    ]
    assert [c.speaker.label for c in claims if c.speaker] == ["Ana Ruiz", "Ana Ruiz"]


def test_coordinated_or_described_speakers_have_no_group() -> None:
    text = "Andy Jassy (CEO of AWS) and Jeff Bezos insisted. The firm's director, Ina Roe, agreed."
    ents = resolve(
        text,
        [("Andy Jassy", "PERSON"), ("AWS", "ORG"), ("Jeff Bezos", "PERSON"), ("Ina Roe", "PERSON")],
    )
    claims = speaker_groups(
        [
            _claim(text, "Andy Jassy (CEO of AWS) and Jeff Bezos"),
            _claim(text, "The firm's director, Ina Roe"),
            _claim(text, "Jeff Bezos"),
        ],
        ents,
    )
    assert [c.speaker.group for c in claims if c.speaker] == ["", "", "Jeff Bezos"]
