"""The claims index in memory: every claim of the library in columns, speakers merged across
articles (:mod:`margin.storage.speaker_merge`), and the queries the Speakers and Claims views
and ``margin speakers`` / ``margin claims`` make (no I/O: see
:mod:`margin.storage.claims_index` for the file)."""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from margin.storage.model import LibraryEntry
from margin.storage.speaker_merge import display_names, merge_keys, speaker_key
from margin.storage.verdict_lookup import NoVerdicts, VerdictLookup

KINDS = {"q": "quote", "r": "reported", "a": "assertion"}
"""A claim's one-letter code in the index → its kind."""

_NAMED = (2, 3)
"""Speaker kinds that are a named entity (person, other): those are merged across articles."""
_PERSON = 2


@dataclass(frozen=True, slots=True)
class SpeakerSummary:
    """One speaker across the library: its shown name, its key (casefolded full name), how many
    claims and articles, and every way its name is written."""

    name: str
    key: str
    claims: int
    articles: int
    forms: tuple[str, ...]


class IndexedClaim(NamedTuple):
    """One claim of the index, with its article."""

    entry: LibraryEntry
    kind: str
    start: int
    end: int
    text: str
    speaker: str
    """The speaker as shown in lists (merged name for a named speaker, else its words; "")."""
    cue: str
    verdict: str | None

    def to_json(self) -> dict[str, Any]:
        """The claim as ``margin claims --format json`` gives it."""
        return {
            "article": self.entry.sha256,
            "title": self.entry.title,
            "source": self.entry.source,
            "kind": self.kind,
            "speaker": self.speaker or None,
            "cue": self.cue or None,
            "content": {"text": self.text, "start": self.start, "end": self.end},
            "verdict": self.verdict,
        }


def _rows(part: Mapping[str, Any]) -> Iterable[list[Any]]:
    """An article part's well-formed claim rows, in text order (a damaged row is skipped)."""
    rows = part.get("claims") or []
    good = [
        r
        for r in rows
        if isinstance(r, list)
        and len(r) == 7
        and r[0] in KINDS
        and isinstance(r[1], int)
        and isinstance(r[2], int)
        and all(isinstance(v, str) for v in (r[3], r[4], r[6]))
        and r[5] in (0, 1, 2, 3)
    ]
    good.sort(key=lambda r: (r[1], r[2]))
    return good


