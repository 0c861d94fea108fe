"""The notes database's files: opening it, damaged files moved aside, and the raw reads the
rest of the store is built on (see :mod:`margin.storage.store` for the layout).

:class:`StoreFiles` opens the database (temporary files of killed writers cleaned, an older
schema migrated after a backup, a newer one refused, an unreadable file moved aside), keeps one
:class:`~margin.storage.journal.NotesFile` per article, and reads the library table, the notes
files and the saved texts afresh on every call. The library half
(:mod:`margin.storage.store_library`), the notes half (:mod:`margin.storage.store_notes`) and
the re-anchoring (:mod:`margin.storage.store_anchors`) are built on it.
"""

from __future__ import annotations

import os
import re
import shlex
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self

from tinydb import TinyDB
from tinydb.table import Table

from margin.model import sha256_text
from margin.storage import schema
from margin.storage.errors import StoreError, describe_os_error
from margin.storage.journal import JOURNAL_SUFFIX, Docs, NotesFile
from margin.storage.model import LibraryEntry, Note
from margin.storage.paths import default_db_path, lock_path, notes_dir, text_path, texts_dir
from margin.storage.safe_storage import (
    CorruptFileError,
    SafeJSONStorage,
    StoreLock,
    atomic_write,
    clean_temp_files,
    fsync_dir,
    read_json_file,
)

SHA_RE = re.compile(r"[0-9a-f]{64}")
MIN_PREFIX = 4
"""Shortest note-id or SHA-256 prefix accepted as a reference."""

STALE_TEMP_AGE = 60.0
"""Seconds after which a temporary text snapshot is surely a leftover (texts/ is shared)."""


def now_iso() -> str:
    """The current time as an ISO 8601 UTC string with microseconds (sorts as text)."""
    return now_stamps(1)[0]


def now_stamps(count: int) -> list[str]:
    """``count`` distinct times as :func:`now_iso` gives them, one microsecond apart from now
    on: what a batch of things saved "now" gets, so that they sort in the order given."""
    now = datetime.now(UTC)
    return [
        (now + timedelta(microseconds=i)).isoformat(timespec="microseconds").replace("+00:00", "Z")
        for i in range(count)
    ]


def _stamp() -> str:
    return time.strftime("%Y%m%dT%H%M%S")


def _aside_path(path: Path, label: str) -> Path:
    """A fresh ``<path>.<label>-<timestamp>`` name that does not exist yet."""
    base = path.with_name(f"{path.name}.{label}-{_stamp()}")
    candidate, n = base, 1
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{n}")
        n += 1
    return candidate


class KeyedTable(Table):
    """A TinyDB table keyed by our own string ids (UUIDs, SHA-256s), with no query cache.

    TinyDB's query cache would serve stale results after another process wrote the file,
    and its integer id counter is per process; neither is used here.
    """

    document_id_class = str
    default_query_cache_capacity = 0

    def put(self, docs: Mapping[str, Mapping[str, Any]], remove: Iterable[str] = ()) -> None:
        """Insert or replace ``docs`` and delete ``remove`` in one read-modify-write."""
        gone = list(remove)

        def updater(table: dict[str, Any]) -> None:
            for doc_id in gone:
                table.pop(doc_id, None)
            for doc_id, doc in docs.items():
                table[doc_id] = dict(doc)

        self._update_table(updater)


class KeyedTinyDB(TinyDB):
    """TinyDB whose tables are :class:`KeyedTable` (our own string ids, no query cache)."""

    table_class = KeyedTable


