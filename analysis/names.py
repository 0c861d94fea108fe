"""How names are written in English news: the word classes the entity resolver reads.

A small grammar of names, not a list of names (``analysis/names.toml``): titles and
honorifics that stand before a person's name (*Mayor*, *Sen.*, *Dr.*, *Ms.*), the words that
end an organisation's name (*Ltd*, *University*, *Council*) or a place's (*River*,
*Street*), nouns for people (*pianist*, *lawyer*), the particles inside a person's name
(*de*, *van*) and suffixes (*Jr.*); and the given names of ``gender.toml``. Words are
compared lower case and without a final full stop.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

from margin.analysis.gender import load_gender_data

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_INITIAL = re.compile(r"(?:[A-Z]\.){1,3}")


def bare(word: str) -> str:
    """``word`` lower case, without a final full stop or comma (*Sen.* -> *sen*)."""
    return word.lower().rstrip(".,")


def strip_possessive(word: str) -> str:
    """``word`` without a final *'s* or *'* (*Becker's* -> *Becker*)."""
    return _POSSESSIVE.sub("", word)


def is_capitalised(word: str) -> bool:
    """Whether ``word`` starts with an upper-case letter (*Ruiz*, *O'Neill*, *McAdam*)."""
    return word[:1].isupper()


def is_initial(word: str) -> bool:
    """An initial such as *J.* or *J.R.R.*."""
    return _INITIAL.fullmatch(word) is not None


@dataclass(frozen=True)
class NameWords:
    """The word classes of ``names.toml``, with the given names of ``gender.toml``."""

    titles: frozenset[str]
    title_modifiers: frozenset[str]
    ambiguous_titles: frozenset[str]
    org_endings: frozenset[str]
    place_endings: frozenset[str]
    person_nouns: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    first_names: frozenset[str]

    def is_title(self, word: str) -> bool:
        """A person's title or honorific (*Mayor*, *Sen.*, *Ms*)."""
        return bare(word) in self.titles

    def is_first_name(self, word: str) -> bool:
        """A common given name (``gender.toml``) that is no particle of a name too (*Al*
        Gore, but *Al* Jazeera)."""
        word = bare(word)
        return word in self.first_names and word not in self.particles

    def org_ending(self, word: str) -> bool:
        """A word that ends an organisation's name."""
        return bare(word) in self.org_endings

    def place_ending(self, word: str) -> bool:
        """A word that ends a place's name."""
        return bare(word) in self.place_endings


def build_name_words(
    data: dict[str, dict[str, list[str]]], first_names: frozenset[str]
) -> NameWords:
    """:class:`NameWords` from the parsed ``names.toml`` ``data``."""

    def words(section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(section, {}).get(key, []))

    return NameWords(
        titles=words("titles", "person"),
        title_modifiers=words("titles", "modifiers"),
        ambiguous_titles=words("titles", "ambiguous"),
        org_endings=words("endings", "org"),
        place_endings=words("endings", "place"),
        person_nouns=words("person", "nouns"),
        particles=words("person", "particles"),
        suffixes=words("person", "suffixes"),
        first_names=first_names,
    )


@cache
def name_words() -> NameWords:
    """The word classes shipped with margin, read once; the gendered nouns of
    ``gender.toml`` (*wife*, *spokeswoman*) count as nouns for people too."""
    text = resources.files("margin.analysis").joinpath("names.toml").read_text(encoding="utf-8")
    gender = load_gender_data()
    words = build_name_words(tomllib.loads(text), frozenset(gender.first_names))
    gendered = frozenset(n for n in gender.nouns if " " not in n)
    return replace(words, person_nouns=words.person_nouns | gendered)
