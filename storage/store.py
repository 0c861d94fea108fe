"""The notes store: the library of articles and every note and highlight, kept in TinyDB.

Layout (schema 3, see :mod:`margin.storage.schema`)::

    <dir>/margin.json                     the library (one small document per article) + schema
    <dir>/margin-notes/<sha256>.json      one TinyDB file per article, holding its notes
    <dir>/margin-notes/<sha256>.journal   changes to them since, one line each
    <dir>/texts/<sha256>.txt              article text snapshots
    <dir>/.margin.json.lock               the inter-process lock

Splitting notes by article keeps other articles' notes out of a note's write, and the journal
(:mod:`margin.storage.journal`) keeps that article's own notes out of it: saving a note
appends one fsynced line, whatever the number of notes; the journal is folded into the
article's file when it grows and when the article is opened. Whole files are written with
:func:`~margin.storage.safe_storage.atomic_write` (temp file, fsync, rename, directory fsync),
and every read-modify-write holds one :class:`~margin.storage.safe_storage.StoreLock` for the
database, so two running margins never lose each other's notes and a kill at any instant leaves
every acknowledged note on disk.

Notes use UUID hex ids (TinyDB's per-process integer counters would collide between
processes); articles are keyed by SHA-256.

The :class:`Store` is composed of parts, each in its own module:
:mod:`~margin.storage.store_files` (opening, damage, raw reads),
:mod:`~margin.storage.store_library` (the library), :mod:`~margin.storage.store_notes` (the
notes) and :mod:`~margin.storage.store_anchors` (notes re-anchored against their text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.storage.errors import StoreError
from margin.storage.store_anchors import ORPHAN_CHECK, AnchoredNotes, ArticleNotes
from margin.storage.store_files import MIN_PREFIX, KeyedTable, KeyedTinyDB, now_iso
from margin.storage.store_library import LibraryStore
from margin.storage.store_notes import NotesStore
from margin.storage.tags import normalize_tags

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.verdicts import VerdictStore

__all__ = [
    "MIN_PREFIX",
    "ORPHAN_CHECK",
    "ArticleNotes",
    "KeyedTable",
    "KeyedTinyDB",
    "Store",
    "StoreError",
    "normalize_tags",
    "now_iso",
]


class Store(LibraryStore, NotesStore, AnchoredNotes):
    """The library and the notes, in a TinyDB database at ``path`` (see :func:`default_db_path`).

    Opening cleans temporary files left by killed writers, migrates an older schema (after a
    backup), refuses a newer one (:class:`StoreError`), and moves an unreadable file aside to
    ``<name>.corrupt-<timestamp>`` before starting afresh; :attr:`warnings` then says what
    happened. In a read-only location the store still reads; writes raise :class:`StoreError`.

    Problems found later (a notes file moved aside, a malformed note or library entry skipped)
    are added to :attr:`warnings` too, and each is handed once to ``on_warning`` as it
    happens, so that a caller can show it at once (the CLI on stderr, the reader in-app).
    ``on_wait`` is told when a call has waited a moment for another margin's lock.
    """

    @property
    def verdicts(self) -> VerdictStore:
        """The verdicts on claims, kept beside the notes (:mod:`margin.storage.verdicts`)."""
        from margin.storage.verdicts import VerdictStore

        return VerdictStore(self)
