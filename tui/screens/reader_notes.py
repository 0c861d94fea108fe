"""The reader's notes on screen: the notes session (:mod:`margin.tui.state.notes_session`)
shown in the text and in the Notes tab, the note editor for a passage or a note, and a message
for each change or store error. The reader screen calls it from its keys and messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from margin.errors import MarginError
from margin.storage.model import Note
from margin.tui.state.notes_session import NotesSession
from margin.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:  # pragma: no cover
    from margin.tui.widgets.notes_panel import NotesPanel

Span = tuple[int, int]


class ReaderNotes:
    """Shows ``session``'s notes in ``view`` and the Notes tab (``notes_panel()``: it is
    mounted a moment after the screen); ``host`` is the reader screen (notices, dialogs)."""

    def __init__(
        self,
        session: NotesSession,
        host: Screen[Any],
        view: Callable[[], ArticleView],
        notes_panel: Callable[[], NotesPanel],
    ) -> None:
        self.session = session
        self.host = host
        self._view = view
        self._panel = notes_panel

    def load(self) -> None:
        """Add the article to the library and show its notes (re-anchored)."""
        if self.session.store is None:
            self._off()
            return
        try:
            self.session.open()
        except MarginError as exc:
            self.loaded(str(exc))
            return
        self.loaded(None)

    def loaded(self, error: str | None) -> None:
        """Show the notes the session has read (``error``: reading failed, notes are off)."""
        store = self.session.store
        if error is not None or store is None:
            self.session.store = None
            self._off(error)
            if error is not None:
                self._error(f"{error}\nNotes are off for this article.", "Notes")
            return
        notes = self.session.notes
        if getattr(store, "on_warning", None) is None:  # else the store said them already
            for warning in store.warnings[:3]:
                self.host.notify(str(warning), title="Notes", severity="warning", timeout=8)
        orphans = sum(1 for n in notes if n.orphaned)
        if orphans:
            self.host.notify(
                f"{orphans} note(s) no longer match the text: kept, listed last in Notes",
                title="Orphaned notes",
                severity="warning",
            )
        self.show()

    def _off(self, reason: str | None = None) -> None:
        panel = self._panel()
        reason = reason or getattr(self.host.app, "store_error", None)
        if reason:
            panel.off_reason = reason
        panel.enabled = False
        panel.refresh_list()

    def _error(self, message: str, title: str | None = None) -> None:
        self.host.notify(message, title=title or "", severity="error")

    def show(self) -> None:
        """Show the session's notes in the text and in the Notes tab."""
        self._view().set_notes(self.session.anchored())
        self._panel().set_notes(self.session.notes)

    def ready(self) -> bool:
        """Whether notes can be written (else say why)."""
        if self.session.store is None:
            self._error(f"Notes are off: {self._panel().off_reason}")
            return False
        return True

    def add(self, span: Span, *, on_saved: Callable[[], None]) -> None:
        """Open the note editor on ``span``; ``on_saved`` runs once the note is stored."""
        if not self.ready():
            return
        from margin.tui.screens.note_editor import NoteDraft, NoteEditorScreen

        def save(draft: NoteDraft) -> str | None:
            try:
                self.session.add(span, body=draft.body, tags=draft.tags, colour=draft.colour)
            except MarginError as exc:
                return str(exc)
            self.show()
            on_saved()
            return None

        passage = self.session.article.text[span[0] : span[1]]
        self.host.app.push_screen(NoteEditorScreen(passage, on_save=save))

    def highlight(self, span: Span, colour: int | None) -> bool:
        """Highlight ``span`` (the same highlight again removes it); False when not saved."""
        if not self.ready():
            return False
        try:
            change = self.session.highlight(span, colour)
        except MarginError as exc:
            self._error(str(exc), "Highlight not saved")
            return False
        self.show()
        if change == "removed":
            self.host.notify("Highlight deleted: u to undo", timeout=4)
        return True

    def undo(self) -> None:
        """Restore the last deleted note."""
        if not self.session.deleted:
            self.host.notify("Nothing to undo", timeout=2)
            return
        if not self.ready():
            return
        try:
            note = self.session.undo()
        except MarginError as exc:
            self._error(str(exc), "Undo failed")
            return
        self.show()
        if note is not None:
            self._panel().highlight_note(note.id)
        self.host.notify("Note restored", timeout=2)

    def delete(self, note: Note) -> None:
        """Delete ``note`` (``u`` brings it back)."""
        if not self.ready():
            return
        try:
            self.session.delete(note)
        except MarginError as exc:
            self._error(str(exc), "Not deleted")
            return
        self.show()
        kind = "Highlight" if note.is_highlight else "Note"
        self.host.notify(f"{kind} deleted: u to undo", timeout=4)

    def edit(self, note: Note) -> None:
        """Open the note editor on ``note``."""
        if not self.ready():
            return
        from margin.tui.screens.note_editor import NoteDraft, NoteEditorScreen

        def save(draft: NoteDraft) -> str | None:
            try:
                self.session.update(note, body=draft.body, tags=draft.tags, colour=draft.colour)
            except MarginError as exc:
                return str(exc)
            self.show()
            return None

        self.host.app.push_screen(
            NoteEditorScreen(
                note.anchor.exact, body=note.body, tags=note.tags, colour=note.colour,
                title="Edit note", on_save=save,
            )
        )  # fmt: skip
