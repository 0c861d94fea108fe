"""Who is who across articles: the rules that merge speakers' names from many articles into
one speaker each (no I/O).

Each article names a speaker by its alias group's fullest name (*Jeff Bezos* for *Mr Bezos*
and *Bezos* in that article). Across articles:

* names are compared without regard to case or spacing (:func:`speaker_key`);
* a one-word name of a person (*Bezos*, in an article that never gives the full name) joins a
  person's full name from another article only when exactly one known full name ends with
  that word; with two (*Jeff Bezos*, *MacKenzie Bezos*) or none it stays a speaker of its own;
* two different full names are never merged;
* an organisation or place is never merged with anything but its own name.

A speaker is shown by the most frequent way its full name is written (:func:`display_names`).
"""

from __future__ import annotations

from collections.abc import Mapping


def speaker_key(name: str) -> str:
    """``name`` for comparing: casefolded, its words joined by single spaces."""
    return " ".join(name.casefold().split())


def merge_keys(keys: Mapping[str, bool]) -> dict[str, str]:
    """Each speaker key (→ whether it names a person) mapped to the key of the speaker it is:
    itself, or for a one-word person's name the one person's full name ending with it."""
    by_last: dict[str, list[str]] = {}
    for key, person in keys.items():
        words = key.split()
        if person and len(words) > 1:
            by_last.setdefault(words[-1], []).append(key)
    merged: dict[str, str] = {}
    for key, person in keys.items():
        target = key
        if person and " " not in key:
            fulls = by_last.get(key, [])
            if len(fulls) == 1:
                target = fulls[0]
        merged[key] = target
    return merged


def display_names(writings: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
    """Each speaker key's shown name: of the ways its name is written (→ how many claims),
    the most frequent writing of the key itself (a surname that joined it does not compete;
    ties: the first written), else its most frequent writing."""
    shown: dict[str, str] = {}
    for key, counts in writings.items():
        own = {form: n for form, n in counts.items() if speaker_key(form) == key} or counts
        shown[key] = max(own, key=lambda form: own[form])
    return shown
