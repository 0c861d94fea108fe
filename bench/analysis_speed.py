"""margin's analysis against bare ``nlp.pipe`` with the same components, in the same run.

    .venv/bin/python bench/analysis_speed.py ../shared/data/bbc [--limit N] [--rounds R]

Both sides see the same paragraph blocks with the same batch size; "bare" only runs spaCy
over them, "margin" runs :func:`margin.analysis.engine.analyze` (blocks, spaCy, sentences, entities,
quotation pairing, claims, check-worthiness). Each article is run bare and through margin
back to back (order swapped every round), and the best round time of each side is kept.
The overhead (margin / bare - 1) must stay at or under 15%.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from margin.analysis.blocks import split_blocks
from margin.analysis.engine import BATCH_SIZE, analyze
from margin.analysis.pipeline import load_pipeline, model_id

LIMIT = 0.15


def load_corpus(root: Path, limit: int | None) -> list[str]:
    """The corpus texts (every ``*.txt`` under ``root``, sorted), at most ``limit`` of them."""
    paths = sorted(root.rglob("*.txt"))
    if not paths:
        raise SystemExit(f"{root}: no .txt files")
    if limit:
        paths = paths[:limit]
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def bare_one(nlp, text: str) -> None:
    """Bare spaCy over the same blocks margin uses."""
    chunks = [text[s:e] for s, e in split_blocks(text)]
    for doc in nlp.pipe(chunks, batch_size=BATCH_SIZE):
        len(doc)


def run_round(nlp, texts: list[str], swap: bool) -> tuple[float, float, int]:
    """One round over the corpus, article by article, bare and margin back to back (the
    order swapped every round) so that load from other processes hits both alike."""
    bare = margin = 0.0
    claims = 0
    for text in texts:
        for side in ("margin", "bare") if swap else ("bare", "margin"):
            t0 = time.perf_counter()
            if side == "bare":
                bare_one(nlp, text)
                bare += time.perf_counter() - t0
            else:
                claims += len(analyze(text, nlp).claims)
                margin += time.perf_counter() - t0
    return bare, margin, claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder of .txt articles (e.g. the BBC corpus)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--model", default=None)
    parser.add_argument(
        "--compare-full",
        action="store_true",
        help="also time bare spaCy with every component (lemmatizer, attribute_ruler)",
    )
    args = parser.parse_args(argv)
    texts = load_corpus(args.corpus, args.limit)
    nlp = load_pipeline(args.model)
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)
    print(f"corpus: {args.corpus} ({len(texts)} articles, {words:,} words, {chars:,} chars)")
    print(f"model: {model_id(nlp)}; components: {', '.join(nlp.pipe_names)}")
    for text in texts[:5]:  # warm up
        bare_one(nlp, text)
    bare_times: list[float] = []
    margin_times: list[float] = []
    claims = 0
    for r in range(args.rounds):
        b, m, claims = run_round(nlp, texts, swap=bool(r % 2))
        bare_times.append(b)
        margin_times.append(m)
        print(f"round {r + 1}: bare {b:.2f} s, margin {m:.2f} s (ratio {m / b:.3f})")
    bare = min(bare_times)
    margin = min(margin_times)
    ratio = margin / bare
    print(f"bare nlp.pipe: {bare:.2f} s ({words / bare:,.0f} words/s)")
    print(f"margin analyze: {margin:.2f} s ({words / margin:,.0f} words/s; {claims:,} claims)")
    if args.compare_full:
        import spacy

        from margin.analysis.pipeline import resolve_model_name

        full = spacy.load(resolve_model_name(args.model))
        for text in texts[:5]:
            bare_one(full, text)
        t0 = time.perf_counter()
        for text in texts:
            bare_one(full, text)
        full_time = time.perf_counter() - t0
        print(
            f"bare nlp.pipe with every component ({', '.join(full.pipe_names)}): "
            f"{full_time:.2f} s ({words / full_time:,.0f} words/s; margin's trimmed "
            f"pipeline is {100 * (full_time / bare - 1):+.1f}% faster)"
        )
    verdict = "OK" if ratio - 1 <= LIMIT else "OVER"
    print(
        f"ratio margin/bare: {ratio:.3f} (overhead {100 * (ratio - 1):+.1f}%, limit +15%: "
        f"{verdict})"
    )
    return 0 if ratio - 1 <= LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
