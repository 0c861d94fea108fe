"""Verdicts on claims, stored like notes: one file per article with a journal beside it.

Layout, beside the notes (see :mod:`margin.storage.store`)::

    <dir>/margin-verdicts/<sha256>.json      {"verdicts": {"<id>": Verdict.to_dict()}}
    <dir>/margin-verdicts/<sha256>.journal   changes since, one fsynced line each

The files are :class:`~margin.storage.journal.NotesFile` s under the notes database's one lock,
so a verdict has the notes' guarantees: a save is one fsynced journal line, whole files are
written atomically, an unreadable file is moved aside (with a warning) rather than read as
empty and overwritten, and two margins never lose each other's changes.

A verdict is anchored to its claim's content (:class:`~margin.storage.model.Anchor`) and found
again with :func:`~margin.storage.anchoring.reanchor` when the article is opened, so it survives
a re-analysis or a slightly changed text; one it cannot find is kept, ``orphaned``. An article
holds at most one verdict per claim content: setting another on the same passage replaces it.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from margin.model import Article
from margin.storage.anchoring import reanchor
from margin.storage.errors import StoreError, describe_os_error
from margin.storage.journal import JOURNAL_SUFFIX, Docs, NotesFile
from margin.storage.model import Anchor
from margin.storage.verdict_config import VerdictScale
from margin.storage.verdict_model import MAX_REASONING, Verdict, check_links, match_span

if TYPE_CHECKING:  # pragma: no cover
    from margin.storage.store import Store

__all__ = ["VERDICTS_TABLE", "LibraryVerdicts", "VerdictStore", "verdicts_dir"]

VERDICTS_TABLE = "verdicts"
_SHA_RE = re.compile(r"[0-9a-f]{64}")


def verdicts_dir(db_path: Path) -> Path:
    """The per-article verdict files of a database: ``<db dir>/<db stem>-verdicts/``."""
    return db_path.parent / f"{db_path.stem}-verdicts"


def _now() -> str:
    from margin.storage.store import now_iso

    return now_iso()


class VerdictStore:
    """The verdicts of the database ``store`` holds (its lock, its warnings, its read-only
    state)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.dir = verdicts_dir(store.path)
        self._files: dict[str, NotesFile] = {}

    # -- files ---------------------------------------------------------------------------

    def _file(self, sha256: str) -> NotesFile:
        if not _SHA_RE.fullmatch(sha256):
            raise StoreError(f"not an article SHA-256: {sha256[:70]!r}")
        found = self._files.get(sha256)
        if found is None:
            found = NotesFile(
                self.dir / f"{sha256}.json",
                lock=self.store._lock,
                on_corrupt=self.store._move_aside,
                what="your verdicts",
                table=VERDICTS_TABLE,
            )
            self._files[sha256] = found
        return found

    def _writable(self) -> None:
        if self.store.read_only:
            raise StoreError(
                f"cannot save your verdict: the folder {self.store.path.parent} is not writable; "
                "nothing was changed"
            )
        try:
            self.dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot save verdicts in {self.dir}: {describe_os_error(exc)}; nothing was changed"
            ) from exc

    def _parse(self, docs: Iterable[dict[str, Any]]) -> list[Verdict]:
        verdicts = []
        for doc in docs:
            try:
                verdicts.append(Verdict.from_dict(doc))
            except (KeyError, TypeError, ValueError) as exc:
                shown = f"{doc!r:.60}"
                self.store._warn(f"a verdict could not be read and was skipped ({exc}): {shown}")
        return verdicts

    def articles(self) -> list[str]:
        """The SHA-256 of every article that has verdict files."""
        try:
            names = [p for p in self.dir.iterdir() if p.suffix in (".json", JOURNAL_SUFFIX)]
        except OSError:
            return []
        return sorted({p.stem for p in names if _SHA_RE.fullmatch(p.stem)})

    # -- reading -------------------------------------------------------------------------

    def raw(self, sha256: str) -> Docs:
        """The stored documents of one article's verdicts (id → dict)."""
        return self._file(sha256).read()

    def stored(self, sha256: str) -> list[Verdict]:
        """One article's verdicts as stored (not re-anchored)."""
        return self._parse(self.raw(sha256).values())

    def verdicts_for(self, article: Article) -> list[Verdict]:
        """Every verdict of ``article``, re-anchored against its text, in reading order,
        orphans last (kept, anchor untouched). Moved anchors are saved (one journal line, and
        only for verdicts not changed meanwhile); the journal is then folded."""
        with self.store._lock:
            raw = self.raw(article.sha256)
            result: list[Verdict] = []
            moved: dict[str, dict[str, Any]] = {}
            for verdict in self._parse(raw.values()):
                anchor, status = reanchor(verdict.anchor, article.text)
                if anchor is None:
                    result.append(verdict.with_(status="orphaned"))
                    continue
                if anchor != verdict.anchor or verdict.article != article.sha256:
                    verdict = verdict.with_(article=article.sha256, anchor=anchor)
                    moved[verdict.id] = verdict.to_dict()
                result.append(verdict.with_(status=status))
            if not self.store.read_only:
                try:
                    self._file(article.sha256).append(moved)
                    self._file(article.sha256).fold()
                except StoreError as exc:
                    self.store._warn(f"moved verdict anchors were not saved: {exc}")
        result.sort(key=lambda v: (v.orphaned, v.anchor.start, v.anchor.end, v.created))
        return result

    def all(self) -> Iterator[Verdict]:
        """Every stored verdict, article by article (as stored, not re-anchored)."""
        for sha in self.articles():
            yield from self.stored(sha)

    # -- writing -------------------------------------------------------------------------

    def set(
        self,
        article: Article,
        start: int,
        end: int,
        rating: str,
        *,
        scale: VerdictScale,
        reasoning: str = "",
        links: Iterable[str] = (),
        replaces: Verdict | None = None,
    ) -> Verdict:
        """Set the verdict on the claim whose content is ``article.text[start:end]``: a new
        one, or the one already on that passage changed (same id, same creation time).
        ``replaces`` is a verdict the caller matched to the claim otherwise (its passage
        overlaps the claim's content after a re-analysis moved an edge): it is changed too.

        The rating must be on ``scale`` and the links http(s) (else :class:`MarginError`,
        nothing saved). Durable on return: one fsynced journal line."""
        if not 0 <= start < end <= len(article.text):
            raise StoreError(
                f"cannot anchor a verdict to characters {start}-{end} of a "
                f"{len(article.text)}-character text"
            )
        label = scale.check(rating)
        checked = check_links(links)
        if len(reasoning) > MAX_REASONING:
            raise StoreError(f"the reasoning is over {MAX_REASONING} characters: shorten it")
        self._writable()
        now = _now()
        with self.store._lock:
            raw = self.raw(article.sha256)
            same = [
                v
                for v in self._parse(raw.values())
                if (replaces is not None and v.id == replaces.id)
                or self._on(v, article, start, end)
            ]
            same.sort(key=lambda v: v.created)
            first = same[0] if same else None
            verdict = Verdict(
                id=first.id if first else uuid.uuid4().hex,
                article=article.sha256,
                anchor=Anchor.from_text(article.text, start, end),
                rating=label,
                reasoning=reasoning,
                links=checked,
                created=first.created if first else now,
                updated=now,
            )
            self._file(article.sha256).append(
                {verdict.id: verdict.to_dict()}, remove=[v.id for v in same[1:]]
            )
        return verdict

    @staticmethod
    def _on(verdict: Verdict, article: Article, start: int, end: int) -> bool:
        """Whether ``verdict`` is on the passage ``start..end`` of ``article`` now."""
        if verdict.span == (start, end) and verdict.anchor.exact == article.text[start:end]:
            return True
        anchor, _status = reanchor(verdict.anchor, article.text)
        return anchor is not None and (anchor.start, anchor.end) == (start, end)

    def clear(self, verdict: Verdict) -> Verdict:
        """Remove ``verdict`` (by id, from its article's file); returns it as it was stored.
        :class:`StoreError` when it is not there."""
        self._writable()
        with self.store._lock:
            raw = self.raw(verdict.article)
            if verdict.id not in raw:
                raise StoreError("that verdict is no longer stored (removed elsewhere?)")
            gone = Verdict.from_dict(raw[verdict.id])
            self._file(verdict.article).append(remove=[verdict.id])
        return gone

    def count(self, sha256: str) -> int:
        """How many verdicts article ``sha256`` holds (orphans included)."""
        return len(self.raw(sha256))

    def delete_article(self, sha256: str) -> None:
        """Delete every verdict of article ``sha256`` (its file and journal)."""
        self._file(sha256).delete()

    def move(self, old_sha: str, new_sha: str) -> None:
        """Move an older version's verdicts to the article's new version (the library's
        ``add_articles`` moves its notes the same way): new file first, then the old one
        emptied. Anchors stay as they were; :meth:`verdicts_for` re-anchors them."""
        with self.store._lock:
            old = self._file(old_sha)
            if not old.exists():
                return
            docs = old.read()
            if not docs:
                return
            self._writable()
            moved = {k: {**d, "article": new_sha} for k, d in docs.items()}
            self._file(new_sha).append(moved)
            old.append(remove=list(docs))
            with contextlib.suppress(StoreError):
                old.delete()

    def import_verdicts(self, verdicts: Sequence[Verdict]) -> tuple[int, int]:
        """Add the verdicts this database does not hold: ``(added, skipped)``. Skipped: one
        whose id is already stored, or one on a passage that already has a verdict (the one
        here wins: one verdict per claim content). One write per article."""
        if not verdicts:
            return 0, 0
        self._writable()
        added = skipped = 0
        by_article: dict[str, list[Verdict]] = {}
        for verdict in verdicts:
            by_article.setdefault(verdict.article, []).append(verdict)
        with self.store._lock:
            for sha, fresh in by_article.items():
                docs = self.raw(sha)
                taken = {(v.anchor.exact, v.span) for v in self._parse(docs.values())}
                for verdict in fresh:
                    key = (verdict.anchor.exact, verdict.span)
                    if verdict.id in docs or key in taken:
                        skipped += 1
                        continue
                    docs[verdict.id] = verdict.to_dict()
                    taken.add(key)
                    added += 1
                self._file(sha).replace_all(docs)
        return added, skipped


