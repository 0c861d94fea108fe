"""The analysis engine: sentences, entities and claims of a whole text, fast and streamed.

The text is cut into paragraph blocks (:func:`analysis.blocks.split_blocks`) that go through
``nlp.pipe`` in batches; every span found in a block is shifted back into the coordinates
of the full text. Blocks holding the ``priority`` offsets are processed first (the reader
passes the offsets on screen), and ``on_progress`` receives what each batch added. Claims
need text order (quotations cross paragraphs, speakers are remembered from earlier
paragraphs), so they are linked as soon as every block before them is done.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.blocks import MAX_BLOCK_CHARS, split_blocks
from analysis.checkworthy import score_sentence
from analysis.claims import extract_candidates
from analysis.claims_link import BlockRecord, Linker
from analysis.cues import Lexicon, load_lexicon
from analysis.model import Analysis, Article, Claim, Entity
from analysis.quotes import find_quotes, quote_units
from analysis.version import ANALYZER_VERSION as ANALYZER_VERSION  # re-exported

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: Blocks per ``nlp.pipe`` batch (and per progress report).
BATCH_SIZE = 64


class AnalysisCancelled(Exception):
    """Raised by :func:`analyze` when ``should_stop()`` answers True (nothing is returned)."""


@dataclass(slots=True)
class AnalysisProgress:
    """What one batch added: only the NEW items since the previous report.

    ``done``/``total`` count characters of the text processed so far / in all.
    """

    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    done: int = 0
    total: int = 0


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """``start..end`` without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _block_record(doc: Doc, offset: int, text: str, lexicon: Lexicon) -> BlockRecord:
    """Everything the local pass needs from one parsed block, in global offsets."""
    sentences: list[tuple[int, int]] = []
    scores: list[float] = []
    for sent in doc.sents:
        s, e = _strip(text, sent.start_char + offset, sent.end_char + offset)
        if s < e:
            sentences.append((s, e))
            scores.append(score_sentence(sent, lexicon))
    entities: list[Entity] = []
    for ent in doc.ents:
        s, e = _strip(text, ent.start_char + offset, ent.end_char + offset)
        if s < e:
            entities.append(Entity(s, e, ent.label_, text[s:e]))
    subjects = frozenset(
        ent.start_char + offset for ent in doc.ents if ent.root.dep_ in ("nsubj", "nsubjpass")
    )
    candidates = extract_candidates(doc, offset, lexicon)
    return BlockRecord(sentences, entities, candidates, scores, subjects)


def _order(blocks: list[tuple[int, int]], priority: Sequence[int]) -> tuple[list[int], int]:
    """Block indices: those holding a ``priority`` offset first, then the rest in order;
    and how many come first."""
    if not priority or not blocks:
        return list(range(len(blocks))), 0
    starts = [s for s, _ in blocks]
    first: list[int] = []
    seen: set[int] = set()
    for pos in priority:
        i = bisect_right(starts, pos) - 1
        if 0 <= i < len(blocks) and i not in seen:
            seen.add(i)
            first.append(i)
    first.sort()
    return first + [i for i in range(len(blocks)) if i not in seen], len(first)


def text_blocks(text: str, nlp: Language) -> list[tuple[int, int]]:
    """The paragraph blocks :func:`analyze` runs through ``nlp`` for ``text`` (a batch parses
    several articles' blocks in one ``nlp.pipe``: :mod:`analysis.batch_work`)."""
    max_length = int(getattr(nlp, "max_length", 0) or MAX_BLOCK_CHARS)
    limit = min(MAX_BLOCK_CHARS, max_length)
    return split_blocks(text, max_chars=max(limit, 100))


