"""Loading from stdin, and every bad input: missing, binary, empty, huge, unreadable
(margin.sources.loader)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from loader_helpers import FIXTURES, HARBOUR_TXT, HEADLINE, fixture, load_error

from margin.errors import LoadError, MarginError
from margin.sources import loader as ingest
from margin.sources.loader import MAX_BYTES, article_from_bytes, load_article

# -- stdin ------------------------------------------------------------------------------------


def test_stdin_text() -> None:
    article = load_article("-", stdin=io.BytesIO(HARBOUR_TXT.replace("\n", "\r\n").encode()))
    assert article.text == HARBOUR_TXT
    assert article.source == "<stdin>"
    assert article.title == HEADLINE


def test_stdin_html_is_sniffed() -> None:
    article = load_article("-", stdin=io.BytesIO((FIXTURES / "harbour.html").read_bytes()))
    assert article.title == HEADLINE
    assert "COMMENT-TEXT" not in article.text
    assert article.source == "<stdin>"


def test_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(b"From the real stdin\nbody\n"))
    monkeypatch.setattr(sys, "stdin", fake)
    assert load_article("-").title == "From the real stdin"


def test_stdin_empty_and_too_big(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "empty" in load_error("-", stdin=io.BytesIO(b""))
    assert "empty" in load_error("-", stdin=io.BytesIO(b"  \n \n"))
    monkeypatch.setattr(ingest, "MAX_BYTES", 1000)
    assert "larger than" in load_error("-", stdin=io.BytesIO(b"x" * 5000))


def test_stdin_binary() -> None:
    assert "binary" in load_error("-", stdin=io.BytesIO(bytes(range(256))))


# -- bad files --------------------------------------------------------------------------------


def test_missing_file() -> None:
    message = load_error(fixture("no_such_article.txt"))
    assert message.startswith("no such file:") and "no_such_article.txt" in message


def test_directory() -> None:
    assert "is a directory" in load_error(str(FIXTURES))


@pytest.mark.parametrize(
    ("name", "expected"),
    [("fake.pdf", "looks like a PDF document"), ("binary.txt", "looks like a binary file")],
)
def test_binary_files(name: str, expected: str) -> None:
    assert expected in load_error(fixture(name))


@pytest.mark.parametrize(("name", "expected"), [("empty.txt", "is empty"), ("blank.txt", "only")])
def test_empty_files(name: str, expected: str) -> None:
    assert expected in load_error(fixture(name))


def test_empty_markdown_and_html(tmp_path: Path) -> None:
    md = tmp_path / "e.md"
    md.write_text("---\ntitle: x\n---\n\n<!-- nothing -->\n", encoding="utf-8")
    assert "empty" in load_error(str(md))
    html = tmp_path / "e.html"
    html.write_text("   \n", encoding="utf-8")
    assert "only whitespace" in load_error(str(html))


def test_undecodable_text_is_refused() -> None:
    message = load_error(fixture("undecodable.txt"))
    assert "not valid UTF-8" in message and "convert it to UTF-8" in message


def test_damaged_utf8_is_refused_not_turned_into_mojibake() -> None:
    data = "A café in “quotes”, then a bad byte: ".encode() + b"\xff.\n"
    with pytest.raises(LoadError, match="UTF-8 with invalid bytes"):
        article_from_bytes(data, source="x", kind="txt")


def test_huge_file_is_refused_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a too-big file must be refused before it is opened")

    monkeypatch.setattr(Path, "open", no_open)
    start = time.perf_counter()
    message = load_error(str(path))
    assert time.perf_counter() - start < 0.5
    assert "50.0 MB" in message and f"{MAX_BYTES / 1024 / 1024:.1f} MB" in message


def test_permission_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    assert load_error(fixture("harbour.txt")).startswith("permission denied:")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Secret\n", encoding="utf-8")
    path.chmod(0)
    assert load_error(str(path)).startswith("permission denied:")


def test_bare_web_address_gets_a_hint() -> None:
    message = load_error("www.example.org/news/story")
    assert "https://www.example.org/news/story" in message


def test_other_schemes(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "not ftp://" in load_error("ftp://example.org/story.txt")
    url = (FIXTURES / "harbour.txt").resolve().as_uri()
    assert load_article(url).text == HARBOUR_TXT


def test_text_stream_on_stdin_is_accepted() -> None:
    assert load_article("-", stdin=io.StringIO("Title\nBody\n")).text == "Title\nBody\n"  # type: ignore[arg-type]


def test_empty_path() -> None:
    assert "empty path" in load_error("")


def test_load_error_is_a_margin_error() -> None:
    assert issubclass(LoadError, MarginError)


# -- start-up cost ----------------------------------------------------------------------------


def test_importing_ingest_stays_light() -> None:
    code = (
        "import sys, margin.sources.loader; "
        "heavy = [m for m in ('trafilatura', 'lxml', 'markdown_it', 'charset_normalizer', "
        "'urllib.request', 'spacy', 'textual') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
