"""One tag rule (margin.storage.tags) for the command line, the editor and imports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_samples import ARTICLE, EXPORTED, notes

from margin.cli import main
from margin.export.api import export_article
from margin.export.importer import parse_bundle
from margin.storage.store import Store
from margin.storage.tags import normalize_tag, normalize_tags
from margin.tui.screens.note_editor import parse_tags

TYPED = ["#Policy", "  fact check ", "EU", "Q3", "(Budget)"]
EXPECTED = ("policy", "fact-check", "EU", "Q3", "budget")


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("Policy", "policy"),
        ("#policy", "policy"),
        ("  to   do  ", "to-do"),
        ("NHS", "NHS"),
        ("Q3", "Q3"),
        ("A", "a"),  # one capital is no acronym
        ("EU/Budget", "eu/budget"),  # not alphanumeric: no acronym
        ("«quoted»,", "quoted"),
        ("#", ""),
    ],
)
def test_one_tag(raw: str, tag: str) -> None:
    assert normalize_tag(raw) == tag


def test_repeats_are_dropped_case_insensitively_first_kept() -> None:
    assert normalize_tags(["Todo", "TODO", "todo", "#", "", "EU", "eu"]) == ("todo", "EU")


def test_the_command_line_stores_what_the_editor_stores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The mayor said the wall would cost $48 million.\n", encoding="utf-8")
    db = tmp_path / "margin.json"
    args = ["notes", "add", str(article), "--quote", "the wall", "--db", str(db)]
    for tag in TYPED:
        args += ["--tag", tag]
    assert main(args) == 0
    [note] = Store(db).notes()
    assert note.tags == EXPECTED
    assert parse_tags("#Policy, fact-check EU Q3 (Budget)") == EXPECTED


@pytest.mark.parametrize("fmt", ["json", "w3c"])
def test_imports_apply_the_rule(fmt: str) -> None:
    exported = json.loads(export_article(ARTICLE, notes(), fmt=fmt, exported_at=EXPORTED))
    if fmt == "json":
        exported["notes"][0]["tags"] = TYPED
    else:
        exported["first"]["items"][0]["body"] = [
            {"type": "TextualBody", "purpose": "tagging", "value": t} for t in TYPED
        ]
    bundle = parse_bundle(json.dumps(exported))
    assert bundle.notes[0].tags == EXPECTED
