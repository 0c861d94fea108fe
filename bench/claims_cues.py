"""Cue statistics of a PolNeAR split (mine them on TRAIN only), and how margin's lexicon
fares on it.

    .venv/bin/python bench/claims_cues.py ../shared/data/polnear-train [--cache /tmp/claims-cache]
        [--top 40] [--entries]

Prints, over the gold attributions of the split:

- the word class of each cue (verb, noun, adjective, preposition, punctuation only) and how
  many cues are one word or several;
- the most frequent cue lemmas (the syntactic head of the cue span, lemmatised with spaCy's
  own lemmatizer run over the stored parse), with the share the lexicon covers;
- noun cues: where their source is (possessor, compound, *by/from/of* phrase, subject of the
  verb governing the noun, none) and where their content is (that-clause, *of/for/against/
  about/on/over* object, other);
- the verbs governing a noun cue (light verbs: *make a claim*, *voice concern*);
- ``--entries``: for each lexicon word margin used as a cue on the split, how many of its
  claims match a gold attribution at overlap 0.3 and how many are false (the basis for
  removing an entry that does more harm than good).

Frequencies of cue words and constructions are facts about English news; they may inform
the lexicon and the rules. The texts and annotations themselves never enter the project.
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from claims_eval import Article, load_split, match
from parse_cache import CachedPipeline

from margin.analysis.blocks import MAX_BLOCK_CHARS, split_blocks
from margin.analysis.cues import load_lexicon
from margin.analysis.engine import analyze
from margin.analysis.pipeline import load_pipeline

_NOUN_CONTENT_PREPS = ("of", "for", "against", "about", "on", "over")


def _tokens_of(articles: list[Article], nlp) -> dict[str, list]:
    """Every article's tokens (from the parse of its blocks), in text order, as
    ``(start_char, token)`` pairs."""
    import spacy

    full = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])
    ruler, lemmatizer = full.get_pipe("attribute_ruler"), full.get_pipe("lemmatizer")
    out: dict[str, list] = {}
    for a in articles:
        blocks = split_blocks(a.text, max_chars=MAX_BLOCK_CHARS)
        toks = []
        for (s, _e), doc in zip(blocks, nlp.pipe(a.text[s:e] for s, e in blocks), strict=True):
            doc = lemmatizer(ruler(doc))
            toks.extend((s + t.idx, t) for t in doc if not t.is_space)
        out[a.name] = toks
    return out


def _span_tokens(toks: list, starts: list[int], spans: list[tuple[int, int]]) -> list:
    found = []
    for s, e in spans:
        i = max(0, bisect_right(starts, s) - 1)
        while i < len(toks) and starts[i] < e:
            if starts[i] + len(toks[i][1]) > s:
                found.append(toks[i][1])
            i += 1
    return found


def _head(tokens: list):
    """The syntactic head of a span's tokens (the first whose head lies outside it)."""
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[0] if tokens else None


def _word_class(tok) -> str:
    tag = tok.tag_
    if tag.startswith("VB") or tag == "MD":
        return "verb"
    if tag.startswith("NN"):
        return "noun"
    if tag.startswith("JJ"):
        return "adjective"
    if tag in ("IN", "TO"):
        return "preposition"
    if tok.is_punct:
        return "punctuation"
    return "other"


