"""Loading articles: every format, every source, every bad input (margin.sources.loader)."""

from __future__ import annotations

import gzip
import io
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from margin.errors import LoadError, MarginError
from margin.model import sha256_text
from margin.sources import loader as ingest
from margin.sources.html import clean_title
from margin.sources.loader import MAX_BYTES, article_from_bytes, load_article
from margin.sources.text import shorten_title

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
HARBOUR_TXT = (FIXTURES / "harbour.txt").read_text(encoding="utf-8")
HEADLINE = "Harbour council votes to close the old ferry pier"

# Strings that live only in the page furniture of harbour.html, never in its article.
HTML_CHROME = [
    "TRACKING-SCRIPT-CODE",
    "INLINE-SCRIPT-TEXT",
    "trackingPixel",
    "font-family",
    "cookies",
    "ADVERTISEMENT",
    "Marina Mega Sale",
    "Subscribe to the Gazette",
    "Weather forecast",
    "Share on Facebook",
    "Most read",
    "Lighthouse keeper",
    "Storm warning",
    "COMMENT-TEXT",
    "Comments (2)",
    "NEWSLETTER-SIGNUP",
    "All rights reserved",
    "Privacy policy",
    "Contact us",
    "Read more:",
    "Credit:",
    "Local news",
    "By Ada Linnet",
]


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def load_error(source: str, **kwargs: object) -> str:
    """The message of the LoadError that loading ``source`` raises (which must be one line)."""
    with pytest.raises(LoadError) as info:
        load_article(source, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert message and "\n" not in message
    assert "Traceback" not in message
    return message


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


# -- URLs -------------------------------------------------------------------------------------

LATIN1_PAGE = (
    "<html><head><title>Caf\u00e9 news</title></head><body><article><h1>Caf\u00e9 news</h1>"
    + "".join(
        f"<p>Paragraph {i}: the caf\u00e9 by the pier will close, say the owners, who are "
        "d\u00e9\u00e7us by the council's decision and its timing.</p>"
        for i in range(4)
    )
    + "</article></body></html>"
).encode("latin-1")


class _Handler(BaseHTTPRequestHandler):
    """Routes of the local test server."""

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str | None, **headers: str) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.send_header("Content-Length", headers.get("Content_Length", str(len(body))))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        html = (FIXTURES / "harbour.html").read_bytes()
        routes = {
            "/article.html": (200, html, "text/html; charset=utf-8"),
            "/latin1": (200, LATIN1_PAGE, "text/html; charset=ISO-8859-1"),
            "/plain.txt": (200, HARBOUR_TXT.encode(), "text/plain; charset=utf-8"),
            "/untyped": (200, html, None),
            "/empty.html": (200, b"", "text/html"),
            "/nav-only": (200, (FIXTURES / "no_article.html").read_bytes(), "text/html"),
            "/doc.pdf": (200, (FIXTURES / "fake.pdf").read_bytes(), "application/pdf"),
            "/missing": (404, b"not here", "text/html"),
            "/broken": (500, b"oops", "text/html"),
        }
        if self.path in routes:
            self._send(*routes[self.path])
        elif self.path == "/gzip":
            self._send(200, gzip.compress(html), "text/html", Content_Encoding="gzip")
        elif self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/article.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/huge":
            self._send(200, b"<p>x</p>" * 100, "text/html", Content_Length="999999999")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._send(200, html, "text/html")
        else:
            self._send(404, b"", "text/plain")


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the timeout test) is expected, not worth a traceback


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_url_html(server: str) -> None:
    url = f"{server}/article.html"
    article = load_article(url, timeout=5)
    assert article.source == url
    assert article.title == HEADLINE
    assert article.text.startswith("Kestrel Bay's harbour council voted")
    for chrome in HTML_CHROME:
        assert chrome not in article.text, chrome


def test_url_same_as_file(server: str) -> None:
    from_url = load_article(f"{server}/article.html", timeout=5)
    from_file = load_article(fixture("harbour.html"))
    assert (from_url.text, from_url.title, from_url.sha256) == (
        from_file.text,
        from_file.title,
        from_file.sha256,
    )


def test_url_http_charset(server: str) -> None:
    article = load_article(f"{server}/latin1", timeout=5)
    assert article.title == "Café news"
    assert "déçus by the council's decision" in article.text


@pytest.mark.parametrize("path", ["/gzip", "/redirect", "/untyped"])
def test_url_variants(server: str, path: str) -> None:
    assert load_article(server + path, timeout=5).title == HEADLINE


def test_url_plain_text(server: str) -> None:
    article = load_article(f"{server}/plain.txt", timeout=5)
    assert article.text == HARBOUR_TXT
    assert article.source == f"{server}/plain.txt"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/missing", "HTTP 404"),
        ("/broken", "HTTP 500"),
        ("/doc.pdf", "application/pdf"),
        ("/empty.html", "empty"),
        ("/nav-only", "no article text"),
        ("/huge", "larger than"),
    ],
)
def test_url_errors(server: str, path: str, expected: str) -> None:
    assert expected in load_error(server + path, timeout=5)


def test_url_timeout(server: str) -> None:
    start = time.perf_counter()
    message = load_error(f"{server}/slow", timeout=0.3)
    assert "no answer within 0.3 s" in message
    assert time.perf_counter() - start < 1.4


def test_url_unreachable() -> None:
    with socket.socket() as sock:  # find a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    message = load_error(f"http://127.0.0.1:{port}/story", timeout=2)
    assert message == f"cannot reach 127.0.0.1:{port}: connection refused"


def test_url_invalid() -> None:
    assert "not a valid web address" in load_error("http://")


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
