"""Fetching an article over HTTP(S) with clear, one-line errors.

A plain ``urllib`` request with a browser-like User-Agent: no extra dependency, a hard
timeout, a size cap, and every failure (offline, refused, timed out, HTTP status, TLS, a PDF
where a page was expected) turned into a :class:`LoadError` a user can act on.
"""

from __future__ import annotations

import errno
import socket
import zlib
from dataclasses import dataclass

from margin.errors import LoadError, describe_os_error

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


def fetch(url: str, *, timeout: float, max_bytes: int) -> Fetched:
    """GET ``url`` and return its body (raise :class:`LoadError` on any failure)."""
    import http.client
    import urllib.error
    import urllib.parse
    import urllib.request

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
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
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
