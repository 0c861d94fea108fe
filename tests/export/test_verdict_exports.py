"""Verdicts in the Markdown, HTML and JSON exports (escaped like notes), the JSON export and
import round trip, and the schema.org ClaimReview export's shape."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from export_samples import ARTICLE, EXPORTED, TEXT, analysis, notes, span

from margin.errors import MarginError
from margin.export.api import export_article, guess_format
from margin.export.claimreview import dumps_ld
from margin.export.importer import parse_bundle
from margin.export.json_export import SCHEMA_PATH, load_schema
from margin.export.restore import import_bundle
from margin.model import Article
from margin.storage.model import Anchor
from margin.storage.store import Store
from margin.storage.verdict_config import Reviewer, VerdictConfig, VerdictScale
from margin.storage.verdict_model import Verdict

CLAIMREVIEW_SCHEMA = SCHEMA_PATH.with_name("claimreview.schema.json")
HOSTILE = "Budget </script><script>alert(1)</script> line\u2028sep & <b>bold</b> %% # Heading"


def verdicts() -> list[Verdict]:
    """A verdict on the mayor's reported claim, one on the assertion, and an orphan."""
    sha = ARTICLE.sha256
    return [
        Verdict(
            "v2", sha, Anchor.from_text(TEXT, *span("The cost has doubled")), "false",
            reasoning=HOSTILE, links=("https://audit.example.org/report?id=7&x=<y>",),
            created="2024-04-30T10:00:00Z", updated="2024-04-30T11:00:00Z",
        ),
        Verdict(
            "v1", sha, Anchor.from_text(TEXT, *span("the bridge would open in May")),
            "mostly true", reasoning="Contract says *June*.",
            created="2024-04-29T10:00:00Z", updated="2024-04-29T10:00:00Z",
        ),
        Verdict(
            "v3", sha, Anchor("The opening date slipped", "", "", 120, 144), "unverified",
            status="orphaned", created="2024-04-28T10:00:00Z", updated="2024-04-28T10:00:00Z",
        ),
    ]  # fmt: skip


def export(fmt: str, vs: list[Verdict] | None = None, **kwargs: object) -> str:
    return export_article(
        ARTICLE, notes(), analysis=analysis(), fmt=fmt, exported_at=EXPORTED,
        verdicts=verdicts() if vs is None else vs, **kwargs,
    )  # fmt: skip


# -- JSON and the round trip ---------------------------------------------------------------


def test_json_carries_verdicts_and_validates() -> None:
    data = json.loads(export("json"))
    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
    assert [v["id"] for v in data["verdicts"]] == ["v1", "v2", "v3"]  # reading order, orphan last
    assert data["verdicts"][2]["status"] == "orphaned"
    assert data["verdicts"][1]["reasoning"] == HOSTILE
    bad = json.loads(export("json"))
    bad["verdicts"][0]["links"] = ["javascript:alert(1)"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, load_schema(), cls=jsonschema.Draft202012Validator)
    with pytest.raises(MarginError, match=r"verdicts\[0\]: not an http or https link"):
        parse_bundle(json.dumps(bad))


def test_highlights_only_export_has_no_verdicts() -> None:
    assert json.loads(export("json", what="highlights"))["verdicts"] == []


def test_json_round_trip_through_an_empty_library(tmp_path: Path) -> None:
    bundle = parse_bundle(export("json"))
    assert {v.id: v for v in bundle.verdicts} == {v.id: v for v in verdicts()}
    assert next(v for v in bundle.verdicts if v.id == "v3").orphaned
    store = Store(tmp_path / "db" / "margin.json")
    result = import_bundle(store, bundle)
    assert (result.verdicts_added, result.verdicts_skipped) == (3, 0)
    got = {v.id: v for v in store.verdicts.verdicts_for(ARTICLE)}
    assert got["v2"].reasoning == HOSTILE and got["v2"].links == verdicts()[0].links
    assert got["v1"].rating == "mostly true" and got["v3"].orphaned
    again = import_bundle(store, parse_bundle(export("json")))
    assert (again.verdicts_added, again.verdicts_skipped) == (0, 3)


