"""How fast the notes store adds a note and opens the library, against simpler designs.

For 100, 1,000 and 10,000 notes already stored, times (median of several runs):

* **add** - saving one more note durably (it survives a crash once the call returns);
* **open** - opening the store and listing the library with each article's note count.

Backends, all with the same durability (fsync before the call returns):

* ``margin (100/article)`` - :class:`margin.storage.store.Store` with the notes spread at 100 per
  article (10,000 notes = 100 articles): the realistic case;
* ``margin (1 article)`` - the same store with every note on one article: before the journal
  (:mod:`margin.storage.journal`) its worst case, since an add rewrote the article's file;
  now an add appends one line to the article's journal whatever its number of notes (the
  notes are built as a folded notes file, as after the article was opened);
* ``tinydb one file`` - the layout first planned in DESIGN.md: library and notes in one TinyDB
  file, written with the same safe storage (temp file, fsync, rename, dir fsync, lock);
* ``json rewrite`` - a plain JSON file of every note, loaded, appended to and rewritten the same
  safe way;
* ``sqlite3`` - one row per note, default rollback journal, ``synchronous=FULL``.

Then, at the largest size, ``margin notes --format json`` (every note, re-anchored against its
article's saved text) is run as a command, with the notes spread and all on one article:
seconds until its first note is written and until it ends, and the CPU seconds it used
(medians of interleaved runs), beside two baselines run in turn with it: ``python -c pass``
(the interpreter's start-up alone) and a plain ``json.loads`` + ``json.dumps`` of the same notes
files (the least any listing does).

Run: ``.venv/bin/python bench/store_speed.py [--sizes 100 1000 10000] [--repeat 15]``;
``--listing-only --sizes 10000`` times the listing alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from margin.model import Article
from margin.storage import schema
from margin.storage.model import Anchor, LibraryEntry, Note
from margin.storage.paths import lock_path, notes_dir, text_path, texts_dir
from margin.storage.safe_storage import SafeJSONStorage, StoreLock, atomic_write, dump_json
from margin.storage.store import KeyedTinyDB, Store, now_iso

SQLITE_SYNC = "FULL"

PARAGRAPH = (
    "The harbour board said on Thursday that the north pier would close for repairs in May, "
    "and that ferries would use the south landing until the work is finished. "
)


def make_article(i: int) -> Article:
    return Article.from_text(PARAGRAPH * 8 + f"Article {i}.", f"Article {i}", f"/bench/{i}.txt")


def make_note(article: Article, n: int) -> Note:
    start = (n * 7) % (len(article.text) - 60)
    now = now_iso()
    return Note(
        id=f"{n:032x}",
        article=article.sha256,
        anchor=Anchor.from_text(article.text, start, start + 40),
        body=f"Note {n}: check this figure against the board's minutes.",
        tags=("bench", f"t{n % 5}"),
        colour=1 + n % 5,
        created=now,
        updated=now,
    )


def entry(article: Article) -> dict[str, Any]:
    now = now_iso()
    return LibraryEntry(article.sha256, article.title, article.source, now, now).to_dict()


def layout(total: int, per_article: int | None) -> list[tuple[Article, list[Note]]]:
    """``total`` notes spread ``per_article`` to an article (``None``: all on one)."""
    size = per_article or total
    groups = []
    n = 0
    for i in range((total + size - 1) // size):
        article = make_article(i)
        count = min(size, total - n)
        groups.append((article, [make_note(article, n + k) for k in range(count)]))
        n += count
    return groups


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


# -- backends: each prepares a database of ``groups`` in ``folder`` and returns (add, open) ----


def margin_store(folder: Path, groups: list[tuple[Article, list[Note]]]) -> tuple[Any, Any]:
    db = folder / "margin.json"
    Store(db)  # creates the main file
    articles = {a.sha256: entry(a) for a, _ in groups}
    atomic_write(db, dump_json({**schema.meta_tables(), schema.ARTICLES_TABLE: articles}))
    notes_dir(db).mkdir(exist_ok=True)
    for article, notes in groups:
        data = {schema.NOTES_TABLE: {n.id: n.to_dict() for n in notes}}
        atomic_write(notes_dir(db) / f"{article.sha256}.json", dump_json(data))
    store = Store(db)
    target = groups[0][0]
    counter = iter(range(10**9, 2 * 10**9))

    def add() -> None:
        store.add_note(make_note(target, next(counter)))

    def open_() -> None:
        Store(db).articles()

    return add, open_


def tinydb_one_file(folder: Path, groups: list[tuple[Article, list[Note]]]) -> tuple[Any, Any]:
    db = folder / "one.json"
    data = {
        "articles": {a.sha256: entry(a) for a, _ in groups},
        "notes": {n.id: n.to_dict() for _, notes in groups for n in notes},
    }
    atomic_write(db, dump_json(data))
    lock = StoreLock(lock_path(db))
    tiny = KeyedTinyDB(db, storage=SafeJSONStorage, lock=lock)
    table = tiny.table("notes")
    target = groups[0][0]
    counter = iter(range(10**9, 2 * 10**9))

    def add() -> None:
        note = make_note(target, next(counter))
        with lock:
            table.put({note.id: note.to_dict()})

    def open_() -> None:
        t = KeyedTinyDB(db, storage=SafeJSONStorage, lock=StoreLock(lock_path(db)))
        counts: dict[str, int] = {}
        for doc in t.table("notes").all():
            counts[doc["article"]] = counts.get(doc["article"], 0) + 1
        [(e["title"], counts.get(e.doc_id, 0)) for e in t.table("articles").all()]

    return add, open_


def json_rewrite(folder: Path, groups: list[tuple[Article, list[Note]]]) -> tuple[Any, Any]:
    db = folder / "plain.json"
    data = {
        "articles": [entry(a) for a, _ in groups],
        "notes": [n.to_dict() for _, notes in groups for n in notes],
    }
    atomic_write(db, json.dumps(data).encode())
    lock = StoreLock(lock_path(db))
    target = groups[0][0]
    counter = iter(range(10**9, 2 * 10**9))

    def add() -> None:
        with lock:
            current = json.loads(db.read_bytes())
            current["notes"].append(make_note(target, next(counter)).to_dict())
            atomic_write(db, json.dumps(current).encode())

    def open_() -> None:
        current = json.loads(db.read_bytes())
        counts: dict[str, int] = {}
        for doc in current["notes"]:
            counts[doc["article"]] = counts.get(doc["article"], 0) + 1
        [(e["title"], counts.get(e["sha256"], 0)) for e in current["articles"]]

    return add, open_


def sqlite(folder: Path, groups: list[tuple[Article, list[Note]]]) -> tuple[Any, Any]:
    db = folder / "notes.sqlite"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA synchronous={SQLITE_SYNC}")
    con.execute(
        "CREATE TABLE articles "
        "(sha256 TEXT PRIMARY KEY, title TEXT, source TEXT, added TEXT, opened TEXT)"
    )
    con.execute("CREATE TABLE notes (id TEXT PRIMARY KEY, article TEXT, data TEXT)")
    con.execute("CREATE INDEX notes_article ON notes(article)")
    with con:
        con.executemany(
            "INSERT INTO articles VALUES (:sha256, :title, :source, :added, :opened)",
            [entry(a) for a, _ in groups],
        )
        con.executemany(
            "INSERT INTO notes VALUES (?, ?, ?)",
            [(n.id, n.article, json.dumps(n.to_dict())) for _, ns in groups for n in ns],
        )
    target = groups[0][0]
    counter = iter(range(10**9, 2 * 10**9))

    def add() -> None:
        note = make_note(target, next(counter))
        with con:
            con.execute(
                "INSERT INTO notes VALUES (?, ?, ?)",
                (note.id, note.article, json.dumps(note.to_dict())),
            )

    def open_() -> None:
        c = sqlite3.connect(db)
        c.execute(
            "SELECT a.title, count(n.id) FROM articles a LEFT JOIN notes n ON n.article = a.sha256 "
            "GROUP BY a.sha256 ORDER BY a.opened DESC"
        ).fetchall()
        c.close()

    return add, open_


PLAIN_JSON = """
import json, sys
from pathlib import Path
notes = []
for path in sorted(Path(sys.argv[1]).glob("*.json")):
    notes.extend(json.loads(path.read_bytes())["notes"].values())
