"""The claims cue lexicon, loaded from ``analysis/cues.toml`` (data, not code).

Verbs are listed by base form; the inflected forms are derived here so that the rules can
match ``Token.lower_`` without a lemmatizer (it is excluded from the pipeline for speed).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

VOWELS = frozenset("aeiou")
VERB_TIERS = ("speech", "stance", "mental", "intent", "evidence", "evidential")


def inflections(base: str) -> set[str]:
    """The base form of a regular English verb with its -s, -ed and -ing forms."""
    forms = {base}
    if base.endswith(("s", "sh", "ch", "x", "z", "o")):
        forms.add(base + "es")
    elif base.endswith("y") and len(base) > 1 and base[-2] not in VOWELS:
        forms.add(base[:-1] + "ies")
    else:
        forms.add(base + "s")
    if base.endswith("e"):
        forms.add(base + "d")
    elif base.endswith("y") and len(base) > 1 and base[-2] not in VOWELS:
        forms.add(base[:-1] + "ied")
    else:
        forms.add(base + "ed")
    if base.endswith("ie"):
        forms.add(base[:-2] + "ying")
    elif base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        forms.add(base[:-1] + "ing")
    else:
        forms.add(base + "ing")
    if _doubles(base):  # "slam" -> "slammed", "slamming"; "label" -> "labelled"
        forms.add(base + base[-1] + "ed")
        forms.add(base + base[-1] + "ing")
    return forms


def _doubles(base: str) -> bool:
    """Whether ``base`` may double its last consonant before *-ed* and *-ing*: it ends in one
    vowel between consonants (*slam*, *flag*, *label*; not *moan*, *fix*, *show*). Stress
    decides for longer words (*admit* doubles, *visit* does not), which spelling cannot tell:
    both forms are kept, and the one that is not English never occurs."""
    if len(base) < 3 or base[-1] in VOWELS or base[-1] in "wxy":
        return False
    return base[-2] in VOWELS and base[-3] not in VOWELS and base[-1].isalpha()


def _noun_forms(word: str) -> set[str]:
    if word.endswith("s"):
        return {word}
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        return {word, word[:-1] + "ies"}
    if word.endswith(("sh", "ch", "x", "z")):
        return {word, word + "es"}
    return {word, word + "s"}


#: Derivational suffixes of English nouns made from verbs (*endorse-ment*, *accus-ation*,
#: *deni-al*), each with the verb endings that may stand in its place.
_NOMINAL_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ization", ("ize",)),
    ("isation", ("ise",)),
    ("ication", ("y",)),
    ("ation", ("e", "")),
    ("ition", ("e",)),
    ("ssion", ("t", "ss")),
    ("sion", ("de", "d", "se")),
    ("ion", ("", "e")),
    ("ment", ("",)),
    ("ial", ("y",)),
    ("al", ("e", "")),
    ("ance", ("e", "")),
    ("ence", ("e", "")),
    ("ure", ("e",)),
    ("ism", ("ize", "ise")),
)


def singular(noun: str) -> str:
    """The singular of a regular English plural (*allegations*, *worries*); other words as
    they are."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "shes", "ches", "xes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3:
        return noun[:-1]
    return noun


def verb_of_noun(noun: str, bases: frozenset[str] | set[str]) -> str | None:
    """The verb among ``bases`` that the noun ``noun`` is made from: the same word (*support*,
    *attack*, *call*) or the verb under a derivational suffix (*criticism* → *criticize*,
    *endorsement* → *endorse*, *allegation* → *allege*, *denial* → *deny*)."""
    word = singular(noun)
    if word in bases:
        return word
    for suffix, endings in _NOMINAL_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            for ending in endings:
                if stem + ending in bases:
                    return stem + ending
    return None


@dataclass(frozen=True)
class VerbCue:
    """One verb entry: the particle words that must follow (``("out",)`` for *point out*)
    and the tiers it belongs to."""

    tail: tuple[str, ...]
    tiers: frozenset[str]
    base: str


#: Entries kept in :attr:`Lexicon.memo` before it is emptied (a bound on a long run's memory).
MEMO_LIMIT = 200_000


