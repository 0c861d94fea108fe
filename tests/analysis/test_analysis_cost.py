"""The analyser's shortcuts give the results of the long way: texts handed to the
check-worthiness reader, its memos of feature strings, scoring a batch's blocks together,
one entity resolution when no one watches the progress, spaCy's meta read once per batch."""

from __future__ import annotations

import pytest

from margin.analysis import checkworthy_features, engine
from margin.analysis.batch_work import _Parsed
from margin.analysis.checkworthy import score_sentences
from margin.analysis.checkworthy_features import DocReader
from margin.analysis.cues import load_lexicon
from margin.analysis.pipeline import model_id

PARAGRAPHS = [
    "Unemployment in Ohio fell to 4.1 percent in March, the lowest rate since 2001. "
    "Governor Ann Pryce said the figures were encouraging.",
    "The council approved a $48 million budget for the bridge. Critics said it was too much!",
    "What do you think we should do? I just feel that we deserve better than this.",
    "Exports to China rose by 12 percent in 2019, according to the trade ministry.",
    "Pryce told reporters that the bridge would open next year. She did not say when.",
]


@pytest.mark.slow
def test_scores_with_document_texts_equal_scores_without(nlp) -> None:
    lexicon = load_lexicon()
    docs = list(nlp.pipe(PARAGRAPHS))
    sents = [s for d in docs for s in d.sents]
    texts = [d.text for d in docs for _ in d.sents]
    assert score_sentences(sents, lexicon, texts) == score_sentences(sents, lexicon)


@pytest.mark.slow
def test_a_text_that_is_not_the_documents_is_refused(nlp) -> None:
    doc = nlp("Prices rose sharply.")
    with pytest.raises(ValueError):
        DocReader(doc, load_lexicon(), "Prices rose.")


@pytest.mark.slow
def test_feature_memos_past_their_limit_are_emptied_and_give_the_same_terms(
    nlp, monkeypatch
) -> None:
    lexicon = load_lexicon()
    docs = list(nlp.pipe(PARAGRAPHS))
    with_memos = [DocReader(d, lexicon).parts(s) for d in docs for s in d.sents]
    assert checkworthy_features._names and checkworthy_features._arcs
    monkeypatch.setattr(checkworthy_features, "MEMO_LIMIT", 3)
    without = []
    for d in docs:
        reader = DocReader(d, lexicon)
        memos = (checkworthy_features._names, checkworthy_features._arcs)
        assert all(len(m) <= 3 for m in memos)
        without.extend(reader.parts(s) for s in d.sents)
    assert without == with_memos


@pytest.mark.slow
def test_a_batch_of_blocks_scored_together_as_each_block_alone(nlp) -> None:
    text = "\n\n".join(PARAGRAPHS)
    result = engine.analyze(text, nlp)
    lexicon = load_lexicon()
    alone: dict[tuple[int, int], float] = {}
    for start, end in engine.text_blocks(text, nlp):
        doc = nlp(text[start:end])
        sents = [s for s in doc.sents if s.text.strip()]
        for sent, score in zip(sents, score_sentences(sents, lexicon), strict=True):
            s, e = engine._strip(text, sent.start_char + start, sent.end_char + start)
            alone[s, e] = round(score, 4)
    assert dict(zip(result.sentences, result.checkworthiness, strict=True)) == alone


@pytest.mark.slow
def test_without_progress_a_text_of_several_batches_is_resolved_once(nlp, monkeypatch) -> None:
    text = "\n\n".join(PARAGRAPHS * 2)
    watched = engine.analyze(text, nlp, batch_size=2, on_progress=lambda progress: None)
    calls = []
    resolve = engine._resolve
    monkeypatch.setattr(engine, "_resolve", lambda *a: calls.append(a) or resolve(*a))
    alone = engine.analyze(text, nlp, batch_size=2)
    assert len(calls) == 1
    assert alone == watched


class _Pipeline:
    """A stand-in pipeline that counts how often its ``meta`` is read."""

    def __init__(self) -> None:
        self.reads = 0

    @property
    def meta(self) -> dict[str, str]:
        self.reads += 1
        return {"lang": "en", "name": "test", "version": "1.0"}


def test_a_batch_reads_the_pipelines_meta_once() -> None:
    pipeline = _Pipeline()
    parsed = _Parsed(pipeline, {})  # type: ignore[arg-type]
    assert [model_id(parsed), model_id(parsed), model_id(parsed)] == ["en_test-1.0"] * 3  # type: ignore[arg-type]
    assert pipeline.reads == 1
