"""The margin Textual app: opens the reader on an article (or the library / sample)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding

from analysis.errors import MarginError
from analysis.model import Article
from tui.analysis_runner import Analyzer, DefaultAnalyzer
from tui.commands import ReaderCommands
from tui.keymap import ReaderConfig, load_config

STYLES = Path(__file__).resolve().parent.parent / "styles" / "margin.tcss"


class MarginApp(App[None]):
    """A keyboard-driven reader for news articles.

    ``article`` is shown when given (``source`` is then only its origin); otherwise ``source``
    is loaded, or with neither the sample article opens. ``analyzer`` replaces the default
    (cache, then spaCy) so tests run on a fixed :class:`~analysis.model.Analysis`.
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
    ) -> None:
        super().__init__()
        self.source = source
        self.article = article
        self.db_path = db_path
        self.model = model
        self.analyzer: Analyzer = analyzer if analyzer is not None else DefaultAnalyzer(model)
        self.config = config
        self.load_error: str | None = None

    def on_mount(self) -> None:
        from tui.reader import BINDING_HELP

        config = self.config
        if config is None:
            config = load_config(known_ids=set(BINDING_HELP) | {"find.close", "help.close"})
        if config.keymap:
            self.set_keymap(config.keymap)
        if config.theme:
            if config.theme in self.available_themes:
                self.theme = config.theme
            else:
                config.warnings.append(f"unknown theme {config.theme!r} in config.toml")
        for warning in config.warnings:
            self.notify(warning, title="Configuration", severity="warning", timeout=8)
        article = self.article or self._load()
        if article is not None:
            self.open_article(article)

    def _load(self) -> Article | None:
        from analysis.ingest import load_article

        if self.source is None:
            from margin.sample import SAMPLE_PATH

            source = str(SAMPLE_PATH)
        else:
            source = self.source
        try:
            return load_article(source)
        except MarginError as exc:
            self.load_error = str(exc)
            self.exit(message=f"margin: {exc}", return_code=1)
            return None

    def open_article(self, article: Article) -> None:
        """Show ``article`` in a new reader screen."""
        from tui.reader import ReaderScreen

        self.article = article
        self.push_screen(ReaderScreen(article, analyzer=self.analyzer))
