"""Document-level entity resolution: one decision per name for the whole article.

spaCy tags mentions one at a time; a newspaper reader resolves names from the whole
article. After spaCy, :func:`resolve_entities` takes the mentions of a text (or of the
part parsed so far) and:

1. trims each name to its edges (:mod:`analysis.mention_rules`: no *the*, no possessive,
   no title, no stray bracket) and reads the all-caps datelines as places;
2. adds the names spaCy missed that announce themselves as a person's: a proper noun
   after a title (*Mayor Ana Ruiz*) or opening with a given name (``gender.toml``);
3. joins every mention that is part of a longer name of the article to that name's alias
   group: the full name, the surname, first name and surname (with or without a title),
   an acronym (*ICE*) or a name without its ending (*Harbour Engineering* for *Harbour
   Engineering Ltd*);
4. tags the group's mentions spaCy left untagged (*Ruiz told reporters*;
   :mod:`analysis.entity_aliases`);
5. gives each group one type from the evidence of all its mentions: strong (titles, words
   around a name that only a person's takes, organisations' endings, *X, <place>*) and
   weak (spaCy's labels as one witness, the fullest name's first; given names; speakers as
   agents; pronouns; prepositions of place), see :meth:`_Resolver._evidence`, weighed by
   :mod:`analysis.entity_types`;
6. drops a one-word "name" that only ever opens a sentence or sits in a title-case headline
   and is a common noun elsewhere in the text (*Harbour city bets ...* and *the old harbour*).

Each mention's ``group`` is its group's fullest name (for a person without the title).
Dates and numbers pass through, grouped by their own text. Claim speakers take their group
afterwards (:mod:`analysis.speaker_groups`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from margin.analysis.entity_aliases import QUOTES, AliasScanner
from margin.analysis.entity_evidence import person_context, place_context, pronoun_follows
from margin.analysis.entity_list import normalise_name
from margin.analysis.entity_types import (
    W_FIRST_NAME,
    W_PLACE_CONTEXT,
    W_PLACE_ENDING,
    W_PRONOUN,
    W_SPEAKER,
    choose_label,
    label_witness,
)
from margin.analysis.mention_rules import (
    Positions,
    datelines,
    name_words,
    surname,
    title_before,
    trim_mention,
)
from margin.analysis.names import NameWords, bare, is_capitalised, is_initial
from margin.analysis.names import name_words as load_name_words
from margin.model import Entity

#: spaCy labels that are names (the rest, dates and numbers, pass through).
NAME_LABELS = frozenset(
    {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
     "LANGUAGE"}
)  # fmt: skip


@dataclass(slots=True)
class NameFacts:
    """What the resolver reads from one parsed block (global character offsets).

    ``mentions``: spaCy's entities. ``proper``: runs of proper-noun tokens outside them.
    ``speakers``: the noun phrases that are the speaker of a cue in this block.
    ``subjects``: offsets of the tokens that are a clause's subject (names among them).
    ``sentences``: the block's sentence spans.
    """

    start: int
    end: int
    mentions: list[Entity]
    proper: list[tuple[int, int]] = field(default_factory=list)
    speakers: list[tuple[int, int]] = field(default_factory=list)
    subjects: list[int] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class _Mention:
    start: int
    end: int
    label: str  # spaCy's ("" if spaCy did not tag it)
    words: tuple[str, ...]
    titled: bool = False
    speaker: bool = False
    person: bool | None = None  # the words around it say person (None: not read yet)
    dateline: bool = False  # the all-caps place of a dateline
    group: _Group | None = None


@dataclass(slots=True, eq=False)
class _Group:
    words: tuple[str, ...]
    mentions: list[_Mention] = field(default_factory=list)
    personish: bool = False
    sure: bool = False  # a person's name by more than spaCy's word
    label: str = ""
    name: str = ""


def _key(words: Sequence[str]) -> str:
    return " ".join(words).casefold()


def _acronym(words: Sequence[str]) -> str:
    letters = [w[0] for w in words if is_capitalised(w)]
    return "".join(letters) if len(letters) >= 2 else ""


class _Resolver:
    """One resolution run over some blocks of one text (see the module doc)."""

    def __init__(
        self,
        text: str,
        facts: Sequence[NameFacts],
        sentences: Sequence[tuple[int, int]],
        words: NameWords,
    ) -> None:
        self.text = text
        self.facts = facts
        self.words = words
        self.positions = Positions(text, sentences, [(f.start, f.end) for f in facts])
        self.mentions: list[_Mention] = []
        self.groups: list[_Group] = []
        self.passthrough: list[Entity] = []
        self.speakers = sorted(span for f in facts for span in f.speakers)
        self.labels_at = {e.start: e.label for f in facts for e in f.mentions}
        self.ends_at = {e.start: e.end for f in facts for e in f.mentions}
        self.subjects = sorted(x for f in facts for x in f.subjects)

    # -- 1 and 2: the mentions -----------------------------------------------------------

    def collect(self) -> None:
        text = self.text
        caps_places = datelines(text, [f.start for f in self.facts])
        for s, e in caps_places:
            self.mentions.append(_Mention(s, e, "GPE", name_words(text, s, e), dateline=True))
        for fact in self.facts:
            for ent in fact.mentions:
                if any(s < ent.end and ent.start < e for s, e in caps_places):
                    continue
                if ent.label not in NAME_LABELS:
                    self.passthrough.append(ent)
                    continue
                self._add(ent.start, ent.end, ent.label)
                # "ICE (Immigration and Customs Enforcement": the bracket opens a second name
                inner = text.find("(", ent.start, ent.end)
                if inner >= 0 and ")" not in text[inner : ent.end]:
                    self._add(inner + 1, ent.end, ent.label)
            for s, e in fact.proper:
                self._add(s, e, "")
        self.mentions.sort(key=lambda m: (m.start, m.end))
        self._split_possessors()

    def _add(self, start: int, end: int, label: str) -> None:
        """Add the name in ``text[start:end]`` (spaCy's ``label``, "" if untagged), trimmed to
        its edges. A name in quotation marks is a title or a slogan (*the "Leave" campaign*):
        spaCy's label for it is not taken."""
        text = self.text
        initial = self.positions.uninformative(start)
        trimmed = trim_mention(text, start, end, label, self.words, initial)
        if trimmed is None:
            return
        s, e = trimmed.start, trimmed.end
        titled = trimmed.titled or title_before(text, s, self.words)
        if s > 0 and text[s - 1] in QUOTES and text[e : e + 1] in QUOTES:
            label, titled = "", False
        self.mentions.append(_Mention(s, e, label, name_words(text, s, e), titled))

    def _split_possessors(self) -> None:
        """*Amazon's Rekognition*: when the possessor is itself named in the article, the
        mention is two names."""
        known = {_key(m.words) for m in self.mentions}
        out: list[_Mention] = []
        text = self.text
        for m in self.mentions:
            raw = text[m.start : m.end]
            cut = re.search(r"\s?(?:'s|’s)\s+(?=[A-Z])", raw)
            if cut is None:
                out.append(m)
                continue
            head_end = m.start + cut.start()
            while head_end > m.start and text[head_end - 1].isspace():
                head_end -= 1
            tail_start = m.start + cut.end()
            tail = text[tail_start : m.end].split()
            if _key(name_words(text, m.start, head_end)) not in known or (
                len(tail) == 1 and self.words.org_ending(tail[0])
            ):
                out.append(m)  # "McDonald's Corporation": one name
                continue
            out.append(_Mention(m.start, head_end, "", name_words(text, m.start, head_end),
                                m.titled))  # fmt: skip
            out.append(_Mention(tail_start, m.end, m.label, name_words(text, tail_start, m.end)))
        self.mentions = out

    # -- 3: alias groups -----------------------------------------------------------------

    def _sure(self, m: _Mention) -> bool:
        """Whether a name is surely a person's: a title, the words around it, or a given
        name say so."""
        if m.titled or self._person_context(m):
            return True
        return len(m.words) >= 2 and self.words.is_first_name(m.words[0])

    def _personish(self, m: _Mention) -> bool:
        """Whether a name reads as a person's: spaCy says so of a full name, a title or
        the words around it say so, or it opens with a given name."""
        if m.titled or self._person_context(m):
            return True
        return len(m.words) >= 2 and (m.label == "PERSON" or self.words.is_first_name(m.words[0]))

    def group(self) -> None:
        by_key: dict[str, list[_Group]] = {}
        by_surname: dict[str, list[_Group]] = {}
        by_short: dict[str, list[_Group]] = {}
        speakers = self.speakers
        starts = [s for s, _ in speakers]
        order = sorted(self.mentions, key=lambda m: (-len(m.words), not m.label, m.start))
        for m in order:
            i = bisect_right(starts, m.start) - 1
            m.speaker = i >= 0 and speakers[i][0] <= m.start and m.end <= speakers[i][1]
            key = _key(m.words)
            found = by_key.get(key)
            if found is None and len(m.words) <= 2:
                # a part of a person's name (not a place after a preposition of place, *in
                # Washington*; a group of people, *Democrats*, only of a name surely a
                # person's)
                found = by_surname.get(key)
                if found is not None and m.label in ("GPE", "LOC", "FAC") and self._locative(m):
                    found = None
                if found is not None and m.label == "NORP":
                    found = [g for g in found if g.sure] or None
            if found is None and m.label == "ORG":
                found = by_short.get(key)  # not *New York* for *New York Times*
            if found is None:
                if m.label == "" and not self._announces_name(m):
                    continue  # a proper noun that is no name of the article
                group = _Group(m.words, personish=self._personish(m), sure=self._sure(m))
                self.groups.append(group)
                found = [group]
                self._index(group, by_key, by_surname, by_short)
            group = found[0] if len(found) == 1 else self._nearest(found, m.start)
            group.mentions.append(m)
            m.group = group
            by_key.setdefault(key, [group])

    def _announces_name(self, m: _Mention) -> bool:
        """Whether an untagged proper noun says by itself that it is a name: a title before
        it, a given name opening it, or an organisation's ending."""
        if self.positions.uninformative(m.start) and len(m.words) == 1 and not m.titled:
            return False
        if m.titled:
            return True
        if len(m.words) >= 2 and self.words.is_first_name(m.words[0]):
            return all(is_capitalised(w) or bare(w) in self.words.particles for w in m.words)
        return len(m.words) >= 2 and self.words.org_ending(m.words[-1])

    def _index(
        self,
        group: _Group,
        by_key: dict[str, list[_Group]],
        by_surname: dict[str, list[_Group]],
        by_short: dict[str, list[_Group]],
    ) -> None:
        """Register the names a later, shorter mention of ``group`` may take."""
        words = group.words
        by_key.setdefault(_key(words), []).append(group)
        if len(words) < 2:
            return
        if group.personish:
            last = surname(words, self.words.suffixes)
            parts = [last, f"{words[0]} {last}"]
            if len(words) >= 3 and is_initial(words[1]):
                parts.append(f"{words[0]} {words[1]} {last}")
            for part in parts:
                if part.casefold() != _key(words):
                    by_surname.setdefault(part.casefold(), []).append(group)
            return
        acronym = _acronym(words)
        if acronym:
            by_key.setdefault(acronym.casefold(), []).append(group)
        if self.words.org_ending(words[-1]) and len(words) >= 3:
            by_short.setdefault(_key(words[:-1]), []).append(group)

    def _locative(self, m: _Mention) -> bool:
        """Whether a place-tagged mention follows a preposition of place (*in Washington*)."""
        before = self.text[max(0, m.start - 12) : m.start].split()
        return bool(before) and before[-1].lower() in ("in", "near", "across", "throughout")

    @staticmethod
    def _nearest(groups: list[_Group], start: int) -> _Group:
        """Of several groups a mention may belong to, the one named last before it."""
        best, best_pos = groups[0], -1
        for g in groups:
            pos = max((m.start for m in g.mentions if m.start <= start), default=-1)
            if pos > best_pos:
                best, best_pos = g, pos
        return best

    # -- 4: untagged mentions of a group -------------------------------------------------

    def tag_untagged(self) -> None:
        """Tag the mentions of each group's names spaCy left untagged
        (:class:`analysis.entity_aliases.AliasScanner`)."""
        forms: list[tuple[tuple[str, ...], int]] = []
        for i, g in enumerate(self.groups):
            names = {m.words for m in g.mentions}
            if g.personish and len(g.words) >= 2:
                names.add((surname(g.words, self.words.suffixes),))
            forms.extend((form, i) for form in names)
        taken = [(m.start, m.end) for m in self.mentions if m.group is not None]
        taken += [(e.start, e.end) for e in self.passthrough]
        scanner = AliasScanner(self.text, self.positions, self.words)
        ranges = [(f.start, f.end) for f in self.facts]
        for start, end, form, i, titled in scanner.scan(forms, taken, ranges):
            group = self.groups[i]
            m = _Mention(start, end, "", form, titled, group=group)
            group.mentions.append(m)
            self.mentions.append(m)

    # -- 5 and 6: types and names --------------------------------------------------------

    def decide(self) -> None:
        """Give each group its type (or drop it: a common noun), and its name."""
        kept: list[_Group] = []
        for g in self.groups:
            if not g.mentions:
                continue
            if self._common_noun(g):
                for m in g.mentions:
                    m.group = None
                continue
            strong, weak, labels = self._evidence(g)
            fullest = max(g.mentions, key=lambda m: (len(m.words), -m.start))
            label = choose_label(strong, weak, labels, fullest.label)
            if label is None:
                continue
            g.label = label
            g.name = self._name(g)
            kept.append(g)
        self.groups = kept

    def _evidence(self, g: _Group) -> tuple[Counter[str], Counter[str], Counter[str]]:
        """What says which type a group is (weighed in :mod:`analysis.entity_types`). Strong
        evidence, :data:`~analysis.entity_types.W_STRONG` each: a title, words around a
        mention that only a person's name takes, an organisation's ending, *X, <place>*. Weak
        evidence: spaCy's labels (one witness, whose weight grows slowly with the mentions it
        tagged, the fullest name's label counting more), a given name, a subject taken up by
        *he* or *she*, a preposition of place, a place's ending, and being the speaker of a
        cue (an agent: person or organisation alike). Returns (strong, weak, spaCy's
        labels)."""
        words, text = self.words, self.text
        strong: Counter[str] = Counter()
        weak: Counter[str] = Counter()
        labels: Counter[str] = Counter()
        # "Harbour Engineering Ltd"; alone, "the League", "the Council"
        org_name = words.org_ending(g.words[-1]) and (len(g.words) >= 2 or not g.personish)
        for m in g.mentions:
            if m.label:
                labels[m.label] += 1
            if m.titled or self._person_context(m):
                strong["person"] += 1
            elif self._subject(m) and pronoun_follows(text, m.end, self.positions):
                weak["person"] += W_PRONOUN
            if m.speaker:  # an agent: a person or an organisation, no place
                weak["person"] += W_SPEAKER
                weak["org"] += W_SPEAKER
            if self._before_place(m):
                strong["place"] += 1
            elif place_context(text, m.start):
                weak["place"] += W_PLACE_CONTEXT
        if org_name:
            strong["org"] += 1
        elif len(g.words) >= 2 and words.place_ending(g.words[-1]):
            weak["place"] += W_PLACE_ENDING
        if len(g.words) >= 2 and words.is_first_name(g.words[0]):
            weak["person"] += W_FIRST_NAME
        tagged = [m for m in g.mentions if m.label]
        if tagged:
            # one witness (:func:`analysis.entity_types.label_witness`); the fullest name's
            # label counts more than a short form's
            longest = max(len(m.words) for m in g.mentions)
            shorter = longest > min(len(m.words) for m in g.mentions)
            fullness = [(m.label, shorter and len(m.words) == longest) for m in tagged]
            weak.update(label_witness(fullness))
        return strong, weak, labels

    def _person_context(self, m: _Mention) -> bool:
        """Whether the words around the mention say it is a person's
        (:func:`analysis.entity_evidence.person_context`), read once per mention."""
        if m.person is None:
            m.person = person_context(self.text, m.start, m.end, self.words)
        return m.person

    def _subject(self, m: _Mention) -> bool:
        """Whether the mention is (or holds) the subject of its clause."""
        i = bisect_left(self.subjects, m.start)
        return i < len(self.subjects) and self.subjects[i] < m.end

    def _before_place(self, m: _Mention) -> bool:
        """*Coleman, Florida*: a name right before a comma and a place."""
        text = self.text
        if not text.startswith(", ", m.end):
            return False
        label = self.labels_at.get(m.end + 2)
        if label not in ("GPE", "LOC"):
            return False
        after = self.ends_at.get(m.end + 2, m.end + 2)
        return not text.startswith(("'s", "’s"), after)  # not "X, Florida's governor"

    def _common_noun(self, g: _Group) -> bool:
        """A one-word name that only ever opens a sentence (or sits in a title-case
        headline) and is a common noun elsewhere in the text."""
        if len(g.words) != 1 or any(m.titled for m in g.mentions):
            return False
        if not all(self.positions.uninformative(m.start) for m in g.mentions):
            return False
        return self.positions.common_noun(g.words[0])

    def _name(self, g: _Group) -> str:
        """The group's fullest name: most words, written in mixed case if it ever is."""
        text = self.text

        def rank(m: _Mention) -> tuple[int, int, int]:
            written = text[m.start : m.end]
            return (len(m.words), 0 if written.isupper() else 1, -m.start)

        best = max(g.mentions, key=rank)
        name = " ".join(best.words)
        if best.dateline and name.isupper():
            return name.title()  # "PORT ELLERY —" names Port Ellery
        return name

    def entities(self) -> list[Entity]:
        text = self.text
        out = [
            Entity(e.start, e.end, e.label, e.text, e.group or normalise_name(e.text))
            for e in self.passthrough
        ]
        kept = set(map(id, self.groups))
        for m in self.mentions:
            g = m.group
            if g is None or id(g) not in kept:
                continue
            out.append(Entity(m.start, m.end, g.label, text[m.start : m.end], g.name))
        out.sort(key=lambda e: (e.start, e.end))
        # never two mentions over one stretch of text (the longer, earlier one wins)
        result: list[Entity] = []
        for ent in out:
            if result and ent.start < result[-1].end:
                continue
            result.append(ent)
        return result


def resolve_entities(
    text: str,
    facts: Sequence[NameFacts],
    sentences: Sequence[tuple[int, int]],
    words: NameWords | None = None,
) -> list[Entity]:
    """The resolved entity mentions of the blocks ``facts`` of ``text`` (see the module
    doc), in text order, each with its ``group``. ``sentences``: the sentence spans of
    those blocks."""
    resolver = _Resolver(text, facts, sentences, words or load_name_words())
    resolver.collect()
    resolver.group()
    resolver.tag_untagged()
    resolver.decide()
    return resolver.entities()
