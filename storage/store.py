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
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from tinydb import TinyDB
from tinydb.table import Table

from margin.model import Article, sha256_text
from margin.storage import schema
from margin.storage.anchoring import ANCHORING_VERSION, reanchor
from margin.storage.errors import StoreError, describe_os_error
from margin.storage.journal import JOURNAL_SUFFIX, Docs, NotesFile
from margin.storage.model import Anchor, LibraryEntry, Note
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
from margin.storage.tags import normalize_tags

__all__ = ["ArticleNotes", "Store", "StoreError", "normalize_tags", "now_iso"]

_SHA_RE = re.compile(r"[0-9a-f]{64}")
_HEX_RE = re.compile(r"[0-9a-f]+")
MIN_PREFIX = 4
"""Shortest note-id or SHA-256 prefix accepted as a reference."""

STALE_TEMP_AGE = 60.0
"""Seconds after which a temporary text snapshot is surely a leftover (texts/ is shared)."""

_UNSTABLE_SOURCES = {"", "-", "stdin", "<stdin>", "<string>", "<text>"}


def now_iso() -> str:
    """The current time as an ISO 8601 UTC string with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _has_tags(note: Note, wanted: Sequence[str]) -> bool:
    have = {t.casefold() for t in note.tags}
    return all(t.casefold() in have for t in normalize_tags(wanted))


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


class ArticleNotes(NamedTuple):
    """One article's notes, as :meth:`Store.notes_by_article` gives them."""

    sha256: str
    entry: LibraryEntry | None
    """The article's library entry (None for notes on an article not in the library)."""
    notes: list[Note]
    has_text: bool
    """Whether the article's text is saved (the notes were re-anchored against it)."""


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


