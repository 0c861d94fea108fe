"""margin's analysis against plain ``nlp.pipe`` on the same raw texts, in the same run.

    .venv/bin/python bench/analysis_speed.py ../shared/data/bbc [--limit N] [--rounds R] [--cli]

Every side uses margin's pipeline (:func:`margin.analysis.pipeline.load_pipeline`: the same
model, lemmatizer and attribute ruler excluded) and the same batch size; in one process:

* ``plain nlp.pipe, raw texts``: ``nlp.pipe(texts)`` over the articles as they are: the
  baseline;
* ``plain nlp.pipe, margin's blocks``: ``nlp.pipe`` over the paragraph blocks margin cuts
  the articles into (:func:`margin.analysis.blocks.split_blocks`), all in one stream: spaCy
  alone on what margin gives it;
* ``margin analyze``: :func:`margin.analysis.batch_work.analyze_chunk` over chunks of
  ``InProcess.chunk_size`` articles, what ``margin analyze --jobs 1`` runs on the articles
  missing from the cache (each worker process runs the same on its smaller chunks): the
  blocks of a chunk's articles parsed in one ``nlp.pipe``, then each article's sentences,
  entities (resolved per document), quotations, claims and check-worthiness;
* ``margin analyze, a worker's chunks``: the same over chunks of ``LocalPool.chunk_size``,
  as each worker process of ``--jobs N`` gets them (smaller: a dying worker loses one);
* ``margin, one article at a time``: :func:`margin.analysis.engine.analyze` per article, as
  the reader analyses one article (its blocks alone make spaCy's batches).

Rounds run every side once, in an order rotated each round; the figures are the medians
over rounds of CPU seconds (``time.process_time``: less disturbed by other work on the
machine than the wall clock, which is also shown). The target: ``margin analyze`` ≤ 1.10×
plain ``nlp.pipe`` on the raw texts.

``--cli`` also times the commands end to end, each in a fresh process (imports and the
model's load included), alternating, by the child's CPU time (user + system) and the wall
clock: ``margin analyze --no-cache --jobs 1 --format json FILES``
(output to /dev/null) against a script that loads the same pipeline and runs plain
``nlp.pipe`` over the same files.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from margin.analysis.batch_local import InProcess, LocalPool
from margin.analysis.batch_work import analyze_chunk
from margin.analysis.blocks import split_blocks
from margin.analysis.engine import BATCH_SIZE, analyze
from margin.analysis.pipeline import load_pipeline, model_id

TARGET = 1.10

PLAIN_SCRIPT = """
import sys
from pathlib import Path
from margin.analysis.pipeline import load_pipeline
nlp = load_pipeline()
texts = (Path(p).read_text(encoding="utf-8", errors="replace") for p in sys.argv[1:])
for doc in nlp.pipe(texts, batch_size=64):
    len(doc)
