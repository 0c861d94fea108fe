"""The claims index follows the library: an article the reader analyses goes in, an article
the library removes comes out, an article ``margin add`` adds goes in (from the analyses it
has in hand, without reading the cache again)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from library_claims_helpers import (
    MODEL,
    UNREAD,
    CacheAnalyzer,
    Said,
    analysis_of,
    build_library,
)

from margin.analysis.batch import BatchOutcome
from margin.analysis.cache import AnalysisCache
from margin.cli import main
from margin.model import Article
from margin.storage.claims_index import open_index, read_parts
from margin.storage.paths import claims_index_path
from margin.storage.store import Store
from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.library import LibraryScreen
from margin.tui.screens.reader import ReaderScreen


@pytest.fixture
def dirs(monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setattr("margin.analysis.cache.model_key", lambda model=None: MODEL)
    return Path(os.environ["MARGIN_DB"]), Path(os.environ["MARGIN_CACHE_DIR"])


class FreshAnalyzer(CacheAnalyzer):
    """Reads the cache, but says it analysed (as the analysis process, which writes the
    cache before it answers)."""

    cached = False


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_an_article_the_reader_analyses_goes_into_the_index(dirs) -> None:
    db, cache_dir = dirs
    build_library(db, cache_dir, market=False)
    open_index(Store(db))  # the index exists: the pier article is "not analysed"
    pier = Article.from_text(UNREAD[2], UNREAD[0], UNREAD[1])
    said = [Said("The pier lights were repaired overnight", "the harbour master", cue="said")]
    AnalysisCache(cache_dir).put(pier.sha256, MODEL, analysis_of(pier.text, said))
    app = MarginApp(db_path=str(db), config=ReaderConfig(), analyzer=FreshAnalyzer(cache_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        app.open_article(pier)
        await _settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await _settle(pilot)
    parts = read_parts(claims_index_path(db)) or {}
    assert parts[pier.sha256]["claims"][0][3] == "The pier lights were repaired overnight"


async def test_an_article_the_library_removes_leaves_the_index(dirs) -> None:
    db, cache_dir = dirs
    made = build_library(db, cache_dir, market=False)
    open_index(Store(db))
    assert made[0].sha256 in (read_parts(claims_index_path(db)) or {})
    app = MarginApp(db_path=str(db), config=ReaderConfig(), analyzer=CacheAnalyzer(cache_dir))
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        library.table.move_cursor(row=[e.sha256 for e in library.shown].index(made[0].sha256))
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await _settle(pilot)
    assert made[0].sha256 not in (read_parts(claims_index_path(db)) or {})


def test_margin_add_puts_what_it_analysed_into_the_index(dirs, tmp_path, monkeypatch) -> None:
    db, _cache = dirs
    texts = {
        "tram.txt": ("Ana Ruiz said trams would return.", "trams would return"),
        "port.txt": ("Tomas Ruiz said the port would grow.", "the port would grow"),
    }
    outcomes = []
    for i, (name, (text, content)) in enumerate(texts.items()):
        (tmp_path / name).write_text(text)
        article = Article.from_text(text, name, str(tmp_path / name))
        speaker = text.split(" said")[0]
        analysis = analysis_of(text, [Said(content, speaker, speaker, cue="said")])
        outcomes.append(BatchOutcome(i, name, article, analysis))
    monkeypatch.setattr("margin.cli.add_cmd._outcomes", lambda args, model, report: iter(outcomes))
    monkeypatch.setattr("margin.analysis.pipeline.resolve_model_name", lambda name: "test")
    assert main(["add", "-q", str(tmp_path / "tram.txt"), str(tmp_path / "port.txt")]) == 0
    parts = read_parts(claims_index_path(db)) or {}
    assert sorted(p["claims"][0][3] for p in parts.values()) == [
        "the port would grow",
        "trams would return",
    ]
    # The cache holds nothing: what the index has came from the analyses in hand.
    table = open_index(Store(db))
    assert [s.name for s in table.speakers] == ["Ana Ruiz", "Tomas Ruiz"]
