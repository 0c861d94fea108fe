"""The one sanitiser for text from outside (articles, titles, notes, tags, imports, config).

Text from strangers must never act on the terminal that shows it: an ``ESC ] 52`` sequence
writes the clipboard, ``ESC ] 0`` the window title, ``ESC [ 2J`` clears the screen, and the C1
controls (U+0080–U+009F) are the same commands in one character. Bidirectional overrides
(U+202E...) reorder what is shown, and zero-width characters hide text inside names. So
before any such text reaches Textual, Rich or a plain ``print``, it goes through one of:

* :func:`clean_line` — a one-line label (a title, a speaker, a tag): line breaks and tabs
  become spaces;
* :func:`clean_text` — several lines (a note body, an error message): ``\\n`` and tab kept;
* :func:`clean_cells` — the article body, whose character offsets must not move: every
  character is replaced by exactly one character, so spans and the layout stay right.

In all three a C0 control (and DEL) is shown as its Unicode control picture (ESC as ``␛``,
BEL as ``␇``). Any other control or invisible formatting character (C1 controls, bidi
controls, zero-width characters, tag characters) is shown as ``⟨U+202E⟩`` by the first two,
and as ``�`` by :func:`clean_cells` (one cell per character). A lone surrogate, which no
terminal or file can encode, is ``�`` everywhere.

:func:`escape_json` makes JSON text (``json.dumps(..., ensure_ascii=False)``) safe to print
losslessly: the same characters become ``\\uXXXX`` escapes, which decode to the original.

Stdlib only: every layer may use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

REPLACEMENT = "\ufffd"
"""What :func:`clean_cells` shows for a control or invisible character without a picture."""

_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)}
_PICTURES[0x7F] = "\u2421"  # ␡

# Controls and invisible formatting characters, as regex class ranges. C0 and DEL have
# pictures; the rest is shown by code point.
_C0 = "\x00-\x1f\x7f"
_C1 = "\x80-\x9f"
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Arabic letter mark, LRM/RLM, embeddings and overrides, isolates."""
_INVISIBLE = "\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
"""Mongolian vowel separator, zero-width space/non-joiner/joiner, word joiner and invisible
operators, deprecated format controls, BOM/zero-width no-break space, interlinear annotation
marks, tag characters (invisible text)."""
_LINE_BREAKS = "\u2028\u2029"
_SURROGATES = "\ud800-\udfff"


class _Lazy:
    """A regex compiled when first used: each of these character classes takes about a
    millisecond to compile, and most runs need one or two of them, or none (ASCII text has
    fast paths), e.g. ``margin FILE`` before its first frame."""

    __slots__ = ("_compiled", "_source")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        """The compiled regex."""
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)

    def sub(self, repl: Callable[[re.Match[str]], str], text: str) -> str:
        return self.pattern.sub(repl, text)


_UNSAFE = _Lazy(f"[{_C0}{_C1}{_BIDI}{_INVISIBLE}{_LINE_BREAKS}{_SURROGATES}]")
_UNSAFE_LINES = _Lazy(
    f"\r\n|[\x00-\x08\x0b-\x1f\x7f{_C1}{_BIDI}{_INVISIBLE}{_LINE_BREAKS}{_SURROGATES}]"
)
_UNSAFE_JSON = _Lazy(f"[\x7f{_C1}{_BIDI}{_INVISIBLE}{_LINE_BREAKS}{_SURROGATES}]")


def _shown(char: str) -> str:
    """How a character without a picture is shown in a label: ``⟨U+202E⟩``."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return REPLACEMENT
    return f"⟨U+{code:04X}⟩"


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a control or invisible character (anything the cleaners change,
    tabs and newlines included)."""
    if text.isascii() and text.isprintable():
        return False
    return _UNSAFE.search(text) is not None


def _line_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\t\n\u2028\u2029":
        return " "
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return _PICTURES[code]
    return _shown(char)


def clean_line(text: str) -> str:
    """``text`` safe to show on one line: tabs and line breaks as spaces (CRLF as one), other
    controls as pictures (``␛``), invisible characters as ``⟨U+200B⟩``."""
    if (text.isascii() and text.isprintable()) or _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_line_char, text.replace("\r\n", " "))


def _text_char(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\r\n" or char in "\u2028\u2029":
        return "\n"
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return _PICTURES[code]
    return _shown(char)


def clean_text(text: str) -> str:
    """``text`` safe to show over several lines: newlines and tabs kept (CRLF and U+2028/9
    as newlines), other controls as pictures, invisible characters as ``⟨U+200B⟩``."""
    if (text.isascii() and text.isprintable()) or _UNSAFE_LINES.search(text) is None:
        return text
    return _UNSAFE_LINES.sub(_text_char, text)


def _cell_char(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code == 0x09:
        return " "
    if char in "\u2028\u2029":
        return "\n"
    if code < 0x20 or code == 0x7F:
        return _PICTURES[code]
    return REPLACEMENT


_UNSAFE_CELLS = _Lazy(
    f"[\x00-\x09\x0b-\x1f\x7f{_C1}{_BIDI}{_INVISIBLE}{_LINE_BREAKS}{_SURROGATES}]"
)


def clean_cells(text: str) -> str:
    """``text`` with every character replaced by exactly one safe character (the same
    length, so character offsets into ``text`` stay right): newlines kept, tabs as spaces,
    U+2028/U+2029 as newlines, C0 controls as pictures, anything else unsafe as ``�``.
    Returns ``text`` itself when there is nothing to change (no copy of a long article).

    Fast on a long article: ASCII text is checked and mapped with bytes/str ``translate``
    (a millisecond a megabyte), and tabs, the one unsafe character frequent in real text,
    are replaced before the regex sees the rest."""
    if text.isascii():
        if len(text.encode("ascii").translate(None, _C0_BYTES)) == len(text):
            return text
        return text.translate(_ASCII_CELLS)
    if "\t" in text:
        text = text.replace("\t", " ")
    if _UNSAFE_CELLS.search(text) is None:
        return text
    return _UNSAFE_CELLS.sub(_cell_char, text)


_C0_BYTES = bytes([*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F])
_ASCII_CELLS = {c: _PICTURES[c] for c in _C0_BYTES}
_ASCII_CELLS[0x09] = " "


_C0_BARE = _Lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_pictures(text: str) -> str:
    """``text`` with C0 controls other than tab, newline and carriage return (and DEL) as
    their pictures, nothing else changed (the same length): for parsers that refuse those
    characters (XML)."""
    if _C0_BARE.search(text) is None:
        return text
    return _C0_BARE.sub(lambda m: _PICTURES[ord(m.group())], text)


def _json_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # JSON escapes a code point beyond the BMP as a surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def escape_json(text: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with DEL, C1 controls, bidi
    controls, invisible characters, U+2028/U+2029 and lone surrogates written as ``\\uXXXX``
    escapes: the same data, and nothing in it acts on a terminal. (``json.dumps`` already
    escapes C0 controls; these characters can only occur inside JSON strings.)"""
    if text.isascii() and "\x7f" not in text:  # DEL is the one unsafe ASCII character
        return text
    if _UNSAFE_JSON.search(text) is None:
        return text
    return _UNSAFE_JSON.sub(_json_char, text)
