"""The one entry point for exporting: formats, file names, rendering and safe writing.

Used by ``margin export`` and by the reader's export dialog::

    from margin.export.api import FORMATS, default_filename, export_article, guess_format,
    write_export

    fmt = guess_format(path) or "md"
    text = export_article(article, notes, analysis=analysis, fmt=fmt, what="notes",
                          previous=read_previous(path))
    write_export(path, text)

Nothing here imports Textual or spaCy; pass an :class:`~margin.model.Analysis` when
:func:`needs_analysis` says the export uses one (HTML entity marks, claims, entities).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from margin.atomic import atomic_write
from margin.errors import MarginError, describe_os_error
from margin.export.document import WHAT, ExportDocument, check_what, needs_analysis
from margin.model import Analysis, Article
from margin.storage.model import Note
from margin.storage.verdict_model import Verdict

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "WHAT",
    "check_format",
    "default_filename",
    "export_article",
    "guess_format",
    "needs_analysis",
    "read_previous",
    "slugify",
    "write_export",
]

FORMATS: dict[str, tuple[str, str]] = {
    "md": ("Markdown (Obsidian, Logseq)", ".md"),
    "json": ("margin JSON (lossless, re-importable)", ".json"),
    "html": ("HTML page (standalone)", ".html"),
    "w3c": ("W3C Web Annotation (JSON-LD)", ".jsonld"),
    "claimreview": ("ClaimReview of the verdicts (JSON-LD)", ".claimreview.jsonld"),
}
"""Format key → (label for people, default file extension)."""

EXTENSIONS: dict[str, str] = {
    ".claimreview.jsonld": "claimreview",
    ".claimreview.json": "claimreview",
    ".w3c.json": "w3c",
    ".jsonld": "w3c",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
"""File-name ending → format key (longest endings first)."""

SLUG_MAX = 60


def guess_format(path: str | os.PathLike[str]) -> str | None:
    """The format a file name asks for by its extension, or ``None`` if it says nothing."""
    name = Path(path).name.lower()
    for ending, fmt in EXTENSIONS.items():
        if name.endswith(ending) and len(name) > len(ending):
            return fmt
    return None


def check_format(fmt: str) -> str:
    """Return ``fmt`` if it is a known format; raise :class:`MarginError` otherwise."""
    if fmt not in FORMATS:
        raise MarginError(f"unknown export format {fmt!r} (choose one of: {', '.join(FORMATS)})")
    return fmt


def slugify(text: str, *, fallback: str = "article") -> str:
    """A lowercase ASCII file-name slug (``"Café: the 2024 vote!"`` → ``cafe-the-2024-vote``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    return slug or fallback


def default_filename(article: Article, fmt: str) -> str:
    """A sensible file name for an export: the title's slug, ``-notes`` and the extension."""
    ext = FORMATS[check_format(fmt)][1]
    return f"{slugify(article.title)}-notes{ext}"


def _renderer(fmt: str) -> Callable[..., str]:
    if fmt == "md":
        from margin.export.markdown import render_document as render_md

        return render_md
    if fmt == "json":
        from margin.export.json_export import render_document as render_js

        return render_js
    if fmt == "html":
        from margin.export.html import render_document as render_html

        return render_html
    if fmt == "claimreview":
        from margin.export.claimreview import render_claimreview

        return render_claimreview
    from margin.export.w3c import render_document as render_w3c

    return render_w3c


def export_article(
    article: Article,
    notes: list[Note],
    *,
    analysis: Analysis | None = None,
    fmt: str = "md",
    what: str = "notes",
    previous: str | None = None,
    exported_at: datetime | str | None = None,
    analysis_error: str | None = None,
    verdicts: Sequence[Verdict] = (),
) -> str:
    """Render the export of ``article`` and its ``notes`` (and ``verdicts``) in format ``fmt``.

    ``what`` is one of :data:`WHAT`. ``previous`` (Markdown only) is the text of the file
    being overwritten: what the user wrote below its ``%% margin: user notes below %%`` line
    is kept. ``analysis_error`` is shown in the output when the analysis was wanted but
    failed. Raises :class:`MarginError` for an unknown format or ``what``.
    """
    check_format(fmt)
    check_what(what)
    doc = ExportDocument.build(
        article,
        notes,
        analysis=analysis,
        what=what,
        exported_at=exported_at,
        analysis_error=analysis_error,
        verdicts=verdicts,
    )
    render = _renderer(fmt)
    if fmt == "md":
        return render(doc, previous=previous)
    return render(doc)


def read_previous(path: str | os.PathLike[str]) -> str | None:
    """The current text of an existing Markdown export at ``path`` (``None`` if none).

    Only Markdown keeps anything from an earlier export; other formats return ``None``.
    """
    p = Path(path)
    if guess_format(p) != "md" or not p.is_file():
        return None
    try:
        return p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
        raise MarginError(f"cannot read the existing export {p}: {reason}") from None


def write_export(path: str | os.PathLike[str], content: str) -> Path:
    """Write ``content`` to ``path`` atomically (:func:`margin.atomic.atomic_write`); return it.

    Raises :class:`MarginError` with one clear line when the file cannot be written (missing
    directory, a directory in the way, no permission, disk full...). An existing file is
    either fully replaced or left untouched.
    """
    target = Path(path).expanduser()
    parent = target.parent
    if target.is_dir():
        raise MarginError(f"cannot write {target}: it is a directory")
    if not parent.is_dir():
        raise MarginError(f"cannot write {target}: directory {parent} does not exist")
    try:
        atomic_write(target, content, mode=_mode_for(target))
    except OSError as exc:
        raise MarginError(f"cannot write {target}: {describe_os_error(exc)}") from None
    return target


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o644
