"""Speakers: the noun phrase of a source, snapping it to a named entity, and resolving
pronouns (*they*) and nominals (*the senator*) to the entity they point back to."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

from analysis.model import Entity, Speaker, TextSpan

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from analysis.cues import Lexicon

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
    if looks_like_source(noun, lexicon) or noun.tag_ in ("PRP", "WP", "WDT"):
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
    return None


def speaker_ref(head: Token, offset: int, lexicon: Lexicon) -> SpeakerRef:
    """The speaker whose syntactic head is ``head`` (character offsets shifted by ``offset``)."""
    doc = head.doc
    low = head.lower_
    if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl" and head.head.head.i != head.i:
        # "..., who said": the relative pronoun as written, the noun it stands for resolved
        noun = head.head.head
        antecedent = speaker_ref(producer(noun, lexicon) or noun, offset, lexicon)
        s, e = head.idx + offset, head.idx + len(head) + offset
        target = antecedent.entity or (antecedent.start, antecedent.end)
        return SpeakerRef(s, e, "name", target)
    if head.tag_ in ("PRP", "PRP$"):
        cls = lexicon.is_pronoun(low)
        if cls in ("person", "plural", "thing", "first"):
            return SpeakerRef(head.idx + offset, head.idx + len(head) + offset, f"pronoun:{cls}")
    conjuncts = [
        t
        for t in head.subtree
        if t.dep_ == "conj" and t.i > head.i and t.tag_ in ("NNP", "NNPS", "NN", "NNS", "PRP")
    ]
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
        if definite and not other and not any(c.dep_ == "poss" for c in head.children):
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
    :class:`~analysis.model.Speaker`.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] = []
        self._entities: list[Entity] = []
        self._subject: list[bool] = []
        # (position, speaker, class, entity label or None)
        self._speakers: list[tuple[int, Speaker, str, str | None]] = []

    def add_entities(self, entities: list[Entity], subjects: frozenset[int] = frozenset()) -> None:
        """Add entities (each batch after the previous one in the text); ``subjects`` holds
        the start offsets of those that are the subject of their clause."""
        for ent in entities:
            if ent.label in SOURCE_LABELS:
                self._starts.append(ent.start)
                self._entities.append(ent)
                self._subject.append(ent.start in subjects)

    def note_speaker(self, position: int, speaker: Speaker, cls: str) -> None:
        """Remember a claim's resolved speaker (``cls``: person, plural or thing)."""
        self._speakers.append((position, speaker, cls, self._label_of(speaker)))
        if len(self._speakers) > 64:
            del self._speakers[:32]

    def last_speaker(self, before: int, window: int = RESOLVE_WINDOW) -> Speaker | None:
        """The most recent claim speaker before ``before`` (within ``window`` characters)."""
        for pos, speaker, _cls, _label in reversed(self._speakers):
            if pos < before:
                return speaker if before - pos <= window else None
        return None

    def _recent_entity(self, before: int, labels: frozenset[str]) -> Entity | None:
        """The nearest entity with one of ``labels`` before ``before``; a clause subject
        within the last sentence or two wins over a nearer non-subject mention."""
        i = bisect_left(self._starts, before)
        nearest: Entity | None = None
        while i > 0:
            i -= 1
            ent = self._entities[i]
            if before - ent.end > RESOLVE_WINDOW:
                break
            if ent.label not in labels or ent.end > before:
                continue
            if self._subject[i] and (nearest is None or before - ent.end <= SUBJECT_WINDOW):
                return ent
            if nearest is None:
                nearest = ent
            if before - ent.end > SUBJECT_WINDOW:
                break
        return nearest

    def _antecedent(self, cls: str, before: int, nominal: str | None = None) -> Speaker | None:
        """A recent speaker of class ``cls``, else a recent entity of a fitting type; for a
        nominal (``nominal`` = its entity type) only a speaker or entity of that type."""
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
            if nominal is not None:
                if slabel in labels:
                    return Speaker(speaker.start, speaker.end, speaker.text)
            elif scls == cls:
                return Speaker(speaker.start, speaker.end, speaker.text)
        ent = self._recent_entity(before, labels)
        if ent is not None:
            return Speaker(ent.start, ent.end, ent.text)
        return None

    def speaker(self, ref: SpeakerRef) -> tuple[Speaker, str]:
        """Resolve ``ref``; returns the speaker and its class (person, plural, thing)."""
        text = self.text
        written = TextSpan.of(text, ref.start, ref.end)
        if ref.kind.startswith("pronoun:"):
            cls = ref.kind.split(":", 1)[1]
            if cls == "first":
                return Speaker(ref.start, ref.end, written.text), "person"
            found = self._antecedent(cls, ref.start)
            if found is not None:
                return Speaker(found.start, found.end, found.text, written), cls
            return Speaker(ref.start, ref.end, written.text), cls
        if ref.kind.startswith("nominal:"):
            label = ref.kind.split(":", 1)[1]
            cls = "person" if label == "PERSON" else "thing"
            found = self._antecedent(cls, ref.start, label)
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
