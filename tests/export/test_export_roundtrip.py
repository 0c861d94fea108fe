"""JSON and W3C exports: schema and shape checks, and round trips through an empty library."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from export_samples import ARTICLE, EXPORTED, analysis, notes

from margin.export.api import export_article
from margin.export.importer import parse_bundle
from margin.export.json_export import load_schema
from margin.export.restore import import_bundle
from margin.export.w3c import ANNO_CONTEXT
from margin.storage.model import Note
from margin.storage.store import Store


def _fields(note: Note) -> tuple[Any, ...]:
    return (
        note.id,
        note.article,
        note.anchor,
        note.body,
        note.tags,
        note.colour,
        note.created,
        note.updated,
    )


@pytest.fixture
def library(tmp_path: Path) -> Store:
    """A library holding the sample article and its (placeable) notes."""
    store = Store(tmp_path / "src" / "margin.json")
    store.add_article(ARTICLE)
    for note in notes():
        store.add_note(note)
    yield store
    store.close()


# --- JSON -------------------------------------------------------------------------------------


def test_json_validates_against_the_schema() -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    for what in ("notes", "highlights", "claims", "all"):
        data = json.loads(
            export_article(
                ARTICLE, notes(), analysis=analysis(), fmt="json", what=what, exported_at=EXPORTED
            )
        )
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["format"] == "margin-export" and data["version"] == 1
    assert len(data["analysis"]["claims"]) == 3 and len(data["analysis"]["entities"]) == 4


def test_schema_rejects_what_the_importer_rejects() -> None:
    schema = load_schema()
    data = json.loads(export_article(ARTICLE, notes(), fmt="json", exported_at=EXPORTED))
    data["notes"][0]["colour"] = 9
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_json_is_lossless_without_a_store() -> None:
    original = notes()
    bundle = parse_bundle(export_article(ARTICLE, original, fmt="json", what="all"))
    assert bundle.kind == "margin-export"
    assert bundle.articles == [ARTICLE]
    by_id = {n.id: n for n in bundle.notes}
    for note in original:
        assert _fields(by_id[note.id]) == _fields(note)
        assert by_id[note.id].status == note.status


@pytest.mark.parametrize("fmt", ["json", "w3c"])
def test_round_trip_into_an_empty_library(library: Store, tmp_path: Path, fmt: str) -> None:
    before = library.notes_for(ARTICLE)
    assert len(before) == 4
    exported = export_article(ARTICLE, before, fmt=fmt)
    empty = Store(tmp_path / "empty" / "margin.json")
    try:
        if fmt == "w3c":
            # W3C carries no article text: the article is opened in the new library first.
            empty.add_article(ARTICLE)
        result = import_bundle(empty, parse_bundle(exported))
        assert (result.added, result.skipped) == (4, 0)
        after = empty.notes_for(ARTICLE)
        assert sorted(map(_fields, after)) == sorted(map(_fields, before))
        assert empty.get_article(ARTICLE.sha256) is not None
        again = import_bundle(empty, parse_bundle(exported))
        assert (again.added, again.skipped) == (0, 4)
        assert len(empty.notes_for(ARTICLE)) == 4
    finally:
        empty.close()


def test_w3c_import_waits_for_an_unopened_article(library: Store, tmp_path: Path) -> None:
    exported = export_article(ARTICLE, library.notes_for(ARTICLE), fmt="w3c")
    empty = Store(tmp_path / "empty" / "margin.json")
    try:
        result = import_bundle(empty, parse_bundle(exported))
        assert result.added == 4
        assert result.waiting == (f"“{ARTICLE.title}”",)  # named by its title
        empty.add_article(ARTICLE)  # opening the article shows them
        assert len(empty.notes_for(ARTICLE)) == 4
    finally:
        empty.close()


# --- W3C --------------------------------------------------------------------------------------


def _check_annotation(anno: dict[str, Any]) -> None:
    assert anno["type"] == "Annotation"
    assert anno["id"].startswith(("urn:uuid:", "urn:margin:note:"))
    assert anno["motivation"] in ("highlighting", "commenting")
    for body in anno.get("body", []):
        assert body["type"] == "TextualBody"
        assert body["purpose"] in ("commenting", "tagging")
        assert isinstance(body["value"], str)
    if anno["motivation"] == "commenting":
        assert anno["body"][0]["purpose"] == "commenting"
    target = anno["target"]
    assert isinstance(target["source"], str) and target["source"]
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector"
    assert set(quote) == {"type", "exact", "prefix", "suffix"}
    assert all(isinstance(quote[k], str) for k in ("exact", "prefix", "suffix"))
    assert position["type"] == "TextPositionSelector"
    assert set(position) == {"type", "start", "end"}
    assert isinstance(position["start"], int) and 0 <= position["start"] <= position["end"]


def test_w3c_collection_shape() -> None:
    data = json.loads(export_article(ARTICLE, notes(), fmt="w3c", exported_at=EXPORTED))
    assert ANNO_CONTEXT in data["@context"] and data["@context"][0] == ANNO_CONTEXT
    assert data["type"] == "AnnotationCollection"
    assert data["id"] and data["total"] == 4
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    assert data["last"] == page["id"]
    items = page["items"]
    assert len(items) == 4
    for anno in items:
        _check_annotation(anno)
    by_motivation = {a["motivation"] for a in items}
    assert by_motivation == {"highlighting", "commenting"}
    note = next(a for a in items if a["motivation"] == "commenting" and a.get("created"))
    assert note["id"] == "urn:uuid:1c6f8a1d-3e4b-5f60-ab0c-1d2e3f4a5b6c"
    assert [b["value"] for b in note["body"]] == [
        "Contract says *June*.\nAsk the press office.",
        "check",
        "bridge-plans",
    ]
    assert note["target"]["source"] == ARTICLE.source
    assert note["target"]["styleClass"] == "margin-colour-2"
    assert note["stylesheet"]["type"] == "CssStylesheet"
    assert note["margin:colour"] == 2


def test_w3c_from_another_tool_is_imported(tmp_path: Path) -> None:
    """A hand-written annotation (no margin extensions) lands on the library's article."""
    text = ARTICLE.text
    start = text.index("Critics disagree")
    foreign = {
        "@context": ANNO_CONTEXT,
        "id": "https://hypothes.is/a/abc123",
        "type": "Annotation",
        "bodyValue": "Which critics?",
        "target": {
            "source": ARTICLE.source,
            "selector": {"type": "TextQuoteSelector", "exact": "Critics disagree"},
        },
    }
    store = Store(tmp_path / "margin.json")
    try:
        store.add_article(ARTICLE)
        result = import_bundle(store, parse_bundle(json.dumps(foreign)))
        assert result.added == 1
        (note,) = store.notes_for(ARTICLE)
        assert note.body == "Which critics?"
        assert (note.anchor.start, note.anchor.end) == (start, start + len("Critics disagree"))
        assert note.status == "anchored"
        # The same annotation again is recognised by its IRI.
        assert import_bundle(store, parse_bundle(json.dumps(foreign))).added == 0
    finally:
        store.close()
