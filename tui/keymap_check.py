"""Checking the user's key remaps against every screen's bindings, before they are applied.

Textual applies a keymap silently: an unknown id is ignored, a misspelt key name never
matches, and a remap onto a key that another binding of the same widget has *removes* that
binding. Here every remap is checked first; one that cannot work as written is reported (with
the config file and line) and left out, so the default keys keep working.

What is checked is every place a key can be pressed: for each screen, the chains of nodes
whose bindings are live together (the focused widget, the screen, and the app above a
non-modal screen, plus the app's priority bindings everywhere), built from the classes'
``BINDINGS``. Importing the screens costs a little, so this runs only when there is a keymap.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, _normalize_key_list, key_to_character

from margin.tui.keymap import ReaderConfig

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@dataclass(frozen=True, slots=True)
class Chain:
    """Nodes whose bindings are live at once on ``screen`` (focused widget first)."""

    screen: str
    nodes: tuple[type[DOMNode], ...]
    modal: bool = False


@cache
def chains() -> tuple[Chain, ...]:
    """Every chain of every screen (imports the screens: call only when needed)."""
    from textual.widgets import Button, Input

    from margin.tui.screens.claims_view import ClaimsScreen, IndexClaimsList
    from margin.tui.screens.dialogs import ConfirmDialog, PromptDialog
    from margin.tui.screens.export_dialog import ExportDialog
    from margin.tui.screens.help import HelpScreen
    from margin.tui.screens.library import LibraryScreen, LibraryTable
    from margin.tui.screens.note_editor import FormColourPicker, NoteEditorScreen
    from margin.tui.screens.reader import ReaderScreen
    from margin.tui.screens.speakers import SpeakersList, SpeakersScreen
    from margin.tui.screens.verdict_editor import RatingChoice, VerdictEditorScreen
    from margin.tui.widgets.article_view import ArticleView
    from margin.tui.widgets.choice_set import ChoiceSet
    from margin.tui.widgets.claims_panel import ClaimsList
    from margin.tui.widgets.fields import BodyArea, TextField
    from margin.tui.widgets.find_bar import FindInput
    from margin.tui.widgets.notes_panel import NotesList

    return (
        Chain("the reader", (ArticleView, ReaderScreen)),
        Chain("the reader's Claims tab", (ClaimsList, ReaderScreen)),
        Chain("the reader's Notes tab", (NotesList, ReaderScreen)),
        Chain("the reader's find bar", (FindInput, ReaderScreen)),
        Chain("the help screen", (HelpScreen,), modal=True),
        Chain("the library", (LibraryTable, LibraryScreen)),
        Chain("the library's search", (Input, LibraryScreen)),
        Chain("the Speakers view", (SpeakersList, SpeakersScreen)),
        Chain("the Speakers view's filter", (Input, SpeakersScreen)),
        Chain("the Claims view", (IndexClaimsList, ClaimsScreen)),
        Chain("the Claims view's search", (Input, ClaimsScreen)),
        Chain("the note editor", (BodyArea, NoteEditorScreen), modal=True),
        Chain("the note editor's tags", (TextField, NoteEditorScreen), modal=True),
        Chain("the note editor's colours", (FormColourPicker, NoteEditorScreen), modal=True),
        Chain("the verdict editor's rating", (RatingChoice, VerdictEditorScreen), modal=True),
        Chain("the verdict editor", (BodyArea, VerdictEditorScreen), modal=True),
        Chain("the verdict editor's links", (TextField, VerdictEditorScreen), modal=True),
        Chain("the export dialog", (ChoiceSet, ExportDialog), modal=True),
        Chain("the export dialog's path", (Input, ExportDialog), modal=True),
        Chain("a confirmation", (Button, ConfirmDialog), modal=True),
        Chain("a question", (Input, PromptDialog), modal=True),
    )


def _app_class() -> type[DOMNode]:
    from margin.tui.app import MarginApp

    return MarginApp


def _bindings(node: type[DOMNode]) -> list[tuple[str, Binding]]:
    """(key, binding) for each key of each binding of ``node`` (its bases' included)."""
    found = [(key, b) for key, bs in node._merge_bindings().key_to_bindings.items() for b in bs]
    app = _app_class()
    if node is app and getattr(app, "ENABLE_COMMAND_PALETTE", False):
        key = getattr(app, "COMMAND_PALETTE_BINDING", "ctrl+p")
        found.append((key, Binding(key, "command_palette", "Command palette", priority=True)))
    return found


@cache
def binding_ids() -> frozenset[str]:
    """Every binding id a keymap may name."""
    nodes = {node for chain in chains() for node in chain.nodes} | {_app_class()}
    return frozenset(b.id for node in nodes for _, b in _bindings(node) if b.id)


def key_problem(key: str) -> str | None:
    """Why ``key`` is not a key name Textual knows (None when it is one)."""
    if not key:
        return "an empty key name"
    *modifiers, base = key.split("+") if len(key) > 1 else [key]
    bad = [m for m in modifiers if m not in MODIFIERS]
    if bad or not base:
        hint = " (keys are written like ctrl+f)" if key.lower() != key else ""
        return f"unknown key {key!r}{hint}"
    if len(base) == 1 and base.isprintable():
        return None
    if base in _NAMED_KEYS or key_to_character(base) is not None:
        return None
    if base in REPLACED_KEYS:  # slash, minus, at...: Unicode names under a friendlier one
        try:
            unicodedata.lookup(REPLACED_KEYS[base].replace("_", " "))
            return None
        except KeyError:
            pass
    guess = difflib.get_close_matches(base.lower(), sorted(_NAMED_KEYS), n=1)
    hint = f" (did you mean {'+'.join([*modifiers, guess[0]])!r}?)" if guess else ""
    return f"unknown key {key!r}{hint}"


_NAMED_KEYS = frozenset(k.value.rpartition("+")[2] for k in Keys) | {"space", "enter"}


def _label(binding: Binding) -> str:
    what = binding.id or binding.action
    return f"{what} ({binding.description})" if binding.description else what


@dataclass(slots=True)
class Clashes:
    """What remapped keys would do to other bindings: binding id → (key, the other
    binding) → the screens where they meet."""

    taken: dict[str, dict[tuple[str, str], list[str]]]
    """The remap would take the key from another binding (the same widget's or screen's, an
    outer one's while this widget has focus, or everything's for an app priority key)."""
    shadowed: dict[str, dict[tuple[str, str], list[str]]]
    """The focused widget keeps the key (text editing, say): the remap works elsewhere."""


def _text_fields() -> tuple[type[DOMNode], ...]:
    from textual.widgets import Input, TextArea

    return (Input, TextArea)


def _types_a_character(key: str) -> bool:
    character = key_to_character(key)
    return character is not None and character.isprintable()


def _clashes(keymap: dict[str, str]) -> Clashes:
    """How the remaps in ``keymap`` meet the other bindings of every screen."""
    app = _app_class()
    clashes = Clashes({}, {})
    for chain in chains():
        live = [(k, b, depth) for depth, node in enumerate(chain.nodes) for k, b in _bindings(node)]
        app_depth = len(chain.nodes)
        live += [(k, b, app_depth) for k, b in _bindings(app) if b.priority or not chain.modal]
        typing = issubclass(chain.nodes[0], _text_fields())
        by_key: dict[str, list[tuple[Binding, int]]] = {}
        for key, binding, depth in live:
            keys = keymap[binding.id].split(",") if binding.id in keymap else [key]
            for k in keys:
                if typing and depth > 0 and _types_a_character(k):
                    continue  # a text field takes it before any binding above it
                by_key.setdefault(k, []).append((binding, depth))
        for key, bindings in by_key.items():
            for binding, depth in bindings:
                if binding.id not in keymap:
                    continue
                for other, other_depth in bindings:
                    if other.id == binding.id or (other_depth, other.action) == (
                        depth,
                        binding.action,
                    ):
                        continue  # itself, or the same action of the same node
                    priority = (binding.priority or other.priority) and app_depth in (
                        depth,
                        other_depth,
                    )
                    inner = other_depth < depth and not priority
                    found = clashes.shadowed if inner else clashes.taken
                    screens = found.setdefault(binding.id, {}).setdefault((key, _label(other)), [])
                    if chain.screen not in screens:
                        screens.append(chain.screen)
    return clashes


def _say(meetings: dict[tuple[str, str], list[str]], verb: str) -> str:
    """ "n is reader.find_next (Next match) in the reader, the reader's Claims tab, …" """
    parts = []
    for (key, label), screens in list(meetings.items())[:2]:
        where = ", ".join(screens[:2]) + (", …" if len(screens) > 2 else "")
        parts.append(f"{key} {verb} {label} in {where}")
    return "; ".join(parts)


def check_keymap(config: ReaderConfig) -> None:
    """Drop from ``config.keymap`` each remap that names an unknown id, an unknown key or a
    key another binding of the same screen uses; say why (file and line) in
    ``config.warnings``."""
    known = binding_ids()
    good: dict[str, str] = {}
    for binding_id, keys in config.keymap.items():
        where = config.where(binding_id)
        if binding_id not in known:
            guess = difflib.get_close_matches(binding_id, sorted(known), n=1, cutoff=0.6)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            config.warnings.append(f"{where}: unknown key binding id {binding_id!r}{hint}")
            continue
        normal = _normalize_key_list(keys)
        problems = [p for k in normal.split(",") if (p := key_problem(k))]
        if problems:
            config.warnings.append(f"{where}: {binding_id}: {'; '.join(problems)}; not remapped")
            continue
        good[binding_id] = normal
    while taken := _clashes(good).taken:  # dropping one remap can settle another's
        for binding_id, meetings in taken.items():
            del good[binding_id]
            config.warnings.append(
                f'{config.where(binding_id)}: {binding_id} = "{config.keymap[binding_id]}" '
                f"would take a key from another binding ({_say(meetings, 'is')}); "
                "kept its default keys"
            )
    for binding_id, meetings in _clashes(good).shadowed.items():
        config.warnings.append(
            f'{config.where(binding_id)}: {binding_id} = "{config.keymap[binding_id]}" '
            f"remapped, but {_say(meetings, 'stays')}"
        )
    config.keymap = good