"""


def corpus_paths(root: Path, limit: int | None) -> list[Path]:
    """The corpus files (every ``*.txt`` under ``root`` but README-like ones, sorted)."""
    paths = sorted(p for p in root.rglob("*.txt") if p.name[0].isdigit())
    if not paths:
        raise SystemExit(f"{root}: no .txt articles")
    return paths[:limit] if limit else paths


def sides(nlp, texts: list[str]) -> dict[str, Callable[[], int]]:
    """Each side as a function returning a count (so that nothing is optimised away)."""

    def plain_raw() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts, batch_size=BATCH_SIZE))

    def plain_blocks() -> int:
        chunks = (t[s:e] for t in texts for s, e in split_blocks(t))
        return sum(len(doc) for doc in nlp.pipe(chunks, batch_size=BATCH_SIZE))

    def chunked(size: int) -> int:
        count = 0
        for i in range(0, len(texts), size):
            result = analyze_chunk(texts[i : i + size], None)  # (the pipeline loaded above)
            count += sum(len(a.claims) for a in result.analyses if a is not None)
        return count

    def margin_many() -> int:
        return chunked(InProcess.chunk_size)  # as ``margin analyze --jobs 1`` cuts them

    def margin_workers() -> int:
        return chunked(LocalPool.chunk_size)  # as each worker process gets them

    def margin_each() -> int:
        return sum(len(analyze(t, nlp).claims) for t in texts)

    return {
        "plain nlp.pipe, raw texts": plain_raw,
        "plain nlp.pipe, margin's blocks": plain_blocks,
        "margin analyze": margin_many,
        "margin analyze, a worker's chunks": margin_workers,
        "margin, one article at a time": margin_each,
    }


def in_process(nlp, texts: list[str], rounds: int) -> dict[str, tuple[float, float]]:
    """Median (CPU, wall) seconds of each side over ``rounds`` rotated rounds."""
    runs = sides(nlp, texts)
    names = list(runs)
    cpu: dict[str, list[float]] = {n: [] for n in names}
    wall: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            c0, w0 = time.process_time(), time.perf_counter()
            runs[name]()
            cpu[name].append(time.process_time() - c0)
            wall[name].append(time.perf_counter() - w0)
        print(
            f"round {r + 1}: " + ", ".join(f"{n} {cpu[n][-1]:.2f}" for n in names) + " (CPU s)",
            flush=True,
        )
    return {n: (statistics.median(cpu[n]), statistics.median(wall[n])) for n in names}


def commands(paths: list[Path], rounds: int) -> dict[str, tuple[float, float]]:
    """Median (CPU, wall) seconds of the two commands, alternated; CPU is the child's user
    plus system time (less disturbed by other work on the machine than the wall clock)."""
    import resource

    files = [str(p) for p in paths]
    argv = {
        "margin analyze --no-cache": [sys.executable, "-m", "margin", "analyze", "--no-cache",
                                      "--jobs", "1", "--format", "json", *files],
        "plain nlp.pipe script": [sys.executable, "-c", PLAIN_SCRIPT, *files],
    }  # fmt: skip

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    cpu: dict[str, list[float]] = {n: [] for n in argv}
    wall: dict[str, list[float]] = {n: [] for n in argv}
    for r in range(rounds):
        for name in list(argv)[:: 1 if r % 2 == 0 else -1]:
            c0, t0 = children_cpu(), time.perf_counter()
            subprocess.run(argv[name], stdout=subprocess.DEVNULL, check=True)
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(children_cpu() - c0)
    return {n: (statistics.median(cpu[n]), statistics.median(wall[n])) for n in argv}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of .txt articles (e.g. the BBC corpus)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cli", action="store_true", help="also time the commands end to end")
    parser.add_argument(
        "--compare-full",
        action="store_true",
        help="also time plain nlp.pipe with every component (lemmatizer, attribute_ruler)",
    )
    args = parser.parse_args(argv)
    paths = corpus_paths(args.corpus, args.limit)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    nlp = load_pipeline()
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {args.corpus} ({len(texts)} articles, {words:,} words)")
    print(f"model: {model_id(nlp)}; components: {', '.join(nlp.pipe_names)}; batch {BATCH_SIZE}")
    for doc in nlp.pipe(texts[:20]):  # warm up
        len(doc)
    results = in_process(nlp, texts, args.rounds)
    base_cpu = results["plain nlp.pipe, raw texts"][0]
    print(f"\nmedians over {args.rounds} rounds{'':14}{'CPU s':>8}{'ratio':>8}{'wall s':>9}")
    for name, (cpu, wall) in results.items():
        print(f"  {name:<40}{cpu:>8.2f}{cpu / base_cpu:>8.3f}{wall:>9.2f}")
    ratio = results["margin analyze"][0] / base_cpu
    ok = ratio <= TARGET
    print(f"margin analyze / plain nlp.pipe on the raw texts: {ratio:.3f} (target ≤ {TARGET}: "
          f"{'met' if ok else 'NOT met'})")  # fmt: skip
    if args.compare_full:
        import spacy

        from margin.analysis.pipeline import resolve_model_name

        full = spacy.load(resolve_model_name(None))
        c0 = time.process_time()
        for doc in full.pipe(texts, batch_size=BATCH_SIZE):
            len(doc)
        full_cpu = time.process_time() - c0
        components = ", ".join(full.pipe_names)
        print(f"plain nlp.pipe with every component ({components}): {full_cpu:.2f} CPU s "
              f"({full_cpu / base_cpu:.3f}× the trimmed pipeline)")  # fmt: skip
    if args.cli:
        timed = commands(paths, args.rounds)
        plain_cpu, plain_wall = timed["plain nlp.pipe script"]
        print(f"\ncommands end to end (medians of {args.rounds}, fresh processes)"
              f"{'CPU s':>9}{'ratio':>8}{'wall s':>9}{'ratio':>8}")  # fmt: skip
        for name, (cpu, wall) in timed.items():
            print(f"  {name:<54}{cpu:>8.2f}{cpu / plain_cpu:>8.3f}"
                  f"{wall:>9.2f}{wall / plain_wall:>8.3f}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
