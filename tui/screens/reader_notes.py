"""The reader's notes on screen: the notes session (:mod:`margin.tui.state.notes_session`)
read off the UI thread after the first paint, shown in the text and in the Notes tab, the note
editor for a passage or a note, and a message for each change or store error.

:class:`ReaderNotes` does the work; :class:`NotesKeys`, a part of the reader screen, hands it
the note keys (``a``, ``h``, ``1``-``5``, ``u``) and the Notes tab's messages.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.screen import Screen

from margin.errors import MarginError
from margin.model import Claim
from margin.tui.messages import NotesLoaded
from margin.tui.state.notes_session import NotesSession, NotesStore, note_target
from margin.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.model import Note
    from margin.tui.screens.reader_marks import ReaderMarks
    from margin.tui.screens.reader_panel import PanelPlacement
    from margin.tui.widgets.notes_panel import NotesPanel

Span = tuple[int, int]

STILL_OPENING = "The notes database is still opening…"
"""Said when a note or highlight comes before the notes were read (a lock held by another
margin has its own notice, from the store)."""


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
        self.loading = False
        """True while the notes are read off the UI thread (after the first paint)."""

    def start_loading(self, open_store: Callable[[], NotesStore | None] | None) -> None:
        """Open the store (``open_store()``, when the session has none) and read the notes in
        a thread worker, since another margin may hold the database's lock for a while; the
        host gets :class:`~margin.tui.messages.NotesLoaded` and hands it to :meth:`loaded`."""
        self.loading = True
        self.host.run_worker(
            partial(self._read, open_store),
            name="notes",
            group="notes",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _read(self, open_store: Callable[[], NotesStore | None] | None) -> None:
        """The worker: open the store if needed and read the notes; post what happened."""
        session, error = self.session, None
        try:
            if session.store is None and open_store is not None:
                session.store = open_store()
            if session.store is not None:
                session.open()
        except MarginError as exc:
            error = str(exc)
        except Exception as exc:  # never leave the notes "loading" forever
            error = f"{type(exc).__name__}: {exc}"
        self.host.post_message(NotesLoaded(session.store, session.notes, error))

    def wait(self) -> bool:
        """Whether the notes are still being read (then say so: a change now could not be
        saved). A lock held by another margin is told apart as it happens (the store's
        notice), so this says only that the database is still opening."""
        if self.loading:
            self.host.notify(STILL_OPENING, timeout=4)
        return self.loading

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
        self.loading = False
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
        """Open the note editor on ``span``; ``on_saved`` runs once the note is stored.

        While the notes are still being read the editor opens all the same: the note can be
        written meanwhile, and saving it waits (the editor keeps it and says so) until the
        database is open."""
        if not self.loading and not self.ready():
            return
        from margin.tui.screens.note_editor import NoteDraft, NoteEditorScreen

        def save(draft: NoteDraft) -> str | None:
            if self.loading:
                return f"{STILL_OPENING} Your note is kept here: ctrl+s again in a moment."
            if self.session.store is None:
                return f"Notes are off: {self._panel().off_reason}"
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


class NotesKeys(Screen[None]):
    """The reader screen's note keys and the Notes tab's messages, handed to ``notes_ui``
    (the screen sets it, and ``marks``, ``placement`` and ``chosen_claim``)."""

    notes_ui: ReaderNotes
    marks: ReaderMarks
    placement: PanelPlacement
    chosen_claim: Claim | None
    view: ArticleView

    @property
    def store(self) -> NotesStore | None:
        """The notes store; None: notes are off."""
        return self.notes_ui.session.store

    @property
    def notes(self) -> list[Note]:
        """The article's notes, in reading order, orphans last."""
        return self.notes_ui.session.notes

    @property
    def last_colour(self) -> int:
        return self.notes_ui.session.last_colour

    @property
    def notes_loading(self) -> bool:
        """True while the notes are read off the UI thread (after the first paint)."""
        return self.notes_ui.loading

    @on(NotesLoaded)
    def _notes_loaded(self, event: NotesLoaded) -> None:
        self.notes_ui.loaded(event.error)

    def note_target(self) -> tuple[int, int] | None:
        """Where ``a``/``h`` put a note: the selection, else the chosen claim's content or
        entity mention (the one shown for the entity row that has the focus), else the
        cursor's sentence."""
        steps = self.marks.steps
        focused = self.app.focused
        on_row = focused is not None and focused.id in ("claims-list", "entities-list")
        return note_target(
            self.view.cursor_span,
            selection=self.marks.selection.span,
            claim=self.chosen_claim,
            mention=steps.current if steps.kind == "entity" else None,
            on_row=on_row,
        )

    def action_add_note(self) -> None:
        """Open the note editor on the target passage."""
        span = self.note_target()  # the editor opens even while the notes load
        if span is not None:
            self.notes_ui.add(span, on_saved=self.marks.end_selection)

    def action_highlight(self, colour: int | None = None) -> None:
        """Highlight the target passage (the same highlight again removes it)."""
        span = None if self.notes_ui.wait() else self.note_target()
        if span is not None and self.notes_ui.highlight(span, colour):
            self.marks.end_selection()

    def action_undo(self) -> None:
        """Restore the last deleted note."""
        self.notes_ui.undo()

    # The Notes tab's messages, handled by name: its module is imported with the panel's
    # tabs, after the first paint.

    def on_notes_panel_delete(self, event: NotesPanel.Delete) -> None:
        self.notes_ui.delete(event.note)

    def on_notes_panel_edit(self, event: NotesPanel.Edit) -> None:
        self.notes_ui.edit(event.note)

    def on_notes_panel_jump(self, event: NotesPanel.Jump) -> None:
        note = event.note
        if note.orphaned:
            self.notify("This note's passage is no longer in the text", timeout=3)
            return
        self.view.cursor_to_offset(note.anchor.start, follow=False)
        self.view.scroll_to_span(note.anchor.start, note.anchor.end)
        if event.focus:
            self.placement.back_to_text()
