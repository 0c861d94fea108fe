"""Finding text in the article: smart case, literal, bounded (no Textual)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

MAX_MATCHES = 50_000
"""Find stops counting after this many matches (a one-letter query on a long article)."""


def is_case_sensitive(query: str) -> bool:
    """Smart case: a query with a capital letter is matched exactly."""
    return any(ch.isupper() for ch in query)


def find_all(text: str, query: str, *, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """``(start, end)`` of each occurrence of ``query`` in ``text`` (non-overlapping).

    Case-insensitive unless the query has a capital letter; runs of whitespace in the query
    match any whitespace (so a phrase is found across a line break).
    """
    query = query.strip() if query.strip() else query
    if not query:
        return []
    parts = [re.escape(p) for p in query.split()]
    pattern = r"\s+".join(parts) if parts else re.escape(query)
    flags = 0 if is_case_sensitive(query) else re.IGNORECASE
    matches: list[tuple[int, int]] = []
    for m in re.finditer(pattern, text, flags):
        if m.end() > m.start():
            matches.append((m.start(), m.end()))
            if len(matches) >= limit:
                break
    return matches


def next_index(starts: Sequence[int], offset: int, *, forward: bool = True) -> int | None:
    """Index of the first start after ``offset`` (or the last before it), wrapping around."""
    if not starts:
        return None
    if forward:
        i = bisect_right(starts, offset)
        return i if i < len(starts) else 0
    i = bisect_left(starts, offset) - 1
    return i if i >= 0 else len(starts) - 1
