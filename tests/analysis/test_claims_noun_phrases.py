"""Attributions whose content is a noun phrase, evidentials, and what is not a claim (issue
13, items 2 and 5), on sentences written for these tests. Each rule has positive and
negative cases."""

from __future__ import annotations

import pytest
from claim_helpers import by_cue, claims_of

from margin.analysis.cues import load_lexicon, singular, verb_of_noun

pytestmark = pytest.mark.slow


# -- nouns made from cue verbs (no model needed) ---------------------------------------------


@pytest.mark.parametrize(
    ("noun", "verb"),
    [
        ("support", "support"),
        ("attacks", "attack"),
        ("criticism", "criticize"),
        ("endorsement", "endorse"),
        ("allegations", "allege"),
        ("accusation", "accuse"),
        ("denial", "deny"),
        ("opposition", "oppose"),
        ("assertion", "assert"),
        ("condemnation", "condemn"),
        ("insistence", "insist"),
        ("disclosure", "disclose"),
    ],
)
def test_noun_made_from_a_cue_verb(noun, verb):
    assert verb_of_noun(noun, load_lexicon().verb_tiers.keys()) == verb


@pytest.mark.parametrize("noun", ["nation", "region", "tradition", "table", "river", "motion"])
def test_noun_not_made_from_a_cue_verb(noun):
    assert verb_of_noun(noun, load_lexicon().verb_tiers.keys()) is None


@pytest.mark.parametrize(
    ("plural", "one"),
    [("allegations", "allegation"), ("worries", "worry"), ("speeches", "speech"),
     ("status", "status"), ("analysis", "analysis"), ("press", "press")],
)  # fmt: skip
def test_singular(plural, one):
    assert singular(plural) == one


# -- noun cues with a noun-phrase content --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "speaker", "content"),
    [
        (
            "Senator Hal Obi's complaints about the tunnel project surprised his colleagues.",
            "complaints",
            "Hal Obi",
            "the tunnel project",
        ),
        (
            "Allegations by Nadia Ferro against the harbour board cost the mayor votes.",
            "Allegations",
            "Nadia Ferro",
            "the harbour board",
        ),
        (
            "Questions about the audit followed the treasurer to every meeting.",
            "Questions",
            None,
            "the audit",
        ),
    ],
)
def test_noun_cue_with_a_noun_phrase_content(nlp, text, cue, speaker, content):
    c = by_cue(nlp, text)[cue]
    assert c.content.text == content
    if speaker is None:
        assert c.speaker is None
    else:
        assert c.speaker is not None and c.speaker.text.startswith(speaker)


@pytest.mark.parametrize(
    "text",
    [
        # a bare-verb noun in the singular with an "of" phrase names something else
        "The state of the roads in Ferro County is poor.",
        "The campaign of 1912 was the longest in the county's history.",
        # the subject receives the noun, it does not voice it
        "The ferry plan faced criticism over its cost.",
        # "of", "for", "on": mostly not an attribution (PolNeAR train)
        "An endorsement of the plan would be welcome.",
        "Senator Hal Obi's criticism of the tunnel project surprised nobody.",
        "A request for comment went unanswered.",
    ],
)
def test_noun_phrase_without_an_attribution(nlp, text):
    assert claims_of(nlp, text) == []


# -- verbs with a noun-phrase content ----------------------------------------------------------


def test_evidence_verb_with_a_noun_phrase_content(nlp):
    c = by_cue(nlp, "Recent polls show Ada Voss with a wide lead in the north.")["show"]
    assert c.content.text.startswith("Ada Voss with a wide lead")
    assert c.speaker is not None and c.speaker.text == "Recent polls"


@pytest.mark.parametrize(
    "text",
    [
        # no source at all
        "To assume the presidency at eighty would be unusual.",
        # verbs whose object is mostly not a content
        "The club could not find a new sponsor for the cup.",
        "Dana Lowe hit the ball over the fence twice.",
        "Ada Voss will maintain her lead until the vote.",
    ],
)
def test_verb_object_that_is_no_content(nlp, text):
    assert claims_of(nlp, text) == []


