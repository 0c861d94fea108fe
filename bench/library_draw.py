"""How fast the library of 1,000 articles is drawn, beside a plain DataTable of the same rows,
and how long a search takes per keystroke.

    .venv/bin/python bench/library_draw.py ../shared/data/bbc [--articles 1000] [--repeat 5]

A notes database is built in a temporary directory: ``--articles`` library entries (the BBC
headlines as titles, their paths as sources, opened one minute apart) and ``--notes`` notes
spread over a tenth of them. Then, each in a pseudo-terminal of its own at 120x40 (as
``bench/reader_speed.py`` runs programs: ``bench/pty_watch.py``), rounds alternate:

* ``margin``: ``python -m margin`` with that database (no article given: the library opens);
* ``DataTable``: a minimal Textual app showing a ``DataTable`` with the same rows (title,
  source, note count, date; plain strings) read from a JSON file;

and time, from the launch, until the most recently opened article's title is in the output.
Medians over the rounds; the ratio is margin's to the DataTable app's.

Then, in this process (headless, 120x40), the library screen on the same database: for each
keystroke of a search typed one character at a time, the time to filter and redraw the
table (``LibraryScreen`` filters at each keystroke up to 5,000 articles, after a pause in
typing above: the figure is the work done per filtering), as CPU time (less disturbed by
other work on the machine) and wall time. Target: < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pty_watch import Watch, compile_margin, run_in_terminal

from margin.model import Article
from margin.storage.model import LibraryEntry
from margin.storage.store import Store

TABLE_APP = """
import json, sys
from textual.app import App
from textual.widgets import DataTable
rows = json.load(open(sys.argv[1], encoding="utf-8"))
class TableApp(App):
    def compose(self):
        yield DataTable(cursor_type="row", zebra_stripes=True)
    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("Title", "Source", "Notes", "Opened")
        table.add_rows(rows)
TableApp().run()
"""

QUERY = "economy"


def headlines(corpus: Path, count: int) -> list[tuple[str, str]]:
    """(title, source) of the first ``count`` BBC articles."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.name[0].isdigit())[:count]
    if len(files) < count:
        raise SystemExit(f"only {len(files)} articles under {corpus}")
    return [
        (p.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0].strip(), str(p))
        for p in files
    ]


def build(db: Path, corpus: Path, count: int, notes: int) -> list[list[str]]:
    """The database at ``db``; returns the rows the DataTable app shows (newest first)."""
    store = Store(db)
    now = datetime.now(UTC)
    rows = []
    with_notes: list[Article] = []
    for i, (title, source) in enumerate(headlines(corpus, count)):
        opened = (now - timedelta(minutes=i)).isoformat().replace("+00:00", "Z")
        article = Article.from_text(f"{title}\n\nArticle {i}.", title, source)
        store.put_entry(LibraryEntry(article.sha256, title, source, opened, opened))
        if i % 10 == 0:
            with_notes.append(article)
        rows.append([title, Path(source).name, "", f"{i} min ago"])
    per = max(1, notes // max(1, len(with_notes)))
    for article in with_notes:
        for k in range(per):
            store.add_note(store.new_note(article, 0, 5, body=f"note {k}"))
    return rows


def draw_times(db: Path, rows_file: Path, first_title: str, rounds: int) -> dict[str, list]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MARGIN_", "TEXTUAL"))},
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
        "MARGIN_DB": str(db),
        "MARGIN_CONFIG_DIR": str(db.parent / "config"),
        "MARGIN_CACHE_DIR": str(db.parent / "cache"),
    }
    programs = {
        "margin": [sys.executable, "-m", "margin"],
        "DataTable": [sys.executable, "-c", TABLE_APP, str(rows_file)],
    }
    times: dict[str, list] = {name: [] for name in programs}
    watch = Watch(" ".join(first_title.split()[:3]))
    for r in range(rounds):
        for name in list(programs)[:: 1 if r % 2 == 0 else -1]:
            run = run_in_terminal(programs[name], env, watch, 120)
            times[name].append(run)
            print(f"round {r + 1} {name:<10} title {run.text} cpu {run.cpu}", flush=True)
    return times


async def search_times(db: Path) -> list[tuple[float, float]]:
    """(CPU, wall) seconds to filter and redraw per keystroke of :data:`QUERY`."""
    from textual.app import App
    from textual.widgets import Input

    from margin.tui.screens.library import LibraryScreen

    store = Store(db)

    class LibraryApp(App[None]):
        def on_mount(self) -> None:
            self.push_screen(LibraryScreen(store))

    app = LibraryApp()
    times = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        screen: Any = app.screen
        search = screen.query_one("#search", Input)
        for i in range(1, len(QUERY) + 1):
            search.value = QUERY[:i]
            await pilot.pause()
            c0, t0 = time.process_time(), time.perf_counter()
            screen._refilter()
            await pilot.pause()  # the redraw
            times.append((time.process_time() - c0, time.perf_counter() - t0))
        shown = len(screen.shown)
    print(f"search {QUERY!r}: {shown} of {len(store.articles())} articles shown at the end")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the BBC corpus directory (for titles)")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5, metavar="N")
    args = parser.parse_args()
    compile_margin()
    with tempfile.TemporaryDirectory(prefix="margin-library-") as tmp:
        db = Path(tmp) / "data" / "margin.json"
        db.parent.mkdir()
        rows = build(db, args.corpus, args.articles, args.notes)
        rows_file = Path(tmp) / "rows.json"
        rows_file.write_text(json.dumps(rows), encoding="utf-8")
        print(f"library: {args.articles} articles, {args.notes} notes; first row {rows[0][0]!r}")
        times = draw_times(db, rows_file, rows[0][0], args.repeat)
        searches = asyncio.run(search_times(db))
    medians = {}
    for name, runs in times.items():
        texts = [r.text for r in runs if r.text is not None]
        cpus = [r.cpu for r in runs if r.cpu is not None]
        medians[name] = statistics.median(texts) if texts else None
        cpu = f"{statistics.median(cpus):.2f}" if cpus else "—"
        shown = "—" if medians[name] is None else f"{medians[name]:.3f}"
        print(f"{name:<10} first row shown {shown} s (median of {len(texts)}), cpu {cpu} s")
    ratio = None
    if medians["margin"] and medians["DataTable"]:
        ratio = medians["margin"] / medians["DataTable"]
    print(f"ratio margin / DataTable: {ratio:.2f} (target ≤ 1.2)" if ratio else "ratio: —")
    cpu = [c * 1000 for c, _ in searches]
    wall = [w * 1000 for _, w in searches]
    print(f"search per keystroke (filter + redraw): CPU median {statistics.median(cpu):.1f} ms, "
          f"max {max(cpu):.1f} ms; wall median {statistics.median(wall):.1f} ms, max "
          f"{max(wall):.1f} ms (target < 50 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
