"""Score margin's entities against bare spaCy on a CoNLL corpus (Wikigold), in the same run.

    .venv/bin/python bench/entities_eval.py ../shared/data/wikigold [--kinds] [--errors FILE]
        [--cache DIR] [--model NAME]

Each article's text is its tokens joined by single spaces (sentences too), as the corpus's
SOURCE.txt measures it. Gold tags are IO (``I-PER``, ``I-ORG``, ``I-LOC``, ``I-MISC``); a
change of tag starts a new entity. Predicted labels are mapped as SOURCE.txt says: PERSON ->
PER, ORG -> ORG, GPE/LOC/FAC -> LOC; any other label is not a PER/ORG/LOC prediction.

"bare" is spaCy's ``doc.ents`` over the same paragraph blocks margin parses; "margin" is
:func:`margin.analysis.engine.analyze` (spaCy, then margin's document-level entity resolution).
Both read the same cached parses (a spaCy ``DocBin`` under ``--cache``), so rules can be
iterated on quickly. Reported: exact span + type precision, recall and F1 per type and over
PER+ORG+LOC; "person recall, any overlap" (a gold person overlapped by a predicted person:
what a reader sees coloured); and with ``--kinds`` a table of error kinds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from margin.analysis.blocks import split_blocks
from margin.analysis.engine import analyze
from margin.analysis.pipeline import load_pipeline, model_id

TYPES = ("PER", "ORG", "LOC")
MAPPING = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
Span = tuple[int, int, str]


@dataclass
class GoldDoc:
    """One article: its text and its gold entities ``(start, end, type)``."""

    text: str
    entities: list[Span] = field(default_factory=list)


def read_conll(path: Path) -> list[GoldDoc]:
    """Articles of a CoNLL file (``token TAG`` lines, ``-DOCSTART-`` between articles)."""
    docs: list[GoldDoc] = []
    tokens: list[tuple[str, str]] = []

    def close() -> None:
        if not tokens:
            return
        parts: list[str] = []
        pos = 0
        doc = GoldDoc("")
        current: list[int] | None = None  # [start, end, type index]
        last_tag = "O"
        for word, tag in tokens:
            if word == "\n":  # sentence break: keep the single space
                last_tag = "O"
                continue
            if parts:
                parts.append(" ")
                pos += 1
            start = pos
            parts.append(word)
            pos += len(word)
            kind = tag[2:] if tag != "O" else "O"
            if kind != "O" and kind == last_tag and current is not None:
                current[1] = pos
            else:
                if current is not None:
                    doc.entities.append((current[0], current[1], last_tag))
                current = [start, pos] if kind != "O" else None
            if kind == "O" and current is not None:
                current = None
            last_tag = kind
        if current is not None:
            doc.entities.append((current[0], current[1], last_tag))
        doc.text = "".join(parts)
        doc.entities = [e for e in doc.entities if e[2] != "O"]
        docs.append(doc)
        tokens.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            if tokens and tokens[-1][0] != "\n":
                tokens.append(("\n", "O"))
            continue
        word, _, tag = line.rpartition(" ")
        if word == "-DOCSTART-":
            close()
            continue
        tokens.append((word, tag))
    close()
    return docs


class CachedPipeline:
    """A spaCy pipeline whose :meth:`pipe` reads parses from a DocBin cache (parsing and
    storing the texts it has not seen). Everything else is the wrapped pipeline's."""

    def __init__(self, nlp, path: Path) -> None:  # type: ignore[no-untyped-def]
        from spacy.tokens import DocBin

        self._nlp = nlp
        self._path = path
        self._docs: dict[str, object] = {}
        self._new: list[object] = []
        if path.exists():
            store = DocBin().from_disk(path)
            for doc in store.get_docs(nlp.vocab):
                self._docs[self._key(doc.text)] = doc

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._nlp, name)

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[object]:
        texts = list(texts)
        missing = [t for t in dict.fromkeys(texts) if self._key(t) not in self._docs]
        for text, doc in zip(missing, self._nlp.pipe(missing, batch_size=batch_size), strict=True):
            self._docs[self._key(text)] = doc
            self._new.append(doc)
        for text in texts:
            yield self._docs[self._key(text)]

    def save(self) -> None:
        """Write the cache if new texts were parsed."""
        if not self._new:
            return
        from spacy.tokens import DocBin

        store = DocBin(store_user_data=False)
        for doc in self._docs.values():
            store.add(doc)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        store.to_disk(self._path)
        self._new.clear()


