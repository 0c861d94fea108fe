"""The reader's analysis in a child process, and its compact form of an analysis.

The child loads its own spaCy pipeline (a second or two per test)."""

from __future__ import annotations

from typing import Any

import pytest
from tui_fixtures import reader_analysis, reader_article

from margin.analysis.engine import AnalysisCancelled, analyze
from margin.analysis.service.compact import ReaderAnalysis, SpanArray
from margin.analysis.service.process import AnalysisProcess, Cancelled
from margin.analysis.service.runner import DefaultAnalyzer
from margin.model import Article


def test_compact_form_round_trips_an_analysis() -> None:
    article, analysis = reader_article(), reader_analysis()
    data = ReaderAnalysis.from_analysis(analysis, article.text)
    assert data.to_analysis() == analysis
    again = ReaderAnalysis.from_payload(data.to_payload(), article.text)
    assert again.to_analysis() == analysis
    assert data.claims[1] == analysis.claims[1] and data.claims.row_of(analysis.claims[3]) == 3
    spans = SpanArray([(5, 9), (1, 3)])
    assert spans.merge([(1, 3), (2, 4)]) == 1 and list(spans) == [(1, 3), (2, 4), (5, 9)]


@pytest.mark.slow
def test_child_process_streams_the_priority_paragraph_first_and_matches_the_engine(
    nlp: Any,
) -> None:
    article = reader_article()
    text = article.text
    target = text.index("Not everyone was impressed")
    reports: list[Any] = []
    process = AnalysisProcess(use_cache=False)
    try:
        data = process.run(article, [target], reports.append)
    finally:
        process.close()
    assert data is not None
    expected = analyze(text, nlp)
    assert data.to_analysis() == expected
    first = reports[0]
    assert first.sentences and all(s >= target for s, _ in first.sentences)
    assert any(text[e.start : e.end] == "Maria Santos" for e in first.entities)
    assert sum(len(r.entities) for r in reports) == len(expected.entities)
    assert not process.usable


@pytest.mark.slow
def test_one_child_analyses_article_after_article_even_after_a_cancelled_run(nlp: Any) -> None:
    first = reader_article()
    second = Article.from_text(
        "Officials in Brightwater said on Monday that the bridge would reopen in May. "
        '"We are on schedule," said engineer Tomas Berg.\n\nResidents were sceptical.',
        "Bridge",
        "bridge.txt",
    )
    process = AnalysisProcess(use_cache=False)
    try:
        calls = 0

        def stop_once_loaded() -> bool:
            nonlocal calls
            calls += 1
            return calls > 1 and process._loaded

        with pytest.raises(Cancelled):  # stopped once the child has loaded spaCy
            process.run(first, [0], should_stop=stop_once_loaded)
        assert process.usable
        pid = process.pid
        data = process.run(second, [0])
        assert data is not None and data.to_analysis() == analyze(second.text, nlp)
        again = process.run(first, [0])
        assert again is not None and again.to_analysis() == analyze(first.text, nlp)
        assert process.usable and process.pid == pid  # the same child throughout
    finally:
        process.close()
    assert not process.is_alive()


