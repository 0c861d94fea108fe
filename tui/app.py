"""The margin Textual app: opens the reader on an article (or the library / sample)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from margin.analysis.service.runner import Analyzer, DefaultAnalyzer
from margin.errors import MarginError
from margin.model import Article
from margin.sanitize import clean_line, clean_text
from margin.styles import STYLES_DIR
from margin.tui.commands import ReaderCommands
from margin.tui.keymap import ReaderConfig, load_config

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.store import Store

STYLES = STYLES_DIR / "margin.tcss"

REPORTED_PROBLEMS = 5
"""At most this many config problems are listed in the notification at start."""


def config_report(warnings: list[str], path: str) -> str:
    """The config's problems, one per line (the first few, then how many more), each
    ``path:line: problem`` as ``line N: problem`` (the notification's title names the file)."""

    def short(warning: str) -> str:
        rest = warning.removeprefix(f"{path}:")
        if rest != warning and rest[:1].isdigit():
            return f"line {rest}"
        return warning.removeprefix(f"{path}: ")

    shown = [short(w) for w in warnings[:REPORTED_PROBLEMS]]
    more = len(warnings) - len(shown)
    return "\n".join(shown + ([f"…and {more} more"] if more > 0 else []))


GC_RESUME_SECONDS = 3.0
"""With the cyclic collector paused for the start-up (``gc_paused``), it is back on after
this long at the latest, whatever the first screen did."""

USER_INPUT = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
"""The events that count as the user doing something (:attr:`MarginApp.last_input_at`)."""


class MarginApp(App[None]):
    """A keyboard-driven reader for news articles.

    ``article`` is shown when given (``source`` is then only its origin); otherwise ``source``
    is loaded, or with neither the sample article opens. ``analyzer`` replaces the default
    (cache, then spaCy) so tests run on a fixed analysis. ``gc_paused``: the caller turned the
    cyclic garbage collector off for the start-up; the reader turns it back on once its text
    and panel are on screen (:meth:`resume_gc`).
    """

    TITLE = "margin"
    CSS_PATH = str(STYLES)
    COMMANDS = App.COMMANDS | {ReaderCommands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(
        self,
        source: str | None = None,
        *,
        article: Article | None = None,
        db_path: str | None = None,
        model: str | None = None,
        analyzer: Analyzer | None = None,
        config: ReaderConfig | None = None,
        store: Store | None = None,
        use_store: bool = True,
        gc_paused: bool = False,
    ) -> None:
        super().__init__()
        self._gc_paused = gc_paused
        self.source = source
        self.article = article
        self.db_path = db_path
        self.model = model
        self.analyzer: Analyzer = analyzer if analyzer is not None else DefaultAnalyzer(model)
        self.config = config
        self.store_error: str | None = None
        """Why the notes database could not be opened (its own sentence), if it could not."""
        self.load_error: str | None = None
        self.store: Store | None = store
        """The notes store, opened on mount unless given (``margin.storage.store.Store``)."""
        self._open_store = store is None and use_store
        self._store_opened = False
        self._claims_source: Any = None
        self._started = False
        """True once Textual's start-up is over and frames reach the terminal."""
        self._after_start: list[tuple[Screen[Any], Callable[[], Any]]] = []
        self._reader_is_default = False
        """True when the given article's reader is the first screen (:meth:`get_default_screen`)."""
        self.last_input_at = float("-inf")
        """When the user last pressed a key, clicked or scrolled (``time.monotonic``): the
        library builds its views ahead only after a pause."""

    async def on_event(self, event: events.Event) -> None:
        """Note when the user last did something (then Textual's handling)."""
        if isinstance(event, USER_INPUT) and not event.is_forwarded:
            self.last_input_at = time.monotonic()
        await super().on_event(event)

    def on_ready(self) -> None:
        """Textual's start-up is over. Until now every frame was held back (the app mounts
        in one batch), so a screen's "after refresh" could come before anything was written:
        what waits for the first frame runs after the next one, which is written."""
        self._started = True
        waiting, self._after_start = self._after_start, []
        for screen, callback in waiting:
            if screen.is_attached:
                screen.refresh()  # the frames of the start-up batch were never written
                screen.call_after_refresh(callback)

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        """Write a frame (Textual's); the first one really written of a screen that waits
        for it (:meth:`call_after_first_frame`) lets that screen's work start at once. (The
        given article's reader, the first screen, is written before Textual's ``Ready``.)

        ``App._display`` and ``_batch_count`` are Textual's private API (8.2): the only place
        that knows a frame was really written; ``tests/tui/test_reader_first_frame.py`` and
        ``tests/tui/test_reader_warm_open.py`` fail if they change."""
        super()._display(screen, renderable)
        if self._after_start and renderable is not None and not self._batch_count:
            now = [(s, c) for s, c in self._after_start if s is screen]
            if now:
                self._started = True
                self._after_start = [(s, c) for s, c in self._after_start if s is not screen]
                for _, callback in now:
                    screen.call_next(callback)

    def call_after_first_frame(self, screen: Screen[Any], callback: Callable[[], Any]) -> None:
        """Call ``callback`` once ``screen`` has been written to the terminal: after its next
        refresh, or at start-up after the first frame Textual really writes (of this screen:
        :meth:`_display`; else after the one following :meth:`on_ready`), so that work done
        there does not hold the first frame back."""
        if self._started:
            screen.call_after_refresh(callback)
        else:
            self._after_start.append((screen, callback))

    def resume_gc(self) -> None:
        """Turn the cyclic garbage collector back on if it was paused for the start-up (the
        reader calls it once its text and panel are on screen; a timer at the latest)."""
        if self._gc_paused:
            self._gc_paused = False
            gc.enable()

    def on_mount(self) -> None:
        if self._gc_paused:
            self.set_timer(GC_RESUME_SECONDS, self.resume_gc)
        config = self.config
        users = config is None  # read from config.toml (not given, as in tests)
        if config is None:
            config = self.config = load_config()
        if config.keymap:
            from margin.tui.keymap_check import check_keymap

            check_keymap(config)  # a remap that cannot work is reported and left out
        if config.keymap:
            self.set_keymap(config.keymap)
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                config.warnings.append(f"{config.where('theme')}: unknown theme {config.theme!r}")
        if config.warnings:
            self.notify(
                config_report(config.warnings, config.shown_path),
                title=config.shown_path,
                severity="warning",
                timeout=15,
                markup=False,  # ids and keys come from the user's file
            )
        if users:
            self.watch(self, "theme", self._remember_theme, init=False)
        if self.article is None and self.source is None:
            if self._open_store:  # off the UI thread: another margin may hold its lock
                self._start_from_store()
                return
            self._start(library=self._library_has_articles())
            return
        # With an article to show, the store opens after the text is painted (ensure_store).
        if not self._reader_is_default:
            self._start(library=False)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _start_from_store(self) -> None:
        """Open the store, then (on the UI thread) the library, or the sample if it is empty."""
        library = False
        try:
            self.ensure_store()
            library = self._library_has_articles()
        finally:
            self.call_from_thread(self._start, library=library)

    def _start(self, *, library: bool) -> None:
        """Show the library, or the article (given, loaded from ``source``, or the sample)."""
        if library:
            self.open_library()
            return
        article = self.article or self._load()
        if article is not None:
            self.open_article(article)

    def _remember_theme(self, theme: str) -> None:
        """Write the theme just chosen (``t``, the palette) into config.toml."""
        from margin.tui.config_edit import remember_theme

        try:
            remember_theme(theme)
        except MarginError as exc:
            self.notify(
                str(exc), title="Theme not remembered", severity="warning", timeout=8, markup=False
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification as plain text made safe to show: it may quote a file name, a
        title or a config value, so neither their controls nor any ``[markup]`` in them is
        obeyed (``markup`` is there for Textual's signature; margin's messages use none)."""
        super().notify(
            clean_text(message),
            title=clean_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def get_key_display(self, binding: Binding) -> str:
        """How a key is shown in the footer and the help (keys may come from config.toml)."""
        return clean_line(super().get_key_display(binding))

    def ensure_store(self) -> Store | None:
        """The notes store, opened on first use (once; None when notes are off)."""
        if self._open_store and not self._store_opened:
            self._store_opened = True
            self.store = self._make_store()
        return self.store

    def _make_store(self) -> Store | None:
        """Open the notes database; on failure say why and read without notes.

        May run on a worker thread (``notify`` is thread-safe): the store's warnings and a
        wait for another margin's lock are shown as they happen.
        """
        try:
            from margin.storage.store import Store

            store = Store(self.db_path, on_warning=self._store_warning, on_wait=self._store_waiting)
        except MarginError as exc:
            self.store_error = str(exc)
            self.notify(
                f"{exc}\nReading without notes.", title="Notes", severity="error", markup=False
            )
            return None
        return store

    def _store_warning(self, message: str) -> None:
        self.notify(message, title="Notes", severity="warning", timeout=10, markup=False)

    def _store_waiting(self, message: str) -> None:
        self.notify(message[:1].upper() + message[1:], title="Notes", timeout=5, markup=False)

    def _library_has_articles(self) -> bool:
        if self.store is None:
            return False
        try:
            return bool(self.store.has_articles())  # the library screen then reads it all
        except MarginError:
            return False

    def open_library(self) -> None:
        """Show the library (recent articles)."""
        from margin.tui.screens.library import LibraryScreen

        self.push_screen(LibraryScreen(self.ensure_store()))

    def on_library_screen_open_article(self, message: Any) -> None:
        """Open a library entry from its saved text snapshot (else from its source)."""
        entry = message.entry
        text = None
        try:
            store = self.ensure_store()
            text = store.article_text(entry.sha256) if store is not None else None
        except MarginError:
            text = None
        if text is not None:
            self.open_article(Article.from_text(text, entry.title, entry.source))
            return
        self._open_source(entry.source)

    @property
    def claims_source(self) -> Any:
        """The claims index the Speakers and Claims views read (opened on first use)."""
        if self._claims_source is None:
            from margin.tui.state.claims_source import ClaimsSource

            self._claims_source = ClaimsSource(self.ensure_store)
        return self._claims_source

    def on_claims_screen_open_claim(self, message: Any) -> None:
        """Open a claim's article (its saved text) with the cursor on the claim."""
        entry = message.entry
        try:
            store = self.ensure_store()
            text = store.article_text(entry.sha256) if store is not None else None
        except MarginError:
            text = None
        if text is None:
            self.notify("This article's saved text is missing", title="Cannot open")
            return
        self.open_article(
            Article.from_text(text, entry.title, entry.source), at=(message.start, message.end)
        )

    def on_library_screen_open_path(self, message: Any) -> None:
        self._open_source(message.source)

    def _open_source(self, source: str) -> None:
        import os

        from margin.sources.loader import load_article

        try:
            article = load_article(os.path.expanduser(source))
        except MarginError as exc:
            self.notify(str(exc), title="Cannot open", severity="error")
            return
        self.open_article(article)

    def _load(self) -> Article | None:
        from margin.sources.loader import load_article

        if self.source is None:
            from margin.sources.sample import SAMPLE_PATH

            source = str(SAMPLE_PATH)
        else:
            source = self.source
        try:
            return load_article(source)
        except MarginError as exc:
            self.load_error = str(exc)
            self.exit(message=Text(f"margin: {clean_text(str(exc))}"), return_code=1)
            return None

    def open_article(self, article: Article, *, at: tuple[int, int] | None = None) -> None:
        """Show ``article`` in a new reader screen (the cursor on characters ``at``)."""
        self.article = article
        self.push_screen(self._reader(article, at))

    def _reader(self, article: Article, at: tuple[int, int] | None = None) -> Screen[Any]:
        from margin.tui.screens.reader import ReaderScreen

        return ReaderScreen(
            article, analyzer=self.analyzer, store=self.store, open_store=self.ensure_store,
            start_at=at,
        )  # fmt: skip

    def get_default_screen(self) -> Screen[Any]:
        """With an article given, its reader is the app's first screen (Textual's own blank
        one is not made, laid out and rendered beneath it before the first frame)."""
        if self.article is not None and not self._started and not self._reader_is_default:
            self._reader_is_default = True
            return self._reader(self.article)
        return super().get_default_screen()