class StoreFiles:
    """The database's files at ``path`` (see :class:`~margin.storage.store.Store`, which is
    built on this): opening, damage, the notes files, raw reads of the library and notes."""

    def __init__(
        self,
        path: Path | str | None = None,
        *,
        on_warning: Callable[[str], None] | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path: Path = default_db_path(path)
        self.warnings: list[str] = []
        self.on_warning = on_warning
        self._warned: set[str] = set()
        self.read_only = False
        self.notes_dir = notes_dir(self.path)
        self.texts_dir = texts_dir(self.path)
        self._lock = StoreLock(
            lock_path(self.path), what=f"the notes database {self.path}", on_wait=on_wait
        )
        self._db = KeyedTinyDB(
            self.path,
            storage=SafeJSONStorage,
            lock=self._lock,
            what="the library",
            on_corrupt=self._move_aside,
        )
        self._articles = self._db.table(schema.ARTICLES_TABLE)
        self._note_files: dict[Path, NotesFile] = {}
        self._open()

    def _warn(self, message: str) -> None:
        """Record a warning (once) and hand it to ``on_warning``."""
        if message in self._warned:
            return
        self._warned.add(message)
        self.warnings.append(message)
        if self.on_warning is not None:
            self.on_warning(message)

    # -- opening -------------------------------------------------------------------------

    def _open(self) -> None:
        parent = self.path.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if not os.path.isdir(parent):  # False, not an error, under a folder we cannot enter
                raise StoreError(
                    f"cannot create the folder for the notes database {parent}: "
                    f"{describe_os_error(exc)}"
                ) from exc
        if not os.access(parent, os.W_OK):
            self.read_only = True
            self._check_main(writable=False)
            return
        with self._lock:
            # The folder and texts/ may be shared with other databases (other locks).
            real = Path(os.path.realpath(self.path))  # a symlink is written through
            for folder, name in {(parent, self.path.name), (real.parent, real.name)}:
                clean_temp_files(folder, target=name)
            clean_temp_files(self.notes_dir)
            clean_temp_files(self.texts_dir, min_age=STALE_TEMP_AGE)
            self._check_main(writable=True)

    def _check_main(self, *, writable: bool) -> None:
        """Check the main file: fresh, current, older (migrate), newer (refuse), unreadable."""
        try:
            data = read_json_file(self.path)
            version = schema.version_of(data)
        except (CorruptFileError, ValueError) as exc:
            reason = exc.reason if isinstance(exc, CorruptFileError) else str(exc)
            if not writable:
                raise StoreError(
                    f"the notes database {self.path} cannot be read ({reason}) and its folder "
                    "is read-only"
                ) from exc
            aside = _aside_path(self.path, "corrupt")
            try:
                os.replace(self.path, aside)
                fsync_dir(self.path.parent)
            except OSError as move_exc:
                raise StoreError(
                    f"the notes database {self.path} cannot be read ({reason}) nor moved "
                    f"aside: {describe_os_error(move_exc)}"
                ) from move_exc
            self._warn(
                f"the notes database {self.path} could not be read ({reason}); it was moved to "
                f"{aside} and a fresh one was started"
            )
            data, version = None, None
        if version is None:
            if writable:
                self._db.storage.write({**schema.meta_tables(), schema.ARTICLES_TABLE: {}})
            return
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"the notes database {self.path} was written by a newer margin (schema "
                f"{version}; this margin reads up to {schema.SCHEMA_VERSION}): upgrade margin, "
                "or use --db for another database"
            )
        if version < schema.SCHEMA_VERSION:
            if not writable:
                raise StoreError(
                    f"the notes database {self.path} needs upgrading (schema {version} → "
                    f"{schema.SCHEMA_VERSION}) but its folder is read-only"
                )
            assert data is not None
            self._migrate(data, version)

    def _migrate(self, data: dict[str, Any], version: int) -> None:
        backup = _aside_path(self.path, f"bak-v{version}")
        atomic_write(backup, self.path.read_bytes(), what=f"a backup of {self.path}")
        migrated = schema.migrate(data, version)
        if migrated.notes:
            self._ensure_notes_dir()
        for article, docs in migrated.notes.items():
            notes = self._notes_file(article)
            present = notes.read()
            notes.append({d["id"]: d for d in docs if d["id"] not in present})
        self._db.storage.write(migrated.main)
        self._warn(
            f"the notes database {self.path} was upgraded from schema {version} to "
            f"{schema.SCHEMA_VERSION}; the old file was kept as {backup}"
        )

    def close(self) -> None:
        """Release resources (the store holds no open files between calls)."""
        self._note_files.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- files ---------------------------------------------------------------------------

    def _notes_path(self, article: str) -> Path:
        key = article if SHA_RE.fullmatch(article) else sha256_text(article)
        return self.notes_dir / f"{key}.json"

    def _notes_file(self, article: str | Path) -> NotesFile:
        """The notes of ``article`` (a SHA-256, or the path of its base file)."""
        path = article if isinstance(article, Path) else self._notes_path(article)
        notes = self._note_files.get(path)
        if notes is None:
            notes = NotesFile(path, lock=self._lock, on_corrupt=self._move_aside)
            self._note_files[path] = notes
        return notes

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(
                f"cannot save your notes: the folder {self.path.parent} is not writable "
                "(permission denied or a read-only file system); nothing was changed"
            )

    def _ensure_notes_dir(self) -> None:
        try:
            self.notes_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot save notes in {self.notes_dir}: {describe_os_error(exc)}; "
                "nothing was changed"
            ) from exc

    def _move_aside(self, path: Path, reason: str) -> None:
        """Move an unreadable file to ``<name>.corrupt-<timestamp>`` and say so in warnings."""
        if self.read_only:
            raise StoreError(f"{path} cannot be read ({reason})")
        with self._lock:
            if not path.exists():
                return
            aside = _aside_path(path, "corrupt")
            try:
                os.replace(path, aside)
                fsync_dir(path.parent)
            except OSError as exc:
                raise StoreError(
                    f"{path} cannot be read ({reason}) nor moved aside: {describe_os_error(exc)}"
                ) from exc
        if path.parent == self.notes_dir:
            entry = self._entry(path.stem)
            title = f"“{entry.title}”" if entry and entry.title else f"article {path.stem[:12]}"
            self._warn(
                f"the notes on {title} could not be read ({reason}); the file was moved to "
                f"{aside} and those notes are not shown: repair it, then run "
                f"'margin import {shlex.quote(str(aside))}' to get them back"
            )
        else:
            fresh = " and a fresh one was started" if path == self.path else ""
            self._warn(f"{path} could not be read ({reason}); it was moved to {aside}{fresh}")

    def _raw_notes(self, article: str) -> Docs:
        """The raw note documents of one article (id → dict); a bad file moved aside."""
        return self._notes_file(article).read()

    def _note_paths(self) -> list[Path]:
        """The base file of every article that has notes (there, or only in a journal)."""
        try:
            names = [
                p
                for p in self.notes_dir.iterdir()
                if not p.name.startswith(".") and p.suffix in (".json", JOURNAL_SUFFIX)
            ]
        except OSError:
            return []
        return sorted({p.with_suffix(".json") for p in names})

    def _all_raw(self) -> list[tuple[str, Docs]]:
        """Every article's notes as (article key, id → dict), in one pass over the files."""
        with self._lock:
            return [(path.stem, self._notes_file(path).read()) for path in self._note_paths()]

    def _to_notes(self, docs: Iterable[dict[str, Any]]) -> list[Note]:
        notes = []
        for doc in docs:
            try:
                notes.append(Note.from_dict(doc))
            except (KeyError, TypeError, ValueError) as exc:
                self._warn(f"a note could not be read and was skipped ({exc!r}): {doc!r:.80}")
        return notes

    def _all_notes(
        self,
        opened: Mapping[str, str] | None = None,
        raw: dict[str, dict[str, Any]] | None = None,
    ) -> dict[str, Note]:
        """Every note, one per id (a copy left behind by an interrupted move loses);
        ``opened`` is each article's last opening (read from the library if not given);
        ``raw``, when given, receives each chosen note's document as stored."""
        if opened is None:
            opened = {e.sha256: e.opened for e in self._entries()}
        chosen: dict[str, Note] = {}
        for _key, table in self._all_raw():
            for note in self._to_notes(table.values()):
                held = chosen.get(note.id)
                if held is not None and (note.updated, opened.get(note.article, "")) <= (
                    held.updated,
                    opened.get(held.article, ""),
                ):
                    continue  # a copy (kept by an interrupted move) no newer than the one held
                chosen[note.id] = note
                if raw is not None and note.id in table:
                    raw[note.id] = table[note.id]
        return chosen

    # -- library -------------------------------------------------------------------------

    def _library(self) -> dict[str, Any]:
        """The raw library table (SHA-256 → document), read afresh."""
        data = self._db.storage.read() or {}
        return data.get(schema.ARTICLES_TABLE) or {}

    def _valid_entry(self, key: str, doc: Any) -> LibraryEntry | None:
        """``doc`` as a library entry, or ``None`` (with a warning) if it is malformed.

        A malformed entry is skipped, not deleted: it stays in the file for the user to fix.
        """
        try:
            return LibraryEntry.from_dict(doc)
        except ValueError as exc:
            shown = repr(key)[:80]
            self._warn(f"library entry {shown} in {self.path} is malformed ({exc}): skipped")
            return None

    def _entries(self) -> list[LibraryEntry]:
        entries = (self._valid_entry(k, d) for k, d in self._library().items())
        return [e for e in entries if e is not None]

    def _entry(self, sha256: str) -> LibraryEntry | None:
        """The library entry stored under ``sha256`` (``None`` if absent or malformed)."""
        doc = self._library().get(sha256)
        return None if doc is None else self._valid_entry(sha256, doc)

    def article_text(self, sha256: str) -> str | None:
        """The saved text of an article, or ``None`` if absent or damaged."""
        if not SHA_RE.fullmatch(sha256):
            return None
        try:
            text = text_path(self.path, sha256).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return text if sha256_text(text) == sha256 else None
