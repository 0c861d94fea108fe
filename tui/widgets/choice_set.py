"""A radio set in which the arrow keys choose at once (no enter/space needed)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import RadioButton, RadioSet


class ChoiceSet(RadioSet, inherit_bindings=False):
    """A :class:`RadioSet` where moving is choosing.

    ``up``/``down`` (``left``/``right``, ``k``/``j``) press the previous/next option straight
    away, so ``enter`` stays free for the screen (e.g. to confirm a dialog). Options are given
    as ``(key, label)`` pairs; :attr:`value` is the key of the pressed option.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right,j", "move(1)", "Next option", show=False),
        Binding("up,left,k", "move(-1)", "Previous option", show=False),
        Binding("space", "toggle_button", "Choose", show=False),
    ]

    def __init__(
        self,
        options: list[tuple[str, str]],
        *,
        value: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Offer ``options`` (``(key, label)`` pairs) with ``value`` (or the first) pressed."""
        keys = [key for key, _ in options]
        chosen = value if value in keys else keys[0]
        self.keys = keys
        super().__init__(
            *(RadioButton(label, value=key == chosen, name=key) for key, label in options),
            id=id,
            classes=classes,
        )

    def on_mount(self) -> None:
        # RadioSet's own mount handler (which runs after this one) highlights the first
        # option; start on the pressed one instead.
        self.call_later(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        self._selected = max(self.pressed_index, 0)

    @property
    def value(self) -> str:
        """The key of the pressed option."""
        button = self.pressed_button
        return button.name if button is not None and button.name else self.keys[0]

    def choose(self, key: str) -> None:
        """Press the option ``key`` (posts :class:`RadioSet.Changed` if it changes)."""
        for button in self.query(RadioButton):
            if button.name == key and not button.value:
                button.value = True

    def action_move(self, step: int) -> None:
        """Move to and press the next (``step`` 1) or previous (-1) option."""
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()
