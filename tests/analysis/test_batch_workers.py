"""Parallel batches: worker processes and a Dask cluster write the same cache entries as one
process; a killed worker does not stop a batch; SIGTERM keeps what finished."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from batch_helpers import cache_files, closed_port_url, story, write_corpus

from margin.analysis.cache import AnalysisCache
from margin.analysis.pipeline import installed_model_id, resolve_model_name
from margin.cli import main
from margin.storage.store import Store

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
COUNT = 12


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


def _use(monkeypatch: pytest.MonkeyPatch, home: Path) -> Path:
    """Point the library and the cache at ``home``; returns the cache directory."""
    monkeypatch.setenv("MARGIN_DB", str(home / "data" / "margin.json"))
    monkeypatch.setenv("MARGIN_CACHE_DIR", str(home / "cache"))
    return home / "cache"


@pytest.fixture
def corpus(tmp_path: Path) -> list[Path]:
    return write_corpus(tmp_path / "news", COUNT)


@pytest.fixture
def reference(nlp, corpus, tmp_path, monkeypatch) -> dict[str, bytes]:
    """The cache entries of the corpus analysed in this process (``--jobs 1``)."""
    cache = _use(monkeypatch, tmp_path / "one")
    assert main(["add", str(corpus[0].parent), "--jobs", "1", "--quiet"]) == 0
    entries = cache_files(cache)
    assert len(entries) == COUNT
    return entries


def test_two_jobs_write_the_same_cache_and_keep_input_order(
    reference, corpus, tmp_path, monkeypatch, capsys
):
    cache = _use(monkeypatch, tmp_path / "two")
    capsys.readouterr()
    assert main(["add", str(corpus[0].parent), "--jobs", "2"]) == 0
    assert _lines(capsys.readouterr().out) == [f"added: {p}" for p in corpus]
    assert cache_files(cache) == reference  # byte for byte
    # `margin analyze` with two jobs: one record per input, in input order, same analyses.
    backwards = [str(p) for p in reversed(corpus)]
    assert main(["analyze", *backwards, "--jobs", "2", "--no-cache"]) == 0
    records = [json.loads(line) for line in _lines(capsys.readouterr().out)]
    assert [r["source"] for r in records] == backwards
    stored = AnalysisCache(cache)
    for record in records:
        hit = stored.get(record["sha256"], record["model"])
        assert hit is not None
        assert hit.to_dict()["claims"] == record["claims"]


def test_dask_cluster_writes_the_same_cache(reference, corpus, tmp_path, monkeypatch, capsys):
    distributed = pytest.importorskip("distributed")
    cache = _use(monkeypatch, tmp_path / "dask")
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        monkeypatch.setenv("MARGIN_SCHEDULER", cluster.scheduler_address)
        code = main(["add", str(corpus[0].parent)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert _lines(captured.out) == [f"added: {p}" for p in corpus]
    assert cache_files(cache) == reference
    assert len(Store().article_keys()) == COUNT


def test_without_dask_the_option_says_how_to_install(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text(story(1))
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    assert main(["add", str(tmp_path / "a.txt"), "--scheduler", "tcp://127.0.0.1:8786"]) == 1
    err = _lines(capsys.readouterr().err)
    assert err == [
        "margin: a Dask scheduler needs Dask's distributed package; install it with: "
        "pip install 'margin[cluster]'"
    ]


def _killer(should_kill: Callable[[int], bool]) -> tuple[threading.Thread, threading.Event, list]:
    """A thread that SIGKILLs margin's worker processes as soon as they appear (each one for
    which ``should_kill(kills so far)`` answers True)."""
    stop = threading.Event()
    killed: list[int] = []

    def run() -> None:
        while not stop.is_set():
            try:
                children = multiprocessing.active_children()
            except RuntimeError:  # the set of children changed while it was copied
                continue
            for child in children:
                pid = child.pid
                if child.name.startswith("margin-batch-worker") and pid and pid not in killed:
                    if not should_kill(len(killed)):
                        return
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
            time.sleep(0.005)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, stop, killed


def test_killed_worker_and_bad_inputs_finish_with_one_line_each(
    reference, corpus, tmp_path, monkeypatch, capsys
):
    """The first worker is killed while it holds a chunk (it takes one before it starts):
    its articles are analysed again; missing files, binaries and an unreachable URL are one
    line each; the exit status is 1; the rerun adds only what failed."""
    cache = _use(monkeypatch, tmp_path / "killed")
    binaries = tmp_path / "binaries"
    binaries.mkdir()
    (binaries / "blob.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    (binaries / "data.html").write_bytes(bytes(range(256)) * 4)
    missing = tmp_path / "missing.txt"
    unreachable = closed_port_url()
    argv = ["add", str(corpus[0].parent), str(missing), str(binaries), unreachable]
    thread, stop, killed = _killer(lambda kills: kills == 0)
    try:
        code = main([*argv, "--jobs", "2"])
    finally:
        stop.set()
        thread.join()
    captured = capsys.readouterr()
    assert len(killed) == 1
    assert code == 1
    assert "Traceback" not in captured.err
    err = _lines(captured.err)
    notices = [line for line in err if "killed by SIGKILL" in line]
    assert len(notices) == 1
    assert "will be analysed again, one by one" in notices[0]
    failures = [line for line in err if line.startswith("margin: ") and line not in notices]
    assert [line.split(": ")[1] for line in failures] == [
        str(missing),
        str(binaries / "blob.txt"),
        str(binaries / "data.html"),
        unreachable,
    ]
    assert _lines(captured.out) == [f"added: {p}" for p in corpus]
    assert cache_files(cache) == reference

    missing.write_text(story(77), encoding="utf-8")
    assert main([*argv, "--jobs", "2"]) == 1
    out = _lines(capsys.readouterr().out)
    assert [line for line in out if line.startswith("added:")] == [f"added: {missing}"]
    assert len(out) == COUNT + 1


def test_an_article_whose_worker_dies_twice_fails_and_the_batch_ends(
    corpus, tmp_path, monkeypatch, capsys
):
    """Every worker killed at once: each article is tried twice, then reported failed."""
    cache = _use(monkeypatch, tmp_path / "all-killed")
    few = corpus[:3]
    thread, stop, killed = _killer(lambda kills: True)
    try:
        code = main(["add", *map(str, few), "--jobs", "2"])
    finally:
        stop.set()
        thread.join()
    captured = capsys.readouterr()
    assert code == 1
    failures = [line for line in _lines(captured.err) if "stopped again" in line]
    assert [line.split(": ")[1] for line in failures] == [str(p) for p in few]
    assert len(killed) >= 4  # the first worker or two, then one per article tried again
    assert cache_files(cache) == {}
    assert Store().article_keys() == set()


@pytest.mark.parametrize(
    ("how", "status"), [("SIGTERM to margin", 143), ("ctrl+c: SIGINT to its process group", 130)]
)
def test_interrupt_keeps_what_finished_and_the_rerun_continues(
    nlp, tmp_path, monkeypatch, how, status
):
    """Stopped mid-batch: every library row has its text and its cache entry, no file is
    half-written, the workers are gone, and running the command again adds exactly the
    rest. (A terminal's ctrl+c reaches the workers too: they leave the stopping to margin.)"""
    cache = _use(monkeypatch, tmp_path / "term")
    paths = write_corpus(tmp_path / "many", 24)
    process = subprocess.Popen(
        [sys.executable, "-m", "margin", "add", "--from", "-", "--jobs", "2"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("".join(f"{p}\n" for p in paths))
    process.stdin.flush()  # left open: the batch would wait for more
    first = process.stdout.readline()
    if how.startswith("SIGTERM"):
        process.send_signal(signal.SIGTERM)
    else:
        os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=60)  # the list's writer still open: margin must not wait for it
    # read through the same buffered files: communicate() reads the descriptors, and would
    # miss lines the readline above buffered with the first one
    out, err = process.stdout.read(), process.stderr.read()
    process.stdin.close()
    assert first.startswith("added: ")
    assert process.returncode == status, err
    with pytest.raises(ProcessLookupError):  # no worker left behind in its group
        for _ in range(50):
            os.killpg(process.pid, 0)
            time.sleep(0.1)
    assert "interrupted" in err and "Traceback" not in err
    added_first = [first.strip(), *(line for line in _lines(out) if line.startswith("added: "))]

    store = Store()
    keys = store.article_keys()
    assert len(keys) == len(added_first)
    stored = AnalysisCache(cache)
    model = installed_model_id(resolve_model_name(None))
    assert model is not None
    for entry in store.articles():
        assert store.article_text(entry.sha256) is not None
        assert stored.get(entry.sha256, model) is not None
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp") or p.suffix == ".tmp"]
    assert leftovers == []

    assert main(["add", *map(str, paths), "--jobs", "1", "--quiet"]) == 0
    assert len(Store().article_keys()) == len(paths)
    assert len(cache_files(cache)) == len(paths)


@pytest.mark.parametrize(
    ("number", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["term", "int"]
)
def test_a_signal_while_an_input_is_recorded_leaves_no_row_without_its_line(
    nlp, tmp_path, monkeypatch, capsys, number, status
):
    """The signal comes after the second input's row was noted and before its line: the
    input is recorded whole first, so every library row was printed as added."""
    from margin.cli import add_cmd

    _use(monkeypatch, tmp_path / "held")
    paths = write_corpus(tmp_path / "few", 4)
    calls: list[int] = []
    real = add_cmd.part_from_analysis

    def signalling(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            os.kill(os.getpid(), number)  # handled at the next bytecode, in this thread
        return real(*args, **kwargs)

    monkeypatch.setattr(add_cmd, "part_from_analysis", signalling)
    assert main(["add", *map(str, paths), "--jobs", "1"]) == status
    added = [line for line in _lines(capsys.readouterr().out) if line.startswith("added: ")]
    assert added == [f"added: {p}" for p in paths[:2]]
    assert len(Store().article_keys()) == 2


def test_ctrl_c_ends_margin_add_while_its_article_is_still_being_piped(tmp_path, monkeypatch):
    """``margin add -`` with the pipe still open: ctrl+c exits (130) instead of waiting for
    the end of standard input."""
    _use(monkeypatch, tmp_path / "open-pipe")
    process = subprocess.Popen(
        [sys.executable, "-m", "margin", "add", "-"],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert process.stdin is not None and process.stderr is not None
        process.stdin.write(b"The pier closes on Friday, the harbour board said.\n")
        process.stdin.flush()  # left open
        time.sleep(2)  # margin is up and reading
        os.killpg(process.pid, signal.SIGINT)
        try:
            code = process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("ctrl+c did not end margin add while standard input was open")
        assert code == 130
        err = process.stderr.read().decode()
        assert "interrupted" in err and "Traceback" not in err and "Fatal" not in err
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdin.close()
