"""Direct quotations: pairing opening and closing quote marks over the whole text.

Curly (“ ”), straight (") and angle (« ») double quotes are paired by position as much as by
shape (news text mixes them, and sometimes types ” for “). A quotation left open at the end
of a paragraph continues when the next paragraph re-opens with a quote mark (news style for a
quotation running over several paragraphs); otherwise it ends with its paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_QUOTE_CHARS = '"“”«»„‟″'
# Double quotes, plus the typewriter pairs `` and '' that some newspapers use for them.
_QUOTE_RE = re.compile(f"``|(?<!')''(?!')|[{_QUOTE_CHARS}]")
_OPENERS = "“«„‟"
_CLOSERS = "”»″"
_OPEN_BEFORE = set(" \t\n\r([{—–-/:;,\u00a0\u2018\u2019'") | set(_QUOTE_CHARS)
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class QuoteRun:
    """A direct quotation: ``start`` at its opening mark, ``end`` after its closing mark (or
    after the last character of the paragraph where it was left open). ``segments`` are its
    per-paragraph parts (one unless it runs over paragraphs)."""

    start: int
    end: int
    segments: tuple[tuple[int, int], ...]
    closed: bool = True

    def words(self, text: str) -> int:
        """How many words the quotation holds."""
        return len(_WORD_RE.findall(text, self.start, self.end))


def _is_opener(text: str, i: int, j: int) -> bool:
    """Whether the quote mark ``text[i:j]`` opens a quotation (by its shape and place)."""
    mark = text[i:j]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[j] if j < len(text) else " "
    if mark in _OPENERS or mark == "``":
        # A “ glued to the end of a word and followed by a space is a mistyped closer.
        return not (not prev.isspace() and prev not in _OPEN_BEFORE and (nxt.isspace()))
    if mark in _CLOSERS:
        # A ” at the start of a paragraph or after a space, before a word, is a mistyped opener.
        return (prev in _OPEN_BEFORE or i == 0) and (nxt.isalnum() or nxt in "‘'….")
    # straight quote (or ''): opens after a space/bracket/dash, closes after anything else
    if prev in _OPEN_BEFORE or i == 0:
        return not nxt.isspace()
    return False


def _first_char(text: str, start: int, end: int) -> int:
    i = start
    while i < end and text[i].isspace():
        i += 1
    return i


def _last_end(text: str, start: int, end: int) -> int:
    j = end
    while j > start and text[j - 1].isspace():
        j -= 1
    return j


def find_quotes(text: str, blocks: list[tuple[int, int]]) -> list[QuoteRun]:
    """Every direct quotation in ``text`` (whose paragraphs are ``blocks``), in text order."""
    runs: list[QuoteRun] = []
    open_at: int | None = None  # where the current quotation opened
    segments: list[tuple[int, int]] = []
    seg_start: int | None = None
    for bi, (bstart, bend) in enumerate(blocks):
        marks = [m.span() for m in _QUOTE_RE.finditer(text, bstart, bend)]
        first = _first_char(text, bstart, bend)
        for pos, mark_end in marks:
            opener = _is_opener(text, pos, mark_end)
            if open_at is not None and seg_start is not None and pos == first and opener:
                continue  # the re-opening mark of a continued quotation
            if opener and open_at is None:
                open_at = pos
                seg_start = pos
                segments = []
            elif opener and open_at is not None and text[pos] in _OPENERS:
                # A second opener while open: the first was never closed; restart here.
                if seg_start is not None and seg_start < pos:
                    segments.append((seg_start, _last_end(text, seg_start, pos)))
                runs.append(QuoteRun(open_at, segments[-1][1], tuple(segments), closed=False))
                open_at = pos
                seg_start = pos
                segments = []
            elif not opener and open_at is not None:
                assert seg_start is not None
                segments.append((seg_start, mark_end))
                runs.append(QuoteRun(open_at, mark_end, tuple(segments)))
                open_at = None
                seg_start = None
                segments = []
            # a closer with nothing open is a stray mark (or an apostrophe-like use): ignored
        if open_at is not None:
            assert seg_start is not None
            seg_end = _last_end(text, seg_start, bend)
            segments.append((seg_start, seg_end))
            nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
            if nxt is not None:
                nfirst = _first_char(text, nxt[0], nxt[1])
                m = _QUOTE_RE.match(text, nfirst, nxt[1])
                if m is not None and _is_opener(text, m.start(), m.end()):
                    seg_start = nfirst  # continues in the next paragraph
                    continue
            runs.append(QuoteRun(open_at, seg_end, tuple(segments), closed=False))
            open_at = None
            seg_start = None
            segments = []
    return runs


def quote_units(blocks: list[tuple[int, int]], runs: list[QuoteRun]) -> list[tuple[int, int]]:
    """Group block indices into units ``(first, last)`` (inclusive) so that no quotation
    crosses a unit boundary."""
    if not blocks:
        return []
    starts = [b[0] for b in blocks]
    joined = [False] * len(blocks)  # joined[i]: block i continues block i-1's unit
    for run in runs:
        if len(run.segments) > 1:
            first = bisect_right(starts, run.start) - 1
            last = bisect_right(starts, run.end - 1) - 1
            for i in range(first + 1, last + 1):
                joined[i] = True
    units: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(blocks)):
        if not joined[i]:
            units.append((start, i - 1))
            start = i
    units.append((start, len(blocks) - 1))
    return units
