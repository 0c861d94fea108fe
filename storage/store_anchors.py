"""Notes given back re-anchored against their article's text: an article's notes when it is
opened (its journal then folded into its notes file), and every article's for export and
``margin notes``. Anchors that moved are saved, and so is an orphan verdict, remembered with
the text's SHA-256 so that the same text is not searched again."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from margin.model import Article
from margin.storage.anchoring import ANCHORING_VERSION, reanchor
from margin.storage.errors import StoreError
from margin.storage.model import LibraryEntry, Note
from margin.storage.store_files import StoreFiles
from margin.storage.store_notes import has_tags

ORPHAN_CHECK = "orphan_check"
"""Key of a stored note's remembered orphan verdict: ``{"text": sha256, "version": n}``
(not part of :class:`Note`: dropped when the note is saved again, checked again then)."""


def _orphan_verdict(sha256: str) -> dict[str, Any]:
    """The remembered verdict "orphaned in the text ``sha256`` by this anchoring"."""
    return {"text": sha256, "version": ANCHORING_VERSION}


class ArticleNotes(NamedTuple):
    """One article's notes, as :meth:`Store.notes_by_article` gives them."""

    sha256: str
    entry: LibraryEntry | None
    """The article's library entry (None for notes on an article not in the library)."""
    notes: list[Note]
    has_text: bool
    """Whether the article's text is saved (the notes were re-anchored against it)."""


class AnchoredNotes(StoreFiles):
    """Notes re-anchored against the text they are shown on, the results saved."""

    def notes_for(self, article: Article) -> list[Note]:
        """Every note of ``article``, re-anchored against its text, in reading order.

        Each note's ``status`` says how it was found (anchored, moved, fuzzy, orphaned);
        orphans come last with their anchor untouched. Anchors that moved are saved (a
        read-only store just skips that and adds a warning). An orphan verdict is saved too,
        with the text's SHA-256, so that the next call on the same text does not search again.
        The article's journal is then folded into its notes file.
        """
        raw = self._raw_notes(article.sha256)
        result = self._reanchor(article, self._to_notes(raw.values()), raw)
        if not self.read_only:
            with contextlib.suppress(StoreError):  # the notes are safe in the journal
                self._notes_file(article.sha256).fold()
        return result

    def notes_by_article(
        self, article: str | None = None, *, tags: Sequence[str] = ()
    ) -> Iterator[ArticleNotes]:
        """The notes having every tag in ``tags``, one article at a time (most recently opened
        first; only ``article``'s when given), each article's re-anchored against its saved
        text when there is one (moved anchors and orphan verdicts are saved), in reading order,
        orphans last.

        The notes files are read once, before the first article is given; the re-anchoring
        is done article by article, as the caller asks for the next one."""
        entries = {e.sha256: e for e in self._entries()}
        raw: dict[str, dict[str, Any]] = {}
        if article is not None:
            raw = self._raw_notes(article)
            found = [n for n in self._to_notes(raw.values()) if n.article == article]
        else:
            opened = {k: e.opened for k, e in entries.items()}
            found = list(self._all_notes(opened, raw).values())
        groups: dict[str, list[Note]] = {}
        for note in found:
            if not tags or has_tags(note, tags):
                groups.setdefault(note.article, []).append(note)
        del found

        def last_opened(sha: str) -> tuple[str, str]:
            entry = entries.get(sha)
            return (entry.opened if entry else "", sha)

        for sha in sorted(groups, key=last_opened, reverse=True):
            notes = groups.pop(sha)
            entry = entries.get(sha)
            text = self.article_text(sha)
            if text is not None:
                title, source = (entry.title, entry.source) if entry else ("", "")
                shown = Article(text=text, title=title, source=source, sha256=sha)
                notes = self._reanchor(shown, notes, raw)
            else:
                notes.sort(key=lambda n: (n.anchor.start, n.anchor.end, n.created))
            yield ArticleNotes(sha, entry, notes, text is not None)

    def _reanchor(
        self, article: Article, notes: Iterable[Note], raw: Mapping[str, dict[str, Any]]
    ) -> list[Note]:
        """``notes`` re-anchored against ``article``'s text, in reading order, orphans last
        (``raw``: their documents as stored, which may hold an orphan verdict); anchors that
        moved and new orphan verdicts are saved (unless the store is read-only)."""
        verdict = _orphan_verdict(article.sha256)
        result: list[Note] = []
        changed: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
        text, sha = article.text, article.sha256
        for note in notes:
            doc = raw.get(note.id) or {}
            if doc.get(ORPHAN_CHECK) == verdict:
                result.append(note.with_(status="orphaned"))  # same anchor, same text
                continue
            anchor, status = reanchor(note.anchor, text)
            if anchor is None:
                result.append(note.with_(status="orphaned"))
                changed[note.id] = (note.anchor.to_dict(), None)
                continue
            if (anchor is not note.anchor and anchor != note.anchor) or ORPHAN_CHECK in doc:
                changed[note.id] = (note.anchor.to_dict(), anchor.to_dict())
            elif note.article == sha and note.status == status:
                result.append(note)  # found where it was: the same note
                continue
            result.append(note.with_(article=sha, anchor=anchor, status=status))
        if changed and not self.read_only:
            try:
                self._save_anchors(article.sha256, changed, verdict)
            except StoreError as exc:
                self._warn(f"moved note anchors were not saved: {exc}")
        result.sort(key=lambda n: (n.status == "orphaned", n.anchor.start, n.anchor.end, n.created))
        return result

    def _save_anchors(
        self,
        article: str,
        changed: Mapping[str, tuple[dict[str, Any], dict[str, Any] | None]],
        verdict: dict[str, Any],
    ) -> None:
        """Save re-anchored positions (``None``: orphaned, remember ``verdict``), unless a
        note was edited elsewhere meanwhile: one journal line."""
        with self._lock:
            notes = self._notes_file(article)
            docs = notes.read()
            moved = {}
            for note_id, (old, new) in changed.items():
                doc = docs.get(note_id)
                if doc is None or doc.get("anchor") != old:
                    continue
                if new is None:
                    moved[note_id] = {**doc, ORPHAN_CHECK: verdict}
                else:
                    moved[note_id] = {k: v for k, v in doc.items() if k != ORPHAN_CHECK}
                    moved[note_id]["anchor"] = new
            notes.append(moved)
