"""Notes are saved by appending to a journal beside the article's notes file, folded in later."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import margin.storage.journal as journal_module
from margin.model import Article
from margin.storage.paths import notes_dir
from margin.storage.store import Store

ARTICLE = Article.from_text(
    "The ferry company said on Monday that the winter timetable would start a week early. "
    "Islanders said the change left them without a morning crossing on Sundays. " * 3,
    "Ferries",
    "/news/ferries.txt",
)


def _files(store: Store, article: Article = ARTICLE) -> tuple[Path, Path]:
    base = notes_dir(store.path) / f"{article.sha256}.json"
    return base, base.with_suffix(".journal")


def _add(store: Store, n: int) -> None:
    for i in range(n):
        store.add_note(store.new_note(ARTICLE, 4, 20, body=f"note {i:05d}"))


def _state(path: Path) -> tuple[int, int, bytes] | None:
    if not path.exists():
        return None
    st = path.stat()
    return st.st_ino, st.st_mtime_ns, path.read_bytes()


def test_adding_a_note_does_not_rewrite_the_notes_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "margin.json")
    _add(store, 30)
    store.notes_for(ARTICLE)  # opening the article folds the journal into the file
    base, journal = _files(store)
    assert not journal.exists() and len(json.loads(base.read_text())["notes"]) == 30
    before = _state(base)
    note = store.add_note(store.new_note(ARTICLE, 30, 50, body="one more"))
    assert _state(base) == before  # same file, same bytes: only the journal was written
    [line] = journal.read_bytes().splitlines()
    assert json.loads(line) == {"put": {note.id: note.to_dict()}}
    assert len(Store(store.path).notes(ARTICLE.sha256)) == 31


def test_a_note_writes_as_many_bytes_at_10_notes_as_at_1000(tmp_path: Path) -> None:
    written = []
    for count in (10, 1000):
        store = Store(tmp_path / f"db-{count}" / "margin.json")
        _add(store, count - 1)
        store.notes_for(ARTICLE)
        base, journal = _files(store)
        before = (base.stat().st_size, journal.stat().st_size if journal.exists() else 0)
        note = store.new_note(ARTICLE, 4, 20, body="the same note")
        store.add_note(note.with_(id="f" * 32, created="t", updated="t"))
        written.append((base.stat().st_size - before[0], journal.stat().st_size - before[1]))
    assert written[0] == written[1]
    assert written[0][0] == 0  # never the notes file itself


def test_edits_and_deletions_are_journalled_too_and_read_back_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "margin.json")
    first = store.add_note(store.new_note(ARTICLE, 4, 20, body="first"))
    second = store.add_note(store.new_note(ARTICLE, 30, 40, body="second"))
    store.notes_for(ARTICLE)
    base, journal = _files(store)
    before = _state(base)
    store.update_note(first.with_(body="first, edited"))
    store.delete_note(second)
    assert _state(base) == before
    assert len(journal.read_bytes().splitlines()) == 2
    [only] = Store(store.path).notes(ARTICLE.sha256)
    assert (only.id, only.body) == (first.id, "first, edited")
    restored = store.restore_note(second)
    assert {n.id for n in Store(store.path).notes()} == {first.id, restored.id}


def test_opening_the_article_folds_its_journal(tmp_path: Path) -> None:
    store = Store(tmp_path / "margin.json")
    _add(store, 5)
    base, journal = _files(store)
    assert journal.exists() and not base.exists()
    notes = Store(store.path).notes_for(ARTICLE)
    assert len(notes) == 5
    assert not journal.exists()
    assert sorted(json.loads(base.read_text())["notes"]) == sorted(n.id for n in notes)


def test_a_journal_that_grows_past_the_threshold_is_folded_by_the_append(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(journal_module, "FOLD_BYTES", 2_000)
    store = Store(tmp_path / "margin.json")
    base, journal = _files(store)
    _add(store, 40)
    assert base.exists()  # folded without the article being opened
    assert not journal.exists() or journal.stat().st_size <= 2_000
    assert len(Store(store.path).notes()) == 40


def test_a_last_line_cut_short_by_a_crash_is_skipped_and_the_next_note_starts_afresh(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "margin.json")
    kept = store.add_note(store.new_note(ARTICLE, 4, 20, body="acknowledged"))
    _, journal = _files(store)
    with journal.open("ab") as fh:  # a save killed in the middle of its write
        fh.write(b'{"put": {"abc": {"id": "abc", "body": "never ackn')
    assert [n.id for n in Store(store.path).notes()] == [kept.id]
    after = store.add_note(store.new_note(ARTICLE, 30, 40, body="after the crash"))
    reopened = Store(store.path)
    assert {n.id for n in reopened.notes()} == {kept.id, after.id}
    assert reopened.warnings == []


def test_a_fold_interrupted_before_the_journal_is_removed_changes_nothing(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "margin.json")
    first = store.add_note(store.new_note(ARTICLE, 4, 20, body="first"))
    gone = store.add_note(store.new_note(ARTICLE, 30, 40, body="deleted later"))
    store.update_note(first.with_(body="edited"))
    store.delete_note(gone)
    _base, journal = _files(store)
    lines = journal.read_bytes()
    expected = {(n.id, n.body) for n in Store(store.path).notes()}
    store.notes_for(ARTICLE)  # the fold: new notes file, then the journal removed...
    journal.write_bytes(lines)  # ...but the crash came before the removal
    assert {(n.id, n.body) for n in Store(store.path).notes()} == expected == {(first.id, "edited")}


def test_notes_only_in_a_journal_are_listed_and_counted(tmp_path: Path) -> None:
    store = Store(tmp_path / "margin.json")
    store.add_article(ARTICLE)
    _add(store, 3)
    base, _journal = _files(store)
    assert not base.exists()
    fresh = Store(store.path)
    assert len(fresh.notes()) == 3
    assert fresh.articles()[0].note_count == 3


def test_a_corrupt_notes_file_is_moved_aside_and_the_journal_still_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "margin.json")
    _add(store, 2)
    store.notes_for(ARTICLE)
    later = store.add_note(store.new_note(ARTICLE, 30, 40, body="in the journal"))
    base, _ = _files(store)
    base.write_text('{"notes": {"abc": ')
    fresh = Store(store.path)
    assert [n.id for n in fresh.notes()] == [later.id]
    assert any("moved to" in w for w in fresh.warnings)


def test_removing_an_article_with_its_notes_removes_its_journal(tmp_path: Path) -> None:
    store = Store(tmp_path / "margin.json")
    store.add_article(ARTICLE)
    _add(store, 2)
    store.remove_article(ARTICLE.sha256, delete_notes=True)
    assert [p for p in notes_dir(store.path).iterdir() if not p.name.startswith(".")] == []
    assert Store(store.path).notes() == []


def test_a_failed_append_leaves_the_journal_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "margin.json")
    _add(store, 1)
    _, journal = _files(store)
    before = journal.read_bytes()
    real_write = os.write

    def half(fd: int, data: bytes) -> int:  # writes a little, then the disk is full
        real_write(fd, bytes(data[:10]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_module.os, "write", half)
    with pytest.raises(Exception, match="the disk is full"):
        store.add_note(store.new_note(ARTICLE, 30, 40))
    monkeypatch.undo()
    assert journal.read_bytes() == before
