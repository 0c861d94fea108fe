"""The one atomic file write: a temporary file beside the target, fsynced, renamed over it.

At any instant the target on disk holds either its old content or the new one, never a
mixture, and after :func:`atomic_write` returns the new content is on disk (the file and the
directory entry are both fsynced; ``durable=False`` leaves that to the system, for
derived files only). Every writer of a file margin owns uses it: the notes
database and the files beside it, exports, the analysis cache, the config.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_MARK = ".tmp-"
"""Temporary files are named ``.<target name>.tmp-<random>`` in the target's directory (so a
leftover of a killed writer can be recognised and removed)."""


def fsync_dir(directory: str | os.PathLike[str]) -> None:
    """Flush a directory entry change (a rename, an unlink) to disk."""
    fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    mode: int = 0o644,
    durable: bool = True,
) -> None:
    """Replace ``path`` with ``data`` (``str`` is written as UTF-8) atomically and durably.

    The data goes to a temporary file beside ``path``; it is fsynced, given ``mode``, renamed
    over ``path`` and the directory is fsynced. ``durable=False`` skips both fsyncs (still
    atomic: a reader sees the old file or the new one, but a crash may lose the write): only
    for files derived from others, which a lost write merely makes be rebuilt (the analysis
    cache's compact files). On failure the temporary file is removed,
    ``path`` is untouched and the :class:`OSError` is raised (word it with
    :func:`margin.errors.describe_os_error`).

    A symbolic link is written through: the file it points to is replaced, the link stays.
    """
    path = Path(path)
    if os.path.islink(path):
        path = Path(os.path.realpath(path))
    directory = path.parent
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", dir=directory)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
        tmp_name = None
        if durable:
            fsync_dir(directory)
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
