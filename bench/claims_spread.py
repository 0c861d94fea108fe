"""How far a split of 84 articles can fall from the whole of polnear-train by chance.

    .venv/bin/python bench/claims_spread.py ../shared/data/polnear-train \
        --like ../shared/data/polnear-dev --versus /tmp/dev.json [--cache /tmp/claims-cache-train]

The issue asks for train within 0.02 of dev on every figure. Dev holds 84 articles, 12 per
publisher, each scored against its first annotator (in sort order of the annotator ids).
This script scores every train article once and then draws many samples of train articles
laid out like the ``--like`` split, and prints the spread of their figures:

- **by publisher** (12 per publisher, drawn without replacement): the plain sampling spread;
- **by publisher and annotator** (for each article of the ``--like`` split, a train article
  of the same publisher whose first annotator is the same person): what a sample with the
  ``--like`` split's mix of annotators scores on average.

Of the ``--like`` split only the file names are read (publisher and annotator ids): not its
texts, its annotations or any prediction on it. ``--versus`` takes the split's totals as
``bench/claims_eval.py --json`` prints them, and reports the share of samples that score at
least as far above the whole of train as that split does. Train figures by publisher and by
first annotator are printed as well.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims_eval import load_split, match, prf

from margin.analysis.engine import analyze
from margin.analysis.pipeline import load_pipeline

FIGURES = ("f1@0.3", "f1@0.8", "p@0.3", "r@0.3")


@dataclass(frozen=True)
class Counts:
    """One article's matched, predicted and gold counts at both thresholds."""

    name: str
    publisher: str
    annotator: str
    gold: int
    pred: int
    tp3: int
    tp8: int


def first_annotators(root: Path) -> dict[str, str]:
    """Article name -> the id of its first annotator file in sort order (the one scored)."""
    first: dict[str, str] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        name, annotator = ann.stem.rsplit("_", 1)
        first.setdefault(name, annotator)
    return first


def publisher(name: str) -> str:
    """The publisher prefix of a PolNeAR article name (``nyt_2016-...`` -> ``nyt``)."""
    return name.split("_", 1)[0]


def figures(rows: list[Counts]) -> dict[str, float]:
    """Pooled precision, recall and F1 of a set of articles, as claims_eval scores a split."""
    gold = sum(r.gold for r in rows)
    pred = sum(r.pred for r in rows)
    p3, r3, f3 = prf(sum(r.tp3 for r in rows), pred, gold)
    _, _, f8 = prf(sum(r.tp8 for r in rows), pred, gold)
    return {"f1@0.3": f3, "f1@0.8": f8, "p@0.3": p3, "r@0.3": r3}


def score_articles(root: Path, cache: Path | None, model: str | None) -> list[Counts]:
    """Run the engine over every article of a split and count its matches."""
    nlp = load_pipeline(model)
    cached = None
    if cache is not None:
        from parse_cache import CachedPipeline

        cached = nlp = CachedPipeline(nlp, cache, root.resolve().name)
    annotators = first_annotators(root)
    rows = []
    for a in load_split(root):
        pred = [c for c in analyze(a.text, nlp).claims if c.kind != "assertion"]
        rows.append(
            Counts(
                a.name,
                publisher(a.name),
                annotators[a.name],
                len(a.gold),
                len(pred),
                len(match(a.gold, pred, 0.3)),
                len(match(a.gold, pred, 0.8)),
            )
        )
    if cached is not None:
        cached.save()
    return rows


def draw_by_publisher(rows: list[Counts], layout: Counter[str], rng: random.Random) -> list[Counts]:
    """Articles drawn without replacement, as many of each publisher as ``layout`` says."""
    pools: dict[str, list[Counts]] = defaultdict(list)
    for r in rows:
        pools[r.publisher].append(r)
    out: list[Counts] = []
    for pub, n in layout.items():
        out.extend(rng.sample(pools[pub], n))
    return out


def draw_by_cell(
    rows: list[Counts], layout: Counter[tuple[str, str]], rng: random.Random
) -> list[Counts]:
    """Articles drawn without replacement per (publisher, annotator) cell of ``layout``."""
    pools: dict[tuple[str, str], list[Counts]] = defaultdict(list)
    for r in rows:
        pools[(r.publisher, r.annotator)].append(r)
    out: list[Counts] = []
    for cell, n in layout.items():
        pool = pools[cell]
        out.extend(rng.sample(pool, n) if len(pool) >= n else rng.choices(pool, k=n))
    return out


def spread(samples: list[dict[str, float]], whole: dict[str, float], versus: dict[str, float]):
    """Mean, sd, 2.5 and 97.5 percentiles of each figure, and the share at least ``versus``."""
    for key in FIGURES:
        values = sorted(s[key] for s in samples)
        n = len(values)
        line = (
            f"  {key:7s} mean {statistics.fmean(values):.4f} (whole {whole[key]:.4f})  "
            f"sd {statistics.stdev(values):.4f}  95% {values[int(0.025 * n)]:.4f}"
            f"-{values[int(0.975 * n) - 1]:.4f}"
        )
        if key in versus:
            share = sum(v >= versus[key] for v in values) / n
            line += f"  at or above {versus[key]:.4f}: {share:.4f}"
        print(line)


def _versus(path: Path | None) -> dict[str, float]:
    if path is None:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        "f1@0.3": data["@0.3"]["f1"],
        "f1@0.8": data["@0.8"]["f1"],
        "p@0.3": data["@0.3"]["precision"],
        "r@0.3": data["@0.3"]["recall"],
    }


def _table(title: str, groups: dict[str, list[Counts]]) -> None:
    print(f"\n{title}:")
    for key, rows in sorted(groups.items()):
        f = figures(rows)
        print(
            f"  {key:12s} {len(rows):4d} articles {sum(r.gold for r in rows):6d} gold  "
            + "  ".join(f"{k} {f[k]:.4f}" for k in FIGURES)
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path, help="the split to sample (polnear-train)")
    parser.add_argument("--like", type=Path, required=True, help="the split whose layout to copy")
    parser.add_argument("--versus", type=Path, help="that split's claims_eval.py --json totals")
    parser.add_argument("--samples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)

    rows = score_articles(args.split, args.cache, args.model)
    whole = figures(rows)
    like = first_annotators(args.like)
    by_pub = Counter(publisher(name) for name in like)
    by_cell = Counter((publisher(name), who) for name, who in like.items())
    versus = _versus(args.versus)
    rng = random.Random(args.seed)

    print(
        f"{args.split}: {len(rows)} articles, " + "  ".join(f"{k} {whole[k]:.4f}" for k in FIGURES)
    )
    print(
        f"layout of {args.like}: {len(like)} articles; "
        f"first annotators {dict(Counter(like.values()))}"
    )
    print(f"first annotators of {args.split}: {dict(Counter(r.annotator for r in rows))}")
    groups: dict[str, list[Counts]] = defaultdict(list)
    for r in rows:
        groups[r.publisher].append(r)
    _table("by publisher", groups)
    groups = defaultdict(list)
    for r in rows:
        groups[r.annotator].append(r)
    _table("by first annotator", groups)

    print(f"\n{args.samples} samples laid out by publisher:")
    spread(
        [figures(draw_by_publisher(rows, by_pub, rng)) for _ in range(args.samples)], whole, versus
    )
    print(f"\n{args.samples} samples laid out by publisher and first annotator:")
    spread([figures(draw_by_cell(rows, by_cell, rng)) for _ in range(args.samples)], whole, versus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