class Store:
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

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- files ---------------------------------------------------------------------------

    def _notes_path(self, article: str) -> Path:
        key = article if _SHA_RE.fullmatch(article) else sha256_text(article)
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
        chosen: dict[str, tuple[tuple[str, str], Note]] = {}
        for _key, table in self._all_raw():
            for note in self._to_notes(table.values()):
                rank = (note.updated, opened.get(note.article, ""))
                if note.id not in chosen or rank > chosen[note.id][0]:
                    chosen[note.id] = (rank, note)
                    if raw is not None and note.id in table:
                        raw[note.id] = table[note.id]
        return {k: v[1] for k, v in chosen.items()}

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

    def _save_text(self, article: Article) -> None:
        path = text_path(self.path, article.sha256)
        if path.exists():
            return
        try:
            self.texts_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot save the article text in {self.texts_dir}: {describe_os_error(exc)}"
            ) from exc
        atomic_write(path, article.text.encode("utf-8"), what="the article text")

    def add_article(self, article: Article) -> LibraryEntry:
        """Add ``article`` to the library, or mark it opened now if it is already there.

        Its text is saved beside the database. If the library holds an older version of the
        same source (same ``source``, different SHA-256), that version's notes move to this
        article and the old entry goes; :meth:`notes_for` then re-anchors them against the new
        text (orphans are kept). Call this before :meth:`notes_for` when opening an article.
        """
        return self.add_articles([article])[0]

    def add_articles(self, articles: Sequence[Article]) -> list[LibraryEntry]:
        """:meth:`add_article` for several articles, with one write of the library.

        The library is one file rewritten on every change, so adding articles one by one
        would cost time growing with the library for each; a batch (``margin add``) adds
        them in groups. Returns their entries, in order.
        """
        now = now_iso()
        entries: dict[str, LibraryEntry] = {}
        with self._lock:
            for article in articles:
                self._save_text(article)
            current = {e.sha256: e for e in self._entries()}
            by_source: dict[str, list[LibraryEntry]] = {}
            for entry in current.values():
                by_source.setdefault(entry.source, []).append(entry)
            removed: set[str] = set()
            for article in articles:
                existing = entries.get(article.sha256) or current.get(article.sha256)
                added = existing.added if existing and existing.added else now
                olds: list[LibraryEntry] = []
                if article.source.strip() not in _UNSTABLE_SOURCES and not (
                    article.source.startswith("<")
                ):
                    olds = [
                        e for e in by_source.get(article.source, []) if e.sha256 != article.sha256
                    ]
                for old in olds:
                    added = min(added, old.added or added)
                    self._move_notes(old.sha256, article)
                    removed.add(old.sha256)
                    entries.pop(old.sha256, None)
                entry = LibraryEntry(
                    sha256=article.sha256,
                    title=article.title,
                    source=article.source,
                    added=added,
                    opened=now,
                    position=existing.position if existing else 0,
                )
                entries[article.sha256] = entry
                removed.discard(article.sha256)
                by_source[article.source] = [entry]
            self._articles.put({k: e.to_dict() for k, e in entries.items()}, remove=removed)
        return [
            LibraryEntry(
                **{
                    **entries[a.sha256].to_dict(),
                    "note_count": len(self._raw_notes(a.sha256)),
                }
            )
            for a in articles
        ]

    def article_keys(self) -> set[str]:
        """The SHA-256 of every article in the library (one read of the library)."""
        return {e.sha256 for e in self._entries()}

    def _move_notes(self, old_sha: str, article: Article) -> None:
        """Move an older version's notes to ``article`` (lock held): new file first.

        Anchors are left as they were: :meth:`notes_for` re-anchors them against the new text
        (and so can tell the reader which notes moved and which were orphaned).
        """
        docs = self._raw_notes(old_sha)
        if not docs:
            return
        moved = {
            n.id: n.with_(article=article.sha256).to_dict() for n in self._to_notes(docs.values())
        }
        self._ensure_notes_dir()
        self._notes_file(article.sha256).append(moved)
        old = self._notes_file(old_sha)
        old.append(remove=list(docs))
        if not old.read():
            with contextlib.suppress(StoreError):
                old.delete()

    def has_articles(self) -> bool:
        """Whether the library lists any article (its own file only: no note is read)."""
        return len(self._articles) > 0

    def entries(self) -> list[LibraryEntry]:
        """The library entries, in no particular order, without note counts (one file read)."""
        return self._entries()

    def articles(self) -> list[LibraryEntry]:
        """The library, most recently opened first, each with its ``note_count`` (every
        article's notes are read: one pass over the notes files)."""
        counts: dict[str, int] = {}
        for _key, table in self._all_raw():
            for doc in table.values():
                art = str(doc.get("article", ""))
                counts[art] = counts.get(art, 0) + 1
        entries = sorted(self._entries(), key=lambda e: (e.opened, e.added), reverse=True)
        return [
            LibraryEntry(**{**e.to_dict(), "note_count": counts.get(e.sha256, 0)}) for e in entries
        ]

    def get_article(self, sha256: str) -> LibraryEntry | None:
        """The library entry of the article with this SHA-256, with its note count."""
        entry = self._entry(sha256)
        if entry is None:
            return None
        return LibraryEntry(**{**entry.to_dict(), "note_count": len(self._raw_notes(sha256))})

    def find_article(self, source_or_sha_prefix: str) -> LibraryEntry | None:
        """An article by its source (as given, or the same file by another path) or by a
        unique prefix of its SHA-256 (at least 4 hex digits). Ambiguous prefix → StoreError."""
        query = source_or_sha_prefix.strip()
        if not query:
            return None
        entries = sorted(self._entries(), key=lambda e: e.opened, reverse=True)
        for entry in entries:
            if entry.source == query:
                return self.get_article(entry.sha256)
        target = _as_local_path(query)
        if target is not None:
            for entry in entries:
                if _as_local_path(entry.source) == target:
                    return self.get_article(entry.sha256)
        lowered = query.lower()
        if len(lowered) >= MIN_PREFIX and _HEX_RE.fullmatch(lowered):
            hits = [e for e in entries if e.sha256.startswith(lowered)]
            if len(hits) > 1:
                raise StoreError(
                    f"'{query}' matches {len(hits)} articles; give more of the SHA-256"
                )
            if hits:
                return self.get_article(hits[0].sha256)
        return None

    def article_text(self, sha256: str) -> str | None:
        """The saved text of an article, or ``None`` if absent or damaged."""
        if not _SHA_RE.fullmatch(sha256):
            return None
        try:
            text = text_path(self.path, sha256).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return text if sha256_text(text) == sha256 else None

    def remove_article(self, sha256: str, *, delete_notes: bool = False) -> None:
        """Remove an article from the library; its notes are kept unless ``delete_notes``."""
        with self._lock:
            self._articles.put({}, remove=[sha256])
            if delete_notes:
                self._notes_file(sha256).delete()

    def set_position(self, sha256: str, offset: int) -> None:
        """Remember where the reader left off in an article (a character offset), in its
        library entry (one write of the library; nothing if the article is not there)."""
        self._check_writable()
        with self._lock:
            doc = self._library().get(sha256)
            if not isinstance(doc, dict) or doc.get("position", 0) == offset:
                return
            changed = {k: v for k, v in doc.items() if k != "position"}
            if offset > 0:
                changed["position"] = int(offset)
            self._articles.put({sha256: changed})

    def put_entry(self, entry: LibraryEntry) -> None:
        """Put ``entry`` in the library as it is: a removed article back (undo), or an article
        known only by its title and source (notes imported before it was read: it opens from
        its source)."""
        with self._lock:
            self._articles.put({entry.sha256: entry.to_dict()})

    # -- notes ---------------------------------------------------------------------------

    def new_note(
        self,
        article: Article,
        start: int,
        end: int,
        *,
        body: str = "",
        tags: Iterable[str] = (),
        colour: int | None = None,
    ) -> Note:
        """A new note on ``article.text[start:end]`` (not saved: see :meth:`add_note`)."""
        if not 0 <= start < end <= len(article.text):
            raise StoreError(
                f"cannot anchor a note to characters {start}-{end} of a "
                f"{len(article.text)}-character text"
            )
        if colour is not None and (isinstance(colour, bool) or colour not in range(1, 6)):
            raise StoreError(f"highlight colour must be 1-5, not {colour!r}")
        now = now_iso()
        return Note(
            id=uuid.uuid4().hex,
            article=article.sha256,
            anchor=Anchor.from_text(article.text, start, end),
            body=body,
            tags=normalize_tags(tags),
            colour=colour,
            created=now,
            updated=now,
        )

    def add_note(self, note: Note) -> Note:
        """Save a new note (durably: on return it survives a crash) and return it.

        One line appended to the article's journal: the cost does not grow with its notes."""
        self._check_writable()
        with self._lock:
            self._ensure_notes_dir()
            self._notes_file(note.article).append({note.id: note.to_dict()})
        return note

    def update_note(self, note: Note) -> Note:
        """Save an edited note, bumping ``updated``; returns the saved note.

        If another margin moved the note to a newer version of its article meanwhile, the edit
        (body, tags, colour) is applied there; if it deleted it, the note is saved again.
        """
        saved = note.with_(updated=now_iso())
        self._check_writable()
        with self._lock:
            if note.id in self._raw_notes(note.article):
                self._notes_file(note.article).append({note.id: saved.to_dict()})
                return saved
            for _key, table in self._all_raw():
                if note.id in table:
                    current = Note.from_dict(table[note.id])
                    saved = saved.with_(article=current.article, anchor=current.anchor)
                    self._notes_file(current.article).append({note.id: saved.to_dict()})
                    return saved.with_(status=note.status)
            self._ensure_notes_dir()
            self._notes_file(note.article).append({note.id: saved.to_dict()})
        return saved

    def delete_note(self, note: Note | str) -> Note:
        """Delete a note (by :class:`Note` or exact id); returns it, for :meth:`restore_note`."""
        note_id = note.id if isinstance(note, Note) else note
        self._check_writable()
        with self._lock:
            found: Note | None = None
            if isinstance(note, Note):
                docs = self._raw_notes(note.article)
                if note_id in docs:
                    found = Note.from_dict(docs[note_id])
                    self._notes_file(note.article).append(remove=[note_id])
            if found is None:
                for key, table in self._all_raw():
                    if note_id in table:
                        found = found or Note.from_dict(table[note_id])
                        self._notes_file(self.notes_dir / f"{key}.json").append(remove=[note_id])
            if found is None:
                raise StoreError(f"no note with id {note_id}")
        return found.with_(status=note.status) if isinstance(note, Note) else found

    def restore_note(self, note: Note) -> Note:
        """Put back a deleted note with the same id (undo of :meth:`delete_note`)."""
        return self.add_note(note)

    def get_note(self, id_or_prefix: str) -> Note | None:
        """A note by id or by a unique id prefix (at least 4 characters); ambiguous → error."""
        query = id_or_prefix.strip()
        if not query:
            return None
        notes = self._all_notes()
        if query in notes:
            return notes[query]
        query = query.lower()
        if len(query) < MIN_PREFIX:
            return None
        hits = [n for k, n in notes.items() if k.lower().startswith(query)]
        if len(hits) > 1:
            raise StoreError(f"'{id_or_prefix}' matches {len(hits)} notes; give more of the id")
        return hits[0] if hits else None

    def notes(self, article: str | None = None, *, tags: Sequence[str] = ()) -> list[Note]:
        """Notes of one article (by SHA-256) or of all, having every tag in ``tags``.

        Sorted by article (most recently opened first) then by position. Their ``status`` is
        not computed here: see :meth:`notes_for` for an article's notes re-anchored.
        """
        opened = {e.sha256: e.opened for e in self._entries()}
        if article is not None:
            found = self._to_notes(self._raw_notes(article).values())
            found = [n for n in found if n.article == article]
        else:
            found = list(self._all_notes(opened).values())
        if tags:
            found = [n for n in found if _has_tags(n, tags)]
        found.sort(key=lambda n: (n.anchor.start, n.anchor.end, n.created))
        found.sort(key=lambda n: opened.get(n.article, ""), reverse=True)
        return found

    def notes_for(self, article: Article) -> list[Note]:
        """Every note of ``article``, re-anchored against its text, in reading order.

        Each note's ``status`` says how it was found (anchored, moved, fuzzy, orphaned);
        orphans come last with their anchor untouched. Anchors that moved are saved (a
        read-only store just skips that and adds a warning). An orphan verdict is saved too,
        with the text's SHA-256, so that the next call on the same text does not search again.
        The article's journal is then folded into its notes file.
        """
        raw = self._raw_notes(article.sha256)
        result = self._reanchor(article, self._to_notes(raw.values()), raw)
        if not self.read_only:
            with contextlib.suppress(StoreError):  # the notes are safe in the journal
                self._notes_file(article.sha256).fold()
        return result

    def notes_by_article(
        self, article: str | None = None, *, tags: Sequence[str] = ()
    ) -> Iterator[ArticleNotes]:
        """The notes having every tag in ``tags``, one article at a time (most recently opened
        first; only ``article``'s when given), each article's re-anchored against its saved
        text when there is one (moved anchors and orphan verdicts are saved), in reading order,
        orphans last.

        The notes files are read once, before the first article is given; the re-anchoring
        is done article by article, as the caller asks for the next one."""
        entries = {e.sha256: e for e in self._entries()}
        raw: dict[str, dict[str, Any]] = {}
        if article is not None:
            raw = self._raw_notes(article)
            found = [n for n in self._to_notes(raw.values()) if n.article == article]
        else:
            opened = {k: e.opened for k, e in entries.items()}
            found = list(self._all_notes(opened, raw).values())
        groups: dict[str, list[Note]] = {}
        for note in found:
            if not tags or _has_tags(note, tags):
                groups.setdefault(note.article, []).append(note)
        del found

        def last_opened(sha: str) -> tuple[str, str]:
            entry = entries.get(sha)
            return (entry.opened if entry else "", sha)

        for sha in sorted(groups, key=last_opened, reverse=True):
            notes = groups.pop(sha)
            entry = entries.get(sha)
            text = self.article_text(sha)
            if text is not None:
                title, source = (entry.title, entry.source) if entry else ("", "")
                shown = Article(text=text, title=title, source=source, sha256=sha)
                notes = self._reanchor(shown, notes, raw)
            else:
                notes.sort(key=lambda n: (n.anchor.start, n.anchor.end, n.created))
            yield ArticleNotes(sha, entry, notes, text is not None)

    def _reanchor(
        self, article: Article, notes: Iterable[Note], raw: Mapping[str, dict[str, Any]]
    ) -> list[Note]:
        """``notes`` re-anchored against ``article``'s text, in reading order, orphans last
        (``raw``: their documents as stored, which may hold an orphan verdict); anchors that
        moved and new orphan verdicts are saved (unless the store is read-only)."""
        verdict = _orphan_verdict(article.sha256)
        result: list[Note] = []
        changed: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
        for note in notes:
            if raw.get(note.id, {}).get(ORPHAN_CHECK) == verdict:
                result.append(note.with_(status="orphaned"))  # same anchor, same text
                continue
            anchor, status = reanchor(note.anchor, article.text)
            if anchor is None:
                result.append(note.with_(status="orphaned"))
                changed[note.id] = (note.anchor.to_dict(), None)
                continue
            if anchor != note.anchor or ORPHAN_CHECK in raw.get(note.id, {}):
                changed[note.id] = (note.anchor.to_dict(), anchor.to_dict())
            elif note.article == article.sha256 and note.status == status:
                result.append(note)  # found where it was: the same note
                continue
            result.append(note.with_(article=article.sha256, anchor=anchor, status=status))
        if changed and not self.read_only:
            try:
                self._save_anchors(article.sha256, changed, verdict)
            except StoreError as exc:
                self._warn(f"moved note anchors were not saved: {exc}")
        result.sort(key=lambda n: (n.orphaned, n.anchor.start, n.anchor.end, n.created))
        return result

    def _save_anchors(
        self,
        article: str,
        changed: Mapping[str, tuple[dict[str, Any], dict[str, Any] | None]],
        verdict: dict[str, Any],
    ) -> None:
        """Save re-anchored positions (``None``: orphaned, remember ``verdict``), unless a
        note was edited elsewhere meanwhile: one journal line."""
        with self._lock:
            notes = self._notes_file(article)
            docs = notes.read()
            moved = {}
            for note_id, (old, new) in changed.items():
                doc = docs.get(note_id)
                if doc is None or doc.get("anchor") != old:
                    continue
                if new is None:
                    moved[note_id] = {**doc, ORPHAN_CHECK: verdict}
                else:
                    moved[note_id] = {k: v for k, v in doc.items() if k != ORPHAN_CHECK}
                    moved[note_id]["anchor"] = new
            notes.append(moved)

    def import_notes(self, notes: Iterable[Note]) -> int:
        """Add the notes whose id the store does not hold yet; returns how many were added.

        Importing the same notes twice adds nothing the second time. Under one hold of the
        lock, each notes file is read once and each file that gains notes is written once.
        """
        self._check_writable()
        with self._lock:
            tables = dict(self._all_raw())
            present = {note_id for table in tables.values() for note_id in table}
            fresh: dict[str, dict[str, dict[str, Any]]] = {}
            for note in notes:
                if note.id and note.id not in present:
                    fresh.setdefault(note.article, {})[note.id] = note.to_dict()
                    present.add(note.id)
            if fresh:
                self._ensure_notes_dir()
            for article, docs in fresh.items():
                target = self._notes_file(article)
                current = tables.get(target.base.stem, {})
                target.replace_all({**current, **docs})  # one write per article
        return sum(len(d) for d in fresh.values())


ORPHAN_CHECK = "orphan_check"
"""Key of a stored note's remembered orphan verdict: ``{"text": sha256, "version": n}``
(not part of :class:`Note`: dropped when the note is saved again, checked again then)."""


def _orphan_verdict(sha256: str) -> dict[str, Any]:
    """The remembered verdict "orphaned in the text ``sha256`` by this anchoring"."""
    return {"text": sha256, "version": ANCHORING_VERSION}


def _as_local_path(source: str) -> Path | None:
    """``source`` as a resolved local file path, or ``None`` if it is a URL or not a file."""
    if "://" in source or source in _UNSTABLE_SOURCES:
        return None
    with contextlib.suppress(OSError, ValueError):
        path = Path(source).expanduser()
        if path.exists():
            return path.resolve()
    return None
