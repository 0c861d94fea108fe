"""The notes half of the store: new notes, saving, editing, deleting and restoring them, finding
one by id, listing them, and importing many at once. Each change is one line appended to the
article's journal (:mod:`margin.storage.journal`), durable on return."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from margin.model import Article
from margin.storage.errors import StoreError
from margin.storage.model import Anchor, Note
from margin.storage.store_files import MIN_PREFIX, StoreFiles, now_iso
from margin.storage.tags import normalize_tags


def has_tags(note: Note, wanted: Sequence[str]) -> bool:
    """Whether ``note`` has every tag in ``wanted`` (case-insensitively)."""
    have = {t.casefold() for t in note.tags}
    return all(t.casefold() in have for t in normalize_tags(wanted))


class NotesStore(StoreFiles):
    """Every note, kept per article in a notes file and its journal."""

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
            found = [n for n in found if has_tags(n, tags)]
        found.sort(key=lambda n: (n.anchor.start, n.anchor.end, n.created))
        found.sort(key=lambda n: opened.get(n.article, ""), reverse=True)
        return found

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
