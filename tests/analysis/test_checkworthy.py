"""The learned check-worthiness score: its weights file, its arithmetic, its ranking, the
assertion threshold recorded beside it, and a clear error for a broken weights file."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import margin.analysis
from margin.analysis import checkworthy
from margin.analysis.checkworthy import (
    ASSERTION_THRESHOLD,
    BLOCKS,
    CheckworthyModel,
    load_model,
    read_model,
    save_model,
    score_sentence,
    score_sentences,
)
from margin.analysis.checkworthy_features import DENSE_NAMES, char_terms, sentence_parts
from margin.analysis.claims_link import BlockRecord, Linker
from margin.analysis.cues import load_lexicon
from margin.errors import ModelError

PACKAGE = Path(margin.analysis.__file__).parent

CHECKABLE = [
    "Unemployment in Ohio fell to 4.1 percent in March, the lowest rate since 2001.",
    "The city council approved a $48 million budget for the new bridge last year.",
    "Exports to China rose by 12 percent in 2019, according to the trade ministry.",
]
NOT_CHECKABLE = [
    "Good evening and welcome, everyone.",
    "What do you think we should do about it?",
    "I just feel that we deserve better than this.",
    "Thank you so much, it is wonderful to be here tonight!",
]


@pytest.fixture
def fresh_model():
    """``load_model`` reads the weights file again in the test, and again after it."""
    load_model.cache_clear()
    yield
    load_model.cache_clear()


def test_weights_file_loads_with_every_block() -> None:
    model = load_model()
    for name in BLOCKS:
        assert len(model.index[name]) > 100
    columns = sum(len(model.index[name]) for name in BLOCKS)
    assert len(model.idf) == len(model.coef) == len(model.block) == columns
    assert len(model.dense_coef) == len(DENSE_NAMES)


def test_weights_file_is_small() -> None:
    assert (PACKAGE / checkworthy.MODEL_FILE).stat().st_size < 1_000_000


def test_threshold_is_the_one_recorded_beside_the_weights() -> None:
    recorded = json.loads((PACKAGE / checkworthy.META_FILE).read_text(encoding="utf-8"))
    assert recorded["threshold"] == ASSERTION_THRESHOLD
    assert 0.0 < ASSERTION_THRESHOLD < 1.0
    assert recorded["dense"] == list(DENSE_NAMES)
    assert "ClaimBuster" in recorded["trained_on"]


def test_linker_makes_assertions_at_the_threshold_and_not_below() -> None:
    text = "First sentence here. Second sentence here."
    sentences = [(0, 20), (21, len(text))]
    scores = [ASSERTION_THRESHOLD - 1e-6, ASSERTION_THRESHOLD]
    claims = Linker(text, []).link([BlockRecord(sentences, [], [], scores, frozenset())])
    assert [(c.kind, c.content.text, c.score) for c in claims] == [
        ("assertion", "Second sentence here.", ASSERTION_THRESHOLD)
    ]


def test_attribution_file_names_claimbuster_and_its_licence() -> None:
    text = (PACKAGE / "checkworthy_model.txt").read_text(encoding="utf-8")
    assert "Arslan" in text and "CC BY 4.0" in text and "10.5281/zenodo.3609356" in text


def test_char_terms_are_padded_word_ngrams() -> None:
    assert char_terms("Hi") == [" h", "hi", "i ", " hi", "hi ", " hi "]
    assert char_terms("a  B") == [" a", "a ", " a ", " b", "b ", " b "]


def _bare_doc(words: list[str]):
    """A Doc of these words with English lexical attributes but no tags, parse or entities."""
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words)


def test_word_terms_write_numbers_as_one_term_and_add_bigrams() -> None:
    sent = _bare_doc(["Prices", "rose", "5", "%"])[:]
    assert sentence_parts(sent, load_lexicon()).words == [
        "prices",
        "rose",
        "<num>",
        "%",
        "prices rose",
        "rose <num>",
        "<num> %",
    ]


def _words_only_model(tmp_path: Path) -> CheckworthyModel:
    empty: tuple[list[str], list[float], list[float]] = ([], [], [])
    blocks = {name: empty for name in BLOCKS}
    blocks["words"] = (["rose", "<num>", "fell"], [1.0, 2.0, 3.0], [1.0, 0.5, -4.0])
    path = tmp_path / "m.npz"
    save_model(str(path), blocks, [0.0] * len(DENSE_NAMES), -0.25)
    return read_model(path)


def test_saved_model_scores_unit_length_tfidf_dot_product(tmp_path: Path) -> None:
    """A hand-made weights file: the score is the logistic of the weights' dot product with
    the block's unit-length (1 + log count) * idf vector; unknown terms count for nothing."""
    model = _words_only_model(tmp_path)
    sent = _bare_doc(["Prices", "rose", "and", "rose", "7"])[:]
    rose = (1 + math.log(2)) * 1.0
    num = 1.0 * 2.0
    z = -0.25 + (rose * 1.0 + num * 0.5) / math.hypot(rose, num)
    assert model.score(sent, load_lexicon()) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-6)
    nothing_known = _bare_doc(["Hello", "there"])[:]
    assert model.score(nothing_known, load_lexicon()) == pytest.approx(1 / (1 + math.exp(0.25)))


