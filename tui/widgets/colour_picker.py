"""A one-line picker for a note's highlight colour: none or 1-5 (styles.entities colours)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from margin.styles.entities import HIGHLIGHT_COLOURS, highlight_background

CHOICES: tuple[int | None, ...] = (None, *HIGHLIGHT_COLOURS)
"""The values the picker offers, in order: no colour, then 1-5."""


def colour_name(colour: int | None) -> str:
    """A colour's name ("yellow"...), or "none"."""
    return HIGHLIGHT_COLOURS[colour][0] if colour in HIGHLIGHT_COLOURS else "none"


class ColourPicker(Widget, can_focus=True):
    """Choose no colour or one of the five highlight colours.

    Keys when focused: ``left``/``right`` (or ``h``/``l``) move, ``0``-``5`` pick directly,
    ``space`` cycles. Clicking a swatch picks it. Posts :class:`ColourPicker.Changed`.
    """

    DEFAULT_CSS = """
    ColourPicker {
        height: 1;
        width: 1fr;
        padding: 0 1;
        link-style: not underline;
        link-color: $foreground;
        link-background-hover: initial;
        link-color-hover: $foreground;
        link-style-hover: bold;
    }
    ColourPicker:focus {
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", "Previous colour", show=False),
        Binding("right,l,space", "move(1)", "Next colour", show=False),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(6)),
    ]

    value: reactive[int | None] = reactive[int | None](None)
    """The chosen colour: ``None`` or 1-5."""

    class Changed(Message):
        """The chosen colour changed."""

        def __init__(self, picker: ColourPicker, value: int | None) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> ColourPicker:
            """The picker that changed."""
            return self.picker

    def __init__(
        self,
        value: int | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Start on ``value`` (``None`` or 1-5; anything else counts as none)."""
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(ColourPicker.value, value if value in HIGHLIGHT_COLOURS else None)

    def validate_value(self, value: int | None) -> int | None:
        return value if value in HIGHLIGHT_COLOURS else None

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def render(self) -> Content:
        dark = self.app.current_theme.dark if self.is_attached else True
        parts: list[Content] = []
        for choice in CHOICES:
            chosen = choice == self.value
            mark = "●" if chosen else "○"
            label = "none" if choice is None else f"{choice} {colour_name(choice)}"
            style = f"on {highlight_background(choice, dark=dark)}"
            if chosen:
                style += " bold underline"
            action = f"pick({0 if choice is None else choice})"
            chip = Content.from_markup(f"[{style} @click={action}] {mark} $label [/]", label=label)
            parts.append(chip)
        return Content(" ").join(parts)

    def action_move(self, step: int) -> None:
        """Move ``step`` choices along (wrapping)."""
        index = CHOICES.index(self.value)
        self.value = CHOICES[(index + step) % len(CHOICES)]

    def action_pick(self, number: int) -> None:
        """Pick colour ``number`` (0 means none)."""
        self.value = number or None
