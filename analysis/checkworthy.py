"""Check-worthiness of a sentence: how much it reads like a checkable factual claim (0-1).

A linear model learned from the ClaimBuster sentences (Arslan et al. 2020, CC BY 4.0; see
``checkworthy_model.txt``) by ``bench/checkworthy_train.py``. It reads the features of
:mod:`margin.analysis.checkworthy_features`: three blocks of terms (words, characters,
syntax), each weighted tf-idf (``1 + log count`` times the idf learned in training) and scaled
to unit length, and a few dense hand features. The score is the logistic of the weights' dot
product with those values plus the intercept, computed with numpy from
``checkworthy_model.npz`` (scikit-learn is needed only to train). The weights are the mean of
four logistic regressions' weights, each trained without one of the four parts (the three
blocks and the dense features): their mean log-odds, which is again one dot product.

``checkworthy_model.json`` beside it records how the model was trained and the threshold
(:data:`ASSERTION_THRESHOLD`) above which an unattributed sentence becomes an ``assertion``
claim. A missing or unreadable weights file raises :class:`~margin.errors.ModelError` (one
line for the user, as for a broken spaCy model): margin does not fall back to another score,
since a silently different ranking would be worse than a clear error.
"""

from __future__ import annotations

import math
import zipfile
from array import array
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from margin.analysis.checkworthy_features import (
    DENSE_NAMES,
    DocReader,
    char_words,
    word_char_grams,
)
from margin.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover
    from importlib.resources.abc import Traversable

    import numpy as np
    from spacy.tokens import Span

    from margin.analysis.cues import Lexicon

MODEL_FILE = "checkworthy_model.npz"
META_FILE = "checkworthy_model.json"
#: The term blocks of the model, in the order the weights file holds them.
BLOCKS: tuple[str, ...] = ("words", "chars", "syntax")

#: Unattributed sentences scoring at least this become ``assertion`` claims: the threshold
#: with the best F1 on the check-worthy class over 10-fold cross-validated scores of the
#: training data (the mean over bootstrap resamples of those scores), as
#: ``bench/checkworthy_train.py --write`` records it in ``checkworthy_model.json`` (a test
#: checks the two agree).
ASSERTION_THRESHOLD = 0.3191

#: How a sentence's term columns are packed while they are gathered (``array`` and numpy
#: codes of a signed 32-bit number): bytes are joined much faster than lists of ints.
COLUMN_TYPE = "i"
COLUMN_SIZE = array(COLUMN_TYPE).itemsize


def _packed(columns: list[int]) -> bytes:
    """``columns`` as the bytes of an array of :data:`COLUMN_TYPE`."""
    return array(COLUMN_TYPE, columns).tobytes()


