"""Searching the library's texts: every word in the title, source or text; the passage found."""

from __future__ import annotations

from margin.model import Article
from margin.storage.fulltext import LibraryTexts
from margin.storage.model import LibraryEntry

TEXTS = {
    "Harbour budget": "The council approved the harbour budget. Dredging will start in "
    "spring, said the engineer, and the ferries keep running.",
    "Fish market": "The STRASSE market moves inland. Traders said the rents were too high.",
    "Pier lights": "",
}


def _library() -> tuple[list[LibraryEntry], dict[str, str]]:
    entries, texts = [], {}
    for title, text in TEXTS.items():
        article = Article.from_text(text or title, title, f"/news/{title}.txt")
        entries.append(LibraryEntry(article.sha256, title, article.source, "", ""))
        texts[article.sha256] = article.text
    return entries, texts


def test_words_in_the_text_find_the_article_with_its_passage():
    entries, texts = _library()
    library = LibraryTexts()
    library.load(texts.get, texts)
    found, in_text = library.search(entries, "dredging SPRING")
    assert [e.title for e in found] == ["Harbour budget"]
    assert in_text == {found[0].sha256}
    line = library.context(found[0], "dredging spring", 60)
    assert "Dredging will start in spring" in line and len(line) <= 60
    # A word of the title and one of the text: both count.
    found, in_text = library.search(entries, "harbour ferries")
    assert [e.title for e in found] == ["Harbour budget"]
    assert library.context(found[0], "harbour ferries").find("ferries") >= 0


def test_title_matches_get_no_passage_and_nothing_matches_nothing():
    entries, texts = _library()
    library = LibraryTexts()
    library.load(texts.get, texts)
    found, in_text = library.search(entries, "pier")
    assert [e.title for e in found] == ["Pier lights"] and not in_text
    assert library.search(entries, "tramway") == ([], set())
    assert library.search(entries, "  ")[0] == entries
    found, _ = library.search(entries, "straße")  # casefolded: STRASSE
    assert [e.title for e in found] == ["Fish market"]


def test_load_reads_once_and_forgets_removed_articles():
    entries, texts = _library()
    reads: list[str] = []

    def read(sha: str) -> str | None:
        reads.append(sha)
        return texts.get(sha)

    library = LibraryTexts()
    library.load(read, texts)
    library.load(read, texts)
    assert len(reads) == 3
    library.load(read, [entries[0].sha256])
    assert len(library) == 1
    assert library.search(entries, "traders") == ([], set())
