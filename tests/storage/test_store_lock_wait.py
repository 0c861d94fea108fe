"""Waiting for another margin's lock: said after a moment (CLI: one line; reader: a message,
with the reader still answering keys), instead of a silent freeze."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from tui_fixtures import FixedAnalyzer, reader_article

from margin.cli import main
from margin.storage.paths import lock_path
from margin.storage.safe_storage import StoreLock
from margin.storage.store import Store


def _hold(db: Path, seconds: float) -> threading.Thread:
    """Hold ``db``'s lock (as another margin would) for ``seconds``, from a thread."""
    taken = threading.Event()

    def run() -> None:
        with StoreLock(lock_path(db)):
            taken.set()
            time.sleep(seconds)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert taken.wait(5)
    return thread


def test_the_lock_tells_once_after_a_moment_then_goes_on_waiting(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    Store(db)
    told: list[tuple[float, str]] = []
    start = time.monotonic()
    holder = _hold(db, 1.0)
    lock = StoreLock(
        lock_path(db),
        what="the notes",
        notice_after=0.3,
        on_wait=lambda m: told.append((time.monotonic() - start, m)),
    )
    with lock:
        waited = time.monotonic() - start
    holder.join()
    assert waited >= 0.9  # it did wait for the holder
    assert len(told) == 1
    assert 0.3 <= told[0][0] < 0.9 and "waiting for another margin" in told[0][1]
    with lock:  # a free lock: nothing to say
        pass
    assert len(told) == 1


def test_cli_says_it_waits_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "margin.json"
    monkeypatch.setenv("MARGIN_DB", str(db))
    piece = tmp_path / "piece.txt"
    piece.write_text("The pier reopens on Friday after repairs, the harbour board said.\n")
    Store(db)
    holder = _hold(db, 1.5)
    assert main(["notes", "add", str(piece), "--quote", "pier reopens"]) == 0
    holder.join()
    err = capsys.readouterr().err
    assert err.count("waiting for another margin") == 1 and err.count("\n") == 1


async def test_reader_stays_responsive_and_says_it_waits(tmp_path: Path) -> None:
    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig
    from margin.tui.screens.note_editor import NoteEditorScreen
    from margin.tui.screens.reader import ReaderScreen

    db = tmp_path / "margin.json"
    Store(db)
    release = threading.Event()

    def run() -> None:
        with StoreLock(lock_path(db)):
            taken.set()
            release.wait(20)

    taken = threading.Event()
    holder = threading.Thread(target=run, daemon=True)
    holder.start()
    assert taken.wait(5)
    app = MarginApp(
        article=reader_article(), analyzer=FixedAnalyzer(), config=ReaderConfig(), db_path=str(db)
    )
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, ReaderScreen)
            for _ in range(100):  # the notice comes after ~0.5 s, while the lock is held
                await pilot.pause(0.05)
                if any("Waiting for another margin" in n.message for n in app._notifications):
                    break
            else:
                raise AssertionError("no notice of the wait")
            assert screen.notes_loading and not release.is_set()
            before = screen.view.cursor_span
            await pilot.press("j")  # keys still work while the notes wait
            await pilot.pause()
            assert screen.view.cursor_span != before
            await pilot.press("h")  # a highlight now could not be saved: say why not
            await pilot.pause()
            assert any("still opening" in n.message for n in app._notifications)
            await pilot.press("a")  # the note editor opens all the same
            await pilot.pause()
            editor = app.screen
            assert isinstance(editor, NoteEditorScreen)
            await pilot.press(*"kept while waiting")
            await pilot.press("ctrl+s")  # not yet: the editor keeps the note and says so
            await pilot.pause()
            assert app.screen is editor and "still opening" in str(editor.error)
            assert editor.draft.body == "kept while waiting"
            release.set()
            for _ in range(100):
                await pilot.pause(0.05)
                if not screen.notes_loading:
                    break
            assert not screen.notes_loading and screen.store is not None
            await pilot.press("ctrl+s")  # now it is stored
            await pilot.pause()
            assert app.screen is screen
            assert [n.body for n in Store(db).notes_for(reader_article())] == ["kept while waiting"]
    finally:
        release.set()
        holder.join()


async def test_reader_without_an_article_says_it_waits_then_opens(tmp_path: Path) -> None:
    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig
    from margin.tui.screens.reader import ReaderScreen

    db = tmp_path / "margin.json"
    Store(db)
    release, taken = threading.Event(), threading.Event()

    def run() -> None:
        with StoreLock(lock_path(db)):
            taken.set()
            release.wait(20)

    holder = threading.Thread(target=run, daemon=True)
    holder.start()
    assert taken.wait(5)
    app = MarginApp(db_path=str(db), analyzer=FixedAnalyzer(), config=ReaderConfig())
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(100):
                await pilot.pause(0.05)
                if any("Waiting for another margin" in n.message for n in app._notifications):
                    break
            else:
                raise AssertionError("no notice of the wait")
            release.set()
            for _ in range(100):
                await pilot.pause(0.05)
                if isinstance(app.screen, ReaderScreen):
                    break
            assert isinstance(app.screen, ReaderScreen)  # the sample: the library is empty
    finally:
        release.set()
        holder.join()
