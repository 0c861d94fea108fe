"""Speakers and claims over a library of thousands of articles: how fast the Speakers view
opens and filters, how fast ``margin claims --speaker`` answers, beside a plain scan of the
cached analyses (what answering without the claims index costs), in the same run.

    python bench/library_speed.py ../shared/data/bbc [--library DIR] [--speaker NAME]
                                  [--repeat 5]

The library lives in ``DIR`` (default ``/tmp/margin-library-bench``): ``DIR/margin.json``
(``MARGIN_DB``) and the analysis cache ``DIR/cache`` (``MARGIN_CACHE_DIR``). When it has no
library yet, ``margin add`` adds every article of the data folder's topic folders (analysing
them: it takes a while on a small machine; run it once, then reuse ``DIR``). Then, rounds
alternate (medians over ``--repeat`` rounds):

* ``scan``: the plain way, in this process: read every library article's cached analysis
  (:meth:`AnalysisCache.get`) and keep the claims whose speaker's group is NAME;
* ``index``: the same answer from the claims index, in this process: :func:`open_index`
  (read the index file, check it against the library and the cache) and select NAME's claims;
* ``margin claims``: ``python -m margin claims --speaker NAME --format json`` as a command,
  from launch to exit (the interpreter's start-up included). Target: < 1 s.

Then the Speakers view, headless at 120x40 in this process: from ``p`` on the library until
the speakers are listed (``open``: the first time, the index read; ``open again``: the app
keeps the index while neither the library nor the index file changes), and the filter:
NAME typed one character at a time, the time until the list shows the result. Target: the
view open and filtered in < 0.3 s. And the library's search in the texts: per keystroke,
the filter over every article (title, source and text), CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

TOPICS = ("business", "entertainment", "politics", "sport", "tech")


def _env(library: Path) -> dict[str, str]:
    return {
        **os.environ,
        "MARGIN_DB": str(library / "margin.json"),
        "MARGIN_CACHE_DIR": str(library / "cache"),
    }


def ensure_library(data: Path, library: Path) -> None:
    """Add the data folder's articles to the library unless it has them already."""
    if (library / "margin.json").exists():
        return
    library.mkdir(parents=True, exist_ok=True)
    folders = [str(data / t) for t in TOPICS if (data / t).is_dir()] or [str(data)]
    print(f"adding {data} to {library} (once; this analyses every article)…", flush=True)
    subprocess.run(
        [sys.executable, "-m", "margin", "add", "-q", *folders], env=_env(library), check=False
    )


def plain_scan(speaker: str) -> int:
    """Every library article's cached analysis read, the speaker's claims kept."""
    from margin.analysis.cache import AnalysisCache, model_key
    from margin.storage.store import Store

    store, cache, model = Store(), AnalysisCache(), model_key(None)
    assert model is not None
    wanted = speaker.casefold()
    found = 0
    for entry in store.entries():
        analysis = cache.get(entry.sha256, model)
        if analysis is None:
            continue
        found += sum(
            1 for c in analysis.claims if c.speaker and c.speaker.group.casefold() == wanted
        )
    return found


