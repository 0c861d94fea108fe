"""``margin import``: idempotent, and bad files change nothing in the database."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from export_samples import ARTICLE, EXPORTED, notes

from margin.cli import main
from margin.errors import MarginError
from margin.export.api import export_article
from margin.export.importer import parse_bundle, parse_import
from margin.storage.store import Store


def _snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` (lock files aside) and a hash of its bytes."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database holding the sample article and one note."""
    path = tmp_path / "db" / "margin.json"
    store = Store(path)
    store.add_article(ARTICLE)
    store.add_note(notes()[1])
    store.close()
    return path


def test_import_twice_adds_nothing_the_second_time(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "notes.json"
    export.write_text(export_article(ARTICLE, notes(), fmt="json", exported_at=EXPORTED))
    assert main(["import", str(export), "--db", str(db)]) == 0
    assert capsys.readouterr().out == (
        "margin import: added 3 notes, skipped 1 already in the library\n"
    )
    before = _snapshot(db.parent)
    assert main(["import", str(export), "--db", str(db)]) == 0
    assert "added 0 notes, skipped 4" in capsys.readouterr().out
    assert _snapshot(db.parent) == before


GOOD = export_article(ARTICLE, notes(), fmt="json", exported_at=EXPORTED)


def _broken_note(change: dict[str, object]) -> str:
    data = json.loads(GOOD)
    data["notes"][2].update(change)
    return json.dumps(data)


BAD_FILES = {
    "empty": ("", "the file is empty"),
    "not json": ("{oops", "not valid JSON"),
    "foreign json": ('{"name": "package", "version": "1.0"}', "not a margin export"),
    "json list": ("[1, 2, 3]", "not a margin export"),
    "other format": ('{"format": "readwise", "version": 1}', "unknown format"),
    "newer version": (
        json.dumps({**json.loads(GOOD), "version": 99}),
        "made by a newer margin",
    ),
    "bad colour": (_broken_note({"colour": 7}), "notes[2].colour"),
    "bad anchor": (_broken_note({"anchor": {"exact": "x", "start": 9, "end": 2}}), "bad offsets"),
    "no id": (_broken_note({"id": ""}), "notes[2].id"),
    "edited text": (GOOD.replace("Critics disagree", "Critics agree"), "does not match"),
    "annotation without selector": (
        json.dumps({"type": "Annotation", "target": "https://x.org/"}),
        "no text selector",
    ),
    "annotation on an unknown page": (
        json.dumps(
            {
                "type": "Annotation",
                "target": {
                    "source": "https://elsewhere.example/never-opened",
                    "selector": {"type": "TextQuoteSelector", "exact": "hello"},
                },
            }
        ),
        "no article in the library for https://elsewhere.example/never-opened",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_give_one_line_and_change_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    content, message = BAD_FILES[case]
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    before = _snapshot(db.parent)
    assert main(["import", str(bad), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("margin: ") and err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err
    assert _snapshot(db.parent) == before


def test_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nope.json"), "--db", str(tmp_path / "d.json")]) == 1
    assert (
        capsys.readouterr().err == f"margin: cannot import {tmp_path / 'nope.json'}: no such file\n"
    )
    assert not (tmp_path / "d.json").exists()


def test_w3c_single_annotation_page_and_list_are_accepted() -> None:
    collection = json.loads(export_article(ARTICLE, notes(), fmt="w3c"))
    page = collection["first"]
    items = page["items"]
    assert len(parse_import(json.dumps(page))) == 4
    assert len(parse_import(json.dumps(items))) == 4
    single = {"@context": collection["@context"], **items[0]}
    (note,) = parse_import(json.dumps(single))
    assert note.article == ARTICLE.sha256
    # Pages that are only linked (not embedded) cannot be imported from a file.
    linked = {**collection, "first": "https://example.org/page1"}
    with pytest.raises(MarginError, match="pages are not in the file"):
        parse_bundle(json.dumps(linked))


def test_duplicate_ids_are_refused() -> None:
    data = json.loads(GOOD)
    data["notes"].append(data["notes"][0])
    with pytest.raises(MarginError, match="two notes with the id"):
        parse_bundle(json.dumps(data))
