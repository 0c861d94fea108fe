"""Train and evaluate margin's check-worthiness model; compare it with the old hand weights
and with "longer sentences first", all in the same run.

    python bench/checkworthy_train.py ../shared/data/claimbuster \\
        ../shared/data/checkthat2019 [--write] [--cache /tmp/checkworthy-cache]

Needs the ``train`` extra (scikit-learn); margin itself only needs numpy to score.

The model (:class:`Model`): four logistic regressions on tf-idf term blocks and dense hand
features, each leaving one of those four parts out, averaged in log-odds (one linear model).

1. ClaimBuster 2.5xNCS (CC BY 4.0), nested 5-fold cross-validation: in each outer fold the
   regularisation C is chosen by an inner 10-fold CV on the training part (average
   precision), the threshold on the inner out-of-fold scores (the mean best-F1 threshold of
   bootstrap resamples, :func:`stable_threshold`); the outer fold is then scored. Printed:
   F1 (P, R) on the check-worthy class at that threshold and average precision, over the
   pooled out-of-fold scores (and the mean over folds). The baselines get their threshold
   the same way on the same training parts.
2. CheckThat! 2019 (research use only: evaluation, never shipped): MAP over the files of
   ``test_annotated/`` (one ranking per file, sklearn's average precision, ties as one
   step) for a model trained on ``training/`` (C by 5-fold CV grouped by file, on MAP), for
   the ClaimBuster model, the old hand score and length. ``training/`` is also printed as a
   development set for everything not trained on it.
3. ``--write``: the final model (C and threshold by 10-fold CV on all of ClaimBuster, fitted on
   all of it) is written to ``analysis/checkworthy_model.npz`` and ``.json``, and its
   threshold into ``ASSERTION_THRESHOLD`` of ``analysis/checkworthy.py``, after checking
   that margin's numpy scorer gives the same scores as scikit-learn. ``--no-nested`` skips 1.

Figures and decisions: ``bench/CHECKWORTHY.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkworthy_data import Row, parse_cached, read_checkthat, read_claimbuster

from margin.analysis import checkworthy
from margin.analysis.checkworthy_features import DENSE_NAMES, char_terms, sentence_parts
from margin.analysis.cues import load_lexicon
from margin.analysis.pipeline import load_pipeline, model_id

try:
    from scipy.sparse import csr_matrix, diags, hstack
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import average_precision_score, precision_recall_curve
    from sklearn.model_selection import GroupKFold, StratifiedKFold
    from sklearn.preprocessing import normalize
except ImportError as exc:  # pragma: no cover
    raise SystemExit(
        "bench/checkworthy_train.py needs scikit-learn: pip install -e '.[train]'"
    ) from exc

C_GRID = (1.0, 3.0, 10.0)
#: A term is kept when it occurs in at least this many training sentences.
MIN_DF = 2
FOLDS = 5
#: Folds of the cross-validation that picks C and the threshold on a model's training rows:
#: with 10, the out-of-fold models see 90% of those rows, so their scores are nearly on the
#: scale of the model then fitted on all of them (with 5 the thresholds came out too low).
INNER_FOLDS = 10
#: The threshold is the mean of the best-F1 thresholds of this many bootstrap resamples of
#: the out-of-fold scores (the best F1's threshold alone jumps along a flat F1 curve).
BOOTSTRAPS = 50
SEED = 0
#: The hand weights margin used before the learned model (a baseline here; bias included).
OLD_HAND_WEIGHTS: dict[str, float] = {
    "bias": -1.1,
    "number": 1.1,
    "quantity": 0.6,
    "date": 0.4,
    "named": 0.35,
    "comparative": 0.5,
    "past": 0.45,
    "factual": 0.35,
    "hedge": -0.8,
    "opinion": -0.45,
    "personal": -0.6,
    "question": -1.6,
    "exclaim": -0.8,
    "short": -1.6,
    "modal": -0.35,
}


@dataclass(slots=True)
class Corpus:
    """Labelled sentences with everything the models and baselines read, row-aligned.

    ``terms`` holds each block's terms per sentence until :func:`count_terms` turns them into
    ``counts``: one sparse matrix of term counts per block, its columns the terms of
    ``vocabulary`` (shared by every corpus of the run, so that a model fitted on one scores
    another).
    """

    rows: list[Row]
    terms: dict[str, list[list[str]]]
    dense: np.ndarray
    old_hand: np.ndarray
    length: np.ndarray
    counts: dict[str, csr_matrix] = field(default_factory=dict)

    @property
    def labels(self) -> np.ndarray:
        return np.array([r.label for r in self.rows])

    @property
    def groups(self) -> np.ndarray:
        return np.array([r.group for r in self.rows])


def build_corpus(rows: list[Row], nlp, cache: Path) -> Corpus:
    """Parse (or read the cached parses of) ``rows`` and extract every feature once."""
    lexicon = load_lexicon()
    docs = parse_cached(nlp, model_id(nlp), [r.text for r in rows], cache)
    terms: dict[str, list[list[str]]] = {name: [] for name in checkworthy.BLOCKS}
    dense, old, length = [], [], []
    for doc in docs:
        span = doc[:]
        parts = sentence_parts(span, lexicon)
        terms["words"].append(parts.words)
        terms["chars"].append(char_terms(span.text))
        terms["syntax"].append(parts.syntax)
        dense.append(parts.dense)
        z = OLD_HAND_WEIGHTS["bias"]
        z += sum(
            OLD_HAND_WEIGHTS[k] * v for k, v in zip(DENSE_NAMES[:-1], parts.dense[:-1], strict=True)
        )
        old.append(1.0 / (1.0 + math.exp(-z)))
        length.append(sum(1 for t in span if not (t.is_punct or t.is_space)))
    return Corpus(rows, terms, np.array(dense), np.array(old), np.array(length, float))


def _identity(terms: list[str]) -> list[str]:
    return terms


def count_terms(corpora: list[Corpus]) -> dict[str, np.ndarray]:
    """Fill each corpus's ``counts`` (its term lists dropped) over one vocabulary per block,
    made of every term of every corpus; return the vocabularies (term names by column). No
    label is read: which terms a model keeps and their idf are decided on its training rows."""
    vocabulary = {}
    for name in checkworthy.BLOCKS:
        counter = CountVectorizer(analyzer=_identity, lowercase=False)
        counter.fit(doc for corpus in corpora for doc in corpus.terms[name])
        vocabulary[name] = counter.get_feature_names_out()
        for corpus in corpora:
            corpus.counts[name] = counter.transform(corpus.terms[name]).tocsr()
            corpus.terms[name] = []
    return vocabulary


#: The parts of the feature vector: the term blocks and the dense hand features.
PARTS: tuple[str, ...] = (*checkworthy.BLOCKS, "dense")


class Model:
    """tf-idf blocks + dense features, scored by the average of logistic regressions that
    each leave one part out (feature bagging), fitted on some rows.

    Each block is what scikit-learn's ``TfidfVectorizer(sublinear_tf=True, min_df=2)`` fitted
    on the training rows gives (the terms in at least two of them, smoothed idf, ``1 + log``
    counts, unit length), computed from the corpus's count matrices instead of its strings.
    One logistic regression is fitted per part of :data:`PARTS`, on all the other parts; the
    score is the logistic of their mean log-odds. Every part is scaled the same way in every
    member, so that mean is one linear function of the same vector (:attr:`coef`,
    :attr:`intercept`): margin scores it as a single model.
    """

    def __init__(self, corpus: Corpus, idx: np.ndarray, c: float) -> None:
        self.columns: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for name in checkworthy.BLOCKS:
            counts = corpus.counts[name][idx]
            df = np.bincount(counts.indices, minlength=counts.shape[1])
            keep = np.flatnonzero(df >= MIN_DF)
            idf = np.log((1.0 + len(idx)) / (1.0 + df[keep])) + 1.0
            self.columns[name] = (keep, idf)
        widths = [len(self.columns[n][0]) for n in checkworthy.BLOCKS] + [len(DENSE_NAMES)]
        owner = np.repeat(np.arange(len(PARTS)), widths)
        x, y = self.matrix(corpus, idx), corpus.labels[idx]
        self.coef = np.zeros(x.shape[1])
        self.intercept = 0.0
        for left_out in range(len(PARTS)):
            used = np.flatnonzero(owner != left_out)
            lr = LogisticRegression(C=c, solver="liblinear", max_iter=5000)
            lr.fit(x[:, used], y)
            self.coef[used] += lr.coef_[0] / len(PARTS)
            self.intercept += float(lr.intercept_[0]) / len(PARTS)

    def matrix(self, corpus: Corpus, idx: np.ndarray):
        blocks = []
        for name in checkworthy.BLOCKS:
            keep, idf = self.columns[name]
            x = corpus.counts[name][idx][:, keep].astype(np.float64)
            x.data = 1.0 + np.log(x.data)
            blocks.append(normalize(x @ diags(idf)))
        return hstack([*blocks, csr_matrix(corpus.dense[idx])]).tocsr()

    def proba(self, corpus: Corpus, idx: np.ndarray) -> np.ndarray:
        z = self.matrix(corpus, idx) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def arrays(
        self, vocabulary: dict[str, np.ndarray]
    ) -> tuple[dict[str, tuple[list[str], np.ndarray, np.ndarray]], np.ndarray]:
        """Per block (terms, idf, weights), and the dense weights."""
        coef = self.coef
        out, start = {}, 0
        for name in checkworthy.BLOCKS:
            keep, idf = self.columns[name]
            terms = [str(t) for t in vocabulary[name][keep]]
            out[name] = (terms, idf, coef[start : start + len(terms)])
            start += len(terms)
        return out, coef[start:]


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The score threshold with the best F1 on the positive class."""
    p, r, t = precision_recall_curve(labels, scores)
    f = np.where(p + r > 0, 2 * p * r / np.maximum(p + r, 1e-12), 0.0)[:-1]
    return float(t[int(np.argmax(f))])