def test_import_with_a_rating_off_the_scale_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "db" / "margin.json")
    bundle = parse_bundle(export("json"))
    scale = VerdictScale(("right", "wrong"), ())
    with pytest.raises(MarginError, match="rated 'mostly true', which is not on your scale"):
        import_bundle(store, bundle, scale)
    assert store.notes() == [] and list(store.verdicts.all()) == [] and not store.entries()
    # The same ratings spelled otherwise are the scale's.
    spelled = [v.with_(rating=v.rating.upper()) for v in bundle.verdicts]
    bundle.verdicts = spelled
    import_bundle(store, bundle)
    assert {v.rating for v in store.verdicts.all()} == {"false", "mostly true", "unverified"}


def test_a_verdicts_file_moved_aside_imports_back(tmp_path: Path) -> None:
    data = {"verdicts": {v.id: v.to_dict() for v in verdicts()[:2]}}
    bundle = parse_bundle(json.dumps(data))
    assert bundle.kind == "verdicts-file" and len(bundle.verdicts) == 2


# -- Markdown and HTML ---------------------------------------------------------------------


def test_markdown_lists_verdicts_escaped_like_notes() -> None:
    md = export("md")
    verdicts_part = md[md.index("## Verdicts") : md.index("## Orphaned verdicts")]
    assert verdicts_part.index("mostly true") < verdicts_part.index("**Verdict: false**")
    assert "> The cost has doubled" in verdicts_part
    assert "\\</script>" in verdicts_part and "</script>" not in verdicts_part.replace("\\<", "")
    assert "%%" not in verdicts_part.replace("%\\%", "")
    assert "\u2028" not in md  # shown, not obeyed
    assert "- [audit.example.org](https://audit.example.org/report?id=7&x=%3Cy%3E)" in md
    orphans = md[md.index("## Orphaned verdicts") :]
    assert "**Verdict: unverified**" in orphans and "> The opening date slipped" in orphans


def test_html_lists_verdicts_escaped_with_safe_links() -> None:
    page = export("html")
    section = page[page.index('<section class="verdicts">') :]
    assert "<script>" not in page and "&lt;/script&gt;&lt;script&gt;" in section
    assert 'class="verdict v-bad">✗ false</span>' in section
    assert 'class="verdict v-mostly">✓ mostly true</span>' in section
    assert '<a href="https://audit.example.org/report?id=7&amp;x=&lt;y&gt;"' in section
    assert "Orphaned verdicts" in section and "v-unrated" in section
    sneaky = verdicts()[0].with_(links=("javascript:alert(1)",))
    assert "javascript:" not in export("html", [sneaky])
    assert "javascript:" not in export("md", [sneaky])


# -- ClaimReview ---------------------------------------------------------------------------


def claimreview(vs: list[Verdict] | None = None, article: Article = ARTICLE) -> dict:
    config = VerdictConfig(
        reviewer=Reviewer("Desk Two", "https://desk.example/", "Organization", configured=True)
    )
    from margin.export.claimreview import render_claimreview
    from margin.export.document import ExportDocument

    doc = ExportDocument.build(
        article, [], analysis=analysis(), exported_at=EXPORTED,
        verdicts=verdicts() if vs is None else vs,
    )  # fmt: skip
    text = render_claimreview(doc, config)
    data = json.loads(text)
    schema = json.loads(CLAIMREVIEW_SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    return data


def test_claimreview_shape_field_by_field() -> None:
    data = claimreview()
    assert data["@context"] == "https://schema.org"
    first, second = data["@graph"]  # reading order; the orphan is left out
    assert first == {
        "@type": "ClaimReview",
        "claimReviewed": "the bridge would open in May",
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Doe"},
            "appearance": {
                "@type": "CreativeWork",
                "url": "https://news.example.org/bridge-vote",
                "headline": "Council backs the river bridge",
            },
        },
        "reviewRating": {
            "@type": "Rating", "ratingValue": 5, "bestRating": 6, "worstRating": 1,
            "alternateName": "mostly true",
        },
        "author": {"@type": "Organization", "name": "Desk Two", "url": "https://desk.example/"},
        "datePublished": "2024-04-29",
        "reviewBody": "Contract says *June*.",
    }  # fmt: skip
    # An unattributed claim: no author; its rating 2nd worst of six.
    assert "author" not in second["itemReviewed"]
    assert second["reviewRating"]["ratingValue"] == 2
    assert second["citation"] == [
        {"@type": "CreativeWork", "url": "https://audit.example.org/report?id=7&x=<y>"}
    ]
    for review in data["@graph"]:
        r = review["reviewRating"]
        assert r["worstRating"] <= r["ratingValue"] <= r["bestRating"]


