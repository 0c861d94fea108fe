"""Where the time goes between launch and the first entity colours with a cold cache: a
timeline of the app's and the analysis process's own stamps (``MARGIN_TRACE``, see
:mod:`margin.analysis.service.trace`) beside what the terminal shows.

    .venv/bin/python bench/cold_timeline.py ../shared/data/bbc [--sizes 1k 1mb] [--repeat 5]

margin runs as in ``bench/reader_speed.py`` (a pseudo-terminal of its own, a fresh empty
cache each run), interleaved with a fresh interpreter that imports spaCy and loads the model
alone; every stamp is printed as seconds from the launch, the median over the rounds (a stamp
that comes more than once in a run, e.g. each progress batch, is numbered).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pty_watch import Watch, compile_margin, run_in_terminal
from reader_speed import (
    SIZES,
    SPACY_LOADED,
    command,
    prepare,
    terminal_env,
    write_articles,
)


def _key(label: str) -> str:
    """A stamp's name without its figures (``app: progress handled (58 entities)`` ->
    ``app: progress handled``), so that the runs' stamps line up."""
    return label.split(" (", 1)[0]


def read_trace(path: Path, launched: float) -> list[tuple[float, float, str]]:
    """The stamps of one run: (seconds from the launch, the process's CPU seconds, name),
    a name that comes again numbered (``#2``)."""
    seen: dict[str, int] = defaultdict(int)
    out: list[tuple[float, float, str]] = []
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        at, _pid, cpu, label = line.split(" ", 3)
        key = _key(label)
        seen[key] += 1
        name = key if seen[key] == 1 else f"{key} #{seen[key]}"
        out.append((float(at) - launched, float(cpu), name))
    return out


SPACY_TRACED = (
    "import spacy\n"
    "from margin.analysis.pipeline import load_pipeline\n"
    "load_pipeline()\n"
    "from margin.analysis.service.trace import stamp\n"
    "stamp('spaCy alone: loaded')\n"
    f"print({SPACY_LOADED!r}, flush=True)\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the BBC corpus directory")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["1k", "1mb"])
    parser.add_argument("--repeat", type=int, default=5, metavar="N")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    compile_margin()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="margin-cold-timeline-") as tmp_name:
        tmp = Path(tmp_name)
        env = terminal_env(tmp)
        articles = write_articles(args.corpus, args.sizes, tmp)
        prepare(list(articles.values()), {**env, "MARGIN_CACHE_DIR": str(tmp / "warm")})
        stamps: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        cpus: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        labels: dict[str, dict[str, str]] = defaultdict(dict)
        spacy: list[float] = []
        spacy_cpu: list[float] = []
        runs = 0
        for _round in range(args.repeat):
            jobs = [*args.sizes, "spacy"]
            rng.shuffle(jobs)
            for job in jobs:
                runs += 1
                trace = tmp / f"trace-{runs}"
                run_env = {**env, "MARGIN_CACHE_DIR": str(tmp / f"cold-{runs}"),
                           "MARGIN_TRACE": str(trace)}  # fmt: skip
                if job == "spacy":
                    argv = [sys.executable, "-c", SPACY_TRACED]
                    run = run_in_terminal(argv, run_env, Watch(SPACY_LOADED), args.timeout)
                    if run.text is not None:
                        spacy.append(run.text)
                    spacy_cpu.extend(cpu for _, cpu, _ in read_trace(trace, 0.0))
                    continue
                article = articles[job]
                watch = Watch(article.phrase, article.entities, colour=True)
                launched = time.monotonic()
                run = run_in_terminal(command("margin-cold", article.path), run_env, watch,
                                      args.timeout)  # fmt: skip
                got = stamps[job]
                for at, cpu, name in read_trace(trace, launched):
                    got[name].append(at)
                    cpus[job][name].append(cpu)
                if trace.exists():
                    for line in trace.read_text(encoding="utf-8").splitlines():
                        label = line.split(" ", 3)[3]
                        labels[job].setdefault(_key(label), label)
                if run.text is not None:
                    got["TERMINAL: text"].append(run.text)
                if run.colour is not None:
                    got["TERMINAL: colour"].append(run.colour)
                print(f"{job}: text {run.text} colour {run.colour}", flush=True)
    load = statistics.median(spacy) if spacy else None
    if load is None:
        print("no spaCy runs")
    else:
        print(f"\nspaCy import + load alone: median {load:.3f} s "
              f"({' '.join(f'{t:.2f}' for t in spacy)}); its CPU "
              f"{statistics.median(spacy_cpu):.3f} s")  # fmt: skip
    for size, got in stamps.items():
        print(
            f"\n{size}: medians, s from launch; minus spaCy alone; that process's CPU s; "
            "stamp [runs that had it] (one run's figures)"
        )
        rows = sorted((statistics.median(v), name, len(v)) for name, v in got.items())
        for at, name, n in rows:
            extra = f"{at - load:+7.3f}" if load is not None else ""
            cpu = cpus[size].get(name)
            cpu_s = f"{statistics.median(cpu):6.3f}" if cpu else " " * 6
            base = name.split(" #", 1)[0]
            label = labels[size].get(base, name)
            shown = name if label == base else f"{name}  {label[len(base) :]}"
            print(f"  {at:7.3f} {extra} {cpu_s}  {shown}  [{n}]")


if __name__ == "__main__":
    main()
