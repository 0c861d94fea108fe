"""Importing costs one read and one write per file, whatever the number of notes; an import
file over the size limit is refused from its size, before it is read."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from margin.cli import import_cmd, main
from margin.export.importer import parse_bundle
from margin.model import Article
from margin.storage import safe_storage
from margin.storage.model import Anchor, Note
from margin.storage.paths import notes_dir, text_path
from margin.storage.store import Store

PARAGRAPH = (
    "The harbour board said on Thursday that the north pier would close for repairs in May, "
    "and that ferries would use the south landing until the work is finished. "
)
ARTICLE = Article.from_text(PARAGRAPH * 40, "Pier closes", "/news/pier.txt")


def _export(n: int) -> str:
    text = ARTICLE.text
    notes = [
        Note(
            id=f"{i:032x}",
            article=ARTICLE.sha256,
            anchor=Anchor.from_text(text, (i * 37) % 3000, (i * 37) % 3000 + 25),
            body=f"note {i}",
            created="2025-01-01T00:00:00Z",
            updated="2025-01-01T00:00:00Z",
        ).to_dict()
        for i in range(n)
    ]
    return json.dumps(
        {
            "format": "margin-export",
            "version": 1,
            "article": {**_article_fields(), "text": text},
            "notes": notes,
        }
    )


def _article_fields() -> dict[str, str]:
    return {"title": ARTICLE.title, "source": ARTICLE.source, "sha256": ARTICLE.sha256}


def _count_io(monkeypatch: pytest.MonkeyPatch) -> tuple[Counter[str], Counter[str]]:
    """Count file reads (read_bytes/read_text) and atomic writes, by file name."""
    reads: Counter[str] = Counter()
    writes: Counter[str] = Counter()
    real_bytes, real_text, real_write = Path.read_bytes, Path.read_text, safe_storage.atomic_write

    def read_bytes(self: Path) -> bytes:
        reads[self.name] += 1
        return real_bytes(self)

    def read_text(self: Path, *args: object, **kwargs: object) -> str:
        reads[self.name] += 1
        return real_text(self, *args, **kwargs)  # type: ignore[arg-type]

    def atomic_write(path: Path, data: bytes, **kwargs: object) -> None:
        writes[Path(path).name] += 1
        real_write(path, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(Path, "read_text", read_text)
    monkeypatch.setattr(safe_storage, "atomic_write", atomic_write)
    return reads, writes


@pytest.mark.parametrize("phase", ["first", "again"])
def test_import_reads_and_writes_each_file_a_fixed_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, phase: str
) -> None:
    counts = []
    for n in (400, 4000):  # 4,000: re-importing them took 162 s
        db = tmp_path / f"db{n}" / "margin.json"
        bundle = parse_bundle(_export(n))
        store = Store(db)
        if phase == "again":
            import_cmd.import_bundle(store, bundle)
        reads, writes = _count_io(monkeypatch)
        result = import_cmd.import_bundle(store, bundle)
        monkeypatch.undo()
        assert (result.added, result.skipped) == ((n, 0) if phase == "first" else (0, n))
        notes_file = f"{ARTICLE.sha256}.json"
        text_file = text_path(db, ARTICLE.sha256).name
        counts.append((reads[notes_file], reads[text_file], writes[notes_file]))
        assert len(Store(db).notes(ARTICLE.sha256)) == n
    # The same few reads and writes for 4,000 notes as for 400 (on the unfixed code, a
    # re-import read the notes file once per note).
    assert counts[0] == counts[1]
    reads_notes, reads_text, writes_notes = counts[1]
    assert reads_notes == 1 and reads_text <= 1
    assert writes_notes == (1 if phase == "first" else 0)
    assert notes_dir(tmp_path / "db400" / "margin.json").is_dir()


def test_an_import_over_the_limit_is_refused_from_its_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # 250 MB, sparse: nothing to read if it is refused
        handle.truncate(250 * 1024 * 1024)

    def no_read(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(import_cmd, "_read_limited", no_read)
    db = tmp_path / "db" / "margin.json"
    assert main(["import", str(huge), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "250.0 MB" in err and "up to 50 MB" in err
    assert not db.exists()  # refused before the database was opened


def test_stdin_over_the_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_cmd, "MAX_IMPORT_BYTES", 1000)
    monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=io.BytesIO(b" " * 5000)))
    assert main(["import", "-", "--db", str(tmp_path / "margin.json")]) == 1
    assert "larger than" in capsys.readouterr().err


def test_stdin_under_the_limit_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", SimpleNamespace(buffer=io.BytesIO(_export(3).encode())))
    assert main(["import", "-", "--db", str(tmp_path / "margin.json")]) == 0
    assert "added 3 notes" in capsys.readouterr().out
