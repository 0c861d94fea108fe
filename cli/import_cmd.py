"""``margin import FILE``: restore notes from a margin JSON export or W3C annotations.

The whole file is read and checked (:func:`margin.export.importer.parse_bundle`) before the
database is opened, so a malformed or foreign file changes nothing; then
:func:`margin.export.restore.import_bundle` adds what is new.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import BinaryIO

from margin.cli.store_open import open_store
from margin.errors import MarginError, describe_os_error
from margin.export.importer import parse_bundle
from margin.export.restore import import_bundle
from margin.sanitize import clean_line

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
        raise MarginError(f"cannot import {p}: {describe_os_error(exc)}") from None


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
    if result.verdicts_added or result.verdicts_skipped:
        parts.append(
            f"{_plural(result.verdicts_added, 'verdict')} added "
            f"({result.verdicts_skipped} already there)"
        )
    if result.articles_added:
        parts.append(f"added {_plural(result.articles_added, 'article')} to the library")
    print(f"margin import: {', '.join(parts)}")
    for source in result.waiting:
        print(f"  notes on {clean_line(source)} will show when you open it", file=sys.stderr)
    return 0