sys.stdout.write(json.dumps(notes, ensure_ascii=False))
"""
"""The least any listing does: parse the notes files and write their notes as one JSON array."""


def timed_run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``command``; returns seconds until its first ``{`` is written, until it ends, and
    the CPU seconds (user + system) it used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    first = None
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    while chunk := proc.stdout.read1(65536):
        if first is None and b"{" in chunk:
            first = time.perf_counter() - t0
    proc.wait()
    total = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (first if first is not None else total), total, cpu


def notes_listing(
    folder: Path, groups: list[tuple[Article, list[Note]]], repeat: int
) -> dict[str, tuple[float, float, float]]:
    """``margin notes --format json`` on a database of ``groups`` (texts saved, as the reader
    leaves them) beside its baselines, run in turn ``repeat`` times: the interpreter's start-up
    (``python -c pass``) and a plain ``json.loads`` + ``json.dumps`` of the same notes files.
    Returns, for each, the medians of (first note out, end, CPU) in seconds."""
    margin_store(folder, groups)
    db = folder / "margin.json"
    texts_dir(db).mkdir(exist_ok=True)
    for article, _ in groups:
        atomic_write(text_path(db, article.sha256), article.text.encode())
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "plain json": [sys.executable, "-c", PLAIN_JSON, str(notes_dir(db))],
        "margin notes": [sys.executable, "-m", "margin", "notes", "--format", "json",
                         "--db", str(db)],
    }  # fmt: skip
    # As installed: modules compiled once (pip compiles them; PYTHONDONTWRITEBYTECODE, if set
    # here, would make every run compile margin's modules again), then one warm-up run each.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for command in commands.values():
        timed_run(command, env)
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            runs[name].append(timed_run(command, env))
    return {
        name: tuple(statistics.median(r[i] for r in times) for i in range(3))  # type: ignore[misc]
        for name, times in runs.items()
    }


# (name, builder, notes per article: None = all on one article)
BACKENDS: list[tuple[str, Callable[..., tuple[Any, Any]], int | None]] = [
    ("margin (100/article)", margin_store, 100),
    ("margin (1 article)", margin_store, None),
    ("tinydb one file", tinydb_one_file, 100),
    ("json rewrite", json_rewrite, 100),
    ("sqlite3", sqlite, 100),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per figure")
    parser.add_argument("--dir", type=Path, default=None, help="where to build the databases")
    parser.add_argument(
        "--no-fsync",
        action="store_true",
        help="skip every fsync (and sqlite's): the CPU cost of each design, without disk noise",
    )
    parser.add_argument(
        "--listing-only",
        action="store_true",
        help="time only margin notes --format json (at the largest size) and its baselines",
    )
    parser.add_argument("--repeat-listing", type=int, default=5, help="runs of each listing")
    args = parser.parse_args()
    if args.no_fsync:
        os.fsync = lambda fd: None
        global SQLITE_SYNC
        SQLITE_SYNC = "OFF"

    base = Path(tempfile.mkdtemp(prefix="margin-bench-", dir=args.dir))
    results: dict[tuple[str, int], tuple[float, float]] = {}
    try:
        for size in [] if args.listing_only else args.sizes:
            for name, build, per_article in BACKENDS:
                groups = layout(size, per_article)
                folder = base / f"{name.replace(' ', '_').replace('/', '_')}-{size}"
                folder.mkdir()
                add, open_ = build(folder, groups)
                results[name, size] = (
                    median_ms(add, args.repeat),
                    median_ms(open_, max(3, args.repeat // 3)),
                )
                shutil.rmtree(folder)
        listings = {}
        for label, per_article in (("100/article", 100), ("1 article", None)):
            folder = base / f"listing-{per_article}"
            folder.mkdir()
            listings[label] = notes_listing(
                folder, layout(args.sizes[-1], per_article), args.repeat_listing
            )
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    if not args.listing_only:
        print_grid(args, results)
    last = args.sizes[-1]
    print(f"\nmargin notes --format json, {last} notes; medians of {args.repeat_listing} "
          "interleaved runs, seconds (CPU: user + system of the process)")  # fmt: skip
    for label, rows in listings.items():
        print(f"  {label}:")
        base_total = rows["plain json"][1]
        for name, (first, total, cpu) in rows.items():
            print(f"    {name:<16} first note {first:5.2f}  done {total:5.2f}  cpu {cpu:5.2f}"
                  f"  (x{total / base_total:.2f} plain json)")  # fmt: skip
        total = rows["margin notes"][1]
        print(f"    target done ≤ 1 s: {'met' if total <= 1 else 'NOT met'}")


def print_grid(
    args: argparse.Namespace, results: dict[tuple[str, int], tuple[float, float]]
) -> None:
    """The add and open table, the growth of add time and the ratios to sqlite3."""
    sizes = args.sizes
    sync = "fsync skipped (CPU cost only)" if args.no_fsync else "every add fsynced"
    print(f"median ms over {args.repeat} adds / {max(3, args.repeat // 3)} opens; {sync}\n")
    header = f"{'backend':<22}" + "".join(f"{f'add@{s}':>11}{f'open@{s}':>12}" for s in sizes)
    print(header)
    print("-" * len(header))
    for name, _, _ in BACKENDS:
        row = f"{name:<22}"
        for s in sizes:
            add_ms, open_ms = results[name, s]
            row += f"{add_ms:>11.2f}{open_ms:>12.2f}"
        print(row)
    first, last = sizes[0], sizes[-1]
    print(f"\ngrowth of add time from {first} to {last} notes:")
    for name, _, _ in BACKENDS:
        print(f"  {name:<22} x{results[name, last][0] / results[name, first][0]:.2f}")
    print(f"\nat {last} notes, relative to sqlite3 (add, open):")
    ref_add, ref_open = results["sqlite3", last]
    for name, _, _ in BACKENDS:
        add_ms, open_ms = results[name, last]
        print(f"  {name:<22} add x{add_ms / ref_add:.2f}   open x{open_ms / ref_open:.2f}")
    spread, one = results["margin (100/article)", last][0], results["margin (1 article)", last][0]
    print(
        f"\ntarget: add a note at {last} notes ≤ 10 ms, fsync included -> margin (100/article) "
        f"{spread:.1f} ms, margin (1 article) {one:.1f} ms: "
        f"{'met' if max(spread, one) <= 10 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
