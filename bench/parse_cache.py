"""A spaCy parse cache for the quality benchmarks (development only).

:class:`CachedPipeline` stands in for the pipeline in :func:`margin.analysis.engine.analyze`: each
paragraph block is parsed once by the real pipeline and kept in a spaCy ``DocBin`` on disk;
later runs read the stored parse back, so a change to the claim rules re-scores a whole split
in seconds. The engine runs unchanged on the stored docs (the same code path as a real run,
only ``nlp.pipe`` is replaced). The cache is keyed by the block text and the model id; it
never enters the project (use a folder under ``/tmp``).

Figures to report come from a run without the cache (``bench/claims_eval.py`` without
``--cache``); ``claims_eval.py --cache`` prints the same figures, as checked once per round.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class CachedPipeline:
    """``nlp.pipe`` over a parse cache: stored docs for known texts, the real pipeline for
    the others (which are stored by :meth:`save`)."""

    def __init__(self, nlp: Language, folder: Path, name: str) -> None:
        from margin.analysis.pipeline import model_id

        self.nlp = nlp
        self.meta: dict[str, Any] = nlp.meta
        self.max_length = nlp.max_length
        self.vocab = nlp.vocab
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in f"{name}-{model_id(nlp)}")
        self._docs_path = folder / f"{safe}.spacy"
        self._keys_path = folder / f"{safe}.json"
        self._docs: dict[str, Doc] = {}
        self._new: list[tuple[str, Doc]] = []
        self._load()

    def _load(self) -> None:
        from spacy.tokens import DocBin

        if not (self._docs_path.is_file() and self._keys_path.is_file()):
            return
        keys = json.loads(self._keys_path.read_text(encoding="utf-8"))
        docs = DocBin().from_disk(self._docs_path).get_docs(self.vocab)
        self._docs = dict(zip(keys, docs, strict=True))

    def __len__(self) -> int:
        return len(self._docs)

    @property
    def misses(self) -> int:
        """Texts parsed by the real pipeline in this run (not yet saved)."""
        return len(self._new)

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """The parse of each text, in order (stored, or parsed now and remembered)."""
        texts = list(texts)
        keys = [_key(t) for t in texts]
        missing = [(k, t) for k, t in zip(keys, texts, strict=True) if k not in self._docs]
        if missing:
            parsed = self.nlp.pipe([t for _, t in missing], batch_size=batch_size)
            for (k, _), doc in zip(missing, parsed, strict=True):
                self._docs[k] = doc
                self._new.append((k, doc))
        for k in keys:
            yield self._docs[k]

    def save(self) -> None:
        """Write every parse held (stored and new) back to the cache folder."""
        from spacy.tokens import DocBin

        if not self._new:
            return
        self._docs_path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self._docs)
        DocBin(docs=[self._docs[k] for k in keys]).to_disk(self._docs_path)
        self._keys_path.write_text(json.dumps(keys), encoding="utf-8")
        self._new.clear()
