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
from margin.storage.speaker_merge import (
    display_names,
    merge_keys,
    speaker_key,
    surnames_to_people,
)
from margin.storage.verdict_lookup import NoVerdicts, VerdictLookup

KINDS = {"q": "quote", "r": "reported", "a": "assertion"}
"""A claim's one-letter code in the index → its kind."""

_NAMED = (2, 3)
"""Speaker kinds that are a named entity (person, other): those are merged across articles."""
_PERSON = 2
_UNNAMED = 1
"""A speaker that is words outside any named entity (a surname may still join a person)."""


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


_CODES = frozenset(KINDS)
_WHATS = frozenset((0, 1, 2, 3))


def _good(r: Any) -> bool:
    """Whether ``r`` is a well-formed claim row (a damaged one is skipped)."""
    return (
        type(r) is list
        and len(r) == 7
        and r[0] in _CODES
        and type(r[1]) is int
        and type(r[2]) is int
        and type(r[3]) is str
        and type(r[4]) is str
        and r[5] in _WHATS
        and type(r[6]) is str
    )


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
        article: list[int] = []
        self.kinds: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        self.texts: list[str] = []
        self.written: list[str] = []
        """Each claim's speaker as its article names it ("" none)."""
        self.cues: list[str] = []
        names: dict[tuple[str, int], int] = {}  # (name as written, what) → name id
        claim_names: list[int] = []
        for entry in ordered:
            part = parts.get(entry.sha256)
            rows = part.get("claims") if part is not None else None
            if rows is None:
                self.not_analysed.append(entry)
                continue
            number = len(self.entries)
            self.entries.append(entry)
            for row in rows:
                if not _good(row):
                    continue
                code, start, end, text, name, what, cue = row
                article.append(number)
                self.kinds.append(KINDS[code])
                starts.append(start)
                ends.append(end)
                self.texts.append(text)
                self.written.append(name)
                self.cues.append(cue)
                nid = names.get((name, what))
                if nid is None:
                    nid = names[(name, what)] = len(names)
                claim_names.append(nid)
        self.article = array("i", article)
        self.starts = array("i", starts)
        self.ends = array("i", ends)
        self._merge(list(names), claim_names)
        self.verdicts: list[str | None] = [None] * len(self.texts)
        """Each claim's verdict (None: none)."""
        if verdicts is not None and not isinstance(verdicts, NoVerdicts):
            shas = [e.sha256 for e in self.entries]
            self.verdicts = [
                verdicts.rating(shas[a], s, e)
                for a, s, e in zip(self.article, self.starts, self.ends, strict=True)
            ]
        self.has_verdicts = any(v is not None for v in self.verdicts)
        """Whether any claim has a verdict (the Claims view shows the column only then)."""
        self._haystacks: list[str] | None = None
        self._speaker_names: list[str] | None = None

    def _merge(self, names: list[tuple[str, int]], claim_names: list[int]) -> None:
        """Speakers from the names as written (merged by the rules of
        :mod:`~margin.storage.speaker_merge`), most claims first."""
        keys: dict[str, bool] = {}
        name_keys: list[str | None] = []
        for name, what in names:
            key = speaker_key(name) if what in _NAMED else ""
            if key:
                keys[key] = keys.get(key, False) or what == _PERSON
            name_keys.append(key or None)
        merged = merge_keys(keys)
        surnames = surnames_to_people(keys, {name for (name, what) in names if what == _UNNAMED})
        target_of = [
            merged[k] if k is not None else surnames.get(name) if what == _UNNAMED else None
            for k, (name, what) in zip(name_keys, names, strict=True)
        ]
        claims: dict[str, int] = {}
        pairs: set[tuple[int, int]] = set()
        uses = [0] * len(names)
        for i, nid in enumerate(claim_names):
            uses[nid] += 1
            if target_of[nid] is not None:
                pairs.add((nid, self.article[i]))
        articles: dict[str, set[int]] = {}
        for nid, art in pairs:
            articles.setdefault(target_of[nid], set()).add(art)  # type: ignore[arg-type]
        writings: dict[str, dict[str, int]] = {}
        for nid, target in enumerate(target_of):
            if target is None or not uses[nid]:
                continue
            claims[target] = claims.get(target, 0) + uses[nid]
            form = " ".join(names[nid][0].split())
            counts = writings.setdefault(target, {})
            counts[form] = counts.get(form, 0) + uses[nid]
        shown = display_names(writings)
        order = sorted(claims, key=lambda k: (-claims[k], -len(articles[k]), shown[k].casefold()))
        self.speakers: list[SpeakerSummary] = [
            SpeakerSummary(
                shown[k],
                k,
                claims[k],
                len(articles[k]),
                tuple(sorted(writings[k], key=str.casefold)),
            )
            for k in order
        ]
        ids = {k: i for i, k in enumerate(order)}
        sid_of = [ids[t] if t is not None and t in ids else -1 for t in target_of]
        self.speaker = array("i", (sid_of[n] for n in claim_names))
        """Each claim's speaker id (index into :attr:`speakers`), -1 for none or unnamed."""
        self._by_key = {k: ids[t] for k, t in merged.items() if t in ids}

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
        if self._speaker_names is None:
            self._speaker_names = [
                "\n".join((sp.key, *sp.forms)).casefold() for sp in self.speakers
            ]
        names = self._speaker_names
        found = [sid for sid, hay in enumerate(names) if words[0] in hay]
        for word in words[1:]:  # each further word narrows what the first found
            found = [sid for sid in found if word in names[sid]]
        return found

    def speaker_named(self, name: str) -> list[int]:
        """The speaker ``name`` is (by the merge rules: *Bezos* is the one *Jeff Bezos*
        known); else every speaker whose name holds it (:meth:`find_speakers`)."""
        sid = self._by_key.get(speaker_key(name))
        if sid is not None:
            return [sid]
        return self.find_speakers(name)

    def prepare_search(self) -> list[str]:
        """What a search looks in, claim by claim (made once, on the first search, or ahead
        of it by a loader that has the time)."""
        if self._haystacks is None:
            names = [sp.name for sp in self.speakers]
            columns = zip(self.texts, self.speaker, self.written, self.cues, strict=True)
            self._haystacks = [
                f"{t}\n{names[s] if s >= 0 else ''}\n{w}\n{c}".casefold() for t, s, w, c in columns
            ]
        return self._haystacks

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
        haystacks = self.prepare_search() if words else []
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
                hay = haystacks[i]
                if not all(w in hay for w in words):
                    continue
            out.append(i)
        return out
