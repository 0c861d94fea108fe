"""Sorted span layers answering "which spans touch this line?" by bisection (no Textual).

The article view styles each display line from several layers (entities, the current
sentence, claim parts, find matches, notes). A :class:`SpanLayer` keeps its spans sorted by
start with a running maximum of ends, so the spans overlapping ``[start, end)`` are found in
``O(log n + k)`` even when spans overlap (notes may).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class SpanLayer(Generic[T]):
    """Spans ``(start, end, value)`` sorted by start, queried by range."""

    __slots__ = ("_ends", "_max_end", "_starts", "_values")

    def __init__(self, spans: Iterable[tuple[int, int, T]] = ()) -> None:
        items = sorted(((s, e, v) for s, e, v in spans if e > s), key=lambda t: (t[0], t[1]))
        self._starts: list[int] = [s for s, _, _ in items]
        self._ends: list[int] = [e for _, e, _ in items]
        self._values: list[T] = [v for _, _, v in items]
        self._max_end: list[int] = []
        self._rebuild_max()

    def _rebuild_max(self, from_index: int = 0) -> None:
        max_end = self._max_end
        del max_end[from_index:]
        running = max_end[-1] if max_end else -1
        for end in self._ends[from_index:]:
            running = max(running, end)
            max_end.append(running)

    def __len__(self) -> int:
        return len(self._starts)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def add_many(self, spans: Iterable[tuple[int, int, T]]) -> None:
        """Insert spans (kept sorted); cheap when they arrive roughly in order."""
        lowest: int | None = None
        for s, e, v in spans:
            if e <= s:
                continue
            index = bisect_left(self._starts, s)
            self._starts.insert(index, s)
            self._ends.insert(index, e)
            self._values.insert(index, v)
            lowest = index if lowest is None else min(lowest, index)
        if lowest is not None:
            self._rebuild_max(lowest)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """Spans overlapping ``[start, end)`` in start order."""
        hi = bisect_left(self._starts, end)
        found: list[tuple[int, int, T]] = []
        i = hi - 1
        max_end = self._max_end
        ends = self._ends
        while i >= 0 and max_end[i] > start:
            if ends[i] > start:
                found.append((self._starts[i], ends[i], self._values[i]))
            i -= 1
        found.reverse()
        return found

    def spans(self) -> list[tuple[int, int, T]]:
        """Every span, in start order."""
        return list(zip(self._starts, self._ends, self._values, strict=True))

    def starts(self) -> Sequence[int]:
        """The sorted span starts (read-only use)."""
        return self._starts


def merge_sorted(points: list[int], new: Iterable[int]) -> None:
    """Insert ``new`` offsets into the sorted list ``points`` (no duplicates)."""
    for p in new:
        i = bisect_left(points, p)
        if i == len(points) or points[i] != p:
            points.insert(i, p)
