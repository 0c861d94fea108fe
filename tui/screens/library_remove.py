"""Removing articles from the library, and undoing it: the library screen's ``d`` and ``u``.

A base class of :class:`~margin.tui.screens.library.LibraryScreen` (Textual finds a screen's
actions on its own class chain), holding only the confirmation dialogs and the store calls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual.screen import Screen

from margin.errors import MarginError
from margin.storage.model import LibraryEntry
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.state.library_format import clip

if TYPE_CHECKING:
    from margin.tui.widgets.library_table import LibraryTable


class RemovingStore(Protocol):
    """What removal needs of the library's store."""

    def remove_article(self, sha256: str, *, delete_notes: bool = False) -> None: ...

    def put_entry(self, entry: LibraryEntry) -> None: ...

    def verdict_count(self, sha256: str) -> int: ...


def _held(notes: int, verdicts: int) -> str:
    """What an article holds, for the dialogs: "note", "2 notes and verdict", ... ("" for
    nothing)."""
    parts = [
        ("" if n == 1 else f"{n} ") + (word if n == 1 else f"{word}s")
        for n, word in ((notes, "note"), (verdicts, "verdict"))
        if n
    ]
    return " and ".join(parts)


class RemovalKeys(Screen[None]):
    """``d`` removes the highlighted article (its notes and verdicts kept unless asked), ``u``
    undoes it. Verdicts follow the notes' rule (:meth:`Store.remove_article`): kept with them,
    deleted with them."""

    store: RemovingStore
    removed: list[LibraryEntry]
    shown: list[LibraryEntry]

    @property
    def current(self) -> LibraryEntry | None:  # the library screen's
        raise NotImplementedError

    @property
    def table(self) -> LibraryTable:  # the library screen's
        raise NotImplementedError

    def reload(self) -> None:  # the library screen's
        raise NotImplementedError

    def _drop_claims(self, sha256: str) -> None:  # the library screen's
        raise NotImplementedError

    def action_undo(self) -> None:
        """Put the last removed article back (its notes and verdicts were kept)."""
        if not self.removed:
            self.notify("Nothing to undo", timeout=2)
            return
        entry = self.removed.pop()
        try:
            self.store.put_entry(entry)
        except MarginError as exc:
            self.removed.append(entry)
            self.notify(str(exc), title="Undo failed", severity="error")
            return
        title = clip(entry.title or "Untitled", 40)
        self.notify(f"Restored «{title}»", timeout=3, markup=False)  # a title is untrusted
        self.reload()
        shas = [e.sha256 for e in self.shown]
        if entry.sha256 in shas:
            self.table.move_cursor(row=shas.index(entry.sha256))

    def action_remove(self) -> None:
        """Remove the highlighted article after confirming; its notes and verdicts are kept
        unless asked."""
        entry = self.current
        if entry is None:
            return
        title = clip(entry.title or "Untitled", 50)
        try:
            held = _held(entry.note_count, self.store.verdict_count(entry.sha256))
        except MarginError as exc:
            self.notify(str(exc), title="Not removed", severity="error")
            return
        if held:
            verb = "is" if held in ("note", "verdict") else "are"
            dialog = ConfirmDialog(
                f"Remove «{title}» from the library? Its {held} {verb} kept.",
                yes="Remove",
                no="Cancel",
                extra="Remove with " + ("notes" if entry.note_count else "verdicts"),
                extra_destructive=True,
            )
        else:
            dialog = ConfirmDialog(f"Remove «{title}» from the library?", yes="Remove", no="Cancel")

        def answered(choice: str | None) -> None:
            if choice == "yes":
                self._remove(entry, "")
            elif choice == "extra":
                self._confirm_delete_notes(entry, held)

        self.app.push_screen(dialog, answered)

    def _confirm_delete_notes(self, entry: LibraryEntry, held: str) -> None:
        def answered(choice: str | None) -> None:
            if choice == "yes":
                self._remove(entry, held)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete its {held} for good?",
                detail="This can't be undone. Export them first (margin export) to keep a copy.",
                yes="Delete",
                no="Keep them",
                destructive=True,
                default="no",
            ),
            answered,
        )

    def _remove(self, entry: LibraryEntry, deleting: str) -> None:
        """Remove ``entry``; ``deleting`` names the notes and verdicts deleted with it ("" to
        keep them: then ``u`` puts it back)."""
        try:
            self.store.remove_article(entry.sha256, delete_notes=bool(deleting))
        except MarginError as exc:
            self.notify(str(exc), title="Not removed", severity="error")
            return
        self._drop_claims(entry.sha256)
        title = clip(entry.title or "Untitled", 40)
        if deleting:
            what = f"Removed «{title}» and its {deleting}"
        else:
            self.removed.append(entry)
            what = f"Removed «{title}» from the library: u to undo"
        self.notify(what, markup=False)  # a title is untrusted text
        self.reload()
