"""Check-worthiness of a sentence: how much it reads like a checkable factual claim (0-1).

A small linear model over surface and parse features, squashed with a logistic function.
Numbers, quantities, named entities, comparisons and past-tense reports raise the score;
questions, hedges, opinion words, first/second person and very short sentences lower it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Span

    from margin.analysis.cues import Lexicon

#: Unattributed sentences scoring at least this become ``assertion`` claims.
ASSERTION_THRESHOLD = 0.5

_QUANT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LAW", "EVENT", "FAC", "LOC"})
_PERSONAL = frozenset({"i", "you", "we", "me", "us", "my", "your", "our", "yours", "ours"})
_COMPARATIVE = frozenset({"JJR", "JJS", "RBR", "RBS"})

WEIGHTS: dict[str, float] = {
    "bias": -1.1,
    "number": 1.1,
    "quantity": 0.6,
    "date": 0.4,
    "named": 0.35,
    "comparative": 0.5,
    "past": 0.45,
    "factual": 0.35,
    "hedge": -0.8,
    "opinion": -0.45,
    "personal": -0.6,
    "question": -1.6,
    "exclaim": -0.8,
    "short": -1.6,
    "modal": -0.35,
}


def sentence_features(sent: Span, lexicon: Lexicon) -> dict[str, float]:
    """The feature values of one parsed sentence (see :data:`WEIGHTS`)."""
    words = 0
    number = comparative = past = factual = hedge = opinion = personal = modal = 0
    for tok in sent:
        if tok.is_punct or tok.is_space:
            continue
        words += 1
        low = tok.lower_
        tag = tok.tag_
        if tag == "CD" or tok.like_num:
            number = 1
        if tag in _COMPARATIVE:
            comparative = 1
        if tag == "VBD":
            past = 1
        if tag == "MD":
            modal = 1
        if low in lexicon.factual or tok.text in ("%", "$"):
            factual += 1
        if low in lexicon.hedges:
            hedge = 1
        if low in lexicon.opinion:
            opinion += 1
        if low in _PERSONAL:
            personal = 1
    quantity = date = named = 0
    for ent in sent.ents:
        if ent.label_ in _QUANT_LABELS:
            quantity = 1
        elif ent.label_ in ("DATE", "TIME"):
            date = 1
        elif ent.label_ in _NAMED_LABELS:
            named += 1
    last = sent.text.rstrip()[-1:] if sent.text.strip() else ""
    return {
        "number": number,
        "quantity": quantity,
        "date": date,
        "named": min(named, 3),
        "comparative": comparative,
        "past": past,
        "factual": min(factual, 3),
        "hedge": hedge,
        "opinion": min(opinion, 2),
        "personal": personal,
        "question": 1 if last == "?" else 0,
        "exclaim": 1 if last == "!" else 0,
        "short": 1 if words < 6 else 0,
        "modal": modal,
    }


def score_features(features: dict[str, float], weights: dict[str, float] = WEIGHTS) -> float:
    """The 0-1 check-worthiness of a sentence with these features."""
    z = weights.get("bias", 0.0)
    for name, value in features.items():
        z += weights.get(name, 0.0) * value
    return 1.0 / (1.0 + math.exp(-z))


def score_sentence(sent: Span, lexicon: Lexicon) -> float:
    """The 0-1 check-worthiness of one parsed sentence."""
    return score_features(sentence_features(sent, lexicon))
