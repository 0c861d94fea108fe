"""Exports are shared: every format names a local source by its file name (never the user's
folders), and keeps a web address whole; the lookup by sha256 still brings notes back."""

from __future__ import annotations

import pytest

from margin.export.api import FORMATS, export_article
from margin.model import Article
from margin.sources.shared_name import shared_source
from margin.storage.model import Anchor, Note

TEXT = "The harbour board voted to close the pier. “We had no choice,” the chair said."
FOLDERS = "/home/ana/Private/Cases 2025/sources"
URL = "https://news.example.org/harbour/pier-vote?id=42&lang=en"


def _note(article: Article) -> Note:
    start = TEXT.index("We had")
    anchor = Anchor.from_text(TEXT, start, start + 17)
    return Note("n1", article.sha256, anchor, body="Check the minutes.", created="x")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_local_source_is_named_by_its_file_name(fmt: str) -> None:
    article = Article.from_text(TEXT, "Pier vote", f"{FOLDERS}/pier vote.txt")
    out = export_article(article, [_note(article)], fmt=fmt, exported_at="2025-03-14T12:00:00Z")
    assert "pier vote.txt" in out or "pier%20vote.txt" in out
    for leak in ("/home/ana", "Private", "Cases 2025", "ana/"):
        assert leak not in out, (fmt, leak)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_url_stays_whole(fmt: str) -> None:
    article = Article.from_text(TEXT, "Pier vote", URL)
    out = export_article(article, [_note(article)], fmt=fmt, exported_at="2025-03-14T12:00:00Z")
    whole = [URL, URL.replace("&", "&amp;")]
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
