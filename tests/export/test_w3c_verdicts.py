"""Verdicts in the W3C Web Annotation export (``assessing`` annotations on the claim's content)
and back through the importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from export_samples import ARTICLE, EXPORTED, TEXT, notes, span

from margin.errors import MarginError
from margin.export.api import export_article
from margin.export.importer import parse_bundle
from margin.export.restore import import_bundle
from margin.export.w3c import ANNO_CONTEXT
from margin.storage.model import Anchor
from margin.storage.store import Store
from margin.storage.verdict_model import Verdict

REASONING = "Contract says *June*.\n\n<b>not html</b>"


def verdicts() -> list[Verdict]:
    """A verdict with reasoning and a link, a bare one (a UUID id), and an orphan."""
    sha = ARTICLE.sha256
    return [
        Verdict(
            "v1", sha, Anchor.from_text(TEXT, *span("the bridge would open in May")),
            "mostly true", reasoning=REASONING, links=("https://audit.example.org/r?id=7",),
            created="2024-04-29T10:00:00Z", updated="2024-04-30T09:00:00Z",
        ),
        Verdict(
            "4f2a9c0d1e2b3c4d5e6f708192a3b4c5", sha,
            Anchor.from_text(TEXT, *span("The cost has doubled")), "false",
            created="2024-04-30T10:00:00Z", updated="2024-04-30T10:00:00Z",
        ),
        Verdict(
            "v3", sha, Anchor("The opening date slipped", "", "", 120, 144), "unverified",
            status="orphaned", created="2024-04-28T10:00:00Z", updated="2024-04-28T10:00:00Z",
        ),
    ]  # fmt: skip


def w3c() -> str:
    return export_article(ARTICLE, notes(), fmt="w3c", exported_at=EXPORTED, verdicts=verdicts())


def test_each_verdict_is_an_assessing_annotation_on_the_claim() -> None:
    data = json.loads(w3c())
    items = data["first"]["items"]
    assessing = [a for a in items if a["motivation"] == "assessing"]
    assert data["total"] == len(items) == len(notes()) + 3
    by_id = {a["id"]: a for a in assessing}
    assert set(by_id) == {
        "urn:margin:verdict:v1",
        "urn:uuid:4f2a9c0d-1e2b-3c4d-5e6f-708192a3b4c5",
        "urn:margin:verdict:v3",
    }
    first = by_id["urn:margin:verdict:v1"]
    assert first["body"] == [
        {"type": "TextualBody", "purpose": "assessing", "value": "mostly true"},
        {"type": "TextualBody", "purpose": "commenting", "value": REASONING,
         "format": "text/markdown"},
        {"id": "https://audit.example.org/r?id=7", "purpose": "linking"},
    ]  # fmt: skip
    start, end = span("the bridge would open in May")
    target = first["target"]
    assert target["source"] == ARTICLE.source
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == TEXT[start:end]
    assert position == {"type": "TextPositionSelector", "start": start, "end": end}
    assert (first["created"], first["modified"]) == ("2024-04-29T10:00:00Z", "2024-04-30T09:00:00Z")
    assert first["margin:article"] == ARTICLE.sha256
    bare = by_id["urn:uuid:4f2a9c0d-1e2b-3c4d-5e6f-708192a3b4c5"]
    assert [b["purpose"] for b in bare["body"]] == ["assessing"]  # no reasoning, no links
    assert by_id["urn:margin:verdict:v3"]["margin:status"] == "orphaned"


def test_verdicts_round_trip_through_w3c(tmp_path: Path) -> None:
    bundle = parse_bundle(w3c())
    assert len(bundle.notes) == len(notes())  # the notes stay notes
    assert {v.id: v for v in bundle.verdicts} == {v.id: v for v in verdicts()}
    assert [v.status for v in bundle.verdicts] == ["anchored", "anchored", "orphaned"]
    store = Store(tmp_path / "db" / "margin.json")
    try:
        store.add_article(ARTICLE)  # W3C carries no text: the article is opened first
        result = import_bundle(store, bundle)
        assert (result.verdicts_added, result.verdicts_skipped) == (3, 0)
        got = {v.id: v for v in store.verdicts.verdicts_for(ARTICLE)}
        assert got["v1"].reasoning == REASONING and got["v1"].rating == "mostly true"
        assert got["v1"].links == ("https://audit.example.org/r?id=7",)
        assert got["4f2a9c0d1e2b3c4d5e6f708192a3b4c5"].rating == "false"
        again = import_bundle(store, parse_bundle(w3c()))
        assert (again.verdicts_added, again.verdicts_skipped) == (0, 3)
    finally:
        store.close()


def _foreign(**changes: object) -> dict[str, object]:
    start, end = span("The cost has doubled")
    anno: dict[str, object] = {
        "@context": ANNO_CONTEXT,
        "id": "https://factcheck.example.org/a/9",
        "type": "Annotation",
        "motivation": "assessing",
        "body": [
            {"type": "TextualBody", "purpose": "assessing", "value": "false"},
            {"type": "TextualBody", "purpose": "commenting", "value": "Budget unchanged."},
        ],
        "target": {
            "source": ARTICLE.source,
            "selector": [{"type": "TextPositionSelector", "start": start, "end": end}],
        },
    }
    anno.update(changes)
    return anno


def test_an_assessment_from_another_tool_lands_on_the_article_by_its_source(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "margin.json")
    try:
        store.add_article(ARTICLE)
        result = import_bundle(store, parse_bundle(json.dumps(_foreign())))
        assert (result.added, result.verdicts_added) == (0, 1)
        (verdict,) = store.verdicts.verdicts_for(ARTICLE)
        assert (verdict.rating, verdict.reasoning) == ("false", "Budget unchanged.")
        assert verdict.span == span("The cost has doubled")
        other = Store(tmp_path / "other.json")  # the article not in this library
        try:
            with pytest.raises(MarginError, match="no article in the library for"):
                import_bundle(other, parse_bundle(json.dumps(_foreign())))
            assert list(other.verdicts.all()) == []
        finally:
            other.close()
    finally:
        store.close()


def test_a_malformed_assessment_is_one_clear_error() -> None:
    no_rating = _foreign(body=[{"type": "TextualBody", "purpose": "commenting", "value": "x"}])
    with pytest.raises(MarginError, match="annotation 1: an assessment with no rating"):
        parse_bundle(json.dumps(no_rating))
    bad_link = _foreign(body=[
        {"type": "TextualBody", "purpose": "assessing", "value": "false"},
        {"id": "javascript:alert(1)", "purpose": "linking"},
    ])  # fmt: skip
    with pytest.raises(MarginError, match=r"annotation 1: .*not an http or https link"):
        parse_bundle(json.dumps(bad_link))
