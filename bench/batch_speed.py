"""`margin add` in parallel against bare spaCy, in the same run: speed and the parent's memory.

    .venv/bin/python bench/batch_speed.py ../shared/data/bbc [--limit N] [--rounds R]

The corpus's ``.txt`` files (sorted; the first N with ``--limit``) are listed in a file, and
each configuration runs as a command of its own, from a cold cache and an empty library,
timed from its start to its end (Python start-up, imports, model loading, reading the files,
and for margin the cache and library writes):

* ``bare n_process=1`` / ``bare n_process=2``: spaCy alone, ``nlp.pipe(texts,
  n_process=N, batch_size=64)`` over the same article texts margin analyses (loaded by
  margin's ingest), with the same pipeline (margin's, without lemmatizer and attribute ruler);
* ``add --jobs 1`` / ``add --jobs 2``: ``margin add --from LIST --jobs N --quiet``;
* ``add dask 2 workers``: ``margin add --from LIST --scheduler ADDRESS`` against a local Dask
  cluster of two worker processes with one thread each, profiler off as in the README
  (started fresh for each run, before the clock; its workers load the model inside the
  timed run, as margin's own do);
* ``add --jobs 2 (first 500)``: the same as ``add --jobs 2`` on the first 500 inputs, for the
  parent's memory at 500 inputs against all of them.

The configurations are interleaved (their order rotates every round) and the median of the
rounds is kept. "Parent peak" is the peak resident memory of the command's own process
(``RUSAGE_SELF``: margin's parent, not its workers; with ``--jobs 1`` it holds the model), and
"parent CPU" its processor time (loading, cache and library writes: what the parent takes
from the cores the workers use). "words/CPU s" divides the words by the CPU time of every
process of the run (the command, its workers, spaCy's processes; for Dask, the cluster's):
on a machine shared with other work it moves much less than wall time.

Targets: ``add --jobs 2`` at least 1.7x as fast as ``add --jobs 1``; its words/s at least
0.85x those of ``bare n_process=2``; the parent's peak memory flat between 500 inputs and
all of them (within 10%).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SPEEDUP_TARGET = 1.7
BARE_RATIO_TARGET = 0.85
MEMORY_GROWTH_LIMIT = 0.10
SMALL = 500

#: Run in a child: margin's command line, then the child's own peak memory (KiB) on stderr.
MARGIN_CHILD = (
    "import resource, sys\n"
    "from margin.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "use = resource.getrusage(resource.RUSAGE_SELF)\n"
    "print(f'PEAK_KIB {use.ru_maxrss} CPU_S {use.ru_utime + use.ru_stime}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass
class Config:
    """One way of analysing the corpus, and what each of its runs measured."""

    name: str
    articles: int
    words: int
    seconds: list[float] = field(default_factory=list)
    peaks_kib: list[int] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    total_cpu: list[float] = field(default_factory=list)

    def words_per_cpu_second(self) -> float:
        return self.words / statistics.median(self.total_cpu)

    def median(self) -> float:
        return statistics.median(self.seconds)

    def words_per_second(self) -> float:
        return self.words / self.median()

    def articles_per_second(self) -> float:
        return self.articles / self.median()

    def peak_mb(self) -> float:
        return max(self.peaks_kib) / 1024 if self.peaks_kib else float("nan")


def bare(list_file: Path, n_process: int) -> int:
    """The bare spaCy child: load the texts as margin does, pipe them, print its peak."""
    import resource

    from margin.analysis.pipeline import load_pipeline
    from margin.sources.loader import load_article

    texts = [load_article(line.strip()).text for line in list_file.read_text().splitlines()]
    nlp = load_pipeline()
    tokens = 0
    for doc in nlp.pipe(texts, n_process=n_process, batch_size=64):
        tokens += len(doc)
    use = resource.getrusage(resource.RUSAGE_SELF)
    print(f"PEAK_KIB {use.ru_maxrss} CPU_S {use.ru_utime + use.ru_stime}", file=sys.stderr)
    return 0 if tokens else 1


def _peak(stderr: str) -> tuple[int, float]:
    for line in stderr.splitlines():
        if line.startswith("PEAK_KIB "):
            fields = line.split()
            return int(fields[1]), float(fields[3])
    raise SystemExit(f"no peak memory reported:\n{stderr[-2000:]}")


def _run(command: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Run ``command``; its wall time, its own peak memory (KiB) and CPU time (s)."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed ({done.returncode}):\n"
                         f"{done.stderr[-2000:]}")  # fmt: skip
    return seconds, *_peak(done.stderr)


def _children_cpu() -> float:
    import resource

    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run_config(name: str, lists: dict[str, Path], work: Path) -> tuple[float, int, float, float]:
    """Run one configuration once, from a cold cache and an empty library: wall time, the
    parent's peak memory and CPU time, and the CPU time of every process it took."""
    before = _children_cpu()
    seconds, peak, cpu = _run_config(name, lists, work)
    return seconds, peak, cpu, _children_cpu() - before