@dataclass
class Lexicon:
    """Word forms the claims rules look up, built from the TOML data."""

    verbs: dict[str, list[VerbCue]] = field(default_factory=dict)
    quote_only: frozenset[str] = frozenset()
    no_object: frozenset[str] = frozenset()
    intent_speech: frozenset[str] = frozenset()
    speech_nouns: frozenset[str] = frozenset()
    mental_nouns: frozenset[str] = frozenset()
    #: nouns made from a cue verb that are no cues themselves (*campaign*, *support*)
    not_nouns: frozenset[str] = frozenset()
    source_prepositions: tuple[tuple[str, ...], ...] = ()
    pronouns: dict[str, frozenset[str]] = field(default_factory=dict)
    nominal: dict[str, str] = field(default_factory=dict)
    #: adjective -> the prepositions that introduce its content ("critical" -> "of")
    adjectives: dict[str, frozenset[str]] = field(default_factory=dict)
    mental_adjectives: frozenset[str] = frozenset()
    evidential_adverbs: frozenset[str] = frozenset()
    #: single-word verb bases -> their tiers (nouns made from them are cues too)
    verb_tiers: dict[str, frozenset[str]] = field(default_factory=dict)
    hedges: frozenset[str] = frozenset()
    opinion: frozenset[str] = frozenset()
    factual: frozenset[str] = frozenset()
    #: Memoised pure look-ups (noun tiers, the claim rules' word kinds); not part of the data.
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def noun_tiers(self, noun: str) -> frozenset[str]:
        """The tiers of a noun cue: ``speech`` or ``mental`` for the listed nouns, else the
        tiers of the verb it is made from (*criticism*: stance); empty if it is no cue."""
        key = ("noun_tiers", noun)
        tiers = self.memo.get(key)
        if tiers is None:
            if len(self.memo) > MEMO_LIMIT:
                self.memo.clear()
            tiers = self.memo[key] = self._noun_tiers(noun)
        return tiers

    def _noun_tiers(self, noun: str) -> frozenset[str]:
        word = noun.lower()
        if word in self.not_nouns:
            return frozenset()
        if word in self.speech_nouns:
            return frozenset({"speech"})
        if word in self.mental_nouns:
            return frozenset({"mental"})
        verb = verb_of_noun(word, self.verb_tiers.keys())
        return self.verb_tiers[verb] if verb is not None else frozenset()

    def verb_entries(self, form: str) -> list[VerbCue]:
        """The cue entries whose verb has the (lower-case) word form ``form``."""
        return self.verbs.get(form, [])

    def is_pronoun(self, word: str) -> str | None:
        """The pronoun class of ``word`` (person, plural, thing, first, relative) or None."""
        for kind, words in self.pronouns.items():
            if word in words:
                return kind
        return None


def _forms_of(base: str, irregular: dict[str, list[str]]) -> set[str]:
    return {base, *irregular[base]} if base in irregular else inflections(base)


def build_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed TOML ``data``."""
    irregular: dict[str, list[str]] = data.get("irregular", {})
    tiers_of: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    verbs_data = data.get("verbs", {})
    for tier in VERB_TIERS:
        for entry in verbs_data.get(tier, []):
            words = tuple(entry.lower().split())
            tiers_of.setdefault((words[0], words[1:]), set()).add(tier)
    verbs: dict[str, list[VerbCue]] = {}
    for (base, tail), tiers in tiers_of.items():
        cue = VerbCue(tail, frozenset(tiers), base + (" " + " ".join(tail) if tail else ""))
        for form in _forms_of(base, irregular):
            verbs.setdefault(form, []).append(cue)
    for forms in verbs.values():  # longest tails first: "call for" before "call"
        forms.sort(key=lambda c: -len(c.tail))
    quote_only: set[str] = set()
    for entry in verbs_data.get("quote_only", []):
        quote_only |= _forms_of(entry.split()[0], irregular)
    nouns = data.get("nouns", {})
    speech_nouns: set[str] = set()
    for word in nouns.get("speech", []):
        speech_nouns |= _noun_forms(word)
    mental_nouns: set[str] = set()
    for word in nouns.get("mental", []):
        mental_nouns |= _noun_forms(word)
    not_nouns: set[str] = set()
    for word in nouns.get("not_cues", []):
        not_nouns |= _noun_forms(word)
    nominal: dict[str, str] = {}
    for label, words in data.get("nominal", {}).items():
        for word in words:
            for form in _noun_forms(word):
                nominal.setdefault(form, label)
    adjectives: dict[str, frozenset[str]] = {}
    mental_adjectives: set[str] = set()
    for tier, entries in data.get("adjectives", {}).items():
        for entry in entries:
            word, *preps = entry.lower().split()
            adjectives[word] = adjectives.get(word, frozenset()) | frozenset(preps)
            if tier == "mental":
                mental_adjectives.add(word)
    verb_tiers = {cue.base: cue.tiers for cues in verbs.values() for cue in cues if not cue.tail}
    cw = data.get("checkworthy", {})
    return Lexicon(
        verbs=verbs,
        quote_only=frozenset(quote_only),
        no_object=frozenset(verbs_data.get("no_object", [])),
        intent_speech=frozenset(verbs_data.get("intent_speech", [])),
        speech_nouns=frozenset(speech_nouns),
        mental_nouns=frozenset(mental_nouns - speech_nouns),
        not_nouns=frozenset(not_nouns),
        source_prepositions=tuple(
            tuple(p.split()) for p in data.get("phrases", {}).get("source_prepositions", [])
        ),
        pronouns={k: frozenset(v) for k, v in data.get("pronouns", {}).items()},
        nominal=nominal,
        adjectives=adjectives,
        mental_adjectives=frozenset(mental_adjectives),
        evidential_adverbs=frozenset(data.get("phrases", {}).get("evidential_adverbs", [])),
        verb_tiers=verb_tiers,
        hedges=frozenset(cw.get("hedges", [])),
        opinion=frozenset(cw.get("opinion", [])),
        factual=frozenset(cw.get("factual", [])),
    )


@cache
def _shipped_data() -> dict[str, Any]:
    """``analysis/cues.toml`` as parsed, once."""
    text = resources.files("margin.analysis").joinpath("cues.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def load_lexicon() -> Lexicon:
    """The lexicon shipped with margin (``analysis/cues.toml``), parsed once."""
    return build_lexicon(_shipped_data())


def is_pronoun(word: str) -> bool:
    """Whether ``word`` (any case) is one of the lexicon's pronouns, without building the
    whole lexicon (for callers outside the analysis, such as the claims index)."""
    lowered = word.lower()
    return any(lowered in words for words in _shipped_data().get("pronouns", {}).values())
