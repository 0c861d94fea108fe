"""Notes survive kills, concurrent writers, a full disk and a read-only location."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import margin.atomic as atomic
import margin.storage.safe_storage as safe_storage
import margin.storage.store_files as store_files
from margin.model import Article
from margin.storage.paths import notes_dir
from margin.storage.store import Store, StoreError

ARTICLES = [
    Article.from_text(
        f"Story {i}: the county council met on Tuesday and voted on the new bus routes. "
        "Residents said the changes would cut them off from the clinic.",
        f"Story {i}",
        f"/news/story-{i}.txt",
    )
    for i in range(3)
]


_WRITER = """
import os
from margin.model import Article
from margin.storage import journal
from margin.storage.store import Store
if os.environ.get("MARGIN_TEST_FOLD_BYTES"):
    journal.FOLD_BYTES = int(os.environ["MARGIN_TEST_FOLD_BYTES"])
articles = [
    Article.from_text(
        f"Story {i}: the county council met on Tuesday and voted on the new bus routes. "
        "Residents said the changes would cut them off from the clinic.",
        f"Story {i}",
        f"/news/story-{i}.txt",
    )
    for i in range(3)
]
store = Store(DB)
os.write(FD, b"ready\\n")
n = 0
while True:
    article = articles[n % len(articles)]
    note = store.new_note(article, 10, 24 + n % 30, body=f"note {n} " + "x" * (n % 50))
    store.add_note(note)
    os.write(FD, (note.id + "\\n").encode())  # acknowledged only once saved
    n += 1
"""


def _start_writer(db: Path, ack_fd: int) -> int:
    """Start a process adding notes to ``db`` in a loop, writing each saved id to ``ack_fd``.

    It is forked (fast) when this process has a single thread; otherwise a fresh interpreter
    is started, since forking a threaded process can deadlock the child.
    """
    if threading.active_count() == 1:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                exec(_WRITER, {"DB": db, "FD": ack_fd})
            finally:
                os._exit(1)
        return pid
    code = f"DB = {str(db)!r}; FD = {ack_fd}\n" + _WRITER
    return subprocess.Popen([sys.executable, "-c", code], pass_fds=(ack_fd,)).pid


def _read_all(fd: int) -> list[str]:
    """Every complete line written to the pipe (the writer is dead: read to end of file)."""
    data = bytearray()
    while chunk := os.read(fd, 65536):
        data.extend(chunk)
    return [line for line in bytes(data).decode().split("\n")[:-1] if line]


def _temp_files(db: Path) -> list[Path]:
    dirs = [db.parent, notes_dir(db), db.parent / "texts"]
    return [p for d in dirs if d.exists() for p in d.iterdir() if safe_storage.TEMP_MARK in p.name]


def _kill_writers_at_random_instants(
    db: Path, rounds: int, min_acknowledged: int = 0
) -> tuple[set[str], int]:
    """Start a writer ``rounds`` times (more, up to four times as many, until it has
    acknowledged ``min_acknowledged`` notes: a busy machine writes fewer per round) and
    SIGKILL it at a random instant; after each kill, check every file and that reopening finds
    every acknowledged note. Returns the acknowledged ids and how many kills landed in a save
    (a file half-written, or a note saved but not yet acknowledged)."""
    rng = random.Random(2024)
    acknowledged: set[str] = set()
    unacknowledged: set[str] = set()
    kills_mid_write = 0
    for done in range(4 * rounds):
        if done >= rounds and len(acknowledged) > min_acknowledged:
            break
        read_fd, write_fd = os.pipe()
        pid = _start_writer(db, write_fd)
        os.close(write_fd)
        first = os.read(read_fd, 6)  # "ready\n": the writer has opened the store
        assert first == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.1))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acknowledged.update(_read_all(read_fd))
        os.close(read_fd)
        half_written = bool(_temp_files(db))
        # Every whole file is complete JSON at every instant...
        for path in [db, *notes_dir(db).glob("*.json")]:
            json.loads(path.read_text())
        # ...and reopening finds every acknowledged note, once.
        store = Store(db)
        assert store.warnings == []
        notes = store.notes()
        ids = {n.id for n in notes}
        assert len(ids) == len(notes)
        assert acknowledged <= ids
        assert _temp_files(db) == []  # leftovers cleaned at start
        fresh = ids - acknowledged - unacknowledged
        unacknowledged |= fresh
        kills_mid_write += half_written or bool(fresh)
    return acknowledged, kills_mid_write


def test_sigkill_at_random_instants_never_loses_an_acknowledged_note(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    Store(db)
    acknowledged, kills_mid_write = _kill_writers_at_random_instants(db, 100, 100)
    assert len(acknowledged) > 100
    assert kills_mid_write > 0, "no kill landed during a write: the test proved nothing"


def test_sigkill_while_journals_fold_never_loses_an_acknowledged_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a tiny fold threshold, nearly every save also folds its article's journal into
    its notes file: kills land in appends, in whole-file writes and between the two."""
    monkeypatch.setenv("MARGIN_TEST_FOLD_BYTES", "600")
    db = tmp_path / "margin.json"
    Store(db)
    acknowledged, kills_mid_write = _kill_writers_at_random_instants(db, 60, 60)
    assert len(acknowledged) > 60
    assert kills_mid_write > 0, "no kill landed during a write: the test proved nothing"
    # The journals' lines are whole except, at most, a last one cut short by a kill.
    for journal in notes_dir(db).glob("*.journal"):
        lines = journal.read_bytes().split(b"\n")
        for line in lines[:-1]:
            if line:
                json.loads(line)


