"""Text fields that keep a fast burst of keys in order across a focus change.

A terminal delivers keys typed quickly (or sent by ``tmux send-keys``, or pasted) as one
burst, and Textual hands each key to the widget focused when the app reads it. ``tab`` moves
focus only once it has bubbled up to the app, so the keys queued right behind it were
already given to the field being left: "body", tab, "tags" ended up as "bodytags". These
fields move focus on ``tab``/``shift+tab`` themselves, at once, and pass on keys that reach
them after focus has left to the widget that has it.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea


class _KeepsBurstsInOrder:
    """Mixin for a focusable text widget (see the module doc)."""

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen  # type: ignore[attr-defined]
        focused = screen.focused
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()  # not the field's own handler either
            focused.post_message(events.Key(event.key, event.character))
            return
        if event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            if event.key == "tab":
                screen.focus_next()
            else:
                screen.focus_previous()
        # Otherwise the field's own handler (the next class in the MRO) runs as usual.


class BodyArea(_KeepsBurstsInOrder, TextArea):
    """A multi-line text field (``tab`` moves on to the next field)."""


class TextField(_KeepsBurstsInOrder, Input):
    """A one-line text field."""
