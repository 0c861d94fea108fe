"""Speakers: the noun phrase of a source, snapping it to a named entity, and resolving
pronouns (*they*) and nominals (*the senator*) to the entity they point back to."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from margin.analysis.gender import (
    GenderData,
    load_gender_data,
    mention_gender,
    name_key,
    pronoun_gender,
)
from margin.model import Entity, Speaker, TextSpan

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from margin.analysis.cues import Lexicon

#: Entity labels that can be a source.
SOURCE_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"})
#: How far back (characters) a pronoun or nominal looks for its antecedent.
RESOLVE_WINDOW = 1500
#: How far back (characters) a subject mention is preferred to a nearer non-subject one.
SUBJECT_WINDOW = 300
_SOURCE_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_TRAILING_PUNCT = frozenset({",", ";", ":", "-", "—", "–", ".", '"', "“", "”", "(", "["})
#: Determiners that make a nominal speaker a definite description (*the company*).
_DEFINITE = frozenset({"the", "this", "that"})
#: Modifiers that make a nominal someone other than an earlier entity (*the other company*).
_OTHER_REFERENT = frozenset(
    {"other", "another", "rival", "competing", "new", "second", "third", "different", "same-sex"}
)
#: Pronouns for people that the parse tags as determiners or nouns (*among those
#: describing ...*, *like others defending ...*): they speak for themselves.
PEOPLE_PRONOUNS = frozenset({"those", "others", "ones"})
#: Entity labels a nominal of each type may point back to.
_NOMINAL_LABELS = {
    "PERSON": frozenset({"PERSON"}),
    "ORG": frozenset({"ORG"}),
    "GPE": frozenset({"GPE"}),
}


@dataclass(slots=True)
class SpeakerRef:
    """A speaker as found in a sentence, before cross-sentence resolution.

    ``start``/``end``: the noun phrase as written (global offsets). ``entity``: the named
    entity covering its head, if any. ``kind``: ``name`` (an entity or other NP), or
    ``pronoun:<class>`` / ``nominal:<LABEL>`` when it needs resolving (a nominal is a
    definite description such as *the company* whose head fits an entity type).
    """

    start: int
    end: int
    kind: str = "name"
    entity: tuple[int, int] | None = None
    #: For a noun phrase that is not a named entity: its class judged from its head noun
    #: (``person``, ``plural`` or ``thing``: *their association* is a thing), else None.
    cls: str | None = None


def _token_entity(tok: Token) -> tuple[int, int] | None:
    """Token offsets ``(first, last+1)`` of the entity containing ``tok``, if any."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return start, end


def looks_like_source(tok: Token, lexicon: Lexicon) -> bool:
    """Whether ``tok`` can be a source: a person, organisation or place name, a pronoun, or a
    noun such as *official* or *company*."""
    if tok.ent_type_ in _SOURCE_ENT_LABELS:
        return True
    if tok.tag_ == "PRP":
        return lexicon.is_pronoun(tok.lower_) in ("person", "plural", "thing", "first")
    return tok.tag_ in ("NN", "NNS") and tok.lower_ in lexicon.nominal


def producer(noun: Token, lexicon: Lexicon) -> Token | None:
    """For a thing that speaks for someone (*X issued a statement saying ...*, *X filed papers
    opposing ...*, *X sent a letter that says ...*): X, the subject of the verb the thing is
    the object of. None when ``noun`` can speak itself (a person, an organisation, a pronoun)
    or has no such verb."""
    if (
        looks_like_source(noun, lexicon)
        or noun.tag_ in ("PRP", "WP", "WDT")
        or noun.lower_ in PEOPLE_PRONOUNS
    ):
        return None
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.tag_.startswith("NN"):
        noun = noun.head.head  # "a series of tweets", "a list of demands"
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif noun.dep_ != "dobj":
        return None
    if not verb.tag_.startswith("VB") or verb.i == noun.i:
        return None
    for child in verb.children:
        if child.dep_ == "nsubj" and child.tag_ not in ("WDT", "WP"):
            return child
    head = verb.head
    if verb.dep_ == "xcomp" and head.i != verb.i and head.tag_.startswith("VB"):
        # "X prompted Y to make a comment that ...": Y (object control), else X
        for child in head.children:
            if child.dep_ == "dobj" and child.i < verb.i:
                return child
        for child in head.children:
            if child.dep_ == "nsubj" and child.tag_ not in ("WDT", "WP"):
                return child
    return None


