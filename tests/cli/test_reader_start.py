"""``margin PATH`` looks the article up in the analysis cache before Textual is imported: on a
hit no analysis process is started; on a miss it starts then, to load spaCy meanwhile. The
cyclic garbage collector is off for the start-up (the app turns it back on), and on after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from margin.analysis.service.runner import DefaultAnalyzer
from margin.sources.loader import load_article

STORY = """Harbour wall to be raised

The port authority said on Tuesday that the harbour wall would be raised by a metre before
the winter storms. "We cannot wait another year," its chair, Ines Laporte, said.
"""

SCRIPT = """
import gc, json, sys
from margin.analysis.service import runner
seen = {}
real_prepare = runner.DefaultAnalyzer.prepare

def prepare(self, article):
    seen["textual_before"] = any(m == "textual" or m.startswith("textual.") for m in sys.modules)
    seen["gc_at_fork"] = gc.isenabled()
    real_prepare(self, article)
    seen["started"] = self.processes_started
    seen["forked"] = getattr(self._process, "forked", None)
    import margin.tui.app
    def run(app):
        seen["analyzer"] = app.analyzer is self
        seen["gc_paused"] = app._gc_paused and not gc.isenabled()
    margin.tui.app.MarginApp.run = run

runner.DefaultAnalyzer.prepare = prepare
from margin.cli import main
status = main([sys.argv[1]])
print(json.dumps({**seen, "status": status, "gc_after": gc.isenabled()}))
"""


def _run_reader(path: Path, cache: Path) -> dict[str, object]:
    """Run ``margin PATH`` with its keyboard on a pseudo-terminal, up to the app's start."""
    env = {**os.environ, "MARGIN_CACHE_DIR": str(cache), "MARGIN_DB": str(cache / "db.json")}
    master, slave = os.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            stdin=slave,
            check=False,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def test_a_warm_cache_starts_no_analysis_process(
    story: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("MARGIN_CACHE_DIR", str(cache))
    DefaultAnalyzer(process=False)(load_article(str(story)))  # fills the cache
    seen = _run_reader(story, cache)
    assert seen == {
        "textual_before": False,
        "started": 0,
        "forked": None,
        "gc_at_fork": True,
        "analyzer": True,
        "gc_paused": True,
        "status": 0,
        "gc_after": True,
    }


def test_a_cold_cache_starts_the_process_before_textual_is_imported(
    story: Path, tmp_path: Path
) -> None:
    seen = _run_reader(story, tmp_path / "empty-cache")
    # forked from the CLI's process (one thread yet): no second interpreter to start; its
    # collector on (the CLI pauses its own only after the fork)
    assert seen == {
        "textual_before": False,
        "started": 1,
        "forked": True,
        "gc_at_fork": True,
        "analyzer": True,
        "gc_paused": True,
        "status": 0,
        "gc_after": True,
    }


def test_an_article_that_cannot_be_loaded_leaves_the_collector_on(tmp_path: Path) -> None:
    import gc

    from margin.cli import main

    assert gc.isenabled()
    assert main([str(tmp_path / "missing.txt")]) == 1
    assert gc.isenabled()
