"""Exports are shared: every format names a local source by its file name (never the user's
folders), and keeps a web address whole; the lookup by sha256 still brings notes back."""

from __future__ import annotations

import pytest

from margin.export.api import FORMATS, export_article
from margin.model import Article
from margin.sources.shared_name import shared_source
from margin.storage.model import Anchor, Note
from margin.storage.verdict_model import Verdict

TEXT = "The harbour board voted to close the pier. “We had no choice,” the chair said."
FOLDERS = "/home/ana/Private/Cases 2025/sources"
URL = "https://news.example.org/harbour/pier-vote?id=42&lang=en"


def _note(article: Article) -> Note:
    start = TEXT.index("We had")
    anchor = Anchor.from_text(TEXT, start, start + 17)
    return Note("n1", article.sha256, anchor, body="Check the minutes.", created="x")


def _export(article: Article, fmt: str) -> str:
    """``article`` exported in ``fmt`` with a note and a verdict (ClaimReview needs one)."""
    start = TEXT.index("We had")
    anchor = Anchor.from_text(TEXT, start, start + 17)
    verdict = Verdict("v1", article.sha256, anchor, "false", created="2025-03-14T12:00:00Z")
    return export_article(
        article, [_note(article)], fmt=fmt, exported_at="2025-03-14T12:00:00Z", verdicts=[verdict]
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_local_source_is_named_by_its_file_name(fmt: str) -> None:
    article = Article.from_text(TEXT, "Pier vote", f"{FOLDERS}/pier vote.txt")
    out = _export(article, fmt)
    assert "pier vote.txt" in out or "pier%20vote.txt" in out
    for leak in ("/home/ana", "Private", "Cases 2025", "ana/"):
        assert leak not in out, (fmt, leak)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_url_stays_whole(fmt: str) -> None:
    article = Article.from_text(TEXT, "Pier vote", URL)
    out = _export(article, fmt)
    whole = [URL, URL.replace("&", "&amp;"), URL.replace("&", "\\u0026")]  # as HTML, JSON-LD
    assert any(u in out for u in whole), fmt


@pytest.mark.parametrize(
    ("source", "shared"),
    [
        ("/home/ana/news/pier.txt", "pier.txt"),
        ("~/news/pier.txt", "pier.txt"),
        ("news/pier.txt", "pier.txt"),
        ("C:\\Users\\ana\\news\\pier.txt", "pier.txt"),
        ("file:///home/ana/news/pier%20vote.txt", "pier vote.txt"),
        ("https://example.org/a/b.html?x=1#frag", "https://example.org/a/b.html?x=1#frag"),
        ("-", "-"),
        ("", ""),
        ("<stdin>", "<stdin>"),
    ],
)
def test_shared_source(source: str, shared: str) -> None:
    assert shared_source(source) == shared


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("file:///home/ana/news/pier%20vote.txt", "pier vote.txt"),  # as shared_source names it
        ("C:\\Users\\ana\\pier.txt", "pier.txt"),
        ("<text>", None),  # a stand-in names no file
        ("stdin", None),
    ],
)
def test_claimreview_appearance_names_a_source_as_every_export_does(
    source: str, name: str | None
) -> None:
    from margin.export.claimreview import appearance

    work = appearance(Article.from_text(TEXT, "Pier vote", source))
    assert work.get("name") == name and "url" not in work


def test_an_imported_export_is_found_by_its_file(tmp_path, capsys, monkeypatch) -> None:
    """The export names the file by its name only; after importing it into another library,
    ``margin notes PATH`` still finds the article (by its text)."""
    from margin.cli import main

    story = tmp_path / "cases" / "pier.txt"
    story.parent.mkdir()
    story.write_text(TEXT, encoding="utf-8")
    first, second = tmp_path / "one" / "margin.json", tmp_path / "two" / "margin.json"
    argv = ["notes", "add", str(story), "--quote", "We had no choice", "--body", "Minutes?"]
    assert main([*argv, "--db", str(first)]) == 0
    exported = tmp_path / "pier.json"
    assert main(["export", str(story), "--format", "json", "-o", str(exported),
                 "--db", str(first)]) == 0  # fmt: skip
    assert str(tmp_path) not in exported.read_text(encoding="utf-8")
    assert main(["import", str(exported), "--db", str(second)]) == 0
    capsys.readouterr()
    assert main(["notes", str(story), "--db", str(second)]) == 0
    assert "Minutes?" in capsys.readouterr().out
