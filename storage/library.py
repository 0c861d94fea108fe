"""Reading the library for a command: an article by the source the user gave (the library's
copy, else loaded afresh), and an entry's saved text as an :class:`~margin.model.Article`.
(Notes re-anchored against their article's saved text, article by article:
:meth:`margin.storage.store.Store.notes_by_article`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from margin.model import Article
from margin.storage.model import LibraryEntry

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
