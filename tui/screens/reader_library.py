"""The reader's links to the library: where the cursor starts (a claim chosen in the Claims
view, or where the reader left off last time, saved when the reader closes), the claims
index kept up to date when the reader analyses an article, and the Claims panel's key to the
same speaker in other articles (a base class of the reader screen, like its other parts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.screen import Screen

from margin.errors import MarginError
from margin.model import Article
from margin.tui.messages import AnalysisFinished, CursorMoved, NotesLoaded, SpeakerElsewhere

if TYPE_CHECKING:  # pragma: no cover
    from margin.tui.screens.reader_notes import ReaderNotes
    from margin.tui.widgets.article_view import ArticleView


class LibraryLinks(Screen[None]):
    """The reader screen's library links (the screen sets :attr:`start_at`)."""

    article: Article
    notes_ui: ReaderNotes
    view: ArticleView

    start_at: tuple[int, int] | None = None
    """Characters to put the cursor on when the article opens (a claim; where the reader left
    off), kept there when the sentences arrive unless the reader moved meanwhile."""
    _placed: tuple[int, int] | None = None
    _cursor_offset: int = 0
    _saved_position: int | None = None
    """The position saved in the library entry (None: not known yet)."""

    def place_cursor(self) -> None:
        """Put the cursor on :attr:`start_at` (at the first paint, again when the sentences
        arrive) and the passage in view."""
        if self.start_at is None:
            return
        start, end = self.start_at
        length = len(self.article.text)
        if not 0 <= start <= length:
            return
        view = self.view
        view.cursor_to_offset(start, follow=False)
        view.scroll_to_span(start, max(start, min(end, length)), center=True)
        self._placed = view.cursor_span

    @on(AnalysisFinished)
    def _library_analysis_finished(self, event: AnalysisFinished) -> None:
        placed, span = self._placed, self.view.cursor_span
        if placed is not None and span is not None and placed[0] <= span[0] < placed[1]:
            # Not moved since: from the paragraph to the sentence, once the sentences are
            # shown (the feed's handler of this message may run after this one).
            self.call_later(self.place_cursor)
        self._placed = None
        if not event.cached:
            self._update_claims_index()

    @work(thread=True, group="claims-index", exit_on_error=False)
    def _update_claims_index(self) -> None:
        """The article was just analysed (not read from the cache): its claims go into the
        library's claims index (off the UI thread; derived data: a failure costs nothing)."""
        path = getattr(self.notes_ui.session.store, "path", None)
        if path is not None:
            from margin.storage.claims_index import update_from_cache

            update_from_cache(path, [self.article.sha256])

    @on(NotesLoaded)
    def _library_notes_loaded(self, event: NotesLoaded) -> None:
        left_at = self.notes_ui.session.position
        fresh = self.start_at is None and self.view.cursor_index == 0  # not moved yet
        if fresh and 0 < left_at < len(self.article.text):  # back where the reader left off
            self.start_at = (left_at, left_at)
            self.place_cursor()
        self._saved_position = left_at

    @on(CursorMoved)
    def _library_cursor_moved(self, event: CursorMoved) -> None:
        self._cursor_offset = event.start

    def on_unmount(self) -> None:
        self.save_position()

    def save_position(self) -> None:
        """Remember where the reader is, in the article's library entry (once the notes are
        open: the article is then in the library)."""
        store = self.notes_ui.session.store
        offset = self._cursor_offset
        if store is None or self.notes_ui.loading or self._saved_position is None:
            return
        set_position = getattr(store, "set_position", None)
        if set_position is None or offset == self._saved_position:
            return
        try:
            set_position(self.article.sha256, offset)
            self._saved_position = offset
        except MarginError:
            pass  # a read-only library: the next opening starts at the top

    @on(SpeakerElsewhere)
    def _speaker_elsewhere(self, event: SpeakerElsewhere) -> None:
        """The Claims view on this claim's speaker, in the library's other articles."""
        speaker = event.claim.speaker
        if speaker is None or not speaker.group:
            self.notify("This claim's speaker is not named: nothing to look for", timeout=3)
            return
        source: Any = getattr(self.app, "claims_source", None)
        if source is None:
            return
        from margin.tui.screens.claims_view import ClaimsScreen

        self.app.push_screen(
            ClaimsScreen(
                source.load,
                kept=getattr(source, "kept", None),
                speaker_name=speaker.group,
                exclude=self.article.sha256,
            )
        )