def bare_entities(nlp, text: str) -> list[Span]:  # type: ignore[no-untyped-def]
    """spaCy's own entities over margin's paragraph blocks, mapped (others dropped)."""
    blocks = split_blocks(text)
    found: list[Span] = []
    for (start, _), doc in zip(blocks, nlp.pipe([text[s:e] for s, e in blocks]), strict=True):
        for ent in doc.ents:
            kind = MAPPING.get(ent.label_)
            if kind is not None:
                found.append((ent.start_char + start, ent.end_char + start, kind))
    return found


def all_bare(nlp, text: str) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    """Every spaCy entity with its raw label (for the error table)."""
    blocks = split_blocks(text)
    found = []
    for (start, _), doc in zip(blocks, nlp.pipe([text[s:e] for s, e in blocks]), strict=True):
        found += [(e.start_char + start, e.end_char + start, e.label_) for e in doc.ents]
    return found


def margin_entities(nlp, text: str) -> tuple[list[Span], list[Span]]:  # type: ignore[no-untyped-def]
    """margin's entities: mapped PER/ORG/LOC ones, and all with their labels."""
    ents = analyze(text, nlp).entities
    raw = [(e.start, e.end, e.label) for e in ents]
    return [(s, e, MAPPING[lab]) for s, e, lab in raw if lab in MAPPING], raw


