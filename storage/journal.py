"""One article's notes: a base file in TinyDB's layout and an append-only journal beside it.

::

    margin-notes/<sha256>.json      {"notes": {"<note id>": Note.to_dict(), ...}}   the base
    margin-notes/<sha256>.journal   one change a line: {"put": {"<id>": {...}}, "del": ["<id>"]}

Saving a note appends one line to the journal and fsyncs it, so its cost does not grow with
the article's notes (rewriting the base, as TinyDB does on every change, costs time in
proportion to all of them). The notes are the base with the journal's lines applied in order.
:meth:`NotesFile.fold` writes them back as a new base (temporary file, fsync, rename, directory
fsync) and then removes the journal; it runs when the journal grows past
:data:`FOLD_BYTES` and when the reader opens the article.

Crash safety, at every instant:

* a line is acknowledged only once it is written and fsynced; a kill in the middle of an
  append leaves at most a cut-short last line, which is not valid JSON and is skipped (the
  next append starts a new line first);
* a kill during a fold leaves the old base or the new one (atomic rename) with the journal
  still beside it: each line sets or removes whole notes, so applying the journal again to a
  base that already holds it gives the same notes.

Every read and write holds the database's :class:`~margin.storage.safe_storage.StoreLock`
(a reader must not see a new base and then no journal, mid-fold).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from margin.storage import safe_storage
from margin.storage.errors import StoreError, describe_os_error
from margin.storage.safe_storage import (
    CorruptFileError,
    StoreLock,
    dump_json,
    fsync_dir,
    read_json_file,
)

NOTES_TABLE = "notes"
JOURNAL_SUFFIX = ".journal"
FOLD_BYTES = 256 * 1024
"""A journal longer than this is folded into the base by the append that passes it."""

Docs = dict[str, dict[str, Any]]


def journal_path(base: Path) -> Path:
    """The journal beside the base file ``<sha256>.json``: ``<sha256>.journal``."""
    return base.with_suffix(JOURNAL_SUFFIX)


def apply_journal(docs: Docs, raw: bytes) -> int:
    """Apply the journal's lines to ``docs`` in order; returns how many were applied.

    A line that is not a JSON object (one cut short by a crash) is skipped."""
    applied = 0
    for line in raw.split(b"\n"):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict):
            continue
        removed = record.get("del")
        if isinstance(removed, list):
            for note_id in removed:
                docs.pop(str(note_id), None)
        put = record.get("put")
        if isinstance(put, dict):
            for note_id, doc in put.items():
                if isinstance(doc, dict):
                    docs[str(note_id)] = doc
        applied += 1
    return applied


class NotesFile:
    """One article's notes on disk: ``base`` (a TinyDB file) and its journal.

    ``on_corrupt(path, reason)`` is called for a base that cannot be read (it moves the file
    aside); the journal's notes are still read on top of an empty base.
    """

    def __init__(
        self,
        base: Path,
        *,
        lock: StoreLock,
        on_corrupt: Callable[[Path, str], None] | None = None,
        what: str = "your notes",
        table: str = NOTES_TABLE,
    ) -> None:
        self.base = Path(base)
        self.table = table
        """The base file's one table (``notes``; ``verdicts`` for an article's verdicts)."""
        self.journal = journal_path(self.base)
        self.lock = lock
        self.on_corrupt = on_corrupt
        self.what = what

    # -- reading -------------------------------------------------------------------------

    def _read_base(self) -> dict[str, Any]:
        try:
            data = read_json_file(self.base)
        except CorruptFileError as exc:
            if self.on_corrupt is None:
                raise StoreError(f"{self.what} cannot be read ({exc})") from exc
            self.on_corrupt(self.base, exc.reason)
            data = None
        return data or {}

    def _read_journal(self) -> bytes:
        try:
            return self.journal.read_bytes()
        except FileNotFoundError:
            return b""
        except OSError as exc:
            raise StoreError(f"cannot read {self.journal}: {describe_os_error(exc)}") from exc

    def read(self) -> Docs:
        """The notes (id → document): the base with the journal applied."""
        with self.lock:
            table = self._read_base().get(self.table) or {}
            docs = {str(k): v for k, v in table.items() if isinstance(v, dict)}
            apply_journal(docs, self._read_journal())
        return docs

    def exists(self) -> bool:
        """Whether either file is there."""
        return self.base.exists() or self.journal.exists()

    # -- writing -------------------------------------------------------------------------

    def append(self, put: Mapping[str, Mapping[str, Any]] | None = None,
               remove: Iterable[str] = ()) -> None:  # fmt: skip
        """Put ``put`` (id → document) and remove ``remove`` in one journal line, durably:
        on return the change survives a crash. On failure nothing is changed and a
        :class:`StoreError` says why."""
        record: dict[str, Any] = {}
        if put:
            record["put"] = {str(k): dict(v) for k, v in put.items()}
        gone = [str(r) for r in remove]
        if gone:
            record["del"] = gone
        if not record:
            return
        line = dump_json(record) + b"\n"
        with self.lock:
            size = self._append(line)
            if size > FOLD_BYTES:
                with contextlib.suppress(StoreError):
                    self.fold()  # the change is saved; a fold that fails is retried later

    def _append(self, line: bytes) -> int:
        """Append ``line`` (lock held); returns the journal's new size."""
        try:
            fd = os.open(self.journal, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise StoreError(
                f"cannot save {self.what}: {describe_os_error(exc)} ({self.journal}); "
                "nothing was changed"
            ) from exc
        size = 0
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                line = b"\n" + line  # the last line was cut short by a crash
            view = memoryview(line)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise StoreError(
                f"cannot save {self.what}: {describe_os_error(exc)} ({self.journal}); "
                "nothing was changed"
            ) from exc
        finally:
            os.close(fd)
        if size == 0:
            try:
                fsync_dir(self.journal.parent)  # a new file: its name must be durable too
            except OSError as exc:
                raise StoreError(
                    f"cannot save {self.what}: {describe_os_error(exc)} ({self.journal})"
                ) from exc
        return size + len(line)

    def fold(self) -> None:
        """Write the notes as a new base and remove the journal (nothing to do without one).

        A crash after the new base is in place but before the journal is gone is harmless:
        the journal's lines are already in the base, and applying them again changes
        nothing."""
        with self.lock:
            journal = self._read_journal()
            if not journal and not self.journal.exists():
                return
            data = self._read_base()
            table = data.get(self.table) or {}
            docs = {str(k): v for k, v in table.items() if isinstance(v, dict)}
            apply_journal(docs, journal)
            data[self.table] = docs
            safe_storage.atomic_write(self.base, dump_json(data), what=self.what)
            with contextlib.suppress(StoreError):
                self._remove(self.journal)  # left behind, it is applied again: no change

    def replace_all(self, docs: Docs) -> None:
        """Write ``docs`` as the notes, folding the journal away: for a change as big as the
        notes themselves (an import), one whole write instead of a journal line as long.

        ``docs`` must be :meth:`read`'s answer, changed, under the lock the caller still
        holds. Until the call returns the change is not acknowledged: a crash between the new
        file and the journal's removal applies the journal again over it, which leaves every
        note acknowledged before as it was."""
        with self.lock:
            safe_storage.atomic_write(self.base, dump_json({self.table: docs}), what=self.what)
            with contextlib.suppress(StoreError):
                self._remove(self.journal)

    def delete(self) -> None:
        """Remove both files (every note of the article)."""
        with self.lock:
            self._remove(self.journal)
            self._remove(self.base)

    def _remove(self, path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"cannot remove {path}: {describe_os_error(exc)}") from exc
        with contextlib.suppress(OSError):
            fsync_dir(path.parent)
