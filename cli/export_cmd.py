"""``margin export``: write an article's notes (or every article's) as md, json, html or w3c,
or its verdicts as schema.org ClaimReview."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from margin.cli.store_open import open_store
from margin.errors import MarginError
from margin.export.api import FORMATS, check_format, default_filename, guess_format, write_export
from margin.export.files import export_library, previous_export, render_from_store
from margin.sanitize import clean_line, clean_text
from margin.storage.library import find_article
from margin.storage.store import Store


def resolve_format(fmt: str | None, output: str | None) -> str:
    """``--format``, else the format ``-o``'s extension names, else Markdown.

    An ``-o`` with an extension margin does not know (``notes.pdf``) is an error rather than
    a guess.
    """
    if fmt:
        return check_format(fmt)
    if output:
        guessed = guess_format(output)
        if guessed:
            return guessed
        suffix = Path(output).suffix
        if suffix:
            raise MarginError(
                f"cannot tell the export format from '{Path(output).name}' "
                f"(known: .md, .json, .html, .jsonld, .w3c.json, .claimreview.jsonld); "
                f"use --format {'|'.join(FORMATS)}"
            )
    return "md"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _export_one(args: argparse.Namespace, store: Store, fmt: str) -> int:
    article = find_article(store, args.path)
    output = Path(args.output).expanduser() if args.output else None
    previous = None
    if output is not None:
        if output.is_dir():
            output = output / default_filename(article, fmt)
        previous = previous_export(output, fmt, force=args.force)
    text, count, error = render_from_store(store, article, fmt, args.what, args.model, previous)
    if fmt == "claimreview":
        from margin.cli.verdict_cmd import tell_reviewer

        tell_reviewer()
    if error:
        print(
            f"margin: warning: {clean_text(error)}; exported without claims/entities",
            file=sys.stderr,
        )
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    written = write_export(output, text)
    title, where = clean_line(article.title), clean_line(str(written))
    what = "verdict" if fmt == "claimreview" else "note"
    print(f"wrote {_plural(count, what)} on '{title}' to {where}", file=sys.stderr)
    return 0


def _export_all(args: argparse.Namespace, store: Store, fmt: str) -> int:
    if not args.output:
        raise MarginError("--all needs -o DIR: the directory to write one file per article into")
    directory = Path(args.output).expanduser()
    result = export_library(store, directory, fmt, args.what, args.model, force=args.force)
    for name in result.never_opened:
        print(f"margin: not exported, never opened: {clean_line(name)}", file=sys.stderr)
    for problem in result.problems:
        print(f"margin: skipped {clean_text(problem)}", file=sys.stderr)
    print(
        f"wrote {_plural(result.written, 'file')} to {clean_line(str(directory))}"
        + (f" ({len(result.problems)} skipped)" if result.problems else ""),
        file=sys.stderr,
    )
    return 1 if result.problems else 0


def run(args: argparse.Namespace) -> int:
    """Run ``margin export``."""
    fmt = resolve_format(args.format, None if args.all else args.output)
    if args.all and args.path:
        raise MarginError("give either an article PATH or --all, not both")
    if not args.all and not args.path:
        raise MarginError("give an article PATH to export (or --all -o DIR for the library)")
    store = open_store(args.db)
    try:
        if args.all:
            return _export_all(args, store, fmt)
        return _export_one(args, store, fmt)
    finally:
        store.close()
