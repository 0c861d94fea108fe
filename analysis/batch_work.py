"""What a batch worker runs: a chunk of article texts through the engine, the model loaded once.

The same function runs in margin's own worker processes (:mod:`analysis.batch_local`), on
the machines of a Dask cluster (:mod:`analysis.batch_dask`) and in the parent itself with
``--jobs 1``: :func:`analyze_chunk` loads the pipeline once per process
(:func:`analysis.pipeline.load_pipeline` keeps it) and answers, beside each analysis, the
model and analyser version that made it, so that the parent can refuse results from a worker
that runs another model or another margin (they would be cached under the wrong key).

An article whose analysis fails gets its one-line reason; the others are still analysed. An
error that is not about one article (no model) is raised for the whole chunk.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.errors import MarginError, ModelError
from analysis.model import Analysis

_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """The analyses of one chunk, in the order of its texts (``None`` where it failed, with
    the reason at the same index of ``errors``), and what made them."""

    model: str
    analyzer: str
    analyses: list[Analysis | None]
    errors: list[str | None]


def analyze_chunk(texts: Sequence[str], model: str | None) -> ChunkResult:
    """Analyse ``texts`` with the pipeline ``model`` (loaded once per process).

    Threads of one process (a Dask worker with several threads) take turns: they share one
    pipeline, and the work is bound to the interpreter lock anyway.
    """
    from analysis import engine, pipeline
    from analysis.version import ANALYZER_VERSION

    with _lock:
        nlp = pipeline.load_pipeline(model)
        analyses: list[Analysis | None] = []
        errors: list[str | None] = []
        for text in texts:
            try:
                analyses.append(engine.analyze(text, nlp))
                errors.append(None)
            except ModelError:
                raise
            except MarginError as exc:
                analyses.append(None)
                errors.append(str(exc))
            except Exception as exc:  # a bug on one text must not lose the others
                analyses.append(None)
                errors.append(f"analysis failed: {type(exc).__name__}: {exc}")
        return ChunkResult(pipeline.model_id(nlp), ANALYZER_VERSION, analyses, errors)
