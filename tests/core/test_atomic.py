"""The one atomic write (margin.atomic) and the one wording of OS errors (margin.errors)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import margin.atomic as atomic
from margin.atomic import TEMP_MARK, atomic_write
from margin.errors import describe_os_error


def test_replaces_the_file_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old", encoding="utf-8")
    atomic_write(target, "néw")
    atomic_write(tmp_path / "raw.bin", b"\x00\x01")
    assert target.read_text(encoding="utf-8") == "néw"
    assert (tmp_path / "raw.bin").read_bytes() == b"\x00\x01"
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]
    assert target.stat().st_mode & 0o777 == 0o644


def test_mode_is_applied(tmp_path: Path) -> None:
    target = tmp_path / "private.json"
    atomic_write(target, "{}", mode=0o600)
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "db.json"
    target.write_text("old", encoding="utf-8")

    def full_disk(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "write", full_disk)
    with pytest.raises(OSError) as caught:
        atomic_write(target, "new")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old"
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]
    assert describe_os_error(caught.value) == "the disk is full"


def test_durable_false_skips_the_fsyncs_but_stays_atomic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    target = tmp_path / "derived.bin"
    target.write_bytes(b"old")
    atomic_write(target, b"new", durable=False)
    assert target.read_bytes() == b"new" and synced == []
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]
    atomic_write(target, b"newer")
    assert len(synced) == 2  # the file, then its directory


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (OSError(errno.EROFS, "Read-only file system"), "the file system is read-only"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "no such file or directory"),
        (OSError("Something Odd"), "something odd"),
    ],
)
def test_os_errors_have_one_wording(exc: OSError, reason: str) -> None:
    assert describe_os_error(exc) == reason
