"""The find bar: a one-line query input with a match counter, docked under the text.

It is hidden until ``/``, so its prompt, input and counter are not in the reader's first
frame: they are mounted just after it (:meth:`FindBar.build`, called by the reader), or by
:meth:`FindBar.open` if ``/`` comes first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label

from margin.tui.messages import FindChanged, FindClosed

if TYPE_CHECKING:  # pragma: no cover
    from textual.widget import AwaitMount


class FindInput(Input):
    """The query input; escape closes the bar."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", show=False, id="find.close")
    ]

    def action_close(self) -> None:
        self.post_message(FindClosed(cancel=True))


class FindBar(Horizontal):
    """``/`` opens it; typing finds as you type, enter keeps the matches, escape clears."""

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        display: none;
        background: $panel;
        &.-open { display: block; }
        & > #find-prompt { width: auto; padding: 0 1; color: $accent; text-style: bold; }
        & > FindInput { width: 1fr; border: none; height: 1; padding: 0; }
        & > #find-count { width: auto; min-width: 12; padding: 0 1; color: $text-muted; }
        & > #find-count.-none { color: $error; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: tuple[Label, FindInput, Label] | None = None
        self._mounting: AwaitMount | None = None

    def compose(self) -> ComposeResult:
        return iter(())  # its parts come with build(): the bar is hidden until opened

    @property
    def built(self) -> bool:
        """True once the prompt, the input and the counter are made (mounted or mounting)."""
        return self._parts is not None

    def build(self) -> AwaitMount:
        """Mount the prompt, the input and the counter (once: later calls give the first
        call's mount, which can be awaited again)."""
        if self._mounting is None:
            self._parts = (
                Label("Find", id="find-prompt"),
                FindInput(placeholder="text (smart case)", id="find-input", compact=True),
                Label("", id="find-count"),
            )
            self._mounting = self.mount_all(self._parts)
        return self._mounting

    @property
    def input(self) -> FindInput:
        if self._parts is not None:
            return self._parts[1]
        return self.query_one(FindInput)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    async def open(self, query: str | None = None) -> None:
        """Show the bar and focus its input (selecting the previous query)."""
        await self.build()  # mounted just after the first frame, or now
        self.add_class("-open")
        field = self.input
        if query is not None:
            field.value = query
        self.screen.set_focus(field)  # at once: keys typed right after / go in
        field.select_all()

    def close(self) -> None:
        self.remove_class("-open")

    def set_count(self, current: int | None, total: int, *, capped: bool = False) -> None:
        """Show "current/total" (1-based), "no matches", or nothing for an empty query."""
        if self._parts is None:
            return  # never opened: nothing to show
        _, field, label = self._parts
        query = field.value
        if not query:
            label.update("")
            label.remove_class("-none")
        elif total == 0:
            label.update("no matches")
            label.add_class("-none")
        else:
            plus = "+" if capped else ""
            position = f"{current + 1}/" if current is not None else ""
            label.update(f"{position}{total}{plus}")
            label.remove_class("-none")

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(FindChanged(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FindChanged(event.value, submit=True))
