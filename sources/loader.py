"""Loading articles: a path, an ``http(s)://`` URL, or ``-`` for stdin, into an :class:`Article`.

Formats (chosen by extension, else by content: HTML if it looks like markup, else text):

``.txt`` (and unknown extensions)
    ``text`` is the file's content *exactly*: only a leading byte-order mark is dropped and
    CRLF/CR become LF, so offsets into ``text`` are offsets into the file. UTF-8 is expected;
    another encoding is accepted only when it is detected with confidence (see
    :mod:`margin.sources.text`). Title: the first non-empty line.
``.md`` / ``.markdown``
    Rendered to plain reading text (:mod:`margin.sources.markdown`); the text keeps the
    headings, including the title heading. Title: the first ``# `` heading, else the front
    matter's ``title``, else the first line.
``.html`` / ``.htm`` and URLs
    The main article is pulled out with trafilatura (:mod:`margin.sources.html`); ``text`` is
    the body *without* the headline, which is the title.

Every bad input raises :class:`~margin.errors.LoadError` with one clear line: a missing
file, a directory, a binary file, an empty file, undecodable text, a file over
:data:`MAX_BYTES` (refused from its size, without reading it), an unreachable URL, an HTTP
error, a page without article text, a permission error.

``Article.source`` is the resolved absolute path for files, the URL for URLs (as given), and
``"<stdin>"`` for stdin.

Only the standard library is imported here; Markdown, HTML and HTTP support are imported when
first needed, so that ``margin --help`` and the reader's first paint stay fast.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path
from typing import BinaryIO, Literal

from margin.errors import LoadError, describe_os_error
from margin.model import Article
from margin.sources.text import (
    check_not_binary,
    check_not_empty,
    decode_text,
    first_line_title,
    normalise_newlines,
)

#: The largest article margin reads (bytes). Bigger files are refused from their size alone.
MAX_BYTES = 20 * 1024 * 1024

#: The ``source`` of an article read from standard input.
STDIN_SOURCE = "<stdin>"

Kind = Literal["txt", "md", "html"]
KINDS: tuple[Kind, ...] = ("txt", "md", "html")

#: File extensions (lower case, with the dot) and the format they mean.
EXTENSIONS: dict[str, Kind] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".mdown": "md",
    ".mkd": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
}

_READ_CHUNK = 1024 * 1024
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_BARE_WEB_ADDRESS = re.compile(r"^(?:www\.)?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/")


def is_url(source: str) -> bool:
    """True if ``source`` is an ``http://`` or ``https://`` address."""
    return source[:8].lower().startswith(("http://", "https://"))


def sniff_kind(data: bytes) -> Kind:
    """Guess the format of content with no telling name: ``html`` if it looks like markup."""
    from margin.sources.html import looks_like_html

    return "html" if looks_like_html(data) else "txt"


def kind_for_name(name: str, data: bytes) -> Kind:
    """The format of a file called ``name`` holding ``data``: by extension, else sniffed."""
    kind = EXTENSIONS.get(os.path.splitext(name)[1].lower())
    return kind if kind is not None else sniff_kind(data)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _too_big(name: str, size: int | None = None) -> LoadError:
    if size is None:
        return LoadError(f"{name} is larger than {_size(MAX_BYTES)}, the limit for an article")
    return LoadError(f"{name} is {_size(size)}; margin reads articles up to {_size(MAX_BYTES)}")


def _read_stream(stream: BinaryIO, name: str) -> bytes:
    """Read at most :data:`MAX_BYTES` from ``stream``, refusing anything larger."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_READ_CHUNK, MAX_BYTES + 1 - total))
        if not chunk:
            break
        if isinstance(chunk, str):  # a text stream was passed: accept it as UTF-8
            chunk = chunk.encode("utf-8")
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_BYTES:
            raise _too_big(name)
    return b"".join(chunks)


def article_from_bytes(data: bytes, *, source: str, kind: str, name: str | None = None) -> Article:
    """Build an :class:`Article` from raw bytes of format ``kind`` (``txt``, ``md``, ``html``).

    ``source`` becomes ``Article.source``; ``name`` (default: ``source``) is how error
    messages refer to the input. Raises :class:`LoadError` for binary, empty or undecodable
    data and for HTML without article text.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    name = name or source
    if len(data) > MAX_BYTES:
        raise _too_big(name, len(data))
    if not data.strip():
        raise LoadError(f"{name} is empty" if not data else f"{name} contains only whitespace")
    check_not_binary(data, name=name)
    if kind == "html":
        return _html_article(data, source=source, name=name)
    text = normalise_newlines(decode_text(data, name=name))
    check_not_empty(text, name=name)
    if kind == "md":
        from margin.sources.markdown import render_markdown

        rendered = render_markdown(text)
        check_not_empty(rendered.text, name=name)
        return Article.from_text(rendered.text, rendered.title, source)
    return Article.from_text(text, first_line_title(text), source)


