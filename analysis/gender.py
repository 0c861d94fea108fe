"""Grammatical gender of person mentions, so that *he* and *she* resolve to a compatible
antecedent.

The evidence is data (``analysis/gender.toml``): honorifics (*Mr.*, *Mrs.*, *Ms.*), gendered
nouns in a title or appositive (*Congresswoman X*, *his wife X*, *X, a spokeswoman for*),
and common English first names. Anything else is unknown, which is compatible with both
pronouns: the evidence only ever rules an antecedent out.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

MALE = "m"
FEMALE = "f"
_PRONOUNS = {
    "he": MALE,
    "him": MALE,
    "his": MALE,
    "himself": MALE,
    "she": FEMALE,
    "her": FEMALE,
    "hers": FEMALE,
    "herself": FEMALE,
}
_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
# Words that end an appositive before a gendered noun could describe the name itself
# ("X, the lawyer for the man": the man is someone else).
_APPOSITIVE_STOP = (
    r"to|for|of|with|at|by|from|in|on|and|or|who|whose|whom|which|that|said|says|told|"
    r"than|as|like|about|against|between|after|before"
)
_WORD_BEFORE = re.compile(r"(\w[\w’'-]*)(\.?)(,?)[ \t\u00a0]+$")
_WORD_BEFORE_THAT = re.compile(r"(\w[\w’'-]*)[ \t\u00a0]+$")


@dataclass(frozen=True)
class GenderData:
    """Word -> gender (``"m"`` or ``"f"``) tables, all lower case."""

    honorifics: dict[str, str]
    nouns: dict[str, str]
    first_names: dict[str, str]
    appositive: re.Pattern[str]
    titles: frozenset[str] = frozenset()


def build_gender_data(data: dict[str, dict[str, list[str]]]) -> GenderData:
    """Build :class:`GenderData` from the parsed TOML ``data``."""
    tables: dict[str, dict[str, str]] = {}
    for section in ("honorifics", "nouns", "first_names"):
        table: dict[str, str] = {}
        for key, gender in (("male", MALE), ("female", FEMALE)):
            for word in data.get(section, {}).get(key, []):
                table[word.lower()] = gender
        tables[section] = table
    nouns = sorted((n for n in tables["nouns"] if " " not in n), key=len, reverse=True)
    appositive = re.compile(
        r",[ \t\u00a0]+(?:(?!(?:" + _APPOSITIVE_STOP + r")\b)[\w.’'-]+[ \t\u00a0]+){0,4}?"
        r"(" + "|".join(re.escape(n) for n in nouns) + r")\b",
        re.IGNORECASE,
    )
    titles = frozenset(t.lower().rstrip(".") for t in data.get("titles", {}).get("neutral", []))
    return GenderData(
        tables["honorifics"], tables["nouns"], tables["first_names"], appositive, titles
    )


@cache
def load_gender_data() -> GenderData:
    """The gender data shipped with margin (``analysis/gender.toml``), parsed once."""
    text = resources.files("margin.analysis").joinpath("gender.toml").read_text(encoding="utf-8")
    return build_gender_data(tomllib.loads(text))


def pronoun_gender(word: str) -> str | None:
    """``"m"`` for *he/him/his*, ``"f"`` for *she/her*, else None."""
    return _PRONOUNS.get(word.lower())


def name_key(name: str) -> str:
    """The word a later mention of the same person shares with this one: the surname
    (last word, lower case, without a possessive *'s*)."""
    words = name.split()
    if not words:
        return ""
    last = words[-1].lower()
    for suffix in ("’s", "'s", "’", "'"):
        if last.endswith(suffix):
            last = last[: -len(suffix)]
            break
    return last.strip(".,;:")


def mention_gender(text: str, start: int, end: int, data: GenderData) -> str | None:
    """The gender the words in and around one mention ``text[start:end]`` give it: an
    honorific or gendered title just before it (*Mrs.*, *Congresswoman*, *his wife*), its own
    first word (an honorific, or a first name when more words follow) or head noun (*the
    spokeswoman*), or a gendered noun in an appositive after it (*X, a spokeswoman for Y*).
    None when nothing says."""
    words = text[start:end].split()
    while len(words) > 2 and words[0].lower().rstrip(".") in data.titles:
        words = words[1:]  # "President Jane Doe", "Sen. John Roe"
    if not words:
        return None
    first = words[0].lower().rstrip(".")
    if first in data.honorifics:
        return data.honorifics[first]
    if len(words) >= 2:
        if first in data.first_names:
            return data.first_names[first]
        pair = " ".join(w.lower() for w in words[:2])
        if pair in data.nouns:  # "first lady X"
            return data.nouns[pair]
        if first in data.nouns and words[1][:1].isupper():
            return data.nouns[first]  # "Congresswoman Jane Doe" inside the span
    if len(words) <= 3 and words[-1][:1].islower():
        head = words[-1].lower().strip(".,")
        if head in data.nouns:
            return data.nouns[head]  # "the spokeswoman", "his wife"
    line_start = text.rfind("\n", max(0, start - 60), start) + 1
    before = text[max(line_start, start - 60) : start]
    m = _WORD_BEFORE.search(before)
    if m is not None:
        word, period, comma = m.group(1).lower(), m.group(2), m.group(3)
        if word in data.honorifics and not comma:
            return data.honorifics[word]
        if word in data.nouns and not period:
            prev = _WORD_BEFORE_THAT.search(before, 0, m.start())
            pair = f"{prev.group(1).lower()} {word}" if prev else ""
            if pair in data.nouns:
                return data.nouns[pair]
            if not comma or (prev is not None and prev.group(1).lower() in _POSSESSIVE_DETERMINERS):
                return data.nouns[word]  # "actress X", "his wife X", "his wife, X"
    m = data.appositive.match(text, end, min(len(text), end + 80))
    if m is not None and "\n" not in m.group(0):
        return data.nouns[m.group(1).lower()]
    return None
