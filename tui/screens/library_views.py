"""The library's Speakers and Claims views (``p`` and ``c``), built ahead while the library is
idle, and kept once built.

Textual builds a screen the first time it is shown: its widgets made, mounted and styled
(a few tens of ms of CPU on top of laying it out and drawing it). The library builds each view
ahead instead, one at a time, once nobody has pressed a key for :data:`IDLE_SECONDS` after its
first frame: the build is a few steps of Textual's own (the screen, then its widgets), each
between two keystrokes (the longest ~11 ms of CPU on the BBC library, as long as a keystroke's
own), then the list filled from the index in memory if the library has read it (in a thread)
already: no file is read. A key pressed meanwhile waits at most one such step; ``p`` pressed
while the view is being built shows it as soon as it is. The frame that shows the view is
still Textual's work (styles, layout, drawing): ~30 ms of CPU here.

A base class of :class:`~margin.tui.screens.library.LibraryScreen` (Textual finds a screen's
actions on its own class chain).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from margin.tui.screens.search_list import SearchListScreen

IDLE_SECONDS = 0.5
"""How long the library waits without a keystroke before it builds a view ahead."""

VIEWS = ("speakers", "claims")
"""The views built ahead, in this order (``p``, then ``c``)."""


def last_input(app: Any) -> float:
    """When the user last pressed a key or clicked (``time.monotonic``; never if the app does
    not say: :class:`~margin.tui.app.MarginApp` does)."""
    return float(getattr(app, "last_input_at", float("-inf")))


class LibraryViews(Screen[None]):
    """``p`` shows the Speakers view, ``c`` the Claims view; both kept (installed) once built,
    and built ahead while the library is idle (:meth:`build_views_when_idle`)."""

    store: Any
    entries: list[Any]

    _views_timer: Timer | None = None
    _views_building: str | None = None
    """The view being built ahead, if one is (not ready until its list is filled)."""

    def view_name(self, view: str) -> str:
        """The name the view of this library is installed under."""
        return f"{view}-{id(self)}"

    def view_ready(self, view: str) -> bool:
        """Whether ``view`` is built (made and mounted: showing it costs no new widgets; if built
        ahead, its list filled from the index in memory as well)."""
        if view == self._views_building:
            return False
        name = self.view_name(view)
        if not self.app.is_screen_installed(name):
            return False
        screen = self.app.get_screen(name)
        return screen.is_running and screen.is_mounted

    def _view(self, view: str) -> str:
        """``view``'s name, installed (made) if it was not."""
        name = self.view_name(view)
        if not self.app.is_screen_installed(name):
            self.app.install_screen(self._make_view(view), name)
        return name

    def _make_view(self, view: str) -> SearchListScreen:
        load, kept = self._claims_loader()
        if view == "speakers":
            from margin.tui.screens.speakers import SpeakersScreen

            return SpeakersScreen(load, kept=kept)
        from margin.tui.screens.claims_view import ClaimsScreen

        return ClaimsScreen(load, kept=kept)

    def action_speakers(self) -> None:
        """The Speakers view (:mod:`margin.tui.screens.speakers`)."""
        self.app.push_screen(self._view("speakers"))

    def action_claims(self) -> None:
        """The Claims view (:mod:`margin.tui.screens.claims_view`)."""
        self.app.push_screen(self._view("claims"))

    def _claims_loader(self) -> tuple[Callable[[], Any], Callable[[], Any] | None]:
        """Where the views get the claims index (``load``, ``kept``): the app's, else one over
        this store."""
        source = getattr(self.app, "claims_source", None)
        if source is None:
            from margin.tui.state.claims_source import ClaimsSource

            source = ClaimsSource(lambda: self.store)
        return source.load, getattr(source, "kept", None)

    # -- building ahead ------------------------------------------------------------------

    def build_views_when_idle(self) -> None:
        """Build the views not built yet, one at a time, each once the library has been idle
        for :data:`IDLE_SECONDS` (call it once the library's frame is shown)."""
        if self._views_timer is None and not self._views_building:
            self._views_timer = self.set_timer(IDLE_SECONDS, self._build_when_idle)

    def _build_when_idle(self) -> None:
        if self._views_timer is not None:
            self._views_timer.stop()
        self._views_timer = None
        if not self.is_current or not self.entries:
            return  # the next showing of the library starts again
        view = next((v for v in VIEWS if not self.view_ready(v)), None)
        if view is None:
            return
        waited = time.monotonic() - last_input(self.app)
        if waited < IDLE_SECONDS:
            self._views_timer = self.set_timer(IDLE_SECONDS - waited, self._build_when_idle)
            return
        self._views_building = view
        self.run_worker(self._build(view), group="library-views", exit_on_error=False)

    async def _build(self, view: str) -> None:
        """Make and mount ``view`` without showing it, with the index in memory if there is
        one, in steps between which keys are handled; then wait for the next idle time."""
        try:
            name = self._view(view)
            screen = self.app.get_screen(name)
            # Textual makes and mounts a screen when it is first shown; _get_screen is how
            # push_screen has it done (it starts the screen: its own messages do the rest,
            # between the library's). A Textual without it: the view is built when shown.
            get_screen = getattr(self.app, "_get_screen", None)
            if get_screen is None:
                return
            _screen, mounted = get_screen(name)
            await mounted
            await asyncio.sleep(0)
            # (Not laid out ahead: Textual lays a screen out again when it is shown, and a
            # view laid out ahead drew its first frame later, bench/LIBRARY.md.)
            if isinstance(screen, SearchListScreen) and not screen.is_current:
                screen.show_kept()
        finally:
            self._views_building = None
        if self.is_attached:
            self.build_views_when_idle()