def _html_article(
    data: bytes, *, source: str, name: str, url: str | None = None, charset: str | None = None
) -> Article:
    from margin.sources.html import extract_html

    result = extract_html(data, name=name, url=url, http_charset=charset)
    return Article.from_text(result.text, result.title, source)


def _load_url(url: str, timeout: float) -> Article:
    from margin.sources.url import fetch

    fetched = fetch(url, timeout=timeout, max_bytes=MAX_BYTES)
    if not fetched.data.strip():
        raise LoadError(f"{url}: the server sent an empty page")
    check_not_binary(fetched.data, name=url)
    kind = fetched.kind or sniff_kind(fetched.data)
    if kind == "html":
        return _html_article(
            fetched.data, source=url, name=url, url=fetched.url, charset=fetched.charset
        )
    return article_from_bytes(fetched.data, source=url, kind=kind)


def _load_stdin(stdin: BinaryIO | None) -> Article:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise LoadError("standard input is not available")
    isatty = getattr(stream, "isatty", None)
    if stdin is None and callable(isatty) and isatty():
        raise LoadError(
            "'-' reads an article from standard input, but it is a terminal; "
            "pipe one in, e.g. curl -s URL | margin -"
        )
    data = _read_stream(stream, "standard input")
    if not data.strip():
        raise LoadError("standard input is empty")
    return article_from_bytes(data, source=STDIN_SOURCE, kind=sniff_kind(data), name="stdin")


def _read_file(path: Path, name: str) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        hint = ""
        if _BARE_WEB_ADDRESS.match(name):
            hint = f" (for a web page, give the full address: https://{name})"
        raise LoadError(f"no such file: {name}{hint}") from None
    except PermissionError:
        raise LoadError(f"permission denied: {name}") from None
    except NotADirectoryError:
        raise LoadError(f"no such file: {name} (a parent is not a directory)") from None
    except OSError as exc:
        raise LoadError(f"cannot read {name}: {describe_os_error(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(f"{name} is a directory, not an article")
    regular = stat.S_ISREG(info.st_mode)
    if regular and info.st_size > MAX_BYTES:
        raise _too_big(name, info.st_size)
    try:
        with path.open("rb") as handle:
            # Regular files are read in one go; pipes such as <(curl ...) in chunks.
            return handle.read(MAX_BYTES + 1) if regular else _read_stream(handle, name)
    except PermissionError:
        raise LoadError(f"permission denied: {name}") from None
    except IsADirectoryError:
        raise LoadError(f"{name} is a directory, not an article") from None
    except OSError as exc:
        raise LoadError(f"cannot read {name}: {describe_os_error(exc)}") from None


def load_article(source: str, *, stdin: BinaryIO | None = None, timeout: float = 15.0) -> Article:
    """Load an article from a path, an ``http(s)://`` URL, or ``"-"`` for standard input.

    ``stdin`` replaces ``sys.stdin.buffer`` for ``"-"``; ``timeout`` (seconds) bounds each
    network operation of a URL fetch. Raises :class:`LoadError` (one clear line) for every
    bad input.
    """
    if source == "-":
        return _load_stdin(stdin)
    if is_url(source):
        return _load_url(source, timeout)
    if not source.strip():
        raise LoadError("no article given (an empty path)")
    scheme = _SCHEME.match(source)
    if scheme and scheme.group(1).lower() == "file":
        from urllib.parse import unquote, urlsplit

        path = Path(unquote(urlsplit(source).path))
    elif scheme:
        raise LoadError(
            f"margin reads http:// and https:// addresses, not {scheme.group(1)}:// ({source})"
        )
    else:
        path = Path(source).expanduser()
    data = _read_file(path, source)
    if len(data) > MAX_BYTES:  # the file grew while we looked at it
        raise _too_big(source)
    try:
        resolved = str(path.resolve())
    except OSError:
        resolved = str(path.absolute())
    return article_from_bytes(
        data, source=resolved, kind=kind_for_name(path.name, data), name=source
    )