def test_claimreview_names_a_local_file_never_its_path_and_unrated_has_no_value() -> None:
    local = Article(TEXT, "Council backs the river bridge", "/home/ana/secret/bridge.txt",
                    ARTICLE.sha256)  # fmt: skip
    unrated = verdicts()[1].with_(rating="unverified")
    data = claimreview([unrated], local)
    (review,) = data["@graph"]
    assert review["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork", "name": "bridge.txt", "headline": "Council backs the river bridge",
    }  # fmt: skip
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "unverified"}
    assert "secret" not in json.dumps(data)


def test_claimreview_is_safe_to_embed_in_a_script_element() -> None:
    text = dumps_ld({"x": HOSTILE})
    assert "</script>" not in text and "<" not in text and "\u2028" not in text
    assert "\\u003c/script\\u003e" in text and "\\u2028" in text
    assert json.loads(text) == {"x": HOSTILE}
    assert guess_format("x.claimreview.jsonld") == "claimreview"
    assert guess_format("x.jsonld") == "w3c"


def test_claim_author_is_the_entity_the_speaker_is_or_nothing() -> None:
    from margin.export.claimreview import claim_author
    from margin.model import Analysis, Claim, Entity, Speaker, TextSpan

    text = "Mayor Jane Doe said the bridge is safe. Their group said it is not. Rome said no."
    content = TextSpan.of(text, 20, 38)
    entities = [Entity(6, 14, "PERSON", "Jane Doe"), Entity(68, 72, "GPE", "Rome"),
                Entity(0, 5, "DATE", "Mayor")]  # fmt: skip
    found = Analysis([], entities, [])

    def author(start: int, end: int) -> dict | None:
        claim = Claim("reported", content, Speaker(start, end, text[start:end], group=""))
        return claim_author(claim, found)

    assert author(0, 14) == {"@type": "Person", "name": "Jane Doe"}  # a title around it
    assert author(68, 72) == {"@type": "Organization", "name": "Rome"}
    assert author(40, 51) is None  # "Their group": no named entity
    assert claim_author(Claim("assertion", content), found) is None


def test_a_surname_the_model_tagged_as_no_entity_is_the_one_person_it_ends() -> None:
    """*Voss said ...* where spaCy saw no PERSON: the author is the article's one person whose
    full name ends with that word (as the library's speakers join them); a pronoun, a common
    noun, or a surname two people of the article share gives no author."""
    from margin.export.claimreview import claim_author
    from margin.model import Analysis, Claim, Entity, Speaker, TextSpan

    text = (
        "Helena Voss chairs the board. Voss said the dam is safe. It said no. "
        "Critics said so. Ana Reyes and Tomas Reyes spoke. Reyes said yes."
    )
    content = TextSpan.of(text, text.index("the dam"), text.index(" is safe"))
    people = [Entity(0, 11, "PERSON", "Helena Voss", group="Helena Voss")]
    ana, tomas = text.index("Ana"), text.index("Tomas")
    reyes = [Entity(ana, ana + 9, "PERSON", "Ana Reyes"),
             Entity(tomas, tomas + 11, "PERSON", "Tomas Reyes")]  # fmt: skip

    def author(word: str, entities: list[Entity]) -> dict | None:
        start = text.index(word + " said")
        speaker = Speaker(start, start + len(word), word)
        return claim_author(Claim("reported", content, speaker), Analysis([], entities, []))

    assert author("Voss", people) == {"@type": "Person", "name": "Helena Voss"}
    assert author("It", people) is None  # a pronoun
    assert author("Critics", people) is None  # no full name ends with it
    assert author("Reyes", people + reyes) is None  # two people share it
    assert author("Voss", []) is None  # nobody of that name in the article
