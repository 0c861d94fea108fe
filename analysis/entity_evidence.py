"""What the words around a name say about its type: context evidence for the resolver.

Each function reads the text next to one mention and answers yes or no; the resolver
(:mod:`analysis.entity_resolve`) adds the answers of all the mentions of a name up. The
rules are the grammar of how English prose introduces people and places: a lifespan or an
age after a person's name, a noun for a person before it or in apposition (*pianist X*,
*his wife X*, *X, a French actor*), a personal pronoun that takes it up (*X ... his*), and
a preposition or noun of place before a place (*in X*, *the town of X*).
"""

from __future__ import annotations

import re
from functools import cache

from margin.analysis.mention_rules import Positions
from margin.analysis.names import NameWords

_YEAR = r"(?:1[0-9]|20)[0-9][0-9]"
_SP = r"[ \u00a0]"
#: A lifespan or *born* in brackets (*Eduard Hitzig (1839-1907)*, *X (born 1963)*), *née*,
#: or an age between commas (*Jo Roe, 45,*) right after a name.
_PERSON_AFTER = re.compile(
    r"(?:'s|’s)?" + _SP + r"?(?:"
    r"\(" + _SP + r"*(?:born|b\.|née|nee)" + _SP
    + r"|\([^()\n]{0,25}?\b" + _YEAR + _SP + r"*[-–—][^()\n]{0,25}?" + _YEAR + _SP + r"*\)"
    + r"|," + _SP + r"+born" + _SP
    + r"|," + _SP + r"+[1-9][0-9]?," + _SP
    + r")"
)  # fmt: skip
_PRONOUN = re.compile(r"\b(?:he|she|his|her|him|himself|herself)\b", re.IGNORECASE)
_CAPITAL = re.compile(r"(?<![\w.])[A-Z][a-z]")
#: Prepositions of place (*in Perth*), and nouns of place before *of* (*the town of X*).
_PLACE_PREPOSITIONS = frozenset(("in", "near", "outside", "throughout", "across"))
_PLACE_NOUNS = frozenset(
    ("town", "city", "village", "county", "province", "state", "region", "district",
     "municipality", "capital", "suburb", "island", "country")
)  # fmt: skip


@cache
def _appositive(nouns: frozenset[str]) -> re.Pattern[str]:
    """A noun for a person in an appositive or a predicate after a name (*X, a French
    actor*, *X, the band's drummer*, *X is an American luthier*)."""
    alternatives = "|".join(sorted((re.escape(n) for n in nouns), key=len, reverse=True))
    copula = _SP + r"+(?:is|was)(?=" + _SP + r"+an?" + _SP + r")"
    determiner = r"(?:(?:a|an|the|its|his|her|their)" + _SP + r"+)?"
    return re.compile(
        r"(?:,|" + copula + r")" + _SP + r"+" + determiner
        + r"(?:[\w’'-]+" + _SP + r"+){0,3}?(?:" + alternatives + r")\b"
    )  # fmt: skip


def _words_before(text: str, start: int, n: int) -> list[str]:
    """The ``n`` words before ``start`` on its line, lower case, without end punctuation."""
    line = text[max(0, start - 40) : start].rsplit("\n", 1)[-1]
    return [w.lower().rstrip(",;:") for w in line.split()[-n:]]


def person_context(text: str, start: int, end: int, words: NameWords) -> bool:
    """Whether the words around the name ``text[start:end]`` say it is a person's: a
    lifespan, *born*, *née* or an age after it, or a noun for a person (``words``: with the
    gendered ones) right before it (*pianist Eddy Duchin*, *his wife, X*, *captains X*) or
    in an appositive or a predicate after it."""
    if _PERSON_AFTER.match(text, end, min(len(text), end + 60)) is not None:
        return True
    before = _words_before(text, start, 1)
    if before:
        word = before[0]
        nouns = words.person_nouns
        if word in nouns or (word.endswith("s") and word[:-1] in nouns):
            return True
    m = _appositive(words.person_nouns).match(text, end, min(len(text), end + 60))
    return m is not None and "\n" not in m.group()


def pronoun_follows(text: str, end: int, positions: Positions) -> bool:
    """Whether a personal pronoun (*he*, *her*...) comes after the name ending at ``end``
    before any other capitalised word, in its sentence or opening the next one: the
    pronoun takes the name up (*Langejans took a job ... his*; *X was born in 1963. He*)."""
    sentence = positions.sentence_of(end - 1)
    if sentence is None:
        return False
    pron = _PRONOUN.search(text, end, sentence[1])
    if pron is not None:
        return _CAPITAL.search(text, end, pron.start()) is None
    following = positions.next_sentence(end)
    if following is None or following[0] - sentence[1] > 3:
        return False
    opening = re.match(r"\W*(\w+)", text[following[0] : following[0] + 20])
    if opening is None or not _PRONOUN.fullmatch(opening.group(1)):
        return False
    return _CAPITAL.search(text, end, sentence[1]) is None


def place_context(text: str, start: int) -> bool:
    """Whether a preposition of place (*in*, *near*) or *the town of* stands before
    ``start``."""
    before = _words_before(text, start, 2)
    if not before:
        return False
    if before[-1] in _PLACE_PREPOSITIONS:
        return True
    return len(before) == 2 and before[1] == "of" and before[0] in _PLACE_NOUNS
