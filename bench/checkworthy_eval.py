"""Score margin's check-worthiness of sentences on the ClaimBuster 2.5xNCS set.

    .venv/bin/python bench/checkworthy_eval.py ../shared/data/claimbuster [--limit N]

Each sentence is parsed once with margin's pipeline and scored with
:func:`margin.analysis.checkworthy.score_sentence` (the score that orders the reader's unattributed
claims). Printed: precision, recall and F1 on the positive class (check-worthy, label 1) at
margin's assertion threshold and at the best threshold, PR-AUC (average precision) of the
score, and the majority baseline (always "not check-worthy": F1 0, PR-AUC = positive rate).
The data are debate sentences, not news: a domain shift for margin.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from margin.analysis.checkworthy import ASSERTION_THRESHOLD, score_sentence
from margin.analysis.cues import load_lexicon
from margin.analysis.pipeline import load_pipeline


def read_rows(root: Path, limit: int | None) -> list[tuple[str, int]]:
    """(sentence, label) pairs from the ClaimBuster CSV under ``root``."""
    path = root / "kfold_25ncs.csv" if root.is_dir() else root
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["text"], int(r["label"])) for r in csv.DictReader(fh)]
    return rows[:limit] if limit else rows


def prf(scores: list[float], labels: list[int], threshold: float) -> tuple[float, float, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y == 1)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y == 0)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y == 1)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def average_precision(scores: list[float], labels: list[int]) -> float:
    """PR-AUC as average precision (ties broken pessimistically)."""
    order = sorted(zip(scores, labels, strict=True), key=lambda x: (-x[0], x[1]))
    positives = sum(labels)
    if not positives:
        return 0.0
    tp = 0
    ap = 0.0
    for i, (_, y) in enumerate(order, start=1):
        if y == 1:
            tp += 1
            ap += tp / i
    return ap / positives


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="the claimbuster folder (or its CSV)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    rows = read_rows(args.data, args.limit)
    nlp = load_pipeline(args.model)
    lexicon = load_lexicon()
    t0 = time.perf_counter()
    scores: list[float] = []
    for doc in nlp.pipe((text for text, _ in rows), batch_size=256):
        # A row may parse as several sentences: its score is the highest one's.
        scores.append(max((score_sentence(s, lexicon) for s in doc.sents), default=0.0))
    labels = [y for _, y in rows]
    elapsed = time.perf_counter() - t0
    pos = sum(labels)
    print(
        f"ClaimBuster: {len(rows)} sentences, {pos} check-worthy ({pos / len(rows):.1%}); "
        f"{elapsed:.1f} s"
    )
    p, r, f = prf(scores, labels, ASSERTION_THRESHOLD)
    print(
        f"margin @ {ASSERTION_THRESHOLD:.2f} (assertion threshold): P {p:.3f}  R {r:.3f}  "
        f"F1 {f:.3f}"
    )
    best = max(((*prf(scores, labels, t / 100), t / 100) for t in range(5, 96)), key=lambda x: x[2])
    print(
        f"margin @ {best[3]:.2f} (best F1 threshold):  P {best[0]:.3f}  R {best[1]:.3f}  "
        f"F1 {best[2]:.3f}"
    )
    ap = average_precision(scores, labels)
    print(
        f"PR-AUC (average precision): margin {ap:.3f}  vs majority baseline "
        f"{pos / len(rows):.3f} (always 0: P 0, R 0, F1 0)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