def stable_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The mean of :func:`best_threshold` over :data:`BOOTSTRAPS` bootstrap resamples of
    ``scores`` (bagging the arg-max: the best-F1 threshold of one sample varies much more
    than the F1 it gives)."""
    rng = np.random.default_rng(SEED)
    picks = []
    for _ in range(BOOTSTRAPS):
        i = rng.integers(0, len(scores), len(scores))
        picks.append(best_threshold(scores[i], labels[i]))
    return float(np.mean(picks))


def prf(scores: np.ndarray, labels: np.ndarray, threshold: float) -> tuple[float, float, float]:
    pred = scores >= threshold
    tp = int(np.sum(pred & (labels == 1)))
    p = tp / max(int(pred.sum()), 1)
    r = tp / max(int(labels.sum()), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def choose(corpus: Corpus, idx: np.ndarray) -> tuple[float, float, np.ndarray]:
    """C (best average precision) and threshold (:func:`stable_threshold`) by
    :data:`INNER_FOLDS`-fold CV on ``idx``; and the out-of-fold scores at that C."""
    y = corpus.labels
    folds = StratifiedKFold(INNER_FOLDS, shuffle=True, random_state=SEED).split(idx, y[idx])
    folds = list(folds)
    best: tuple[float, float, np.ndarray] | None = None
    for c in C_GRID:
        oof = np.zeros(len(idx))
        for tr, te in folds:
            oof[te] = Model(corpus, idx[tr], c).proba(corpus, idx[te])
        ap = average_precision_score(y[idx], oof)
        if best is None or ap > best[0]:
            best = (ap, c, oof)
    assert best is not None
    _, c, oof = best
    return c, stable_threshold(oof, y[idx]), oof


def claimbuster_cv(cb: Corpus) -> None:
    """Nested 5-fold CV on ClaimBuster: the learned model against the baselines."""
    y = cb.labels
    names = ("learned", "old hand weights", "length")
    scores = {n: np.zeros(len(y)) for n in names}
    preds = {n: np.zeros(len(y), bool) for n in names}
    fold_f1 = {n: [] for n in names}
    fold_ap = {n: [] for n in names}
    outer = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED + 1)
    for k, (tr, te) in enumerate(outer.split(np.zeros(len(y)), y), start=1):
        c, thr, _ = choose(cb, tr)
        fold = {
            "learned": (Model(cb, tr, c).proba(cb, te), thr),
            "old hand weights": (cb.old_hand[te], stable_threshold(cb.old_hand[tr], y[tr])),
            "length": (cb.length[te], stable_threshold(cb.length[tr], y[tr])),
        }
        for n, (s, t) in fold.items():
            scores[n][te] = s
            preds[n][te] = s >= t
            fold_f1[n].append(prf(s, y[te], t)[2])
            fold_ap[n].append(average_precision_score(y[te], s))
        print(f"  outer fold {k}: C {c:g}, threshold {thr:.3f}", flush=True)
    print("ClaimBuster nested 5-fold CV (pooled out-of-fold; mean over folds in brackets):")
    for n in names:
        tp = int(np.sum(preds[n] & (y == 1)))
        p = tp / max(int(preds[n].sum()), 1)
        r = tp / int(y.sum())
        f = 2 * p * r / (p + r) if p + r else 0.0
        ap = average_precision_score(y, scores[n])
        print(
            f"  {n:18s} F1 {f:.3f} (P {p:.3f} R {r:.3f}) [{np.mean(fold_f1[n]):.3f}]   "
            f"AP {ap:.3f} [{np.mean(fold_ap[n]):.3f}]"
        )


def mean_ap(scores: np.ndarray, corpus: Corpus) -> float:
    """MAP over the corpus's files (one ranking per file)."""
    y, g = corpus.labels, corpus.groups
    return float(
        np.mean([average_precision_score(y[g == f], scores[g == f]) for f in sorted(set(g))])
    )


