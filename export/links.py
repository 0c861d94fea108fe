"""Links back to the passage a note anchors to.

Web articles get a URL with a text fragment (``#:~:text=``), which Chromium, Edge and Safari
scroll to and highlight; files get their path and the character offsets of the passage.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from margin.storage.model import Anchor

FRAGMENT_WORDS = 4
"""How many words a ``textStart``/``textEnd`` or a prefix/suffix keeps."""

LONG_QUOTE = 80
"""Quotes longer than this (or spanning lines) are linked as ``start,end`` ranges."""

_WORD = re.compile(r"\S+")


def is_web_source(source: str) -> bool:
    """Whether ``source`` is an http(s) URL."""
    return urlsplit(source).scheme.lower() in ("http", "https")


def encode_fragment_part(text: str) -> str:
    """Percent-encode one part of a text directive.

    Everything but unreserved characters is encoded, and so is ``-`` (it marks a prefix or
    suffix in the directive); whitespace runs become one space (``%20``).
    """
    text = " ".join(text.split())
    return quote(text, safe="").replace("-", "%2D")


def _first_words(text: str, n: int) -> str:
    return " ".join(_WORD.findall(text)[:n])


def _last_words(text: str, n: int) -> str:
    words = _WORD.findall(text)
    return " ".join(words[-n:]) if words else ""


def text_directive(anchor: Anchor, *, article_text: str | None = None) -> str | None:
    """The ``text=...`` directive that finds the anchored passage, or ``None`` if empty.

    Short one-line quotes are given whole; long or multi-line ones as ``textStart,textEnd``
    (a few words each). Prefix and suffix words are added when the quote is not unique in
    ``article_text`` (or when the text is unknown), so the browser lands on the right one.
    """
    exact = anchor.exact.strip()
    if not exact:
        return None
    unique = article_text is not None and article_text.count(exact) == 1
    if len(exact) > LONG_QUOTE or "\n" in exact:
        start_words = _first_words(exact.split("\n", 1)[0], FRAGMENT_WORDS)
        end_words = _last_words(exact.rsplit("\n", 1)[-1], FRAGMENT_WORDS)
        parts = [encode_fragment_part(start_words)]
        if end_words and end_words != start_words:
            parts.append(encode_fragment_part(end_words))
        # The browser looks for the first match of the start words.
        unique = unique and article_text is not None and article_text.count(start_words) == 1
    else:
        parts = [encode_fragment_part(exact)]
    if not unique:
        prefix = _last_words(anchor.prefix.rsplit("\n", 1)[-1], FRAGMENT_WORDS)
        suffix = _first_words(anchor.suffix.split("\n", 1)[0], FRAGMENT_WORDS)
        if prefix:
            parts.insert(0, encode_fragment_part(prefix) + "-")
        if suffix:
            parts.append("-" + encode_fragment_part(suffix))
    return "text=" + ",".join(parts)


def text_fragment_url(source: str, anchor: Anchor, *, article_text: str | None = None) -> str:
    """``source`` with a text fragment pointing at the anchored passage.

    An existing ``#fragment`` is kept (the directive follows it after ``:~:``); an existing
    fragment directive is replaced.
    """
    directive = text_directive(anchor, article_text=article_text)
    base, _, fragment = source.partition("#")
    fragment = fragment.split(":~:", 1)[0]
    if directive is None:
        return f"{base}#{fragment}" if fragment else base
    return f"{base}#{fragment}:~:{directive}"


def offsets_label(anchor: Anchor) -> str:
    """``characters 120–245`` (end exclusive, as stored)."""
    return f"characters {anchor.start}–{anchor.end}"
