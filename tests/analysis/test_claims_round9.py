"""Round 9 of the claim rules (issue 13), on sentences written for these tests: the speaker
of a participle hung on the wrong clause, of a cue set off inside its content, and of a
subjectless cue after a set-off name and an adverb."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, claims_of, parsed_doc

from margin.analysis.claims_hosts import past_dateline
from margin.analysis.claims_sources import (
    interposed_speaker,
    participle_host,
    set_off_name,
)

# -- a participle the parse hung on a clause it cannot share a subject with -------------------


@pytest.mark.slow
def test_participle_coordinated_with_a_finite_verb_takes_the_participle_above(nlp):
    text = (
        "She praised the crew on Tuesday, telling the council that the pier is unsafe and "
        "questioning how the board has ignored it."
    )
    claims = by_cue(nlp, text)
    assert claims["questioning"].speaker.text == "She"
    assert claims["questioning"].content.text == "how the board has ignored it"
    assert claims["telling"].content.text == "that the pier is unsafe"


@pytest.mark.slow
def test_participle_after_a_closing_quotation_belongs_to_the_reporting_clause(nlp):
    text = (
        'Ada Voss told the Gazette that Tom Reed "had a foolish plan for the pier," adding, '
        '"He lost the trust of every fisherman in the town."'
    )
    claims = by_cue(nlp, text)
    assert claims["adding"].speaker.text == "Ada Voss"
    assert "adding" not in claims["told"].content.text


def test_participle_after_a_content_clause_without_quotation_stays_there():
    # "X said the board had met, saying ...": no quotation closes the content clause, so the
    # participle keeps the clause it hangs on
    words = ["Ada", "said", "the", "board", "had", "met", ",", "saying", "it", "was", "safe"]
    heads = [1, 1, 3, 5, 5, 1, 5, 5, 9, 7, 9]
    deps = [
        "nsubj",
        "ROOT",
        "det",
        "nsubj",
        "aux",
        "ccomp",
        "punct",
        "advcl",
        "nsubj",
        "ccomp",
        "acomp",
    ]
    tags = ["NNP", "VBD", "DT", "NN", "VBD", "VBN", ",", "VBG", "PRP", "VBD", "JJ"]
    doc = parsed_doc(words, heads, deps, tags, (0, 1))
    assert participle_host(doc[7]) is None


def test_participle_coordinated_with_a_participle_has_no_other_host():
    words = ["Ada", "left", ",", "telling", "them", "and", "asking", "why"]
    heads = [1, 1, 1, 1, 3, 3, 3, 6]
    deps = ["nsubj", "ROOT", "punct", "advcl", "dobj", "cc", "conj", "advmod"]
    tags = ["NNP", "VBD", ",", "VBG", "PRP", "CC", "VBG", "WRB"]
    doc = parsed_doc(words, heads, deps, tags, (0, 1))
    assert participle_host(doc[6]) is None


# -- a cue set off inside its content, the speaker after it ------------------------------------


@pytest.mark.slow
def test_interposed_cue_takes_the_name_after_it(nlp):
    text = (
        "Any clear reading of the plan, said Tom Reed, an expert on harbours at the city "
        "college, would show that the pier is failing."
    )
    claim = by_cue(nlp, text)["said"]
    assert claim.speaker.text == "Tom Reed"


def test_interposed_cue_needs_a_source_after_it():
    from margin.analysis.cues import load_lexicon

    # "The plan, said on Monday, their report, would fail": the clause's subject after the
    # cue is a thing, not a speaker
    words = ["The", "plan", ",", "said", "their", "report", ",", "would", "fail"]
    heads = [1, 3, 3, 3, 5, 8, 5, 8, 3]
    deps = ["det", "nsubj", "punct", "ROOT", "poss", "nsubj", "punct", "aux", "ccomp"]
    tags = ["DT", "NN", ",", "VBD", "PRP$", "NN", ",", "MD", "VB"]
    doc = parsed_doc(words, heads, deps, tags, (0, 0))
    assert interposed_speaker(doc[3], 3, doc[1], load_lexicon()) is None
    doc = parsed_doc(
        ["The", "plan", ",", "said", "Tom", "Reed", ",", "would", "fail"],
        heads,
        ["det", "nsubj", "punct", "ROOT", "compound", "nsubj", "punct", "aux", "ccomp"],
        ["DT", "NN", ",", "VBD", "NNP", "NNP", ",", "MD", "VB"],
        (4, 6),
    )
    assert interposed_speaker(doc[3], 3, doc[1], load_lexicon()).text == "Reed"


# -- a set-off name before an adverb and a subjectless cue -------------------------------------


def test_set_off_name_skips_an_adverb_before_the_cue():
    # "Many were wary, but the chief, Tom Reed, bluntly suggested that ..." parsed with no
    # subject on the cue (as the small model does in context)
    words = [
        "Many",
        "were",
        "wary",
        ",",
        "but",
        "the",
        "chief",
        ",",
        "Tom",
        "Reed",
        ",",
        "bluntly",
        "suggested",
        "that",
        "it",
        "was",
        "an",
        "act",
        ".",
    ]
    heads = [1, 1, 1, 1, 1, 6, 1, 6, 9, 6, 6, 12, 1, 15, 15, 12, 17, 15, 1]
    deps = [
        "nsubj",
        "ROOT",
        "acomp",
        "punct",
        "cc",
        "det",
        "conj",
        "punct",
        "compound",
        "appos",
        "punct",
        "advmod",
        "conj",
        "mark",
        "nsubj",
        "ccomp",
        "det",
        "attr",
        "punct",
    ]
    tags = [
        "NNS",
        "VBD",
        "JJ",
        ",",
        "CC",
        "DT",
        "NN",
        ",",
        "NNP",
        "NNP",
        ",",
        "RB",
        "VBD",
        "IN",
        "PRP",
        "VBD",
        "DT",
        "NN",
        ".",
    ]
    doc = parsed_doc(words, heads, deps, tags, (8, 10))
    found = set_off_name(doc[12], doc[0:19])
    assert found is not None and found.text == "Reed"


def test_set_off_name_needs_a_comma_before_the_adverb():
    words = [
        "The",
        "chief",
        "Tom",
        "Reed",
        "bluntly",
        "suggested",
        "that",
        "it",
        "was",
        "an",
        "act",
        ".",
    ]
    heads = [1, 5, 3, 1, 5, 5, 8, 8, 5, 10, 8, 5]
    deps = [
        "det",
        "dep",
        "compound",
        "appos",
        "advmod",
        "ROOT",
        "mark",
        "nsubj",
        "ccomp",
        "det",
        "attr",
        "punct",
    ]
    tags = ["DT", "NN", "NNP", "NNP", "RB", "VBD", "IN", "PRP", "VBD", "DT", "NN", "."]
    doc = parsed_doc(words, heads, deps, tags, (2, 4))
    assert set_off_name(doc[5], doc[0:12]) is None


# -- a participle right after a postposed cue clause -------------------------------------------


def test_participle_after_a_postposed_cue_belongs_to_it():
    # '"Too much hate," she said, blaming him': the parse hung "blaming" on the quotation
    words = ['"', "Too", "much", "hate", ",", '"', "she", "said", ",", "blaming", "him"]
    heads = [7, 2, 3, 7, 7, 7, 7, 7, 7, 3, 9]
    deps = [
        "punct",
        "advmod",
        "amod",
        "ccomp",
        "punct",
        "punct",
        "nsubj",
        "ROOT",
        "punct",
        "advcl",
        "dobj",
    ]
    tags = ["``", "RB", "JJ", "NN", ",", "''", "PRP", "VBD", ",", "VBG", "PRP"]
    doc = parsed_doc(words, heads, deps, tags, (0, 0))
    host = participle_host(doc[9])
    assert host is not None and host.text == "said"


def test_participle_after_a_content_clause_is_no_postposed_cue():
    # "He said the city grew, adding jobs": "the city grew" is not a cue clause set off
    words = ["He", "said", "the", "city", "grew", ",", "adding", "jobs"]
    heads = [1, 1, 3, 4, 1, 4, 1, 6]
    deps = ["nsubj", "ROOT", "det", "nsubj", "ccomp", "punct", "advcl", "dobj"]
    tags = ["PRP", "VBD", "DT", "NN", "VBD", ",", "VBG", "NNS"]
    doc = parsed_doc(words, heads, deps, tags, (0, 0))
    assert participle_host(doc[6]) is None


# -- a thing before a to-infinitive does not speak ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ada Voss used the meeting to demand that the pier be closed.",
        "Ada Voss used a harsh word to describe the harbour board.",
    ],
)
@pytest.mark.slow
def test_thing_object_of_the_verb_before_an_infinitive_is_no_speaker(nlp, text):
    claims = [c for c in claims_of(nlp, text) if c.cue]
    assert claims and all(c.speaker.text == "Ada Voss" for c in claims)


@pytest.mark.slow
def test_people_object_of_the_verb_before_an_infinitive_stays_the_speaker(nlp):
    text = "The delay led the fishermen to demand that the pier be closed."
    claim = by_cue(nlp, text)["demand"]
    assert claim.speaker.text == "the fishermen"


# -- a dateline the parse made the subject ------------------------------------------------------


def test_dateline_subject_gives_way_to_the_phrase_after_its_dash():
    # "BRISTOL, May 3 — Ada Voss told them", parsed as the small model does in context
    words = ["BRISTOL", ",", "May", "3", "—", "Ada", "Voss", "told", "them"]
    heads = [7, 0, 0, 2, 0, 6, 0, 7, 7]
    deps = ["nsubj", "punct", "npadvmod", "nummod", "punct", "compound", "appos", "ROOT", "dobj"]
    tags = ["NNP", ",", "NNP", "CD", ":", "NNP", "NNP", "VBD", "PRP"]
    doc = parsed_doc(words, heads, deps, tags, (5, 7))
    assert past_dateline(doc[0]).text == "Voss"


def test_upper_case_name_with_an_apposition_is_no_dateline():
    words = ["ACME", ",", "the", "firm", ",", "told", "them"]
    heads = [5, 0, 3, 0, 0, 5, 5]
    deps = ["nsubj", "punct", "det", "appos", "punct", "ROOT", "dobj"]
    tags = ["NNP", ",", "DT", "NN", ",", "VBD", "PRP"]
    doc = parsed_doc(words, heads, deps, tags, (0, 0))
    assert past_dateline(doc[0]).text == "ACME"


def test_set_off_name_may_open_after_a_closing_quotation_mark():
    # '"We lost," Tom Reed, in a hat, said': the parse gave "said" no subject
    words = ['"', "We", "lost", ",", '"', "Tom", "Reed", ",", "in", "a", "hat", ",", "said"]
    heads = [12, 2, 12, 12, 12, 6, 12, 6, 6, 10, 8, 12, 12]
    deps = [
        "punct",
        "nsubj",
        "ccomp",
        "punct",
        "punct",
        "compound",
        "dep",
        "punct",
        "prep",
        "det",
        "pobj",
        "punct",
        "ROOT",
    ]
    tags = ["``", "PRP", "VBD", ",", "''", "NNP", "NNP", ",", "IN", "DT", "NN", ",", "VBD"]
    doc = parsed_doc(words, heads, deps, tags, (5, 7))
    found = set_off_name(doc[12], doc[0:13])
    assert found is not None and found.text == "Reed"
