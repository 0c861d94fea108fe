"""``margin notes`` writes each article's notes as they come, from one read of the store."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import margin.storage.journal as journal_module
from margin.cli import main
from margin.model import Article
from margin.storage.store import Store

STORIES = [
    Article.from_text(
        f"Story {i}: the port authority said on Friday that berth {i} would reopen in June. "
        "Dock workers said the repairs had taken twice as long as planned.",
        f"Berth {i}",
        f"/news/berth-{i}.txt",
    )
    for i in range(3)
]


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "margin.json"
    monkeypatch.setenv("MARGIN_DB", str(path))
    store = Store(path)
    for i, story in enumerate(STORIES):
        store.add_article(story)  # saves its text
        for k in range(2):
            store.add_note(store.new_note(story, 10 + k, 30, body=f"story {i} note {k}"))
    return path


def test_json_is_written_article_by_article(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    written_when_read: list[str] = []
    real_text = Store.article_text

    def article_text(self: Store, sha256: str) -> str | None:
        written_when_read.append(out.getvalue())
        return real_text(self, sha256)

    monkeypatch.setattr(Store, "article_text", article_text)
    assert main(["notes", "--format", "json"]) == 0
    records = json.loads(out.getvalue())
    assert len(records) == 6
    assert len(written_when_read) == 3
    # When the last article's text is read, the first two articles' notes are already out.
    assert sum(r["id"] in written_when_read[-1] for r in records) == 4
    assert written_when_read[0] == "["
    assert len(out.getvalue().splitlines()) == 8  # "[", one line a note, "]"


def test_listing_reads_each_notes_file_once(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[Path] = []
    real_read = journal_module.NotesFile.read

    def read(self: journal_module.NotesFile) -> dict:
        reads.append(self.base)
        return real_read(self)

    monkeypatch.setattr(journal_module.NotesFile, "read", read)
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert main(["notes", "--format", "json"]) == 0
    assert sorted(reads) == sorted({*reads}) and len(reads) == 3


def test_an_empty_list_is_an_empty_json_array(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MARGIN_DB", str(tmp_path / "margin.json"))
    assert main(["notes", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
