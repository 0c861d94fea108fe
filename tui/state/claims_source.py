"""Where the Speakers and Claims views get the claims index: opened from the store (off the
UI thread), kept while neither the library nor the index file changes (no Textual)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from margin.errors import MarginError
from margin.storage.claims_table import ClaimsTable
from margin.storage.paths import claims_index_path

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.store import Store


def _stamp(store: Store) -> tuple[int, int]:
    """What the index in memory depends on: the library's articles (not when each was last
    opened: opening an article rewrites the library) and when the index was last written."""
    try:
        written = claims_index_path(store.path).stat().st_mtime_ns
    except OSError:
        written = 0
    articles = hash(frozenset((e.sha256, e.title, e.added) for e in store.entries()))
    return articles, written


class ClaimsSource:
    """The library's claims index for the views: :meth:`load` opens it (reading the index
    file, bringing it up to date with the library and the analysis cache) unless the copy in
    memory is still current (same articles, index file not written since). ``open_store``
    gives the store (None: notes are off)."""

    def __init__(self, open_store: Callable[[], Store | None]) -> None:
        self._open_store = open_store
        self._lock = threading.Lock()
        self._kept: tuple[tuple[int, int], ClaimsTable] | None = None

    def load(self) -> ClaimsTable:
        """The claims index (call it off the UI thread: the first call reads a file of a few
        MB). Raises :class:`~margin.errors.MarginError` when there is no library."""
        from margin.storage.claims_index import open_index
        from margin.storage.verdict_lookup import library_verdicts

        store = self._open_store()
        if store is None:
            raise MarginError("the library cannot be read (notes are off)")
        with self._lock:
            stamp = _stamp(store)
            if self._kept is not None and self._kept[0] == stamp:
                return self._kept[1]
            table = open_index(store, verdicts=library_verdicts(store))
            table.prepare_search()  # here, in the loader's thread, not at the first keystroke
            self._kept = (_stamp(store), table)
            return table

    def kept(self) -> ClaimsTable | None:
        """The copy in memory, if any, at once (not checked: :meth:`load` checks it). The
        views show it while :meth:`load` runs in a thread."""
        kept = self._kept
        return kept[1] if kept is not None else None

    def forget(self) -> None:
        """Drop the copy in memory (the next :meth:`load` reads the index again)."""
        with self._lock:
            self._kept = None
