"""Round 15 of the claim rules (issue 13, branch claims15s, segmentation), on sentences
written for these tests: where a content begins and ends around its cue clause."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, parsed_doc

from margin.analysis.claims import extract_candidates
from margin.analysis.cues import load_lexicon

# -- a content goes on after a postposed cue clause set off by commas (resumes_after_cue) --


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "There is no chance of a delay, officials in both towns insist, because the new "
            "bridge was finished early.",
            "insist",
            "There is no chance of a delay, officials in both towns insist, because the new "
            "bridge was finished early",
        ),
        (
            "The tunnel would be paid for, the minister said, by a toll on every lorry.",
            "said",
            "The tunnel would be paid for, the minister said, by a toll on every lorry",
        ),
        (
            "The pilot had no known debts, the company added, and had passed every medical check.",
            "added",
            "The pilot had no known debts, the company added, and had passed every medical check",
        ),
    ],
)
def test_content_goes_on_after_a_postposed_cue_clause(nlp, text, cue, content):
    assert by_cue(nlp, text)[cue].content.text == content


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "content"),
    [
        # a quotation's cue clause: what follows it is the narrative's
        (
            "“The plan is sound,” she said, before leaving the hall with her aides.",
            "“The plan is sound,”",
        ),
        # no comma after the cue clause
        ("The ferry is safe, the mayor said on Monday.", "The ferry is safe"),
    ],
)
def test_content_stops_at_a_quotations_cue_clause_or_its_end(nlp, text, content):
    assert by_cue(nlp, text)["said"].content.text == content


# -- a content ending before a pair of dashes takes in what they set off (past_dashes) -----


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The council picked Ada Voss as its new chair, a woman who believes a small "
            "harbour – even in winter – needs a full-time pilot and can be run at a profit.",
            "believes",
            "a small harbour – even in winter – needs a full-time pilot and can be run at a profit",
        ),
        (
            "The mayor long supported raising the ferry fare - at one point, as much as "
            "twofold - but has since changed her mind.",
            "supported",
            "raising the ferry fare - at one point, as much as twofold",
        ),
    ],
)
def test_content_goes_on_over_a_pair_of_dashes(nlp, text, cue, content):
    assert by_cue(nlp, text)[cue].content.text == content


@pytest.mark.slow
def test_content_stops_before_dashes_round_a_clause_of_its_own(nlp):
    text = "He wants to close the pier — it is falling apart — before the storms come."
    assert by_cue(nlp, text)["wants"].content.text == "to close the pier"


# -- a quotation does not go on over a cue whose clause opens the next quotation ------------
# -- (Linker: introduced_between)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "“We are going to keep the pier open,” Ada Voss said at the meeting. But she "
            "added, “We cannot pay for it forever.”",
            "added",
        ),
        (
            "“The ferry will run all winter,” the captain said, adding, “We have never missed "
            "a crossing.”",
            "adding",
        ),
    ],
)
def test_quotation_stops_before_a_cue_that_opens_the_next_one(nlp, text, second):
    claims = by_cue(nlp, text)
    first, rest = text.split("” ", 1)
    assert claims["said"].content.text == first + "”"
    assert claims[second].content.text == "“" + rest.split("“", 1)[1]


@pytest.mark.slow
def test_quotation_goes_on_after_its_cue_sentence_with_no_cue_between(nlp):
    text = "“The ferry will run all winter,” the captain said. “We have never missed a crossing.”"
    assert by_cue(nlp, text)["said"].content.text == text


# -- a content that opens a quotation goes on to the quotation's end (Linker._close_quotes) --


@pytest.mark.slow
def test_content_opening_a_quotation_goes_on_to_its_end(nlp):
    text = (
        "Ada Voss praised the harbour plan, saying that visitors "
        '"love the new pier. We have never had so many."'
    )
    assert by_cue(nlp, text)["saying"].content.text == (
        'that visitors "love the new pier. We have never had so many."'
    )


@pytest.mark.slow
def test_content_ending_with_its_quotation_stays(nlp):
    text = 'The captain said she had "steady hands," and the crew agreed.'
    assert by_cue(nlp, text)["said"].content.text == 'she had "steady hands,"'


# -- an indirect question coordinated with a noun-phrase content is the content's too -------
# -- (wh_conjunct_end)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The harbour master will come on the show to talk about the ferries and how they "
            "are changing the town's economy and culture.",
            "talk about",
            "the ferries and how they are changing the town's economy and culture",
        ),
        (
            "The mayor quickly pivoted to talking about the pier and how she would repair it "
            "as mayor, but the host brought her back to the budget.",
            "talking about",
            "the pier and how she would repair it as mayor",
        ),
    ],
)
def test_indirect_question_after_and_goes_with_the_object(nlp, text, cue, content):
    assert by_cue(nlp, text)[cue].content.text == content


@pytest.mark.slow
def test_relative_clause_after_and_stays_out_of_the_object(nlp):
    text = "Voters who oppose the toll and who live near the pier will meet on Monday."
    assert by_cue(nlp, text)["oppose"].content.text == "the toll"


# -- a noun-phrase content takes in the rest of a list the parse hung elsewhere (list_end) --


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The council spoke of the decline of the harbour, the loss of jobs and shops for "
            "the young, the slow decay of the old pier.",
            "spoke of",
            "the decline of the harbour, the loss of jobs and shops for the young, the slow "
            "decay of the old pier",
        ),
        (
            "In her speech she touted her plans to invest in the harbour, expand ferry "
            "service, and repair the old pier.",
            "touted",
            "her plans to invest in the harbour, expand ferry service, and repair the old pier",
        ),
    ],
)
def test_object_takes_in_the_rest_of_its_list(nlp, text, cue, content):
    assert by_cue(nlp, text)[cue].content.text == content


@pytest.mark.slow
def test_object_leaves_a_clause_after_the_comma(nlp):
    text = "The mayor praised the captain, and the crew cheered."
    assert by_cue(nlp, text)["praised"].content.text == "the captain"


# -- a content ending on a coordinating conjunction goes on over the phrase after it --------
# -- (past_coordinator), on a hand-made parse: the rule is for a misparse


def _candidates(words, heads, deps, tags):  # type: ignore[no-untyped-def]
    doc = parsed_doc(words, heads, deps, tags, (0, 1))
    return {
        doc.text[c.cue[0] : c.cue[1]]: doc.text[c.content[0] : c.content[1]]
        for c in extract_candidates(doc, 0, load_lexicon())
        if c.content
    }


def test_content_ending_on_a_conjunction_takes_the_next_conjunct():
    # "filings" hung on "wants", "or" left at the end of the infinitive's object
    words = ["Ada", "wants", "to", "read", "reports", "or", "the", "latest", "filings", "."]
    heads = [1, 1, 3, 1, 3, 4, 8, 8, 1, 1]
    deps = ["nsubj", "ROOT", "aux", "xcomp", "dobj", "cc", "det", "amod", "conj", "punct"]
    tags = ["NNP", "VBZ", "TO", "VB", "NNS", "CC", "DT", "JJS", "NNS", "."]
    assert _candidates(words, heads, deps, tags)["wants"] == "to read reports or the latest filings"


@pytest.mark.slow
def test_content_with_a_conjunction_inside_stays(nlp):
    text = "The mayor said the pier would reopen in May and the ferry would follow."
    assert by_cue(nlp, text)["said"].content.text == (
        "the pier would reopen in May and the ferry would follow"
    )