class CheckworthyModel:
    """The learned check-worthiness model (see the module's docstring).

    Every term of every block has one column: ``idf``, ``coef`` and ``block`` (which block it
    belongs to) are indexed by column. The character columns of each word seen are kept (up
    to :attr:`WORD_CACHE` words, packed), so a frequent word's n-grams are looked up once.
    """

    WORD_CACHE = 50_000

    def __init__(
        self,
        index: dict[str, dict[str, int]],
        idf: np.ndarray,
        coef: np.ndarray,
        block: np.ndarray,
        dense_coef: tuple[float, ...],
        intercept: float,
    ) -> None:
        self.index = index
        self.idf = idf
        self.coef = coef
        self.block = block
        self.dense_coef = dense_coef
        self.intercept = intercept
        self._word_columns: dict[str, bytes] = {}

    def _char_columns(self, text: str) -> bytes:
        known = self._word_columns
        if len(known) > self.WORD_CACHE:
            known.clear()
        get = self.index["chars"].get
        out: list[bytes] = []
        for word in char_words(text):
            columns = known.get(word)
            if columns is None:
                columns = _packed([c for c in map(get, word_char_grams(word)) if c is not None])
                known[word] = columns
            out.append(columns)
        return b"".join(out)

    def _columns(self, reader: DocReader, sent: Span) -> tuple[bytes, float]:
        """The columns of every term of ``sent`` (repeated as often as the term occurs),
        packed as :data:`COLUMN_TYPE` numbers, and the intercept plus the dense features' part
        of the log-odds."""
        parts = reader.parts(sent)
        z = self.intercept + sum(w * x for w, x in zip(self.dense_coef, parts.dense, strict=True))
        columns = [self._char_columns(reader.text_of(sent))]
        for name, terms in (("words", parts.words), ("syntax", parts.syntax)):
            get = self.index[name].get
            columns.append(_packed([c for c in map(get, terms) if c is not None]))
        return b"".join(columns), z

    def logits(
        self, sents: Sequence[Span], lexicon: Lexicon, doc_texts: Sequence[str] | None = None
    ) -> list[float]:
        """The model's log-odds that each of ``sents`` is check-worthy (computed together:
        numpy's cost is paid once for all of them). ``doc_texts``: the text of each sentence's
        document, when the caller has it (spaCy rebuilds it from the tokens otherwise)."""
        import numpy as np

        out: list[float] = []
        packed: list[bytes] = []
        readers: dict[int, DocReader] = {}
        for number, sent in enumerate(sents):
            reader = readers.get(id(sent.doc))
            if reader is None:
                doc_text = doc_texts[number] if doc_texts is not None else None
                reader = readers[id(sent.doc)] = DocReader(sent.doc, lexicon, doc_text)
            cols, z = self._columns(reader, sent)
            out.append(z)
            packed.append(cols)
        if not any(packed):
            return out
        width = len(self.idf)
        # Keys of (sentence, column) pairs: 32-bit ones sort faster, when they fit.
        key_type = np.int32 if len(out) * width < 2**31 else np.int64
        columns = np.frombuffer(b"".join(packed), dtype=COLUMN_TYPE).astype(key_type)
        owners = np.repeat(
            np.arange(len(out), dtype=key_type), [len(p) // COLUMN_SIZE for p in packed]
        )
        # For each sentence and block: the weights' dot product with the block's unit-length
        # tf-idf vector, (1 + log count) * idf per term.
        keys, counts = np.unique(owners * width + columns, return_counts=True)
        owner, column = np.divmod(keys, width)
        values = (1.0 + np.log(counts)) * self.idf[column]
        group = owner * len(BLOCKS) + self.block[column]
        size = len(out) * len(BLOCKS)
        norms = np.bincount(group, values * values, minlength=size)
        dots = np.bincount(group, self.coef[column] * values, minlength=size)
        parts = np.divide(dots, np.sqrt(norms), out=np.zeros(size), where=norms > 0.0)
        return [
            z + float(p)
            for z, p in zip(out, parts.reshape(-1, len(BLOCKS)).sum(axis=1), strict=True)
        ]

    def scores(
        self, sents: Sequence[Span], lexicon: Lexicon, doc_texts: Sequence[str] | None = None
    ) -> list[float]:
        """The 0-1 check-worthiness of each of ``sents`` (``doc_texts`` as for
        :meth:`logits`)."""
        return [
            0.0 if z < -40.0 else 1.0 / (1.0 + math.exp(-z))
            for z in self.logits(sents, lexicon, doc_texts)
        ]

    def score(self, sent: Span, lexicon: Lexicon) -> float:
        """The 0-1 check-worthiness of ``sent``."""
        return self.scores([sent], lexicon)[0]

    @classmethod
    def from_arrays(cls, arrays: Any) -> CheckworthyModel:
        """The model from the arrays of a weights file (a mapping of name to array)."""
        import numpy as np

        index: dict[str, dict[str, int]] = {}
        idf, coef, block = [], [], []
        start = 0
        for number, name in enumerate(BLOCKS):
            joined = bytes(arrays[f"{name}_terms"]).decode("utf-8")
            terms = joined.split("\n") if joined else []
            idf.append(arrays[f"{name}_idf"].astype(np.float64))
            coef.append(arrays[f"{name}_coef"].astype(np.float64))
            if not (len(terms) == len(idf[-1]) == len(coef[-1])):
                raise ValueError(f"block {name!r} is inconsistent")
            index[name] = {t: start + i for i, t in enumerate(terms)}
            block.append(np.full(len(terms), number, dtype=np.intp))
            start += len(terms)
        dense = tuple(float(x) for x in arrays["dense_coef"])
        if len(dense) != len(DENSE_NAMES):
            raise ValueError("wrong number of dense weights")
        all_idf, all_coef = np.concatenate(idf), np.concatenate(coef)
        intercept = float(arrays["intercept"][0])
        if not all(np.isfinite(x).all() for x in (all_idf, all_coef, dense, intercept)):
            raise ValueError("a weight is not a finite number")
        return cls(index, all_idf, all_coef, np.concatenate(block), dense, intercept)


def read_model(path: Any) -> CheckworthyModel:
    """The model of the weights file at ``path``; :class:`~margin.errors.ModelError` when it
    is missing or not a weights file this version of margin reads."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as arrays:
            return CheckworthyModel.from_arrays(arrays)
    except FileNotFoundError as exc:
        raise ModelError(f"check-worthiness weights {path}: missing; reinstall margin") from exc
    except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile) as exc:
        raise ModelError(
            f"check-worthiness weights {path}: unreadable ({exc}); reinstall margin"
        ) from exc


def model_path() -> Traversable:
    """Where the shipped weights file is (inside the installed package)."""
    return resources.files("margin.analysis").joinpath(MODEL_FILE)


@cache
def load_model() -> CheckworthyModel:
    """The shipped model (``checkworthy_model.npz``), read once."""
    with resources.as_file(model_path()) as path:
        return read_model(path)


def save_model(
    path: str,
    blocks: dict[str, tuple[list[str], Any, Any]],
    dense_coef: Any,
    intercept: float,
) -> None:
    """Write a weights file that :func:`load_model` reads: for each of :data:`BLOCKS` its
    (terms, idf, weights), then the dense weights (:data:`DENSE_NAMES`) and the intercept."""
    import numpy as np

    arrays: dict[str, Any] = {}
    for name in BLOCKS:
        terms, idf, coef = blocks[name]
        if any("\n" in t for t in terms):
            raise ValueError(f"a {name} term holds a line break")
        arrays[f"{name}_terms"] = np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)
        arrays[f"{name}_idf"] = np.asarray(idf, dtype=np.float32)
        arrays[f"{name}_coef"] = np.asarray(coef, dtype=np.float32)
    arrays["dense_coef"] = np.asarray(dense_coef, dtype=np.float32)
    arrays["intercept"] = np.asarray([intercept], dtype=np.float64)
    np.savez_compressed(path, **arrays)


def score_sentence(sent: Span, lexicon: Lexicon) -> float:
    """The 0-1 check-worthiness of one parsed sentence."""
    return load_model().score(sent, lexicon)


def score_sentences(
    sents: Sequence[Span], lexicon: Lexicon, doc_texts: Sequence[str] | None = None
) -> list[float]:
    """The 0-1 check-worthiness of each of these parsed sentences (faster than one by one;
    ``doc_texts``: the text of each one's document, when the caller has it)."""
    return load_model().scores(sents, lexicon, doc_texts)
