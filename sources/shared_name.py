"""How an article's source is named where it may be shared (exports, listings): a web address
whole, a local file by its name alone (a colleague must not learn the user's folders)."""

from __future__ import annotations

from pathlib import PurePath, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit


def shared_source(source: str) -> str:
    """``source`` safe to share: a URL as it is (``file://`` URLs by their file name), a path
    (POSIX or Windows, ``~`` or not) by its file name; "" and stdin markers unchanged."""
    text = source.strip()
    if not text or text.startswith("<") or text in ("-", "stdin"):
        return text
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme.lower() != "file":
            return text
        return PurePosixPath(unquote(parts.path)).name or text
    path: PurePath = PureWindowsPath(text) if "\\" in text else PurePosixPath(text)
    return path.name or text
