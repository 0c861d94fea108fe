"""A range of the text chosen with ``v`` (then ``j``/``k`` by sentence, ``w``/``W`` by word)
or with the mouse; notes and highlights go on it (no Textual here)."""

from __future__ import annotations

Span = tuple[int, int]


def extend_by_word(text: str, start: int, end: int, step: int) -> Span:
    """``start..end`` with its end moved one word on (``step`` > 0) or back (``step`` < 0);
    never shorter than one character."""
    pos = end
    if step > 0:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        while pos < len(text) and not text[pos].isspace():
            pos += 1
        return start, pos
    while pos > start and text[pos - 1].isspace():
        pos -= 1
    while pos > start and not text[pos - 1].isspace():
        pos -= 1
    while pos > start and text[pos - 1].isspace():
        pos -= 1
    return start, max(pos, start + 1)


class Selection:
    """The selected range, and the sentence it grows from while selecting by sentence."""

    def __init__(self) -> None:
        self.span: Span | None = None
        self.anchor: Span | None = None
        """The sentence ``v`` started from (None for a mouse selection)."""

    def start(self, sentence: Span) -> None:
        """Start selecting by sentence from ``sentence``."""
        self.anchor = sentence
        self.span = sentence

    def follow(self, sentence: Span | None) -> bool:
        """Grow or shrink to cover the anchor through ``sentence`` (the cursor's); False when
        not selecting by sentence."""
        if self.anchor is None or sentence is None:
            return False
        anchor = self.anchor
        self.span = (min(anchor[0], sentence[0]), max(anchor[1], sentence[1]))
        return True

    def set(self, span: Span) -> None:
        """Select ``span`` (dragged with the mouse: not by sentence)."""
        self.anchor = None
        self.span = span

    def extend_word(self, text: str, step: int) -> None:
        """Move the end by one word (see :func:`extend_by_word`)."""
        if self.span is not None:
            self.span = extend_by_word(text, *self.span, step)

    def clear(self) -> None:
        """Nothing selected."""
        self.span = None
        self.anchor = None
