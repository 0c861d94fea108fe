"""``margin notes``: list, add, rm, --tag, --format json, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from margin.cli import main
from margin.storage.anchoring import find_quote
from margin.storage.store import Store

PIECE = """\
Night trains return to the coast line

The regional rail company will run night trains to the coast again from September, its
director Mira Haddad said on Wednesday. "People asked for this for years," she said.

Unions welcomed the plan but warned that staffing was still short.
"""


@pytest.fixture
def piece(tmp_path: Path) -> Path:
    path = tmp_path / "night-trains.txt"
    path.write_text(PIECE, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "data" / "margin.json"
    monkeypatch.setenv("MARGIN_DB", str(path))
    return path


def _add(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(["notes", "add", *argv]) == 0
    out = capsys.readouterr().out
    return out.split()[2]  # "added note <id> to ..."


def test_add_list_and_rm(piece: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nid = _add(
        capsys, str(piece), "--quote", "Mira Haddad", "--body", "Check her title", "--tag", "people"
    )
    hid = _add(capsys, str(piece), "--quote", "staffing was still short", "--colour", "2")
    notes = Store(db).notes()
    assert {n.id for n in notes} == {nid, hid}
    assert main(["notes"]) == 0
    out = capsys.readouterr().out
    assert "Night trains return to the coast line" in out
    assert "“Mira Haddad”" in out and "Check her title" in out and "#people" in out
    assert out.index("Mira Haddad") < out.index("staffing was still short")  # reading order
    assert "colour 2" in out
    assert main(["notes", "rm", nid[:8]]) == 0
    assert nid in capsys.readouterr().out
    assert [n.id for n in Store(db).notes()] == [hid]


def test_add_anchors_first_occurrence_and_quote_across_line_break(
    piece: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nid = _add(capsys, str(piece), "--quote", "said")
    note = Store(db).get_note(nid)
    assert note.anchor.start == PIECE.index("said")
    nid2 = _add(capsys, str(piece), "--quote", "from September, its director Mira")
    note2 = Store(db).get_note(nid2)
    assert note2.anchor.exact == "from September, its\ndirector Mira"


def test_quote_absent_is_an_error(
    piece: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["notes", "add", str(piece), "--quote", "ferries"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("margin: quote not found") and "ferries" in err
    assert "Traceback" not in err
    assert Store(db).notes() == []


def test_missing_article_is_an_error(db: Path, tmp_path: Path, capsys) -> None:
    assert main(["notes", "add", str(tmp_path / "nope.txt"), "--quote", "x"]) != 0
    err = capsys.readouterr().err
    assert err.startswith("margin: ") and "Traceback" not in err


def test_tag_filter_and_json(piece: Path, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = _add(capsys, str(piece), "--quote", "night trains", "--tag", "transport", "--tag", "Q3")
    _add(capsys, str(piece), "--quote", "Unions welcomed", "--tag", "labour")
    assert main(["notes", "--tag", "transport", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records] == [a]
    r = records[0]
    assert r["anchor"]["exact"] == "night trains" and r["tags"] == ["transport", "Q3"]
    assert r["status"] == "anchored" and r["title"] == "Night trains return to the coast line"
    assert r["source"] == str(piece.resolve())
    assert main(["notes", "--tag", "transport", "--tag", "labour", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["notes", "--tag", "nothing"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no notes" in captured.err


def test_list_one_article_shows_orphans_after_the_file_changed(
    piece: Path, db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = _add(capsys, str(piece), "--quote", "Mira Haddad", "--body", "source?")
    lost = _add(capsys, str(piece), "--quote", "staffing was still short", "--body", "how short?")
    # The file is edited: the second passage is rewritten. Adding a note re-reads it.
    piece.write_text(PIECE.replace("staffing was still short", "talks would continue"))
    _add(capsys, str(piece), "--quote", "Unions welcomed")
    assert main(["notes", str(piece), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in records][-1] == lost
    assert {r["id"]: r["status"] for r in records}[lost] == "orphaned"
    assert {r["id"]: r["status"] for r in records}[kept] in ("anchored", "moved")
    assert main(["notes", str(piece)]) == 0
    out = capsys.readouterr().out
    assert "orphaned" in out and "how short?" in out


def test_list_unknown_article_and_rm_unknown_id_are_errors(
    db: Path, piece: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["notes", str(piece)]) == 1
    assert "not in the library" in capsys.readouterr().err
    assert main(["notes", "rm", "deadbeef"]) == 1
    assert "no note with id" in capsys.readouterr().err


def test_db_flag_overrides_env(
    piece: Path, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.json"
    assert main(["notes", "add", str(piece), "--quote", "coast", "--db", str(other)]) == 0
    capsys.readouterr()
    assert len(Store(other).notes()) == 1
    assert Store(db).notes() == []


def test_newer_database_is_refused_in_one_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db.parent.mkdir(parents=True)
    db.write_text('{"meta": {"schema": {"version": 7}}}')
    assert main(["notes"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer margin" in err


def test_corrupt_database_warning_is_shown(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db.parent.mkdir(parents=True)
    db.write_text("{not json")
    assert main(["notes"]) == 0
    err = capsys.readouterr().err
    assert "margin: warning:" in err and "corrupt-" in err


def test_find_quote() -> None:
    assert find_quote("a b\n c", "b c") == (2, 6)
    assert find_quote("abc", "  ") is None
    assert find_quote("abc", "d") is None


def test_notes_of_an_imported_export_are_found_by_the_files_path(
    piece: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export names a local source by its file name only; once imported into another
    library, ``margin notes /full/path`` still finds the article, by its text."""
    monkeypatch.setenv("MARGIN_DB", str(tmp_path / "mine" / "margin.json"))
    _add(capsys, str(piece), "--quote", "Mira Haddad", "--body", "Check her title")
    exported = tmp_path / "shared.json"
    assert main(["export", str(piece), "--format", "json", "-o", str(exported)]) == 0
    assert str(piece.parent) not in exported.read_text(encoding="utf-8")
    monkeypatch.setenv("MARGIN_DB", str(tmp_path / "colleague" / "margin.json"))
    assert main(["import", str(exported)]) == 0
    capsys.readouterr()
    assert main(["notes", str(piece)]) == 0
    assert "Check her title" in capsys.readouterr().out
