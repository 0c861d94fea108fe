"""Verdicts in ``margin claims``: each claim's verdict in the JSON and the text, ``--verdict``
filtering by a rating of the scale (any case or spacing), an unknown rating one line and exit 1;
the Claims view's verdicts come from the same lookup (storage.verdict_lookup)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from library_claims_helpers import BUDGET, FERRY, MODEL, build_library

from margin.cli import main
from margin.storage.store import Store
from margin.storage.verdict_config import VerdictScale
from margin.storage.verdict_lookup import NoVerdicts, library_verdicts


@pytest.fixture
def library(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("margin.analysis.cache.model_key", lambda model=None: MODEL)
    db = Path(os.environ["MARGIN_DB"])
    build_library(db, Path(os.environ["MARGIN_CACHE_DIR"]), market=False)
    return db


def _verdict(db: Path, article_fields: tuple, content: str, rating: str) -> None:
    from margin.model import Article

    title, source, text, _said = article_fields
    article = Article.from_text(text, title, source)
    start = text.index(content)
    Store(db).verdicts.set(article, start, start + len(content), rating, scale=VerdictScale())


def test_claims_carry_their_verdicts_and_filter_by_them(library: Path, capsys) -> None:
    assert isinstance(library_verdicts(Store(library)), NoVerdicts)  # none yet: nothing read
    _verdict(library, BUDGET, "the harbour budget would rise by a tenth", "mostly true")
    _verdict(library, FERRY, "tickets would cost less", "false")
    assert main(["claims", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    got = {r["content"]["text"]: r["verdict"] for r in data}
    assert got["the harbour budget would rise by a tenth"] == "mostly true"
    assert got["tickets would cost less"] == "false"
    assert got["the ferries would run all night"] is None
    assert main(["claims", "--verdict", "Mostly  TRUE", "--format", "json"]) == 0
    (only,) = json.loads(capsys.readouterr().out)
    assert only["content"]["text"] == "the harbour budget would rise by a tenth"
    assert main(["claims", "--verdict", "false"]) == 0
    out = capsys.readouterr().out
    assert "tickets would cost less" in out and "[false]" in out and "budget" not in out


def test_unknown_verdict_rating_is_one_line(library: Path, capsys) -> None:
    assert main(["claims", "--verdict", "pants on fire"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "unknown rating 'pants on fire'" in err