def _noun_relations(noun, content_toks: list) -> tuple[str, str]:
    """Where a noun cue's source and content are, relative to the noun."""
    source = "none"
    for c in noun.children:
        if c.dep_ == "poss":
            source = "possessor"
            break
        if c.dep_ in ("compound", "nmod", "amod") and c.i < noun.i and c.ent_type_:
            source = "compound or modifier (named)"
        named = any(g.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for g in c.subtree)
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of") and source == "none" and named:
            source = f"'{c.lower_}' phrase"
    governed = noun.dep_ in ("dobj", "attr", "pobj") and noun.head.tag_[:2] == "VB"
    if source == "none" and governed and any(c.dep_ == "nsubj" for c in noun.head.children):
        source = "subject of the governing verb"
    content = "other"
    ids = {t.i for t in content_toks}
    for c in noun.children:
        inside = bool(ids & {t.i for t in c.subtree})
        if c.dep_ == "prep" and c.lower_ in _NOUN_CONTENT_PREPS and inside:
            content = f"'{c.lower_}' object"
            break
        if (
            c.dep_ in ("acl", "ccomp", "relcl", "appos")
            and inside
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ):
            content = "that-clause"
            break
    return source, content


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/claims-cache"))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--entries", action="store_true", help="per-entry matched/false counts")
    parser.add_argument(
        "--rates",
        type=int,
        metavar="N",
        help="verbs outside the lexicon heading N or more gold cues, by their cue rate",
    )
    args = parser.parse_args(argv)
    articles = load_split(args.split)
    nlp = CachedPipeline(load_pipeline(), args.cache, args.split.resolve().name)
    lex = load_lexicon()
    tokens = _tokens_of(articles, nlp)
    classes: Counter[str] = Counter()
    lengths: Counter[str] = Counter()
    lemmas: Counter[str] = Counter()
    lemma_class: dict[str, Counter[str]] = defaultdict(Counter)
    covered = 0
    noun_src: Counter[str] = Counter()
    noun_content: Counter[str] = Counter()
    light: Counter[str] = Counter()
    multi: Counter[str] = Counter()
    n = 0
    cue_heads: Counter[str] = Counter()  # verb lemma -> times it heads a gold cue
    for a in articles:
        toks = tokens[a.name]
        starts = [s for s, _ in toks]
        for g in a.gold:
            if not g.cue:
                continue
            cue_toks = _span_tokens(toks, starts, g.cue)
            words = [t for t in cue_toks if not t.is_punct]
            head = _head(words) or _head(cue_toks)
            if head is None:
                continue
            n += 1
            wc = _word_class(head) if words else "punctuation"
            classes[wc] += 1
            lengths["one word" if len(words) <= 1 else "several words"] += 1
            lemma = head.lemma_.lower() if words else head.text
            lemmas[lemma] += 1
            if wc == "verb":
                cue_heads[lemma] += 1
            lemma_class[lemma][wc] += 1
            low = head.lower_
            if (
                low in lex.verbs
                or low in lex.speech_nouns
                or low in lex.mental_nouns
                or low in lex.adjectives
                or low in ("according", "per")
            ):
                covered += 1
            if len(words) > 1:
                multi[" ".join(t.lemma_.lower() for t in words)] += 1
            if wc == "noun":
                content_toks = _span_tokens(toks, starts, g.content)
                src, cont = _noun_relations(head, content_toks)
                noun_src[src] += 1
                noun_content[cont] += 1
                if head.dep_ in ("dobj", "attr") and head.head.tag_.startswith("VB"):
                    light[head.head.lemma_.lower()] += 1
    print(f"{args.split}: {len(articles)} articles, {n} gold attributions with a cue")
    print("\ncue word class (of the cue's head):")
    for k, v in classes.most_common():
        print(f"  {v:6d}  {v / n:6.1%}  {k}")
    print("\ncue length:")
    for k, v in lengths.most_common():
        print(f"  {v:6d}  {v / n:6.1%}  {k}")
    print(f"\ncue heads covered by margin's lexicon: {covered} ({covered / n:.1%})")
    print(f"\ntop {args.top} cue lemmas (head word):")
    for k, v in lemmas.most_common(args.top):
        cls = ", ".join(f"{c} {m}" for c, m in lemma_class[k].most_common(2))
        print(f"  {v:6d}  {k:16s} {cls}")
    once = sum(1 for v in lemmas.values() if v == 1)
    print(f"\ndistinct cue lemmas: {len(lemmas)}; seen once: {once}")
    nn = sum(noun_src.values())
    print(f"\nnoun cues ({nn}): source")
    for k, v in noun_src.most_common():
        print(f"  {v:6d}  {v / nn:6.1%}  {k}")
    print(f"noun cues ({nn}): content")
    for k, v in noun_content.most_common():
        print(f"  {v:6d}  {v / nn:6.1%}  {k}")
    print("verbs governing a noun cue (object or attribute):")
    for k, v in light.most_common(20):
        print(f"  {v:6d}  {k}")
    print(f"\ntop {args.top} multi-word cues (lemmas):")
    for k, v in multi.most_common(args.top):
        print(f"  {v:6d}  {k}")
    if args.rates:
        _rates(tokens, cue_heads, lex, args.rates)
    if args.entries:
        _entries(articles, nlp, lex)
    nlp.save()
    return 0


def _rates(tokens: dict[str, list], cue_heads: Counter[str], lex, least: int) -> None:
    """Verbs outside the lexicon that head at least ``least`` gold cues: how often the verb
    occurs at all and which share of its uses is a cue (a verb that is a cue in most of its
    uses is a reporting verb of English; *be*, *have*, *make* are not)."""
    uses: Counter[str] = Counter()
    for toks in tokens.values():
        for _, t in toks:
            if t.tag_.startswith("VB"):
                uses[t.lemma_.lower()] += 1
    known = {c.base.split()[0] for cues in lex.verbs.values() for c in cues}
    rows = [
        (cue_heads[v] / uses[v], v)
        for v in cue_heads
        if cue_heads[v] >= least and v not in known and uses[v]
    ]
    print(f"\nverbs outside the lexicon heading {least}+ gold cues: cues / uses (rate)")
    for rate, v in sorted(rows, reverse=True):
        print(f"  {cue_heads[v]:5d} / {uses[v]:5d}  {rate:5.2f}  {v}")


def _entries(articles: list[Article], nlp, lex) -> None:
    """Matched and false claims by the first word of their cue."""
    good: Counter[str] = Counter()
    bad: Counter[str] = Counter()
    for a in articles:
        a.pred = [c for c in analyze(a.text, nlp).claims if c.kind != "assertion"]
        matched = {pi for _, pi, _ in match(a.gold, a.pred, 0.3)}
        for pi, c in enumerate(a.pred):
            word = c.cue.text.split()[0].lower() if c.cue and c.cue.text.split() else "(none)"
            (good if pi in matched else bad)[word] += 1
    rows = sorted(set(good) | set(bad), key=lambda w: -(good[w] + bad[w]))
    print("\nmargin's cue words on this split: matched / false at 0.3 (precision)")
    for w in rows:
        total = good[w] + bad[w]
        print(f"  {good[w]:5d} / {bad[w]:4d}  {good[w] / total:5.2f}  {w}")


if __name__ == "__main__":
    raise SystemExit(main())
