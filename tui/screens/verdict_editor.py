"""The verdict editor: a modal on one claim with its rating (a choice of the scale), a short
Markdown reasoning and evidence links; it sets, changes or clears the claim's verdict.

Like the note editor (the two share :class:`~margin.tui.screens.editor_form.EditorForm`) it
never writes anything itself: ``ctrl+s`` builds a :class:`VerdictDraft` and hands it to
``on_save``, ``ctrl+r`` (after a confirmation) calls ``on_clear``; if either returns an error
message the editor stays open with what the user typed and shows it (an unknown link, a full
disk, a read-only database never lose the reasoning).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static, TextArea

from margin.sanitize import clean_line, clean_text
from margin.storage.verdict_config import VerdictScale
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.editor_form import BUSY, EditorForm
from margin.tui.screens.note_editor import trim_quote
from margin.tui.widgets.choice_set import ChoiceSet
from margin.tui.widgets.error_line import ErrorLine
from margin.tui.widgets.fields import BodyArea, RunsOwnBindings, TextField

KEYS_HINT = "ctrl+s save · ctrl+r clear · esc cancel"
"""The keys the editor advertises (``ctrl+r`` only when there is a verdict to clear)."""

_LINK_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True, slots=True)
class VerdictDraft:
    """What the user chose and wrote: a rating of the scale, the reasoning, the links."""

    rating: str
    reasoning: str = ""
    links: tuple[str, ...] = ()


def parse_links(text: str) -> tuple[str, ...]:
    """Links as typed in the links field: separated by spaces, commas or semicolons."""
    return tuple(p for p in _LINK_SEPARATORS.split(text.strip()) if p)


class RatingChoice(RunsOwnBindings, ChoiceSet):
    """The rating: ``j``/``k`` (or the arrows) choose at once, in key order with the rest."""


class VerdictEditorScreen(EditorForm[VerdictDraft | None]):
    """Set, edit or clear the verdict on one claim.

    Dismisses with the saved :class:`VerdictDraft`, or ``None`` when cancelled or cleared.
    ``on_save(draft)`` returns ``None`` once the verdict is stored, else a one-line error
    (a :class:`MarginError` it raises is shown the same way); ``on_clear()`` likewise, and is
    offered only when ``existing`` (the claim has a verdict).
    """

    DEFAULT_CSS = """
    VerdictEditorScreen > #verdict-editor { width: 88; }
    VerdictEditorScreen #verdict-fields { height: auto; }
    VerdictEditorScreen #rating {
        width: 24;
        height: auto;
        margin-right: 1;
    }
    VerdictEditorScreen #reasoning { width: 1fr; height: 9; padding: 0 1; }
    VerdictEditorScreen #links { height: 3; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="verdict_editor.save"),
        Binding("ctrl+r", "clear", "Clear verdict", id="verdict_editor.clear"),
        Binding("escape", "cancel", "Cancel", id="verdict_editor.cancel"),
    ]

    def __init__(
        self,
        claim: str,
        *,
        scale: VerdictScale,
        speaker: str = "",
        rating: str | None = None,
        reasoning: str = "",
        links: Sequence[str] = (),
        existing: bool = False,
        on_save: Callable[[VerdictDraft], str | None],
        on_clear: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.claim = claim
        self.speaker = speaker
        self.scale = scale
        self.existing = existing
        self.on_save = on_save
        self.on_clear = on_clear
        chosen = scale.find(rating) if rating else None
        labels = list(scale.labels)
        if rating and chosen is None:
            labels.append(rating)  # a rating the scale no longer has: shown, kept if untouched
            chosen = rating
        self.labels = labels
        self.stored = VerdictDraft(chosen or scale.default, reasoning, tuple(links))
        """The verdict as given (its text may hold controls, shown inert in the fields)."""
        self.initial = VerdictDraft(
            self.stored.rating, clean_text(reasoning), tuple(clean_line(x) for x in links)
        )
        """The verdict as the fields show it at first."""

    def compose(self) -> ComposeResult:
        with Vertical(id="verdict-editor", classes="editor-box") as box:
            box.border_title = "Edit verdict" if self.existing else "Verdict"
            who = f" — {clean_line(self.speaker)}" if self.speaker else ""
            quoted = f"“{trim_quote(self.claim, 220)}”{who}"
            yield Static(quoted, id="claim", classes="editor-quote", markup=False)
            with Horizontal(id="verdict-fields"):
                rating = RatingChoice(
                    [(label, clean_line(label)) for label in self.labels],
                    value=self.initial.rating,
                    id="rating",
                    classes="editor-field",
                )
                rating.border_title = "Rating"
                yield rating
                reasoning = BodyArea(
                    self.initial.reasoning,
                    id="reasoning",
                    classes="editor-field",
                    soft_wrap=True,
                    tab_behavior="focus",
                    placeholder="Why (Markdown): sources checked, what they say.",
                )
                reasoning.border_title = "Reasoning"
                yield reasoning
            links = TextField(
                " ".join(self.initial.links),
                id="links",
                classes="editor-field",
                placeholder="https://… (several: separate with spaces)",
                select_on_focus=False,
            )
            links.border_title = "Evidence links"
            yield links
            yield ErrorLine(id="error")
            with Horizontal(id="actions"):
                yield Button(
                    "Save", id="save", variant="primary", compact=True, action="screen.save"
                )
                if self.existing:
                    yield Button(
                        "Clear verdict", id="clear", variant="error", compact=True,
                        action="screen.clear",
                    )  # fmt: skip
                yield Button("Cancel", id="cancel", compact=True, action="screen.cancel")
                hint = KEYS_HINT if self.existing else KEYS_HINT.replace(" · ctrl+r clear", "")
                yield Static(hint, id="keys", markup=False)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#rating", RatingChoice))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``ctrl+r`` (clear) only when the claim has a verdict."""
        if action == "clear":
            return self.existing and self.on_clear is not None
        return True

    # -- state ---------------------------------------------------------------------------

    @property
    def draft(self) -> VerdictDraft:
        """The verdict as currently chosen and typed."""
        return VerdictDraft(
            rating=self.query_one("#rating", RatingChoice).value,
            reasoning=self.query_one("#reasoning", TextArea).text,
            links=parse_links(self.query_one("#links", Input).value),
        )

    def _keep_stored(self, draft: VerdictDraft) -> VerdictDraft:
        """``draft`` with the stored text where the fields still show it unchanged."""
        return VerdictDraft(
            rating=draft.rating,
            reasoning=(
                self.stored.reasoning if draft.reasoning == self.initial.reasoning
                else draft.reasoning
            ),
            links=self.stored.links if draft.links == self.initial.links else draft.links,
        )  # fmt: skip

    @property
    def changed(self) -> bool:
        """Whether the rating, reasoning or links differ from what the editor opened with."""
        return self.draft != self.initial

    # -- actions -------------------------------------------------------------------------

    def action_save(self) -> None:
        """Hand the draft to ``on_save``; close on success, else show its error and stay."""
        draft = self._keep_stored(self.draft)
        problem = self.call_store(lambda: self.on_save(draft), "save the verdict")
        if problem:
            if problem != BUSY:
                self.show_error(problem)
            return
        self.dismiss(draft)

    def action_clear(self) -> None:
        """Ask, then clear the claim's verdict (``on_clear``)."""
        if not self.existing or self.on_clear is None:
            return
        on_clear = self.on_clear

        def answered(choice: str | None) -> None:
            if choice != "yes":
                return
            problem = self.call_store(on_clear, "clear the verdict")
            if problem:
                if problem != BUSY:
                    self.show_error(problem)
                return
            self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Clear this verdict?", yes="Clear", no="Keep it",
                detail="The rating, reasoning and links go (u does not bring them back).",
                destructive=True, default="no",
            ),
            answered,
        )  # fmt: skip

    def action_cancel(self) -> None:
        """Close without saving; ask first if anything was chosen or typed."""
        if not self.changed:
            self.dismiss(None)
            return
        detail = "The verdict stays as it was." if self.existing else "Nothing is saved."
        self.ask_to_discard("Discard your changes?", detail)

    @on(Input.Submitted, "#links")
    def _links_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
