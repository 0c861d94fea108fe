"""``margin import FILE``: restore notes from a margin JSON export or W3C annotations.

The whole file is read and checked before the database is opened, so a malformed or foreign
file changes nothing. Importing is idempotent: notes whose id the library already holds are
skipped, so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from margin.cli.store_open import open_store
from margin.errors import MarginError
from margin.export.importer import ImportBundle, parse_bundle
from margin.model import Article
from margin.storage.model import Anchor, Note
from margin.storage.store import Store


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: notes added, skipped (already there), articles added."""

    added: int
    skipped: int
    articles_added: int
    waiting: tuple[str, ...] = ()
    """Sources of notes whose article is not in the library yet (shown once it is opened)."""


MAX_IMPORT_BYTES = 50 * 1024 * 1024
"""The largest file ``margin import`` reads (an export of the largest article margin reads,
20 MB, with tens of thousands of notes fits; parsing takes several times its size in memory)."""


def _too_big(name: object, size: int | None = None) -> MarginError:
    limit = f"{MAX_IMPORT_BYTES // (1024 * 1024)} MB"
    what = f"it is {size / (1024 * 1024):.1f} MB" if size else f"it is larger than {limit}"
    return MarginError(
        f"cannot import {name}: {what}; margin imports files up to {limit} "
        "(export one article per file: 'margin export --all -o DIR')"
    )


def _read_limited(stream: BinaryIO, name: object) -> bytes:
    data = stream.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise _too_big(name)
    return data


def read_import_file(path: str) -> str:
    """The text of ``path`` (``-`` for stdin); :class:`MarginError` if it cannot be read.

    A file over :data:`MAX_IMPORT_BYTES` is refused from its size, before it is read (stdin:
    as soon as more than that has arrived).
    """
    if path == "-":
        name: object = "standard input"
        try:
            return _read_limited(sys.stdin.buffer, name).decode("utf-8")
        except UnicodeDecodeError:
            raise MarginError(f"cannot import {name}: not UTF-8 text") from None
    p = Path(path).expanduser()
    if p.is_dir():
        raise MarginError(f"cannot import {p}: it is a directory")
    try:
        with p.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_IMPORT_BYTES:
                raise _too_big(p, size)
            return _read_limited(handle, p).decode("utf-8")
    except FileNotFoundError:
        raise MarginError(f"cannot import {p}: no such file") from None
    except UnicodeDecodeError:
        raise MarginError(f"cannot import {p}: not a UTF-8 text file") from None
    except OSError as exc:
        raise MarginError(f"cannot import {p}: {(exc.strerror or str(exc)).lower()}") from None


def _complete_anchor(note: Note, text: str | None) -> Note:
    """Fill in a quote from positions (or positions from the quote) when the text is known."""
    if text is None:
        return note
    a = note.anchor
    if not a.exact and a.end > a.start and a.end <= len(text):
        return note.with_(anchor=Anchor.from_text(text, a.start, a.end))
    if a.exact and text[a.start : a.end] != a.exact:
        found = text.find(a.exact)
        if found >= 0 and text.count(a.exact) == 1:
            return note.with_(anchor=Anchor.from_text(text, found, found + len(a.exact)))
    return note


def plan_import(store: Store, bundle: ImportBundle) -> tuple[list[Note], list[Article], set[str]]:
    """Decide, without writing, which notes go where and which articles to add.

    Notes are attached to the library's article for their source when their own article
    version is not in the library. Raises :class:`MarginError` for notes whose article cannot
    be found at all (foreign W3C annotations on a page never opened).

    The library is read once, and each source and saved text looked up once, so the cost
    grows with the number of notes, not with its square.
    """
    library = {e.sha256 for e in store.entries()}
    find_article = functools.cache(store.find_article)
    article_text = functools.cache(store.article_text)
    to_add: list[Article] = []
    for article in bundle.articles:
        if article.sha256 in library:
            continue
        # A newer version of the same source in the library keeps the notes; adding this
        # older text would move them back, so only add articles the library does not know.
        if not article.source or find_article(article.source) is None:
            to_add.append(article)
    sources = {a.sha256: a.source for a in bundle.articles}
    known = {a.sha256 for a in to_add}
    texts = {a.sha256: a.text for a in bundle.articles}
    waiting: set[str] = set()
    notes: list[Note] = []
    missing: list[str] = []
    for note in bundle.notes:
        sha = note.article
        if sha and (sha in known or sha in library):
            notes.append(_complete_anchor(note, texts.get(sha) or article_text(sha)))
            continue
        source = bundle.sources.get(note.id) or sources.get(sha, "")
        entry = find_article(source) if source else None
        if entry is not None:
            text = article_text(entry.sha256)
            notes.append(_complete_anchor(note.with_(article=entry.sha256), text))
        elif sha:
            notes.append(note)  # kept under its article; shown when that article is opened
            waiting.add(source or sha[:12])
        else:
            missing.append(source)
    if missing:
        first = missing[0]
        more = f" (and {len(missing) - 1} more notes)" if len(missing) > 1 else ""
        raise MarginError(
            f"no article in the library for {first}{more}: open it first "
            f"('margin {first}'), then import again"
        )
    return notes, to_add, waiting


def import_bundle(store: Store, bundle: ImportBundle) -> ImportResult:
    """Import ``bundle`` into ``store``: articles first, then the notes (idempotent)."""
    notes, articles, waiting = plan_import(store, bundle)
    for article in articles:
        store.add_article(article)
    added = store.import_notes(notes)
    return ImportResult(
        added=added,
        skipped=len(notes) - added,
        articles_added=len(articles),
        waiting=tuple(sorted(waiting)),
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    """Run ``margin import``."""
    bundle = parse_bundle(read_import_file(args.file))
    store = open_store(args.db)
    try:
        result = import_bundle(store, bundle)
    finally:
        store.close()
    parts = [f"added {_plural(result.added, 'note')}"]
    parts.append(f"skipped {result.skipped} already in the library")
    if result.articles_added:
        parts.append(f"added {_plural(result.articles_added, 'article')} to the library")
    print(f"margin import: {', '.join(parts)}")
    for source in result.waiting:
        print(f"  notes on {source} will show when you open it", file=sys.stderr)
    return 0
