"""Sorted span layers answering "which spans touch this line?" by bisection (no Textual).

The article view styles each display line from several layers (entities, the current
sentence, claim parts, find matches, notes). A :class:`SpanLayer` keeps its spans sorted by
start with a running maximum of ends, so the spans overlapping ``[start, end)`` are found in
``O(log n + k)`` even when spans overlap (notes may).

Offsets live in compact arrays (4 bytes each, not a tuple and two int objects per span), and
so may the values (``typecode``: small ints such as entity label ids), so a layer of 20,000
entity mentions takes a few hundred kilobytes.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Hashable, Iterable, Iterator, MutableSequence, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)

OFFSET_TYPE = "i"
"""Array type of character offsets (32-bit: texts up to 2 G characters)."""


class SpanLayer(Generic[T]):
    """Spans ``(start, end, value)`` sorted by start, queried by range.

    ``typecode`` stores the values in an ``array`` of that type (ints only) instead of a
    list. ``version`` grows with every change (for caches built from the layer).
    """

    __slots__ = ("_ends", "_max_end", "_starts", "_values", "version")

    def __init__(
        self, spans: Iterable[tuple[int, int, T]] = (), *, typecode: str | None = None
    ) -> None:
        items = sorted(((s, e, v) for s, e, v in spans if e > s), key=lambda t: (t[0], t[1]))
        self._starts = array(OFFSET_TYPE, [s for s, _, _ in items])
        self._ends = array(OFFSET_TYPE, [e for _, e, _ in items])
        values = [v for _, _, v in items]
        self._values: MutableSequence[T] = (
            array(typecode, values) if typecode else values  # type: ignore[arg-type]
        )
        self._max_end = array(OFFSET_TYPE)
        self.version = 0
        self._rebuild_max()

    def _rebuild_max(self, from_index: int = 0) -> None:
        max_end = self._max_end
        del max_end[from_index:]
        running = max_end[-1] if max_end else -1
        max_end.extend(accumulate(self._ends[from_index:], max, initial=running))
        del max_end[from_index]  # the ``initial`` value
        self.version += 1

    def __len__(self) -> int:
        return len(self._starts)

    def __bool__(self) -> bool:
        return bool(self._starts)

    def add_many(self, spans: Iterable[tuple[int, int, T]]) -> None:
        """Insert spans (kept sorted); cheap when they arrive roughly in order."""
        lowest: int | None = None
        starts, ends, values = self._starts, self._ends, self._values
        for s, e, v in spans:
            if e <= s:
                continue
            index = bisect_left(starts, s)
            while index < len(starts) and starts[index] == s and ends[index] <= e:
                index += 1
            starts.insert(index, s)
            ends.insert(index, e)
            values.insert(index, v)
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

    def __iter__(self) -> Iterator[tuple[int, int, T]]:
        return zip(self._starts, self._ends, self._values, strict=True)

    def starts(self) -> Sequence[int]:
        """The sorted span starts (read-only use)."""
        return self._starts

    def ends(self) -> Sequence[int]:
        """The span ends, in start order (read-only use)."""
        return self._ends

    def values(self) -> Sequence[T]:
        """The span values, in start order (read-only use)."""
        return self._values
