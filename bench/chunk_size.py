"""The CPU cost of the engine's chunk size: ``analyze_chunk`` over the same articles in chunks
of 8 (a worker's, :data:`margin.analysis.batch_local.CHUNK_SIZE`) and of 32 (this process's,
``InProcess.chunk_size``), alternating in each round so that drift hits both alike.

    .venv/bin/python bench/chunk_size.py ../shared/data/bbc [--limit 200] [--rounds 6]
        [--sizes 8 32]

Prints each size's median CPU seconds (``time.process_time``) and every round's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from analysis_speed import corpus_paths

from margin.analysis.batch_work import analyze_chunk


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 32])
    args = parser.parse_args(argv)
    paths = corpus_paths(args.corpus, args.limit)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    analyze_chunk(texts[:8], None)  # the model loaded, caches warm
    cpu: dict[int, list[float]] = {size: [] for size in args.sizes}
    for r in range(args.rounds):
        order = args.sizes if r % 2 == 0 else args.sizes[::-1]
        for size in order:
            start = time.process_time()
            for i in range(0, len(texts), size):
                analyze_chunk(texts[i : i + size], None)
            cpu[size].append(time.process_time() - start)
    print(f"{len(texts)} articles, {args.rounds} rounds, CPU s")
    base = statistics.median(cpu[args.sizes[0]])
    for size, values in cpu.items():
        median = statistics.median(values)
        rounds = " ".join(f"{v:.2f}" for v in values)
        print(f"  chunks of {size:>4}: {median:6.2f}  ({median / base:.3f}×)  rounds {rounds}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
