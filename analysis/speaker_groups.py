"""Which entity group a claim's speaker is: *Mayor Ana Ruiz said* and *Ruiz told* are both
*Ana Ruiz*; *Andy Jassy and Jeff Bezos insisted* is no single group."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from margin.analysis.entity_list import kind_of
from margin.model import Claim, Entity, Speaker


def speaker_groups(claims: Iterable[Claim], entities: Sequence[Entity]) -> list[Claim]:
    """``claims`` with each speaker's ``group``: the group of the name the speaker is (or,
    after a title or an article, opens with); none for coordinated speakers (*X and Y*)."""
    starts = [e.start for e in entities]
    out: list[Claim] = []
    for claim in claims:
        sp = claim.speaker
        group = _speaker_group(sp, entities, starts) if sp is not None else ""
        if sp is not None and group != sp.group:
            sp = Speaker(sp.start, sp.end, sp.text, sp.original, group)
            claim = Claim(claim.kind, claim.content, sp, claim.cue, claim.score, claim.sentence,
                          claim.flags)  # fmt: skip
        out.append(claim)
    return out


_SPEAKER_KINDS = frozenset({"person", "org", "place"})
_PARENTHESES = re.compile(r"\([^()]*\)")
_COORDINATED = re.compile(r"\s(?:and|&|or)\s|,\s+[A-Z]")


def _speaker_group(sp: Speaker, entities: Sequence[Entity], starts: list[int]) -> str:
    i = bisect_left(starts, sp.start)
    inside = []
    while i < len(entities) and entities[i].start < sp.end:
        ent = entities[i]
        if ent.end <= sp.end and (kind_of(ent.label) in _SPEAKER_KINDS or ent.label == "NORP"):
            inside.append(ent)
        i += 1
    if not inside:
        return ""
    first = inside[0]
    lead = sp.text[: max(0, first.start - sp.start)]
    if any(not (w[:1].isupper() or w.lower() == "the") for w in lead.split()):
        return ""  # "the firm's director, X": the name does not open the speaker
    rest = _PARENTHESES.sub("", sp.text[first.end - sp.start :])
    if _COORDINATED.search(rest):
        return ""
    return first.group
