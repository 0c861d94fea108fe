"""What each claim rule is worth on a split: the figures with one rule left out at a time.

    .venv/bin/python bench/claims_ablate.py ../shared/data/polnear-train \
        --cache /tmp/claims-cache-train [--only NAME ...] [--shard K/N]

Rounds 1-4 of the claims work were tuned on polnear-dev (see bench/CLAIMS.md); this asks of
every rule function whether it still earns its place on train, where it was never tuned.
A rule is left out by replacing it, where its caller looks it up, with a function that finds
nothing (the rule tables of ``analysis/claims.py`` and ``analysis/claims_verbs.py`` are read
at call time, so taking a rule out of a table is the same). Every run goes through the
unchanged engine over the stored parses (``--cache``, see ``bench/parse_cache.py``). Prints,
for each rule, the change of every figure against the run with all rules and the number of
claims it adds; run it on train only.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claims_eval import load_split, score

from margin.analysis.engine import analyze
from margin.analysis.pipeline import load_pipeline

#: (module under margin.analysis, attribute): the rule functions, each found where the code
#: that tries it looks it up.
RULES: tuple[tuple[str, str], ...] = (
    ("claims", "label_colon"),
    ("claims", "colon_quote"),
    ("claims", "adjective_cue"),
    ("claims", "attitude_candidate"),
    ("claims", "headline_verb"),
    ("claims", "that_clause_verb"),
    ("claims", "according_cue"),
    ("claims", "noun_cue"),
    ("claims", "evidential_adverb"),
    ("claims_verbs", "colon_after_cue"),
    ("claims_verbs", "clausal_complement"),
    ("claims_verbs", "clause_before"),
    ("claims_verbs", "fronted_object"),
    ("claims_verbs", "as_clause"),
    ("claims_verbs", "cue_inside_content"),
    ("claims_verbs", "to_infinitive"),
    ("claims_verbs", "asked_about"),
    ("claims_verbs", "noun_phrase_object"),
    ("claims_verbs", "bare_cue"),
    ("claims_verbs", "evidential"),
)

TABLES = {
    "claims": ("SENTENCE_RULES", "TOKEN_RULES"),
    "claims_verbs": ("VERB_RULES", "EVIDENTIAL_RULES"),
}


def _nothing(*_args: object, **_kwargs: object) -> None:
    return None


@contextmanager
def left_out(module_name: str, attr: str) -> Iterator[None]:
    """Replace one rule by :func:`_nothing` in its module and in that module's rule tables."""
    module = importlib.import_module(f"margin.analysis.{module_name}")
    saved: dict[str, object] = {attr: getattr(module, attr)}
    rule: Callable[..., object] = getattr(module, attr)
    setattr(module, attr, _nothing)
    for table in TABLES.get(module_name, ()):
        rules = getattr(module, table)
        saved[table] = rules
        setattr(module, table, tuple(_nothing if r is rule else r for r in rules))
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def run(articles: list, nlp: object) -> dict[str, object]:
    """Score the split with the engine as it stands."""
    for a in articles:
        a.pred = [c for c in analyze(a.text, nlp).claims if c.kind != "assertion"]
    return score(articles)


def _row(result: dict[str, object]) -> dict[str, float]:
    r3, r8 = result["@0.3"], result["@0.8"]
    assert isinstance(r3, dict) and isinstance(r8, dict)
    return {
        "F1@0.3": r3["f1"],
        "F1@0.8": r8["f1"],
        "P": r3["precision"],
        "R": r3["recall"],
        "speaker": r3["speaker_acc"],
        "cue": r3["cue_acc"],
        "claims": float(result["predicted"]),  # type: ignore[arg-type]
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--only", nargs="*", help="rule names to leave out (default: all)")
    parser.add_argument("--shard", default="1/1", help="K/N: the K-th of N slices of the rules")
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    from parse_cache import CachedPipeline

    nlp = CachedPipeline(load_pipeline(args.model), args.cache, args.split.resolve().name)
    articles = load_split(args.split)
    base = _row(run(articles, nlp))
    print("all rules  " + "  ".join(f"{k} {v:.4f}" for k, v in base.items()), flush=True)
    k, n = (int(x) for x in args.shard.split("/"))
    rules = [r for r in RULES if not args.only or r[1] in args.only][k - 1 :: n]
    for module_name, attr in rules:
        with left_out(module_name, attr):
            row = _row(run(articles, nlp))
        print(
            f"without {attr:20s} "
            + "  ".join(f"{key} {row[key] - base[key]:+.4f}" for key in base if key != "claims")
            + f"  claims {int(row['claims'] - base['claims']):+d}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
