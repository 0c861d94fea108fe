"""The one rule for tags, wherever they come from (the editor, ``margin notes add --tag``, an
import): :func:`normalize_tags`.

A tag is one token: surrounding white space, a leading ``#`` and surrounding punctuation go,
inner white space becomes ``-``, and it is lower-cased (as tag-based tools such as Obsidian
and Logseq treat ``#Policy`` and ``#policy`` as one tag) except an all-capital acronym
(``EU``, ``NHS``, ``Q3``), which keeps its capitals. Repeats are dropped case-insensitively,
the first kept.
"""

from __future__ import annotations

from collections.abc import Iterable

TAG_TRIM = "#.,;:!?\"'()[]{}<>“”‘’«»"
"""Characters dropped from either end of a tag."""


def normalize_tag(raw: str) -> str:
    """One tag by the rule above (``""`` when nothing is left)."""
    tag = "-".join(str(raw).split()).strip(TAG_TRIM)
    if not (len(tag) > 1 and tag.isupper() and tag.isalnum()):
        tag = tag.lower()
    return tag


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Each tag by :func:`normalize_tag`, empty ones and repeats (case-insensitive) dropped.

    >>> normalize_tags(["#Policy", " to do ", "policy", "EU", "eu", "Q3"])
    ('policy', 'to-do', 'EU', 'Q3')
    """
    seen: dict[str, str] = {}
    for raw in tags:
        tag = normalize_tag(raw)
        if tag and tag.casefold() not in seen:
            seen[tag.casefold()] = tag
    return tuple(seen.values())
