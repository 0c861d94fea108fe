"""Which of two attributions, one reported inside the other's content, stand: the drafts the
linker (:mod:`margin.analysis.claims_link`) builds, and the tests it applies to a draft nested
in another (a statement inside a statement, a participle cue closing another claim, a cue
between the pieces of a quotation)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from margin.analysis.claims import Candidate
from margin.model import Entity


@dataclass(slots=True)
class Draft:
    """An attribution being built: its content, its cue and the candidate it came from."""

    rule: str
    content: tuple[int, int]
    cue: tuple[int, int] | None
    candidate: Candidate | None
    quoted: int = 0  # characters of the content inside quotation marks
    flags: tuple[str, ...] = field(default=())
    dash_speaker: Entity | None = None


#: Which attributions reported inside another's content are kept: "all", "none", or
#: "sourced" (those whose speaker is a named entity, a pronoun or a nominal such as
#: *the senator*: *Buzzfeed reports that Jassy insisted that ...*).
NESTED_POLICY = "sourced"
_NESTABLE_RULES = frozenset({"verb-ccomp", "verb-postposed", "verb-colon", "according"})


def may_nest(d: Draft, named: list[tuple[int, int]]) -> bool:
    """Whether ``d``, reported inside another claim's content, stands as a claim too:
    a statement (not a belief) whose speaker names someone (``named``: the spans of the
    person and organisation names around)."""
    if NESTED_POLICY == "all":
        return True
    if NESTED_POLICY == "none" or d.candidate is None or d.rule not in _NESTABLE_RULES:
        return False
    if "mental" in d.flags:
        return False  # a belief reported inside someone's statement stays part of it
    ref = d.candidate.speaker
    if ref is None:
        return False
    if ref.entity is not None:
        return True
    return ref.kind == "name" and any(overlap((ref.start, ref.end), n) > 0 for n in named)


# the comma before a participle cue, after a closing quotation mark or not (*A," arguing B*)
_PARTICIPLE_BEFORE = re.compile(r",(?P<q>[\"”’]|'')?\s*(?:[a-z]+ly\s+|also\s+|then\s+)?$")


def same_source(outer: Draft, inner: Draft) -> bool:
    """Whether ``inner``, reported inside ``outer``'s content, has the same source as it (*X
    issued a statement saying Y*: one attribution, not a statement inside a statement)."""
    a = outer.candidate.speaker if outer.candidate is not None else None
    b = inner.candidate.speaker if inner.candidate is not None else None
    return a is not None and b is not None and (a.start, a.end) == (b.start, b.end)


def split_participle(outer: Draft, inner: Draft, text: str) -> bool:
    """*X said A, arguing that B*: a participle cue closing another claim's content is a
    second statement by the same source, not part of the first. Cuts ``outer``'s content
    before the comma and returns True (both claims stand); False when this is not the case."""
    if inner.cue is None or outer.cue is None or inner.candidate is None:
        return False
    if inner.rule in ("floating", "dash", "label-colon") or not inner.content:
        return False
    cue_word = text[inner.cue[0] : inner.cue[1]].split()[0].lower()
    if not cue_word.endswith("ing") or inner.content[0] < inner.cue[1]:
        return False
    start, end = outer.content
    if outer.cue[1] > start or outer.quoted * 2 >= end - start:
        return False  # only a reported content that follows its own cue
    m = _PARTICIPLE_BEFORE.search(text, start, inner.cue[0])
    if m is None or m.start() - start < 8:
        return False
    # the participle's subject was found inside the first content ("A was costly,
    # arguing ..."): the participle is the first claim's source's, not the content's
    _take_outer_source(outer, inner)
    outer.content = (start, m.end("q") if m.group("q") else m.start())
    outer.quoted = 0
    return True


def _take_outer_source(outer: Draft, inner: Draft) -> None:
    """Give ``inner`` (a second cue inside ``outer``'s content) ``outer``'s speaker when it
    has none, or when the one it found stands inside that content (the parse took a word of
    the first claim for the second cue's subject)."""
    assert inner.candidate is not None
    start, end = outer.content
    ref = inner.candidate.speaker
    if outer.candidate is not None and (ref is None or start <= ref.start < end):
        inner.candidate.speaker = outer.candidate.speaker


_CONTRAST_BEFORE = re.compile(r",?\s*\b(?:while|whereas|though|although)\s+$", re.IGNORECASE)
_CONTRAST_RULES = frozenset({"verb-ccomp", "verb-postposed", "verb-colon", "verb-object"})


def split_contrast(outer: Draft, inner: Draft, text: str) -> bool:
    """*X said A, while other voters said B*: a cue clause with a source of its own, opened by
    a conjunction of contrast inside another claim's content, is a second claim set against
    the first, not reported by its source. Cuts ``outer``'s content before the conjunction
    and returns True (both claims stand); False when this is not the case."""
    if inner.candidate is None or inner.cue is None or inner.rule not in _CONTRAST_RULES:
        return False
    if inner.candidate.speaker is None or same_source(outer, inner):
        return False
    start, end = outer.content
    clause = inner.candidate.clause[0]
    if not start < clause < end or outer.cue is None or outer.cue[1] > start:
        return False
    m = _CONTRAST_BEFORE.search(text, start, clause)
    if m is None or m.start() - start < 8:
        return False
    outer.content = (start, m.start())
    return True


_AND_BEFORE = re.compile(r",?\s+(?:and|but)\s+(?:then\s+|also\s+|later\s+)?$")
_AND_RULES = frozenset({"verb-ccomp", "verb-colon", "verb-bare"})


def split_coordinated(outer: Draft, inner: Draft, text: str) -> bool:
    """*X said A and predicted that B*: a speech cue coordinated with the cue of the claim
    whose content it stands in (the parse hung it on the content) is a second statement by
    the same source: returns True (both claims stand). ``outer``'s content is left whole
    (on PolNeAR train, cutting it before the conjunction lost more at 0.8 than it gained)."""
    if inner.candidate is None or inner.cue is None or outer.cue is None:
        return False
    if inner.rule not in _AND_RULES or "mental" in inner.flags or inner.content[0] < inner.cue[1]:
        return False
    start, end = outer.content
    if outer.cue[1] > start or not start < inner.cue[0] < end:
        return False
    m = _AND_BEFORE.search(text, start, inner.cue[0])
    if m is None or m.start() - start < 8:
        return False
    _take_outer_source(outer, inner)
    return True


_BETWEEN_RULES = frozenset({"verb-ccomp", "verb-colon", "verb-object"})
#: Noun cues: one whose source is the subject of the verb it is the object of (*X defended
#: the view that Y*, *X dismissed concerns that Y*) is that verb's content, not a claim
#: standing for the verb's as a document's does (*X issued a statement saying Y*): the verb's
#: claim stands and the noun's goes.
NOUN_RULES = frozenset({"noun", "noun-object"})


_TO_BEFORE = re.compile(r"\bto\s+$")


def between_quotes(outer: Draft, inner: Draft, text: str) -> bool:
    """*“A,” X said, suggesting B. “C.”*: ``outer`` is a quotation that opens before its cue
    and goes on after it; a verb cue between its pieces, after ``outer``'s cue and outside the
    quotation marks, with a clause (or a colon) for its content and not a belief, reports a
    statement of its own (not one inside the quotation), and both stand (the pieces may be
    sentences apart: *“A,” X said. X added that B. “C.”*), and so does a noun-phrase content
    there (*“A,” X said, referring to Y. “B.”*), unless its verb is a to-infinitive: a
    purpose, not a statement (*“A,” X said, speaking on condition of anonymity to describe
    the talks. “B.”*)."""
    if outer.cue is None or inner.cue is None or inner.candidate is None:
        return False
    if inner.rule == "verb-object" and _TO_BEFORE.search(
        text[max(0, inner.cue[0] - 8) : inner.cue[0]]
    ):
        return False
    return (
        inner.rule in _BETWEEN_RULES
        and "mental" not in inner.flags
        and outer.quoted > 0
        and outer.content[0] < outer.cue[0]
        and inner.cue[0] >= outer.cue[1]
    )


def outranked_outer(outer: Draft, inner: Draft, named: list[tuple[int, int]], text: str) -> bool:
    """Whether ``inner``, inside ``outer``'s content but kept first by rank, gives way to it
    (the nesting policy holds whichever was kept first: *X is seeking to show that Y*)."""
    return not (between_quotes(outer, inner, text) or stands_inside(outer, inner, named))


def stands_inside(outer: Draft, inner: Draft, named: list[tuple[int, int]]) -> bool:
    """Whether ``inner``, inside ``outer``'s content, is a claim too (:func:`may_nest`): not
    with the same source (*X issued a statement saying Y*), nor inside a belief or intention
    (*X thinks Y told Z that ...*: what X believes Y said is part of the belief)."""
    return may_nest(inner, named) and not same_source(outer, inner) and "mental" not in outer.flags


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
