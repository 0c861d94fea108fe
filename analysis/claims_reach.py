"""Contents a cue's parse reaches beyond the rules of :mod:`analysis.claims_verbs` (round 11,
recall): what a cue verb argues or asks *for*, or sides *with*, when it has no object of its
own (:func:`with_for_objects`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Token

    from margin.analysis.claims_site import VerbSite

#: Prepositions whose object is a cue verb's content only when the verb has no object
#: (*argued for X*, *asked for X*, *agreed with X*, *countered with X*); with an object they
#: give a reason or an instrument (*praised her for X*, *charged him with X*).
WITH_FOR = frozenset({"with", "for"})
#: Children that fill the verb's object slot (or make it passive: *was charged with X*).
_FILLED = frozenset({"dobj", "oprd", "dative", "ccomp", "xcomp", "nsubjpass", "auxpass"})
#: Entity types that, after *for*, name whom one writes or works for, not what one argues for.
_OUTLETS = frozenset({"ORG", "GPE", "NORP", "FAC"})


def with_for_objects(site: VerbSite, what: Callable[[Token], list[Token]]) -> list[Token]:
    """The object of *with* or *for* hung on the cue verb after it, as the verb's content,
    when the verb has no direct object or predicative (``what`` filters the preposition's
    objects: no date or time)."""
    if site.entry.tail:
        return []
    children = site.children
    if any(c.dep_ in _FILLED for c in children):
        return []
    for child in children:
        if child.dep_ == "prep" and child.lower_ in WITH_FOR and child.i > site.tok.i:
            objs = what(child)
            if objs and child.lower_ == "for" and objs[0].ent_type_ in _OUTLETS:
                return []  # "wrote for The Atlantic", "reporting for Western Journalism"
            return objs
    return []
