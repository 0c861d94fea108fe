"""Does importing notes, and listing a note with a huge quote, scale linearly?

Each figure is the wall time of one ``margin`` command run in a fresh process (what a user
waits for, interpreter start-up included), the median of ``--repeat`` runs:

* **import N** - ``margin import`` of a margin JSON export holding N notes on one article, into
  an empty database;
* **re-import N** - the same file again (every note is already there: all skipped);
* **notes, 2 MB quote** - ``margin notes`` on a database holding one note whose quote is a
  2 MB passage: *anchored* (the text is unchanged) and *orphaned* (the passage is no longer in
  the text; the first run decides, later runs reuse the verdict).

Linear scaling means the 50,000-note figures are about 10x the 5,000-note ones (less, as
start-up is a fixed cost). ``--code NAME=SRC`` runs the commands with ``PYTHONPATH=SRC``
(a folder holding a ``margin`` package, e.g. built by ``/work/wt/mklinks.sh`` from a checkout
of another commit), so old and new code are measured in the same run, interleaved; a run that
exceeds ``--timeout`` is shown as ``>T``. Without ``--code`` the installed ``margin`` runs.

    python bench/import_speed.py [--sizes 5000 50000] [--repeat 3]
        [--code old=/tmp/base-src --code new=/tmp/new-src] [--old-sizes 1000 2000 4000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SAMPLE = (
    "the council said bridge budget would open in May critics argue cost doubled mayor "
    "residents association report officials confirmed river harbour ferry contract delay "
    "minister claimed that according to sources spokesperson million percent Tuesday"
)
WORDS = tuple(SAMPLE.split())
QUOTE_CHARS = 2 * 1024 * 1024


def article_text(chars: int, rng: random.Random) -> str:
    """Paragraphs of random sentences, about ``chars`` characters."""
    paras: list[str] = []
    size = 0
    while size < chars:
        sentences = []
        for _ in range(rng.randint(3, 7)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
            sentences.append(" ".join(words).capitalize() + ".")
        para = " ".join(sentences)
        paras.append(para)
        size += len(para) + 2
    return "\n\n".join(paras)


def sha256_text(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def anchor(text: str, start: int, end: int) -> dict[str, Any]:
    return {
        "exact": text[start:end],
        "prefix": text[max(0, start - 32) : start],
        "suffix": text[end : end + 32],
        "start": start,
        "end": end,
    }


def export_file(text: str, notes: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """A margin JSON export (format version 1) of ``notes`` on ``text``."""
    sha = sha256_text(text)
    return {
        "format": "margin-export",
        "version": 1,
        "generator": "bench/import_speed.py",
        "exported": "2025-01-01T00:00:00Z",
        "what": "notes",
        "article": {
            "title": title,
            "source": f"/bench/{sha[:8]}.txt",
            "sha256": sha,
            "length": len(text),
            "text": text,
        },
        "notes": [{**n, "article": sha} for n in notes],
        "analysis": None,
        "analysis_error": None,
    }


def notes_export(n: int, rng: random.Random) -> dict[str, Any]:
    text = article_text(200_000, rng)
    notes = []
    for i in range(n):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randint(10, 160)
        notes.append(
            {
                "id": f"{i:032x}",
                "anchor": anchor(text, start, end),
                "body": "Check this figure." if i % 3 else "",
                "tags": ["bench"] if i % 2 else [],
                "colour": 1 + i % 5,
                "created": "2025-01-01T00:00:00Z",
                "updated": "2025-01-01T00:00:00Z",
                "status": "anchored",
            }
        )
    return export_file(text, notes, f"{n} notes")


def quote_export(rng: random.Random, orphaned: bool) -> dict[str, Any]:
    """One note on a 2 MB passage of a ~2.1 MB one-article text (orphaned: its quote is another
    2 MB of random sentences, found nowhere in the text, exactly or approximately)."""
    text = article_text(QUOTE_CHARS + 100_000, rng)
    start, end = 50_000, 50_000 + QUOTE_CHARS
    note = {
        "id": "f" * 32,
        "anchor": anchor(text, start, end),
        "body": "a very long passage",
        "tags": [],
        "colour": None,
        "created": "2025-01-01T00:00:00Z",
        "updated": "2025-01-01T00:00:00Z",
        "status": "anchored",
    }
    if orphaned:
        note["anchor"]["exact"] = article_text(QUOTE_CHARS, rng)[:QUOTE_CHARS]
    return export_file(text, [note], "orphaned quote" if orphaned else "anchored quote")


def run(src: str | None, args: list[str], timeout: float) -> float | None:
    """Seconds ``margin ARGS`` took (``None``: killed after ``timeout``); fails loudly."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "margin", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=tempfile.gettempdir(),
        )
    except subprocess.TimeoutExpired:
        return None
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"margin {' '.join(args)} failed ({src}): {done.stderr.strip()}")
    return seconds


def fmt(seconds: float | None, timeout: float) -> str:
    return f">{timeout:.0f}s" if seconds is None else f"{seconds:.2f}s"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "-"
    return f"{a / b:.1f}x"


