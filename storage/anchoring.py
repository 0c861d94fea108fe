"""Finding a note's passage again after the article text changed.

An :class:`~margin.storage.model.Anchor` holds a W3C ``TextQuoteSelector`` (the exact passage and up
to 32 characters of context each side) and a ``TextPositionSelector`` (its offsets when last
anchored). :func:`reanchor` tries, in order:

1. **anchored** - the text at the stored position is still the quote (and its context agrees,
   or no better-placed copy of the quote exists);
2. **moved** - the exact quote occurs elsewhere: every occurrence is scored by how much of the
   stored prefix and suffix surrounds it, ties going to the one nearest the old position;
3. **fuzzy** - the quote was edited: candidate regions are found from pieces of the quote and
   its context, and the quote is aligned to each with a bounded edit distance (Myers'
   bit-parallel algorithm, at most a quarter of the quote's length in edits); the fewest edits
   win, then the best context, then the nearest. Only quotes up to :data:`MAX_FUZZY_LENGTH`
   characters are matched this way: aligning costs the quote's length squared (a 2 MB quote
   took minutes), so a longer passage is found again only if it is still there word for word;
4. **orphaned** - nothing close enough: the note keeps its old anchor and is listed apart.

Work is bounded by the number of occurrences and candidate windows, not by the text length
squared, so a 1 MB article re-anchors in milliseconds. The verdict depends only on the anchor
and the text, so a caller may remember an orphan verdict for a text (by its SHA-256, with
:data:`ANCHORING_VERSION`) instead of searching again.
"""

from __future__ import annotations

import re
from bisect import insort

from margin.storage.model import QUOTE_CONTEXT, Anchor, AnchorStatus

MAX_OCCURRENCES = 100_000
"""At most this many exact occurrences of a quote are scored."""

MAX_WINDOWS = 16
"""At most this many candidate regions are aligned in the approximate search."""

MIN_FUZZY_LENGTH = 4
"""Quotes shorter than this are never matched approximately (anything would match)."""

MAX_FUZZY_LENGTH = 2000
"""Quotes longer than this (about 300 words) are never matched approximately: an approximate
search costs up to ~0.1 s at this length and grows with its square (0.4 s at 4,000)."""

ANCHORING_VERSION = 1
"""Changes when :func:`reanchor` may decide differently: a remembered verdict is then stale."""

PROBE_LENGTH = 16
"""Length of the pieces of quote and context used to find candidate regions."""

PROBE_HITS = 24
"""Occurrences of one probe kept (the nearest to the old position)."""


