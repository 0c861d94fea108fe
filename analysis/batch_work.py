"""What a batch worker runs: a chunk of article texts through the engine, the model loaded once.

The same function runs in margin's own worker processes (:mod:`analysis.batch_local`), on
the machines of a Dask cluster (:mod:`analysis.batch_dask`) and in the parent itself with
``--jobs 1``: :func:`analyze_chunk` loads the pipeline once per process
(:func:`margin.analysis.pipeline.load_pipeline` keeps it) and answers, beside each analysis, the
model and analyser version that made it, so that the parent can refuse results from a worker
that runs another model or another margin (they would be cached under the wrong key).

Articles go through spaCy together: the paragraph blocks of several articles of the chunk
(up to :data:`GROUP_CHARS` characters) are parsed in one ``nlp.pipe`` (spaCy works by batches;
an article alone makes small ones, and the chunk's articles together took 13% less processor
time on BBC articles); each article is put together by the engine from its own docs
(:class:`_Parsed`) as soon as they are parsed, exactly as it would have been alone (holding
the whole group's docs until all were parsed made spaCy's parse itself 5-8% slower). A
longer article is analysed on its own, its blocks streamed (its docs are never all in
memory).

An article whose analysis fails gets its one-line reason; the others are still analysed. An
error that is not about one article (no model) is raised for the whole chunk.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from margin.errors import MarginError, ModelError
from margin.model import Analysis

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: Characters of articles whose blocks are parsed together (their docs are held meanwhile).
GROUP_CHARS = 200_000

_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The analyses of one chunk, in the order of its texts (``None`` where it failed, with
    the reason at the same index of ``errors``), and what made them."""

    model: str
    analyzer: str
    analyses: list[Analysis | None]
    errors: list[str | None]


class _Parsed:
    """The pipeline as :func:`margin.analysis.engine.analyze` sees it in a batch: ``pipe()``
    hands out the docs of blocks parsed beforehand (any other text is parsed then); everything
    else is the pipeline's own (``meta`` given when the caller has read it: spaCy builds it
    anew at each read)."""

    def __init__(
        self, nlp: Language, docs: dict[str, deque[Doc]], meta: dict[str, Any] | None = None
    ) -> None:
        self._nlp = nlp
        self._docs = docs
        self.meta: dict[str, Any] = nlp.meta if meta is None else meta

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)

    def pipe(self, texts: Iterable[str], **kwargs: Any) -> Iterator[Doc]:
        for text in texts:
            ready = self._docs.get(text)
            yield ready.popleft() if ready else next(iter(self._nlp.pipe([text], **kwargs)))


def _groups(texts: Sequence[str]) -> Iterator[list[int]]:
    """Indices of ``texts`` in groups of at most :data:`GROUP_CHARS` characters (a longer
    text alone)."""
    group: list[int] = []
    size = 0
    for i, text in enumerate(texts):
        if group and size + len(text) > GROUP_CHARS:
            yield group
            group, size = [], 0
        group.append(i)
        size += len(text)
    if group:
        yield group


def _parse_together(texts: list[str], nlp: Language) -> Iterator[Language | _Parsed]:
    """For each of ``texts`` in turn, the pipeline to analyse it with: the blocks of all
    ``texts`` go through one ``nlp.pipe``, and each text is handed its own docs as soon as
    they are parsed (only one text's docs are held, beside spaCy's batch); the plain
    pipeline when there is nothing to share, or once that fails (each article then meets its
    own error alone)."""
    from margin.analysis import engine

    if len(texts) < 2 or sum(map(len, texts)) > GROUP_CHARS:
        yield from (nlp for _ in texts)
        return
    meta = nlp.meta
    cuts = [engine.text_blocks(text, nlp) for text in texts]
    blocks = (text[s:e] for text, spans in zip(texts, cuts, strict=True) for s, e in spans)
    docs = iter(nlp.pipe(blocks, batch_size=engine.BATCH_SIZE))
    for number, (text, spans) in enumerate(zip(texts, cuts, strict=True)):
        own: dict[str, deque[Doc]] = {}
        try:
            for s, e in spans:
                own.setdefault(text[s:e], deque()).append(next(docs))
        except Exception:
            yield from (nlp for _ in texts[number:])
            return
        yield _Parsed(nlp, own, meta)


def analyze_chunk(texts: Sequence[str], model: str | None) -> ChunkResult:
    """Analyse ``texts`` with the pipeline ``model`` (loaded once per process).

    Threads of one process (a Dask worker with several threads) take turns: they share one
    pipeline, and the work is bound to the interpreter lock anyway.
    """
    from margin.analysis import engine, pipeline
    from margin.analysis.version import ANALYZER_VERSION

    with _lock:
        nlp = pipeline.load_pipeline(model)
        analyses: list[Analysis | None] = [None] * len(texts)
        errors: list[str | None] = [None] * len(texts)
        for group in _groups(texts):
            pipelines = _parse_together([texts[i] for i in group], nlp)
            for i, parsed in zip(group, pipelines, strict=True):
                try:
                    analyses[i] = engine.analyze(texts[i], parsed)  # type: ignore[arg-type]
                except ModelError:
                    raise
                except MarginError as exc:
                    errors[i] = str(exc)
                except Exception as exc:  # a bug on one text must not lose the others
                    errors[i] = f"analysis failed: {type(exc).__name__}: {exc}"
        return ChunkResult(pipeline.model_id(nlp), ANALYZER_VERSION, analyses, errors)
