"""Check that a speed-up changed nothing: dump the analyser's output, then compare two dumps.

    .venv/bin/python bench/analysis_same.py dump OUT.json ../shared/data \\
        [--cache /tmp/analysis-same] [--bbc 200]
    .venv/bin/python bench/analysis_same.py compare BEFORE.json AFTER.json

``dump`` writes, for the code on the path: every analysis (sentences, entities, claims,
check-worthiness) of the PolNeAR dev articles and of the first ``--bbc`` BBC articles, through
:func:`margin.analysis.engine.analyze` over cached parses (``bench/parse_cache.py``: the same
parse for both dumps, so only margin's own code differs), and the check-worthiness scores and
features of the ClaimBuster sentences (parsed as ``bench/checkworthy_train.py`` parses them).
``compare`` prints how many analyses differ and the largest score difference. The dumps hold
corpus text: keep them under ``/tmp``, never in the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def dump(out: Path, data: Path, cache: Path, bbc: int) -> None:
    """Write the dump of the code on the path to ``out``."""
    from checkworthy_data import parse_cached, read_claimbuster
    from parse_cache import CachedPipeline

    from margin.analysis.checkworthy import load_model
    from margin.analysis.checkworthy_features import char_terms, sentence_parts
    from margin.analysis.cues import load_lexicon
    from margin.analysis.engine import analyze
    from margin.analysis.pipeline import load_pipeline, model_id

    nlp = load_pipeline()
    bbc_paths = sorted(p for p in (data / "bbc").rglob("*.txt") if p.name[0].isdigit())[:bbc]
    splits = {"polnear-dev": sorted((data / "polnear-dev" / "text").glob("*.txt")),
              "bbc": bbc_paths}  # fmt: skip
    result: dict[str, object] = {}
    cache.mkdir(parents=True, exist_ok=True)
    for name, paths in splits.items():
        parsed = CachedPipeline(nlp, cache, name)
        result[name] = {
            p.name: analyze(p.read_text(encoding="utf-8", errors="replace"), parsed).to_dict()
            for p in paths
        }
        if parsed.misses:
            parsed.save()
    lexicon = load_lexicon()
    rows = read_claimbuster(data / "claimbuster")
    docs = parse_cached(nlp, model_id(nlp), [r.text for r in rows], cache)
    result["cb_scores"] = load_model().scores([d[:] for d in docs], lexicon)
    features = []
    for doc in docs:
        parts = sentence_parts(doc[:], lexicon)
        features.append([parts.words, parts.syntax, parts.dense, char_terms(doc[:].text)])
    result["cb_features"] = features
    out.write_text(json.dumps(result), encoding="utf-8")


def compare(before: Path, after: Path) -> int:
    """Print the differences of two dumps; 0 when there are none."""
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    status = 0
    for split in ("polnear-dev", "bbc"):
        differ = sorted(n for n in a[split] if a[split][n] != b[split].get(n))
        print(f"{split}: {len(a[split])} analyses, {len(differ)} differ {differ[:5]}")
        status |= bool(differ)
    gap = max(abs(x - y) for x, y in zip(a["cb_scores"], b["cb_scores"], strict=True))
    same = a["cb_features"] == b["cb_features"]
    print(f"ClaimBuster: {len(a['cb_scores'])} scores, largest difference {gap:.3g}; "
          f"features {'the same' if same else 'DIFFER'}")  # fmt: skip
    return status | (gap > 1e-9) | (not same)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("data", type=Path, help="the shared data folder (../shared/data)")
    d.add_argument("--cache", type=Path, default=Path("/tmp/analysis-same"))
    d.add_argument("--bbc", type=int, default=200)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.data, args.cache, args.bbc)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
