"""``margin speakers`` and ``margin claims`` over a library whose analyses are cached: the
text and JSON output, the filters, a surname, bad input (one line, non-zero exit)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from library_claims_helpers import BUDGET, MODEL, build_library

from margin.cli import main


@pytest.fixture
def library(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("margin.analysis.cache.model_key", lambda model=None: MODEL)
    db = Path(os.environ["MARGIN_DB"])
    build_library(db, Path(os.environ["MARGIN_CACHE_DIR"]), market=False)
    return db


def test_speakers_text_and_json(library, capsys):
    assert main(["speakers"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["CLAIMS", "ARTICLES", "SPEAKER"]
    assert lines[1].split() == ["3", "2", "Ana", "Ruiz"]
    assert "1 article is not analysed yet" in err
    assert main(["speakers", "--search", "trust", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == [{"name": "Harbour Trust", "claims": 1, "articles": 1,
                     "forms": ["Harbour Trust"]}]  # fmt: skip
    assert main(["speakers", "--search", "nobody"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no speakers matching 'nobody'" in err


def test_claims_json_shape(library, capsys):
    assert main(["claims", "--speaker", "ruiz", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 3
    for record in data:
        assert set(record) == {"article", "title", "source", "kind", "speaker", "cue",
                               "content", "verdict"}  # fmt: skip
        assert record["speaker"] == "Ana Ruiz" and record["verdict"] is None
        assert set(record["content"]) == {"text", "start", "end"}
        assert len(record["article"]) == 64
    budget = [r for r in data if r["title"] == BUDGET[0]]
    text = BUDGET[2]
    for r in budget:
        c = r["content"]
        assert text[c["start"] : c["end"]] == c["text"]
        assert r["source"] == BUDGET[1] and r["cue"] in ("said", "told")


def test_claims_filters_and_text(library, capsys):
    assert main(["claims", "--search", "ferries night", "--kind", "reported"]) == 0
    out = capsys.readouterr().out
    assert out.count("“") == 2 and "Ana Ruiz told (reported):" in out
    assert "(budget.txt)" in out and "/home/reporter" not in out  # the file's name only
    assert main(["claims", "--kind", "quote", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["claims", "--verdict", "false"]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no claims match" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["claims", "--speaker", "Nobody Here"], "no speaker named 'Nobody Here'"),
        (["claims", "--speaker", "  "], "--speaker needs a name"),
    ],
)
def test_bad_input_is_one_line(library, capsys, argv, message):
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_bad_kind_is_refused(library, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["claims", "--kind", "rumour"])
    assert exc.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_hostile_text_is_cleaned(library, capsys, monkeypatch):
    from library_claims_helpers import Said, add_article

    from margin.analysis.cache import AnalysisCache
    from margin.storage.store import Store

    text = "Eve Evil said \x1b]0;owned\x07the \u202eplan\u202c was fine."
    said = [Said("the \u202eplan\u202c was fine", "Eve Evil", "Eve Evil", cue="said")]
    cache = AnalysisCache(Path(os.environ["MARGIN_CACHE_DIR"]))
    add_article(Store(library), cache, "Bad \x1b[31mtitle", "x.txt", text, said)
    assert main(["claims", "--speaker", "eve evil"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "Eve Evil said" in out
    assert main(["claims", "--speaker", "eve evil", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\u202e" not in out and json.loads(out)[0]["content"]["text"].startswith("the \u202e")
