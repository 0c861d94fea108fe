"""``margin notes`` names every article by its title, never by a bare hash: a W3C import of
notes on an article not yet in the library carries the title, and the library keeps it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from export_samples import ARTICLE, notes

from margin.cli import main
from margin.cli.notes_cmd import article_heading
from margin.export.api import export_article
from margin.storage.model import LibraryEntry
from margin.storage.store import Store

BARE_HASH = re.compile(r"^\s*(article\s+)?[0-9a-f]{8,}\s*$", re.MULTILINE)


def test_a_w3c_import_names_the_article_before_it_is_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "bridge.jsonld"
    export.write_text(export_article(ARTICLE, notes(), fmt="w3c"), encoding="utf-8")
    db = tmp_path / "margin.json"
    assert main(["import", str(export), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert f"notes on “{ARTICLE.title}” will show when you open it" in err
    assert main(["notes", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == ARTICLE.title
    assert lines[1].startswith(f"  {ARTICLE.source} · not opened yet")
    assert not BARE_HASH.search(out)
    store = Store(db)
    [entry] = store.articles()
    assert (entry.sha256, entry.title, entry.source, entry.opened) == (
        ARTICLE.sha256, ARTICLE.title, ARTICLE.source, ""
    )  # fmt: skip
    # opening the article later keeps the entry's notes and makes it an ordinary entry
    store.add_article(ARTICLE)
    assert store.articles()[0].opened and len(store.notes(ARTICLE.sha256)) == len(notes())
    store.close()
    assert main(["notes", "--db", str(db)]) == 0
    assert "not opened yet" not in capsys.readouterr().out


def test_notes_on_an_unknown_article_are_labelled_not_a_bare_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A foreign W3C page (no margin:articleInfo) whose notes name an article by SHA-256."""
    page = json.loads(export_article(ARTICLE, notes(), fmt="w3c"))
    del page["margin:articleInfo"]
    export = tmp_path / "foreign.jsonld"
    export.write_text(json.dumps(page), encoding="utf-8")
    db = tmp_path / "margin.json"
    assert main(["import", str(export), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["notes", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Untitled article (not in the library)"
    assert f"sha256 {ARTICLE.sha256[:12]}…" in out
    assert not BARE_HASH.search(out)


def test_article_heading() -> None:
    entry = LibraryEntry("a" * 64, "", "/news/x.txt", "2025-01-01", "2025-01-02")
    assert article_heading("a" * 64, entry, has_text=True) == ("/news/x.txt", "")
    titled = LibraryEntry("a" * 64, "Title", "", "2025-01-01", "2025-01-02")
    assert article_heading("a" * 64, titled, has_text=True) == ("Title", "")


def test_export_all_passes_over_an_article_never_opened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "bridge.jsonld"
    export.write_text(export_article(ARTICLE, notes(), fmt="w3c"), encoding="utf-8")
    db = tmp_path / "margin.json"
    assert main(["import", str(export), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["export", "--all", "-o", str(tmp_path / "out"), "--db", str(db)]) == 0
    assert f"not exported, never opened: {ARTICLE.title}" in capsys.readouterr().err
