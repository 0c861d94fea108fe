"""What the user sees, in a real terminal: when an article's text, then its entity colours and
side panel, reach the screen, from the moment the command is launched.

    .venv/bin/python bench/reader_speed.py ../shared/data/bbc [--repeat 5] [--sizes 1k 1mb]

Every program is started the way a user starts it, in a pseudo-terminal of its own
(``TERM=xterm-256color``, ``COLORTERM=truecolor``, 120x40 set with ``TIOCSWINSZ`` before the
program starts), and the bytes it writes to the terminal are read as they come:

* ``text``: seconds from the launch (just before ``fork``) until the first words of the
  article's first paragraph are in the output (escape sequences stripped, a cursor move read
  as a line break);
* ``colour``: until an SGR sequence with an entity colour of :mod:`margin.styles.entities`
  is followed by the text of one of the entities spaCy finds on the first screen (known from
  a ``margin analyze`` run done first); with a warm cache the reader paints every highlight at
  once, so this is also when every highlight is visible;
* ``panels``: until the claims list's summary (``18/18 · ❝…``) and the status line's
  ``N claims · M entities`` are both in the output (warm cache only);
* ``cpu``: the CPU seconds (user + system, from ``/proc/<pid>/stat``, 10 ms steps) the program
  itself had used when its text appeared: less sensitive than the wall clock to other work on
  the machine;
* ``analysis process``: whether the reader started a child process for spaCy (read from
  ``/proc/<pid>/task/*/children`` while it runs).

Programs, each run from a fresh interpreter (the margin ones as ``python -m margin FILE``):

* ``Log``: a minimal Textual app with a ``Log`` widget showing the same file (the baseline);
* ``TextArea``: a Textual app with a read-only, soft-wrapped ``TextArea``;
* ``less``: ``less FILE``;
* ``margin warm``: the reader with the analysis cache filled (by the ``margin analyze`` run);
* ``margin cold``: the reader with an empty cache directory (a new one for each run), so
  spaCy's import and load are on the way to the first colours;
* ``--versus, warm/cold``: with ``--versus PYTHONPATH``, the margin found on that path (another
  checkout: a before/after in the same rounds);
* ``spaCy load``: a fresh interpreter that imports spaCy and loads margin's pipeline
  (:func:`margin.analysis.pipeline.load_pipeline`) and prints a line: the floor under cold
  colours, measured in the same rounds.

The articles are built from the BBC corpus (files in sorted order; the first one's headline
is the first line): ``1k`` and ``10k`` words, and ``1mb`` characters. Each round runs every
program on every size, in an order that changes from round to round (so drift in the
machine's speed hits all alike); figures are medians over the rounds, ratios are to the
``Log`` app's median in the same run, and "after text" figures are medians of the per-run
differences. margin's packages are byte-compiled first (as ``pip install`` leaves them), and
so are those of ``--versus``.
A private config, data and cache directory is used for every program (nothing of the user's).
The pseudo-terminal, the reading and the timing are in ``bench/pty_watch.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pty_watch import Run, Watch, compile_margin, run_in_terminal

SIZES = {"1k": ("words", 1_000), "10k": ("words", 10_000), "1mb": ("chars", 1_000_000)}
FIRST_SCREEN_CHARS = 3_000
"""Entities starting before this offset count as the first screen's."""
PHRASE_WORDS = 3

SPACY_LOADED = "margin-bench: spaCy loaded"

SPACY_CODE = (
    "import spacy\n"
    "from margin.analysis.pipeline import load_pipeline\n"
    "load_pipeline()\n"
    f"print({SPACY_LOADED!r}, flush=True)\n"
)

LOG_APP = """
import sys
from pathlib import Path
from textual.app import App
from textual.widgets import Log
text = Path(sys.argv[1]).read_text(encoding="utf-8")
class LogApp(App):
    def compose(self):
        yield Log(auto_scroll=False)  # at the top, as the others open
    def on_mount(self):
        self.query_one(Log).write(text)
LogApp().run()
"""

TEXTAREA_APP = """
import sys
from pathlib import Path
from textual.app import App
from textual.widgets import TextArea
text = Path(sys.argv[1]).read_text(encoding="utf-8")
class TextAreaApp(App):
    def compose(self):
        yield TextArea(text, read_only=True, soft_wrap=True)
TextAreaApp().run()
"""


