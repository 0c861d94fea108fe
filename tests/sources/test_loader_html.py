"""Loading HTML articles: body without page furniture, charsets, titles, sniffing
(margin.sources.loader)."""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_helpers import FIXTURES, HEADLINE, HTML_CHROME, fixture, load_error

from margin.sources.html import clean_title
from margin.sources.loader import article_from_bytes, load_article

# -- HTML -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def harbour_html() -> object:
    return load_article(fixture("harbour.html"))


def test_html_headline_without_site_suffix(harbour_html: object) -> None:
    assert harbour_html.title == HEADLINE  # type: ignore[attr-defined]


def test_html_body_without_title_and_chrome(harbour_html: object) -> None:
    text: str = harbour_html.text  # type: ignore[attr-defined]
    assert text.startswith("Kestrel Bay's harbour council voted on Tuesday")
    assert HEADLINE not in text
    assert text.rstrip().endswith("to discuss the cost of a new pier.")
    for chrome in HTML_CHROME:
        assert chrome not in text, chrome


def test_html_keeps_paragraphs_headings_lists_and_quotes(harbour_html: object) -> None:
    blocks = harbour_html.text.split("\n\n")  # type: ignore[attr-defined]
    assert "Islanders feel left out" in blocks
    assert (
        "• a temporary landing stage before the pier closes\n• a public meeting on the island"
        in blocks
    )
    assert "We found out from a notice taped to the ticket office." in blocks
    assert any(b.startswith("“The pier is no longer safe") and "€4 million" in b for b in blocks)
    assert all(b == b.strip() and b for b in blocks)
    assert len(blocks) == 9


def test_html_page_without_article_is_refused() -> None:
    assert "no article text" in load_error(fixture("no_article.html"))


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    body = "".join(
        f"<p>Paragraphe {i}: le conseil a voté la fermeture de la jetée, les habitants sont "
        "déçus et l'opérateur promet un débarcadère provisoire.</p>"
        for i in range(4)
    )
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"<title>La jetée ferme</title></head><body><article><h1>La jetée ferme</h1>{body}"
        "</article></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("latin-1"))
    article = load_article(str(path))
    assert article.title == "La jetée ferme"
    assert "les habitants sont déçus" in article.text


def _cafe_page(encoding: str) -> bytes:
    paras = "".join(
        f"<p>Paragraph {i}: the café by the pier will close, say the owners, who are “déçus” "
        "by the council’s decision — and its timing.</p>"
        for i in range(3)
    )
    page = f"<html><body><article><h1>Café closes</h1>{paras}</article></body></html>"
    return page.encode(encoding)


def test_html_without_declared_charset_in_windows_1252() -> None:
    article = article_from_bytes(_cafe_page("cp1252"), source="x", kind="html")
    assert article.title == "Café closes"
    assert "who are “déçus” by the council’s decision — and its timing." in article.text


def test_html_wrongly_declared_utf8_is_guessed() -> None:
    data = _cafe_page("cp1252").replace(b"<html>", b'<html><head><meta charset="utf-8"></head>')
    article = article_from_bytes(data, source="x", kind="html")
    assert "who are “déçus” by the council’s decision" in article.text


def test_html_damaged_utf8_keeps_the_rest_readable() -> None:
    data = _cafe_page("utf-8").replace(b"Paragraph 2", b"Paragraph \xff2")
    article = article_from_bytes(data, source="x", kind="html")
    assert "Paragraph \ufffd2: the café" in article.text
    assert article.title == "Café closes"


@pytest.mark.parametrize(
    ("title", "candidates", "site", "expected"),
    [
        ("Pier closes | Kestrel Gazette | 19.01.2020", ["Pier closes"], None, "Pier closes"),
        ("Pier closes - The Gazette", [], "The Gazette", "Pier closes"),
        ("Kestrel Gazette | Pier closes", [], "Kestrel Gazette", "Pier closes"),
        ("Pier closes: what it means | Gazette", [], "Gazette", "Pier closes: what it means"),
        ("Q&A - the pier and the island", [], "Gazette", "Q&A - the pier and the island"),
        ("Pier closes", ["Menu", "Pier closes"], None, "Pier closes"),
        (
            "Harbour news - why the council closed the old pier after 112 years",
            ["Harbour news"],
            None,
            "Harbour news - why the council closed the old pier after 112 years",
        ),
        (None, ["Pier closes"], None, "Pier closes"),
    ],
)
def test_clean_title(
    title: str | None, candidates: list[str], site: str | None, expected: str
) -> None:
    assert clean_title(title, candidates, sitename=site) == expected


# -- kinds and sniffing -----------------------------------------------------------------------


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "saved_page"
    page.write_bytes((FIXTURES / "harbour.html").read_bytes())
    assert load_article(str(page)).title == HEADLINE
    note = tmp_path / "notes.log"
    note.write_text("<3 from the harbour\nsecond line\n", encoding="utf-8")
    assert load_article(str(note)).text == "<3 from the harbour\nsecond line\n"


def test_article_from_bytes_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError):
        article_from_bytes(b"text", source="x", kind="pdf")
