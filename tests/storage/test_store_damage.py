"""Damaged databases: a corrupt notes file is said aloud and can be imported back; a malformed
library entry is skipped and reported (CLI and reader), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_fixtures import FixedAnalyzer

from margin.cli import main
from margin.model import Article
from margin.storage.paths import notes_dir
from margin.storage.store import Store

TEXT = (
    "The ferry operator said on Monday that the winter timetable would start a week early, "
    "because the harbour works had run over. Passengers were told to check the new times."
)
ARTICLE = Article.from_text(TEXT, "Winter timetable starts early", "/news/ferry.txt")
OTHER = Article.from_text(
    "The town library will open on Sundays from March, the council said.",
    "Library opens on Sundays",
    "/news/library.txt",
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "margin.json"
    monkeypatch.setenv("MARGIN_DB", str(path))
    return path


def _notes_file(db: Path, article: Article) -> Path:
    return notes_dir(db) / f"{article.sha256}.json"


def _with_a_note(db: Path) -> tuple[Store, str]:
    store = Store(db)
    store.add_article(ARTICLE)
    note = store.add_note(store.new_note(ARTICLE, 4, 18, body="which operator?"))
    store.notes_for(ARTICLE)  # opened: the journal folded into the article's notes file
    return store, note.id


# -- a corrupt per-article notes file ---------------------------------------------------------


@pytest.mark.parametrize("command", [["notes"], ["export", "/news/ferry.txt", "--format", "json"]])
def test_a_corrupt_notes_file_is_said_on_stderr_with_the_way_back(
    db: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _store, note_id = _with_a_note(db)
    path = _notes_file(db, ARTICLE)
    good = path.read_bytes()
    path.write_bytes(good[: len(good) // 2])  # cut in the middle: not JSON any more
    assert main(command) == 0
    err = capsys.readouterr().err
    [aside] = notes_dir(db).glob("*.corrupt-*")
    assert aside.read_bytes() == good[: len(good) // 2]  # kept as it was
    assert str(aside) in err and "Winter timetable starts early" in err
    assert f"margin import {aside}" in err
    assert err.count("margin: warning:") == 1
    # The way back it names works: repair the file, import it.
    aside.write_bytes(good)
    assert main(["import", str(aside)]) == 0
    assert "added 1 note" in capsys.readouterr().out
    assert [n.id for n in Store(db).notes(ARTICLE.sha256)] == [note_id]


def test_importing_a_notes_file_checks_every_note(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_a_note(db)
    bad = tmp_path / "notes.json"
    bad.write_text(json.dumps({"notes": {"x": {"id": "x", "article": ARTICLE.sha256}}}))
    assert main(["import", str(bad)]) == 1
    assert 'missing "anchor"' in capsys.readouterr().err


# -- a malformed library entry ----------------------------------------------------------------

MALFORMED = {
    "no-sha": {"title": "no sha256 at all"},
    "a-string": "just a string",
    "a-list": [1, 2],
    "bad-title": {"sha256": "ab" * 32, "title": ["not", "a", "string"]},
    "numeric-sha": {"sha256": 5},
}


def _library_with_bad_entries(db: Path) -> Store:
    store = Store(db)
    store.add_article(ARTICLE)
    store.add_article(OTHER)
    store.add_note(store.new_note(ARTICLE, 4, 18, body="kept"))
    data = json.loads(db.read_text())
    data["articles"].update(MALFORMED)
    db.write_text(json.dumps(data))
    return Store(db)


def test_malformed_library_entries_are_skipped_and_reported(db: Path) -> None:
    store = _library_with_bad_entries(db)
    assert {e.title for e in store.articles()} == {ARTICLE.title, OTHER.title}
    assert store.get_article(ARTICLE.sha256) is not None
    assert store.find_article("/news/library.txt") is not None
    assert len(store.warnings) == len(MALFORMED)
    assert all("malformed" in w for w in store.warnings)
    store.articles()  # said once, not again on every read
    assert len(store.warnings) == len(MALFORMED)
    # Kept in the file for the user to mend, even after a write.
    store.add_article(ARTICLE)
    assert set(MALFORMED) <= set(json.loads(db.read_text())["articles"])


@pytest.mark.parametrize(
    "command", [["notes"], ["notes", "/news/ferry.txt"], ["export", "/news/ferry.txt"]]
)
def test_cli_commands_work_around_a_malformed_entry(
    db: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _library_with_bad_entries(db)
    assert main(command) == 0
    captured = capsys.readouterr()
    assert "internal error" not in captured.err
    assert "malformed" in captured.err and "'no-sha'" in captured.err
    assert "kept" in captured.out


async def test_the_reader_library_opens_with_the_good_entries_and_says_why(db: Path) -> None:
    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig
    from margin.tui.screens.library import LibraryScreen
    from margin.tui.widgets.library_table import LibraryTable

    _library_with_bad_entries(db)
    app = MarginApp(db_path=str(db), config=ReaderConfig(), analyzer=FixedAnalyzer())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one("#table", LibraryTable)
        titles = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert titles == {ARTICLE.title, OTHER.title}
        messages = [n.message for n in app._notifications]
        assert any("malformed" in m and "'no-sha'" in m for m in messages)


# -- smaller store defects --------------------------------------------------------------------


def test_a_database_under_a_folder_we_cannot_enter_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno
    import os

    locked = tmp_path / "locked"
    real_mkdir, real_stat = os.mkdir, os.stat

    def denied(path: object) -> bool:
        return str(path).startswith(str(locked) + os.sep)

    def mkdir(path: object, *args: object, **kwargs: object) -> None:
        if denied(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if denied(path):  # what stat says under a folder without search (x) permission
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "stat", stat)
    assert main(["notes", "--db", str(locked / "sub" / "margin.json")]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"margin: cannot create the folder for the notes database {locked / 'sub'}: "
        "permission denied\n"
    )


@pytest.mark.parametrize("version", [0, -3])
def test_a_schema_version_below_one_is_set_aside_once(
    db: Path, version: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db.parent.mkdir(parents=True)
    content = json.dumps({"meta": {"schema": {"version": version}}, "articles": {}})
    db.write_text(content)
    assert main(["notes"]) == 0
    err = capsys.readouterr().err
    [aside] = db.parent.glob("margin.json.corrupt-*")
    assert aside.read_text() == content
    assert f"schema version {version}" in err and str(aside) in err
    assert main(["notes"]) == 0  # once: the fresh database is fine
    assert "warning" not in capsys.readouterr().err
    assert len(list(db.parent.glob("margin.json.*"))) == 1  # no backup on every run


def test_a_symlinked_database_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "margin.json"
    real.parent.mkdir()
    Store(real)
    link = tmp_path / "data" / "margin.json"
    link.parent.mkdir()
    link.symlink_to(real)
    leftover = real.parent / ".margin.json.tmp-killed"  # a writer killed mid-write
    leftover.write_text("{")
    store = Store(link)
    assert not leftover.exists()
    store.add_article(ARTICLE)
    assert link.is_symlink() and link.resolve() == real
    assert [e.title for e in Store(real).articles()] == [ARTICLE.title]
    assert not [p for p in real.parent.iterdir() if p.name.startswith(".margin.json.tmp-")]