def _run_config(name: str, lists: dict[str, Path], work: Path) -> tuple[float, int, float]:
    home = Path(tempfile.mkdtemp(prefix="run-", dir=work))
    env = {
        **os.environ,
        "MARGIN_DB": str(home / "data" / "margin.json"),
        "MARGIN_CACHE_DIR": str(home / "cache"),
    }
    env.pop("MARGIN_SCHEDULER", None)
    python = sys.executable
    try:
        if name.startswith("bare"):
            n = name.rsplit("=", 1)[1]
            return _run([python, __file__, "--bare", n, str(lists["all"])], env)
        add = [python, "-c", MARGIN_CHILD, "add", "--quiet", "--from"]
        if name == "add dask 2 workers":
            import dask
            from distributed import LocalCluster

            # Workers as the README starts them: without the statistical profiler.
            with (
                dask.config.set({"distributed.worker.profile.enabled": False}),
                LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
                ) as cluster,
            ):
                return _run([*add, str(lists["all"]), "--scheduler", cluster.scheduler_address],
                            env)  # fmt: skip
        jobs = "1" if "--jobs 1" in name else "2"
        which = "small" if "first" in name else "all"
        return _run([*add, str(lists[which]), "--jobs", jobs], env)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, nargs="?", help="folder of .txt articles (BBC)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask configuration")
    parser.add_argument("--bare", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare is not None:
        return bare(args.corpus, args.bare)  # the corpus argument is then the list file
    if args.corpus is None:
        parser.error("the corpus folder is required")

    from margin.sources.loader import load_article

    paths = sorted(str(p) for p in args.corpus.rglob("*.txt") if p.name != "README.TXT")
    if args.limit:
        paths = paths[: args.limit]
    if not paths:
        raise SystemExit(f"{args.corpus}: no .txt files")
    texts = [load_article(p).text for p in paths]
    words = sum(len(t.split()) for t in texts)
    small = min(SMALL, len(paths))
    small_words = sum(len(t.split()) for t in texts[:small])
    del texts
    work = Path(tempfile.mkdtemp(prefix="margin-batch-bench-"))
    lists = {"all": work / "all.list", "small": work / "small.list"}
    lists["all"].write_text("".join(f"{p}\n" for p in paths))
    lists["small"].write_text("".join(f"{p}\n" for p in paths[:small]))
    n = len(paths)
    configs = [
        Config("bare n_process=1", n, words),
        Config("bare n_process=2", n, words),
        Config("add --jobs 1", n, words),
        Config("add --jobs 2", n, words),
        Config(f"add --jobs 2 (first {small})", small, small_words),
    ]
    if not args.no_dask:
        try:
            import distributed  # noqa: F401
        except ImportError:
            print("Dask's distributed is not installed: skipping the Dask configuration")
        else:
            configs.insert(4, Config("add dask 2 workers", n, words))
    print(f"corpus: {args.corpus} ({n:,} articles, {words:,} words); {os.cpu_count()} cores")
    try:
        for r in range(args.rounds):
            shift = r % len(configs)
            for config in configs[shift:] + configs[:shift]:
                seconds, peak, cpu, total = run_config(config.name, lists, work)
                config.seconds.append(seconds)
                config.peaks_kib.append(peak)
                config.cpu.append(cpu)
                config.total_cpu.append(total)
                print(f"  round {r + 1}: {config.name}: {seconds:.1f} s, parent peak "
                      f"{peak / 1024:.0f} MB, parent CPU {cpu:.1f} s, all CPU {total:.1f} s",
                      flush=True)  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\n{'configuration':<28} {'median s':>9} {'articles/s':>11} {'words/s':>9} "
          f"{'parent peak MB':>15} {'parent CPU s':>13} {'words/CPU s':>12}")  # fmt: skip
    for c in configs:
        print(f"{c.name:<28} {c.median():>9.1f} {c.articles_per_second():>11.1f} "
              f"{c.words_per_second():>9,.0f} {c.peak_mb():>15.0f} "
              f"{statistics.median(c.cpu):>13.1f} {c.words_per_cpu_second():>12,.0f}")  # fmt: skip
    by = {c.name: c for c in configs}
    one, two = by["add --jobs 1"], by["add --jobs 2"]
    speedup = one.median() / two.median()
    vs_bare = two.words_per_second() / by["bare n_process=2"].words_per_second()
    growth = two.peak_mb() / by[f"add --jobs 2 (first {small})"].peak_mb() - 1
    ok = [
        speedup >= SPEEDUP_TARGET,
        vs_bare >= BARE_RATIO_TARGET,
        growth <= MEMORY_GROWTH_LIMIT,
    ]
    print("\nratios:")
    print(f"  add --jobs 2 vs --jobs 1: {speedup:.2f}x (target >= {SPEEDUP_TARGET}x): "
          f"{'OK' if ok[0] else 'MISSED'}")  # fmt: skip
    print(f"  add --jobs 2 words/s vs bare n_process=2: {vs_bare:.2f} "
          f"(target >= {BARE_RATIO_TARGET}): {'OK' if ok[1] else 'MISSED'}")  # fmt: skip
    print(f"  bare n_process=2 vs n_process=1: "
          f"{by['bare n_process=1'].median() / by['bare n_process=2'].median():.2f}x")  # fmt: skip
    print(f"  add --jobs 2 words per CPU second vs bare n_process=2: "
          f"{two.words_per_cpu_second() / by['bare n_process=2'].words_per_cpu_second():.2f} "
          "(all processes' CPU time: less disturbed by a busy machine than wall time)")  # fmt: skip
    if "add dask 2 workers" in by:
        print(f"  add dask 2 workers vs add --jobs 2: "
              f"{two.median() / by['add dask 2 workers'].median():.2f}x")  # fmt: skip
    print(f"  parent peak at {n:,} vs {small:,} inputs (--jobs 2): {growth:+.1%} "
          f"(flat: within {MEMORY_GROWTH_LIMIT:.0%}): {'OK' if ok[2] else 'MISSED'}")  # fmt: skip
    return 0 if all(ok) else 1


if __name__ == "__main__":
    raise SystemExit(main())