_ADDER = """
import sys
from margin.model import Article
from margin.storage.store import Store
db, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
article = Article.from_text(sys.stdin.readline().rstrip("\\n"), "Story", "/news/story.txt")
store = Store(db)
sys.stdin.readline()  # wait for the start signal
for i in range(count):
    store.add_note(store.new_note(article, 10, 30, body=f"{tag} {i}", tags=[tag]))
"""


def test_two_processes_adding_500_notes_each_keep_all_1000(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    Store(db).add_article(ARTICLES[0])
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _ADDER, str(db), tag, "500"],
            stdin=subprocess.PIPE,
            text=True,
        )
        for tag in ("left", "right")
    ]
    for p in procs:
        p.stdin.write(ARTICLES[0].text + "\n")
        p.stdin.flush()
    time.sleep(0.5)  # both started and opened the store
    for p in procs:  # go: both at once
        p.stdin.write("go\n")
        p.stdin.close()
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    store = Store(db)
    notes = store.notes(ARTICLES[0].sha256)
    assert len(notes) == 1000
    assert len({n.id for n in notes}) == 1000
    assert len(store.notes(tags=["left"])) == len(store.notes(tags=["right"])) == 500
    assert store.articles()[0].note_count == 1000


def test_two_store_objects_in_one_process_share_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    one, two = Store(db), Store(db)
    with one._lock, pytest.raises(StoreError, match="busy"):
        two._lock.timeout = 0.05
        two.add_note(two.new_note(ARTICLES[0], 0, 5))
    two.add_note(two.new_note(ARTICLES[0], 0, 5))
    assert len(one.notes()) == 1


def test_full_disk_is_a_clear_error_and_nothing_is_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "margin.json"
    store = Store(db)
    first = store.add_note(store.new_note(ARTICLES[0], 0, 5, body="kept"))
    files = [notes_dir(db) / f"{ARTICLES[0].sha256}{suffix}" for suffix in (".json", ".journal")]
    before = [p.read_bytes() if p.exists() else None for p in files]

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_storage.os, "write", full)
    note = store.new_note(ARTICLES[0], 6, 12, body="written while the disk was full")
    with pytest.raises(StoreError, match="the disk is full") as exc:
        store.add_note(note)
    assert "nothing was changed" in str(exc.value)
    assert [p.read_bytes() if p.exists() else None for p in files] == before
    assert _temp_files(db) == []
    monkeypatch.undo()
    store.add_note(note)  # the editor kept it; once space is freed it saves
    assert {n.id for n in Store(db).notes()} == {first.id, note.id}


def test_read_only_file_system_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "margin.json"
    store = Store(db)
    store.add_note(store.new_note(ARTICLES[0], 0, 5))

    def erofs(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", erofs)
    monkeypatch.setattr(store_files.os, "access", lambda *a, **k: False)
    ro = Store(db)
    assert ro.read_only
    assert len(ro.notes()) == 1  # reading still works
    with pytest.raises(StoreError, match="read-only"):
        ro.add_note(ro.new_note(ARTICLES[0], 6, 12))
    assert len(Store(db).notes()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    db = folder / "margin.json"
    Store(db).add_note(Store(db).new_note(ARTICLES[0], 0, 5))
    for d in (folder, notes_dir(db)):
        d.chmod(0o555)
    try:
        ro = Store(db)
        assert ro.read_only and len(ro.notes()) == 1
        with pytest.raises(StoreError, match="permission denied"):
            ro.add_note(ro.new_note(ARTICLES[0], 6, 12))
    finally:
        for d in (folder, notes_dir(db)):
            d.chmod(0o755)


def test_uncreatable_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot create the folder"):
        Store(blocker / "sub" / "margin.json")
