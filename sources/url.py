"""Fetching an article over HTTP(S) with clear, one-line errors.

A plain ``urllib`` request with a browser-like User-Agent: no extra dependency, a timeout on
each network operation and an overall deadline for the whole fetch (a server trickling a byte
every few seconds never trips the first), a size cap, and every failure (offline, refused,
timed out, HTTP status, TLS, a PDF where a page was expected) turned into a
:class:`LoadError` a user can act on.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import socket
import threading
import urllib.request
import zlib
from dataclasses import dataclass
from functools import partial
from typing import Any

from margin.errors import LoadError, describe_os_error

DEADLINE = 60.0
"""Seconds a whole fetch may take (connecting, redirects, headers and body), by default."""

USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 margin-reader"

_HTML_TYPES = {"text/html", "application/xhtml+xml", "application/xml", "text/xml"}
_TEXT_TYPES = {"text/plain": "txt", "text/markdown": "md", "text/x-markdown": "md"}
_OFFLINE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}


@dataclass
class Fetched:
    """The body of an HTTP response and what it says about itself."""

    data: bytes
    url: str
    kind: str | None  # "html", "txt", "md", or None when the server did not say
    charset: str | None


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _reason_message(url: str, host: str, reason: object, timeout: float) -> str:
    if isinstance(reason, socket.gaierror):
        return f"cannot reach {host}: the name does not resolve (are you offline?)"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot reach {host}: connection refused"
    if isinstance(reason, TimeoutError):
        return f"cannot reach {host}: no answer within {timeout:g} s"
    if isinstance(reason, OSError) and reason.errno in _OFFLINE_ERRNOS:
        return f"cannot reach {host}: network unreachable (are you offline?)"
    import ssl

    if isinstance(reason, ssl.SSLError | ssl.CertificateError):
        return f"cannot fetch {url}: TLS error ({getattr(reason, 'reason', None) or reason})"
    text = describe_os_error(reason) if isinstance(reason, OSError) else str(reason)
    return f"cannot fetch {url}: {text}"


class _Deadline:
    """An overall time limit for a fetch: when it passes, every connection the fetch opened is
    shut down, so that a read blocked on a trickling server returns at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            sock.close()

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock``'s connection down when the deadline passes (at once if it has)."""
        watched = socket.socket(fileno=_dup(sock))  # a TLS wrapper takes the original over
        with self._lock:
            self._sockets.append(watched)
            if not self.expired:
                return
        _shut(watched)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)

    def error(self, url: str) -> LoadError:
        return LoadError(
            f"{url}: the page did not arrive within {self.seconds:g} s (the server sends too "
            "slowly)"
        )


def _dup(sock: socket.socket) -> int:
    return os.dup(sock.fileno())


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedConnection(http.client.HTTPConnection):
    """An HTTP connection whose socket the fetch's :class:`_Deadline` can shut down."""

    deadline: _Deadline | None = None

    def connect(self) -> None:
        super().connect()  # for HTTPS: the TCP connection, before the TLS handshake
        if self.deadline is not None:
            self.deadline.watch(self.sock)


class _WatchedTLSConnection(http.client.HTTPSConnection, _WatchedConnection):
    """The same for HTTPS (its TLS handshake is watched too)."""


def _watched(cls: type[_WatchedConnection], deadline: _Deadline, *args: Any, **kwargs: Any) -> Any:
    connection = cls(*args, **kwargs)
    connection.deadline = deadline
    return connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_watched, _WatchedConnection, self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        connection = partial(_watched, _WatchedTLSConnection, self.deadline)
        return self.do_open(connection, req, context=self._context)  # type: ignore[attr-defined]


def _read_limited(response: object, max_bytes: int, url: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read(min(65536, max_bytes + 1 - total))  # type: ignore[attr-defined]
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise LoadError(f"{url} is larger than {_size(max_bytes)}, the limit for an article")
    return b"".join(chunks)


def _decompress(data: bytes, encoding: str, max_bytes: int, url: str) -> bytes:
    wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": 0}.get(encoding)
    if wbits is None:
        raise LoadError(f"{url}: the server sent an unsupported encoding ({encoding})")
    try:
        out = zlib.decompressobj(wbits or zlib.MAX_WBITS).decompress(data, max_bytes + 1)
    except zlib.error:
        raise LoadError(f"{url}: the server sent a damaged compressed body") from None
    if len(out) > max_bytes:
        raise LoadError(f"{url} is larger than {_size(max_bytes)}, the limit for an article")
    return out


def fetch(url: str, *, timeout: float, max_bytes: int, deadline: float | None = None) -> Fetched:
    """GET ``url`` and return its body (raise :class:`LoadError` on any failure).

    ``timeout`` bounds each network operation; ``deadline`` (default :data:`DEADLINE`) the
    whole fetch. Only name resolution escapes both (the system resolver has its own).
    """
    with _Deadline(DEADLINE if deadline is None else deadline) as watch:
        try:
            return _fetch(url, timeout=timeout, max_bytes=max_bytes, watch=watch)
        except LoadError:
            if watch.expired:
                raise watch.error(url) from None
            raise


def _fetch(url: str, *, timeout: float, max_bytes: int, watch: _Deadline) -> Fetched:
    import urllib.error
    import urllib.parse

    parsed = urllib.parse.urlsplit(url)
    host = parsed.netloc or url
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise LoadError(f"not a valid web address: {url}")
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
            "Accept-Language": "en;q=1.0, *;q=0.5",
        },
    )
    opener = urllib.request.build_opener(_HTTPHandler(watch), _HTTPSHandler(watch))
    try:
        with opener.open(request, timeout=timeout) as response:
            has_type = bool(response.headers.get("Content-Type"))
            content_type = response.headers.get_content_type() if has_type else ""
            charset = response.headers.get_content_charset()
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise LoadError(
                    f"{url} is {_size(int(length))}, larger than the {_size(max_bytes)} "
                    "limit for an article"
                )
            data = _read_limited(response, max_bytes, url)
            encoding = (response.headers.get("Content-Encoding") or "").strip().lower()
            final_url = response.geturl()
            if watch.expired:  # the connection was cut: what came is not the whole page
                raise watch.error(url)
    except urllib.error.HTTPError as exc:
        raise LoadError(f"{url}: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise LoadError(_reason_message(url, host, exc.reason, timeout)) from None
    except TimeoutError:
        raise LoadError(f"{url}: no answer within {timeout:g} s") from None
    except (http.client.HTTPException, ConnectionError) as exc:
        raise LoadError(f"cannot fetch {url}: the connection failed ({exc})") from None
    except OSError as exc:
        raise LoadError(_reason_message(url, host, exc, timeout)) from None
    except ValueError as exc:
        raise LoadError(f"not a valid web address: {url} ({exc})") from None
    if encoding and encoding != "identity":
        data = _decompress(data, encoding, max_bytes, url)
    if content_type in _HTML_TYPES:
        kind: str | None = "html"
    elif content_type in _TEXT_TYPES:
        kind = _TEXT_TYPES[content_type]
    elif content_type in ("application/octet-stream", ""):
        kind = None  # the server did not say: sniff the content
    else:
        raise LoadError(f"{url} is {content_type}, not a web page or a text article")
    return Fetched(data=data, url=final_url, kind=kind, charset=charset)
