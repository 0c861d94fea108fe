"""Reading the library for a command: an article by the source the user gave (the library's
copy, else loaded afresh), an entry's saved text as an :class:`~margin.model.Article`, and
notes re-anchored against their article's saved text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.model import Article
from margin.storage.model import LibraryEntry, Note

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.store import Store


def library_article(store: Store, entry: LibraryEntry) -> Article | None:
    """The library's copy of ``entry`` (the text its notes were made on), or None when its
    saved text is missing."""
    text = store.article_text(entry.sha256)
    if text is None:
        return None
    return Article(text=text, title=entry.title, source=entry.source, sha256=entry.sha256)


def find_article(store: Store, source: str) -> Article:
    """The article ``source`` names: the library's copy (the text the notes were made on), else
    the file or URL loaded afresh (it then has no notes). Raises
    :class:`~margin.errors.LoadError` when neither exists."""
    entry = store.find_article(source)
    if entry is not None:
        article = library_article(store, entry)
        if article is not None:
            return article
    from margin.sources.loader import load_article

    return load_article(source)


def reanchored_notes(
    store: Store,
    notes: list[Note],
    entries: dict[str, LibraryEntry],
    with_text: set[str] | None = None,
) -> list[Note]:
    """``notes`` re-anchored against their article's saved text (when there is one), grouped
    by article, each group in reading order with orphans last. The articles whose text is
    saved are added to ``with_text`` when given."""
    groups: dict[str, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.article, []).append(note)
    out: list[Note] = []
    for sha, group in groups.items():
        text = store.article_text(sha)
        if text is not None:
            if with_text is not None:
                with_text.add(sha)
            entry = entries.get(sha)
            article = Article(
                text=text,
                title=entry.title if entry else "",
                source=entry.source if entry else "",
                sha256=sha,
            )
            fresh = {n.id: n for n in store.notes_for(article)}
            group = [fresh.get(n.id, n) for n in group]
        group.sort(key=lambda n: (n.orphaned, n.anchor.start, n.anchor.end, n.created))
        out.extend(group)
    return out
