"""``margin import FILE``: restore notes from a margin JSON export or W3C annotations.

The whole file is read and checked (:func:`margin.export.importer.parse_bundle`) before the
database is opened, so a malformed or foreign file changes nothing; then
:func:`margin.export.restore.import_bundle` adds what is new.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from margin.errors import MarginError, describe_os_error
from margin.export.importer import parse_bundle
from margin.export.restore import import_bundle
from margin.sanitize import clean_line
from margin.storage.store import Store


def read_import_file(path: str) -> str:
    """The text of ``path`` (``-`` for stdin); :class:`MarginError` if it cannot be read."""
    if path == "-":
        return sys.stdin.read()
    p = Path(path).expanduser()
    if p.is_dir():
        raise MarginError(f"cannot import {p}: it is a directory")
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MarginError(f"cannot import {p}: no such file") from None
    except UnicodeDecodeError:
        raise MarginError(f"cannot import {p}: not a UTF-8 text file") from None
    except OSError as exc:
        raise MarginError(f"cannot import {p}: {describe_os_error(exc)}") from None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run(args: argparse.Namespace) -> int:
    """Run ``margin import``."""
    bundle = parse_bundle(read_import_file(args.file))
    store = Store(args.db)
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
        print(f"  notes on {clean_line(source)} will show when you open it", file=sys.stderr)
    return 0