def max_edits(length: int) -> int:
    """Most edits allowed for an approximate match of a quote of ``length`` characters
    (0: the quote is only matched exactly)."""
    if not MIN_FUZZY_LENGTH <= length <= MAX_FUZZY_LENGTH:
        return 0
    return max(1, length // 4)


def reanchor(anchor: Anchor, text: str) -> tuple[Anchor | None, AnchorStatus]:
    """Find ``anchor``'s passage in ``text``.

    Returns the anchor for where the passage is now (with fresh context) and how it was found:
    ``anchored``, ``moved``, ``fuzzy``, or ``(None, "orphaned")`` when it cannot be found.
    """
    exact = anchor.exact
    if not exact:
        return None, "orphaned"
    start, end = anchor.start, anchor.end
    if 0 <= start <= end <= len(text) and text[start:end] == exact:
        prefix = text[max(0, start - QUOTE_CONTEXT) : start]
        suffix = text[end : end + QUOTE_CONTEXT]
        if prefix == anchor.prefix and suffix == anchor.suffix:
            return anchor, "anchored"  # the usual case: nothing around it changed
        if _context_score(anchor, text, start, end) == len(anchor.prefix) + len(anchor.suffix):
            return Anchor(exact, prefix, suffix, start, end), "anchored"

    found = _exact_search(anchor, text)
    if found is not None:
        status: AnchorStatus = "anchored" if found == start else "moved"
        return Anchor.from_text(text, found, found + len(exact)), status

    span = _fuzzy_search(anchor, text)
    if span is not None:
        return Anchor.from_text(text, *span), "fuzzy"
    return None, "orphaned"


def _common_prefix_length(a: str, b: str) -> int:
    if a == b:  # the usual case (the text around the note unchanged): one comparison
        return len(a)
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix_length(a: str, b: str) -> int:
    if a == b:
        return len(a)
    return _common_prefix_length(a[::-1], b[::-1])


def _context_score(anchor: Anchor, text: str, start: int, end: int) -> int:
    """How many characters of the stored prefix and suffix surround ``text[start:end]``."""
    prefix, suffix = anchor.prefix, anchor.suffix
    before = text[max(0, start - len(prefix)) : start]
    after = text[end : end + len(suffix)]
    return _common_suffix_length(prefix, before) + _common_prefix_length(suffix, after)


def _occurrences(text: str, sub: str, limit: int = MAX_OCCURRENCES) -> list[int]:
    """Start offsets of (possibly overlapping) occurrences of ``sub``, at most ``limit``."""
    found: list[int] = []
    i = text.find(sub)
    while i != -1 and len(found) < limit:
        found.append(i)
        i = text.find(sub, i + 1)
    return found


def _exact_search(anchor: Anchor, text: str) -> int | None:
    """The best start of an exact occurrence of the quote, or ``None``."""
    exact, old = anchor.exact, anchor.start
    if anchor.prefix or anchor.suffix:
        whole = _occurrences(text, anchor.prefix + exact + anchor.suffix)
        if whole:
            return min((i + len(anchor.prefix) for i in whole), key=lambda p: (abs(p - old), p))
    best: tuple[int, int, int] | None = None
    for p in _occurrences(text, exact):
        key = (-_context_score(anchor, text, p, p + len(exact)), abs(p - old), p)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def _myers(pattern: str, text: str, *, free_start: bool) -> list[int]:
    """Edit distances of ``pattern`` against substrings of ``text`` ending at each position.

    Element ``j`` is the least edit distance between ``pattern`` and a substring of ``text``
    ending just after ``text[j]`` - any start if ``free_start``, else starting at 0.
    Myers (1999) bit-parallel algorithm, with Python ints as bit vectors.
    """
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    carry = 0 if free_start else 1
    out: list[int] = []
    append = out.append
    for ch in text:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = ((((eq & pv) + pv) & mask) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return out


def _align(
    exact: str, text: str, lo: int, hi: int, limit: int, near: int
) -> list[tuple[int, int, int]]:
    """Best approximate matches of ``exact`` in ``text[lo:hi]``: (edits, start, end).

    ``near`` is where the match is expected to end; among equally good ends the nearest win.
    """
    window = text[lo:hi]
    ends = _myers(exact, window, free_start=True)
    if not ends:
        return []
    best = min(ends)
    if best > limit:
        return []
    matches: list[tuple[int, int, int]] = []
    m = len(exact)
    reversed_exact = exact[::-1]
    # The first end of each run of best scores is the tightest; keep the few nearest ``near``.
    firsts = [j + 1 for j, d in enumerate(ends) if d == best and (j == 0 or ends[j - 1] != best)]
    firsts.sort(key=lambda e: abs(lo + e - near))
    for end in firsts[:4]:
        back = _myers(reversed_exact, window[:end][::-1], free_start=False)
        starts = [end - (i + 1) for i, d in enumerate(back) if d == best]
        if not starts:
            continue
        s = min(starts, key=lambda s: abs((end - s) - m))
        matches.append((best, lo + s, lo + end))
    return matches


def _fuzzy_search(anchor: Anchor, text: str) -> tuple[int, int] | None:
    """An approximate match of the quote near candidate regions, or ``None``."""
    exact = anchor.exact
    m = len(exact)
    limit = max_edits(m)
    if not limit or not text:
        return None
    old = min(max(anchor.start, 0), len(text))
    votes: dict[int, int] = {}

    def vote(start: int) -> None:
        start = min(max(start, 0), len(text))
        votes[start] = votes.get(start, 0) + 1

    def probe(sub: str, offset: int) -> None:
        """Vote for quote starts at ``occurrence + offset`` for the nearest occurrences."""
        if len(sub) < min(PROBE_LENGTH, 6) and sub != exact:
            return
        hits = _occurrences(text, sub, limit=MAX_OCCURRENCES)
        hits.sort(key=lambda i: abs(i + offset - old))
        for i in hits[:PROBE_HITS]:
            vote(i + offset)

    vote(old)
    prefix, suffix = anchor.prefix, anchor.suffix
    if prefix:
        tail = prefix[-PROBE_LENGTH:]
        probe(tail, len(tail))
    else:
        vote(0)
    if suffix:
        probe(suffix[:PROBE_LENGTH], -m)
    else:
        vote(len(text) - m)
    piece = min(PROBE_LENGTH, max(MIN_FUZZY_LENGTH, m // (limit + 1)))
    pieces = max(1, min(8, m // piece))
    for n in range(pieces):
        offset = (m - piece) * n // max(1, pieces - 1) if pieces > 1 else 0
        probe(exact[offset : offset + piece], -offset)

    # Candidate windows around the most-voted starts (nearest first on ties), merged.
    pad = limit + 8
    ranked = sorted(votes, key=lambda s: (-votes[s], abs(s - old)))[:MAX_WINDOWS]
    windows: list[tuple[int, int]] = []
    for s in ranked:
        insort(windows, (max(0, s - pad), min(len(text), s + m + pad)))
    merged: list[tuple[int, int]] = []
    for lo, hi in windows:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))

    best: tuple[int, int, int, int, int] | None = None
    for lo, hi in merged:
        for dist, s, e in _align(exact, text, lo, hi, limit, old + m):
            key = (dist, -_context_score(anchor, text, s, e), abs(s - old), s, e)
            if best is None or key < best:
                best = key
    if best is None:
        return None
    return best[3], best[4]


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The first occurrence of ``quote`` in ``text`` as (start, end), or ``None``.

    An exact match is preferred; failing that, runs of white space in the quote match any run
    of white space in the text (so a quote copied across a line break still anchors).
    """
    if not quote.strip():
        return None
    i = text.find(quote)
    if i != -1:
        return i, i + len(quote)
    words = quote.split()
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None
