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
        for parsed in real_together(group, nlp):
            if isinstance(parsed, batch_work._Parsed):
                shared_parses.append(len(group))
            yield parsed

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


def test_each_article_is_analysed_as_soon_as_its_blocks_are_parsed(nlp, monkeypatch):
    """The group's docs are not all held until the last is parsed: when the first article is
    analysed, only its own blocks have come out of the shared ``nlp.pipe``."""
    import margin.analysis.engine as engine
    import margin.analysis.pipeline as pipeline

    texts = [story(n) for n in range(3)]
    real_pipe = nlp.pipe
    handed: list[int] = []
    seen: list[int] = []

    def counting_pipe(blocks, **kwargs):  # type: ignore[no-untyped-def]
        for doc in real_pipe(blocks, **kwargs):
            handed.append(1)
            yield doc

    class Counting:
        def __getattr__(self, name):  # type: ignore[no-untyped-def]
            return counting_pipe if name == "pipe" else getattr(nlp, name)

    real_analyze = engine.analyze

    def watching(text, parsed, **kw):  # type: ignore[no-untyped-def]
        seen.append(len(handed))
        return real_analyze(text, parsed, **kw)

    monkeypatch.setattr(pipeline, "load_pipeline", lambda model=None: Counting())
    monkeypatch.setattr(pipeline, "model_id", lambda nlp: "test-model")
    monkeypatch.setattr(engine, "analyze", watching)
    result = batch_work.analyze_chunk(texts, None)
    assert result.errors == [None] * len(texts)
    first = len(engine.text_blocks(texts[0], nlp))
    assert seen[0] == first < sum(len(engine.text_blocks(t, nlp)) for t in texts)
