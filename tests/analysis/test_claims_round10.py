"""Round 10 of the claim rules (issue 13), on sentences written for these tests: the source
of a noun cue governed by a verb (*X went on a rant about Y*, *X appeared to make a joke
about Y*), and which claim stands when the noun is that verb's content."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, claims_of, parsed_doc

from margin.analysis.claims_nouns import support_verb_subject
from margin.analysis.cues import load_lexicon

# -- a noun cue takes the subject of the verb that governs it --------------------------------


@pytest.mark.slow
def test_noun_cue_after_a_preposition_of_the_verb_takes_its_subject(nlp):
    claims = by_cue(nlp, "Ada Voss went on a long rant about the harbour fees.")
    assert claims["rant"].speaker.text == "Ada Voss"
    claims = by_cue(
        nlp, "Ada Voss stirred controversy last year with an assertion that the pier was unsafe."
    )
    assert claims["assertion"].speaker.text == "Ada Voss"


@pytest.mark.slow
def test_noun_cue_object_of_an_infinitive_takes_the_subject_above(nlp):
    claims = by_cue(nlp, "Tom Reed appeared to make a joke about the harbour fees.")
    assert claims["joke"].speaker.text == "Tom Reed"


def test_noun_cue_object_of_a_measure_noun_takes_the_verb_subject():
    # "Ada asked them a series of questions about fees": the questions are Ada's
    words = ["Ada", "asked", "them", "a", "series", "of", "questions", "about", "fees"]
    heads = [1, 1, 1, 4, 1, 4, 5, 6, 7]
    deps = ["nsubj", "ROOT", "dative", "det", "dobj", "prep", "pobj", "prep", "pobj"]
    tags = ["NNP", "VBD", "PRP", "DT", "NN", "IN", "NNS", "IN", "NNS"]
    doc = parsed_doc(words, heads, deps, tags, (0, 1))
    assert support_verb_subject(doc[6], load_lexicon()).text == "Ada"


@pytest.mark.slow
def test_noun_cue_received_or_in_an_adjunct_has_no_source(nlp):
    # "faced questions": the questions are someone else's; "amid reports": an adjunct
    claims = by_cue(nlp, "Ada Voss faced questions about the harbour fees.")
    assert claims["questions"].speaker is None
    claims = by_cue(nlp, "Ada Voss resigned amid reports that the pier was unsafe.")
    assert claims["reports"].speaker is None


def test_noun_cue_with_a_first_person_or_thing_subject_has_no_source():
    words = ["I", "tried", "to", "make", "a", "joke", "about", "fees"]
    heads = [1, 1, 3, 1, 5, 3, 5, 6]
    deps = ["nsubj", "ROOT", "aux", "xcomp", "det", "dobj", "prep", "pobj"]
    tags = ["PRP", "VBD", "TO", "VB", "DT", "NN", "IN", "NNS"]
    lexicon = load_lexicon()
    doc = parsed_doc(words, heads, deps, tags, (0, 0))
    assert support_verb_subject(doc[5], lexicon) is None
    words[0] = "Rain"
    tags[0] = "NN"
    doc = parsed_doc(words, heads, deps, tags, (0, 0))
    assert support_verb_subject(doc[5], lexicon) is None


# -- a noun cue that is its verb's content leaves the claim to the verb -----------------------


@pytest.mark.slow
def test_verb_claim_stands_for_a_noun_cue_it_takes_as_content(nlp):
    claims = claims_of(nlp, "Ada Voss dismissed the claim that the pier was unsafe.")
    assert [c.cue.text for c in claims] == ["dismissed"]
    assert claims[0].speaker.text == "Ada Voss"
    assert claims[0].content.text == "the claim that the pier was unsafe"


@pytest.mark.slow
def test_document_issued_still_stands_for_the_verb(nlp):
    claims = by_cue(nlp, "The council issued a statement saying the pier was unsafe.")
    assert claims["saying"].speaker.text == "The council"
    assert "issued" not in claims


# -- the subject of a to-infinitive: a person after *for*; money or *much* never speaks ----------


@pytest.mark.slow
def test_infinitive_after_a_for_phrase_takes_its_person(nlp):
    text = "The storm has created an opening for Ada Voss to highlight her record on the pier."
    assert by_cue(nlp, text)["highlight"].speaker.text == "Ada Voss"


@pytest.mark.slow
def test_for_phrase_of_a_person_leaves_the_infinitive_to_that_person(nlp):
    text = "The storm forced lawyers for Ada Voss to deny that the pier was unsafe."
    assert by_cue(nlp, text)["deny"].speaker.text == "lawyers"


@pytest.mark.slow
def test_money_or_much_before_an_infinitive_is_not_its_subject(nlp):
    claims = by_cue(nlp, "The Voss campaign spent $80,000 on mailers to support Tom Reed.")
    assert claims["support"].speaker.text == "The Voss campaign"
    claims = by_cue(nlp, "The Voss campaign used much of its time to criticize Tom Reed.")
    assert claims["criticize"].speaker.text == "The Voss campaign"


@pytest.mark.slow
def test_a_group_object_before_an_infinitive_still_speaks(nlp):
    claims = by_cue(nlp, "The vote forced the council to admit that the pier was unsafe.")
    assert claims["admit"].speaker.text == "the council"
    # urged to admit: the admission is inside the campaign's claim, not one of its own
    # (round 10, precision: nothing reported inside an intention stands alone)
    text = "The Voss campaign pressed the council to admit that the pier was unsafe."
    claims = by_cue(nlp, text)
    assert "admit" not in claims and claims["pressed"].speaker.text == "The Voss campaign"


# -- *those*, *others*: people who speak for themselves ---------------------------------------


@pytest.mark.slow
def test_participle_on_those_or_others_is_theirs(nlp):
    text = "Like others defending the pier, Ada Voss said the board was wrong."
    claims = by_cue(nlp, text)
    assert claims["defending"].speaker.text == "others"
    assert claims["said"].speaker.text == "Ada Voss"
    text = "Ada Voss leads among those describing themselves as liberal."
    assert by_cue(nlp, text)["describing"].speaker.text == "those"


@pytest.mark.slow
def test_participle_on_a_document_is_still_its_issuer(nlp):
    text = "The Voss campaign released a statement defending the pier."
    claims = claims_of(nlp, text)
    assert [c.speaker.text for c in claims] == ["The Voss campaign"]


# -- *according to* a document: its author speaks ----------------------------------------------


@pytest.mark.slow
def test_according_to_a_document_by_or_from_someone_is_theirs(nlp):
    pier = "The pier lost two million dollars last year, "
    claims = by_cue(nlp, pier + "according to a report from the Harbour Trust.")
    assert claims["according to"].speaker.text == "the Harbour Trust"
    claims = by_cue(nlp, pier + "according to a tally by the Associated Press.")
    assert claims["according to"].speaker.text == "the Associated Press"


@pytest.mark.slow
def test_according_to_people_from_a_place_or_an_unsigned_report_stays(nlp):
    pier = "The pier lost two million dollars last year, "
    claims = by_cue(nlp, pier + "according to the chairs from Jefferson County.")
    assert claims["according to"].speaker.text == "the chairs"
    claims = by_cue(nlp, pier + "according to a report released on Tuesday.")
    assert claims["according to"].speaker.text == "a report"


# -- datelines: a place, an agency in brackets, a dash ---------------------------------------


@pytest.mark.slow
def test_dateline_with_an_agency_gives_way_to_the_subject_after_its_dash(nlp):
    text = (
        "New York (AFP) – Senator Ada Voss on Monday visited the harbour with Tom Reed for "
        "the first time, blaming Joe Smith for the broken pier."
    )
    assert by_cue(nlp, text)["blaming"].speaker.text == "Ada Voss"


@pytest.mark.slow
def test_upper_case_dateline_with_the_dash_inside_the_apposition(nlp):
    text = (
        "HALIFAX, Nova Scotia - Ada Voss's political allies on Monday predicted a large "
        "victory in the town's elections."
    )
    speaker = by_cue(nlp, text)["predicted"].speaker.text
    assert speaker.endswith("Ada Voss's political allies")


@pytest.mark.slow
def test_place_and_agency_without_a_dash_is_no_dateline(nlp):
    text = "Boston (AFP) said on Monday that the pier was unsafe."
    assert by_cue(nlp, text)["said"].speaker.text == "AFP"


# -- a participle on a possessed thing: the possessor speaks -----------------------------------


@pytest.mark.slow
def test_participle_on_a_possessed_speech_is_the_possessors(nlp):
    text = "Tom Reed will follow Ada Voss's speech denouncing the harbour fees with a speech."
    assert by_cue(nlp, text)["denouncing"].speaker.text.startswith("Ada Voss")


@pytest.mark.slow
def test_participle_on_an_issued_thing_or_after_a_date_keeps_its_source(nlp):
    claims = by_cue(nlp, "Ada Voss released tweets criticizing the harbour fees.")
    assert claims["criticizing"].speaker.text == "Ada Voss"
    claims = by_cue(nlp, "Tom Reed entered Thursday's meeting believing he had the votes.")
    assert claims["believing"].speaker.text == "Tom Reed"


# -- a thing that shows something speaks for itself ------------------------------------------


@pytest.mark.slow
def test_relative_clause_of_an_evidence_verb_is_the_things_own(nlp):
    text = "Ada Voss released her medical records, which showed that she was healthy."
    assert by_cue(nlp, text)["showed"].speaker.text == "her medical records"


@pytest.mark.slow
def test_relative_clause_of_a_speech_verb_on_a_thing_is_its_issuers(nlp):
    text = "The Voss campaign bought ads that attacked Tom Reed as a crook."
    assert by_cue(nlp, text)["attacked"].speaker.text == "The Voss campaign"


# -- a speaker's conjuncts are coordinated with it, not inside a clause describing it -----------


@pytest.mark.slow
def test_speaker_span_stops_before_a_relative_clause_with_a_coordination(nlp):
    text = "Officials who visited Halifax and Boston last week warned that the pier would fall."
    assert by_cue(nlp, text)["warned"].speaker.text == "Officials"
    text = "The mayor, who met Ada Voss and Tom Reed on Monday, said the pier would fall."
    assert by_cue(nlp, text)["said"].speaker.text == "The mayor"


@pytest.mark.slow
def test_coordinated_speakers_stay_whole(nlp):
    text = "Ada Voss of Halifax and Tom Reed of Boston said the pier was unsafe."
    assert by_cue(nlp, text)["said"].speaker.text == "Ada Voss of Halifax and Tom Reed of Boston"
    text = "Ada Voss, the mayor, and Tom Reed said the pier was unsafe."
    assert by_cue(nlp, text)["said"].speaker.text == "Ada Voss, the mayor, and Tom Reed"


# -- a to-infinitive describing the object of a verb: that verb's subject speaks ----------------


@pytest.mark.slow
def test_infinitive_on_the_object_of_a_verb_takes_its_subject(nlp):
    text = "The firms are taking pains to say they are not endorsing Ada Voss."
    assert by_cue(nlp, text)["say"].speaker.text == "The firms"


@pytest.mark.slow
def test_infinitive_on_an_object_after_a_dative_takes_the_dative(nlp):
    text = "The board gave Ada Voss a chance to explain why the pier fell."
    assert by_cue(nlp, text)["explain"].speaker.text == "Ada Voss"


def test_infinitive_with_a_noun_phrase_content_gets_no_host():
    # "Tom has a chance to show the plans": no reported clause, so no source from "has"
    from margin.analysis.claims_hosts import noun_infinitive_host

    words = ["Tom", "has", "a", "chance", "to", "show", "the", "plans"]
    heads = [1, 1, 3, 1, 5, 3, 7, 5]
    deps = ["nsubj", "ROOT", "det", "dobj", "aux", "acl", "det", "dobj"]
    tags = ["NNP", "VBZ", "DT", "NN", "TO", "VB", "DT", "NNS"]
    doc = parsed_doc(words, heads, deps, tags, (0, 1))
    assert noun_infinitive_host(doc[5]) is None
    words[6:] = ["that", "plans"]
    deps[6:] = ["mark", "ccomp"]
    tags[6:] = ["IN", "VBZ"]
    heads[6:] = [7, 5]
    doc = parsed_doc(words, heads, deps, tags, (0, 1))
    assert noun_infinitive_host(doc[5]).text == "has"


# -- a description named after a person or organisation points back to no one ------------------


@pytest.mark.slow
def test_description_named_after_a_person_is_not_resolved(nlp):
    text = "The Harbour Trust met on Monday. The Reed campaign said that the pier was unsafe."
    speaker = by_cue(nlp, text)["said"].speaker
    assert speaker.text == "The Reed campaign"
    assert speaker.original is None


@pytest.mark.slow
def test_description_named_after_a_place_still_points_back(nlp):
    text = (
        "Senator Tom Reed met the board on Monday. The Vermont senator said that the pier "
        "was unsafe."
    )
    speaker = by_cue(nlp, text)["said"].speaker
    assert speaker.text == "Tom Reed"
    assert speaker.original.text == "The Vermont senator"
