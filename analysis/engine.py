"""The analysis engine: sentences, entities and claims of a whole text, fast and streamed.

The text is cut into paragraph blocks (:func:`margin.analysis.blocks.split_blocks`) that go through
``nlp.pipe`` in batches; every span found in a block is shifted back into the coordinates
of the full text. Blocks holding the ``priority`` offsets are processed first (the reader
passes the offsets on screen), and ``on_progress`` receives what each batch added; the
priority blocks' entities are reported before their sentences are scored for
check-worthiness (the claims that need the scores come later anyway). Claims
need text order (quotations cross paragraphs, speakers are remembered from earlier
paragraphs), so they are linked as soon as every block before them is done.

Entities are resolved per document (:mod:`analysis.entity_resolve`): the mentions of the
blocks of each batch are resolved together before they are reported (a short text is one
batch; the reader's first screen is one), and at the end every mention of the text is
resolved at once: that pass gives the final entities and each claim speaker's group. The
claims are linked from spaCy's own entities, so that they never depend on which blocks were
parsed first.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from margin.analysis.blocks import MAX_BLOCK_CHARS, split_blocks
from margin.analysis.checkworthy import score_sentences
from margin.analysis.claims import extract_candidates
from margin.analysis.claims_link import BlockRecord, Linker
from margin.analysis.cues import Lexicon, load_lexicon
from margin.analysis.entity_resolve import NameFacts, resolve_entities
from margin.analysis.quotes import find_quotes, quote_units
from margin.analysis.speaker_groups import speaker_groups
from margin.analysis.version import ANALYZER_VERSION as ANALYZER_VERSION  # re-exported
from margin.model import Analysis, Article, Claim, Entity

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span

#: Blocks per ``nlp.pipe`` batch (and per progress report).
BATCH_SIZE = 64

#: Characters per batch, about (spaCy's memory grows with them): long blocks, fewer per batch.
BATCH_CHARS = 32_000


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


def _block_record(
    doc: Doc, offset: int, end: int, text: str, lexicon: Lexicon
) -> tuple[BlockRecord, NameFacts, list[Span]]:
    """Everything the local pass and the entity resolver need from one parsed block, in
    global offsets, but the check-worthiness of its sentences (``scores`` left empty: see
    :func:`_score`); and the sentences to score."""
    sentences: list[tuple[int, int]] = []
    kept: list[Span] = []
    for sent in doc.sents:
        s, e = _strip(text, sent.start_char + offset, sent.end_char + offset)
        if s < e:
            sentences.append((s, e))
            kept.append(sent)
    entities: list[Entity] = []
    for ent in doc.ents:
        s, e = _strip(text, ent.start_char + offset, ent.end_char + offset)
        if s < e:
            entities.append(Entity(s, e, ent.label_, text[s:e]))
    candidates = extract_candidates(doc, offset, lexicon)
    facts = NameFacts(offset, end, entities, sentences=sentences)
    _proper_runs(doc, offset, facts)
    facts.speakers = [
        (c.speaker.start, c.speaker.end)
        for c in candidates
        if c.speaker is not None and c.speaker.kind == "name" and "mental" not in c.flags
    ]
    subjects = frozenset(
        ent.start_char + offset for ent in doc.ents if ent.root.dep_ in ("nsubj", "nsubjpass")
    )
    return BlockRecord(sentences, entities, candidates, [], subjects), facts, kept


def _score(unscored: list[tuple[BlockRecord, list[Span], str]], lexicon: Lexicon) -> None:
    """Fill in the ``scores`` of blocks parsed together (records, their sentences and texts),
    in one call (numpy's cost is paid once), and forget them."""
    if not unscored:
        return
    sents = [sent for _, kept, _ in unscored for sent in kept]
    texts = [block for _, kept, block in unscored for _ in kept]
    scores = iter(score_sentences(sents, lexicon, texts))
    for record, kept, _ in unscored:
        # Rounded as stored, so that a cached analysis equals the one computed.
        record.scores.extend([round(next(scores), 4) for _ in kept])
    unscored.clear()


def _proper_runs(doc: Doc, offset: int, facts: NameFacts) -> None:
    """Fill ``facts`` with the runs of proper nouns spaCy left out of its entities, and the
    names (in an entity or a proper noun) that are a clause's subject. Read from the doc's
    arrays: a loop over ``Token`` objects costs a few percent of the parse."""
    strings = doc.vocab.strings
    proper = {strings.add("NNP"), strings.add("NNPS")}
    subject = {strings.add("nsubj"), strings.add("nsubjpass")}
    # One list per attribute (a list per token would cost more than the reading).
    columns = doc.to_array(["TAG", "ENT_IOB", "DEP", "IDX", "LENGTH"]).T.tolist()
    run_start = run_end = -1
    for tag, iob, dep, idx, length in zip(*columns, strict=True):
        in_entity = iob == 1 or iob == 3
        if tag in proper and not in_entity:
            if run_start < 0:
                run_start = idx
            run_end = idx + length
            if dep in subject:
                facts.subjects.append(idx + offset)
            continue
        if run_start >= 0:
            facts.proper.append((run_start + offset, run_end + offset))
            run_start = -1
        if in_entity and dep in subject:
            facts.subjects.append(idx + offset)
    if run_start >= 0:
        facts.proper.append((run_start + offset, run_end + offset))


def _resolve(text: str, indices: Sequence[int], facts: Sequence[NameFacts | None]) -> list[Entity]:
    """The entities of blocks ``indices`` resolved together (:mod:`analysis.entity_resolve`)."""
    parts = [f for i in sorted(indices) if (f := facts[i]) is not None]
    sentences = [s for f in parts for s in f.sentences]
    return resolve_entities(text, parts, sentences)


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
    from margin.analysis.pipeline import model_id

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
        if not linking_deferred:  # the first screen's entities go out before its scores
            _score(unscored, lexicon)
        pending.claims.extend(link_ready())
        all_claims.extend(pending.claims)
        if pending.claims and on_progress is not None:
            # their speakers' groups as far as the text is resolved yet
            streamed.sort(key=lambda e: (e.start, e.end))
            pending.claims = speaker_groups(pending.claims, streamed)
        pending.done = done
        if on_progress is not None and (pending.sentences or pending.entities or pending.claims):
            on_progress(pending)
        pending = AnalysisProgress(total=total)

    def texts(indices: list[int]) -> Iterator[str]:
        for i in indices:
            s, e = blocks[i]
            yield text[s:e]

    def resolve_batch(indices: list[int]) -> None:
        """Resolve the entities of the blocks just parsed together (all of a short text),
        before they are reported."""
        nonlocal resolved_all
        if not indices:
            return
        if on_progress is None and len(indices) < len(blocks):
            indices.clear()  # nothing to report: the text's entities are resolved at the end
            return
        found = _resolve(text, indices, facts)
        pending.entities.extend(found)
        streamed.extend(found)
        if len(indices) == len(blocks):
            resolved_all = found
        indices.clear()

    # Priority blocks go through a pipe of their own so that they are reported at once; their
    # sentences are scored only once their entities are reported (the claims that need the
    # scores are linked after the first screen anyway).
    phases = [order[:n_first], order[n_first:]] if n_first else [order]
    linking_deferred = False
    resolved_all: list[Entity] | None = None
    streamed: list[Entity] = []
    facts: list[NameFacts | None] = [None] * len(blocks)
    unscored: list[tuple[BlockRecord, list[Span], str]] = []
    batch: list[int] = []
    for number, phase in enumerate(phases):
        linking_deferred = bool(n_first) and number == 0
        if not phase:
            continue
        chars = sum(blocks[i][1] - blocks[i][0] for i in phase)
        pipe_batch = max(1, min(batch_size, BATCH_CHARS * len(phase) // max(chars, 1)))
        docs = nlp.pipe(texts(phase), batch_size=pipe_batch)
        for count, (i, doc) in enumerate(zip(phase, docs, strict=True), start=1):
            if should_stop is not None and should_stop():
                raise AnalysisCancelled("analysis cancelled")
            s, e = blocks[i]
            records[i], facts[i], kept = _block_record(doc, s, e, text, lexicon)
            unscored.append((records[i], kept, text[s:e]))
            batch.append(i)
            done += e - s
            pending.sentences.extend(records[i].sentences)
            if count % pipe_batch == 0:
                resolve_batch(batch)
                flush()
        resolve_batch(batch)
        flush()
        _score(unscored, lexicon)
    flush()
    scored = sorted(
        pair for r in records if r is not None for pair in zip(r.sentences, r.scores, strict=True)
    )
    sentences = [s for s, _ in scored]
    # The document-level pass: every mention of the text resolved together.
    entities = resolved_all
    if entities is None:
        entities = _resolve(text, range(len(blocks)), facts)
    claims = sorted(
        speaker_groups(all_claims, entities), key=lambda c: (c.content.start, c.content.end, c.kind)
    )
    return Analysis(
        sentences=sentences,
        entities=entities,
        claims=claims,
        model=model_id(nlp),
        checkworthiness=[score for _, score in scored],
    )


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

    from margin.analysis.cache import AnalysisCache, model_key
    from margin.analysis.pipeline import load_pipeline, resolve_model_name

    name = resolve_model_name(model)
    cache = AnalysisCache(Path(cache_dir) if cache_dir else None) if use_cache else None
    key_model = model_key(name) if cache is not None else None
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
        cache.put(article.sha256, result.model, result, text=article.text)
    return result
