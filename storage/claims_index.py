"""The claims index: every claim of every article in the library, kept on disk as derived data.

Built from the analysis cache (:class:`~margin.analysis.cache.AnalysisCache`), never by
analysing: an article whose analysis is not cached is listed as not analysed. The index is
one JSON file beside the notes database (:func:`~margin.storage.paths.claims_index_path`),
written whole with :func:`margin.atomic.atomic_write`::

    {"format": 1, "articles": {"<sha256>": {"key": "<model id>\\u0000<analyser version>",
                                             "claims": [[kind, start, end, content,
                                                         speaker, speaker kind, cue], ...]}}}

``claims`` is null for an article that was not analysed when its part was made. A part is
*stale* when its key is not the cache key in use (another model, a new analyser), when it says
"not analysed" and the cache has the article now, or when it is missing; stale parts are made
again from the cache, parts of articles no longer in the library are dropped, and a missing or
damaged file is simply rebuilt (it holds nothing the user wrote: the notes and the library do
not depend on it). ``margin add``, the reader (after it analyses an article) and the library
(after a removal) keep it up to date (:func:`update_parts`, :func:`drop_parts`).

The in-memory form, with the speakers merged across articles and the queries, is
:class:`~margin.storage.claims_table.ClaimsTable` (:func:`open_index`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from margin.atomic import atomic_write
from margin.model import Analysis
from margin.storage.claims_table import ClaimsTable
from margin.storage.paths import claims_index_path
from margin.storage.verdict_lookup import VerdictLookup

if TYPE_CHECKING:  # pragma: no cover
    from margin.analysis.cache import AnalysisCache
    from margin.storage.model import LibraryEntry
    from margin.storage.store import Store

INDEX_FORMAT = 1

KIND_CODES = {"quote": "q", "reported": "r", "assertion": "a"}
"""Claim kind → its one-letter code in the file."""

SPEAKER_NONE, SPEAKER_UNNAMED, SPEAKER_PERSON, SPEAKER_OTHER = 0, 1, 2, 3
"""What a claim's speaker is: none, words that are no named entity (*the minister*), a named
person, another named entity (an organisation, a place)."""

Part = dict[str, Any]


def part_key(model_id: str) -> str:
    """The key of an article's part: the model and analyser version its analysis came from
    (the analysis cache's key, less the text's sha256, which keys the part itself)."""
    from margin.analysis.version import ANALYZER_VERSION

    return f"{model_id}\0{ANALYZER_VERSION}"


def part_from_analysis(analysis: Analysis | None, key: str) -> Part:
    """An article's part from its analysis (None: not analysed)."""
    if analysis is None:
        return {"key": key, "claims": None}
    people = {e.group for e in analysis.entities if e.label == "PERSON" and e.group}
    rows: list[list[Any]] = []
    for claim in analysis.claims:
        sp = claim.speaker
        if sp is None:
            name, what = "", SPEAKER_NONE
        elif sp.group:
            name = sp.group
            what = SPEAKER_PERSON if sp.group in people else SPEAKER_OTHER
        else:
            name, what = " ".join(sp.text.split()), SPEAKER_UNNAMED
        cue = " ".join(claim.cue.text.split()) if claim.cue is not None else ""
        content = claim.content
        rows.append(
            [KIND_CODES.get(claim.kind, "a"), content.start, content.end, content.text,
             name, what, cue]
        )  # fmt: skip
    rows.sort(key=lambda r: (r[1], r[2]))
    return {"key": key, "claims": rows}


def _valid_part(part: Any) -> bool:
    """Whether ``part`` has the shape of a part (its rows are checked as they are read)."""
    return (
        isinstance(part, dict)
        and isinstance(part.get("key"), str)
        and (part.get("claims") is None or isinstance(part.get("claims"), list))
    )


