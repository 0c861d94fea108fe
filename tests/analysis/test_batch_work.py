"""What a batch worker runs: articles parsed together give exactly what each gives alone."""

from __future__ import annotations

import pytest
from batch_helpers import story

import margin.analysis.batch_work as batch_work
from margin.analysis.engine import analyze
from margin.analysis.pipeline import resolve_model_name

pytestmark = pytest.mark.slow

SHARED = "Readers can write to the newsroom at the address below.\n\n"


@pytest.mark.parametrize("group_chars", [batch_work.GROUP_CHARS, 1_500])
def test_chunk_equals_each_article_alone(nlp, monkeypatch, group_chars):
    """Blocks of several articles in one nlp.pipe (a paragraph shared by two of them among
    them), in groups of any size: each analysis is the one the article gets alone."""
    monkeypatch.setattr(batch_work, "GROUP_CHARS", group_chars)
    shared_parses: list[int] = []
    real_together = batch_work._parse_together

    def spying(group, nlp):  # type: ignore[no-untyped-def]
        parsed = real_together(group, nlp)
        if isinstance(parsed, batch_work._Parsed):
            shared_parses.append(len(group))
        return parsed

    monkeypatch.setattr(batch_work, "_parse_together", spying)
    texts = [story(n) + SHARED for n in range(3)] + [story(3), story(4) * 3, "Short one."]
    result = batch_work.analyze_chunk(texts, resolve_model_name(None))
    assert shared_parses and max(shared_parses) >= 2  # articles were parsed together
    assert result.errors == [None] * len(texts)
    for text, got in zip(texts, result.analyses, strict=True):
        assert got is not None
        assert got.to_dict() == analyze(text, nlp).to_dict()


def test_one_failing_article_does_not_lose_the_others(nlp, monkeypatch):
    import margin.analysis.engine as engine

    real = engine.analyze

    def fragile(text, nlp, **kw):  # type: ignore[no-untyped-def]
        if "BREAK" in text:
            raise ValueError("boom")
        return real(text, nlp, **kw)

    monkeypatch.setattr(engine, "analyze", fragile)
    texts = [story(1), "BREAK " + story(2), story(3)]
    result = batch_work.analyze_chunk(texts, resolve_model_name(None))
    assert result.errors == [None, "analysis failed: ValueError: boom", None]
    assert result.analyses[0] is not None and result.analyses[2] is not None
    assert result.analyses[1] is None