def checkthat_model(train: Corpus) -> tuple[Model, float]:
    """A model trained on CheckThat ``training/``, C by 5-fold CV grouped by file (MAP)."""
    y, g = train.labels, train.groups
    everything = np.arange(len(y))
    best: tuple[float, float] | None = None
    for c in C_GRID:
        oof = np.zeros(len(y))
        for tr, te in GroupKFold(FOLDS).split(everything, y, g):
            oof[te] = Model(train, tr, c).proba(train, te)
        m = mean_ap(oof, train)
        print(f"  CheckThat training/, grouped CV, C {c:g}: MAP {m:.4f}", flush=True)
        if best is None or m > best[0]:
            best = (m, c)
    assert best is not None
    return Model(train, everything, best[1]), best[1]


def runtime_check(
    model: Model, vocabulary: dict[str, np.ndarray], cb: Corpus, nlp, cache: Path
) -> float:
    """Largest difference between scikit-learn's scores and margin's numpy scorer on
    ClaimBuster (the model written to a temporary file and read back)."""
    import tempfile

    blocks, dense = model.arrays(vocabulary)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "m.npz")
        checkworthy.save_model(path, blocks, dense, model.intercept)
        runtime = checkworthy.read_model(path)
    lexicon = load_lexicon()
    docs = parse_cached(nlp, model_id(nlp), [r.text for r in cb.rows], cache)
    ours = np.array(runtime.scores([d[:] for d in docs], lexicon))
    return float(np.max(np.abs(ours - model.proba(cb, np.arange(len(docs))))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claimbuster", type=Path, help="the claimbuster folder")
    parser.add_argument("checkthat", type=Path, help="the checkthat2019 folder")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/checkworthy-cache"))
    parser.add_argument("--model", default=None, help="spaCy model (margin's default)")
    parser.add_argument("--write", action="store_true", help="write the model into analysis/")
    parser.add_argument(
        "--no-nested", action="store_true", help="skip the nested ClaimBuster CV (part 1)"
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    nlp = load_pipeline(args.model)
    cb = build_corpus(read_claimbuster(args.claimbuster), nlp, args.cache)
    ct_train = build_corpus(read_checkthat(args.checkthat / "training"), nlp, args.cache)
    ct_test = build_corpus(read_checkthat(args.checkthat / "test_annotated"), nlp, args.cache)
    print(
        f"ClaimBuster {len(cb.rows)} sentences ({int(cb.labels.sum())} check-worthy); "
        f"CheckThat training {len(ct_train.rows)} ({int(ct_train.labels.sum())}), "
        f"test {len(ct_test.rows)} ({int(ct_test.labels.sum())}); parsed with {model_id(nlp)}"
    )
    vocabulary = count_terms([cb, ct_train, ct_test])
    if not args.no_nested:
        claimbuster_cv(cb)

    everything = np.arange(len(cb.rows))
    c, threshold, oof = choose(cb, everything)
    final = Model(cb, everything, c)
    print(
        f"Final ClaimBuster model: C {c:g}, threshold {threshold:.4f} (10-fold CV on all rows: "
        f"F1 {prf(oof, cb.labels, threshold)[2]:.3f}, AP "
        f"{average_precision_score(cb.labels, oof):.3f}, not nested)"
    )
    ct_model, ct_c = checkthat_model(ct_train)
    print(
        f"CheckThat 2019 MAP over files (test_annotated/: {len(set(ct_test.groups))} files; "
        f"training/ as development where not trained on):"
    )
    rows = [
        (f"trained on CheckThat training/ (C {ct_c:g})",
         ct_model.proba(ct_test, np.arange(len(ct_test.rows))), None),
        ("trained on ClaimBuster (shipped)",
         final.proba(ct_test, np.arange(len(ct_test.rows))),
         final.proba(ct_train, np.arange(len(ct_train.rows)))),
        ("old hand weights", ct_test.old_hand, ct_train.old_hand),
        ("longer sentences first", ct_test.length, ct_train.length),
    ]  # fmt: skip
    for name, test_scores, dev_scores in rows:
        dev = f"   training/ {mean_ap(dev_scores, ct_train):.4f}" if dev_scores is not None else ""
        print(f"  {name:40s} test {mean_ap(test_scores, ct_test):.4f}{dev}")

    blocks, dense = final.arrays(vocabulary)
    print("Heaviest weights of the shipped model:")
    for name in ("words", "syntax"):
        terms, _, coef = blocks[name]
        order = np.argsort(coef)
        print(f"  {name} +: " + ", ".join(repr(terms[i]) for i in order[::-1][:12]))
        print(f"  {name} -: " + ", ".join(repr(terms[i]) for i in order[:12]))
    print("  dense: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(DENSE_NAMES, dense, strict=True)))
    diff = runtime_check(final, vocabulary, cb, nlp, args.cache)
    print(f"numpy scorer vs scikit-learn on ClaimBuster: largest difference {diff:.2e}")
    if diff > 1e-4:
        print("the run-time scorer disagrees with the trained model: not written", file=sys.stderr)
        return 1
    if args.write:
        write(final, vocabulary, c, threshold, cb, nlp)
    print(f"{time.perf_counter() - t0:.0f} s")
    return 0


def write(
    model: Model, vocabulary: dict[str, np.ndarray], c: float, threshold: float, cb: Corpus, nlp
) -> None:
    """Write the weights and their record into the analysis package, and the threshold into
    ``ASSERTION_THRESHOLD`` of ``analysis/checkworthy.py``."""
    import re

    import sklearn

    folder = Path(checkworthy.__file__).parent
    blocks, dense = model.arrays(vocabulary)
    checkworthy.save_model(str(folder / checkworthy.MODEL_FILE), blocks, dense, model.intercept)
    meta = {
        "threshold": round(threshold, 4),
        "model": "mean log-odds of 4 logistic regressions, each leaving out one of the "
        "words, chars, syntax and dense parts (one linear model)",
        "threshold_rule": "mean over 50 bootstrap resamples of the best-F1 threshold (check-"
        "worthy class) on 10-fold cross-validated scores of the training data",
        "trained_on": "ClaimBuster 2.5xNCS (kfold_25ncs.csv), Arslan et al. 2020, CC BY 4.0, "
        "doi:10.5281/zenodo.3609356",
        "sentences": len(cb.rows),
        "check_worthy": int(cb.labels.sum()),
        "C": c,
        "parsed_with": model_id(nlp),
        "terms": {name: len(blocks[name][0]) for name in checkworthy.BLOCKS},
        "dense": list(DENSE_NAMES),
        "trainer": f"bench/checkworthy_train.py, scikit-learn {sklearn.__version__}",
    }
    (folder / checkworthy.META_FILE).write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    code = Path(checkworthy.__file__)
    source, count = re.subn(
        r"^ASSERTION_THRESHOLD = [0-9.]+$",
        f"ASSERTION_THRESHOLD = {meta['threshold']}",
        code.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    if count != 1:
        raise SystemExit(f"{code}: no ASSERTION_THRESHOLD line to update")
    code.write_text(source, encoding="utf-8")
    size = (folder / checkworthy.MODEL_FILE).stat().st_size
    print(f"wrote {folder / checkworthy.MODEL_FILE} ({size / 1e6:.2f} MB) and its .json")


if __name__ == "__main__":
    raise SystemExit(main())
