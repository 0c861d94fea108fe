"""Score margin's claims extractor on a PolNeAR split (brat standoff attributions).

    .venv/bin/python bench/claims_eval.py ../shared/data/polnear-train [--errors FILE]
        [--assertions] [--kinds] [--half even|odd] [--cache /tmp/claims-cache]

Any PolNeAR split folder (``text/`` and ``attributions/``) can be scored: develop on
``polnear-train``, check on ``polnear-dev``. ``--cache DIR`` keeps the spaCy parses of the
split's paragraph blocks in ``DIR`` (see ``bench/parse_cache.py``) so that a rule change
re-scores in seconds; the engine runs unchanged over the stored parses.

Scoring (as ../shared/data/README.md describes): one ``.ann`` per article (the first in sort
order); every ``E`` line is one gold attribution. Gold and predicted claims are matched
one-to-one by content overlap (characters shared / gold content length), greedily by largest
overlap, at thresholds 0.3 and 0.8; precision, recall and F1 at both. For matched pairs:
speaker accuracy (the predicted speaker span, or a resolved pronoun's original span,
overlaps the gold Source; pairs whose gold has no Source are left out) and cue accuracy
(the predicted cue overlaps the gold Cue). Recall is broken down by direct quotes (gold
content holds a quotation mark) and the rest, and by belief/intention cues.

Predicted claims are the attributed ones (``quote`` and ``reported``, including those
flagged ``mental``): ``assertion`` claims are unattributed by definition and PolNeAR only
annotates attributions. ``--assertions`` scores them too, for comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from margin.analysis.engine import analyze
from margin.analysis.pipeline import load_pipeline
from margin.model import Claim

Spans = list[tuple[int, int]]
QUOTE_MARKS = ('"', "“", "”", "«", "»", "''", "``")


@dataclass
class Gold:
    """One gold attribution."""

    content: Spans
    source: Spans
    cue: Spans
    text: str = ""

    @property
    def length(self) -> int:
        return sum(e - s for s, e in self.content)

    @property
    def direct(self) -> bool:
        return any(q in self.text for q in QUOTE_MARKS)


@dataclass
class Article:
    name: str
    text: str
    gold: list[Gold]
    pred: list[Claim] = field(default_factory=list)


def _spans(field_text: str) -> Spans:
    out: Spans = []
    for part in field_text.split(";"):
        s, e = part.split()
        out.append((int(s), int(e)))
    return out


def read_ann(path: Path, text: str) -> list[Gold]:
    """The gold attributions of one brat ``.ann`` file."""
    spans: dict[str, Spans] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = _spans(offsets)
        elif line.startswith("E") and len(parts) >= 2:
            args = dict(a.split(":", 1) for a in parts[1].split()[1:])
            events.append(args)
    gold: list[Gold] = []
    for args in events:
        if "Content" not in args:
            continue
        content = spans[args["Content"]]
        gold.append(
            Gold(
                content=content,
                source=spans.get(args.get("Source", ""), []),
                cue=spans.get(args.get("Cue", ""), []),
                text=" ".join(text[s:e] for s, e in content),
            )
        )
    return gold


def load_split(root: Path) -> list[Article]:
    """Every article of a PolNeAR split with its first annotator's attributions."""
    ann_dir = root / "attributions"
    text_dir = root / "text"
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise SystemExit(f"{root}: expected text/ and attributions/ folders")
    first_ann: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        first_ann.setdefault(name, ann)
    articles = []
    for name, ann in sorted(first_ann.items()):
        text = (text_dir / f"{name}.txt").read_text(encoding="utf-8")
        articles.append(Article(name, text, read_ann(ann, text)))
    return articles


def _shared(gold: Spans, start: int, end: int) -> int:
    return sum(max(0, min(e, end) - max(s, start)) for s, e in gold)


def _touches(gold: Spans, start: int, end: int) -> bool:
    return any(min(e, end) > max(s, start) for s, e in gold)


