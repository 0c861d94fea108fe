"""Restoring an import into the library: which notes go on which article, which articles to
add (:func:`plan_import`, nothing written), then writing them (:func:`import_bundle`).

The bundle comes from :func:`margin.export.importer.parse_bundle`, which has already checked
the whole file. Importing is idempotent: notes whose id the library already holds are
skipped, so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from margin.errors import MarginError
from margin.export.importer import ImportBundle
from margin.export.verdict_import import check_ratings
from margin.model import Article
from margin.storage.model import Anchor, LibraryEntry, Note
from margin.storage.store import now_iso
from margin.storage.verdict_config import VerdictScale, load_verdict_config
from margin.storage.verdict_model import Verdict

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.store import Store


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: notes added, skipped (already there), articles added."""

    added: int
    skipped: int
    articles_added: int
    waiting: tuple[str, ...] = ()
    """Sources of notes whose article is not in the library yet (shown once it is opened)."""
    verdicts_added: int = 0
    verdicts_skipped: int = 0
    """Verdicts already there (same id, or the claim already has one)."""


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
            title = bundle.titles.get(sha, ("", ""))[0]
            waiting.add(f"“{title}”" if title else source or f"the article {sha[:12]}…")
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


def _name_waiting_articles(
    store: Store, bundle: ImportBundle, items: Sequence[Note | Verdict]
) -> None:
    """Put in the library, by title and source, the articles that notes (or verdicts) wait for
    and that the file names without their text (a W3C export): ``margin notes`` and the
    library can then call them by their title, and open them from their source."""
    for sha in dict.fromkeys(n.article for n in items if n.article in bundle.titles):
        if store.get_article(sha) is None:
            title, source = bundle.titles[sha]
            store.put_entry(LibraryEntry(sha, title, source, added=now_iso(), opened=""))


def import_bundle(
    store: Store, bundle: ImportBundle, scale: VerdictScale | None = None
) -> ImportResult:
    """Import ``bundle`` into ``store``: articles first, then the notes and the verdicts
    (idempotent). Every verdict's rating must be on ``scale`` (default: the config's), else
    nothing is written (:class:`MarginError`)."""
    if scale is None:
        scale = load_verdict_config().scale
    verdicts = check_ratings(bundle.verdicts, scale)
    notes, articles, waiting = plan_import(store, bundle)
    verdicts = _place_verdicts(store, bundle, verdicts, articles)
    for article in articles:
        store.add_article(article)
    _name_waiting_articles(store, bundle, [*notes, *verdicts])
    added = store.import_notes(notes)
    verdicts_added, verdicts_skipped = store.verdicts.import_verdicts(verdicts)
    return ImportResult(
        added=added,
        skipped=len(notes) - added,
        articles_added=len(articles),
        waiting=tuple(sorted(waiting)),
        verdicts_added=verdicts_added,
        verdicts_skipped=verdicts_skipped,
    )


def _place_verdicts(
    store: Store, bundle: ImportBundle, verdicts: list[Verdict], adding: list[Article]
) -> list[Verdict]:
    """Verdicts on an article version the library does not hold go to the library's version
    of the same source (re-anchored when it is opened), as notes do; else they stay under
    their own article. A verdict that names no article (foreign W3C) must find one by its
    source, else :class:`MarginError` (nothing is written)."""
    if not verdicts:
        return verdicts
    library = {e.sha256 for e in store.entries()} | {a.sha256 for a in adding}
    sources = {a.sha256: a.source for a in bundle.articles}
    placed = []
    for verdict in verdicts:
        source = sources.get(verdict.article) or bundle.sources.get(verdict.id, "")
        if verdict.article not in library and source:
            entry = store.find_article(source)
            if entry is not None:
                verdict = verdict.with_(article=entry.sha256)
        if not verdict.article:
            raise MarginError(
                f"no article in the library for {source or 'a verdict'}: open it first, "
                "then import again"
            )
        placed.append(verdict)
    return placed
