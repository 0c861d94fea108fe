"""bench/checkworthy_train.py: the averaged model is one linear model, and the threshold rule
(needs the ``train`` extra; skipped without scikit-learn)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")

from scipy.sparse import csr_matrix

BENCH = Path(__file__).resolve().parent.parent / "bench" / "checkworthy_train.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("checkworthy_train_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _corpus(bench, rows: int = 60):
    """A small random corpus: three blocks of term counts, the dense features, labels that
    follow a few of the terms."""
    from margin.analysis.checkworthy import BLOCKS
    from margin.analysis.checkworthy_features import DENSE_NAMES

    rng = np.random.default_rng(3)
    labels = np.arange(rows) % 3 == 0
    counts = {}
    for number, name in enumerate(BLOCKS):
        x = rng.poisson(0.4, size=(rows, 12 + number))
        x[labels, number] += 2
        counts[name] = csr_matrix(x)
    dense = rng.normal(size=(rows, len(DENSE_NAMES)))
    data_rows = [bench.Row(f"s{i}", int(y)) for i, y in enumerate(labels)]
    return bench.Corpus(data_rows, {}, dense, np.zeros(rows), np.ones(rows), counts)


def test_model_scores_the_mean_log_odds_of_four_models_each_without_one_part(bench) -> None:
    from sklearn.linear_model import LogisticRegression

    corpus = _corpus(bench)
    train, test = np.arange(0, 45), np.arange(45, 60)
    model = bench.Model(corpus, train, 2.0)
    x_train, x_test = model.matrix(corpus, train), model.matrix(corpus, test)
    widths = [len(model.columns[n][0]) for n in bench.checkworthy.BLOCKS]
    widths.append(corpus.dense.shape[1])
    owner = np.repeat(np.arange(len(bench.PARTS)), widths)
    log_odds = []
    for left_out in range(len(bench.PARTS)):
        used = np.flatnonzero(owner != left_out)
        lr = LogisticRegression(C=2.0, solver="liblinear", max_iter=5000)
        lr.fit(x_train[:, used], corpus.labels[train])
        log_odds.append(lr.decision_function(x_test[:, used]))
    expected = 1.0 / (1.0 + np.exp(-np.mean(log_odds, axis=0)))
    assert len(bench.PARTS) == 4
    np.testing.assert_allclose(model.proba(corpus, test), expected, rtol=1e-9, atol=1e-12)
    blocks, dense = model.arrays({n: np.array([f"t{i}" for i in range(20)]) for n in bench.PARTS})
    assert sum(len(b[2]) for b in blocks.values()) + len(dense) == len(model.coef)


def test_stable_threshold_falls_between_separated_classes(bench) -> None:
    scores = np.array([0.1, 0.15, 0.2, 0.25, 0.3, 0.7, 0.75, 0.8, 0.85, 0.9])
    labels = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    threshold = bench.stable_threshold(scores, labels)
    # each resample's best threshold is its lowest positive score (0.7 when it holds that one)
    assert 0.7 <= threshold < 0.8
    assert threshold == bench.stable_threshold(scores, labels)  # seeded: the same every run


def test_stable_threshold_is_steadier_than_one_best_f1(bench) -> None:
    rng = np.random.default_rng(0)
    best, stable = [], []
    for _ in range(20):
        labels = rng.random(400) < 0.3
        scores = rng.normal(labels * 1.0, 1.0)
        best.append(bench.best_threshold(scores, labels))
        stable.append(bench.stable_threshold(scores, labels))
    assert np.std(stable) < np.std(best)
