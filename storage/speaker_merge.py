"""Who is who across articles: the rules that merge speakers' names from many articles into
one speaker each (no I/O).

Each article names a speaker by its alias group's fullest name (*Jeff Bezos* for *Mr Bezos*
and *Bezos* in that article). Across articles:

* names are compared without regard to case or spacing (:func:`speaker_key`);
* a one-word name of a person (*Bezos*, in an article that never gives the full name) joins a
  person's full name from another article only when exactly one known full name ends with
  that word; with two (*Jeff Bezos*, *MacKenzie Bezos*) or none it stays a speaker of its own;
* a speaker the model tagged as no named entity but written as one capitalised word (*Voss
  claimed ...*, the sentence's first word) joins a person's full name by the same rule;
* two different full names are never merged;
* an organisation or place is never merged with anything but its own name.

A speaker is shown by the most frequent way its full name is written (:func:`display_names`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def speaker_key(name: str) -> str:
    """``name`` for comparing: casefolded, its words joined by single spaces."""
    return " ".join(name.casefold().split())


def _full_names_by_last(keys: Mapping[str, bool]) -> dict[str, list[str]]:
    """The keys of people's full names (two words or more), by their last word."""
    by_last: dict[str, list[str]] = {}
    for key, person in keys.items():
        words = key.split()
        if person and len(words) > 1:
            by_last.setdefault(words[-1], []).append(key)
    return by_last


def _the_one_full_name(word: str, by_last: Mapping[str, list[str]]) -> str | None:
    """The one person's full name ending with the one-word key ``word`` (None: none or two)."""
    fulls = by_last.get(word, [])
    return fulls[0] if len(fulls) == 1 else None


def merge_keys(keys: Mapping[str, bool]) -> dict[str, str]:
    """Each speaker key (→ whether it names a person) mapped to the key of the speaker it is:
    itself, or for a one-word person's name the one person's full name ending with it."""
    by_last = _full_names_by_last(keys)
    merged: dict[str, str] = {}
    for key, person in keys.items():
        target = key
        if person and " " not in key:
            target = _the_one_full_name(key, by_last) or key
        merged[key] = target
    return merged


def looks_like_a_surname(written: str) -> bool:
    """Whether a speaker written outside any named entity reads as a surname: one capitalised
    word with lower-case letters after it (*Voss*, where the model tagged no person) and no
    pronoun (an unresolved *He*)."""
    from margin.analysis.cues import is_pronoun

    return (
        written.isalpha()
        and written[:1].isupper()
        and written[1:] != written[1:].upper()
        and not is_pronoun(written)
    )


def surnames_to_people(keys: Mapping[str, bool], written: Iterable[str]) -> dict[str, str]:
    """Speakers written outside a named entity that read as a surname (``written``, as
    written), each mapped to the one person's full name key ending with it; a surname that
    fits no full name, or two, is left out (it stays no speaker, as before)."""
    by_last = _full_names_by_last(keys)
    found: dict[str, str] = {}
    for form in written:
        target = _the_one_full_name(speaker_key(form), by_last)
        if target is not None and looks_like_a_surname(form):
            found[form] = target
    return found


def display_names(writings: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
    """Each speaker key's shown name: of the ways its name is written (→ how many claims),
    the most frequent writing of the key itself (a surname that joined it does not compete;
    ties: the first written), else its most frequent writing."""
    shown: dict[str, str] = {}
    for key, counts in writings.items():
        own = {form: n for form, n in counts.items() if speaker_key(form) == key} or counts
        shown[key] = max(own, key=lambda form: own[form])
    return shown
