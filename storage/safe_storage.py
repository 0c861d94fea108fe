"""Crash-safe files for TinyDB: atomic replace, fsync, and an inter-process lock.

TinyDB's own ``JSONStorage`` rewrites its file in place, so a kill in the middle of a write
leaves half a JSON document behind. :class:`SafeJSONStorage` instead writes the whole
database to a temporary file in the same directory, fsyncs it, renames it over the old file
with :func:`os.replace` (atomic on POSIX) and fsyncs the directory, so that at any instant the
file on disk is either the old database or the new one, never a mixture.

Read-modify-write cycles must be made while holding a :class:`StoreLock` (an ``flock`` on a
separate lock file: the database file itself is replaced on each write, so it cannot carry
the lock). Readers need no lock: they always see a complete file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from margin.atomic import TEMP_MARK as TEMP_MARK  # re-exported: the store and tests use it
from margin.atomic import atomic_write as write_file_atomically
from margin.atomic import fsync_dir as fsync_dir  # re-exported
from margin.storage.errors import StoreError, describe_os_error

LOCK_TIMEOUT = 10.0
"""Seconds to wait for another process to release the lock before giving up."""

WAIT_NOTICE = 0.5
"""Seconds of waiting for the lock after which ``StoreLock.on_wait`` is told (once)."""


class CorruptFileError(Exception):
    """A file exists but does not hold a TinyDB database (bad JSON or wrong shape)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def atomic_write(path: Path, data: bytes, *, what: str | None = None) -> None:
    """Replace ``path`` with ``data`` atomically and durably (:func:`margin.atomic.atomic_write`).

    On failure ``path`` is untouched and a :class:`StoreError` says why (disk full, read-only,
    permission denied...). A symbolic link is written through (see :mod:`margin.atomic`).
    """
    try:
        write_file_atomically(path, data)
    except OSError as exc:
        raise StoreError(
            f"cannot save {what or path}: {describe_os_error(exc)} ({path}); nothing was changed"
        ) from exc


def clean_temp_files(
    directory: Path, *, target: str | None = None, min_age: float = 0
) -> list[Path]:
    """Remove temporary files left in ``directory`` by writers that were killed.

    Call it only while holding the lock that guards those files: a live writer keeps its
    temporary file only while it holds the lock, so any temporary file seen under the lock is a
    leftover. ``target`` limits the cleaning to the temporary files of that one file name (a
    folder shared with another database); ``min_age`` (seconds) spares recent ones, for a
    folder whose writers hold other locks.
    """
    removed: list[Path] = []
    prefix = f".{target}{TEMP_MARK}" if target else "."
    now = time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(prefix) and TEMP_MARK in entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file() and now - entry.stat().st_mtime >= min_age:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


class StoreLock:
    """An exclusive inter-process lock (``flock``) on a lock file, re-entrant in a process.

    ``flock`` locks belong to an open file description, so two :class:`StoreLock` objects on
    the same file exclude each other even within one process, and the kernel releases the lock
    when the process dies (a SIGKILL never leaves a stale lock).

    When another process holds the lock for more than ``notice_after`` seconds, ``on_wait`` is
    called once (with a sentence saying so) while the wait goes on, so that a caller can tell
    the user why nothing happens instead of seeming frozen.
    """

    def __init__(
        self,
        path: Path,
        *,
        what: str = "the notes database",
        timeout: float = LOCK_TIMEOUT,
        on_wait: Callable[[str], None] | None = None,
        notice_after: float = WAIT_NOTICE,
    ):
        self.path = Path(path)
        self.what = what
        self.timeout = timeout
        self.on_wait = on_wait
        self.notice_after = notice_after
        self._fd: int | None = None
        self._depth = 0
        self._thread_lock = threading.RLock()

    @property
    def held(self) -> bool:
        """Whether this process holds the lock through this object."""
        return self._depth > 0

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
                with contextlib.suppress(OSError):
                    return os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            raise StoreError(
                f"cannot write {self.what}: {describe_os_error(exc)} ({self.path.parent})"
            ) from exc

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout`` seconds for another process."""
        self._thread_lock.acquire()
        if self._depth:
            self._depth += 1
            return
        try:
            fd = self._open()
            started = time.monotonic()
            deadline = started + self.timeout
            pause = 0.0001
            told = self.on_wait is None
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    now = time.monotonic()
                    if not told and now - started >= self.notice_after:
                        told = True
                        self._tell_waiting(fd)
                    if now > deadline:
                        os.close(fd)
                        raise StoreError(
                            f"{self.what} is busy: another margin has held its lock for "
                            f"{self.timeout:g} s ({self.path})"
                        ) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.002)
        except BaseException:
            self._thread_lock.release()
            raise
        self._fd = fd
        self._depth = 1

    def _tell_waiting(self, fd: int) -> None:
        """Call ``on_wait``; if it fails, give the lock file back before re-raising."""
        assert self.on_wait is not None
        try:
            limit = f"up to {self.timeout:g} s"
            self.on_wait(f"waiting for another margin to finish with {self.what} ({limit})…")
        except BaseException:
            os.close(fd)
            raise

    def release(self) -> None:
        """Release one level of the lock; the last release unlocks the file."""
        if not self._depth:
            raise RuntimeError("release of an unheld StoreLock")
        self._depth -= 1
        if not self._depth and self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        self._thread_lock.release()

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_json_file(path: Path) -> dict[str, Any] | None:
    """Parse a TinyDB JSON file; ``None`` if it is missing or empty.

    Raises :class:`CorruptFileError` if it is not a JSON object of tables (objects), and
    :class:`StoreError` if it cannot be read at all (permissions...).
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {describe_os_error(exc)}") from exc
    if not raw.strip():
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CorruptFileError(Path(path), f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise CorruptFileError(Path(path), "not a TinyDB database (expected an object of tables)")
    return data


def dump_json(data: Any) -> bytes:
    """Serialise ``data`` as compact UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class SafeJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file.

    Every :meth:`write` is an :func:`atomic_write` made under ``lock`` (taken here if the
    caller does not already hold it; callers doing a read-modify-write must hold it around the
    whole cycle). :meth:`read` parses the file afresh each time, so changes made by other
    processes are always seen; there is no caching layer to lose data on a crash.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        lock: StoreLock,
        what: str | None = None,
        on_corrupt: Callable[[Path, str], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.lock = lock
        self.what = what
        self.on_corrupt = on_corrupt

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The file's data (``None`` if missing or empty).

        An unreadable file is handed to ``on_corrupt(path, reason)`` (which moves it aside)
        and reads as empty; without ``on_corrupt`` it is a :class:`StoreError`.
        """
        try:
            return read_json_file(self.path)
        except CorruptFileError as exc:
            if self.on_corrupt is None:
                raise StoreError(f"{self.what or self.path} cannot be read ({exc})") from exc
            self.on_corrupt(self.path, exc.reason)
            return None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        payload = dump_json(data)
        with self.lock:
            atomic_write(self.path, payload, what=self.what)

    def close(self) -> None:
        pass