# -- evidentials ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "The council seemed to be losing patience with the contractor.",
            "seemed",
            "The council seemed to be losing patience with the contractor",
        ),
        (
            "It appears that the pumps were never serviced.",
            "appears",
            "that the pumps were never serviced",
        ),
        (
            "The contractor reportedly missed three deadlines last year.",
            "reportedly",
            "The contractor reportedly missed three deadlines last year",
        ),
    ],
)
def test_evidential_is_a_claim_without_a_source(nlp, text, cue, content):
    c = by_cue(nlp, text)[cue]
    assert c.content.text == content
    assert c.speaker is None


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The mayor appeared on the evening news.", None),
        ("She appeared to imply that the vote was rigged.", "imply"),
        ("Ida Kay reportedly said the pier would close.", "said"),
        ("Ada Voss seems confident that the levy will pass.", "confident"),
    ],
)
def test_evidential_gives_way_or_is_no_claim(nlp, text, cue):
    cues = set(by_cue(nlp, text))
    assert cues == ({cue} if cue else set())


# -- verbs outside the lexicon with a that-clause -------------------------------------------------


def test_unlisted_verb_with_that_clause_and_a_source(nlp):
    c = by_cue(nlp, "Marta Quill intimated that the numbers had been wrong for years.")["intimated"]
    assert c.speaker is not None and c.speaker.text == "Marta Quill"
    assert c.content.text == "that the numbers had been wrong for years"


@pytest.mark.parametrize(
    "text",
    [
        "The problem is that the pumps are old.",
        "We gambled that the pumps would last another winter.",
    ],
)
def test_that_clause_without_a_source_is_no_claim(nlp, text):
    assert claims_of(nlp, text) == []


# -- short and gerund contents -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Ada Voss endorsed Brandt on Monday.", "endorsed", "Brandt on Monday"),
        ("Nadia Ferro opposes tolls.", "opposes", "tolls"),
        (
            "Ilse Brandt said closing the pier could cost the town its ferry.",
            "said",
            "closing the pier could cost the town its ferry",
        ),
        ("Ada Voss has supported raising the levy.", "supported", "raising the levy"),
    ],
)
def test_short_and_gerund_contents(nlp, text, cue, content):
    assert by_cue(nlp, text)[cue].content.text == content


@pytest.mark.parametrize(
    "text",
    [
        # a pronoun object alone is no content
        "Ada Voss endorsed him.",
        # a verb of saying with a recipient only (*said little about X* is an attribution
        # in PolNeAR: tests/analysis/test_claims_reparse.py)
        "Ilse Brandt told reporters on Monday.",
    ],
)
def test_no_short_content(nlp, text):
    assert claims_of(nlp, text) == []


# -- passives with no agent ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("The ferry plan was widely praised in the town.", "praised", "The ferry plan"),
        ("The levy was widely criticized last year.", "criticized", "The levy"),
    ],
)
def test_passive_without_agent_is_a_claim_without_a_source(nlp, text, cue, content):
    c = by_cue(nlp, text)[cue]
    assert content in c.content.text
    assert c.speaker is None


def test_passive_of_a_verb_that_takes_no_content_is_no_claim(nlp):
    assert claims_of(nlp, "The ferry was found near the pier.") == []


# -- where a noun cue's source is --------------------------------------------------------------


def test_statement_named_in_the_cue_clause_speaks_for_the_subject(nlp):
    text = "The harbour board said in a statement that the pier would reopen in May."
    found = claims_of(nlp, text)
    assert len(found) == 1
    c = found[0]
    assert c.speaker is not None and c.speaker.text == "The harbour board"
    assert c.content.text == "that the pier would reopen in May"


def test_subordinate_cue_takes_no_content_before_it(nlp):
    text = "Ilse Brandt is hopeful about the vote, in part because she sees Voss as an ally."
    for c in claims_of(nlp, text):
        assert not (c.cue and c.cue.text == "sees" and "hopeful" in c.content.text)
