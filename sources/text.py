"""Bytes to text: binary detection, encoding detection, newline normalisation, titles.

These helpers are shared by every format. The rules for a plain-text article are strict,
because offsets into ``Article.text`` must be offsets into the file: the text is the file's
content exactly, with only a leading byte-order mark dropped and CRLF/CR turned into LF.

Encodings: UTF-8 first (the common case, and a strict decode that rarely passes by accident);
a UTF-16/32 byte-order mark is honoured; otherwise the text must be *confidently* something
else. Western single-byte text (Latin-1/Windows-1252, by far the most common legacy case for
news) is recognised by how its non-ASCII characters sit inside words; other encodings are
accepted from charset-normalizer only when its guess is clean and either multi-byte or backed
by a language match. Anything else is refused with a clear message rather than guessed into
mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from margin.errors import LoadError

#: How many bytes are inspected to decide whether data is binary.
SNIFF_BYTES = 8192

#: Longest title kept; a longer first line is cut at a word boundary with an ellipsis.
MAX_TITLE_CHARS = 200

# Signatures of common binary formats, to name what the user gave us.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.epub/.odt document)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "an RTF document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that never appear in text (everything below 0x20 but tab, LF, VT, FF, CR, ESC
# is kept out; ESC appears in ANSI-coloured logs, which we still treat as text).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])

# Non-ASCII characters that are ordinary in Western text outside words.
_WESTERN_PUNCT = set("“”‘’‚„–—…•€£¥¢§¶°©®™«»·½¼¾×÷¡¿\u00a0†‡‰′″¹²³ªº")

# Fewest non-ASCII characters on which a guessed (non-Western) encoding is trusted.
_MIN_EVIDENCE = 16

_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

_NEWLINES = re.compile(r"\r\n?")

_MULTIBYTE = {
    "big5",
    "big5hkscs",
    "cp932",
    "cp949",
    "cp950",
    "euc_jis_2004",
    "euc_jisx0213",
    "euc_jp",
    "euc_kr",
    "gb18030",
    "gb2312",
    "gbk",
    "hz",
    "iso2022_jp",
    "iso2022_kr",
    "johab",
    "shift_jis",
    "shift_jis_2004",
    "shift_jisx0213",
    "utf_16",
    "utf_16_be",
    "utf_16_le",
    "utf_32",
    "utf_32_be",
    "utf_32_le",
}


def binary_kind(data: bytes) -> str | None:
    """Say what ``data`` is if it is binary (e.g. ``"a PDF document"``), else ``None``.

    Data that starts with a UTF-16/32 byte-order mark is text. Otherwise a NUL byte or more
    than 2% of control bytes in the first :data:`SNIFF_BYTES` bytes mean binary.
    """
    head = data[:SNIFF_BYTES]
    if any(head.startswith(bom) for bom, enc in _BOMS if enc != "utf-8-sig"):
        return None
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if b"\x00" in head:
        return "a binary file"
    if head:
        controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
        if controls / len(head) > 0.02:
            return "a binary file"
    return None


def normalise_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF; nothing else changes (so offsets stay file offsets)."""
    if "\r" not in text:
        return text
    return _NEWLINES.sub("\n", text)


def _western_score(text: str) -> float:
    """Share of non-ASCII characters that sit where Western text puts them (0..1)."""
    total = good = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        total += 1
        if ch in _WESTERN_PUNCT:
            good += 1
            continue
        if not ch.isalpha() or ord(ch) > 0x24F:  # Latin-1 Supplement and Latin Extended only
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        # A letter inside a word: a neighbour is an ASCII letter, or a non-ASCII letter that
        # itself touches an ASCII letter ("déçu").
        if (prev.isascii() and prev.isalpha()) or (nxt.isascii() and nxt.isalpha()):
            good += 1
        elif prev.isalpha() or nxt.isalpha():
            good += 0.5
        elif unicodedata.category(ch) == "Ll" and ch in "àáèéìíòóùú":
            good += 1  # one-letter words such as French "à" or Spanish "é"
    return good / total if total else 1.0