@pytest.mark.slow
def test_a_forked_child_analyses_as_a_new_interpreter_does(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from margin.analysis.service import process as module

    # ``margin PATH`` forks with one thread (tests/cli/test_reader_start.py); here earlier
    # tests may have left idle threads behind, which the fork does not need to fear.
    monkeypatch.setattr(module, "_can_fork", lambda: True)
    article = reader_article()
    reports: list[Any] = []
    process = AnalysisProcess(use_cache=False, fork=True)
    try:
        assert process.forked
        data = process.run(article, [0], reports.append)
        assert data.to_analysis() == analyze(article.text, nlp)
        assert reports and reports[0].entities
    finally:
        process.close()
    assert not process.is_alive()


@pytest.mark.slow
def test_no_fork_while_another_thread_runs() -> None:
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        process = AnalysisProcess(use_cache=False, fork=True)
        try:
            assert not process.forked  # a new interpreter instead
            assert process.is_alive()
        finally:
            process.close()
    finally:
        stop.set()
        other.join()
    assert not process.is_alive()


@pytest.mark.slow
def test_on_a_warm_cache_no_analysis_process_is_started(tmp_path: Any) -> None:
    article = reader_article()
    analyzer = DefaultAnalyzer(process=True)
    first = analyzer(article)  # the child analyses it and fills the cache
    assert isinstance(first, ReaderAnalysis) and not analyzer.cached
    analyzer.close()
    assert analyzer.processes_started == 1
    again = DefaultAnalyzer(process=True)
    again.prepare(article)
    second = again(article)
    assert again.cached and again.processes_started == 0 and again._process is None

    def rounded(data: ReaderAnalysis) -> Any:  # the cache keeps scores to 4 decimals
        a = data.to_analysis()
        return a.sentences, a.entities, [c.to_dict() for c in a.claims]

    assert rounded(second) == rounded(first)


@pytest.mark.slow
def test_the_child_runs_at_the_apps_priority() -> None:
    import os
    import time

    process = AnalysisProcess(use_cache=False)
    try:
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        process.run(reader_article(), [0])  # loaded and analysed: any renice is done
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == ours
    finally:
        process.close()
    deadline = time.monotonic() + 10
    while process.is_alive():
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_machine_is_busy_when_more_threads_run_now_than_cpus_or_else_by_its_load(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from margin.analysis.service import process as module

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    stat = tmp_path / "stat"
    monkeypatch.setattr(module, "STAT_FILE", str(stat))

    def running(count: int) -> None:
        stat.write_text(f"cpu  1 2 3 4\nctxt 99\nprocs_running {count}\nprocs_blocked 0\n")

    running(4)  # the app, this child and two others on two CPUs
    assert module.machine_busy()
    running(2)  # the app and this child alone: a core each
    assert not module.machine_busy()
    counts = iter([5, 2, 5])  # another thread that ran for an instant is not a busy machine
    monkeypatch.setattr(module, "runnable_now", lambda: next(counts))
    assert not module.machine_busy()
    monkeypatch.undo()
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(module, "STAT_FILE", str(tmp_path / "missing"))  # no /proc: the load
    monkeypatch.setattr(os, "getloadavg", lambda: (2.5, 1.0, 1.0))
    assert module.machine_busy()
    monkeypatch.setattr(os, "getloadavg", lambda: (0.7, 1.0, 1.0))
    assert not module.machine_busy()
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert module.machine_busy()


def test_a_machine_busy_seconds_ago_has_a_core_to_spare_now(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """High CPU pressure over the last 10 s (the previous article's analysis) with two
    threads runnable now on two CPUs: the child loads at once."""
    import os

    from margin.analysis.service import process as module

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    stat = tmp_path / "stat"
    stat.write_text("procs_running 2\n")
    monkeypatch.setattr(module, "STAT_FILE", str(stat))
    pressure = tmp_path / "pressure"
    pressure.write_text("some avg10=73.65 avg60=82.41 avg300=79.51 total=1099984573\n")
    if hasattr(module, "PRESSURE_FILE"):
        monkeypatch.setattr(module, "PRESSURE_FILE", str(pressure))
    assert not module.machine_busy()


@pytest.mark.slow
def test_on_a_busy_machine_the_child_waits_for_the_text_before_loading(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from margin.analysis.service import process as module

    # Forked, the child has this process's pipeline at hand: it would report "loaded" at once.
    monkeypatch.setattr(module, "machine_busy", lambda: True)
    monkeypatch.setattr(module, "GO_WAIT_SECONDS", 30.0)
    monkeypatch.setattr(module, "_can_fork", lambda: True)  # (idle threads of other tests)
    article = reader_article()
    process = AnalysisProcess(use_cache=False, fork=True)
    try:
        assert process.forked
        assert not process._conn.poll(1.0)  # waiting for the app's word, not loading
        data = process.run(article, [0])  # says the text is on screen, then sends it
        assert data.to_analysis() == analyze(article.text, nlp)
    finally:
        process.close()


@pytest.mark.slow
def test_a_cancelled_run_raises_and_close_stops_the_child() -> None:
    article = reader_article()
    process = AnalysisProcess(use_cache=False)
    with pytest.raises(Cancelled):
        process.run(article, [0], should_stop=lambda: True)
    process.close()
    assert not process.is_alive()
    analyzer = DefaultAnalyzer(use_cache=False, process=True)
    with pytest.raises(AnalysisCancelled):
        analyzer(article, should_stop=lambda: True)
    analyzer.close()


@pytest.mark.slow
async def test_reader_shows_the_analysis_from_the_child_process() -> None:
    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig
    from margin.tui.screens.reader import ReaderScreen

    article = reader_article()
    app = MarginApp(
        article=article,
        analyzer=DefaultAnalyzer(process=True),
        config=ReaderConfig(),
        use_store=False,
    )
    async with app.run_test(size=(130, 40)) as pilot:
        screen: Any = None
        for _ in range(300):
            await pilot.pause(0.05)
            screen = app.screen
            if isinstance(screen, ReaderScreen) and (screen.analysis or screen.analysis_error):
                break
        assert isinstance(screen, ReaderScreen) and screen.analysis is not None
        assert screen.analysis_error is None and screen.highlights_at is not None
        assert screen.view.entities is screen.analysis.mentions  # shared, not copied
        texts = {article.text[s:e] for s, e, _ in screen.view.entities}
        assert {"Grace Okafor", "Maria Santos"} <= texts
        assert len(screen.view.units) == len(screen.analysis.sentences)
        assert screen.panel.claims.option_list.option_count == len(screen.analysis.claims) > 0
        assert "claims" in screen.status.analysis
    app.analyzer.close()  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_child_starts_while_stderr_is_textual_print_capture(tmp_path: Any) -> None:
    # In a real terminal Textual replaces sys.stderr with an object whose fileno() is -1
    # (multiprocessing, used before, refused to start a child then). A fresh interpreter, as
    # in the app.
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "start_child.py"
    script.write_text(
        "import sys\n"
        "from margin.model import Article\n"
        "from margin.analysis.service.process import AnalysisProcess\n"
        "class Capture:\n"
        "    def write(self, text): return len(text)\n"
        "    def flush(self): pass\n"
        "    def fileno(self): return -1\n"
        "if __name__ == '__main__':\n"
        "    sys.stderr = Capture()\n"
        "    article = Article.from_text('The mayor said the bridge would reopen.', 'T', 't')\n"
        "    process = AnalysisProcess(use_cache=False)\n"
        "    data = process.run(article, [0])\n"
        "    process.close()\n"
        "    print('sentences', len(data.sentences), file=sys.stdout)\n",
        encoding="utf-8",
    )
    root = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
    path = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(root)) if p)
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=root, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": path},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "sentences 1"


@pytest.mark.slow
def test_a_hit_starts_no_process_and_the_next_article_missing_from_the_cache_starts_one() -> None:
    # (each test has a cache directory of its own: see conftest)
    cached = Article.from_text("The council said the road would close in June.", "A", "a")
    fresh = Article.from_text("The union said the strike would end on Friday.", "B", "b")
    DefaultAnalyzer(process=False)(cached)  # fills the cache
    analyzer = DefaultAnalyzer()
    analyzer.prepare(cached)
    assert analyzer.processes_started == 0
    assert analyzer(cached) is not None and analyzer.cached
    analyzer.prepare(fresh)
    assert analyzer.processes_started == 1
    data = analyzer(fresh)
    assert isinstance(data, ReaderAnalysis) and not analyzer.cached
    assert {fresh.text[s:e] for s, e, _ in data.mentions} >= {"Friday"}
    assert analyzer.processes_started == 1 and analyzer._process.usable
    analyzer.close()


@pytest.mark.slow
def test_a_damaged_cache_file_is_analysed_in_the_process_not_the_app() -> None:
    article = Article.from_text("The mayor said the ferry would run on Sundays.", "F", "f")
    analyzer = DefaultAnalyzer()
    DefaultAnalyzer(process=False)(article)
    assert analyzer.in_cache(article)
    from margin.analysis.cache import AnalysisCache, model_key

    model_id = model_key(None)
    assert model_id is not None
    AnalysisCache().path_for(article.sha256, model_id).write_text("{damaged")
    analyzer.prepare(article)  # the file is there: nothing started yet
    assert analyzer.processes_started == 0
    data = analyzer(article)
    assert isinstance(data, ReaderAnalysis) and not analyzer.cached
    assert analyzer.processes_started == 1
    analyzer.close()


@pytest.mark.slow
def test_a_cache_hit_in_the_reader_imports_neither_spacy_nor_the_engine(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    article = reader_article()
    analyzer = DefaultAnalyzer(process=False)  # fills this test's cache (see conftest)
    analyzer(article)
    script = (
        "import sys\n"
        "from tests.tui_fixtures import reader_article\n"
        "from margin.analysis.service.runner import DefaultAnalyzer\n"
        "analyzer = DefaultAnalyzer()\n"
        "analyzer.prepare(reader_article())\n"
        "data = analyzer.cached_analysis(reader_article())\n"
        "heavy = ('spacy', 'margin.analysis.engine', 'margin.analysis.claims',\n"
        "         'multiprocessing', 'margin.analysis.service.process')\n"
        "loaded = [m for m in heavy if m in sys.modules]\n"
        "print(data is not None, loaded)\n"
    )
    root = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (os.environ.get("PYTHONPATH"), str(root), str(root / "tests")) if p
        )},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "True []"
