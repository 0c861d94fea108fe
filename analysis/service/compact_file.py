"""A compact binary copy of one analysis cache entry: the reader's arrays as they are in memory.

The analysis cache's JSON file of a 1 MB article takes a few hundred milliseconds to parse;
this copy of it (:class:`~margin.analysis.service.compact.ReaderAnalysis`'s arrays written
out as raw bytes, every string in one UTF-8 blob) reads in a few milliseconds, so the reader
can apply a cached analysis before its first frame. It is derived from the JSON file and
only ever read in its place: :class:`margin.analysis.cache.AnalysisCache` owns where it lives
and when it is written, and gives :func:`encode` and :func:`decode` the key (a digest of the
cache key and of the JSON file's size and modification time, so a replaced JSON file makes
it stale).

Layout: a header (:data:`HEADER`: magic, :data:`FORMAT_VERSION`, byte order, CRC-32 and
length of the payload, key digest), then the payload: chunks, each a :data:`CHUNK` header
(array type code, item size, item count) and the items' bytes in native order. A damaged,
short or foreign file, one written on a machine of the other byte order or by another
format version, decodes as None (a miss). No Textual here.
"""

from __future__ import annotations

import hashlib
import struct
import sys
import zlib
from array import array
from itertools import accumulate
from typing import Any

from margin.analysis.service.compact import _FIELDS, ReaderAnalysis
from margin.analysis.service.span_index import OFFSET_TYPE
from margin.model import CLAIM_KINDS

MAGIC = b"MARGINRA"
FORMAT_VERSION = 1
HEADER = struct.Struct("<8sHBxIQ16s")
"""magic, format version, big-endian (1) or not (0), CRC-32 of the payload, its length in
bytes, key digest (:func:`key_digest`)."""
CHUNK = struct.Struct("<cB6xQ")
"""One array of the payload: its type code, item size and number of items."""

_BAD = (ValueError, IndexError, TypeError, KeyError, OverflowError, struct.error, MemoryError)
"""What decoding a damaged payload may raise (each is a miss)."""


def key_digest(sha256: str, model_id: str, analyzer: str, size: int, mtime_ns: int) -> bytes:
    """The 16-byte key of the compact copy of the JSON entry of size ``size`` and
    modification time ``mtime_ns`` under (``sha256``, ``model_id``, ``analyzer``)."""
    key = f"{sha256}\0{model_id}\0{analyzer}\0{size}\0{mtime_ns}".encode("utf-8", "replace")
    return hashlib.sha256(key).digest()[:16]


def header_key(head: bytes) -> bytes | None:
    """The key digest in a file's first :data:`HEADER` bytes, or None when they are not a
    header of this format (to check a copy is fresh without reading all of it)."""
    if len(head) < HEADER.size:
        return None
    magic, version, big, _crc, _length, key = HEADER.unpack_from(head)
    if magic != MAGIC or version != FORMAT_VERSION or big != (sys.byteorder == "big"):
        return None
    return bytes(key)


# -- writing ---------------------------------------------------------------------------------


class _Writer:
    """Collects the payload's chunks and its strings (written first, before the arrays: their
    lengths in characters, then all of them as one UTF-8 blob)."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.strings: list[str] = []

    def string(self, value: str) -> int:
        self.strings.append(value)
        return len(self.strings) - 1

    def array(self, values: array[Any] | bytes | bytearray) -> None:
        if not isinstance(values, array):
            values = array("B", values)
        self.chunks.append(CHUNK.pack(values.typecode.encode(), values.itemsize, len(values)))
        self.chunks.append(values.tobytes())

    def payload(self) -> bytes:
        lengths = array("I", map(len, self.strings))
        blob = "".join(self.strings).encode("utf-8", "surrogatepass")
        head = [
            CHUNK.pack(b"I", lengths.itemsize, len(lengths)),
            lengths.tobytes(),
            CHUNK.pack(b"B", 1, len(blob)),
            blob,
        ]
        return b"".join(head + self.chunks)


def encode(data: ReaderAnalysis, key: bytes) -> bytes:
    """The compact file's bytes for ``data`` under ``key`` (:func:`key_digest`)."""
    w = _Writer()
    m, c = data.mentions, data.claims
    w.array(array("q", [len(data.text), w.string(data.model)]))
    w.array(data.sentences.starts)
    w.array(data.sentences.ends)
    w.array(array("d", data.checkworthiness))
    w.array(m._starts)
    w.array(m._ends)
    w.array(m._values)
    w.array(m._max_end)
    w.array(
        array("I", [w.string(s) for pair in zip(m.labels, m.groups, strict=True) for s in pair])
    )
    w.array(array("q", [v for (s, e), t in m._texts.items() for v in (s, e, w.string(t))]))
    w.array(c.kinds)
    for name in _FIELDS:
        starts, ends = c.spans[name]
        w.array(starts)
        w.array(ends)
    w.array(c.scores)
    w.array(c.sentences)
    w.array(c.flag_ids)
    w.array(c.speaker_groups)
    w.array(array("I", map(len, c._flag_sets)))
    w.array(array("I", [w.string(flag) for flags in c._flag_sets for flag in flags]))
    w.array(array("I", map(w.string, c.group_names)))
    w.array(
        array(
            "q",
            [v for (row, name), t in c._texts.items()
             for v in (row, _FIELDS.index(name), w.string(t))],
        )
    )  # fmt: skip
    payload = w.payload()
    header = HEADER.pack(
        MAGIC, FORMAT_VERSION, sys.byteorder == "big", zlib.crc32(payload), len(payload), key
    )
    return header + payload


