"""The library half of the store: adding articles (their texts saved, an older version's notes
moved to the new one), listing, finding and removing them."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from margin.model import Article
from margin.storage.errors import StoreError, describe_os_error
from margin.storage.model import LibraryEntry
from margin.storage.paths import text_path
from margin.storage.safe_storage import atomic_write
from margin.storage.store_files import MIN_PREFIX, StoreFiles, now_stamps

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.verdicts import VerdictStore

_HEX_RE = re.compile(r"[0-9a-f]+")
_UNSTABLE_SOURCES = {"", "-", "stdin", "<stdin>", "<string>", "<text>"}


class LibraryStore(StoreFiles):
    """The library: one small document per article in the main file, its text beside it."""

    def _save_text(self, article: Article) -> None:
        path = text_path(self.path, article.sha256)
        if path.exists():
            return
        try:
            self.texts_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot save the article text in {self.texts_dir}: {describe_os_error(exc)}"
            ) from exc
        atomic_write(path, article.text.encode("utf-8"), what="the article text")

    def add_article(self, article: Article, *, opened: bool = True) -> LibraryEntry:
        """Add ``article`` to the library, or mark it opened now if it is already there.

        With ``opened=False`` (``margin add``: put in the library, not read) its "opened" time
        is left as it was: "" (never) for a new article, which the library lists after those
        read.

        Its text is saved beside the database. If the library holds an older version of the
        same source (same ``source``, different SHA-256), that version's notes move to this
        article and the old entry goes; :meth:`notes_for` then re-anchors them against the new
        text (orphans are kept). Call this before :meth:`notes_for` when opening an article.
        """
        return self.add_articles([article], opened=opened)[0]

    def add_articles(
        self, articles: Sequence[Article], *, opened: bool = True
    ) -> list[LibraryEntry]:
        """:meth:`add_article` for several articles, with one write of the library.

        The library is one file rewritten on every change, so adding articles one by one
        would cost time growing with the library for each; a batch (``margin add``) adds
        them in groups. Returns their entries, in order. ``opened``: as in :meth:`add_article`
        (an older version's opening carries over to the new one, as its notes do).
        """
        # Each article of the batch gets its own time, in input order (one microsecond apart),
        # so the library's "most recently added" order is the order they were given in.
        stamps = now_stamps(len(articles))
        entries: dict[str, LibraryEntry] = {}
        with self._lock:
            for article in articles:
                self._save_text(article)
            current = {e.sha256: e for e in self._entries()}
            by_source: dict[str, list[LibraryEntry]] = {}
            for entry in current.values():
                by_source.setdefault(entry.source, []).append(entry)
            removed: set[str] = set()
            for article, now in zip(articles, stamps, strict=True):
                existing = entries.get(article.sha256) or current.get(article.sha256)
                added = existing.added if existing and existing.added else now
                last_opened = existing.opened if existing else ""
                olds: list[LibraryEntry] = []
                if article.source.strip() not in _UNSTABLE_SOURCES and not (
                    article.source.startswith("<")
                ):
                    olds = [
                        e for e in by_source.get(article.source, []) if e.sha256 != article.sha256
                    ]
                for old in olds:
                    added = min(added, old.added or added)
                    last_opened = max(last_opened, old.opened)
                    self._move_notes(old.sha256, article)
                    self._move_verdicts(old.sha256, article.sha256)
                    removed.add(old.sha256)
                    entries.pop(old.sha256, None)
                entry = LibraryEntry(
                    sha256=article.sha256,
                    title=article.title,
                    source=article.source,
                    added=added,
                    opened=now if opened else last_opened,
                    position=existing.position if existing else 0,
                )
                entries[article.sha256] = entry
                removed.discard(article.sha256)
                by_source[article.source] = [entry]
            self._articles.put({k: e.to_dict() for k, e in entries.items()}, remove=removed)
        return [
            LibraryEntry(
                **{
                    **entries[a.sha256].to_dict(),
                    "note_count": len(self._raw_notes(a.sha256)),
                }
            )
            for a in articles
        ]

    def article_keys(self) -> set[str]:
        """The SHA-256 of every article in the library (one read of the library)."""
        return {e.sha256 for e in self._entries()}

    def _verdict_store(self) -> VerdictStore:
        """The verdicts beside this library's notes (:mod:`margin.storage.verdicts`)."""
        from margin.storage.verdicts import VerdictStore

        return VerdictStore(self)  # type: ignore[arg-type]

    def _move_verdicts(self, old_sha: str, new_sha: str) -> None:
        """Move an older version's verdicts to the new version, as its notes move (lock
        held)."""
        self._verdict_store().move(old_sha, new_sha)

    def _move_notes(self, old_sha: str, article: Article) -> None:
        """Move an older version's notes to ``article`` (lock held): new file first.

        Anchors are left as they were: :meth:`notes_for` re-anchors them against the new text
        (and so can tell the reader which notes moved and which were orphaned).
        """
        docs = self._raw_notes(old_sha)
        if not docs:
            return
        moved = {
            n.id: n.with_(article=article.sha256).to_dict() for n in self._to_notes(docs.values())
        }
        self._ensure_notes_dir()
        self._notes_file(article.sha256).append(moved)
        old = self._notes_file(old_sha)
        old.append(remove=list(docs))
        if not old.read():
            with contextlib.suppress(StoreError):
                old.delete()

    def has_articles(self) -> bool:
        """Whether the library lists any article (its own file only: no note is read)."""
        return len(self._articles) > 0

    def entries(self) -> list[LibraryEntry]:
        """The library entries, in no particular order, without note counts (one file read)."""
        return self._entries()

    def articles(self) -> list[LibraryEntry]:
        """The library, most recently opened first, each with its ``note_count`` (every
        article's notes are read: one pass over the notes files)."""
        counts: dict[str, int] = {}
        for _key, table in self._all_raw():
            for doc in table.values():
                art = str(doc.get("article", ""))
                counts[art] = counts.get(art, 0) + 1
        entries = sorted(self._entries(), key=lambda e: (e.opened, e.added), reverse=True)
        return [
            LibraryEntry(**{**e.to_dict(), "note_count": counts.get(e.sha256, 0)}) for e in entries
        ]

    def get_article(self, sha256: str) -> LibraryEntry | None:
        """The library entry of the article with this SHA-256, with its note count."""
        entry = self._entry(sha256)
        if entry is None:
            return None
        return LibraryEntry(**{**entry.to_dict(), "note_count": len(self._raw_notes(sha256))})

    def find_article(self, source_or_sha_prefix: str) -> LibraryEntry | None:
        """An article by its source (as given, or the same file by another path) or by a
        unique prefix of its SHA-256 (at least 4 hex digits). Ambiguous prefix → StoreError."""
        query = source_or_sha_prefix.strip()
        if not query:
            return None
        entries = sorted(self._entries(), key=lambda e: e.opened, reverse=True)
        for entry in entries:
            if entry.source == query:
                return self.get_article(entry.sha256)
        target = _as_local_path(query)
        if target is not None:
            for entry in entries:
                if _as_local_path(entry.source) == target:
                    return self.get_article(entry.sha256)
        lowered = query.lower()
        if len(lowered) >= MIN_PREFIX and _HEX_RE.fullmatch(lowered):
            hits = [e for e in entries if e.sha256.startswith(lowered)]
            if len(hits) > 1:
                raise StoreError(
                    f"'{query}' matches {len(hits)} articles; give more of the SHA-256"
                )
            if hits:
                return self.get_article(hits[0].sha256)
        return None

    def remove_article(self, sha256: str, *, delete_notes: bool = False) -> None:
        """Remove an article from the library. Its notes and its verdicts follow one rule:
        both are kept (putting the entry back, or adding the article again, shows them) unless
        ``delete_notes``, which deletes both for good."""
        with self._lock:
            self._articles.put({}, remove=[sha256])
            if delete_notes:
                self._notes_file(sha256).delete()
                self._verdict_store().delete_article(sha256)

    def verdict_count(self, sha256: str) -> int:
        """How many verdicts article ``sha256`` holds (what removing it with its notes
        deletes too)."""
        return self._verdict_store().count(sha256)

    def set_position(self, sha256: str, offset: int) -> None:
        """Remember where the reader left off in an article (a character offset), in its
        library entry (one write of the library; nothing if the article is not there)."""
        self._check_writable()
        with self._lock:
            doc = self._library().get(sha256)
            if not isinstance(doc, dict) or doc.get("position", 0) == offset:
                return
            changed = {k: v for k, v in doc.items() if k != "position"}
            if offset > 0:
                changed["position"] = int(offset)
            self._articles.put({sha256: changed})

    def put_entry(self, entry: LibraryEntry) -> None:
        """Put ``entry`` in the library as it is: a removed article back (undo), or an article
        known only by its title and source (notes imported before it was read: it opens from
        its source)."""
        with self._lock:
            self._articles.put({entry.sha256: entry.to_dict()})


def _as_local_path(source: str) -> Path | None:
    """``source`` as a resolved local file path, or ``None`` if it is a URL or not a file."""
    if "://" in source or source in _UNSTABLE_SOURCES:
        return None
    with contextlib.suppress(OSError, ValueError):
        path = Path(source).expanduser()
        if path.exists():
            return path.resolve()
    return None
