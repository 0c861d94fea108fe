"""Removing an article from the library: its verdicts follow its notes' rule (kept, and back
with ``u``; deleted only with "Remove with notes"), and the dialogs say so."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from margin.model import Article
from margin.storage.store import Store
from margin.storage.verdict_config import VerdictScale
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.library import LibraryScreen

SIZE = (100, 30)
BUDGET = "The council approved a budget of 12 million after a long debate."
PIER = "The harbour board voted to close the old ferry pier on Tuesday."


class Host(App[None]):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.store))


def library(tmp_path: Path) -> tuple[Store, Article, Article]:
    """Budget (opened last: the first row) with a note and two verdicts; Pier with one
    verdict and no note."""
    store = Store(tmp_path / "margin.json")
    pier = Article.from_text(PIER, "Pier", "/news/pier.txt")
    budget = Article.from_text(BUDGET, "Budget", "/news/budget.txt")
    for article in (pier, budget):
        store.add_article(article)
    store.add_note(store.new_note(budget, 4, 11, body="check"))
    scale = VerdictScale()
    for article, quote, rating in (
        (budget, "approved a budget of 12 million", "false"),
        (budget, "after a long debate", "true"),
        (pier, "voted to close the old ferry pier", "mixed"),
    ):
        start = article.text.index(quote)
        store.verdicts.set(article, start, start + len(quote), rating, scale=scale)
    return store, budget, pier


async def test_remove_keeps_the_verdicts_and_undo_brings_them_back(tmp_path: Path) -> None:
    store, budget, _pier = library(tmp_path)
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question.endswith("Its note and 2 verdicts are kept.")
        assert dialog.extra_label == "Remove with notes"
        await pilot.press("y")
        await pilot.pause()
        assert store.verdict_count(budget.sha256) == 2
        await pilot.press("u")
        await pilot.pause()
    assert [v.rating for v in store.verdicts.verdicts_for(budget)] == ["false", "true"]


async def test_remove_with_notes_deletes_the_verdicts_too(tmp_path: Path) -> None:
    store, budget, pier = library(tmp_path)
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question == "Delete its note and 2 verdicts for good?"
        await pilot.press("y")
        await pilot.pause()
        assert any(
            "Removed «Budget» and its note and 2 verdicts" in n.message for n in app._notifications
        )
        assert isinstance(app.screen, LibraryScreen) and app.screen.removed == []
    assert store.verdict_count(budget.sha256) == 0 and store.notes_for(budget) == []
    assert store.verdict_count(pier.sha256) == 1  # the other article's are untouched


async def test_an_article_with_only_verdicts_offers_to_remove_them(tmp_path: Path) -> None:
    store, _budget, pier = library(tmp_path)
    app = Host(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question == "Remove «Pier» from the library? Its verdict is kept."
        assert dialog.extra_label == "Remove with verdicts"
        await pilot.press("r", "y")
        await pilot.pause()
    assert store.verdict_count(pier.sha256) == 0