def from_index(speaker: str) -> int:
    """The same from the claims index."""
    from margin.storage.claims_index import open_index
    from margin.storage.store import Store

    table = open_index(Store())
    return len(table.select(speakers=table.speaker_named(speaker)))


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(speaker: str) -> tuple[float, float]:
    """``margin claims --speaker NAME --format json``, launch to exit: (wall, CPU) in s."""
    started, cpu = time.perf_counter(), _child_cpu()
    subprocess.run(
        [sys.executable, "-m", "margin", "claims", "--speaker", speaker, "--format", "json"],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started, _child_cpu() - cpu


def timed(fn: Any, *args: Any) -> tuple[float, float, Any]:
    """(wall, CPU, result) of ``fn(*args)``."""
    started, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.perf_counter() - started, time.process_time() - cpu, result


async def speakers_view(speaker: str, *, empty: bool = False) -> dict[str, tuple[float, float]]:
    """Open the Speakers view twice and filter it; the times (wall, CPU; s). With ``empty``,
    over an empty index (the baseline: what Textual's screen costs without the data)."""
    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig
    from margin.tui.screens.library import LibraryScreen
    from margin.tui.screens.speakers import SpeakersScreen

    app = MarginApp(config=ReaderConfig())
    if empty:
        from types import SimpleNamespace

        from margin.storage.claims_table import ClaimsTable

        app._claims_source = SimpleNamespace(load=lambda: ClaimsTable([], {}))
    times: dict[str, tuple[float, float]] = {}

    def since(started: tuple[float, float]) -> tuple[float, float]:
        return time.perf_counter() - started[0], time.process_time() - started[1]

    def now() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    async def until(pilot: Any, done: Any) -> None:
        while not done():
            await pilot.pause(0.002)

    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await app.workers.wait_for_complete()
        await pilot.pause()
        for label in ("open", "open again"):
            started = now()
            await pilot.press("p")
            await until(
                pilot,
                lambda: isinstance(app.screen, SpeakersScreen) and app.screen.table is not None,
            )
            await pilot.pause()
            times[label] = since(started)
            screen = app.screen
            assert isinstance(screen, SpeakersScreen) and screen.table is not None
            if label == "open":
                await pilot.press("slash")
                keys = []
                for key in speaker:
                    started = now()
                    await pilot.press(key)
                    await pilot.pause()
                    keys.append(since(started))
                times["keystroke"] = (
                    statistics.median(k[0] for k in keys),
                    statistics.median(k[1] for k in keys),
                )
                times["filter"] = (sum(k[0] for k in keys), sum(k[1] for k in keys))
                if not empty:
                    names = [screen.table.speakers[i].name for i in screen.shown]
                    assert any(speaker.casefold() in n.casefold() for n in names), names[:5]
            await pilot.press("escape", "escape", "escape")
            await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
    return times


def text_search(words: str) -> tuple[int, list[float]]:
    """The library's search over every article's title, source and text: CPU time per
    keystroke of ``words`` typed one character at a time."""
    from margin.storage.fulltext import LibraryTexts
    from margin.storage.store import Store

    store = Store()
    entries = store.entries()
    texts = LibraryTexts()
    texts.load(store.article_text, [e.sha256 for e in entries])
    per_key = []
    for n in range(1, len(words) + 1):
        started = time.process_time()
        texts.search(entries, words[:n])
        per_key.append(time.process_time() - started)
    return len(entries), per_key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="the BBC folder (../shared/data/bbc)")
    parser.add_argument("--library", type=Path, default=Path("/tmp/margin-library-bench"))
    parser.add_argument("--speaker", default="Tony Blair")
    parser.add_argument("--search", default="chancellor budget")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ensure_library(args.data, args.library)
    os.environ.update(_env(args.library))
    from margin.storage.claims_index import open_index
    from margin.storage.store import Store

    table = open_index(Store())  # builds the index once if missing (not timed)
    print(
        f"library: {len(table.entries) + len(table.not_analysed):,} articles "
        f"({len(table.not_analysed):,} not analysed), {len(table):,} claims, "
        f"{len(table.speakers):,} speakers; speaker {args.speaker!r}"
    )
    rounds: dict[str, list[tuple[float, float]]] = {"scan": [], "index": [], "margin claims": []}
    answers: set[int] = set()
    n = 0
    for _ in range(args.repeat):
        wall, cpu, n = timed(plain_scan, args.speaker)
        rounds["scan"].append((wall, cpu))
        wall, cpu, m = timed(from_index, args.speaker)
        rounds["index"].append((wall, cpu))
        answers.add(m)
        rounds["margin claims"].append(command(args.speaker))
    print(f"claims of {args.speaker}: scan finds {n} (by group name), index {sorted(answers)}")
    print(f"  {'':>14}  {'wall':>9}  {'CPU':>9}   (medians of {args.repeat})")
    med: dict[str, tuple[float, float]] = {}
    for name, values in rounds.items():
        med[name] = (
            statistics.median(v[0] for v in values),
            statistics.median(v[1] for v in values),
        )
        print(f"  {name:>14}: {med[name][0] * 1000:6.0f} ms  {med[name][1] * 1000:6.0f} ms")
    for name in ("index", "margin claims"):
        ratio = [med[name][i] / med["scan"][i] for i in (0, 1)]
        print(f"  {name} / scan: wall {ratio[0]:.3f}, CPU {ratio[1]:.3f}")
    views: dict[str, dict[str, list[tuple[float, float]]]] = {"index": {}, "empty": {}}
    for _ in range(args.repeat):  # interleaved: the view over the index, over nothing
        for kind in ("index", "empty"):
            result = asyncio.run(speakers_view(args.speaker, empty=kind == "empty"))
            for key, value in result.items():
                views[kind].setdefault(key, []).append(value)
    print(f"Speakers view ({args.speaker!r} typed after /), medians, wall / CPU, beside the")
    print("same view over an empty index (what Textual's screen costs without the data):")
    for key in ("open", "open again", "keystroke", "filter"):
        cells = []
        for kind in ("index", "empty"):
            values = views[kind][key]
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            cells.append(f"{wall * 1000:6.0f} / {cpu * 1000:5.0f} ms")
        print(f"  {key:>10}: {cells[0]}   empty: {cells[1]}")
    for kind in ("index", "empty"):
        pairs = zip(views[kind]["open"], views[kind]["keystroke"], strict=True)
        both = [(a[0] + b[0], a[1] + b[1]) for a, b in pairs]
        wall = statistics.median(v[0] for v in both) * 1000
        cpu = statistics.median(v[1] for v in both) * 1000
        target = " (target < 300 ms)" if kind == "index" else ""
        print(f"  open + one keystroke ({kind}): {wall:.0f} ms wall, {cpu:.0f} ms CPU{target}")
    count, per_key = text_search(args.search)
    print(
        f"library search in titles, sources and texts of {count:,} articles, "
        f"{args.search!r} typed: median {statistics.median(per_key) * 1000:.1f} ms, "
        f"max {max(per_key) * 1000:.1f} ms CPU per keystroke"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
