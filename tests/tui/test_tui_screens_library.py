"""Pilot tests for the library screen, on a small in-memory store with Store's methods."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Input

from margin.errors import MarginError as StoreError
from margin.storage.model import LibraryEntry
from margin.tui.screens.dialogs import ConfirmDialog, PromptDialog
from margin.tui.screens.library import DEBOUNCE_ABOVE, LibraryScreen
from margin.tui.state.library_format import matches, relative_time, short_source
from margin.tui.widgets.library_table import LibraryTable

NOW = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


def iso(delta: timedelta) -> str:
    return (NOW - delta).isoformat().replace("+00:00", "Z")


def entry(n: int, title: str, source: str, ago: timedelta, notes: int = 0) -> LibraryEntry:
    sha = f"{n:02d}" * 32
    return LibraryEntry(sha, title, source, added=iso(ago), opened=iso(ago), note_count=notes)


ENTRIES = [
    entry(
        1,
        "Harbour board closes the ferry pier",
        "https://www.example.org/harbour",
        timedelta(minutes=5),
        3,
    ),
    entry(
        2,
        "Council budget: the numbers behind the vote",
        "/home/ana/news/budget.html",
        timedelta(days=1),
        1,
    ),
    entry(
        3,
        "Heatwave warning for the valley",
        "https://news.example.net/heat?id=4",
        timedelta(days=40),
    ),
]


class FakeStore:
    """The part of storage.store.Store that the library uses, in memory."""

    def __init__(self, entries: list[LibraryEntry]) -> None:
        self.entries = list(entries)
        self.removed: list[tuple[str, bool]] = []
        self.fail_with: str | None = None

    def articles(self) -> list[LibraryEntry]:
        return list(self.entries)

    def remove_article(self, sha256: str, *, delete_notes: bool = False) -> None:
        if self.fail_with:
            raise StoreError(self.fail_with)
        self.removed.append((sha256, delete_notes))
        self.entries = [e for e in self.entries if e.sha256 != sha256]

    def put_entry(self, entry: LibraryEntry) -> None:
        if self.fail_with:
            raise StoreError(self.fail_with)
        self.entries = sorted([*self.entries, entry], key=lambda e: e.opened, reverse=True)

    def verdict_count(self, sha256: str) -> int:
        return 0


class Host(App[None]):
    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store
        self.opened: list[LibraryEntry] = []
        self.paths: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.store, now=lambda: NOW))

    def on_library_screen_open_article(self, message: LibraryScreen.OpenArticle) -> None:
        self.opened.append(message.entry)

    def on_library_screen_open_path(self, message: LibraryScreen.OpenPath) -> None:
        self.paths.append(message.source)


def rows(app: App[None]) -> list[str]:
    table = app.screen.query_one("#table", LibraryTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


# -- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "short"),
    [
        ("https://www.example.org/a/b.html", "example.org"),
        ("http://news.example.net:8080/x", "news.example.net"),
        ("/home/ana/news/budget.html", "budget.html"),
        ("story.txt", "story.txt"),
        ("file:///tmp/story.md", "story.md"),
        ("-", "stdin"),
        ("", "—"),
    ],
)
def test_short_source(source: str, short: str) -> None:
    assert short_source(source) == short


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (timedelta(seconds=10), "just now"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(minutes=5), "5 min ago"),
        (timedelta(hours=3), "3 h ago"),
        (timedelta(hours=13), "yesterday"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(days=40), "2 Feb"),
        (timedelta(days=400), "8 Feb 2024"),
    ],
)
def test_relative_time(ago: timedelta, text: str) -> None:
    assert relative_time(iso(ago), NOW) == text


def test_relative_time_of_bad_input() -> None:
    assert relative_time("", NOW) == "—"
    assert relative_time("yesterday-ish", NOW) == "—"


def test_matches_every_word_in_title_or_source() -> None:
    e = ENTRIES[0]
    assert matches(e, "ferry")
    assert matches(e, "FERRY example.org")
    assert not matches(e, "ferry budget")


# -- the screen -------------------------------------------------------------------------------


async def test_lists_articles_in_store_order_with_counts() -> None:
    app = Host(FakeStore(ENTRIES))
    async with app.run_test(size=(100, 30)):
        table = app.screen.query_one("#table", LibraryTable)
        assert rows(app) == [e.title for e in ENTRIES]
        assert [str(c) for c in table.get_row_at(0)] == [
            ENTRIES[0].title,
            "example.org",
            "3",
            "5 min ago",
        ]
        assert str(table.get_row_at(1)[1]) == "budget.html"
        assert str(table.get_row_at(2)[2]) == "·"  # no notes
        summary = str(app.screen.query_one("#summary").render())
        assert summary == "3 articles · 4 notes · by last opened"  # the order is always named


async def test_enter_opens_the_highlighted_article() -> None:
    app = Host(FakeStore(ENTRIES))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "enter")
        await pilot.pause()
    assert app.opened == [ENTRIES[1]]


async def test_search_filters_as_you_type_and_escape_clears() -> None:
    app = Host(FakeStore(ENTRIES))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        assert app.screen.focused is app.screen.query_one("#search", Input)
        await pilot.press(*"heat")
        assert rows(app) == [ENTRIES[2].title]
        assert str(app.screen.query_one("#summary").render()).startswith("1 of 3 articles")
        await pilot.press("enter", "enter")  # to the list, then open
        await pilot.pause()
        assert app.opened == [ENTRIES[2]]
        await pilot.press("slash", "escape")
        assert app.screen.query_one("#search", Input).value == ""
        assert len(rows(app)) == 3
        assert isinstance(app.screen.focused, LibraryTable)


async def test_search_by_source_and_no_match_message() -> None:
    app = Host(FakeStore(ENTRIES))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"budget.html")
        assert rows(app) == [ENTRIES[1].title]
        await pilot.press(*" zebra")
        assert rows(app) == []
        assert app.screen.has_class("-no-match")
        assert "No article matches" in str(app.screen.query_one("#empty").render())
        await pilot.press("enter")  # nothing to open, nothing happens
        await pilot.pause()
    assert app.opened == []


async def test_typing_letters_in_search_does_not_trigger_keys() -> None:
    store = FakeStore(ENTRIES)
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"dq o")
        assert app.screen.query_one("#search", Input).value == "dq o"
        assert isinstance(app.screen, LibraryScreen)
    assert store.removed == []


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


async def test_empty_library_explains_how_to_open_an_article() -> None:
    app = Host(FakeStore([]))
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.screen.has_class("-empty")
        text = str(app.screen.query_one("#empty").render())
        assert "Your library is empty" in text
        assert "margin PATH|URL" in text
        await pilot.press("enter", "d")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    assert app.opened == []


async def test_open_path_validates_and_posts_a_message(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("A story.\n", encoding="utf-8")
    app = Host(FakeStore([]))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        app.screen.query_one(Input).value = str(tmp_path / "nope.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert "No such file" in str(app.screen.query_one("#error").render())
        app.screen.query_one(Input).value = str(story)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("o", *"https://example.org/a", "enter")
        await pilot.pause()
    assert app.paths == [str(story), "https://example.org/a"]


async def test_reloads_when_the_screen_comes_back() -> None:
    store = FakeStore(ENTRIES[:1])
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        assert len(rows(app)) == 1
        store.entries = list(ENTRIES)
        await app.push_screen(ConfirmDialog("Anything?"))
        await pilot.press("escape")
        await pilot.pause()
        assert len(rows(app)) == 3


async def test_a_store_that_cannot_be_read_says_so() -> None:
    class Broken(FakeStore):
        def articles(self) -> list[LibraryEntry]:
            raise StoreError("the notes database x cannot be read (bad JSON)")

    app = Host(Broken([]))
    async with app.run_test(size=(100, 30)):
        assert "Can't read the library" in str(app.screen.query_one("#empty").render())


async def test_q_quits() -> None:
    app = Host(FakeStore(ENTRIES))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


# -- with the real store ----------------------------------------------------------------------


def _real_store(tmp_path: Path) -> Any:
    from margin.model import Article
    from margin.storage.store import Store

    store = Store(tmp_path / "margin.json")
    texts = {
        "Pier": "The harbour board voted to close the old ferry pier on Tuesday.",
        "Budget": "The council approved a budget of 12 million after a long debate.",
    }
    for title, text in texts.items():
        article = Article.from_text(text, title, f"/news/{title.lower()}.txt")
        store.add_article(article)
        if title == "Budget":
            for start, end in ((4, 11), (21, 27)):
                store.add_note(store.new_note(article, start, end, body="check"))
    return store


async def test_real_store_listing_and_remove_keeps_notes(tmp_path: Path) -> None:
    store = _real_store(tmp_path)
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
    store = _real_store(tmp_path)
    budget = store.articles()[0]
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d", "r", "y")
        await pilot.pause()
        assert rows(app) == ["Pier"]
    assert store.notes(article=budget.sha256) == []


async def test_s_cycles_the_order_and_keeps_the_cursor_article() -> None:
    app = Host(FakeStore(ENTRIES))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down")  # Council budget...
        await pilot.press("s")
        assert rows(app) == sorted(e.title for e in ENTRIES)
        assert app.screen.current == ENTRIES[1]
        assert str(app.screen.query_one("#summary").render()).endswith("by title")
        await pilot.press("s")
        assert rows(app) == [ENTRIES[0].title, ENTRIES[1].title, ENTRIES[2].title]
        assert [e.note_count for e in app.screen.shown] == [3, 1, 0]
        await pilot.press("s")
        assert rows(app) == [e.title for e in ENTRIES]
        assert str(app.screen.query_one("#summary").render()).endswith("by last opened")


async def test_search_in_a_big_library_waits_for_a_pause_in_typing() -> None:
    many = [
        LibraryEntry(
            f"{i:064x}",
            f"Story {i}",
            f"https://example.org/{i}",
            iso(timedelta(0)),
            iso(timedelta(minutes=i)),
        )
        for i in range(DEBOUNCE_ABOVE + 100)
    ]
    app = Host(FakeStore(many))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"story 39")
        assert len(rows(app)) == len(many)  # not filtered on every key
        wanted = [e.title for e in many if "39" in e.title]
        for _ in range(50):  # filtered once typing pauses (later on a busy machine)
            await pilot.pause(0.1)
            if rows(app) == wanted:
                break
        assert rows(app) == wanted


async def test_a_library_of_a_thousand_filters_at_each_keystroke() -> None:
    many = [
        LibraryEntry(f"{i:064x}", f"Story {i}", f"/s/{i}", iso(timedelta(0)), iso(timedelta(0)))
        for i in range(1000)
    ]
    app = Host(FakeStore(many))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"story 39")
        assert rows(app) == [e.title for e in many if "39" in e.title]  # no pause needed


async def test_u_undoes_a_removal_with_the_entry_as_it_was(tmp_path: Path) -> None:
    store = _real_store(tmp_path)
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
    store = _real_store(tmp_path)
    app = Host(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("d", "r", "y")
        await pilot.pause()
        assert app.screen.removed == []
        assert not any("undo" in n.message for n in app._notifications)


async def test_question_mark_lists_the_library_keys_and_closes() -> None:
    from margin.tui.screens.help import HelpScreen

    app = Host(FakeStore(ENTRIES))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        rows_ = help_screen.binding_rows()
        texts = {text: keys for section in rows_.values() for keys, text in section}
        assert texts["Undo the last removal"] == "u"
        assert texts["Sort: last opened, title, most notes"] == "s"
        assert texts["This help"] == "?" and texts["Quit margin"] == "q"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
