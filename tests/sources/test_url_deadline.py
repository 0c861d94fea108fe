"""A server that trickles a byte every moment never holds margin past the fetch's deadline
(the per-read timeout alone never trips on it)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from margin.errors import LoadError
from margin.sources import url as url_module
from margin.sources.loader import load_article

PAGE = (
    "<html><head><title>Slow news</title></head><body><article>"
    + "".join(f"<p>Paragraph {i}: the ferry runs late again, say the crews.</p>" for i in range(9))
    + "</article></body></html>"
).encode()
TRICKLE_PAUSE = 0.2  # far below the per-read timeout used below


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def _trickle(self, data: bytes) -> None:
        for i in range(len(data)):
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            time.sleep(TRICKLE_PAUSE)

    def do_GET(self) -> None:
        try:
            if self.path == "/body":  # headers at once, then the body a byte at a time
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self._trickle(PAGE)
            elif self.path == "/headers":  # even the headers a byte at a time
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self._trickle(b"X-Padding: " + b"x" * 200 + b"\r\n\r\n")
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self.wfile.write(PAGE)
        except OSError:
            pass  # the client gave up, as it should


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


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


@pytest.mark.parametrize("path", ["/body", "/headers"])
def test_a_trickling_server_is_cut_off_at_the_deadline(
    server: str, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(url_module, "DEADLINE", 1.0)
    start = time.monotonic()
    with pytest.raises(LoadError) as exc:
        load_article(server + path, timeout=5)
    elapsed = time.monotonic() - start
    assert elapsed < 2.5  # the whole page would take 40 s or more at this pace
    assert str(exc.value) == (
        f"{server}{path}: the page did not arrive within 1 s (the server sends too slowly)"
    )


def test_a_prompt_server_is_read_whole_under_the_same_deadline(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(url_module, "DEADLINE", 1.0)
    article = load_article(server + "/fast", timeout=5)
    assert article.title == "Slow news" and "Paragraph 8" in article.text