def _decode_western(data: bytes) -> str | None:
    """Decode as Windows-1252 (a superset of Latin-1's printable range) if it reads as text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes that cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): try Latin-1,
        # where they are C1 controls, and let the scoring judge.
        text = data.decode("latin-1")
        if any("\x80" <= ch <= "\x9f" for ch in text):
            return None
    non_ascii = sum(1 for ch in text if ch >= "\x80")
    if non_ascii == 0 or non_ascii / len(text) > 0.3:
        return None
    return text if _western_score(text) >= 0.8 else None


def _decode_detected(data: bytes) -> str | None:
    """Decode with charset-normalizer's guess, when the guess is clean and well supported."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    if best is None or best.chaos > 0.1:
        return None
    encoding = best.encoding
    if encoding not in _MULTIBYTE and best.coherence < 0.3:
        return None
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    # Mostly-ASCII text makes any guess look coherent: judge the non-ASCII part on its own,
    # and only when there is enough of it to be evidence.
    if sum(1 for ch in text if ch >= "\x80") < _MIN_EVIDENCE:
        return None
    return text if _word_score(text) >= 0.85 else None


def _word_score(text: str) -> float:
    """Share of non-ASCII characters that are punctuation or letters next to a letter (0..1)."""
    total = good = 0
    n = len(text)
    for i, ch in enumerate(text):
        if ch < "\x80":
            continue
        total += 1
        category = unicodedata.category(ch)[0]
        in_word = category in "LM" and (
            (i > 0 and text[i - 1].isalpha()) or (i + 1 < n and text[i + 1].isalpha())
        )
        if ch in _WESTERN_PUNCT or category in "PZ" or in_word:
            good += 1
    return good / total if total else 1.0


def mostly_utf8(data: bytes) -> bool:
    """True if most non-ASCII bytes form valid UTF-8 sequences (broken UTF-8, not a code page)."""
    non_ascii = len(data.translate(None, bytes(range(0x80))))
    in_sequences = sum(len(m) for m in _UTF8_SEQUENCE.findall(data))
    return non_ascii > 0 and in_sequences / non_ascii >= 0.5


def guess_decoding(data: bytes) -> str | None:
    """Decode non-UTF-8 ``data`` when its encoding is clear (see the module doc), else None.

    Broken UTF-8 (mostly valid sequences with a few bad bytes) gives None too: it is not in
    another encoding.
    """
    if mostly_utf8(data):
        return None
    return _decode_western(data) or _decode_detected(data)


def decode_text(data: bytes, *, name: str) -> str:
    """Decode ``data`` to text, or raise :class:`LoadError` naming ``name``.

    The result keeps every character of the file except a leading byte-order mark; newlines
    are *not* normalised here (see :func:`normalise_newlines`).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).removeprefix("\ufeff")
            except UnicodeDecodeError:
                raise LoadError(
                    f"{name} starts with a {encoding.upper().removesuffix('-SIG')} byte-order "
                    "mark but is not valid in that encoding"
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if mostly_utf8(data):
        raise LoadError(
            f"{name} is UTF-8 with invalid bytes (the first at offset {utf8_error.start}); "
            "it may be damaged or mix encodings"
        )
    text = _decode_western(data)
    if text is None:
        text = _decode_detected(data)
    if text is None:
        raise LoadError(
            f"{name} is not valid UTF-8 (bad byte at offset {utf8_error.start}) and its "
            "encoding could not be detected with confidence; convert it to UTF-8 first "
            "(e.g. iconv -f LATIN1 -t UTF-8)"
        )
    return text


def check_not_binary(data: bytes, *, name: str) -> None:
    """Raise :class:`LoadError` if ``data`` is binary."""
    what = binary_kind(data)
    if what is not None:
        raise LoadError(f"{name} looks like {what}, not a text article")


def check_not_empty(text: str, *, name: str) -> None:
    """Raise :class:`LoadError` if ``text`` is empty or only whitespace."""
    if not text.strip():
        raise LoadError(f"{name} is empty" if not text else f"{name} contains only whitespace")


def shorten_title(line: str) -> str:
    """Collapse whitespace in ``line`` and cut it to :data:`MAX_TITLE_CHARS` at a word end."""
    title = " ".join(line.split())
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title[: MAX_TITLE_CHARS - 1]
    space = cut.rfind(" ")
    if space > MAX_TITLE_CHARS // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def first_line_title(text: str) -> str:
    """The first non-empty line of ``text``, stripped (and shortened if very long)."""
    return shorten_title(text.lstrip().split("\n", 1)[0])
