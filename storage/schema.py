"""The database's schema version and the migrations between versions.

Version 3 (current) - as version 2, and each article's notes file may have a journal beside
it, ``margin-notes/<sha256>.journal``, holding the changes made since the file was last
written (one JSON line each: :mod:`margin.storage.journal`). A margin that reads version 2
would not see the notes in a journal, so it must refuse this version.

Verdicts on claims live beside, in ``margin-verdicts/<sha256>.json`` (+ ``.journal``, the same
journal format: :mod:`margin.storage.verdicts`). They did not change the version: a margin that
does not know them leaves the folder alone, and loses nothing.

Version 2 - the library in the main TinyDB file, each article's notes in a TinyDB file of
their own beside it::

    margin.json                {"meta": {"schema": {"version": 2}},
                                "articles": {"<sha256>": LibraryEntry.to_dict()}}
    margin-notes/<sha256>.json {"notes": {"<note id>": Note.to_dict()}}

Version 1 - everything in the one file (the layout first described in DESIGN.md), TinyDB's
default integer document ids; a file with tables but no ``meta`` is taken to be version 1::

    margin.json                {"meta": {"1": {"version": 1}}, "articles": {"1": {...}},
                                "notes": {"1": Note.to_dict(), ...}}

Migrations are pure functions from the old file's data to the new layout; the store makes
the backup and does the writing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 3
META_TABLE = "meta"
SCHEMA_DOC = "schema"
ARTICLES_TABLE = "articles"
NOTES_TABLE = "notes"


def meta_tables() -> dict[str, dict[str, Any]]:
    """The ``meta`` table of a current database."""
    return {META_TABLE: {SCHEMA_DOC: {"version": SCHEMA_VERSION}}}


def version_of(data: dict[str, Any] | None) -> int | None:
    """The schema version of a database's data; ``None`` for an empty (new) database.

    Raises ``ValueError`` if the version field is present but not a positive integer (no
    margin ever wrote version 0 or below: such a file is unreadable, not old).
    """
    if not data or not any(data.values()):
        return None
    meta = data.get(META_TABLE) or {}
    for doc in meta.values():
        if isinstance(doc, dict) and "version" in doc:
            version = doc["version"]
            if isinstance(version, bool) or not isinstance(version, int):
                raise ValueError(f"schema version {version!r} is not a number")
            if version < 1:
                raise ValueError(f"schema version {version} is not a valid version")
            return version
    return 1


@dataclass
class Migrated:
    """The result of migrating a database: the main file's data and notes per article."""

    main: dict[str, dict[str, Any]]
    notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _migrate_1(data: dict[str, Any]) -> Migrated:
    """Version 1 → 2: key articles by SHA-256; move notes to per-article files."""
    articles: dict[str, Any] = {}
    for doc in (data.get(ARTICLES_TABLE) or {}).values():
        if isinstance(doc, dict) and doc.get("sha256"):
            articles[str(doc["sha256"])] = dict(doc)
    notes: dict[str, list[dict[str, Any]]] = {}
    for doc in (data.get(NOTES_TABLE) or {}).values():
        if isinstance(doc, dict) and doc.get("id") and doc.get("article"):
            notes.setdefault(str(doc["article"]), []).append(dict(doc))
    return Migrated(main={**_meta(2), ARTICLES_TABLE: articles}, notes=notes)


def _migrate_2(data: dict[str, Any]) -> Migrated:
    """Version 2 → 3: nothing moves (journals appear beside the notes files as notes are
    saved); only the version changes, so that a version-2 margin refuses the database."""
    return Migrated(main={**data, **_meta(3)})


def _meta(version: int) -> dict[str, dict[str, Any]]:
    return {META_TABLE: {SCHEMA_DOC: {"version": version}}}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], Migrated]] = {1: _migrate_1, 2: _migrate_2}
"""``MIGRATIONS[v]`` turns version ``v`` data into version ``v + 1`` data."""


def migrate(data: dict[str, Any], version: int) -> Migrated:
    """Bring ``data`` of schema ``version`` up to :data:`SCHEMA_VERSION`, step by step."""
    notes: dict[str, list[dict[str, Any]]] = {}
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise ValueError(f"no migration from schema version {version}")
        step = MIGRATIONS[version](data)
        data = step.main
        for article, docs in step.notes.items():
            notes.setdefault(article, []).extend(docs)
        version += 1
    return Migrated(main=data, notes=notes)
