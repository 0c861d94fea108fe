"""Searching the library's article texts (the text snapshots beside the notes), fast enough
to run at each keystroke: the texts are read once and kept casefolded in memory, and a search
is a substring test per article (no I/O).

A search matches an article when every word of the query is in its title, its source or its
text (any case); :meth:`LibraryTexts.context` gives the line shown under an article that
matched in its text: the passage around the first word found there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from margin.storage.model import LibraryEntry

CONTEXT_CHARS = 160
"""At most this many characters of the text around a match."""


def query_words(query: str) -> list[str]:
    """The words of a search, casefolded."""
    return query.casefold().split()


def heading(entry: LibraryEntry) -> str:
    """What a search looks in besides the text: the title and the source, casefolded."""
    return f"{entry.title}\n{entry.source}".casefold()


class LibraryTexts:
    """The library's article texts in memory, for searching."""

    def __init__(self) -> None:
        self._folded: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._texts)

    def load(self, read: Callable[[str], str | None], shas: Iterable[str]) -> None:
        """Read the texts of ``shas`` not read yet (``read``: a text by sha256, None when it
        is missing) and forget those of other articles."""
        wanted = set(shas)
        for sha in [s for s in self._texts if s not in wanted]:
            del self._texts[sha], self._folded[sha]
        for sha in wanted - self._texts.keys():
            text = read(sha)
            if text is not None:
                self._texts[sha] = text
                self._folded[sha] = text.casefold()

    def search(
        self, entries: Sequence[LibraryEntry], query: str
    ) -> tuple[list[LibraryEntry], set[str]]:
        """The entries matching ``query`` (in their order), and the sha256 of those that
        matched only thanks to their text (they get a :meth:`context` line)."""
        words = query_words(query)
        if not words:
            return list(entries), set()
        found: list[LibraryEntry] = []
        in_text: set[str] = set()
        folded = self._folded
        for entry in entries:
            head = heading(entry)
            missing = [w for w in words if w not in head]
            if not missing:
                found.append(entry)
                continue
            body = folded.get(entry.sha256)
            if body is not None and all(w in body for w in missing):
                found.append(entry)
                in_text.add(entry.sha256)
        return found, in_text

    def context(self, entry: LibraryEntry, query: str, width: int = CONTEXT_CHARS) -> str:
        """The passage of ``entry``'s text around the first word of ``query`` that its title
        and source do not hold, on one line, cut to ``width`` characters ("" if none)."""
        text = self._texts.get(entry.sha256)
        if text is None:
            return ""
        head = heading(entry)
        words = [w for w in query_words(query) if w not in head] or query_words(query)
        if not words:
            return ""
        match = re.search(re.escape(words[0]), text, re.IGNORECASE)
        if match is None:  # casefolding found what lower-casing does not (ß, ﬁ...)
            at = self._folded[entry.sha256].find(words[0])
            start, end = (at, at + len(words[0])) if at >= 0 else (0, 0)
        else:
            start, end = match.span()
        width = max(20, width)
        before = max(0, start - (width - (end - start)) // 3)
        snippet = " ".join(text[before : before + width].split())
        lead = "…" if before > 0 else ""
        tail = "…" if before + width < len(text) else ""
        return f"{lead}{snippet[: width - len(lead) - len(tail)]}{tail}"
