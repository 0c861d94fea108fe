"""``margin analyze A B C``: the articles missing from the cache share one ``nlp.pipe``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from margin.analysis.engine import analyze
from margin.cli import main

pytestmark = pytest.mark.slow

STORIES = [
    "Ferry fares to rise\n\nThe ferry company said on Monday that fares would rise by 4%.",
    'Pier to close\n\n"The pier is not safe," said the harbour master, Lena Ortiz.',
    "Tram line extended\n\nThe city council voted on Tuesday to extend the tram line.",
]


class CountingPipeline:
    """The real pipeline, counting its ``pipe`` calls."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.pipes = 0

    def pipe(self, texts: Any, **kwargs: Any) -> Any:
        self.pipes += 1
        return self.nlp.pipe(texts, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


def test_several_articles_share_one_pipe_and_come_out_in_order(
    nlp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = []
    for i, text in enumerate(STORIES):
        paths.append(tmp_path / f"story-{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    counting = CountingPipeline(nlp)
    import margin.analysis.pipeline as pipeline

    monkeypatch.setattr(pipeline, "load_pipeline", lambda *a, **k: counting)
    argv = ["analyze", str(paths[0]), str(missing), str(paths[1]), str(paths[2]), "--no-cache"]
    assert main(argv) == 1  # the missing file fails; the others are done
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["source"] for r in records] == [str(p) for p in paths]
    assert counting.pipes == 1
    for record, path in zip(records, paths, strict=True):
        expected = analyze(path.read_text(encoding="utf-8"), nlp).to_dict()
        assert record["entities"] == expected["entities"]
        assert record["claims"] == expected["claims"]
    assert captured.err.count("margin: ") == 1 and "missing.txt" in captured.err