class ClaimsTable:
    """The library's claims (articles most recently added first, each article's claims in text
    order) and speakers (most claims first).

    ``entries``: the library; ``parts``: the index's part per article (sha256 → part);
    ``verdicts``: looked up once per claim (none until verdicts are plugged in).
    """

    def __init__(
        self,
        entries: Iterable[LibraryEntry],
        parts: Mapping[str, Mapping[str, Any]],
        *,
        verdicts: VerdictLookup | None = None,
    ) -> None:
        ordered = sorted(entries, key=lambda e: (e.added, e.sha256), reverse=True)
        self.entries: list[LibraryEntry] = []
        """The analysed articles, in index order."""
        self.not_analysed: list[LibraryEntry] = []
        """Articles whose analysis was not in the cache (listed, not analysed on the spot)."""
        self.article = array("i")
        self.kinds: list[str] = []
        self.starts = array("i")
        self.ends = array("i")
        self.texts: list[str] = []
        self.written: list[str] = []
        """Each claim's speaker as its article names it ("" none)."""
        self.cues: list[str] = []
        self.speaker = array("i")
        """Each claim's speaker id (index into :attr:`speakers`), -1 for none or unnamed."""
        keys: dict[str, bool] = {}
        claim_keys: list[str | None] = []
        for entry in ordered:
            part = parts.get(entry.sha256)
            if part is None or part.get("claims") is None:
                self.not_analysed.append(entry)
                continue
            number = len(self.entries)
            self.entries.append(entry)
            for code, start, end, text, name, what, cue in _rows(part):
                self.article.append(number)
                self.kinds.append(KINDS[code])
                self.starts.append(start)
                self.ends.append(end)
                self.texts.append(text)
                self.written.append(name)
                self.cues.append(cue)
                key = speaker_key(name) if what in _NAMED and name.strip() else None
                if key is not None:
                    keys[key] = keys.get(key, False) or what == _PERSON
                claim_keys.append(key)
        self._merge(keys, claim_keys)
        lookup = verdicts if verdicts is not None else NoVerdicts()
        self.verdicts: list[str | None] = [
            lookup.rating(self.entries[a].sha256, s, e)
            for a, s, e in zip(self.article, self.starts, self.ends, strict=True)
        ]
        self.has_verdicts = any(v is not None for v in self.verdicts)
        """Whether any claim has a verdict (the Claims view shows the column only then)."""
        self._haystacks: list[str] | None = None

    def _merge(self, keys: dict[str, bool], claim_keys: list[str | None]) -> None:
        merged = merge_keys(keys)
        forms = [
            (merged[k], w) for k, w in zip(claim_keys, self.written, strict=True) if k is not None
        ]
        shown = display_names((t, w) for t, w in forms if speaker_key(w) == t)
        claims: dict[str, int] = {}
        articles: dict[str, set[int]] = {}
        writings: dict[str, set[str]] = {}
        for i, key in enumerate(claim_keys):
            if key is None:
                continue
            target = merged[key]
            claims[target] = claims.get(target, 0) + 1
            articles.setdefault(target, set()).add(self.article[i])
            writings.setdefault(target, set()).add(" ".join(self.written[i].split()))
        order = sorted(
            claims, key=lambda k: (-claims[k], -len(articles[k]), shown.get(k, k).casefold())
        )
        self.speakers: list[SpeakerSummary] = [
            SpeakerSummary(
                shown.get(k) or next(iter(sorted(writings[k]))),
                k,
                claims[k],
                len(articles[k]),
                tuple(sorted(writings[k], key=str.casefold)),
            )
            for k in order
        ]
        ids = {k: i for i, k in enumerate(order)}
        self.speaker = array("i", (ids[merged[k]] if k is not None else -1 for k in claim_keys))
        self._by_key = {k: ids[t] for k, t in merged.items()}

    # -- what there is -------------------------------------------------------------------

    def __len__(self) -> int:
        """How many claims."""
        return len(self.texts)

    def speaker_name(self, index: int) -> str:
        """Claim ``index``'s speaker as lists show it (merged name, else its words, else "")."""
        sid = self.speaker[index]
        return self.speakers[sid].name if sid >= 0 else self.written[index]

    def claim(self, index: int) -> IndexedClaim:
        """Claim ``index`` with its article."""
        return IndexedClaim(
            self.entries[self.article[index]],
            self.kinds[index],
            self.starts[index],
            self.ends[index],
            self.texts[index],
            self.speaker_name(index),
            self.cues[index],
            self.verdicts[index],
        )

    # -- queries -------------------------------------------------------------------------

    def find_speakers(self, search: str = "") -> list[int]:
        """The speakers (ids, most claims first) whose name, written any way, holds every word
        of ``search`` (any case); all of them for an empty search."""
        words = search.casefold().split()
        if not words:
            return list(range(len(self.speakers)))
        found = []
        for sid, sp in enumerate(self.speakers):
            names = "\n".join((sp.key, *sp.forms)).casefold()
            if all(w in names for w in words):
                found.append(sid)
        return found

    def speaker_named(self, name: str) -> list[int]:
        """The speaker ``name`` is (by the merge rules: *Bezos* is the one *Jeff Bezos*
        known); else every speaker whose name holds it (:meth:`find_speakers`)."""
        sid = self._by_key.get(speaker_key(name))
        if sid is not None:
            return [sid]
        return self.find_speakers(name)

    def _haystack(self, index: int) -> str:
        if self._haystacks is None:
            self._haystacks = [
                f"{t}\n{self.speaker_name(i)}\n{w}\n{c}".casefold()
                for i, (t, w, c) in enumerate(zip(self.texts, self.written, self.cues, strict=True))
            ]
        return self._haystacks[index]

    def select(
        self,
        *,
        speakers: Collection[int] | None = None,
        search: str = "",
        kind: str | None = None,
        added_since: str | None = None,
        verdict: str | None = None,
    ) -> array[int]:
        """The claims (indices, in index order) of one of ``speakers`` (None: any), holding
        every word of ``search`` in their content, speaker or cue (any case), of ``kind``,
        in articles added at or after ``added_since`` (an ISO time), with ``verdict``."""
        words = search.casefold().split()
        wanted = set(speakers) if speakers is not None else None
        since = added_since or ""
        verdict_key = verdict.casefold() if verdict is not None else None
        out = array("i")
        article, speaker, kinds = self.article, self.speaker, self.kinds
        added = [e.added for e in self.entries]
        for i in range(len(self.texts)):
            if wanted is not None and speaker[i] not in wanted:
                continue
            if kind is not None and kinds[i] != kind:
                continue
            if since and added[article[i]] < since:
                continue
            if verdict_key is not None:
                v = self.verdicts[i]
                if v is None or v.casefold() != verdict_key:
                    continue
            if words:
                hay = self._haystack(i)
                if not all(w in hay for w in words):
                    continue
            out.append(i)
        return out