def test_scoring_together_equals_scoring_one_by_one(tmp_path: Path) -> None:
    model = _words_only_model(tmp_path)
    doc = _bare_doc(["Prices", "rose", "7", "and", "fell", "fell", "rose", "."])
    sents = [doc[0:3], doc[3:6], doc[6:8], doc[2:3]]
    lexicon = load_lexicon()
    assert model.scores(sents, lexicon) == pytest.approx([model.score(s, lexicon) for s in sents])


def test_save_model_refuses_a_term_with_a_line_break(tmp_path: Path) -> None:
    blocks = {name: (["a\nb"], [1.0], [1.0]) for name in BLOCKS}
    with pytest.raises(ValueError):
        save_model(str(tmp_path / "m.npz"), blocks, [0.0] * len(DENSE_NAMES), 0.0)


def test_missing_weights_file_is_one_clear_model_error(tmp_path: Path, monkeypatch, fresh_model):
    monkeypatch.setattr(checkworthy, "model_path", lambda: tmp_path / "gone.npz")
    with pytest.raises(ModelError, match=r"check-worthiness weights .*gone\.npz: missing"):
        load_model()


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"not a weights file\n" * 10),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: np.savez(p, words_terms=np.zeros(3, dtype=np.uint8)),
    ],
    ids=["garbage", "truncated", "arrays-missing"],
)
def test_corrupt_weights_file_is_one_clear_model_error(
    tmp_path: Path, monkeypatch, fresh_model, damage
) -> None:
    path = tmp_path / "m.npz"
    path.write_bytes((PACKAGE / checkworthy.MODEL_FILE).read_bytes())
    damage(path)
    monkeypatch.setattr(checkworthy, "model_path", lambda: path)
    with pytest.raises(ModelError, match=r"check-worthiness weights .*unreadable") as info:
        load_model()
    assert "\n" not in str(info.value)


def test_weights_that_are_not_numbers_are_refused(tmp_path: Path) -> None:
    blocks = {name: (["a"], [1.0], [float("nan")]) for name in BLOCKS}
    path = tmp_path / "m.npz"
    save_model(str(path), blocks, [0.0] * len(DENSE_NAMES), 0.0)
    with pytest.raises(ModelError, match="not a finite number"):
        read_model(path)


@pytest.mark.slow
def test_scores_are_probabilities(nlp) -> None:
    lexicon = load_lexicon()
    for doc in nlp.pipe([*CHECKABLE, *NOT_CHECKABLE, "Yes.", "", "7 7 7 7 7 7 7 7"]):
        for sent in doc.sents:
            assert 0.0 <= score_sentence(sent, lexicon) <= 1.0


@pytest.mark.slow
def test_factual_reports_outrank_greetings_questions_and_opinions(nlp) -> None:
    lexicon = load_lexicon()
    docs = list(nlp.pipe([*CHECKABLE, *NOT_CHECKABLE]))
    scores = score_sentences([d[:] for d in docs], lexicon)
    checkable, other = scores[: len(CHECKABLE)], scores[len(CHECKABLE) :]
    assert min(checkable) >= ASSERTION_THRESHOLD > max(other)
