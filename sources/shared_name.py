"""How an article's source is named where it may be shared (exports, listings): a web address
whole, a local file by its name alone (a colleague must not learn the user's folders)."""

from __future__ import annotations

from pathlib import PurePath, PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit


def names_nothing(source: str) -> bool:
    """Whether ``source`` names no file or address: "" or a stand-in such as ``-``,
    ``stdin`` or ``<stdin>`` (text that came from a pipe or a string)."""
    text = source.strip()
    return not text or text.startswith("<") or text in ("-", "stdin")


def shared_source(source: str) -> str:
    """``source`` safe to share: a URL as it is (``file://`` URLs by their file name), a path
    (POSIX or Windows, ``~`` or not) by its file name; "" and stand-ins (:func:`names_nothing`)
    unchanged."""
    text = source.strip()
    if names_nothing(text):
        return text
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme.lower() != "file":
            return text
        return PurePosixPath(unquote(parts.path)).name or text
    path: PurePath = PureWindowsPath(text) if "\\" in text else PurePosixPath(text)
    return path.name or text
