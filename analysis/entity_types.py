"""Weighing the evidence for a name's type: the weights and the vote.

The resolver (:mod:`analysis.entity_resolve`) collects, for each alias group, strong
evidence (a title, words around a name that only a person's takes, an organisation's
ending, *X, <place>*) and weak evidence (spaCy's labels as one witness, a given name, a
speaker, a pronoun, a preposition or ending of place). This module holds what the pieces
weigh and how the votes become one spaCy label for the whole group.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from margin.analysis.entity_list import kind_of

#: Weights of the evidence for a group's type.
W_STRONG = 3.0  # each piece of strong evidence (a title, *born*, an organisation's ending...)
W_LABEL = 1.0  # spaCy's labels: 1 for one tagged mention, 1 + log2(n) for n
W_FULLEST = 3.0  # within spaCy's labels, the fullest name's counts as three short forms
W_FIRST_NAME = 2.0  # the fullest name opens with a given name
W_PLACE_ENDING = 2.0  # a place's ending (*River*, *Street*)
W_SPEAKER = 1.0  # the speaker of a speech cue (person and organisation alike)
W_PRONOUN = 1.0  # the subject taken up by *he*, *his*, *she*, *her*
W_PLACE_CONTEXT = 1.0  # *in X*, *the town of X*
_DEFAULT_LABEL = {"person": "PERSON", "org": "ORG", "place": "GPE", "norp": "NORP"}


def label_kind(label: str) -> str:
    """The type a spaCy label votes for: person, org, place, norp or ``other:<label>``."""
    if label == "NORP":
        return "norp"
    kind = kind_of(label)
    return kind if kind in ("person", "org", "place") else f"other:{label}"


def label_witness(tagged: Iterable[tuple[str, bool]]) -> Counter[str]:
    """spaCy's labels as one witness: ``tagged`` holds (label, is the fullest name) for each
    mention spaCy tagged. The witness weighs ``W_LABEL * (1 + log2(n))`` for n tagged
    mentions, shared between the kinds in proportion to their mentions, the fullest name's
    counting :data:`W_FULLEST` times a short form's."""
    shares = Counter[str]()
    n = 0
    for label, full in tagged:
        shares[label_kind(label)] += W_FULLEST if full else 1.0
        n += 1
    if not n:
        return Counter()
    total = sum(shares.values())
    weight = W_LABEL * (1 + math.log2(n))
    return Counter({kind: weight * share / total for kind, share in shares.items()})


def choose_label(
    strong: Counter[str], weak: Counter[str], labels: Counter[str], fullest_label: str
) -> str | None:
    """The group's label from its evidence (None: no evidence at all). Each piece of strong
    evidence weighs :data:`W_STRONG`; in a tie, strong evidence first, then the fullest
    name's own label (``fullest_label``, "" if untagged); within the winning kind, spaCy's
    most frequent label of that kind, else the kind's default label."""
    votes = Counter(weak)
    for kind, n in strong.items():
        votes[kind] += n * W_STRONG
    if not votes:
        return None
    top = max(votes.values())
    best = [k for k, v in votes.items() if v == top]
    if len(best) > 1 and any(k in strong for k in best):
        best = [k for k in best if k in strong]  # a tie: strong evidence first
    first_kind = label_kind(fullest_label) if fullest_label else ""
    kind = first_kind if first_kind in best else best[0]
    within = [lb for lb, _ in labels.most_common() if label_kind(lb) == kind]
    return within[0] if within else _DEFAULT_LABEL.get(kind, "ORG")
