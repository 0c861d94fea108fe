"""The Claims tab: one row per claim, filterable by kind and speaker, in article order or by
check-worthiness."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from analysis.model import Claim
from tui.messages import ClaimChosen

KIND_ICONS: dict[str, tuple[str, str]] = {
    "quote": ("❝", "$success"),
    "reported": ("»", "$accent"),
    "assertion": ("◆", "$warning"),
}
"""Kind → (icon, colour variable) in the claims list."""

KIND_NAMES = {"quote": "quote", "reported": "reported", "assertion": "unattributed"}

CONTENT_CHARS = 110


def trim(text: str, limit: int = CONTENT_CHARS) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis past ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"


def speaker_name(claim: Claim) -> str:
    """The speaker's text, or "unattributed"."""
    return claim.speaker.text if claim.speaker is not None else "unattributed"


def claim_prompt(claim: Claim) -> Content:
    """The two-line row of a claim: icon, speaker, cue (or score); then its content."""
    icon, colour = KIND_ICONS.get(claim.kind, ("•", "$text"))
    head = Content.assemble(
        (f"{icon} ", f"bold {colour}"),
        (speaker_name(claim), "bold" if claim.speaker else "italic $text-muted"),
    )
    speaker = claim.speaker
    if speaker is not None and speaker.original is not None:
        written = speaker.original.text
        if written.casefold() not in speaker.text.casefold():  # "He", "the senator"
            head = head + Content.styled(f" ({written})", "$text-muted")
    if claim.cue is not None:
        head = head + Content.styled(f" · {' '.join(claim.cue.text.split())}", "italic")
    if claim.kind == "assertion":
        head = head + Content.styled(f" · {claim.score:.2f}", "$text-muted")
    if "mental" in claim.flags:
        head = head + Content.styled(" (belief)", "$text-muted")
    body = Content.styled("  " + trim(claim.content.text), "$text-muted")
    return Content("\n").join([head, body])


def claim_matches(claim: Claim, kind: str, speaker: str) -> bool:
    """Whether ``claim`` passes the kind filter (``all`` or a kind) and the speaker text."""
    if kind != "all" and claim.kind != kind:
        return False
    if speaker:
        needle = speaker.casefold()
        names = [speaker_name(claim)]
        if claim.speaker is not None and claim.speaker.original is not None:
            names.append(claim.speaker.original.text)
        if claim.cue is not None:
            names.append(claim.cue.text)
        if not any(needle in name.casefold() for name in names):
            return False
    return True


class ClaimsList(OptionList):
    """The list of claims (``s`` toggles the order)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "toggle_sort", "Sort", id="claims.sort"),
        Binding("f", "focus_filter", "Filter", id="claims.filter"),
    ]

    def action_toggle_sort(self) -> None:
        panel = next(a for a in self.ancestors if isinstance(a, ClaimsPanel))
        panel.by_score = not panel.by_score
        panel.refresh_list()

    def action_focus_filter(self) -> None:
        self.screen.set_focus(self.screen.query_one("#claims-speaker", Input))


class ClaimsPanel(Vertical):
    """Claims in article order (or unattributed ones by check-worthiness), with filters."""

    DEFAULT_CSS = """
    ClaimsPanel {
        height: 1fr;
        & > #claims-filters { height: 1; margin-bottom: 1; }
        & #claims-kind { width: 16; }
        & #claims-speaker { width: 1fr; }
        & > #claims-summary { height: 1; color: $text-muted; padding: 0 1; }
        & > ClaimsList { height: 1fr; border: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.claims: list[Claim] = []
        self.kind = "all"
        self.speaker = ""
        self.by_score = False
        self.shown: list[Claim] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="claims-filters"):
            yield Select(
                [
                    ("All kinds", "all"),
                    ("Quotes", "quote"),
                    ("Reported", "reported"),
                    ("Unattributed", "assertion"),
                ],
                value="all",
                allow_blank=False,
                compact=True,
                id="claims-kind",
            )
            yield Input(placeholder="speaker…", compact=True, id="claims-speaker")
        yield Label("No claims yet", id="claims-summary")
        yield ClaimsList(id="claims-list")

    @property
    def option_list(self) -> ClaimsList:
        return self.query_one(ClaimsList)

    def set_claims(self, claims: Iterable[Claim]) -> None:
        """Replace the claims (kept in article order)."""
        self.claims = sorted(claims, key=lambda c: (c.content.start, c.content.end))
        self.refresh_list()

    def add_claims(self, claims: Sequence[Claim]) -> None:
        """Add claims as the analysis finds them."""
        if claims:
            self.set_claims([*self.claims, *claims])

    def set_filter(self, *, kind: str | None = None, speaker: str | None = None) -> None:
        """Filter by kind (``all``, ``quote``, ``reported``, ``assertion``) and/or speaker."""
        if kind is not None:
            self.kind = kind
            self.query_one("#claims-kind", Select).value = kind
        if speaker is not None:
            self.speaker = speaker
            self.query_one("#claims-speaker", Input).value = speaker
        self.refresh_list()

    def refresh_list(self) -> None:
        """Rebuild the rows from the claims and filters, keeping the highlighted claim."""
        option_list = self.option_list
        previous = self.highlighted_claim
        shown = [c for c in self.claims if claim_matches(c, self.kind, self.speaker)]
        if self.by_score or self.kind == "assertion":
            # Unattributed claims first, most check-worthy first; then the rest in order.
            shown.sort(key=lambda c: (0, -c.score) if c.kind == "assertion" else (1, 0.0))
        self.shown = shown
        options = [Option(claim_prompt(c), id=f"claim-{i}") for i, c in enumerate(shown)]
        with self.app.batch_update():
            option_list.set_options(options)
            if previous is not None and previous in shown:
                option_list.highlighted = shown.index(previous)
        self._update_summary()

    def _update_summary(self) -> None:
        label = self.query_one("#claims-summary", Label)
        total = len(self.claims)
        if not total:
            label.update("No claims found yet")
            return
        counts = {k: sum(1 for c in self.claims if c.kind == k) for k in KIND_NAMES}
        order = "by check-worthiness" if self.by_score or self.kind == "assertion" else ""
        text = (
            f"{len(self.shown)}/{total} · ❝{counts['quote']} »{counts['reported']} "
            f"◆{counts['assertion']} {order}"
        )
        label.update(text.rstrip())

    @property
    def highlighted_claim(self) -> Claim | None:
        index = self.option_list.highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    def highlight_claim(self, claim: Claim) -> bool:
        """Highlight ``claim``'s row (clearing the filters if they hide it)."""
        if claim not in self.shown:
            self.kind, self.speaker = "all", ""
            self.set_filter(kind="all", speaker="")
        if claim in self.shown:
            self.option_list.highlighted = self.shown.index(claim)
            return True
        return False

    @on(Select.Changed, "#claims-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = str(event.value)
        if value != self.kind:
            self.kind = value
            self.refresh_list()

    @on(Input.Changed, "#claims-speaker")
    def _speaker_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != self.speaker:
            self.speaker = event.value
            self.refresh_list()

    @on(Input.Submitted, "#claims-speaker")
    def _speaker_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.set_focus(self.option_list)

    @on(OptionList.OptionHighlighted, "#claims-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        claim = self.highlighted_claim
        if claim is not None and self.option_list.has_focus:
            self.post_message(ClaimChosen(claim))

    @on(OptionList.OptionSelected, "#claims-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        claim = self.highlighted_claim
        if claim is not None:
            self.post_message(ClaimChosen(claim, jump=True))
