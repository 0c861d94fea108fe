"""A filter field that also takes what is typed while the list under it has the focus.

In the library's Speakers and Claims views the list has the focus: a printable key that no
binding claims goes into the filter at once (the list narrows as you type), ``backspace``
takes the last character back, and ``escape`` (the screen's binding) clears it. A key that is
a binding of the list, the screen or the app is never taken: it does what it is bound to.
``/`` focuses the field itself, where every printable key is text (as in any text field).
"""

from __future__ import annotations

from textual.events import Key
from textual.screen import Screen
from textual.widgets import Input


def bound_keys(screen: Screen[object]) -> set[str]:
    """The keys a binding would take on ``screen`` as its focus stands (the focused widget's,
    its containers', the screen's and the app's), with the user's keymap applied.

    Textual resolves a key that no widget consumed along ``Screen._binding_chain``
    (``App._check_bindings``). PRIVATE Textual API, used on purpose: the public
    ``Screen.active_bindings`` leaves out the bindings whose ``check_action`` says False at the
    moment (the Claims view's verdict filter before there are verdicts), and a key bound to
    such an action must not be filter text at one time and an action at another.
    """
    chain = getattr(screen, "_binding_chain", None)
    if chain is None:  # a Textual without it: the public view, enabled bindings only
        return set(screen.active_bindings)
    return {key for _node, bindings in chain for key in bindings.key_to_bindings}


class FilterInput(Input):
    """An :class:`~textual.widgets.Input` that :meth:`type_key` feeds from outside."""

    def type_key(self, event: Key) -> bool:
        """Take ``event`` (pressed while another widget of the screen has the focus) into the
        filter if no binding claims it: a printable character is added at the end (a space
        only after some text), ``backspace`` removes the last character. True if taken (the
        caller stops the event); the field's ``Changed`` message follows."""
        if event.key == "backspace":
            if not self.value:
                return False
            value = self.value[:-1]
        elif event.is_printable and event.character:
            if event.character == " " and not self.value:
                return False
            if event.key in bound_keys(self.screen):
                return False
            value = self.value + event.character
        else:
            return False
        self.value = value
        self.cursor_position = len(value)
        return True
