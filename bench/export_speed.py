"""Time exporting an article with 5,000 notes in every format, and parsing the exports back.

    .venv/bin/python bench/export_speed.py [--notes 5000] [--paragraphs 120] [--repeat 3]

Prints one line per format: the best time of ``--repeat`` runs, the output size, and the
ratio to the 1 s budget. Exits non-zero if any export takes longer than the budget.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable

from margin.export.api import FORMATS, export_article
from margin.export.importer import parse_bundle
from margin.model import Analysis, Article, Claim, Entity, TextSpan
from margin.storage.model import Anchor, Note

BUDGET = 1.0
SAMPLE = (
    "the council said bridge budget would open in May critics argue cost doubled mayor "
    "residents association report officials confirmed river harbour ferry contract delay "
    "minister claimed that according to sources spokesperson million percent Tuesday"
)
WORDS = tuple(SAMPLE.split())
LABELS = ("PERSON", "ORG", "GPE", "DATE", "MONEY", "CARDINAL")


def make_article(paragraphs: int, rng: random.Random) -> Article:
    paras = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(rng.randint(3, 7)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
            sentences.append(" ".join(words).capitalize() + ".")
        paras.append(" ".join(sentences))
    return Article.from_text("\n\n".join(paras), "A long article", "https://example.org/a")


def make_notes(article: Article, n: int, rng: random.Random) -> list[Note]:
    text = article.text
    notes = []
    for i in range(n):
        start = rng.randrange(0, len(text) - 200)
        end = start + rng.randint(5, 160)
        body = ""
        if rng.random() < 0.4:
            body = rng.choice(["Check this.", "Source? *Ask* the press office.", "Compare to 2019"])
        notes.append(
            Note(
                id=f"{i:032x}",
                article=article.sha256,
                anchor=Anchor.from_text(text, start, end),
                body=body,
                tags=tuple(rng.sample(["check", "money", "quote", "follow up"], rng.randint(0, 2))),
                colour=rng.choice([None, 1, 2, 3, 4, 5]),
                created="2024-05-01T10:00:00Z",
                updated="2024-05-01T10:00:00Z",
                status="orphaned" if rng.random() < 0.02 else "anchored",
            )
        )
    return notes


def make_analysis(article: Article, rng: random.Random) -> Analysis:
    text = article.text
    entities, claims = [], []
    pos = 0
    while pos < len(text) - 50:
        pos = text.find(" ", pos + rng.randint(20, 120))
        if pos < 0:
            break
        end = text.find(" ", pos + 1)
        if end < 0:
            break
        entities.append(Entity(pos + 1, end, rng.choice(LABELS), text[pos + 1 : end]))
        pos = end
    for start in range(0, len(text) - 200, 700):
        claims.append(Claim("assertion", TextSpan.of(text, start, start + 120), score=0.7))
    return Analysis(sentences=[], entities=entities, claims=claims, model="bench")


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=5000)
    parser.add_argument("--paragraphs", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(5)
    article = make_article(args.paragraphs, rng)
    notes = make_notes(article, args.notes, rng)
    analysis = make_analysis(article, rng)
    print(
        f"article: {len(article.text):,} characters, {args.notes:,} notes, "
        f"{len(analysis.entities):,} entities, {len(analysis.claims):,} claims; "
        f"budget {BUDGET:.1f} s per export"
    )
    slow = False
    outputs: dict[str, str] = {}
    for fmt in FORMATS:
        for what in ("notes", "all"):
            seconds, text = best_of(
                args.repeat,
                lambda fmt=fmt, what=what: export_article(
                    article, notes, analysis=analysis, fmt=fmt, what=what
                ),
            )
            assert isinstance(text, str)
            outputs[fmt] = text
            slow |= seconds > BUDGET
            print(
                f"export {fmt:<4} --what {what:<5} {seconds * 1000:7.1f} ms  "
                f"{len(text.encode()) / 1e6:6.2f} MB  {seconds / BUDGET:5.2f} × budget"
            )
    for fmt in ("json", "w3c"):
        seconds, bundle = best_of(args.repeat, lambda fmt=fmt: parse_bundle(outputs[fmt]))
        count = len(bundle.notes)  # type: ignore[attr-defined]
        print(f"parse  {fmt:<4} import     {seconds * 1000:7.1f} ms  {count:,} notes read back")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
