"""Text fields (and the screens holding them) that keep a fast burst of keys in order.

A terminal delivers keys typed quickly (or sent by ``tmux send-keys``, or pasted) as one
burst, and Textual hands each key to the widget focused when the app reads it:

* ``tab`` moves focus only once it has bubbled up to the app, so the keys queued right
  behind it were already given to the field being left: "body", tab, "tags" ended up as
  "bodytags". These fields move focus on ``tab``/``shift+tab`` themselves, at once, and pass
  on keys that reach them after focus has left to the widget that has it. The same goes for
  a key bound on the screen to one of its ``FOCUS_ACTIONS`` (the note editor's ``ctrl+o``,
  which goes to the colour picker): it runs as the field gets it, in order.
* keys right behind the one that opens a dialog reach the dialog's screen before it has
  focused a field (or are passed to it by the reader's view: see ``ArticleView.on_key``);
  :class:`RoutesKeysToFields` hands them to the focused field, in order, so that they are
  typed there and a ``ctrl+s`` behind them saves what they typed.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from textual import events
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


def resend_key(app: App[object], key: str, character: str | None) -> None:
    """Send ``key`` to ``app`` again, as if just typed, on the app's next turn: it goes to
    whichever widget has focus then, and up to the app's bindings if unhandled. (The event
    is made in the app's own turn: an event that a screen or a widget makes does not bubble
    past it, so ``ctrl+s`` would never reach the bindings.)"""

    def post() -> None:
        app.post_message(events.Key(key, character))

    app.call_later(post)


def _seen_by_fields(screen: object) -> deque[events.Key]:
    seen = getattr(screen, "_keys_seen_by_fields", None)
    if seen is None:
        seen = deque(maxlen=256)
        screen._keys_seen_by_fields = seen  # type: ignore[attr-defined]
    return seen


class KeepsBurstsInOrder:
    """Mixin for a focusable widget of a form: a text field, a picker (see the module doc)."""

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen  # type: ignore[attr-defined]
        _seen_by_fields(screen).append(event)
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
            return
        action = _focus_action(screen, event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await screen.run_action(action)
        # Otherwise the field's own handler (the next class in the MRO) runs as usual.


def _focus_action(screen: Screen[object], key: str) -> str | None:
    """The screen's action bound to ``key`` (keymap applied) if it is one of the screen's
    ``FOCUS_ACTIONS``: an action that moves focus and so must run in key order."""
    wanted = getattr(screen, "FOCUS_ACTIONS", ())
    if not wanted:
        return None
    active = screen.active_bindings.get(key)
    if active is None or active.node is not screen or not active.enabled:
        return None
    action = active.binding.action
    return action if action in wanted else None


class RunsOwnBindings(KeepsBurstsInOrder):
    """Mixin for a form's picker (a colour picker, a choice of rating): its own keys (``1``-``5``,
    ``j``/``k``...) run as it gets them, not once they have bubbled up to the app, by which time
    a key behind them that moves the focus (``tab``, ``ctrl+o``) would have moved it on."""

    async def _on_key(self, event: events.Key) -> None:
        # Textual calls each class's _on_key in turn (this one first) until one prevents
        # the default: keys for another widget go on to KeepsBurstsInOrder's, which passes
        # them on.
        if self.screen.focused is not self:  # type: ignore[attr-defined]
            return
        bindings = self._bindings.key_to_bindings.get(event.key, ())  # type: ignore[attr-defined]
        for binding in bindings:
            if await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.stop()
                event.prevent_default()
                return


class BodyArea(KeepsBurstsInOrder, TextArea):
    """A multi-line text field (``tab`` moves on to the next field)."""


class TextField(KeepsBurstsInOrder, Input):
    """A one-line text field."""


class RoutesKeysToFields:
    """Mixin for a screen with :class:`BodyArea`/:class:`TextField` fields: a key that
    reaches the screen without passing through the focused field (it came before the screen
    had focused one) is sent again, so that the field gets it."""

    def on_key(self, event: events.Key) -> None:
        """Send keys that skipped the focused field to it."""
        if any(seen is event for seen in _seen_by_fields(self)):
            return  # bubbling up from a field: on to the bindings as usual
        if isinstance(self.focused, KeepsBurstsInOrder):  # type: ignore[attr-defined]
            event.stop()
            event.prevent_default()
            resend_key(self.app, event.key, event.character)  # type: ignore[attr-defined]
