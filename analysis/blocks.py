"""Splitting a text into paragraph blocks that spaCy can process one at a time.

Blocks are contiguous ``(start, end)`` offsets that together cover the whole text: block
``i`` ends where block ``i + 1`` starts, the first starts at 0 and the last ends at
``len(text)``. Whitespace between paragraphs belongs to the block before it.

A block is paragraph-sized: a paragraph over :data:`LONG_BLOCK_CHARS` (a whole article on one
line, a page without paragraph breaks) is cut at sentence ends into pieces of at most
:data:`BLOCK_PIECE_CHARS`, as if it had paragraphs. spaCy parses blocks in batches, so its
memory grows with the batch's characters: a 1 MB one-line article cut into 20,000-character
blocks peaked at 2.8 GB.
"""

from __future__ import annotations

import itertools
import re

#: No block is longer than this (the default hard cap; see ``split_blocks(max_chars=)``).
MAX_BLOCK_CHARS = 20_000

#: A paragraph longer than this is cut into pieces (real paragraphs are nearly all shorter:
#: 6 of 18,000 in PolNeAR's train and dev articles, none of 12,800 in the BBC corpus).
LONG_BLOCK_CHARS = 5_000

#: The longest piece a long paragraph is cut into (cuts fall in its second half).
BLOCK_PIECE_CHARS = 2_000

_BLANK_RUN = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
# A surer sentence end: "!" or "?", or "." after a lower-case word or a digit (not after
# "Mr." or "U.S."), then white space and a capital, a digit or an opening quote.
_CLEAR_SENTENCE_END = re.compile(
    r"(?:(?:\b[a-z]{2,}|\d)\.|[!?])[\"'”’)\]]*\s+(?=[\"“‘'(\[]?[A-Z\d])"
)
_SPACE = re.compile(r"\s+")


def _cuts(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[int]:
    """Offsets just after each match of ``pattern`` in ``text[start:end]`` (not at ``end``)."""
    return [m.end() for m in pattern.finditer(text, start, end) if start < m.end() < end]


def _split_long(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """Split ``[start, end)`` into pieces of at most ``limit`` characters at natural breaks."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        window_end = start + limit
        cut = 0
        # Prefer a line break, then a sentence end, then any whitespace, in the last half.
        for pattern in (_LINE_END, _CLEAR_SENTENCE_END, _SENTENCE_END, _SPACE):
            found = _cuts(text, pattern, start + limit // 2, window_end)
            if found:
                cut = found[-1]
                break
        if not cut:  # one unbroken run: any code-point index is a valid offset
            cut = window_end
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def split_blocks(text: str, max_chars: int = MAX_BLOCK_CHARS) -> list[tuple[int, int]]:
    """Paragraph blocks covering ``text``.

    Paragraphs are separated by blank lines; a text with no blank line is split at line
    breaks instead. A block longer than :data:`LONG_BLOCK_CHARS` is split further at a line
    break, a sentence end or a space, into pieces of at most :data:`BLOCK_PIECE_CHARS`; no
    block is longer than ``max_chars``. An empty text has no blocks.
    """
    long_block = min(max_chars, LONG_BLOCK_CHARS)
    piece = min(max_chars, BLOCK_PIECE_CHARS)
    if not text:
        return []
    separator = _BLANK_RUN if _BLANK_RUN.search(text) else _LINE_END
    cuts = [0, *_cuts(text, separator, 0, len(text)), len(text)]
    blocks: list[tuple[int, int]] = []
    for start, end in itertools.pairwise(cuts):
        if end <= start:
            continue
        if end - start > long_block:
            blocks.extend(_split_long(text, start, end, piece))
        else:
            blocks.append((start, end))
    if (
        len(blocks) > 1
        and not text[blocks[0][0] : blocks[0][1]].strip()
        and blocks[1][1] <= max_chars
    ):
        # Leading blank lines join the first paragraph.
        blocks[1] = (0, blocks[1][1])
        del blocks[0]
    return blocks