def analyze(
    text: str,
    nlp: Language,
    *,
    priority: Sequence[int] = (),
    on_progress: Callable[[AnalysisProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Analysis:
    """Analyse ``text`` with the pipeline ``nlp``.

    ``priority``: character offsets whose blocks are processed first. ``on_progress`` gets an
    :class:`AnalysisProgress` after each batch with only the new sentences, entities and
    claims. ``should_stop`` is polled between blocks; when it answers True the analysis ends
    by raising :class:`AnalysisCancelled` (no partial result is returned).
    """
    from analysis.pipeline import model_id

    lexicon = load_lexicon()
    blocks = text_blocks(text, nlp)
    order, n_first = _order(blocks, priority)
    # Quotation pairing runs over the whole text; it is built after the first screen's blocks
    # have been reported, so that their highlights are not kept waiting for it.
    units: list[tuple[int, int]] = []
    linker: Linker | None = None
    records: list[BlockRecord | None] = [None] * len(blocks)
    next_unit = 0
    total = len(text)
    done = 0
    all_claims: list[Claim] = []
    pending = AnalysisProgress(total=total)

    def link_ready() -> list[Claim]:
        nonlocal next_unit, units, linker
        new: list[Claim] = []
        if linker is None:
            if linking_deferred:
                return new
            runs = find_quotes(text, blocks)
            units = quote_units(blocks, runs)
            linker = Linker(text, runs)
        while next_unit < len(units):
            first, last = units[next_unit]
            recs = records[first : last + 1]
            if any(r is None for r in recs):
                break
            new.extend(linker.link([r for r in recs if r is not None]))
            next_unit += 1
        return new

    def flush() -> None:
        nonlocal pending
        pending.claims.extend(link_ready())
        all_claims.extend(pending.claims)
        pending.done = done
        if on_progress is not None and (pending.sentences or pending.entities or pending.claims):
            on_progress(pending)
        pending = AnalysisProgress(total=total)

    def texts(indices: list[int]) -> Iterator[str]:
        for i in indices:
            s, e = blocks[i]
            yield text[s:e]

    # Priority blocks go through a pipe of their own so that they are reported at once.
    phases = [order[:n_first], order[n_first:]] if n_first else [order]
    linking_deferred = False
    for number, phase in enumerate(phases):
        linking_deferred = bool(n_first) and number == 0
        if not phase:
            continue
        docs = nlp.pipe(texts(phase), batch_size=batch_size)
        for count, (i, doc) in enumerate(zip(phase, docs, strict=True), start=1):
            if should_stop is not None and should_stop():
                raise AnalysisCancelled("analysis cancelled")
            s, e = blocks[i]
            rec = _block_record(doc, s, text, lexicon)
            records[i] = rec
            done += e - s
            pending.sentences.extend(rec.sentences)
            pending.entities.extend(rec.entities)
            if count % batch_size == 0:
                flush()
        flush()
    flush()
    sentences = sorted(s for r in records if r is not None for s in r.sentences)
    entities = sorted(
        (e for r in records if r is not None for e in r.entities), key=lambda e: (e.start, e.end)
    )
    claims = sorted(all_claims, key=lambda c: (c.content.start, c.content.end, c.kind))
    return Analysis(sentences=sentences, entities=entities, claims=claims, model=model_id(nlp))


def analyze_article(
    article: Article,
    model: str | None = None,
    *,
    use_cache: bool = True,
    cache_dir: str | None = None,
    priority: Sequence[int] = (),
    on_progress: Callable[[AnalysisProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Analysis:
    """Analyse an article, from the cache when it holds this text, model and analyser version.

    On a cache hit spaCy is not even imported: the model id is read from the installed
    package's metadata. On a miss the pipeline is loaded (once per process) and the result
    stored. ``cache_dir`` overrides the cache directory.
    """
    from pathlib import Path

    from analysis.pipeline import installed_model_id, load_pipeline, resolve_model_name
    from storage.cache import AnalysisCache

    name = resolve_model_name(model)
    cache = AnalysisCache(Path(cache_dir) if cache_dir else None) if use_cache else None
    key_model = installed_model_id(name) if cache is not None else None
    if cache is not None and key_model is not None:
        hit = cache.get(article.sha256, key_model)
        if hit is not None:
            if on_progress is not None:
                on_progress(
                    AnalysisProgress(
                        list(hit.sentences),
                        list(hit.entities),
                        list(hit.claims),
                        len(article.text),
                        len(article.text),
                    )
                )
            return hit
    nlp = load_pipeline(name)
    result = analyze(
        article.text, nlp, priority=priority, on_progress=on_progress, should_stop=should_stop
    )
    if cache is not None:
        cache.put(article.sha256, result.model, result)
    return result
