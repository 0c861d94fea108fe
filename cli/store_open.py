"""Opening the notes store for a command: its warnings go to stderr as they happen."""

from __future__ import annotations

import sys

from margin.sanitize import clean_text
from margin.storage.store import Store


def warn(message: str) -> None:
    """Print one ``margin: warning:`` line on stderr."""
    print(f"margin: warning: {clean_text(message)}", file=sys.stderr, flush=True)


def open_store(db: str | None) -> Store:
    """The store at ``db`` (``--db``); each of its warnings is printed once on stderr.

    Warnings found while a command runs (a notes file moved aside, a malformed library
    entry skipped) are printed when they arise, not only those found on opening; a wait for
    another margin's lock is said once, after a moment.
    """
    told: list[str] = []

    def waiting(message: str) -> None:
        if not told:
            told.append(message)
            print(f"margin: {clean_text(message)}", file=sys.stderr, flush=True)

    return Store(db, on_warning=warn, on_wait=waiting)
