"""The ``?`` help screen: every binding of the reader (or of the library), read from the live
bindings (so the user's remaps show), grouped by section."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from margin.styles.entities import ENTITY_GROUPS
from margin.tui.bindings import BINDING_HELP, HELP_SECTIONS

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class HelpContent:
    """What a help screen lists: the bindings of ``nodes`` that ``catalogue`` describes
    (binding id → (section, text)), sections in ``order``, plus ``extra`` rows
    (section → rows of (keys, text)) for keys that are not bindings."""

    title: str
    nodes: Sequence[DOMNode]
    catalogue: Mapping[str, tuple[str, str]]
    order: Sequence[str]
    extra: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)
    """Rows as shown (keys already written for display)."""
    legend: bool = False
    """Show the entity colours (the reader's help)."""


def reader_help(reader: Screen[object]) -> HelpContent:
    """The reader's keys (its lists' too)."""
    from margin.tui.widgets.article_view import ArticleView
    from margin.tui.widgets.claims_panel import ClaimsList
    from margin.tui.widgets.notes_panel import NotesList

    nodes: list[DOMNode] = [reader, *reader.query(ArticleView)]
    nodes += [*reader.query(ClaimsList), *reader.query(NotesList)]
    palette = palette_key(reader.app)
    return HelpContent(
        "margin — keys",
        nodes,
        BINDING_HELP,
        HELP_SECTIONS,
        {
            "Panels and highlights": [("enter", "Jump to the highlighted row")],
            "App": [(palette, "Command palette: every action and claim")],
        },
        legend=True,
    )


def live_bindings(nodes: list[DOMNode], keymap: dict[str, str]) -> list[tuple[Binding, list[str]]]:
    """Each binding (by id, or action when it has none) of ``nodes`` with its current keys."""
    found: dict[str, tuple[Binding, list[str]]] = {}
    for node in nodes:
        bindings: BindingsMap = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        for key, key_bindings in bindings.key_to_bindings.items():
            for binding in key_bindings:
                ident = binding.id or f"{type(node).__name__}.{binding.action}"
                if ident not in found:
                    found[ident] = (binding, [])
                if key not in found[ident][1]:
                    found[ident][1].append(key)
    return list(found.values())


def palette_key(app: App[object]) -> str:
    """How the command palette's key shows (``^p``)."""
    key = app.COMMAND_PALETTE_BINDING
    return key_label(app.get_key_display, Binding(key, ""), key)


def key_label(app_get_key_display, binding: Binding, key: str) -> str:  # type: ignore[no-untyped-def]
    """How ``key`` is shown (``?`` for question_mark, ``^p`` for ctrl+p...)."""
    return app_get_key_display(binding.with_key(key, None))


class HelpScreen(ModalScreen[None]):
    """Lists the keys of ``nodes`` (the reader, its article view and its lists); escape, q or ?
    closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 76;
            max-width: 95%;
            height: 90%;
            border: round $accent;
            border-title-color: $accent;
            background: $surface;
            padding: 0 1;
        }
        & .help-section { text-style: bold; color: $accent; margin-top: 1; }
    }
    """

    def __init__(self, screen: Screen[object], content: HelpContent | None = None) -> None:
        """Help for ``screen``: ``content`` says what to list (by default, the reader's)."""
        super().__init__()
        self.content = content if content is not None else reader_help(screen)

    def binding_rows(self) -> dict[str, list[tuple[str, str]]]:
        """Section → rows of (keys, description)."""
        content = self.content
        keymap = dict(self.app._keymap)
        sections: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for binding, keys in live_bindings(list(content.nodes), keymap):
            if binding.id not in content.catalogue:
                continue  # Textual's own (focus, copy): not margin's keys
            section, text = content.catalogue[binding.id]
            shown = ", ".join(key_label(self.app.get_key_display, binding, k) for k in keys)
            rows = sections[section]
            same = next((i for i, (_, t) in enumerate(rows) if t == text), None)
            if same is None:
                rows.append((shown, text))
            else:  # bindings sharing one description share one row ("1, 2, 3, 4, 5")
                rows[same] = (f"{rows[same][0]}, {shown}", text)
        for section, extra in content.extra.items():
            sections[section].extend(extra)
        return sections

    def compose(self) -> ComposeResult:
        content = self.content
        scroll = VerticalScroll()
        scroll.border_title = content.title
        with scroll:
            rows = self.binding_rows()
            for section in content.order:
                if not rows.get(section):
                    continue
                yield Static(section, classes="help-section")
                lines = [
                    Content.assemble((f"{keys:>16}", "bold $text-accent"), "  ", description)
                    for keys, description in rows[section]
                ]
                yield Static(Content("\n").join(lines))
            if content.legend:
                yield Static("Entity colours", classes="help-section")
                dark = self.app.current_theme.dark
                legend = Content("  ").join(
                    Content.styled(f"● {g.name}", f"bold {g.dark if dark else g.light}")
                    for g in ENTITY_GROUPS
                )
                yield Static(legend)
            yield Static(
                'Keys can be remapped in config.toml: [keymap] "reader.find" = "ctrl+f"',
                classes="help-section",
            )
