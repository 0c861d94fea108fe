"""Finding the mentions of a name that spaCy left untagged (*Ruiz told reporters* after
*Mayor Ana Ruiz*), as a reader would read them.

A capitalised word that continues a longer name (*Carlos Ruiz*, *Ruiz Street*) is another
name; a word quoted as a word (*the "Leave" campaign*) is no mention; a word that only opens
a sentence (or sits in a title-case headline) and is a common noun elsewhere in the text is
that noun.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence

from margin.analysis.mention_rules import Positions, title_before
from margin.analysis.names import NameWords, is_capitalised

#: Words that open sentences before a name (*But Ruiz said*), also in a short text.
FUNCTION_WORDS = frozenset(
    ("the", "a", "an", "and", "but", "or", "so", "yet", "then", "when", "while", "if", "as",
     "after", "before", "since", "because", "although", "though", "in", "on", "at", "for",
     "with", "by", "from", "to", "of", "that", "this", "now", "still", "also", "meanwhile")
)  # fmt: skip
#: Quotation marks around a word quoted as a word.
QUOTES = frozenset("\"“”‘’'`«»")
_CAP_WORD = re.compile(r"[A-Z][\w'’.\-]*")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_NEXT_NAME = re.compile(r"(?:'s|’s|'|’)?[ \u00a0]([A-Z][\w'’-]*)")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)[ \u00a0]$")

Form = tuple[str, ...]


class AliasScanner:
    """Scans parts of one text for the untagged mentions of known names."""

    def __init__(self, text: str, positions: Positions, words: NameWords) -> None:
        self.text = text
        self.positions = positions
        self.words = words

    def scan(
        self,
        forms: Sequence[tuple[Form, int]],
        taken: Sequence[tuple[int, int]],
        ranges: Sequence[tuple[int, int]],
    ) -> Iterator[tuple[int, int, Form, int, bool]]:
        """The untagged mentions of ``forms`` (a name's words and its owner's id) in
        ``ranges`` of the text, outside the ``taken`` spans: ``(start, end, form, owner,
        titled)``, ``titled`` when a person's title stands before it. The longest form that
        fits wins."""
        by_first: dict[str, list[tuple[Form, int]]] = {}
        for form, owner in forms:
            if form and is_capitalised(form[0]):
                by_first.setdefault(form[0], []).append((form, owner))
        if not by_first:
            return
        for choices in by_first.values():
            choices.sort(key=lambda fo: -len(fo[0]))
        spans = sorted(taken)
        starts = [s for s, _ in spans]
        text = self.text
        for lo, hi in ranges:
            for hit in _CAP_WORD.finditer(text, lo, hi):
                word = hit.group().rstrip(".")
                choices = by_first.get(_POSSESSIVE.sub("", word)) or by_first.get(word)
                if not choices:
                    continue
                s = hit.start()
                if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-'’"):
                    continue
                for form, owner in choices:
                    e = self._match(form, s)
                    if e is None:
                        continue
                    i = bisect_left(starts, e)
                    if i > 0 and spans[i - 1][1] > s:
                        break  # inside a mention already
                    if self._stands_alone(s, e, form):
                        yield s, e, form, owner, title_before(text, s, self.words)
                    break

    def _match(self, form: Form, start: int) -> int | None:
        """The end of ``form`` written at ``start`` (a possessive after it left out)."""
        text = self.text
        pos = start
        for k, word in enumerate(form):
            if k:
                if pos >= len(text) or text[pos] not in " \u00a0":
                    return None
                pos += 1
            if not text.startswith(word, pos):
                return None
            pos += len(word)
        if pos < len(text) and (text[pos].isalnum() or text[pos] == "-"):
            return None
        return pos

    def _stands_alone(self, start: int, end: int, form: Form) -> bool:
        """Whether ``text[start:end]`` is a mention of ``form`` and not part of another name,
        a quoted word or a sentence-opening common noun."""
        text, positions = self.text, self.positions
        if start > 0 and text[start - 1] in QUOTES and text[end : end + 1] in QUOTES:
            return False  # a word quoted as a word (*the "Leave" campaign*)
        after = _NEXT_NAME.match(text[end : end + 40])
        if after is not None and not self.words.is_title(after.group(1)):
            return False  # "Ruiz Street", "Ana Ruiz Foundation": another name
        before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
        if before is not None and is_capitalised(before.group(1)):
            prev = before.group(1)
            prev_start = start - len(before.group(0))
            opening = positions.uninformative(prev_start) and self._common_word(prev)
            if not (self.words.is_title(prev) or opening):
                return False  # "Carlos Ruiz": someone else of that name
        sentence_opening = positions.uninformative(start)
        return not (sentence_opening and len(form) == 1 and positions.common_noun(form[0]))

    def _common_word(self, word: str) -> bool:
        """A word capitalised only for opening the sentence (*But*, *When*)."""
        return word.lower() in FUNCTION_WORDS or self.positions.common_noun(word)