def read_parts(path: Path) -> dict[str, Part] | None:
    """The parts stored at ``path``; None when the file is missing, damaged or of another
    format (the index is then rebuilt)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        return None
    articles = data.get("articles")
    if not isinstance(articles, dict):
        return None
    return {k: v for k, v in articles.items() if isinstance(k, str) and _valid_part(v)}


def write_parts(path: Path, parts: Mapping[str, Part]) -> bool:
    """Write the index (atomically); False when it could not be written (it is derived
    data: the next opening makes it again)."""
    payload = {"format": INDEX_FORMAT, "articles": parts}
    try:
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        atomic_write(path, data)
        return True
    except (OSError, ValueError, TypeError):
        return False


def _cache_and_key(
    cache: AnalysisCache | None, model_id: str | None
) -> tuple[AnalysisCache, str | None]:
    from margin.analysis.cache import AnalysisCache, model_key

    if cache is None:
        cache = AnalysisCache()
    if model_id is None:
        try:
            model_id = model_key(None)
        except Exception:  # no model installed: nothing can be cached either
            model_id = None
    return cache, model_id


def refresh_parts(
    parts: dict[str, Part],
    shas: Iterable[str],
    cache: AnalysisCache,
    model_id: str | None,
) -> bool:
    """Make the parts of ``shas`` current (in place) and drop the parts of any other article;
    returns whether anything changed."""
    wanted = set(shas)
    changed = False
    for sha in [k for k in parts if k not in wanted]:
        del parts[sha]
        changed = True
    key = part_key(model_id) if model_id else ""
    for sha in wanted:
        part = parts.get(sha)
        fresh = part is not None and part["key"] == key
        if fresh and part is not None and part["claims"] is None and model_id:
            fresh = not cache.has(sha, model_id)  # analysed since
        if fresh:
            continue
        analysis = cache.get(sha, model_id) if model_id else None
        parts[sha] = part_from_analysis(analysis, key)
        changed = True
    return changed


def refresh_index(
    store: Store,
    *,
    fresh: Mapping[str, Part] | None = None,
    cache: AnalysisCache | None = None,
    model_id: str | None = None,
) -> tuple[list[LibraryEntry], dict[str, Part]]:
    """Bring the index file up to date with the library and the cache (``fresh``: parts
    already made, e.g. by ``margin add`` from the analyses it has in hand), write it back
    when it changed, and return the library's entries and the parts."""
    cache, model_id = _cache_and_key(cache, model_id)
    path = claims_index_path(store.path)
    entries = store.entries()
    parts = read_parts(path)
    changed = parts is None
    parts = parts or {}
    if fresh:
        parts.update(fresh)
        changed = True
    changed = refresh_parts(parts, (e.sha256 for e in entries), cache, model_id) or changed
    if changed and not store.read_only:
        write_parts(path, parts)
    return entries, parts


def open_index(
    store: Store,
    *,
    cache: AnalysisCache | None = None,
    model_id: str | None = None,
    verdicts: VerdictLookup | None = None,
) -> ClaimsTable:
    """The library's claims, speakers merged: the index file brought up to date with the
    library and the cache (:func:`refresh_index`)."""
    entries, parts = refresh_index(store, cache=cache, model_id=model_id)
    return ClaimsTable(entries, parts, verdicts=verdicts)


def update_parts(db_path: Path, fresh: Mapping[str, Part]) -> bool:
    """Put ``fresh`` parts into the index at ``db_path`` (articles just added or analysed).
    A missing or damaged index stays so (the next opening builds it whole)."""
    path = claims_index_path(db_path)
    parts = read_parts(path)
    if parts is None or not fresh:
        return False
    parts.update(fresh)
    return write_parts(path, parts)


def update_from_cache(
    db_path: Path,
    shas: Iterable[str],
    *,
    cache: AnalysisCache | None = None,
    model_id: str | None = None,
) -> bool:
    """Make the parts of ``shas`` again from the cache (the reader has just analysed them)."""
    cache, model_id = _cache_and_key(cache, model_id)
    if not model_id:
        return False
    key = part_key(model_id)
    return update_parts(db_path, {s: part_from_analysis(cache.get(s, model_id), key) for s in shas})


def drop_parts(db_path: Path, shas: Iterable[str]) -> bool:
    """Remove the parts of ``shas`` from the index at ``db_path`` (articles removed)."""
    path = claims_index_path(db_path)
    parts = read_parts(path)
    gone = [s for s in shas if parts is not None and s in parts]
    if parts is None or not gone:
        return False
    for sha in gone:
        del parts[sha]
    return write_parts(path, parts)