# -- the articles --------------------------------------------------------------------------


def build_text(corpus: Path, unit: str, amount: int) -> str:
    """BBC articles (sorted paths) joined until ``amount`` words or characters."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.name[0].isdigit())
    if not files:
        raise SystemExit(f"no BBC articles (NNN.txt) under {corpus}")
    parts: list[str] = []
    words = chars = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        parts.append(text)
        words += len(text.split())
        chars += len(text) + 2
        if (words if unit == "words" else chars) >= amount:
            break
    text = "\n\n".join(parts)
    if unit == "words":
        ends = [m.end() for m in re.finditer(r"\S+", text)]
        text = text[: ends[min(amount, len(ends)) - 1]]
    else:
        text = text[:amount]
    return text + "\n"


def first_phrase(text: str) -> str:
    """The first words of the first paragraph after the headline."""
    body = text.split("\n\n", 1)[1] if "\n\n" in text else text
    return " ".join(body.split()[:PHRASE_WORDS])


@dataclass
class Article:
    size: str
    path: Path
    phrase: str
    entities: list[tuple[str, str]] = field(default_factory=list)
    """(text, SGR colour parameters) of the first screen's entities."""


# -- the programs ----------------------------------------------------------------------------

PROGRAMS = ("log", "textarea", "less", "margin-warm", "margin-cold", "vs-warm", "vs-cold")
NAMES = {
    "log": "Log app",
    "textarea": "TextArea app",
    "less": "less",
    "margin-warm": "margin, warm cache",
    "margin-cold": "margin, cold cache",
    "vs-warm": "--versus, warm cache",
    "vs-cold": "--versus, cold cache",
    "spacy": "spaCy import + load",
}
READERS = ("margin-warm", "margin-cold", "vs-warm", "vs-cold")


def command(program: str, article: Path) -> list[str]:
    python = sys.executable
    if program == "log":
        return [python, "-c", LOG_APP, str(article)]
    if program == "textarea":
        return [python, "-c", TEXTAREA_APP, str(article)]
    if program == "less":
        return [shutil.which("less") or "less", str(article)]
    if program == "spacy":
        return [python, "-c", SPACY_CODE]
    return [python, "-m", "margin", str(article)]


def programs_to_run(asked: list[str], *, versus: bool) -> list[str]:
    """The programs to run, in :data:`PROGRAMS`' order; with ``--versus``, the other margin's
    counterpart of each margin program asked for (warm and cold if none was)."""
    programs = [p for p in PROGRAMS if p in asked]
    if versus:
        kinds = [k for k in ("warm", "cold") if f"margin-{k}" in programs] or ["warm", "cold"]
        programs += [f"vs-{k}" for k in kinds if f"vs-{k}" not in programs]
    return programs


def entity_colours() -> dict[str, str]:
    """spaCy label → the SGR parameters of its entity colour (dark themes, truecolor)."""
    from margin.styles.entities import ENTITY_GROUPS, GROUP_BY_LABEL

    def sgr(hex_colour: str) -> str:
        r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return f";38;2;{r};{g};{b};"

    colours = {label: sgr(group.dark) for label, group in GROUP_BY_LABEL.items()}
    colours[""] = sgr(ENTITY_GROUPS[-1].dark)
    return colours


def prepare(articles: list[Article], env: dict[str, str]) -> None:
    """Fill the warm cache with ``margin analyze`` and note each article's first-screen
    entities (text and colour) from its output."""
    proc = subprocess.run(
        [sys.executable, "-m", "margin", "analyze", "--format", "json"]
        + [str(a.path) for a in articles],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"margin analyze failed:\n{proc.stderr[-2000:]}")
    colours = entity_colours()
    records = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    for article, record in zip(articles, records, strict=True):
        text = article.path.read_text(encoding="utf-8")
        for ent in record["entities"]:
            if ent["start"] < FIRST_SCREEN_CHARS:
                shown = " ".join(text[ent["start"] : ent["end"]].split())
                article.entities.append((shown, colours.get(ent["label"], colours[""])))
        if not article.entities:
            raise SystemExit(f"{article.path}: no entity on the first screen to look for")


