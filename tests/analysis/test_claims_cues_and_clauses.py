"""Third round of claim rules, on sentences written for these tests: postposed cues over
coordinated clauses, inverted subjects, clausal complements the parse mistook for adverbial
clauses, and the wider cue lexicon."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, claims_of

pytestmark = pytest.mark.slow


# -- postposed cues over coordinated clauses ------------------------------------------------


def test_postposed_speech_cue_takes_both_coordinated_clauses(nlp):
    text = (
        "Mara Quill had asked the council to delay the vote, but the chairman refused that "
        "request, Lena Ortiz added.\n\n"
    )
    c = by_cue(nlp, text)["added"]
    assert c.speaker is not None and c.speaker.text == "Lena Ortiz"
    assert c.content.text.startswith("Mara Quill had asked")
    assert c.content.text.endswith("refused that request")


def test_postposed_evidence_cue_keeps_to_its_own_clause(nlp):
    text = (
        "Mara Quill had asked the council to delay the vote, but the chairman refused that "
        "request, the records showed.\n\n"
    )
    c = by_cue(nlp, text)["showed"]
    assert not c.content.text.startswith("Mara Quill")


# -- inverted subjects ----------------------------------------------------------------------


def _built_doc(nlp, rows: list[tuple[str, str, int, str, str]]):
    """A Doc with a parse given by hand: (word, tag, head index, dep, entity IOB)."""
    from spacy.tokens import Doc

    words = [r[0] for r in rows]
    spaces = [True] * len(rows)
    return Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        tags=[r[1] for r in rows],
        heads=[r[2] for r in rows],
        deps=[r[3] for r in rows],
        ents=[r[4] for r in rows],
    )


# "Cuts hurt," Ortiz, an aide, said on the "Reed Show." — with the parse error the small
# model makes on such sentences: the show's name as the subject of "said".
_MISPARSED = [
    ('"', "``", 2, "punct", "O"),
    ("Cuts", "NNS", 2, "nsubj", "O"),
    ("hurt", "VBD", 10, "ccomp", "O"),
    (",", ",", 2, "punct", "O"),
    ('"', "''", 5, "punct", "O"),
    ("Ortiz", "NNP", 1, "appos", "B-PERSON"),
    (",", ",", 5, "punct", "O"),
    ("an", "DT", 8, "det", "O"),
    ("aide", "NN", 5, "appos", "O"),
    (",", ",", 10, "punct", "O"),
    ("said", "VBD", 10, "ROOT", "O"),
    ("on", "IN", 10, "prep", "O"),
    ("the", "DT", 15, "det", "O"),
    ('"', "``", 15, "punct", "O"),
    ("Reed", "NNP", 15, "compound", "B-ORG"),
    ("Show", "NNP", 10, "nsubj", "I-ORG"),
    (".", ".", 10, "punct", "O"),
    ('"', "''", 10, "punct", "O"),
]


def test_subject_far_after_the_verb_gives_way_to_the_name_before_it(nlp):
    from margin.analysis.claims_sources import inverted_ok, name_before

    doc = _built_doc(nlp, _MISPARSED)
    said = doc[10]
    assert not inverted_ok(said, 10, doc[15])
    named = name_before(said)
    assert named is not None and named.text == "Ortiz"


def test_subject_right_after_the_verb_is_a_true_inversion(nlp):
    from margin.analysis.claims_sources import inverted_ok

    rows = [
        ('"', "``", 2, "punct", "O"),
        ("Cuts", "NNS", 2, "nsubj", "O"),
        ("hurt", "VBD", 5, "ccomp", "O"),
        (",", ",", 2, "punct", "O"),
        ('"', "''", 5, "punct", "O"),
        ("said", "VBD", 5, "ROOT", "O"),
        ("Tuesday", "NNP", 5, "npadvmod", "B-DATE"),
        ("Ortiz", "NNP", 5, "nsubj", "B-PERSON"),
        (".", ".", 5, "punct", "O"),
    ]
    doc = _built_doc(nlp, rows)
    assert inverted_ok(doc[5], 5, doc[7])


def test_misparsed_inverted_subject_end_to_end(nlp):
    from margin.analysis.claims import extract_candidates
    from margin.analysis.cues import load_lexicon

    doc = _built_doc(nlp, _MISPARSED)
    cands = [c for c in extract_candidates(doc, 0, load_lexicon()) if c.speaker is not None]
    text = doc.text
    assert any(text[c.speaker.start : c.speaker.end] == "Ortiz" for c in cands)
    assert not any("Show" in text[c.speaker.start : c.speaker.end] for c in cands)


# -- wider lexicon: Levin's say, manner-of-speaking and judgement verbs -----------------------


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("Ortiz confided that the budget would be late.", "confided", "Ortiz"),
        ("The senator growled that the vote was rigged.", "growled", "The senator"),
        (
            "The appeals court overruled the judge's decision that the plant could open.",
            "overruled",
            "The appeals court",
        ),
        ("The mayor censured the chief for the delays.", "censured", "The mayor"),
        ("“No entry after dark,” the sign read.", "read", "the sign"),
    ],
)
def test_general_reporting_and_judgement_verbs_are_cues(nlp, text, cue, speaker):
    c = by_cue(nlp, text)[cue]
    assert c.speaker is not None and c.speaker.text == speaker


def test_reading_a_document_is_not_a_claim(nlp):
    assert claims_of(nlp, "Ortiz read the report on the train.") == []


# -- clausal complements parsed as adverbial clauses -----------------------------------------


def test_speech_verb_takes_a_subordinate_clause_without_conjunction(nlp):
    text = "Trask said after the hearing he would not accept the panel's offer if it came."
    c = by_cue(nlp, text)["said"]
    assert c.speaker is not None and c.speaker.text == "Trask"
    assert "he would not accept the panel's offer" in c.content.text


def test_speech_verb_with_a_temporal_clause_only_is_not_a_claim(nlp):
    assert claims_of(nlp, "Ortiz spoke for an hour before she left.") == []


# -- participles whose sentence opens with a name the parse mistook ---------------------------

# "Trask openly admires Lars Holm, comparing him to Ortiz." with the small model's error:
# "Trask" read as an imperative verb heading the sentence.
_OPENING_NAME = [
    ("Trask", "VB", 0, "ROOT", "O"),
    ("openly", "RB", 2, "advmod", "O"),
    ("admires", "VBZ", 0, "dobj", "O"),
    ("Lars", "NNP", 4, "compound", "B-PERSON"),
    ("Holm", "NNP", 2, "dobj", "I-PERSON"),
    (",", ",", 2, "punct", "O"),
    ("comparing", "VBG", 0, "advcl", "O"),
    ("him", "PRP", 6, "dobj", "O"),
    ("to", "IN", 6, "prep", "O"),
    ("Ortiz", "NNP", 8, "pobj", "B-PERSON"),
    (".", ".", 0, "punct", "O"),
]


def test_participle_speaks_for_the_name_opening_the_sentence(nlp):
    from margin.analysis.claims_sources import sentence_subject
    from margin.analysis.cues import load_lexicon

    doc = _built_doc(nlp, _OPENING_NAME)
    sent = doc[0 : len(doc)]
    subj = sentence_subject(doc[6], sent, load_lexicon())
    assert subj is not None and subj.text == "Trask"


def test_no_opening_name_when_the_sentence_opens_otherwise(nlp):
    from margin.analysis.claims_sources import opening_name

    rows = [("The", "DT", 1, "det", "O"), *_OPENING_NAME[1:]]
    rows[0] = ("The", "DT", 2, "det", "O")
    doc = _built_doc(nlp, rows)
    assert opening_name(doc[0 : len(doc)], 6) is None


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Ilse Brandt talked briefly about the flooded pumps.",
            "talked briefly about",
            "the flooded pumps",
        ),
        (
            "Ilse Brandt spoke warmly of the old engineers.",
            "spoke warmly of",
            "the old engineers",
        ),
        (
            "The mayor talked at length on Tuesday about the new harbour wall.",
            "talked at length on Tuesday about",
            "the new harbour wall",
        ),
    ],
)
def test_particle_preposition_after_adverbials_still_makes_the_cue(nlp, text, cue, content):
    found = by_cue(nlp, text)
    assert set(found) == {cue}
    assert found[cue].content.text == content


def test_particle_preposition_after_an_object_is_not_the_cues(nlp):
    # "call on" is a cue phrase, but here "on" opens a date after the verb's object
    found = by_cue(nlp, "The mayor called him on Tuesday.")
    assert "called him on" not in found
    assert all(c.content.text != "Tuesday" for c in found.values())


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Asked about the flooded pumps, Ilse Brandt said the council would pay for new ones.",
            "the flooded pumps",
        ),
        ("The mayor was asked about the harbour wall on Tuesday.", "the harbour wall"),
    ],
)
def test_question_put_with_no_asker_takes_its_topic_and_no_source(nlp, text, content):
    c = by_cue(nlp, text)["asked" if "was asked" in text else "Asked"]
    assert c.content.text == content
    assert c.speaker is None


@pytest.mark.parametrize(
    "text",
    [
        "The mayor was asked about the harbour wall by two reporters.",  # the asker is named
        "The mayor has asked about the costs of the harbour wall.",  # an active perfect
    ],
)
def test_question_with_a_named_asker_is_not_a_sourceless_topic(nlp, text):
    claims = claims_of(nlp, text)
    assert all(c.speaker is not None for c in claims if c.kind != "assertion")
    # the topic is the named asker's (round 10: a verb of asking takes its topic)
    asker = "two reporters" if "by" in text else "The mayor"
    assert all(c.speaker.text == asker for c in claims if c.cue and c.cue.text == "asked")
