"""Exporting the library's articles to files: the check that a file about to be replaced is an
earlier margin export (:func:`previous_export`), rendering one article's export from the store
(:func:`render_from_store`), and one file per article (:func:`export_library`).

The analysis an export shows (claims, entities) is optional: when it fails the export goes on
without it and says why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from margin.errors import MarginError, describe_os_error
from margin.export.api import default_filename, export_article, needs_analysis, write_export
from margin.export.markdown import USER_MARKER, has_user_marker
from margin.model import Analysis, Article
from margin.storage.library import library_article

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.store import Store


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
    if fmt == "claimreview":
        from margin.export.claimreview import is_claimreview

        return is_claimreview(data)
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
        reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
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


def render_from_store(
    store: Store, article: Article, fmt: str, what: str, model: str | None, previous: str | None
) -> tuple[str, int, str | None]:
    """The export text, how many notes it holds, and the analysis error (if any)."""
    notes = store.notes_for(article)
    verdicts = store.verdicts.verdicts_for(article)
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
        verdicts=verdicts,
    )
    if fmt == "claimreview":
        return text, sum(1 for v in verdicts if not v.orphaned), error
    shown = notes if what != "highlights" else [n for n in notes if n.is_highlight]
    return text, len(shown), error


def _unique_name(directory: Path, name: str, sha256: str, taken: set[str]) -> Path:
    if name in taken:
        stem, dot, ext = name.partition("-notes.")
        name = f"{stem}-{sha256[:8]}-notes{dot}{ext}"
    taken.add(name)
    return directory / name


@dataclass(slots=True)
class LibraryExport:
    """What :func:`export_library` did: files written, and one line per article skipped."""

    written: int = 0
    problems: list[str] = field(default_factory=list)
    never_opened: list[str] = field(default_factory=list)
    """Articles named by a W3C import and never opened: no text to export yet."""


def export_library(
    store: Store, directory: Path, fmt: str, what: str, model: str | None, *, force: bool
) -> LibraryExport:
    """Export every article of the library into ``directory``, one file each (created if
    needed). An article that cannot be exported is skipped and said why; raises
    :class:`MarginError` when the directory cannot be used or the library is empty."""
    if directory.exists() and not directory.is_dir():
        raise MarginError(f"{directory} is not a directory (--all writes one file per article)")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MarginError(f"cannot create {directory}: {describe_os_error(exc)}") from None
    entries = store.articles()
    if not entries:
        raise MarginError("the library is empty: open an article with 'margin PATH' first")
    taken: set[str] = set()
    result = LibraryExport()
    for entry in entries:
        article = library_article(store, entry)
        if article is None and not entry.opened:  # named by a W3C import, never opened yet
            result.never_opened.append(entry.title or entry.source)
            continue
        if article is None:
            result.problems.append(f"{entry.title or entry.sha256[:12]}: its saved text is missing")
            continue
        path = _unique_name(directory, default_filename(article, fmt), article.sha256, taken)
        try:
            previous = previous_export(path, fmt, force=force)
            text, _count, _error = render_from_store(store, article, fmt, what, model, previous)
            write_export(path, text)
            result.written += 1
        except MarginError as exc:
            result.problems.append(str(exc))
    return result
