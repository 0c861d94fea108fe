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

Then the Speakers view, headless at 120x40 in this process: from ``p`` on the library to the
frame that lists the speakers (``open``: the first time; ``open again``: the view is kept, and
the app keeps the index while neither the library nor the index file changes), and the
filter: NAME typed one character at a time, from each key to the frame with the result; then
``c``, the Claims view, the same way. Each three ways: ``ahead``, once the library has built
the views ahead (it does after a pause in typing); ``on demand``, at once (each view built
when first shown); ``empty``, on demand over an empty index (Textual's own cost). Target: the
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


async def key_to_frame(
    app: Any, key: str, done: Any, character: str | None = None
) -> tuple[float, float]:
    """Post ``key`` (typing ``character``) to ``app`` as the terminal would; the time (wall,
    CPU; s) until the first frame of the app's screen drawn once ``done()`` holds (headless,
    the frame is made but not written). Polled every ms: no test harness's pause is counted
    (Textual's pilot sleeps >= 20 ms a key)."""
    from textual import events

    frames: list[tuple[float, float]] = []
    display = app._display

    def spy(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None and not frames and screen is app.screen and done():
            frames.append((time.perf_counter(), time.process_time()))

    app._display = spy
    try:
        started = time.perf_counter(), time.process_time()
        app.post_message(events.Key(key, character))
        while not frames:
            await asyncio.sleep(0.001)
    finally:
        del app._display
    return frames[0][0] - started[0], frames[0][1] - started[1]


async def speakers_view(
    speaker: str, *, empty: bool = False, ahead: bool = True
) -> dict[str, tuple[float, float]]:
    """Open the Speakers view twice and filter it, then the Claims view twice: from the key
    to the frame that shows the list, or the filtered list (wall, CPU; s). With ``ahead``,
    once the library has built the views ahead (after a pause in typing), else at once
    (built when shown). With ``empty``, over an empty index (the baseline: what Textual's
    screen costs without the data)."""
    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig
    from margin.tui.screens import library_views
    from margin.tui.screens.claims_view import ClaimsScreen
    from margin.tui.screens.library import LibraryScreen
    from margin.tui.screens.speakers import SpeakersScreen

    idle = library_views.IDLE_SECONDS
    if not ahead:
        library_views.IDLE_SECONDS = 1e9  # never built ahead
    app = MarginApp(config=ReaderConfig())
    if empty:
        from types import SimpleNamespace

        from margin.storage.claims_table import ClaimsTable

        app._claims_source = SimpleNamespace(load=lambda: ClaimsTable([], {}))
    times: dict[str, tuple[float, float]] = {}

    async def until(pilot: Any, done: Any) -> None:
        while not done():
            await pilot.pause(0.002)

    def shown(kind: type) -> bool:
        screen = app.screen
        if not (isinstance(screen, kind) and screen.table is not None and screen.is_mounted):
            return False
        listing = screen.results_list  # laid out, with the rows (or the note of none)
        return bool(listing.size.height) and listing.source.__len__() == len(screen.shown)

    async def back(pilot: Any) -> None:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("escape", "escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.pause()

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
            await app.workers.wait_for_complete()
            await pilot.pause()
            library = app.screen
            assert isinstance(library, LibraryScreen)
            if ahead:
                await until(pilot, lambda: all(map(library.view_ready, library_views.VIEWS)))
                await pilot.pause()
            for label in ("open", "open again"):
                times[label] = await key_to_frame(app, "p", lambda: shown(SpeakersScreen))
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, SpeakersScreen) and screen.table is not None
                if label == "open":
                    await pilot.press("slash")
                    keys = []
                    for n, char in enumerate(speaker, 1):
                        typed = speaker[:n]

                        def filtered(screen: Any = screen, typed: str = typed) -> bool:
                            return bool(screen.query_text == typed)

                        key = "space" if char == " " else char
                        keys.append(await key_to_frame(app, key, filtered, char))
                        await pilot.pause()
                    times["keystroke"] = (
                        statistics.median(k[0] for k in keys),
                        statistics.median(k[1] for k in keys),
                    )
                    times["filter"] = (sum(k[0] for k in keys), sum(k[1] for k in keys))
                    if not empty:
                        names = [screen.table.speakers[i].name for i in screen.shown]
                        assert any(speaker.casefold() in n.casefold() for n in names), names[:5]
                await back(pilot)
            for label in ("claims open", "claims again"):
                times[label] = await key_to_frame(app, "c", lambda: shown(ClaimsScreen))
                await back(pilot)
    finally:
        library_views.IDLE_SECONDS = idle
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
    kinds = ("ahead", "on demand", "empty")
    views: dict[str, dict[str, list[tuple[float, float]]]] = {kind: {} for kind in kinds}
    for _ in range(args.repeat):  # interleaved: built ahead, built when shown, over nothing
        for kind in kinds:
            result = asyncio.run(
                speakers_view(args.speaker, empty=kind == "empty", ahead=kind == "ahead")
            )
            for key, value in result.items():
                views[kind].setdefault(key, []).append(value)
    print(f"Speakers view ({args.speaker!r} typed after /), then the Claims view; medians,")
    print("wall / CPU: built ahead by the library (after a pause), built when shown, and built")
    print("when shown over an empty index (what Textual's screen costs without the data):")
    print(f"  {'':>12}  {'ahead':>17}  {'on demand':>17}  {'empty':>17}")
    for key in ("open", "open again", "keystroke", "filter", "claims open", "claims again"):
        cells = []
        for kind in kinds:
            values = views[kind][key]
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            cells.append(f"{wall * 1000:6.0f} / {cpu * 1000:5.0f} ms")
        print(f"  {key:>12}: " + "  ".join(cells))
    for kind in kinds:
        pairs = zip(views[kind]["open"], views[kind]["keystroke"], strict=True)
        both = [(a[0] + b[0], a[1] + b[1]) for a, b in pairs]
        wall = statistics.median(v[0] for v in both) * 1000
        cpu = statistics.median(v[1] for v in both) * 1000
        target = " (target < 300 ms)" if kind != "empty" else ""
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
