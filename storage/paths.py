"""Where the notes database lives, and the files kept beside it."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DB_ENV = "MARGIN_DB"
DB_NAME = "margin.json"


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The notes database: ``explicit`` (``--db``), else ``$MARGIN_DB``, else the XDG data dir.

    The XDG location is ``platformdirs.user_data_dir("margin")/margin.json``
    (``~/.local/share/margin/margin.json`` on Linux). ``~`` is expanded.
    """
    chosen = explicit if explicit else os.environ.get(DB_ENV) or None
    if chosen:
        return Path(chosen).expanduser()
    return Path(user_data_dir("margin", appauthor=False)) / DB_NAME


def texts_dir(db_path: Path) -> Path:
    """Article text snapshots, ``<db dir>/texts/<sha256>.txt`` (shared, content-addressed)."""
    return db_path.parent / "texts"


def text_path(db_path: Path, sha256: str) -> Path:
    """The text snapshot of the article whose SHA-256 is ``sha256``."""
    return texts_dir(db_path) / f"{sha256}.txt"


def notes_dir(db_path: Path) -> Path:
    """The per-article note files of this database: ``<db dir>/<db stem>-notes/``.

    Named after the database so that two databases in one directory keep separate notes.
    """
    return db_path.parent / f"{db_path.stem}-notes"


def lock_path(db_path: Path) -> Path:
    """The lock file guarding every read-modify-write of this database and its note files."""
    return db_path.parent / f".{db_path.name}.lock"


def claims_index_path(db_path: Path) -> Path:
    """The claims index of this database (derived data): ``<db dir>/<db stem>-claims.json``."""
    return db_path.parent / f"{db_path.stem}-claims.json"
