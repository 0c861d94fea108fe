"""Rules on one name mention as a reader sees its edges: no leading article, no possessive,
no title, no stray bracket; and where capital letters say nothing (a sentence's first word,
a title-case headline) or say "place" (an all-caps dateline).

These rules need no other mention of the article; :mod:`analysis.entity_resolve` applies
them to every mention before grouping.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from margin.analysis.names import NameWords, bare, is_capitalised, strip_possessive

_WORDS = re.compile(r"\S+")
#: What may need trimming in a mention: an article, a possessive, a bracket, a quote mark.
_EDGY = re.compile(r"^(?:the|The|THE)\s|['’()\"“”«»]")
_DASHES = "—–―"
#: An all-caps dateline at the start of a paragraph: *PORT ELLERY —*, *WASHINGTON (AP) -*,
#: *LONDON, March 3 —*.
_DATELINE = re.compile(
    r"([A-Z][A-Z.'’\-]*[A-Z.](?:[ \u00a0][A-Z][A-Z.'’\-]*[A-Z.]){0,3})"
    r"(?:,[ \u00a0][^\n" + _DASHES + r"]{1,40}?)?"
    r"(?:[ \u00a0]?\([^)\n]{1,30}\))?"
    r"[ \u00a0]*(?:[" + _DASHES + r"]|--?)[ \u00a0]"
)
_LOWER_WORDS = re.compile(r"\b[a-z][a-z'’-]*\b")
#: A line short enough to be a headline (its line break, or the text's end, after it).
_SHORT_LINE = re.compile(r"(?:^|(?<=\n))([^\n]{1,200})(?=\n|$)")
_LINE_WORD = re.compile(r"[A-Za-z][\w'’-]*")


@lru_cache(maxsize=4)
def lower_words(text: str) -> frozenset[str]:
    """Every word written in lower case in ``text`` (kept for the last few texts: each
    part of a long text resolved on its own asks again)."""
    return frozenset(_LOWER_WORDS.findall(text))


@dataclass(slots=True)
class Trimmed:
    """A mention's name after the edge rules: its span, and whether a title stood before it
    (inside the span as spaCy gave it, or just before)."""

    start: int
    end: int
    titled: bool = False


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in _WORDS.finditer(text, start, end)]


def cut_brackets(text: str, start: int, end: int) -> tuple[int, int]:
    """``start..end`` cut before an unbalanced bracket (*ICE (Immigration and Customs
    Enforcement* -> *ICE*) and without quotation marks or punctuation at its edges."""
    span = text[start:end]
    depth = 0
    for i, ch in enumerate(span):
        if ch == "(":
            depth += 1
            if ")" not in span[i:]:
                end = start + i
                break
        elif ch == ")":
            if depth == 0:
                end = start + i
                break
            depth -= 1
    while start < end and (text[start] in "\"“”‘’'([{«-–—,.;:" or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in '"“”‘’([{«»-–—,;:' or text[end - 1].isspace()):
        end -= 1
    return start, end


def trim_mention(
    text: str,
    start: int,
    end: int,
    label: str,
    words: NameWords,
    initial: bool,
) -> Trimmed | None:
    """The name in the mention ``text[start:end]`` (spaCy's ``label``) as a reader would
    highlight it: without a lower-case *the* (nor a capital *The* that only opens the
    sentence: mid-sentence it is part of a title, *band The Mad Capsule Markets*), a trailing
    possessive, an unbalanced bracket, or a person's title before the name (*Mayor*, *Sen.*).
    ``initial``: the mention opens its sentence. None when no name is left."""
    raw = text[start:end]
    if (
        raw[:1].isalnum()
        and raw[-1:].isalnum()
        and not _EDGY.search(raw)
        and not words.is_title(raw.split(None, 1)[0])
    ):
        if not any(ch.isupper() or ch.isdigit() for ch in raw):
            return None  # no name in lower case
        return Trimmed(start, end)  # most mentions: nothing to trim
    start, end = cut_brackets(text, start, end)
    spans = _word_spans(text, start, end)
    if (spans and text[spans[0][0] : spans[0][1]] in ("the", "THE")) or (
        spans and initial and text[spans[0][0] : spans[0][1]] == "The"
    ):
        spans = spans[1:]
    if not spans:
        return None
    # possessive: "Becker's", "Jones'" (and a lone "'s" token)
    last_s, last_e = spans[-1]
    word = text[last_s:last_e]
    if word in ("'s", "’s", "'", "’") and len(spans) > 1:
        spans = spans[:-1]
    else:
        stripped = strip_possessive(word)
        if stripped != word and stripped:
            spans[-1] = (last_s, last_s + len(stripped))
    titled = False
    n = _title_prefix([text[s:e] for s, e in spans], label, words)
    if n:
        spans = spans[n:]
        titled = True
    spans = [(s, e) for s, e in spans]
    if not spans:
        return None
    s, e = spans[0][0], spans[-1][1]
    while e > s and text[e - 1] in ",;:":
        e -= 1
    if not any(ch.isupper() or ch.isdigit() for ch in text[s:e]):
        return None
    return Trimmed(s, e, titled)


def _title_prefix(tokens: Sequence[str], label: str, words: NameWords) -> int:
    """How many leading words of a mention are a person's title (*Mayor*, *Prime Minister*,
    *Sen.*), 0 if none: the words before the last title must be titles or their modifiers,
    and a capitalised name must follow that is not an organisation's (*General Motors*)."""
    last = -1
    for i, tok in enumerate(tokens):
        if not is_capitalised(tok):
            break
        if words.is_title(tok):
            last = i
        elif bare(tok) not in words.title_modifiers:
            break
    if last < 0:
        return 0
    rest = tokens[last + 1 :]
    if not rest:
        return len(tokens)  # titles only (*Brigadier General*): no name here
    if not is_capitalised(rest[0]) or words.org_ending(rest[-1]):
        return 0
    if label in ("PERSON", ""):
        ambiguous = bare(tokens[last]) in words.ambiguous_titles
        if not ambiguous or label == "PERSON" or words.is_first_name(rest[0]):
            return last + 1
    # spaCy read it as something else (*General Electric*, *Miss Murder*): a title only
    # before a given name or a name of two words or more
    if words.is_first_name(rest[0]) or (
        len(rest) >= 2
        and all(is_capitalised(w) for w in rest)
        and bare(tokens[last]) not in words.ambiguous_titles
    ):
        return last + 1
    return 0


def title_before(text: str, start: int, words: NameWords) -> bool:
    """Whether a person's title stands right before ``start`` (*Mayor* Ruiz, *Dr.* Roe)."""
    before = text[max(0, start - 24) : start]
    if not before[-1:].isspace() or "\n" in before[-2:]:
        return False
    last = before.split()[-1:]
    return bool(last) and is_capitalised(last[0]) and words.is_title(last[0])


def name_words(text: str, start: int, end: int) -> tuple[str, ...]:
    """The words of the name ``text[start:end]`` (possessives stripped), for comparing."""
    return tuple(strip_possessive(w) for w in text[start:end].split())


def surname(words: Sequence[str], suffixes: frozenset[str]) -> str:
    """The last word of a person's name that is not one of the ``suffixes`` (*King* in
    *Martin Luther King Jr.*)."""
    for word in reversed(words):
        if bare(word) not in suffixes:
            return word.rstrip(",")
    return words[-1] if words else ""


def datelines(text: str, block_starts: Sequence[int]) -> list[tuple[int, int]]:
    """The all-caps place names of the datelines that open paragraphs (*PORT ELLERY —*)."""
    found: list[tuple[int, int]] = []
    for start in block_starts:
        pos = start
        while pos < len(text) and text[pos].isspace():
            pos += 1
        m = _DATELINE.match(text, pos)
        if m is not None and sum(ch.isalpha() for ch in m.group(1)) >= 2:
            found.append(m.span(1))
    return found


class Positions:
    """Where capital letters say nothing about a word being a name: the first word of each
    sentence, and every word of a title-case line (a headline such as *Harbour City Bets On
    A Seawall*)."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]],
        ranges: Sequence[tuple[int, int]] | None = None,
    ) -> None:
        """``ranges``: the parts of ``text`` read (all of it by default)."""
        self.text = text
        self.sentences = sorted(sentences)
        self._sentence_starts = [s for s, _ in self.sentences]
        firsts: set[int] = set()
        for s, e in sentences:
            pos = s
            while pos < e and not text[pos].isalnum():
                pos += 1
            firsts.add(pos)
        self._firsts = firsts
        self._lines: list[tuple[int, int]] = []
        for lo, hi in ranges if ranges is not None else [(0, len(text))]:
            for m in _SHORT_LINE.finditer(text, lo, hi):
                line = m.group(1)
                if line.rstrip().endswith((".", "?", "!", ":", '"', "”")):
                    continue
                tokens = _LINE_WORD.findall(line)
                if len(tokens) < 3:
                    continue
                caps = sum(1 for w in tokens if w[0].isupper())
                if caps * 4 >= len(tokens) * 3:
                    self._lines.append(m.span(1))
        self._line_starts = [s for s, _ in self._lines]

    def uninformative(self, start: int) -> bool:
        """Whether a word starting at ``start`` is capitalised for its position alone."""
        if start in self._firsts:
            return True
        i = bisect_right(self._line_starts, start) - 1
        return i >= 0 and self._lines[i][0] <= start < self._lines[i][1]

    def sentence_of(self, pos: int) -> tuple[int, int] | None:
        """The sentence holding ``pos`` (None if between sentences)."""
        i = bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return self.sentences[i]
        return None

    def next_sentence(self, pos: int) -> tuple[int, int] | None:
        """The first sentence that starts after ``pos``."""
        i = bisect_right(self._sentence_starts, pos)
        return self.sentences[i] if i < len(self.sentences) else None

    def common_noun(self, word: str) -> bool:
        """Whether ``word``, lower-cased, occurs in lower case somewhere in the text."""
        return word.lower() in lower_words(self.text)
