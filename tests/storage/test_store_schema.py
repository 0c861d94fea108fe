"""Opening a database: schema versions, migration with a backup, corrupt files, leftovers."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from margin.model import Article
from margin.storage.model import Anchor, Note
from margin.storage.paths import notes_dir
from margin.storage.store import Store, StoreError

TEXT = "The lighthouse keeper retired after forty years. The light is now automatic."
ARTICLE = Article.from_text(TEXT, "Lighthouse", "/news/light.txt")


def _v1_file(path: Path) -> list[Note]:
    """A version-1 database: everything in one file, TinyDB integer ids."""
    notes = [
        Note(
            id=f"{i:032x}",
            article=ARTICLE.sha256,
            anchor=Anchor.from_text(TEXT, s, e),
            body=f"note {i}",
            tags=("old",),
            created="2024-01-01T00:00:00Z",
            updated="2024-01-01T00:00:00Z",
        )
        for i, (s, e) in enumerate([(4, 20), (50, 59)], start=1)
    ]
    data = {
        "meta": {"1": {"version": 1}},
        "articles": {
            "1": {
                "sha256": ARTICLE.sha256,
                "title": "Lighthouse",
                "source": "/news/light.txt",
                "added": "2024-01-01T00:00:00Z",
                "opened": "2024-01-02T00:00:00Z",
            }
        },
        "notes": {str(i): n.to_dict() for i, n in enumerate(notes, start=1)},
    }
    path.write_text(json.dumps(data))
    return notes


def test_older_schema_is_migrated_after_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    old_notes = _v1_file(db)
    original = db.read_bytes()
    store = Store(db)
    backups = list(tmp_path.glob("margin.json.bak-v1-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == original
    assert any("upgraded from schema 1 to 3" in w and str(backups[0]) in w for w in store.warnings)
    assert json.loads(db.read_text())["meta"]["schema"]["version"] == 3
    assert sorted(store.notes(), key=lambda n: n.id) == old_notes
    [entry] = store.articles()
    assert entry.sha256 == ARTICLE.sha256 and entry.note_count == 2
    # A second open is a plain open: no second backup, no warning.
    again = Store(db)
    assert again.warnings == [] and len(list(tmp_path.glob("margin.json.bak-*"))) == 1


def test_version_2_is_upgraded_in_place_so_an_older_margin_refuses_the_journals(
    tmp_path: Path,
) -> None:
    db = tmp_path / "margin.json"
    note = Store(db).new_note(ARTICLE, 4, 20, body="from version 2")
    for leftover in tmp_path.glob("*"):  # start from a version-2 folder, as margin 2 left it
        if leftover.is_file():
            leftover.unlink()
    entry = {"sha256": ARTICLE.sha256, "title": "T", "source": "/t.txt", "added": "", "opened": ""}
    db.write_text(
        json.dumps({"meta": {"schema": {"version": 2}}, "articles": {ARTICLE.sha256: entry}})
    )
    notes_dir(db).mkdir(exist_ok=True)
    (notes_dir(db) / f"{ARTICLE.sha256}.json").write_text(
        json.dumps({"notes": {note.id: note.to_dict()}})
    )
    store = Store(db)
    assert json.loads(db.read_text())["meta"]["schema"]["version"] == 3
    assert any("upgraded from schema 2 to 3" in w for w in store.warnings)
    assert len(list(tmp_path.glob("margin.json.bak-v2-*"))) == 1
    assert [n.body for n in store.notes()] == ["from version 2"]
    assert json.loads(db.read_text())["articles"][ARTICLE.sha256]["title"] == "T"


def test_unversioned_file_with_tables_counts_as_version_1(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    _v1_file(db)
    data = json.loads(db.read_text())
    del data["meta"]
    db.write_text(json.dumps(data))
    assert len(Store(db).notes()) == 2


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    content = json.dumps({"meta": {"schema": {"version": 99}}, "articles": {}, "future": {}})
    db.write_text(content)
    with pytest.raises(StoreError, match=r"newer margin \(schema 99"):
        Store(db)
    assert db.read_text() == content
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "margin.json"
    ]


@pytest.mark.parametrize(
    "content",
    [
        b'{"meta": {"schema": {"version": 2}}, "articles": {"x": ',
        b"\x00\xff\xfe garbage",
        b"[1, 2]",
    ],
)
def test_unreadable_file_is_moved_aside_and_a_fresh_one_started(
    tmp_path: Path, content: bytes
) -> None:
    db = tmp_path / "margin.json"
    db.write_bytes(content)
    store = Store(db)
    [aside] = tmp_path.glob("margin.json.corrupt-*")
    assert aside.read_bytes() == content  # kept, never overwritten
    assert len(store.warnings) == 1
    assert str(aside) in store.warnings[0] and "fresh" in store.warnings[0]
    store.add_note(store.new_note(ARTICLE, 4, 20, body="after the reset"))
    assert [n.body for n in Store(db).notes()] == ["after the reset"]


def test_corrupt_note_file_is_moved_aside_others_still_read(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    store = Store(db)
    other = Article.from_text("A second story, about tides and moons.", "Tides", "/t.txt")
    store.add_note(store.new_note(ARTICLE, 4, 20))
    keep = store.add_note(store.new_note(other, 2, 8))
    store.notes_for(ARTICLE)  # opening the article folds its journal into its notes file
    bad = notes_dir(db) / f"{ARTICLE.sha256}.json"
    bad.write_text('{"notes": {"abc": ')
    fresh = Store(db)
    assert [n.id for n in fresh.notes()] == [keep.id]
    assert any("moved to" in w for w in fresh.warnings)
    assert len(list(notes_dir(db).glob("*.corrupt-*"))) == 1


def test_a_malformed_note_is_skipped_with_a_warning_but_kept_on_disk(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    store = Store(db)
    good = store.add_note(store.new_note(ARTICLE, 4, 20))
    store.notes_for(ARTICLE)  # folds the journal into the notes file
    path = notes_dir(db) / f"{ARTICLE.sha256}.json"
    data = json.loads(path.read_text())
    data["notes"]["broken"] = {"id": "broken", "body": "no anchor"}
    path.write_text(json.dumps(data))
    fresh = Store(db)
    assert [n.id for n in fresh.notes()] == [good.id]
    assert fresh.warnings and "skipped" in fresh.warnings[0]
    assert "broken" in json.loads(path.read_text())["notes"]


def test_leftover_temp_files_are_cleaned_at_start(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    store = Store(db)
    store.add_article(ARTICLE)
    store.add_note(store.new_note(ARTICLE, 4, 20))
    leftovers = [
        tmp_path / ".margin.json.tmp-abc123",
        notes_dir(db) / f".{ARTICLE.sha256}.json.tmp-zz",
    ]
    old_text = tmp_path / "texts" / f".{ARTICLE.sha256}.txt.tmp-old"
    leftovers.append(old_text)
    for p in leftovers:
        p.write_text('{"half": ')
    os.utime(old_text, (time.time() - 3600, time.time() - 3600))
    spared = [
        tmp_path / "notes.tmp",  # not ours
        tmp_path / ".other.json.tmp-x",  # another database's, guarded by its own lock
        tmp_path / "texts" / f".{ARTICLE.sha256}.txt.tmp-new",  # texts/ is shared: too recent
    ]
    for p in spared:
        p.write_text("x")
    Store(db)
    assert not any(p.exists() for p in leftovers)
    assert all(p.exists() for p in spared)


def test_empty_file_is_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    db.write_bytes(b"")
    store = Store(db)
    assert store.warnings == [] and store.articles() == []


def test_file_corrupted_while_open_is_moved_aside_on_next_use(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    store = Store(db)
    store.add_article(ARTICLE)
    store.add_note(store.new_note(ARTICLE, 4, 20))
    store.notes_for(ARTICLE)  # folds the journal into the notes file
    (notes_dir(db) / f"{ARTICLE.sha256}.json").write_text("{oops")
    db.write_text("{oops")
    note = store.add_note(store.new_note(ARTICLE, 50, 59, body="still saved"))
    store.add_article(ARTICLE)
    assert [n.id for n in store.notes()] == [note.id]
    assert [n.id for n in Store(db).notes()] == [note.id]
    assert len(list(tmp_path.glob("margin.json.corrupt-*"))) == 1
    assert len(list(notes_dir(db).glob("*.corrupt-*"))) == 1
    assert len(store.warnings) == 2 and all("moved to" in w for w in store.warnings)
