"""``margin export``: write an article's notes (or every article's) as md, json, html or w3c."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from margin.cli.store_open import open_store
from margin.errors import MarginError
from margin.export.api import (
    FORMATS,
    check_format,
    default_filename,
    export_article,
    guess_format,
    needs_analysis,
    write_export,
)
from margin.export.markdown import USER_MARKER, has_user_marker
from margin.model import Analysis, Article
from margin.storage.model import LibraryEntry
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
                f"(known: .md, .json, .html, .jsonld, .w3c.json); use --format "
                f"{'|'.join(FORMATS)}"
            )
    return "md"


def looks_like_margin_export(text: str, fmt: str) -> bool:
    """Whether ``text`` (an existing file about to be replaced) is an earlier margin export."""
    if fmt == "md":
        return has_user_marker(text)
    if fmt == "html":
        return '<meta name="generator" content="margin' in text[:4000]
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return False
    if not isinstance(data, dict):
        return False
    if fmt == "json":
        return data.get("format") == "margin-export"
    return data.get("type") == "AnnotationCollection" and "margin:articleInfo" in data


def previous_export(path: Path, fmt: str, *, force: bool) -> str | None:
    """The text of the file an export will replace, checked to be an earlier margin export.

    Returns ``None`` when there is no such file or ``force`` is set. Raises
    :class:`MarginError` rather than overwrite a file margin did not write.
    """
    if force or not path.exists():
        return None
    if path.is_dir():
        raise MarginError(f"cannot write {path}: it is a directory")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror.lower() if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise MarginError(f"cannot read the existing {path}: {reason}") from None
    if not looks_like_margin_export(text, fmt):
        hint = f" (no '{USER_MARKER}' line)" if fmt == "md" else ""
        raise MarginError(
            f"{path} exists and is not a margin {fmt} export{hint}; use --force to overwrite it"
        )
    return text


def analyse(article: Article, model: str | None) -> tuple[Analysis | None, str | None]:
    """The article's analysis, or ``None`` and why it failed (the export goes on without)."""
    try:
        from margin.analysis.engine import analyze_article

        return analyze_article(article, model=model), None
    except MarginError as exc:
        return None, str(exc)
    except Exception as exc:  # analysis is optional here: never lose the export over it
        return None, f"analysis failed ({type(exc).__name__}: {exc})"


def _library_article(store: Store, entry: LibraryEntry) -> Article | None:
    text = store.article_text(entry.sha256)
    if text is None:
        return None
    return Article(text=text, title=entry.title, source=entry.source, sha256=entry.sha256)


def find_article(store: Store, source: str) -> Article:
    """The article ``source`` names: the library's copy (the text the notes were made on), else
    the file or URL loaded afresh (it then has no notes)."""
    entry = store.find_article(source)
    if entry is not None:
        article = _library_article(store, entry)
        if article is not None:
            return article
    from margin.sources.loader import load_article

    return load_article(source)


def render(
    store: Store, article: Article, fmt: str, what: str, model: str | None, previous: str | None
) -> tuple[str, int, str | None]:
    """The export text, how many notes it holds, and the analysis error (if any)."""
    notes = store.notes_for(article)
    analysis, error = (None, None)
    if needs_analysis(fmt, what):
        analysis, error = analyse(article, model)
    text = export_article(
        article,
        notes,
        analysis=analysis,
        fmt=fmt,
        what=what,
        previous=previous,
        analysis_error=error,
    )
    shown = notes if what != "highlights" else [n for n in notes if n.is_highlight]
    return text, len(shown), error


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
    text, count, error = render(store, article, fmt, args.what, args.model, previous)
    if error:
        print(f"margin: warning: {error}; exported without claims/entities", file=sys.stderr)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    written = write_export(output, text)
    print(f"wrote {_plural(count, 'note')} on '{article.title}' to {written}", file=sys.stderr)
    return 0


def _unique_name(directory: Path, name: str, sha256: str, taken: set[str]) -> Path:
    if name in taken:
        stem, dot, ext = name.partition("-notes.")
        name = f"{stem}-{sha256[:8]}-notes{dot}{ext}"
    taken.add(name)
    return directory / name


def _export_all(args: argparse.Namespace, store: Store, fmt: str) -> int:
    if not args.output:
        raise MarginError("--all needs -o DIR: the directory to write one file per article into")
    directory = Path(args.output).expanduser()
    if directory.exists() and not directory.is_dir():
        raise MarginError(f"{directory} is not a directory (--all writes one file per article)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MarginError(
            f"cannot create {directory}: {(exc.strerror or str(exc)).lower()}"
        ) from None
    entries = store.articles()
    if not entries:
        raise MarginError("the library is empty: open an article with 'margin PATH' first")
    taken: set[str] = set()
    written = 0
    problems: list[str] = []
    for entry in entries:
        article = _library_article(store, entry)
        if article is None:
            problems.append(f"{entry.title or entry.sha256[:12]}: its saved text is missing")
            continue
        path = _unique_name(directory, default_filename(article, fmt), article.sha256, taken)
        try:
            previous = previous_export(path, fmt, force=args.force)
            text, _count, _error = render(store, article, fmt, args.what, args.model, previous)
            write_export(path, text)
            written += 1
        except MarginError as exc:
            problems.append(str(exc))
    for problem in problems:
        print(f"margin: skipped {problem}", file=sys.stderr)
    print(
        f"wrote {_plural(written, 'file')} to {directory}"
        + (f" ({len(problems)} skipped)" if problems else ""),
        file=sys.stderr,
    )
    return 1 if problems else 0


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