# -- the report ----------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value: float | None, spec: str = ".3f") -> str:
    return "—" if value is None else format(value, spec)


def report(
    results: dict[tuple[str, str], list[Run]],
    spacy: list[Run],
    sizes: list[str],
    rounds: int,
) -> bool:
    """Print the tables and the targets; True when every target is met."""
    spacy_times = [r.text for r in spacy if r.text is not None]
    spacy_median = median(spacy_times)
    ok = True
    print(
        f"\nmedians over {rounds} rounds, seconds from launch; ratio = text / the Log app's "
        f"text in this run. spaCy import + load alone: median {fmt(spacy_median)} s "
        f"(all: {' '.join(fmt(t, '.2f') for t in spacy_times)})"
    )
    targets: list[tuple[str, bool]] = []
    for size in sizes:
        log = median([r.text for r in results[size, "log"] if r.text is not None])
        print(f"\n{size}: {'program':<22}{'text':>8}{'ratio':>7}{'cpu':>7}{'colour':>8}"
              f"{'panels':>8}{'colour-text':>13}{'panels-text':>13}  analysis process")  # fmt: skip
        for program in PROGRAMS:
            runs = results.get((size, program), [])
            if not runs:
                continue
            text = median([r.text for r in runs if r.text is not None])
            colour = median([r.colour for r in runs if r.colour is not None])
            panels = median([r.panels for r in runs if r.panels is not None])
            after_colour = median(
                [r.colour - r.text for r in runs if r.colour is not None and r.text is not None]
            )
            after_panels = median(
                [r.panels - r.text for r in runs if r.panels is not None and r.text is not None]
            )
            ratio = text / log if text is not None and log else None
            cpu = median([r.cpu for r in runs if r.cpu is not None])
            child = ""
            if program in READERS:
                child = f"{sum(r.child_process for r in runs)}/{len(runs)} runs"
            missed = sum(r.timed_out for r in runs)
            print(
                f"{'':5}{NAMES[program]:<22}{fmt(text):>8}{fmt(ratio, '.2f'):>7}"
                f"{fmt(cpu, '.2f'):>7}{fmt(colour):>8}{fmt(panels):>8}"
                f"{fmt(after_colour):>13}{fmt(after_panels):>13}"
                f"  {child}{f' ({missed} timed out)' if missed else ''}"
            )
            if program.startswith("margin") and ratio is not None:
                targets.append((f"{size} {program}: text ≤ 1.3× Log ({ratio:.2f})", ratio <= 1.3))
            if program == "margin-warm":
                worst = max(
                    99.0 if after_colour is None else after_colour,
                    99.0 if after_panels is None else after_panels,
                )
                targets.append((f"{size} warm: colours and panels ≤ 0.2 s after text "
                                f"({worst:.3f})", worst <= 0.2))  # fmt: skip
                started = sum(r.child_process for r in runs)
                targets.append((f"{size} warm: no analysis process ({started} started)",
                                started == 0))  # fmt: skip
            if program == "margin-cold" and colour is not None and spacy_median is not None:
                beyond = colour - spacy_median
                targets.append((f"{size} cold: colours ≤ spaCy load + 0.3 s ({beyond:+.3f})",
                                beyond <= 0.3))  # fmt: skip
    print("\ntargets:")
    for name, met in targets:
        ok &= met
        print(f"  {'yes' if met else 'NO '}  {name}")
    return ok


# -- main ------------------------------------------------------------------------------------