# -- reading ---------------------------------------------------------------------------------


class _Reader:
    """Reads the payload's chunks in order, each checked against the type expected."""

    def __init__(self, payload: memoryview) -> None:
        self.view = payload
        self.at = 0

    def _chunk(self, typecode: str) -> memoryview:
        code, size, count = CHUNK.unpack_from(self.view, self.at)
        if code != typecode.encode() or size != array(typecode).itemsize:
            raise ValueError("unexpected chunk")
        start = self.at + CHUNK.size
        end = start + size * count
        if end > len(self.view):
            raise ValueError("short chunk")
        self.at = end
        return self.view[start:end]

    def array(self, typecode: str) -> array[Any]:
        out = array(typecode)
        out.frombytes(self._chunk(typecode))
        return out

    def raw(self) -> bytes:
        return bytes(self._chunk("B"))


def _check(condition: bool) -> None:
    if not condition:
        raise ValueError("inconsistent compact analysis")


def _in_range(values: array[Any], low: int, high: int) -> bool:
    return not values or (low <= min(values) and max(values) < high)


def decode(blob: bytes, key: bytes, text: str) -> ReaderAnalysis | None:
    """The analysis of ``text`` in ``blob`` (a file :func:`encode` wrote), or None when the
    file is damaged, short, foreign, of another format or byte order, or not for ``key``."""
    if header_key(blob[: HEADER.size]) != key:
        return None
    _magic, _version, _big, crc, length, _key = HEADER.unpack_from(blob)
    payload = memoryview(blob)[HEADER.size :]
    if len(payload) != length or zlib.crc32(payload) != crc:
        return None
    try:
        return _decode_payload(_Reader(payload), text)
    except (*_BAD, UnicodeDecodeError):
        return None


def _decode_payload(r: _Reader, text: str) -> ReaderAnalysis | None:
    lengths = r.array("I")
    joined = r.raw().decode("utf-8", "surrogatepass")
    ends = list(accumulate(lengths))
    _check((ends[-1] if ends else 0) == len(joined))
    strings = list(map(joined.__getitem__, map(slice, [0, *ends], ends)))
    head = r.array("q")
    _check(len(head) == 2 and head[0] == len(text))
    s_starts, s_ends = r.array(OFFSET_TYPE), r.array(OFFSET_TYPE)
    checkworthiness = r.array("d")
    m_starts, m_ends, m_values = r.array(OFFSET_TYPE), r.array(OFFSET_TYPE), r.array("I")
    m_max_end = r.array(OFFSET_TYPE)
    pairs = r.array("I")
    m_texts = r.array("q")
    kinds = bytearray(r.raw())
    spans = {name: (r.array(OFFSET_TYPE), r.array(OFFSET_TYPE)) for name in _FIELDS}
    scores, sentences, flag_ids = r.array("d"), r.array("i"), r.array("H")
    speaker_groups = r.array("i")
    flag_lengths, flag_strings = r.array("I"), r.array("I")
    group_ids = r.array("I")
    c_texts = r.array("q")
    _check(r.at == len(r.view))
    # The arrays agree with each other, and every index is in range (the CRC already
    # vouches for the bytes; this is against a writer's bug: an offset past the text only
    # slices short, an index past its list would fail later, in the middle of a paint).
    _check(len(s_starts) == len(s_ends))
    _check(len(m_starts) == len(m_ends) == len(m_values) == len(m_max_end))
    _check(len(pairs) % 2 == 0 and _in_range(m_values, 0, len(pairs) // 2))
    rows = len(kinds)
    _check(_in_range(array("B", kinds), 0, len(CLAIM_KINDS)))
    for starts, ends_ in spans.values():
        _check(len(starts) == len(ends_) == rows)
    _check(len(scores) == len(sentences) == len(flag_ids) == len(speaker_groups) == rows)
    _check(_in_range(flag_ids, 0, len(flag_lengths)))
    _check(_in_range(speaker_groups, -1, len(group_ids)))
    _check(sum(flag_lengths) == len(flag_strings) and len(m_texts) % 3 == 0)
    _check(len(c_texts) % 3 == 0)
    flag_sets: list[tuple[str, ...]] = []
    at = 0
    for n in flag_lengths:
        flag_sets.append(tuple(strings[i] for i in flag_strings[at : at + n]))
        at += n
    _check(bool(flag_sets) and flag_sets[0] == ())
    payload = {
        "model": strings[head[1]],
        "sentences": (s_starts, s_ends),
        "max_end": m_max_end,
        "checkworthiness": checkworthiness,
        "mentions": (
            m_starts,
            m_ends,
            m_values,
            [strings[i] for i in pairs[0::2]],
            [strings[i] for i in pairs[1::2]],
            {
                (m_texts[i], m_texts[i + 1]): strings[m_texts[i + 2]]
                for i in range(0, len(m_texts), 3)
            },
        ),
        "claims": (
            kinds,
            spans,
            scores,
            sentences,
            flag_ids,
            flag_sets,
            speaker_groups,
            [strings[i] for i in group_ids],
            {
                (c_texts[i], _FIELDS[c_texts[i + 1]]): strings[c_texts[i + 2]]
                for i in range(0, len(c_texts), 3)
            },
        ),
    }
    return ReaderAnalysis.from_payload(payload, text)
