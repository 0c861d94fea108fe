"""The CPU cost of check-worthiness scoring against the parse it reads, in the same run.

    python bench/checkworthy_speed.py ../shared/data/bbc [--limit 60] [--rounds 3]

The articles are cut into margin's blocks and parsed with margin's pipeline; then every
block's sentences are scored (:func:`margin.analysis.checkworthy.score_sentences`, as the
engine does). Printed: medians over rounds of CPU seconds for the parse and for the scoring,
the scoring's cost per sentence and as a share of the parse. The whole analyser against bare
``nlp.pipe``: ``bench/analysis_speed.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from margin.analysis.blocks import split_blocks
from margin.analysis.checkworthy import load_model, score_sentences
from margin.analysis.cues import load_lexicon
from margin.analysis.pipeline import load_pipeline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of .txt articles (e.g. the BBC corpus)")
    parser.add_argument("--limit", type=int, default=60, help="the first N articles")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.rglob("*.txt"))[: args.limit]
    if not paths:
        raise SystemExit(f"{args.corpus}: no .txt articles")
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chunks = [t[s:e] for t in texts for s, e in split_blocks(t)]
    nlp, lexicon = load_pipeline(), load_lexicon()
    load_model()
    parse: list[float] = []
    score: list[float] = []
    sentences = 0
    for _ in range(args.rounds):
        start = time.process_time()
        docs = list(nlp.pipe(chunks, batch_size=64))
        parse.append(time.process_time() - start)
        blocks = [list(doc.sents) for doc in docs]
        sentences = sum(map(len, blocks))
        start = time.process_time()
        for sents in blocks:
            score_sentences(sents, lexicon)
        score.append(time.process_time() - start)
    p, s = statistics.median(parse), statistics.median(score)
    print(
        f"{len(texts)} articles, {sentences} sentences: parse {p:.2f} s CPU, scoring {s:.3f} s "
        f"CPU = {s / sentences * 1e6:.0f} µs a sentence, {s / p:.1%} of the parse "
        f"(medians of {args.rounds} rounds)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
