"""The reader's verdicts on screen: read once the notes are (off the UI thread, from the same
store), shown as a badge on each claim in the Claims tab and as a mark beside the claim's content
in the text (coloured by the rating's place on the scale), and changed in the verdict editor
(``r`` in the Claims tab). :class:`VerdictKeys` is the piece of the reader screen that hands the
part its messages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.content import Content
from textual.message import Message
from textual.screen import Screen

from margin.errors import MarginError
from margin.model import Claim
from margin.sanitize import clean_line
from margin.tui.messages import NotesLoaded, VerdictRequested
from margin.tui.state.verdicts_session import VerdictBook, VerdictsSession
from margin.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.verdict_model import Verdict
    from margin.tui.screens.verdict_editor import VerdictDraft
    from margin.tui.widgets.claims_panel import ClaimsPanel


@dataclass
class VerdictsLoaded(Message):
    """The verdicts worker read the article's verdicts (or why it could not)."""


class ReaderVerdicts:
    """Shows ``session``'s verdicts in ``view`` and the Claims tab (``claims_panel()``, None
    until the tabs are built); ``host`` is the reader screen (notices, dialogs)."""

    def __init__(
        self,
        session: VerdictsSession,
        host: Screen[Any],
        view: Callable[[], ArticleView],
        claims_panel: Callable[[], ClaimsPanel | None],
    ) -> None:
        self.session = session
        self.host = host
        self._view = view
        self._panel = claims_panel
        self.error: str | None = None
        """Why verdicts are off (the store could not read them), else None."""
        self.read_done = False
        """The worker has read the verdicts (or failed to)."""
        self.settled = False
        """The verdicts are shown (or verdicts are off): what the reader shows is final."""

    # -- reading (a thread worker) --------------------------------------------------------

    def start_loading(self, store: Any) -> None:
        """Read the verdicts from ``store`` (the notes' store, open) in a thread worker; the
        host gets :class:`VerdictsLoaded` and hands it to :meth:`loaded`."""
        self.host.run_worker(
            partial(self._read_and_post, store),
            name="verdicts",
            group="verdicts",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _read_and_post(self, store: Any) -> None:
        self.read(store)
        self.host.post_message(VerdictsLoaded())

    def off(self, reason: str) -> None:
        """Verdicts are off (the notes database did not open: the notes said why)."""
        self.error = reason
        self.read_done = self.settled = True

    def read(self, store: Any) -> None:
        """Read the config's scale and the article's verdicts from ``store`` (its
        ``verdicts``); a failure turns verdicts off, with the reason kept for a message."""
        try:
            from margin.storage.verdict_config import load_verdict_config

            self.session.config = load_verdict_config()
            book: VerdictBook = store.verdicts
            self.session.open(book)
        except MarginError as exc:
            self.error = str(exc)
        except Exception as exc:  # the notes still load: verdicts alone are off
            self.error = f"{type(exc).__name__}: {exc}"
        self.read_done = True

    # -- the UI thread -------------------------------------------------------------------

    def loaded(self) -> None:
        """Say what went wrong (config, store) and what is orphaned; show the verdicts."""
        self.settled = True
        for problem in self.session.config.warnings[:3]:
            self.host.notify(clean_line(problem), title="Verdicts", severity="warning", timeout=8)
        if self.error is not None:
            self.host.notify(
                f"{self.error}\nVerdicts are off for this article.",
                title="Verdicts",
                severity="error",
            )
            return
        orphans = len(self.session.orphans)
        if orphans:
            self.host.notify(
                f"{orphans} verdict(s) on claims no longer in the text: kept, in the exports",
                title="Orphaned verdicts",
                severity="warning",
            )
        if self.session.verdicts:  # else nothing to show (and no list to rebuild)
            self.show()

    def badge(self, start: int, end: int) -> Content | None:
        """The Claims tab's badge for the claim whose content is ``start..end``."""
        verdict = self.session.for_span(start, end)
        if verdict is None:
            return None
        tone = self.session.tone(verdict.rating)
        dark = self.host.app.current_theme.dark
        label = " ".join(clean_line(verdict.rating).split())
        return Content.styled(f"{tone.glyph} {label}", f"bold {tone.colour(dark=dark)}")

    def show(self) -> None:
        """Show the verdicts in the text and on the Claims tab's rows."""
        marks = []
        for start, end, rating in self.session.marks():
            tone = self.session.tone(rating)
            marks.append((start, end, tone.glyph, tone.dark, tone.light))
        self._view().set_verdicts(marks)
        panel = self._panel()
        if panel is not None:
            if panel.badge is None:
                panel.badge = self.badge
            panel.refresh_list()

    def _changed(self) -> None:
        """Show the change, and have the library's Claims view read the verdicts again."""
        self.show()
        source = getattr(self.host.app, "claims_source", None)
        if source is not None:
            source.forget()

    def edit(self, claim: Claim) -> None:
        """Open the verdict editor on ``claim`` (its verdict, if it has one)."""
        if self.session.book is None:
            if self.error is not None:
                reason = f"Verdicts are off: {self.error}"
            elif not self.read_done:
                reason = "Verdicts are still loading: the notes database is still opening…"
            else:
                reason = "Verdicts are off: no notes database"
            self.host.notify(reason, severity="error", timeout=4)
            return
        from margin.tui.screens.verdict_editor import VerdictEditorScreen

        existing = self.session.for_claim(claim)

        def save(draft: VerdictDraft) -> str | None:
            self.session.set(claim, draft.rating, draft.reasoning, draft.links)
            self._changed()
            self.host.notify(f"Verdict: {clean_line(draft.rating)}", timeout=2)
            return None

        def clear() -> str | None:
            if existing is not None:
                self.session.clear(existing)
                self._changed()
                self.host.notify("Verdict cleared", timeout=2)
            return None

        speaker = claim.speaker.label if claim.speaker is not None else ""
        self.host.app.push_screen(
            VerdictEditorScreen(
                claim.content.text,
                scale=self.session.scale,
                speaker=speaker,
                rating=existing.rating if existing else None,
                reasoning=existing.reasoning if existing else "",
                links=existing.links if existing else (),
                existing=existing is not None,
                on_save=save,
                on_clear=clear,
            )
        )


class VerdictKeys(Screen[None]):
    """The reader screen's verdict messages, handed to ``verdicts_ui`` (the screen sets it):
    the notes loaded (the verdicts are read next, from the same store), the verdicts loaded,
    ``r`` on a claim in the Claims tab."""

    verdicts_ui: ReaderVerdicts

    @property
    def verdicts(self) -> list[Verdict]:
        """The verdicts on the article's claims, in reading order, orphans last."""
        return self.verdicts_ui.session.verdicts

    @on(NotesLoaded)
    def _read_verdicts(self, event: NotesLoaded) -> None:
        if event.error is None and event.store is not None:
            self.verdicts_ui.start_loading(event.store)
        else:
            self.verdicts_ui.off(event.error or "notes are off")

    @on(VerdictsLoaded)
    def _verdicts_loaded(self, event: VerdictsLoaded) -> None:
        self.verdicts_ui.loaded()

    @on(VerdictRequested)
    def _verdict_requested(self, event: VerdictRequested) -> None:
        self.verdicts_ui.edit(event.claim)
