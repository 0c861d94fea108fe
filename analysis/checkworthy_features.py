"""What the check-worthiness model reads in a parsed sentence.

Four groups, all taken from the spaCy span margin already has (no extra model, no extra pass):

* **words**: the lower-cased tokens (any number written as ``<num>``) and their bigrams;
* **chars**: character 2- to 5-grams inside each white-space separated word, padded with a
  space at either end (the "char_wb" n-grams of scikit-learn), from the lower-cased text;
* **syntax**: for each word its dependency arc as tags (``nsubj:PRP>VBD``) and as
  ``dep:tag``; the word itself when it is the root, a subject or a direct object
  (``nsubj=we``); one ``ent:LABEL`` per named entity;
* **dense**: the hand features margin used to weigh by hand (numbers, quantities, dates, named
  entities, comparatives, past tense, factual / hedge / opinion words of ``cues.toml``, first
  and second person, question, exclamation, very short, modal) and ``log(1 + words)``.

The training script (``bench/checkworthy_train.py``) builds its matrices with these very
functions, so the model scores at run time exactly what it was trained on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Span

    from margin.analysis.cues import Lexicon

CHAR_SIZES = (2, 3, 4, 5)
#: Dependency relations whose word is a feature of its own (``dep=word``).
KEY_DEPS = frozenset({"nsubj", "nsubjpass", "ROOT", "dobj"})
NUMBER = "<num>"
# Token attributes read as one array per document (see DocReader.parts).
_ROW_ATTRS = ["LOWER", "TAG", "DEP", "IS_PUNCT", "IS_SPACE", "LIKE_NUM"]

#: Strings of the documents' string store, and syntax terms, made once and kept (all emptied
#: when one holds more than :data:`MEMO_LIMIT`): besides the making, a string kept keeps its
#: hash, so that the model's index and the lexicon find it faster.
MEMO_LIMIT = 200_000
_names: dict[int, str] = {}
#: (dep, tag, head's tag) ids -> the two arc terms, the dep and the tag
_arcs: dict[tuple[int, int, int], tuple[str, str, str, str]] = {}
_keyed: dict[tuple[int, int], str] = {}

_QUANT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LAW", "EVENT", "FAC", "LOC"})
_PERSONAL = frozenset({"i", "you", "we", "me", "us", "my", "your", "our", "yours", "ours"})
_COMPARATIVE = frozenset({"JJR", "JJS", "RBR", "RBS"})

#: The names of the dense features, in the order of :attr:`SentenceParts.dense` (all but the
#: last are the hand features margin weighted by hand before it learned them).
DENSE_NAMES: tuple[str, ...] = (
    "number",
    "quantity",
    "date",
    "named",
    "comparative",
    "past",
    "factual",
    "hedge",
    "opinion",
    "personal",
    "question",
    "exclaim",
    "short",
    "modal",
    "log_words",
)


@dataclass(slots=True)
class SentenceParts:
    """What the model reads in one sentence, but its characters (see :func:`char_terms`)."""

    words: list[str]
    syntax: list[str]
    dense: list[float]


class DocReader:
    """One parsed document's token attributes, read once (as arrays, much faster than token
    by token) for all its sentences, and its entities.

    ``text``: the document's text when the caller has it (``doc.text`` is rebuilt token by
    token); it must be the document's own text.
    """

    __slots__ = ("columns", "ents", "heads", "lexicon", "strings", "text")

    def __init__(self, doc: Doc, lexicon: Lexicon, text: str | None = None) -> None:
        # One list per attribute (a list per token would cost more than the reading).
        self.columns: list[list[int]] = doc.to_array(_ROW_ATTRS).T.tolist()
        # Heads are offsets from the token (negative ones come out as unsigned).
        self.heads: list[int] = doc.to_array("HEAD").view("int64").tolist()
        self.strings = doc.vocab.strings
        self.ents = doc.ents
        if text is None:
            text = doc.text
        elif len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
            raise ValueError("DocReader: the text given is not the document's")
        self.text = text
        self.lexicon = lexicon
        if max(len(_names), len(_arcs), len(_keyed)) > MEMO_LIMIT:
            _names.clear()
            _arcs.clear()
            _keyed.clear()

    def text_of(self, sent: Span) -> str:
        """``sent.text``."""
        return self.text[sent.start_char : sent.end_char]

    def ents_of(self, sent: Span) -> list[Span]:
        """``sent.ents``: the entities that lie within ``sent`` (as spaCy finds them)."""
        out: list[Span] = []
        start, end = sent.start, sent.end
        for ent in self.ents:
            if ent.start >= start:
                if ent.end > end:
                    break
                out.append(ent)
        return out

    def parts(self, sent: Span) -> SentenceParts:
        """The word terms, syntax terms and dense features of ``sent`` (of this document)."""
        lexicon = self.lexicon
        lows, tags, deps, puncts, spaces, nums = self.columns
        heads, strings = self.heads, self.strings
        names, arcs, keyed = _names, _arcs, _keyed
        words: list[str] = []
        syntax: list[str] = []
        add_word = words.append
        add_syntax = syntax.append
        count = 0
        number = comparative = past = factual = hedge = opinion = personal = modal = 0
        for i in range(sent.start, sent.end):
            if spaces[i]:
                continue
            low_id = lows[i]
            low = names.get(low_id)
            if low is None:
                low = names[low_id] = strings[low_id]
            like_num = nums[i]
            add_word(NUMBER if like_num else low)
            if puncts[i]:
                continue
            count += 1
            dep_id, tag_id = deps[i], tags[i]
            arc = (dep_id, tag_id, tags[i + heads[i]])
            terms = arcs.get(arc)
            if terms is None:
                dep, tag, head_tag = strings[dep_id], strings[tag_id], strings[arc[2]]
                terms = arcs[arc] = (f"{dep}:{tag}>{head_tag}", f"{dep}:{tag}", dep, tag)
            arc_term, dep_tag, dep, tag = terms
            add_syntax(arc_term)
            add_syntax(dep_tag)
            if dep in KEY_DEPS:
                term = keyed.get((dep_id, low_id))
                if term is None:
                    term = keyed[dep_id, low_id] = f"{dep}={low}"
                add_syntax(term)
            if tag == "CD" or like_num:
                number = 1
            if tag in _COMPARATIVE:
                comparative = 1
            if tag == "VBD":
                past = 1
            if tag == "MD":
                modal = 1
            if low in lexicon.factual or low in ("%", "$"):
                factual += 1
            if low in lexicon.hedges:
                hedge = 1
            if low in lexicon.opinion:
                opinion += 1
            if low in _PERSONAL:
                personal = 1
        quantity = date = named = 0
        for ent in self.ents_of(sent):
            label = ent.label_
            add_syntax(f"ent:{label}")
            if label in _QUANT_LABELS:
                quantity = 1
            elif label in ("DATE", "TIME"):
                date = 1
            elif label in _NAMED_LABELS:
                named += 1
        last = self.text_of(sent).rstrip()[-1:]
        words.extend([f"{a} {b}" for a, b in pairwise(words)])
        dense = [
            number,
            quantity,
            date,
            min(named, 3),
            comparative,
            past,
            min(factual, 3),
            hedge,
            min(opinion, 2),
            personal,
            1 if last == "?" else 0,
            1 if last == "!" else 0,
            1 if count < 6 else 0,
            modal,
            math.log1p(count),
        ]
        return SentenceParts(words, syntax, [float(x) for x in dense])


def sentence_parts(sent: Span, lexicon: Lexicon) -> SentenceParts:
    """The word terms, syntax terms and dense features of one parsed sentence (for many
    sentences of one document, a :class:`DocReader` reads the document once)."""
    return DocReader(sent.doc, lexicon).parts(sent)


def word_char_grams(word: str) -> list[str]:
    """Character n-grams (:data:`CHAR_SIZES`) of one lower-cased word padded with spaces; a
    padded word no longer than n gives itself once (as scikit-learn's ``char_wb``)."""
    padded = f" {word} "
    length = len(padded)
    out: list[str] = []
    for n in CHAR_SIZES:
        if length <= n:
            out.append(padded)
            break
        out.extend([padded[i : i + n] for i in range(length - n + 1)])
    return out


def char_words(text: str) -> list[str]:
    """The lower-cased white-space separated words whose n-grams are the char terms."""
    return text.lower().split()


def char_terms(text: str) -> list[str]:
    """The character n-grams of every word of ``text`` (:func:`word_char_grams`)."""
    return [gram for word in char_words(text) for gram in word_char_grams(word)]
