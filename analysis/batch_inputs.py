"""What a user names on a batch command line, expanded lazily into article sources.

An argument is standard input (``-``), an ``http(s)://`` address, a file, a directory (walked
recursively for the article types margin reads, :data:`margin.sources.loader.EXTENSIONS`, in sorted
order, hidden files and folders skipped, symbolic links to folders not followed) or a glob
pattern (``*``, ``?``, ``[...]``; ``**`` spans folders). ``--from FILE`` adds one such
argument per line of FILE (``-``: standard input); blank lines and lines starting with ``#``
are skipped, and relative paths are taken from the current directory, as on the command line.

Nothing is read here but directory listings and list files, one line at a time: a long
stream of inputs is never all in memory (a glob's matches are sorted, so its names are).
Whatever cannot become a source (a pattern that matches nothing, a folder without articles,
an unreadable list) is an :class:`Input` with an ``error``; a missing file is passed on as a
source so that loading it says why, in the same words as everywhere else.
"""

from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from margin.sources.loader import EXTENSIONS, is_url
from margin.sources.text import binary_kind

_LIST_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Input:
    """One input: ``name`` is what is loaded (a path, a URL or ``-``) and how reports name
    it; ``error`` says why it yields no article, when it cannot."""

    name: str
    error: str | None = None


def walk_directory(directory: str) -> Iterator[Input]:
    """The article files under ``directory``, in sorted order (hidden entries skipped)."""
    found = reported = False
    problems: list[Input] = []

    def on_error(exc: OSError) -> None:
        where = exc.filename or directory
        problems.append(Input(str(where), f"cannot list this folder: {exc.strerror or exc}"))

    for root, dirs, files in os.walk(directory, onerror=on_error):
        reported = reported or bool(problems)
        yield from problems
        problems.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in EXTENSIONS:
                continue
            found = True
            yield Input(os.path.join(root, name))
    reported = reported or bool(problems)
    yield from problems
    if not found and not reported:
        yield Input(directory, "no .txt, .md or .html articles in this folder")


def expand_argument(arg: str) -> Iterator[Input]:
    """The sources one command-line argument stands for."""
    if arg == "-" or is_url(arg) or "://" in arg:
        yield Input(arg)  # loading says what is wrong with another scheme
        return
    path = os.path.expanduser(arg)
    if os.path.isdir(path):
        yield from walk_directory(path)
        return
    if os.path.lexists(path) or not glob.has_magic(path):
        yield Input(arg)  # a file, or missing: loading says which
        return
    matches = sorted(glob.glob(path, recursive=True))
    if not matches:
        yield Input(arg, "no file matches this pattern")
        return
    for match in matches:
        if os.path.isdir(match):
            yield from walk_directory(match)
        else:
            yield Input(match)


def _list_lines(name: str, stream: BinaryIO) -> Iterator[Input]:
    """The arguments listed in an opened list file, each expanded."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    head = stream.peek(_LIST_SNIFF_BYTES)[:_LIST_SNIFF_BYTES]  # type: ignore[attr-defined]
    what = binary_kind(head) if head else None
    if what is not None:
        yield Input(name, f"this list of paths and addresses looks like {what}")
        return
    for raw in stream:
        line = raw.decode("utf-8", errors="replace").strip()
        if line and not line.startswith("#"):
            yield from expand_argument(line)


def _own_stdin() -> BinaryIO | None:
    """Standard input through a file object of the list's own (on a copy of descriptor 0).

    The list is read in a daemon thread that may still wait for a line when the batch ends
    (ctrl+c while the list's writer, or the terminal, keeps it open): on ``sys.stdin`` it would
    hold that object's lock, and Python aborts at exit ("could not acquire lock for <stdin>
    at interpreter shutdown"); its own object is left alone. None where standard input has
    no descriptor (a replaced ``sys.stdin``): read ``sys.stdin.buffer`` then."""
    try:
        return open(os.dup(sys.stdin.fileno()), "rb")
    except (OSError, AttributeError, ValueError):
        return None


def expand_list_file(name: str, *, stdin: BinaryIO | None = None) -> Iterator[Input]:
    """The arguments listed in file ``name`` (``-``: standard input), one per line."""
    if name == "-":
        if stdin is not None:
            yield from _list_lines("standard input", stdin)
            return
        own = _own_stdin()
        try:
            yield from _list_lines("standard input", own or sys.stdin.buffer)
        finally:
            if own is not None:
                own.close()
        return
    try:
        handle = open(os.path.expanduser(name), "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        reason = "no such file" if isinstance(exc, FileNotFoundError) else exc.strerror or exc
        yield Input(name, f"cannot read this list: {reason}")
        return
    with handle:
        try:
            yield from _list_lines(name, handle)
        except OSError as exc:
            yield Input(name, f"cannot read this list: {exc.strerror or exc}")


def expand_inputs(
    arguments: Iterable[str], from_files: Iterable[str] = (), *, stdin: BinaryIO | None = None
) -> Iterator[Input]:
    """Every source named by ``arguments`` and then by the lines of ``from_files``, lazily."""
    for arg in arguments:
        yield from expand_argument(arg)
    for name in from_files:
        yield from expand_list_file(name, stdin=stdin)
