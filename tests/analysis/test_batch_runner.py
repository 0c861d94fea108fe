"""The batch runner with stand-in backends (no spaCy): input order whatever order chunks end
in, bounded memory, retries after a lost worker, refusing a worker's other model."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from margin.analysis.batch import run_batch
from margin.analysis.batch_inputs import Input
from margin.analysis.batch_local import InProcess, Outcome, WorkerLost
from margin.analysis.batch_work import ChunkResult
from margin.analysis.pipeline import installed_model_id, resolve_model_name
from margin.analysis.version import ANALYZER_VERSION
from margin.errors import MarginError
from margin.model import Analysis

MODEL = resolve_model_name(None)
KEY = installed_model_id(MODEL) or "unknown"


def fake_work(texts, model, *, key: str = KEY) -> ChunkResult:
    """Stands in for the analysis: one sentence per text (its whole length)."""
    analyses: list[Analysis | None] = [Analysis([(0, len(t))], [], [], key) for t in texts]
    return ChunkResult(key, ANALYZER_VERSION, analyses, [None] * len(texts))


class ShuffledBackend:
    """Ends the chunks it is given in a random order, from a thread of its own."""

    slots = 2
    chunk_size = 8

    def __init__(self, fail: Callable[[list[str]], Exception | None] = lambda texts: None):
        self.fail = fail
        self.waiting: list[tuple[list[str], Callable[[Outcome], None]]] = []
        self.lock = threading.Lock()
        self.submitted: list[list[str]] = []
        self.closed = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def submit(self, texts: list[str], done: Callable[[Outcome], None]) -> None:
        with self.lock:
            self.waiting.append((texts, done))
            self.submitted.append(texts)

    def _run(self) -> None:
        rng = random.Random(7)
        while not self.closed:
            time.sleep(0.002)
            with self.lock:
                if not self.waiting:
                    continue
                texts, done = self.waiting.pop(rng.randrange(len(self.waiting)))
            error = self.fail(texts)
            if error is not None:
                done(lambda error=error: (_ for _ in ()).throw(error))
            else:
                done(lambda texts=texts: fake_work(texts, MODEL))

    def close(self, *, cancel: bool = False) -> None:
        self.closed = True


def _files(directory: Path, count: int) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = directory / f"{n:04d}.txt"
        path.write_text(f"Article {n} says the pier will close on day {n}.\n")
        paths.append(path)
    return paths


def test_outcomes_come_in_input_order_whatever_order_chunks_end(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in", 60)
    inputs = [Input(str(p)) for p in paths]
    inputs.insert(7, Input("nowhere/*.txt", "no file matches this pattern"))
    backend = ShuffledBackend()
    outcomes = list(run_batch(inputs, backend, model=MODEL, chunk_size=3, use_cache=False))
    assert [o.name for o in outcomes] == [i.name for i in inputs]
    assert outcomes[7].error == "no file matches this pattern"
    for outcome in outcomes[:7] + outcomes[8:]:
        assert outcome.ok and outcome.article is not None and outcome.analysis is not None
        assert outcome.analysis.sentences == [(0, len(outcome.article.text))]
    assert backend.closed


def test_a_long_stream_is_never_all_taken(tmp_path: Path) -> None:
    """At most ``window`` inputs are held between the oldest not yet yielded and the newest
    taken from the stream."""
    paths = _files(tmp_path / "in", 120)
    taken = 0

    def stream() -> Iterator[Input]:
        nonlocal taken
        for p in paths:
            taken += 1
            yield Input(str(p))

    window = 10
    yielded = 0
    for _outcome in run_batch(
        stream(), ShuffledBackend(), model=MODEL, chunk_size=2, window=window, use_cache=False
    ):
        yielded += 1
        assert taken - yielded <= window
    assert yielded == len(paths)


def test_chunks_lost_with_a_worker_are_retried_alone_then_fail(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in", 12)
    poison = paths[5].read_text()
    lost_once: set[str] = set()

    def fail(texts: list[str]) -> Exception | None:
        if poison in texts:
            return WorkerLost("worker 1 killed by SIGKILL")
        if len(texts) > 1 and not lost_once:
            lost_once.update(texts)
            return WorkerLost("worker 2 killed by SIGKILL")
        return None

    notices: list[str] = []
    backend = ShuffledBackend(fail)
    outcomes = list(
        run_batch(
            [Input(str(p)) for p in paths],
            backend,
            model=MODEL,
            chunk_size=4,
            use_cache=False,
            on_notice=notices.append,
        )
    )
    assert [o.name for o in outcomes if not o.ok] == [str(paths[5])]
    assert "stopped again (worker 1 killed by SIGKILL)" in (outcomes[5].error or "")
    assert all(o.ok for o in outcomes if o.name != str(paths[5]))
    assert any("worker 2" in n and "analysed again, one by one" in n for n in notices)
    # Retries go one article at a time; the poison one was sent exactly twice.
    assert sum(poison in texts for texts in backend.submitted) == 2
    retried = [texts for texts in backend.submitted if set(texts) <= lost_once and texts]
    assert all(len(texts) == 1 for texts in retried[1:])


def test_results_from_another_model_or_margin_are_refused(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in", 3)

    def other_model(texts, model):  # type: ignore[no-untyped-def]
        return fake_work(texts, model, key="en_other_model-9.9.9")

    with pytest.raises(MarginError, match="install the same margin and model"):
        list(
            run_batch(
                [Input(str(p)) for p in paths],
                InProcess(MODEL, work=other_model),
                model=MODEL,
                use_cache=False,
            )
        )


def test_cache_entries_are_written_and_then_hit(tmp_path: Path) -> None:
    paths = _files(tmp_path / "in", 5)
    inputs = [Input(str(p)) for p in paths]
    calls: list[int] = []

    def counting(texts, model):  # type: ignore[no-untyped-def]
        calls.append(len(texts))
        return fake_work(texts, model)

    cache_dir = tmp_path / "cache"
    first = list(
        run_batch(inputs, InProcess(MODEL, work=counting), model=MODEL, cache_dir=cache_dir)
    )
    assert sum(calls) == 5 and not any(o.cached for o in first)
    assert len(list(cache_dir.glob("*.json"))) == 5
    again = list(
        run_batch(inputs, InProcess(MODEL, work=counting), model=MODEL, cache_dir=cache_dir)
    )
    assert sum(calls) == 5 and all(o.cached for o in again)
    assert [o.analysis for o in again] == [o.analysis for o in first]


def test_in_process_chunks_are_larger_than_a_worker_s(tmp_path: Path) -> None:
    """``--jobs 1`` analyses up to ``InProcess.chunk_size`` articles per call (spaCy's batches
    fill better; nothing can die alone), worker processes get ``LocalPool.chunk_size``."""
    from margin.analysis.batch_local import LocalPool

    assert InProcess.chunk_size > LocalPool.chunk_size
    paths = _files(tmp_path / "in", 3 * InProcess.chunk_size)
    sizes: list[int] = []

    def slow(texts, model):  # type: ignore[no-untyped-def]
        sizes.append(len(texts))
        time.sleep(0.2)  # the loading threads catch up meanwhile
        return fake_work(texts, model)

    outcomes = list(
        run_batch([Input(str(p)) for p in paths], InProcess(MODEL, work=slow), model=MODEL,
                  use_cache=False)
    )  # fmt: skip
    assert all(o.ok for o in outcomes) and sum(sizes) == len(paths)
    assert max(sizes) == InProcess.chunk_size
