"""Pilot tests of removing articles from the library: asking, keeping notes, undo, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from library_host import ENTRIES, FakeStore, Host, real_store, rows

from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.library import LibraryScreen
from margin.tui.widgets.library_table import LibraryTable


@pytest.mark.parametrize(
    ("keys", "removed"),
    [
        (["y"], [("0202" * 16, False)]),
        (["n"], []),
        (["escape"], []),
        (["r", "y"], [("0202" * 16, True)]),  # remove with notes, then confirm
        (["r", "n"], []),  # remove with notes, then change one's mind
    ],
)
async def test_remove_asks_and_keeps_notes_unless_asked(
    keys: list[str], removed: list[tuple[str, bool]]
) -> None:
    store = FakeStore(ENTRIES)
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question == (
            "Remove «Council budget: the numbers behind the vote» from the library? "
            "Its note is kept."
        )
        assert dialog.extra_label == "Remove with notes"
        await pilot.press(keys[0])
        await pilot.pause()
        if keys[0] == "r":
            assert isinstance(app.screen, ConfirmDialog)
            assert "for good" in app.screen.question
            await pilot.press(keys[1])
            await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        expected_rows = [
            e.title
            for e in ENTRIES
            if (e.sha256, True) not in removed and (e.sha256, False) not in removed
        ]
        assert rows(app) == expected_rows
    assert store.removed == removed


async def test_remove_without_notes_has_no_extra_choice_and_cursor_stays() -> None:
    store = FakeStore(ENTRIES)
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.extra_label is None
        assert app.screen.question.endswith("from the library?")
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.current == ENTRIES[1]  # the cursor moves to the row above
    assert store.removed == [(ENTRIES[2].sha256, False)]


async def test_a_store_error_on_remove_is_reported_and_nothing_changes() -> None:
    store = FakeStore(ENTRIES)
    store.fail_with = "the notes database is read-only"
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d", "y")
        await pilot.pause()
        assert len(rows(app)) == 3
        assert any("read-only" in n.message for n in app._notifications)


async def test_real_store_listing_and_remove_keeps_notes(tmp_path: Path) -> None:
    store = real_store(tmp_path)
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        assert rows(app) == ["Budget", "Pier"]  # most recently opened first
        table = app.screen.query_one("#table", LibraryTable)
        assert str(table.get_row_at(0)[2]) == "2"
        assert str(table.get_row_at(0)[3]) in ("just now", "1 min ago")
        budget = app.screen.current
        assert budget is not None
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.question.endswith("Its 2 notes are kept.")
        await pilot.press("y")
        await pilot.pause()
        assert rows(app) == ["Pier"]
    assert [e.title for e in store.articles()] == ["Pier"]
    assert len(store.notes(article=budget.sha256)) == 2  # the notes survive


async def test_real_store_remove_with_notes(tmp_path: Path) -> None:
    store = real_store(tmp_path)
    budget = store.articles()[0]
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d", "r", "y")
        await pilot.pause()
        assert rows(app) == ["Pier"]
    assert store.notes(article=budget.sha256) == []


async def test_u_undoes_a_removal_with_the_entry_as_it_was(tmp_path: Path) -> None:
    store = real_store(tmp_path)
    before = store.articles()
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d", "y")
        await pilot.pause()
        assert rows(app) == ["Pier"]
        assert any("u to undo" in n.message for n in app._notifications)
        await pilot.press("u")
        await pilot.pause()
        assert rows(app) == ["Budget", "Pier"]
        assert app.screen.current is not None and app.screen.current.title == "Budget"
        assert any("Restored «Budget»" in n.message for n in app._notifications)
        await pilot.press("u")  # nothing left to undo
        assert any("Nothing to undo" in n.message for n in app._notifications)
    after = store.articles()
    assert [e.to_dict() for e in after] == [e.to_dict() for e in before]  # opened unchanged
    assert [e.note_count for e in after] == [2, 0]


async def test_removing_with_the_notes_offers_no_undo(tmp_path: Path) -> None:
    store = real_store(tmp_path)
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d", "r", "y")
        await pilot.pause()
        assert app.screen.removed == []
        assert not any("undo" in n.message for n in app._notifications)
