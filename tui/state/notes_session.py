"""The reader's notes on one article: the store behind them, the list shown, the deletions
``u`` undoes, and where ``a``/``h`` put a note (no Textual here; the reader screen shows the
result and the errors).

Every change goes to the store first; the list changes only once the store took it, so what
the reader shows is what is on disk. Store errors (:class:`~margin.errors.MarginError`) are
raised to the caller with nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal, Protocol

from margin.errors import MarginError
from margin.model import Article, Claim

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.model import LibraryEntry, Note

Span = tuple[int, int]
HighlightChange = Literal["added", "coloured", "removed"]


class NotesStore(Protocol):
    """What the reader needs of the notes store (:class:`margin.storage.store.Store`)."""

    warnings: list[str]

    def add_article(self, article: Article) -> LibraryEntry: ...

    def notes_for(self, article: Article) -> list[Note]: ...

    def new_note(
        self,
        article: Article,
        start: int,
        end: int,
        *,
        body: str = "",
        tags: Iterable[str] = (),
        colour: int | None = None,
    ) -> Note: ...

    def add_note(self, note: Note) -> Note: ...

    def update_note(self, note: Note) -> Note: ...

    def delete_note(self, note: Note) -> Note: ...

    def restore_note(self, note: Note) -> Note: ...


def note_target(
    cursor: Span | None,
    *,
    selection: Span | None = None,
    claim: Claim | None = None,
    mention: Span | None = None,
    on_row: bool = False,
) -> Span | None:
    """Where ``a``/``h`` put a note: the selection, else the chosen claim's content or entity
    mention when it is at the cursor's sentence — or wherever it is when the user is ``on_row``
    (its row in the side panel has the focus) — else the cursor's sentence."""
    if selection is not None:
        return selection

    def near(span: Span) -> bool:
        return on_row or cursor is None or (span[0] < cursor[1] and span[1] > cursor[0])

    if claim is not None and near((claim.content.start, claim.content.end)):
        return claim.content.start, claim.content.end
    if mention is not None and near(mention):
        return mention
    return cursor


class NotesSession:
    """The notes of ``article`` in ``store`` (None: notes are off)."""

    def __init__(self, article: Article, store: NotesStore | None) -> None:
        self.article = article
        self.store = store
        self.notes: list[Note] = []
        """Every note of the article, in reading order, orphans last."""
        self.deleted: list[Note] = []
        """Deleted notes, most recent last (``u`` restores them)."""
        self.last_colour = 1
        self.position = 0
        """Where the reader left off last time (from the library entry, once opened)."""

    def open(self) -> list[Note]:
        """Add the article to the library and read its notes (re-anchored). Raises
        :class:`~margin.errors.MarginError`; the store is then dropped (notes are off)."""
        store = self._store()
        try:
            entry = store.add_article(self.article)
            self.position = getattr(entry, "position", 0)
            notes = store.notes_for(self.article)
        except MarginError:
            self.store = None
            raise
        self._set(notes)
        return self.notes

    def _store(self) -> NotesStore:
        if self.store is None:
            raise RuntimeError("notes are off")  # callers check self.store first
        return self.store

    def _set(self, notes: Iterable[Note]) -> None:
        self.notes = sorted(notes, key=lambda n: (n.orphaned, n.anchor.start, n.anchor.end))

    def _replace(self, note: Note | None, *, remove: str | None = None) -> None:
        gone = {remove, note.id if note else None}
        self._set([*(n for n in self.notes if n.id not in gone), *([note] if note else [])])

    def anchored(self) -> list[tuple[int, int, str, int | None]]:
        """``(start, end, id, colour)`` of each note still found in the text (for the view)."""
        return [
            (n.anchor.start, n.anchor.end, n.id, n.colour) for n in self.notes if not n.orphaned
        ]

    def add(
        self, span: Span, *, body: str = "", tags: Iterable[str] = (), colour: int | None = None
    ) -> Note:
        """Save a new note on ``span``."""
        store = self._store()
        note = store.new_note(self.article, *span, body=body, tags=tags, colour=colour)
        note = store.add_note(note)
        self._replace(note)
        return note

    def update(self, note: Note, *, body: str, tags: Iterable[str], colour: int | None) -> Note:
        """Save ``note`` with a new body, tags and colour (its anchoring status kept)."""
        saved = self._store().update_note(note.with_(body=body, tags=tuple(tags), colour=colour))
        saved = saved.with_(status=note.status)
        self._replace(saved)
        return saved

    def highlight(self, span: Span, colour: int | None = None) -> HighlightChange:
        """Highlight ``span`` with ``colour`` (else the last colour used): the same highlight
        again removes it, another colour recolours it, a note already there is coloured."""
        store = self._store()
        colour = colour or self.last_colour
        self.last_colour = colour
        same = [n for n in self.notes if not n.orphaned and (n.anchor.start, n.anchor.end) == span]
        existing = next((n for n in same if n.is_highlight), None)
        if existing is not None and existing.colour == colour:
            self.delete(existing)
            return "removed"
        if existing is not None or same:
            target = existing if existing is not None else same[0]
            self._replace(store.update_note(target.with_(colour=colour)))
            return "coloured"
        self._replace(store.add_note(store.new_note(self.article, *span, colour=colour)))
        return "added"

    def delete(self, note: Note) -> None:
        """Delete ``note`` (``undo`` brings it back)."""
        deleted = self._store().delete_note(note)
        self.deleted.append(deleted.with_(status=note.status))
        self._replace(None, remove=note.id)

    def undo(self) -> Note | None:
        """Restore the last deleted note; None when nothing was deleted. On a store error the
        note stays in :attr:`deleted` for another try."""
        if not self.deleted:
            return None
        store = self._store()
        note = self.deleted.pop()
        try:
            restored = store.restore_note(note)
        except BaseException:
            self.deleted.append(note)
            raise
        self._replace(restored.with_(status=note.status))
        return note
