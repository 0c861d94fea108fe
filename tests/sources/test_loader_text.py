"""Loading plain text and Markdown articles (margin.sources.loader)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from loader_helpers import FIXTURES, HARBOUR_TXT, HEADLINE, fixture

from margin.model import sha256_text
from margin.sources.loader import article_from_bytes, load_article
from margin.sources.text import shorten_title

# -- plain text -------------------------------------------------------------------------------


def test_txt_text_is_the_file_content_exactly() -> None:
    article = load_article(fixture("harbour.txt"))
    assert article.text == HARBOUR_TXT
    assert article.title == HEADLINE
    assert article.source == str((FIXTURES / "harbour.txt").resolve())
    assert article.sha256 == sha256_text(article.text)


def test_txt_relative_path_gives_absolute_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES)
    article = load_article("./harbour.txt")
    assert article.source == str((FIXTURES / "harbour.txt").resolve())
    assert os.path.isabs(article.source)


def test_txt_bom_is_dropped_and_crlf_normalised() -> None:
    raw = (FIXTURES / "bom_crlf.txt").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # the fixture is what it says
    article = load_article(fixture("bom_crlf.txt"))
    assert article.text == HARBOUR_TXT
    assert "\r" not in article.text and not article.text.startswith("\ufeff")
    assert article.title == HEADLINE


def test_txt_lone_cr_newlines_are_normalised() -> None:
    assert b"\n" not in (FIXTURES / "cr_only.txt").read_bytes()
    assert load_article(fixture("cr_only.txt")).text == HARBOUR_TXT


def test_txt_offsets_are_file_offsets() -> None:
    """After CRLF normalisation, text[start:end] is what the file holds at those offsets."""
    article = load_article(fixture("bom_crlf.txt"))
    raw = (FIXTURES / "bom_crlf.txt").read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    for phrase in ("Maren Oduya", "€4 million", "Tidewater Lines", "14 February"):
        start = article.text.index(phrase)
        assert raw[start : start + len(phrase)] == phrase


def test_txt_latin1_is_detected() -> None:
    article = load_article(fixture("latin1.txt"))
    assert article.title == "Le conseil du port ferme la jetée"
    assert "« La jetée n'est plus sûre pour les passagers »" in article.text
    assert "déçus et très inquiets" in article.text
    assert article.text == (FIXTURES / "latin1.txt").read_bytes().decode("latin-1")


def test_txt_windows_1252_quotes_are_detected() -> None:
    data = "He said “no” — and left… the café.\n".encode("cp1252")
    assert article_from_bytes(data, source="x", kind="txt").text == data.decode("cp1252")


def test_txt_utf16_with_bom_is_read() -> None:
    data = "Title line\r\nSecond line – with a dash.\r\n".encode("utf-16")
    article = article_from_bytes(data, source="x", kind="txt")
    assert article.text == "Title line\nSecond line – with a dash.\n"
    assert article.title == "Title line"


def test_txt_title_is_first_non_empty_line_stripped() -> None:
    article = article_from_bytes(b"\n\n   Spaced   title  \nBody text.\n", source="x", kind="txt")
    assert article.title == "Spaced title"
    assert article.text == "\n\n   Spaced   title  \nBody text.\n"


def test_txt_overlong_first_line_gives_a_short_title() -> None:
    line = "word " * 200
    article = article_from_bytes(line.encode(), source="x", kind="txt")
    assert len(article.title) <= 200 and article.title.endswith("…")
    assert article.text == line


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.text(
            alphabet=st.characters(
                blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029"
            ),
            max_size=40,
        ),
        min_size=1,
        max_size=8,
    ),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_txt_any_unicode_text_round_trips(lines: list[str], newline: str) -> None:
    """Property: for any UTF-8 text, ``text`` is the content with only newlines normalised."""
    content = newline.join(lines)
    assume(content.strip())
    article = article_from_bytes(content.encode("utf-8"), source="x", kind="txt")
    expected = "\n".join(lines)
    assert article.text == expected
    assert article.title == shorten_title(next(line for line in lines if line.strip()))


def test_one_megabyte_txt_loads_in_milliseconds(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text((HARBOUR_TXT + "\n") * (1024 * 1024 // len(HARBOUR_TXT)), encoding="utf-8")
    load_article(str(path))  # warm up
    start = time.perf_counter()
    article = load_article(str(path))
    elapsed = time.perf_counter() - start
    assert len(article.text) > 1_000_000
    assert elapsed < 0.1, f"1 MB txt took {elapsed * 1000:.0f} ms"


# -- Markdown ---------------------------------------------------------------------------------


def test_markdown_renders_reading_text() -> None:
    article = load_article(fixture("harbour.md"))
    text = article.text
    assert article.title == HEADLINE  # the # heading, inline markup dropped
    assert text.startswith(HEADLINE + "\n\n")
    assert "What happens next" in text.split("\n")
    assert "ending 112 years of crossings to Gull Island." in text  # link text kept, soft break
    assert '"The pier is no longer safe for passengers," said Maren Oduya, who chairs' in text
    assert "• A temporary landing stage, within six weeks" in text.split("\n")
    assert "  • with the ferry operator" in text.split("\n")
    assert "1. Survey\n2. Tender" in text
    assert "> Fewer than half of the 900 households were told about the vote." in text
    assert "pier_age = 112  # years" in text
    assert "Item | Cost\nRepairs | €4m" in text
    assert "A rusted pile under the pier" in text  # image alt text
    for markup in ("**", "](", "```", "---", "author:", "tags:", "Front matter", "|---"):
        assert markup not in text, markup
    assert not any(line.startswith("#") for line in text.split("\n"))
    assert "\n\n\n" not in text


def test_markdown_title_falls_back_to_front_matter_then_first_line() -> None:
    fm = b"---\ntitle: 'It''s the front matter'\n---\n\nSome *text* here.\n\n## A subhead\n"
    article = article_from_bytes(fm, source="x", kind="md")
    assert article.title == "It's the front matter"
    assert article.text == "Some text here.\n\nA subhead"
    plain = article_from_bytes(b"First **bold** line\n\nMore.\n", source="x", kind="md")
    assert plain.title == "First bold line"


def test_markdown_with_crlf_and_bom() -> None:
    data = b"\xef\xbb\xbf# Title\r\n\r\nBody line one\r\nline two.\r\n"
    article = article_from_bytes(data, source="x", kind="md")
    assert article.title == "Title"
    assert article.text == "Title\n\nBody line one line two."