def median(values: list[float | None]) -> float | None:
    if any(v is None for v in values):
        return None
    return statistics.median(v for v in values if v is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument(
        "--old-sizes",
        type=int,
        nargs="+",
        default=None,
        help="sizes for the first --code only (old code can be too slow for the big ones)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600, help="per import run (s)")
    parser.add_argument(
        "--quote-timeout", type=float, default=120, help="per 'margin notes' run (s)"
    )
    parser.add_argument("--code", action="append", default=[], metavar="NAME=SRC")
    parser.add_argument("--seed", type=int, default=7)
    opts = parser.parse_args()
    codes = [tuple(c.split("=", 1)) for c in opts.code] or [("installed", "")]
    work = Path(tempfile.mkdtemp(prefix="margin-import-bench-"))
    rng = random.Random(opts.seed)
    try:
        files: dict[int, Path] = {}
        sizes = sorted(set(opts.sizes) | set(opts.old_sizes or []))
        for n in sizes:
            files[n] = work / f"notes-{n}.json"
            files[n].write_text(json.dumps(notes_export(n, rng)))
        quotes = {}
        for case in ("anchored", "orphaned"):
            quotes[case] = work / f"quote-{case}.json"
            quotes[case].write_text(json.dumps(quote_export(rng, case == "orphaned")))

        def sizes_for(i: int) -> list[int]:
            return opts.old_sizes if (i == 0 and opts.old_sizes and len(codes) > 1) else opts.sizes

        results: dict[tuple[str, str, int], list[float | None]] = {}
        print(f"python {sys.version.split()[0]}; median of {opts.repeat}; times include start-up")

        def measure(key: tuple[str, str, int], src: str, args: list[str], limit: float) -> bool:
            """Run and record one figure (printed at once); False if it timed out."""
            if None in results.get(key, []):
                return False  # timed out before: do not wait again
            seconds = run(src, args, limit)
            results.setdefault(key, []).append(seconds)
            size = f" {key[2]}" if key[2] else ""
            print(f"  .. {key[0]} {key[1]}{size}: {fmt(seconds, limit)}", flush=True)
            return seconds is not None

        for rep in range(opts.repeat):
            for i, (name, src) in enumerate(codes):
                empty = work / f"db-{name}-empty-{rep}" / "margin.json"
                measure((name, "start-up", 0), src, ["notes", "--db", str(empty)], opts.timeout)
                for n in sizes_for(i):
                    db = work / f"db-{name}-{n}-{rep}" / "margin.json"
                    args = ["import", str(files[n]), "--db", str(db)]
                    if measure((name, "import", n), src, args, opts.timeout):
                        measure((name, "re-import", n), src, args, opts.timeout)
                    shutil.rmtree(db.parent, ignore_errors=True)
                for case, path in quotes.items():
                    db = work / f"db-{name}-{case}-{rep}" / "margin.json"
                    if run(src, ["import", str(path), "--db", str(db)], opts.timeout) is None:
                        raise SystemExit(f"importing the {case} 2 MB quote timed out ({name})")
                    args = ["notes", "--db", str(db)]
                    if measure((name, f"notes {case} 1st", 0), src, args, opts.quote_timeout):
                        measure((name, f"notes {case} 2nd", 0), src, args, opts.quote_timeout)
                    shutil.rmtree(db.parent, ignore_errors=True)

        def got(key: tuple[str, str, int]) -> float | None:
            return median(results.get(key, [None]))

        def cell(key: tuple[str, str, int], limit: float) -> str:
            return fmt(got(key), limit) if key in results else "not run"

        for i, (name, _src) in enumerate(codes):
            startup = got((name, "start-up", 0)) or 0.0
            print(f"\n{name}: (start-up: 'margin notes' on an empty database {startup:.2f}s)")
            ns = sizes_for(i)
            for what in ("import", "re-import"):
                cells = [f"{n:>6}: {cell((name, what, n), opts.timeout):>8}" for n in ns]
                line = f"  {what:<10} " + "   ".join(cells)
                print(line)
                for small, big in itertools.pairwise(ns):
                    t_big, t_small = got((name, what, big)), got((name, what, small))
                    net = "-"
                    if t_big is not None and t_small is not None:
                        net = ratio(t_big - startup, t_small - startup)
                    print(
                        f"    {what} {big}/{small} notes = {big / small:.1f}x: time "
                        f"{ratio(t_big, t_small)}, without start-up {net}"
                    )
            for case in ("anchored", "orphaned"):
                first = cell((name, f"notes {case} 1st", 0), opts.quote_timeout)
                second = cell((name, f"notes {case} 2nd", 0), opts.quote_timeout)
                print(f"  notes, 2 MB quote, {case:<8}: 1st run {first:>8}, 2nd run {second:>8}")
        if len(codes) > 1:
            base, *others = codes
            for name, _src in others:
                print(f"\n{base[0]} / {name} (same size, same run):")
                for what in ("import", "re-import"):
                    for n in sorted(set(sizes_for(0)) & set(opts.sizes)):
                        old, new = got((base[0], what, n)), got((name, what, n))
                        print(f"  {what:<10} {n:>6}: {ratio(old, new)}")
                for case in ("anchored", "orphaned"):
                    for run_ in ("1st", "2nd"):
                        key = (base[0], f"notes {case} {run_}", 0)
                        old, new = got(key), got((name, f"notes {case} {run_}", 0))
                        shown = ratio(old, new)
                        if old is None and key in results and new:  # the old run timed out
                            shown = f">{opts.quote_timeout / new:.0f}x"
                        print(f"  notes {case} {run_}: {shown}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