def match(gold: list[Gold], pred: list[Claim], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, pred index, overlap) pairs, greedily by largest overlap."""
    pairs = []
    for gi, g in enumerate(gold):
        if not g.length:
            continue
        for pi, p in enumerate(pred):
            ov = _shared(g.content, p.content.start, p.content.end) / g.length
            if ov >= threshold:
                pairs.append((ov, gi, pi))
    pairs.sort(key=lambda x: -x[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for ov, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, ov))
    return out


def speaker_ok(g: Gold, p: Claim) -> bool:
    """Whether the predicted speaker (or its original, unresolved span) overlaps the Source."""
    if p.speaker is None:
        return False
    if _touches(g.source, p.speaker.start, p.speaker.end):
        return True
    o = p.speaker.original
    return o is not None and _touches(g.source, o.start, o.end)


def cue_ok(g: Gold, p: Claim) -> bool:
    """Whether the predicted cue overlaps the gold Cue."""
    return p.cue is not None and _touches(g.cue, p.cue.start, p.cue.end)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(articles: list[Article]) -> dict[str, object]:
    """All figures over a scored split (``pred`` filled in)."""
    out: dict[str, object] = {}
    n_gold = sum(len(a.gold) for a in articles)
    n_pred = sum(len(a.pred) for a in articles)
    out["gold"] = n_gold
    out["predicted"] = n_pred
    for th in (0.3, 0.8):
        tp = 0
        spk_n = spk_ok = cue_n = cue_good = 0
        direct_tp = direct_n = indirect_tp = indirect_n = 0
        for a in articles:
            pairs = match(a.gold, a.pred, th)
            tp += len(pairs)
            matched = {gi for gi, _, _ in pairs}
            for gi, pi, _ in pairs:
                g, p = a.gold[gi], a.pred[pi]
                if g.source:
                    spk_n += 1
                    spk_ok += speaker_ok(g, p)
                if g.cue:
                    cue_n += 1
                    cue_good += cue_ok(g, p)
            for gi, g in enumerate(a.gold):
                if g.direct:
                    direct_n += 1
                    direct_tp += gi in matched
                else:
                    indirect_n += 1
                    indirect_tp += gi in matched
        p, r, f = prf(tp, n_pred, n_gold)
        out[f"@{th}"] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "speaker_acc": round(spk_ok / spk_n, 4) if spk_n else 0.0,
            "cue_acc": round(cue_good / cue_n, 4) if cue_n else 0.0,
            "direct_recall": round(direct_tp / direct_n, 4) if direct_n else 0.0,
            "indirect_recall": round(indirect_tp / indirect_n, 4) if indirect_n else 0.0,
            "direct_gold": direct_n,
            "indirect_gold": indirect_n,
        }
    return out


def _context(text: str, g: Gold, width: int = 60) -> str:
    """The text around a gold attribution with its Source and Cue marked ``[S ...]`` and
    ``[C ...]`` and its content ``{...}`` (for reading errors)."""
    spans = [*g.source, *g.cue, *g.content]
    if not spans:
        return ""
    lo = max(0, min(s for s, _ in spans) - width)
    hi = min(len(text), max(e for _, e in spans) + width)
    marks: list[tuple[int, str]] = []
    for s, e in g.source:
        marks += [(s, "[S "), (e, "]")]
    for s, e in g.cue:
        marks += [(s, "[C "), (e, "]")]
    for s, e in g.content:
        marks += [(s, "{"), (e, "}")]
    out, pos = [], lo
    for at, mark in sorted(marks, key=lambda m: (m[0], m[1] not in "]}")):
        at = min(max(at, lo), hi)
        out.append(text[pos:at])
        out.append(mark)
        pos = at
    out.append(text[pos:hi])
    return "".join(out).replace("\n", " / ")


def error_report(articles: list[Article], threshold: float = 0.3) -> list[dict[str, object]]:
    """Misses, false claims and wrong speakers/cues at ``threshold``, one dict each."""
    rows: list[dict[str, object]] = []
    for a in articles:
        pairs = match(a.gold, a.pred, threshold)
        mg = {gi: pi for gi, pi, _ in pairs}
        mp = {pi for _, pi, _ in pairs}
        for gi, g in enumerate(a.gold):
            cue = " ".join(a.text[s:e] for s, e in g.cue)
            src = " ".join(a.text[s:e] for s, e in g.source)
            if gi not in mg:
                best = max(
                    (
                        (_shared(g.content, p.content.start, p.content.end) / max(g.length, 1), p)
                        for p in a.pred
                    ),
                    key=lambda x: x[0],
                    default=(0.0, None),
                )
                rows.append(
                    {
                        "type": "miss",
                        "article": a.name,
                        "cue": cue,
                        "source": src,
                        "content": g.text[:300],
                        "best_overlap": round(best[0], 2),
                        "best_pred": best[1].content.text[:200] if best[1] else None,
                    }
                )
            else:
                p = a.pred[mg[gi]]
                if (g.source and not speaker_ok(g, p)) or (g.cue and not cue_ok(g, p)):
                    detail = {
                        "pred_cue_full": p.cue.text if p.cue else None,
                        "pred_content": p.content.text[:160],
                        "context": _context(a.text, g),
                    }
                else:
                    detail = {}
                if g.source and not speaker_ok(g, p):
                    rows.append(
                        {
                            "type": "speaker",
                            "article": a.name,
                            "cue": cue,
                            "source": src,
                            "pred_speaker": p.speaker.text if p.speaker else None,
                            "pred_original": p.speaker.original.text
                            if p.speaker and p.speaker.original
                            else None,
                            "content": g.text[:200],
                            **detail,
                        }
                    )
                if g.cue and not cue_ok(g, p):
                    rows.append(
                        {
                            "type": "cue",
                            "article": a.name,
                            "cue": cue,
                            "pred_cue": p.cue.text if p.cue else None,
                            "content": g.text[:200],
                            **detail,
                        }
                    )
        for pi, p in enumerate(a.pred):
            if pi not in mp:
                rows.append(
                    {
                        "type": "false",
                        "article": a.name,
                        "kind": p.kind,
                        "flags": list(p.flags),
                        "cue": p.cue.text if p.cue else None,
                        "speaker": p.speaker.text if p.speaker else None,
                        "content": p.content.text[:300],
                    }
                )
    return rows


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+|[^\w\s]", text.lower())


def error_kinds(articles: list[Article], threshold: float = 0.3) -> dict[str, Counter[str]]:
    """Misses, false claims and speaker/cue errors sorted into kinds (heuristic, from the
    gold cue's words and the predictions nearby), for the error table in bench/CLAIMS.md."""
    from margin.analysis.cues import load_lexicon

    lex = load_lexicon()
    out: dict[str, Counter[str]] = {
        "miss": Counter(),
        "false": Counter(),
        "speaker": Counter(),
        "cue": Counter(),
    }
    for a in articles:
        pairs = match(a.gold, a.pred, threshold)
        mg = {gi: pi for gi, pi, _ in pairs}
        mp = {pi for _, pi, _ in pairs}
        for gi, g in enumerate(a.gold):
            words = _words(" ".join(a.text[s:e] for s, e in g.cue))
            if gi not in mg:
                best = max(
                    (
                        _shared(g.content, p.content.start, p.content.end) / max(g.length, 1)
                        for p in a.pred
                    ),
                    default=0.0,
                )
                if best > 0:
                    kind = "content span too short or split (overlap < 0.3)"
                elif not words or all(not w[0].isalnum() for w in words):
                    kind = "colon or dash attribution"
                elif words[0] == "according":
                    kind = "according to"
                elif any(
                    w in lex.verbs
                    and any("mental" in c.tiers or "intent" in c.tiers for c in lex.verbs[w])
                    for w in words
                ):
                    kind = "mental-state / intention cue missed"
                elif any(w in lex.verbs for w in words):
                    kind = "speech cue in lexicon, rule or parse missed it"
                elif any(w in lex.speech_nouns or w in lex.mental_nouns for w in words):
                    kind = "noun cue missed"
                else:
                    kind = "cue not in the lexicon"
                if g.direct and best == 0:
                    kind = "direct quote missed: " + kind
                out["miss"][kind] += 1
            else:
                p = a.pred[mg[gi]]
                if g.source and not speaker_ok(g, p):
                    if p.speaker is None:
                        kind = "no speaker (floating quote or subject not found)"
                    elif p.speaker.original is not None:
                        kind = "pronoun/nominal resolved, original span wrong"
                    else:
                        kind = "wrong noun phrase"
                    out["speaker"][kind] += 1
                if g.cue and not cue_ok(g, p):
                    out["cue"]["no cue (floating quote)" if p.cue is None else "other cue"] += 1
        for pi, p in enumerate(a.pred):
            if pi in mp:
                continue
            touches = any(_shared(g.content, p.content.start, p.content.end) > 0 for g in a.gold)
            label = p.kind + (" (mental)" if "mental" in p.flags else "")
            where = "overlaps a gold claim (split/duplicate)" if touches else "no gold claim there"
            out["false"][f"{label}: {where}"] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path, help="a PolNeAR split folder (text/, attributions/)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--errors", type=Path, help="write misses/false claims (JSON Lines)")
    parser.add_argument("--assertions", action="store_true", help="score assertions too")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--kinds", action="store_true", help="print the error kinds table")
    parser.add_argument(
        "--dump", type=Path, help="write every predicted claim (JSON Lines), to compare runs"
    )
    parser.add_argument(
        "--half",
        choices=("even", "odd"),
        help="score only the even- or odd-indexed articles (sorted by name); not a held-out "
        "check once either half has been read (see bench/CLAIMS.md)",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        help="keep the spaCy parses in this folder (development only, e.g. /tmp/claims-cache)",
    )
    args = parser.parse_args(argv)
    articles = load_split(args.split)
    if args.half:
        articles = articles[0 if args.half == "even" else 1 :: 2]
    nlp = load_pipeline(args.model)
    cached = None
    if args.cache:
        from parse_cache import CachedPipeline

        cached = nlp = CachedPipeline(nlp, args.cache, args.split.resolve().name)
    t0 = time.perf_counter()
    kinds = Counter()
    mental = 0
    for a in articles:
        analysis = analyze(a.text, nlp)
        a.pred = [c for c in analysis.claims if args.assertions or c.kind != "assertion"]
        kinds.update(c.kind for c in analysis.claims)
        mental += sum(1 for c in a.pred if "mental" in c.flags)
    elapsed = time.perf_counter() - t0
    if cached is not None:
        cached.save()
    result = score(articles)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"PolNeAR split: {args.split} ({len(articles)} articles, {result['gold']} gold "
            f"attributions; {result['predicted']} predicted claims; {elapsed:.1f} s)"
        )
        print(f"claims by kind (all): {dict(kinds)}; flagged mental: {mental}")
        for th in (0.3, 0.8):
            r = result[f"@{th}"]
            assert isinstance(r, dict)
            print(
                f"overlap >= {th}: P {r['precision']:.3f}  R {r['recall']:.3f}  "
                f"F1 {r['f1']:.3f}  speaker {r['speaker_acc']:.3f}  cue {r['cue_acc']:.3f}  "
                f"direct R {r['direct_recall']:.3f} ({r['direct_gold']})  "
                f"indirect R {r['indirect_recall']:.3f} ({r['indirect_gold']})"
            )
    if args.kinds:
        for section, counts in error_kinds(articles).items():
            print(f"\n{section} ({sum(counts.values())}):")
            for kind, n in counts.most_common():
                print(f"  {n:5d}  {kind}")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for a in articles:
                for c in a.pred:
                    fh.write(json.dumps({"article": a.name, **c.to_dict()}) + "\n")
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as fh:
            for row in error_report(articles):
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
