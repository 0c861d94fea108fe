"""``margin notes --format json`` at scale: the output streams (a note at a time, never the
whole listing in one piece) and the work per note stays the same as an article's notes grow.

The work is counted, not timed: the Python lines run (``sys.settrace``) for N, 2N and 4N notes
on one article. ``bench/store_speed.py --listing-only`` times the command itself.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from margin.cli import main
from margin.model import Article
from margin.storage.store import Store

SENTENCES = [
    f"The ferry board met on day {i} and said pier {i % 7} would need {i * 3} new piles. "
    for i in range(80)
]
STORY = Article.from_text("".join(SENTENCES), "Pier repairs", "/news/piers.txt")


def _database(folder: Path, count: int) -> Path:
    """A database with ``count`` notes on one article (its text saved, as the reader leaves
    it), imported in one write."""
    db = folder / f"notes-{count}" / "margin.json"
    store = Store(db)
    store.add_article(STORY)
    room = len(STORY.text) - 40
    notes = [
        store.new_note(STORY, (i * 37) % room, (i * 37) % room + 30, body=f"note {i}", tags=["t"])
        for i in range(count)
    ]
    assert store.import_notes(notes) == count
    return db


class _Recorder(io.StringIO):
    """stdout that remembers the length of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


def test_the_json_listing_is_written_a_note_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _database(tmp_path, 300)
    out = _Recorder()
    monkeypatch.setattr("sys.stdout", out)
    assert main(["notes", "--format", "json", "--db", str(db)]) == 0
    records = json.loads(out.getvalue())
    assert len(records) == 300 and {r["status"] for r in records} == {"anchored"}
    assert [r["anchor"]["start"] for r in records] == sorted(r["anchor"]["start"] for r in records)
    one_note = max(len(json.dumps(r, ensure_ascii=False)) for r in records)
    assert len(out.sizes) >= 300  # one write (at least) a note...
    assert max(out.sizes) <= one_note  # ...and never the listing, or a batch of notes, at once


def _lines_run(db: Path) -> int:
    """How many Python lines ``margin notes --format json`` runs on ``db``."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local

    previous = sys.gettrace()
    stdout = sys.stdout
    sys.stdout = io.StringIO()
    sys.settrace(calls)
    try:
        status = main(["notes", "--format", "json", "--db", str(db)])
    finally:
        sys.settrace(previous)
        sys.stdout = stdout
    assert status == 0
    return count


def test_the_json_listing_does_the_same_work_for_each_note(tmp_path: Path) -> None:
    n = 100
    dbs = {k: _database(tmp_path, k) for k in (n, 2 * n, 4 * n)}
    for db in dbs.values():
        _lines_run(db)  # the first run folds and checks; the next ones only read
    lines = {k: _lines_run(db) for k, db in dbs.items()}
    first, second = lines[2 * n] - lines[n], lines[4 * n] - lines[2 * n]
    # Linear: the next 2N notes cost twice what the N before them did (quadratic: 4 times).
    assert first > 0 and second == pytest.approx(2 * first, rel=0.05), lines