def author(noun: Token, lexicon: Lexicon) -> Token | None:
    """Whoever a thing speaks for: its possessor (*X's comment*), the object of *by* or
    *from* after it (*a comment by X*), or the one who made or issued it (:func:`producer`)."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and child.i > noun.i:
            for grand in child.children:
                if grand.dep_ == "pobj" and looks_like_source(grand, lexicon):
                    return grand
    return producer(noun, lexicon)


def shows_itself(verb: Token, lexicon: Lexicon) -> bool:
    """Whether ``verb`` is a verb of evidence only (*show*, *reveal*, *suggest*, *find*):
    a thing that shows something speaks for itself (*her medical records, which showed
    ...*; *a slide show that predicted ...* is a forecast, but *ads that attack ...* speak
    for whoever ran them)."""
    entries = lexicon.verbs.get(verb.lower_, [])
    return bool(entries) and all(e.tiers <= {"evidence"} for e in entries)


def _conjunct_chain(head: Token) -> list[Token]:
    """The conjuncts coordinated with ``head`` (*X, Y and Z*), through ``conj`` links
    (and the appositions, compounds and prepositional phrases the parse may put between
    them), never inside a clause that describes it (*polls that show X, Y and Z*)."""
    out: list[Token] = []
    todo = [head]
    while todo:
        tok = todo.pop()
        for child in tok.children:
            if child.i <= head.i:
                continue
            if child.dep_ == "conj":
                out.append(child)
                todo.append(child)
            elif child.dep_ in ("appos", "prep", "pobj", "compound", "cc"):
                todo.append(child)
    return sorted(out, key=lambda t: t.i)


def speaker_ref(head: Token, offset: int, lexicon: Lexicon) -> SpeakerRef:
    """The speaker whose syntactic head is ``head`` (character offsets shifted by ``offset``)."""
    doc = head.doc
    low = head.lower_
    if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head.i != head.i:
        # "..., who said": the relative pronoun as written, the noun it stands for resolved
        noun = head.head.head
        source = None if shows_itself(head.head, lexicon) else producer(noun, lexicon)
        if (
            source is None
            and low in ("that", "which")
            and not looks_like_source(noun, lexicon)
            and noun.ent_type_ not in SOURCE_LABELS
        ):
            # "a comment by X that described ...", "X's rhetoric, which ...": a thing
            # speaks for its author
            source = None if shows_itself(head.head, lexicon) else author(noun, lexicon)
        antecedent = speaker_ref(source or noun, offset, lexicon)
        s, e = head.idx + offset, head.idx + len(head) + offset
        target = antecedent.entity or (antecedent.start, antecedent.end)
        return SpeakerRef(s, e, "name", target)
    if head.tag_ in ("PRP", "PRP$"):
        cls = lexicon.is_pronoun(low)
        if cls in ("person", "plural", "thing", "first"):
            return SpeakerRef(head.idx + offset, head.idx + len(head) + offset, f"pronoun:{cls}")
    conjuncts = [t for t in _conjunct_chain(head) if t.tag_ in ("NNP", "NNPS", "NN", "NNS", "PRP")]
    ent = _token_entity(head)
    if ent is not None and not conjuncts and head.ent_type_ in SOURCE_LABELS:
        span = doc[ent[0] : ent[1]]
        s, e = span.start_char + offset, span.end_char + offset
        return SpeakerRef(s, e, "name", (s, e))
    first = head.left_edge.i
    last = head.i
    if ent is not None:
        last = max(last, ent[1] - 1)
    appos_ent: tuple[int, int] | None = None
    for child in head.children:
        if child.i < head.i:
            continue
        if child.dep_ in ("compound", "flat", "nummod", "npadvmod") or (
            child.dep_ == "prep" and child.lower_ == "of" and child.right_edge.i - head.i <= 6
        ):
            last = max(last, child.right_edge.i)
        elif child.dep_ == "appos" and ent is None and child.ent_type_ in ("PERSON", "ORG"):
            found = _token_entity(child)
            if found is not None:
                appos_ent = found
                last = max(last, found[1] - 1)
    if conjuncts:
        last = max(last, conjuncts[-1].right_edge.i)
    # A speaker never reaches back over a line break (a headline or dateline above it).
    for i in range(head.i - 1, first - 1, -1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            first = i + 1
            break
    # Never start a speaker on punctuation (a stray opening quote or bracket).
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > first and (doc[last].is_space or doc[last].text in _TRAILING_PUNCT):
        last -= 1
    if doc[last].text == ")" and "(" not in doc[first:last].text:
        last -= 1
    s = doc[first].idx + offset
    e = doc[last].idx + len(doc[last]) + offset
    label = lexicon.nominal.get(low)
    plural = head.tag_ in ("NNS", "NNPS") or bool(conjuncts)
    if not conjuncts and ent is None and appos_ent is None and label and not plural:
        # Only a definite description points back to an entity (*the company*, *this
        # senator*); a possessive (*their association*) or an indefinite one (*a company*,
        # *another official*) is someone new and stays as written.
        definite = any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children)
        other = any(c.lower_ in _OTHER_REFERENT for c in head.children if c.i < head.i)
        # "the Cruz campaign", "the Obama administration": named after a person or an
        # organisation, so no one earlier ("the Vermont senator" still points back)
        named = any(
            c.dep_ in ("compound", "nmod") and c.ent_type_ in ("PERSON", "ORG")
            for c in head.children
            if c.i < head.i
        )
        if (
            definite
            and not other
            and not named
            and not any(c.dep_ == "poss" for c in head.children)
        ):
            return SpeakerRef(s, e, f"nominal:{label}")
    cls: str | None = None
    if plural:
        cls = "plural"
    elif label is not None:
        cls = "person" if label == "PERSON" else "thing"
    entity = None
    if ent is not None and not conjuncts and head.ent_type_ in SOURCE_LABELS:
        span = doc[ent[0] : ent[1]]
        entity = (span.start_char + offset, span.end_char + offset)
    elif appos_ent is not None and not conjuncts:
        span = doc[appos_ent[0] : appos_ent[1]]
        entity = (span.start_char + offset, span.end_char + offset)
    return SpeakerRef(s, e, "name", entity, None if entity is not None else cls)


class Resolver:
    """Resolves pronoun and nominal speakers against the entities and speakers seen so far.

    Feed it entities in text order (:meth:`add_entities`) and every resolved speaker
    (:meth:`note_speaker`); :meth:`speaker` turns a :class:`SpeakerRef` into a
    :class:`~margin.model.Speaker`.
    """

    def __init__(self, text: str, genders: GenderData | None = None) -> None:
        self.text = text
        self._starts: list[int] = []
        self._entities: list[Entity] = []
        self._subject: list[bool] = []
        # (position, speaker, class, entity label or None)
        self._speakers: list[tuple[int, Speaker, str, str | None]] = []
        self._genders = genders if genders is not None else load_gender_data()
        # gender of a mention (by its span) from the words in and around it
        self._mention: dict[tuple[int, int], str | None] = {}
        # genders seen for a surname (a name's last word), and the gender of a pronoun
        # resolved to a surname that has no other evidence
        self._by_name: dict[str, set[str]] = {}
        self._assumed: dict[str, str] = {}

    def add_entities(self, entities: list[Entity], subjects: frozenset[int] = frozenset()) -> None:
        """Add entities (each batch after the previous one in the text); ``subjects`` holds
        the start offsets of those that are the subject of their clause."""
        for ent in entities:
            if ent.label in SOURCE_LABELS:
                self._starts.append(ent.start)
                self._entities.append(ent)
                self._subject.append(ent.start in subjects)
                if ent.label == "PERSON":
                    self._learn(ent.start, ent.end, ent.text)

    def _learn(self, start: int, end: int, name: str) -> str | None:
        """Gender evidence of one person mention, remembered for its surname too."""
        span = (start, end)
        if span in self._mention:
            return self._mention[span]
        found = mention_gender(self.text, start, end, self._genders)
        self._mention[span] = found
        if found is not None:
            self._by_name.setdefault(name_key(name), set()).add(found)
        return found

    def gender(self, start: int, end: int) -> str | None:
        """The gender of the person mentioned at ``text[start:end]``: from the words around
        this mention, else from every mention sharing its surname when they agree."""
        found = self._learn(start, end, self.text[start:end])
        if found is not None:
            return found
        seen = self._by_name.get(name_key(self.text[start:end]))
        if seen is not None and len(seen) == 1:
            return next(iter(seen))
        return None

    def _agrees(
        self, start: int, end: int, wanted: str | None, strict: bool = False, named: bool = True
    ) -> bool:
        """Whether the person at ``start:end`` may be ``wanted``. Known evidence decides;
        an unknown gender may, unless ``strict`` and the mention is not a ``named`` person
        (*the two*, *a reader*) or an earlier *he* or *she* resolved to this name said
        otherwise (that weaker evidence only orders candidates, it never rules one out)."""
        if wanted is None:
            return True
        found = self.gender(start, end)
        if found is not None:
            return found == wanted
        if not strict:
            return True
        assumed = self._assumed.get(name_key(self.text[start:end]))
        if assumed is not None:
            return assumed == wanted
        return named

    def note_speaker(self, position: int, speaker: Speaker, cls: str) -> None:
        """Remember a claim's resolved speaker (``cls``: person, plural or thing)."""
        self._speakers.append((position, speaker, cls, self._label_of(speaker)))
        if len(self._speakers) > 64:
            del self._speakers[:32]

    def _recent_entity(
        self,
        before: int,
        labels: frozenset[str],
        gender: str | None = None,
        exclude: tuple[int, int] | None = None,
        strict: bool = False,
    ) -> Entity | None:
        """The nearest entity with one of ``labels`` before ``before`` (of a compatible
        ``gender``, outside ``exclude``); a clause subject within the last sentence or two wins
        over a nearer non-subject mention."""
        i = bisect_left(self._starts, before)
        nearest: Entity | None = None
        while i > 0:
            i -= 1
            ent = self._entities[i]
            if before - ent.end > RESOLVE_WINDOW:
                break
            if ent.label not in labels or ent.end > before:
                continue
            if exclude is not None and exclude[0] <= ent.start < exclude[1]:
                continue
            if ent.label == "PERSON" and not self._agrees(ent.start, ent.end, gender, strict):
                continue
            if self._subject[i] and (nearest is None or before - ent.end <= SUBJECT_WINDOW):
                return ent
            if nearest is None:
                nearest = ent
            if before - ent.end > SUBJECT_WINDOW:
                break
        return nearest

    def _antecedent(
        self,
        cls: str,
        before: int,
        nominal: str | None = None,
        gender: str | None = None,
        exclude: tuple[int, int] | None = None,
        strict: bool = False,
    ) -> Speaker | None:
        """A recent speaker of class ``cls``, else a recent entity of a fitting type; for a
        nominal (``nominal`` = its entity type) only a speaker or entity of that type. A
        person of another ``gender`` than the one wanted, or a mention inside ``exclude``
        (the claim's own content), is never the antecedent; with ``strict``, neither is a
        person whose gender is unknown."""
        if nominal is not None:
            labels = _NOMINAL_LABELS.get(nominal, frozenset({nominal}))
        elif cls == "person":
            labels = frozenset({"PERSON"})
        elif cls == "plural":
            labels = frozenset({"ORG", "NORP", "GPE", "PERSON"})
        else:  # thing
            labels = frozenset({"ORG", "GPE", "NORP", "PRODUCT"})
        for pos, speaker, scls, slabel in reversed(self._speakers):
            if before - pos > RESOLVE_WINDOW // 2:
                break
            if pos >= before:
                continue
            if exclude is not None and (
                exclude[0] <= pos < exclude[1] or exclude[0] <= speaker.start < exclude[1]
            ):
                continue
            if slabel in (None, "PERSON") and not self._agrees(
                speaker.start, speaker.end, gender, strict, slabel == "PERSON"
            ):
                continue
            if nominal is not None:
                if slabel in labels:
                    return Speaker(speaker.start, speaker.end, speaker.text)
            elif scls == cls:
                return Speaker(speaker.start, speaker.end, speaker.text)
        ent = self._recent_entity(before, labels, gender, exclude, strict)
        if ent is not None:
            return Speaker(ent.start, ent.end, ent.text)
        return None

    def speaker(
        self, ref: SpeakerRef, exclude: tuple[int, int] | None = None
    ) -> tuple[Speaker, str]:
        """Resolve ``ref``; returns the speaker and its class (person, plural, thing).

        ``exclude``: the span of the claim's own content, where a nominal's antecedent never
        lies (*"A asked ...," the aide added*: the aide is not A). A pronoun may point into
        it (*Sen. X scolded him: "...," she said*: the content may open with the cue
        clause)."""
        text = self.text
        written = TextSpan.of(text, ref.start, ref.end)
        if ref.kind.startswith("pronoun:"):
            cls = ref.kind.split(":", 1)[1]
            if cls == "first":
                return Speaker(ref.start, ref.end, written.text), "person"
            gender = pronoun_gender(written.text) if cls == "person" else None
            # A person known to agree in gender first, then one whose gender is unknown.
            found = None
            if gender is not None:
                found = self._antecedent(cls, ref.start, gender=gender, strict=True)
            if found is None:
                found = self._antecedent(cls, ref.start, gender=gender)
            if found is not None:
                if gender is not None:
                    self._assume(found, gender)
                return Speaker(found.start, found.end, found.text, written), cls
            return Speaker(ref.start, ref.end, written.text), cls
        if ref.kind.startswith("nominal:"):
            label = ref.kind.split(":", 1)[1]
            cls = "person" if label == "PERSON" else "thing"
            gender = self.gender(ref.start, ref.end) if label == "PERSON" else None
            found = self._antecedent(cls, ref.start, label, gender, exclude)
            if found is not None:
                return Speaker(found.start, found.end, found.text, written), cls
            return Speaker(ref.start, ref.end, written.text), cls
        if ref.entity is not None and ref.entity != (ref.start, ref.end):
            s, e = ref.entity
            speaker = Speaker(s, e, text[s:e], written)
        else:
            speaker = Speaker(ref.start, ref.end, written.text)
        cls = self._class_of(speaker, ref.cls)
        return speaker, cls

    def _assume(self, person: Speaker, gender: str) -> None:
        """Once *he* or *she* has been resolved to ``person``, that person's surname is
        assumed to have this gender (weak evidence, used only to order candidates)."""
        key = name_key(person.text)
        if key and key not in self._by_name:
            self._assumed.setdefault(key, gender)

    def _label_of(self, speaker: Speaker) -> str | None:
        """The label of the entity ``speaker`` is (or starts with and covers), if any."""
        i = bisect_left(self._starts, speaker.start)
        if (
            i < len(self._entities)
            and self._entities[i].start == speaker.start
            and self._entities[i].end >= speaker.end
        ):
            return self._entities[i].label
        return None

    def _class_of(self, speaker: Speaker, hint: str | None = None) -> str:
        label = self._label_of(speaker)
        if label is not None:
            return "person" if label == "PERSON" else "thing"
        if hint is not None:
            return hint
        words = speaker.text.lower()
        if " and " in words or words.endswith("s"):
            return "plural"
        return "person"