class LibraryVerdicts:
    """The rating of a claim anywhere in the library, for lists over many articles (the
    library's Claims view, ``margin claims``): each article's verdicts are read once, as
    stored (their anchors are on the text the article was last opened with)."""

    def __init__(self, verdicts: VerdictStore) -> None:
        self.verdicts = verdicts
        self._cache: dict[str, list[Verdict]] = {}
        self._have = set(verdicts.articles())
        """The articles that have verdict files (one listing of the folder): the others are
        never read."""

    @property
    def any(self) -> bool:
        """Whether any article has verdicts on disk."""
        return bool(self._have)

    def of(self, sha256: str) -> list[Verdict]:
        """The verdicts of article ``sha256`` anchored in that very text."""
        if sha256 not in self._have:
            return []
        found = self._cache.get(sha256)
        if found is None:
            found = [v for v in self.verdicts.stored(sha256) if v.article == sha256]
            self._cache[sha256] = found
        return found

    def verdict(self, sha256: str, start: int, end: int) -> Verdict | None:
        """The verdict on the claim of article ``sha256`` whose content is ``start..end``."""
        return match_span(self.of(sha256), start, end)

    def rating(self, sha256: str, start: int, end: int) -> str | None:
        """That verdict's rating, or None."""
        verdict = self.verdict(sha256, start, end)
        return verdict.rating if verdict is not None else None

    def forget(self, sha256: str | None = None) -> None:
        """Read again (one article's, or all) on the next question."""
        self._have = set(self.verdicts.articles())
        if sha256 is None:
            self._cache.clear()
        else:
            self._cache.pop(sha256, None)
