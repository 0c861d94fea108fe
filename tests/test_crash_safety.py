"""Notes survive kills, concurrent writers, a full disk and a read-only location."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

import storage.safe_storage as safe_storage
import storage.store as store_module
from analysis.model import Article
from storage.paths import notes_dir
from storage.store import Store, StoreError

ARTICLES = [
    Article.from_text(
        f"Story {i}: the county council met on Tuesday and voted on the new bus routes. "
        "Residents said the changes would cut them off from the clinic.",
        f"Story {i}",
        f"/news/story-{i}.txt",
    )
    for i in range(3)
]


def _fork(child) -> int:
    """Run ``child()`` in a forked process that never returns into pytest."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            child()
            code = 0
        finally:
            os._exit(code)
    return pid


def _writer(db: Path, ack_fd: int) -> None:  # pragma: no cover - runs in the child
    store = Store(db)
    n = 0
    while True:
        article = ARTICLES[n % len(ARTICLES)]
        note = store.new_note(article, 10, 24 + n % 30, body=f"note {n} " + "x" * (n % 50))
        store.add_note(note)
        os.write(ack_fd, (note.id + "\n").encode())  # acknowledged only once saved
        n += 1


def _read_all(fd: int) -> list[str]:
    """Every complete line written to the pipe (the writer is dead: read to end of file)."""
    data = bytearray()
    while chunk := os.read(fd, 65536):
        data.extend(chunk)
    return [line for line in bytes(data).decode().split("\n")[:-1] if line]


def _temp_files(db: Path) -> list[Path]:
    dirs = [db.parent, notes_dir(db), db.parent / "texts"]
    return [p for d in dirs if d.exists() for p in d.iterdir() if safe_storage.TEMP_MARK in p.name]


def test_sigkill_at_random_instants_never_loses_an_acknowledged_note(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    Store(db)
    rng = random.Random(2024)
    acknowledged: set[str] = set()
    kills_mid_write = 0
    for _ in range(100):
        read_fd, write_fd = os.pipe()
        pid = _fork(lambda w=write_fd: _writer(db, w))
        os.close(write_fd)
        time.sleep(rng.uniform(0.005, 0.12))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acknowledged.update(_read_all(read_fd))
        os.close(read_fd)
        kills_mid_write += bool(_temp_files(db))
        # Every file is complete JSON at every instant...
        for path in [db, *notes_dir(db).glob("*.json")]:
            json.loads(path.read_text())
        # ...and reopening finds every acknowledged note.
        store = Store(db)
        assert store.warnings == []
        assert acknowledged <= {n.id for n in store.notes()}
        assert _temp_files(db) == []  # leftovers cleaned at start
    assert len(acknowledged) > 100
    assert kills_mid_write > 0, "no kill landed during a write: the test proved nothing"


def _adder(db: Path, go_fd: int, count: int, tag: str) -> None:  # pragma: no cover - child
    os.read(go_fd, 1)  # start together
    store = Store(db)
    article = ARTICLES[0]
    for i in range(count):
        store.add_note(store.new_note(article, 10, 30, body=f"{tag} {i}", tags=[tag]))


def test_two_processes_adding_500_notes_each_keep_all_1000(tmp_path: Path) -> None:
    db = tmp_path / "margin.json"
    Store(db).add_article(ARTICLES[0])
    go_read, go_write = os.pipe()
    pids = [_fork(lambda t=tag: _adder(db, go_read, 500, t)) for tag in ("left", "right")]
    os.write(go_write, b"gg")
    statuses = [os.waitpid(pid, 0)[1] for pid in pids]
    os.close(go_read)
    os.close(go_write)
    assert statuses == [0, 0]
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
    path = notes_dir(db) / f"{ARTICLES[0].sha256}.json"
    before = path.read_bytes()

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_storage.os, "write", full)
    note = store.new_note(ARTICLES[0], 6, 12, body="written while the disk was full")
    with pytest.raises(StoreError, match="the disk is full") as exc:
        store.add_note(note)
    assert "nothing was changed" in str(exc.value)
    assert path.read_bytes() == before
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

    monkeypatch.setattr(safe_storage.tempfile, "mkstemp", erofs)
    monkeypatch.setattr(store_module.os, "access", lambda *a, **k: False)
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