def terminal_env(tmp: Path) -> dict[str, str]:
    """The environment every program runs in: the user's, without margin's, less's or
    Textual's settings, a 256-colour terminal, and private config, data and cache folders
    under ``tmp``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MARGIN_", "LESS", "TEXTUAL"))
        and key not in ("LINES", "COLUMNS")  # the size comes from the terminal
    }
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        XDG_CONFIG_HOME=str(tmp / "config"),
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CACHE_HOME=str(tmp / "xdg-cache"),
        MARGIN_CONFIG_DIR=str(tmp / "config" / "margin"),
        MARGIN_DB=str(tmp / "data" / "margin.json"),
    )
    return env


def write_articles(corpus: Path, sizes: Sequence[str], tmp: Path) -> dict[str, Article]:
    """The article of each size (:data:`SIZES`) built from ``corpus``, written under ``tmp``."""
    articles: dict[str, Article] = {}
    for size in sizes:
        unit, amount = SIZES[size]
        text = build_text(corpus, unit, amount)
        path = tmp / f"bbc-{size}.txt"
        path.write_text(text, encoding="utf-8")
        articles[size] = Article(size, path, first_phrase(text))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the BBC corpus directory")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--programs", nargs="+", choices=list(PROGRAMS), default=list(PROGRAMS[:5]))
    parser.add_argument(
        "--versus",
        metavar="PYTHONPATH",
        help="also run the margin found on this path (e.g. another checkout's package "
        "folder) in the same rounds, warm and/or cold as the margin programs asked for: a "
        "before/after in one run",
    )
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="rounds (default 5)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per run")
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        help="warm analysis cache to fill and keep between bench runs (default: a temp dir)",
    )
    parser.add_argument("--seed", type=int, default=16, help="for the order of the runs")
    parser.add_argument(
        "--save", type=Path, metavar="DIR", help="write each run's terminal output here"
    )
    args = parser.parse_args()
    compile_margin()
    if args.versus:
        compile_margin(args.versus)  # byte-compiled too: a fair comparison
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="margin-reader-speed-") as tmp_name:
        tmp = Path(tmp_name)
        base_env = terminal_env(tmp)
        warm = args.cache or tmp / "warm-cache"
        articles = write_articles(args.corpus, args.sizes, tmp)
        for size, article in articles.items():
            text = article.path.read_text(encoding="utf-8")
            print(f"{size}: {len(text.split()):,} words, {len(text):,} characters; "
                  f"first words {article.phrase!r}")  # fmt: skip
        started = time.perf_counter()
        prepare(list(articles.values()), {**base_env, "MARGIN_CACHE_DIR": str(warm)})
        print(f"warm cache filled by margin analyze in {time.perf_counter() - started:.1f} s")
        if args.versus:  # its own cache entries (another analyser version keys them apart)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "margin",
                    "analyze",
                    *(str(a.path) for a in articles.values()),
                ],
                stdout=subprocess.DEVNULL,
                env={**base_env, "MARGIN_CACHE_DIR": str(warm), "PYTHONPATH": args.versus},
                check=True,
            )
        programs = programs_to_run(args.programs, versus=bool(args.versus))
        cold_runs = 0
        results: dict[tuple[str, str], list[Run]] = {}
        spacy: list[Run] = []
        for round_no in range(args.repeat):
            jobs = [(size, p) for size in args.sizes for p in programs]
            if any(p.endswith("-cold") for p in programs):
                jobs.append(("", "spacy"))
            rng.shuffle(jobs)
            for size, program in jobs:
                env = dict(base_env)
                if program.startswith("vs-"):
                    env["PYTHONPATH"] = args.versus
                if program.endswith("-warm"):
                    env["MARGIN_CACHE_DIR"] = str(warm)
                else:
                    cold_runs += 1
                    env["MARGIN_CACHE_DIR"] = str(tmp / f"cold-cache-{cold_runs}")
                if program == "spacy":
                    watch = Watch(SPACY_LOADED)
                    argv = command("spacy", Path())
                else:
                    article = articles[size]
                    watch = Watch(
                        article.phrase,
                        article.entities,
                        colour=program in READERS,
                        panels=program.endswith("-warm"),
                    )
                    argv = command(program, article.path)
                run = run_in_terminal(argv, env, watch, args.timeout, keep=bool(args.save))
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    name = f"{round_no}-{size or 'x'}-{program}.bin"
                    (args.save / name).write_bytes(run.output)
                    run.output = b""
                (spacy if program == "spacy" else results.setdefault((size, program), [])).append(
                    run
                )
                shutil.rmtree(tmp / f"cold-cache-{cold_runs}", ignore_errors=True)
                print(
                    f"round {round_no + 1} {size or '':>4} {NAMES[program]:<22} text "
                    f"{fmt(run.text)} colour {fmt(run.colour)} panels {fmt(run.panels)}"
                    f"{' child' if run.child_process else ''}"
                    f"{' TIMED OUT' if run.timed_out else ''}",
                    flush=True,
                )
    ok = report(results, spacy, args.sizes, args.repeat)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
