"""Loading articles from web addresses, against a local test server (margin.sources.loader)."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from loader_helpers import FIXTURES, HARBOUR_TXT, HEADLINE, HTML_CHROME, fixture, load_error

from margin.sources.loader import load_article

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