@dataclass
class Score:
    """Exact span + type counts per type."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    per_overlap: int = 0
    per_gold: int = 0

    def add(self, gold: list[Span], pred: list[Span]) -> None:
        gold_set, pred_set = set(gold), set(pred)
        for g in gold_set:
            if g[2] in TYPES:
                (self.tp if g in pred_set else self.fn)[g[2]] += 1
        for p in pred_set - gold_set:
            self.fp[p[2]] += 1
        persons = [p for p in pred_set if p[2] == "PER"]
        for g in gold_set:
            if g[2] == "PER":
                self.per_gold += 1
                if any(p[0] < g[1] and g[0] < p[1] for p in persons):
                    self.per_overlap += 1

    def prf(self, kinds: Iterable[str]) -> tuple[float, float, float]:
        tp = sum(self.tp[k] for k in kinds)
        fp = sum(self.fp[k] for k in kinds)
        fn = sum(self.fn[k] for k in kinds)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    @property
    def person_overlap_recall(self) -> float:
        return self.per_overlap / self.per_gold if self.per_gold else 0.0


def _is_title(word: str) -> bool:
    from margin.analysis.names import name_words

    return name_words().is_title(word)


def error_kinds(text: str, gold: list[Span], pred: list[tuple[int, int, str]]) -> Counter[str]:
    """Kinds of the errors in one article (``pred``: every predicted entity, raw labels).

    A gold PER/ORG/LOC entity not found exactly is a boundary error (a prediction of its type
    overlaps it: possessive, leading *the*, title, or other), a type error (a prediction with
    the same span has another label), boundary+type, or a miss. A PER/ORG/LOC prediction
    that overlaps no gold entity at all is spurious.
    """
    kinds: Counter[str] = Counter()
    mapped = [(s, e, MAPPING.get(lab, lab)) for s, e, lab in pred]
    exact = set(mapped)
    for g in gold:
        if g[2] not in TYPES or g in exact:
            continue
        same_span = [p for p in mapped if (p[0], p[1]) == (g[0], g[1])]
        if same_span:
            kinds[f"type: {g[2]} as {same_span[0][2]}"] += 1
            continue
        over = [p for p in mapped if p[0] < g[1] and g[0] < p[1]]
        typed = [p for p in over if p[2] == g[2]]
        if typed:
            p = typed[0]
            extra_after = text[g[1] : p[1]] if p[1] > g[1] else ""
            extra_before = text[p[0] : g[0]] if p[0] < g[0] else ""
            if p[0] == g[0] and extra_after in ("'s", "’s", "'", "’", " 's", " '"):
                kinds["boundary: possessive"] += 1
            elif p[1] == g[1] and extra_before.strip().lower() == "the":
                kinds["boundary: leading the"] += 1
            elif p[1] == g[1] and extra_before and all(_is_title(w) for w in extra_before.split()):
                kinds["boundary: title"] += 1
            elif p[0] >= g[0] and p[1] <= g[1]:
                kinds["boundary: too short"] += 1
            elif p[0] <= g[0] and p[1] >= g[1]:
                kinds["boundary: too long"] += 1
            else:
                kinds["boundary: crossing"] += 1
        elif over:
            kinds["boundary+type"] += 1
        else:
            kinds[f"miss: {g[2]}"] += 1
    for p in mapped:
        if p[2] not in TYPES:
            continue
        if not any(g[0] < p[1] and p[0] < g[1] for g in gold):
            kinds[f"spurious: {p[2]}"] += 1
    return kinds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the wikigold folder (or a .conll file)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/margin-entities-eval"))
    parser.add_argument("--kinds", action="store_true", help="print the error kinds table")
    parser.add_argument("--errors", type=Path, help="write margin's errors (JSON Lines)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    path = args.corpus
    if path.is_dir():
        found = sorted(path.glob("*.conll"))
        if not found:
            raise SystemExit(f"{path}: no .conll file")
        path = found[0]
    docs = read_conll(path)
    nlp = load_pipeline(args.model)
    cached = CachedPipeline(nlp, args.cache / f"{path.stem}-{model_id(nlp)}.spacy")
    bare, margin = Score(), Score()
    kinds: dict[str, Counter[str]] = {"bare": Counter(), "margin": Counter()}
    errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    for number, doc in enumerate(docs):
        b = bare_entities(cached, doc.text)
        m, m_raw = margin_entities(cached, doc.text)
        bare.add(doc.entities, b)
        margin.add(doc.entities, m)
        if args.kinds:
            kinds["bare"] += error_kinds(doc.text, doc.entities, all_bare(cached, doc.text))
            kinds["margin"] += error_kinds(doc.text, doc.entities, m_raw)
        if errors is not None:
            gold = {g for g in doc.entities if g[2] in TYPES}
            pred = set(m)
            for s, e, t in sorted(gold - pred):
                errors.write(
                    json.dumps(
                        {
                            "doc": number,
                            "miss": doc.text[s:e],
                            "type": t,
                            "context": doc.text[max(0, s - 60) : e + 60],
                        }
                    )
                    + "\n"
                )
            for s, e, t in sorted(pred - gold):
                errors.write(
                    json.dumps(
                        {
                            "doc": number,
                            "false": doc.text[s:e],
                            "type": t,
                            "context": doc.text[max(0, s - 60) : e + 60],
                        }
                    )
                    + "\n"
                )
    cached.save()
    if errors is not None:
        errors.close()
    gold_counts = Counter(g[2] for d in docs for g in d.entities)
    figures: dict[str, dict[str, float]] = {}
    for name, score in (("bare", bare), ("margin", margin)):
        row: dict[str, float] = {}
        for kind in TYPES:
            p, r, f = score.prf([kind])
            row[f"{kind} P"], row[f"{kind} R"], row[f"{kind} F1"] = p, r, f
        p, r, f = score.prf(TYPES)
        row["all P"], row["all R"], row["all F1"] = p, r, f
        row["PER recall, any overlap"] = score.person_overlap_recall
        figures[name] = row
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(
        f"corpus: {path} ({len(docs)} articles; gold "
        + ", ".join(f"{k} {gold_counts[k]}" for k in (*TYPES, "MISC"))
        + ")"
    )
    print(f"model: {model_id(nlp)}")
    print()
    print("| exact span + type | bare spaCy P / R / F1 | margin P / R / F1 | ΔF1 |")
    print("|---|---|---|---|")
    for kind in (*TYPES, "all"):
        cells = []
        for name in ("bare", "margin"):
            row = figures[name]
            cells.append(
                f"{row[f'{kind} P']:.3f} / {row[f'{kind} R']:.3f} / {row[f'{kind} F1']:.3f}"
            )
        delta = figures["margin"][f"{kind} F1"] - figures["bare"][f"{kind} F1"]
        label = "PER+ORG+LOC" if kind == "all" else kind
        print(f"| {label} | {cells[0]} | {cells[1]} | {delta:+.3f} |")
    print()
    b_r, m_r = figures["bare"]["PER R"], figures["margin"]["PER R"]
    print(f"PERSON recall (exact): bare {b_r:.3f}, margin {m_r:.3f} ({m_r - b_r:+.3f})")
    b_o = figures["bare"]["PER recall, any overlap"]
    m_o = figures["margin"]["PER recall, any overlap"]
    print(f"PERSON recall, any overlap: bare {b_o:.3f}, margin {m_o:.3f} ({m_o - b_o:+.3f})")
    if args.kinds:
        print()
        print("| error kind | bare spaCy | margin |")
        print("|---|---|---|")
        names = sorted(set(kinds["bare"]) | set(kinds["margin"]))
        for name in names:
            print(f"| {name} | {kinds['bare'][name]} | {kinds['margin'][name]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
