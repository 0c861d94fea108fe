"""The reader's and the library's keys in tables: each binding with its id (the name
``config.toml``'s ``[keymap]`` remaps), and the help screen's section and wording for it.

:data:`READER_BINDINGS` belong to the reader screen (they work wherever the focus is in it),
:data:`SCROLL_BINDINGS` to the article view (they scroll the text when it has the focus).
:data:`BINDING_HELP` is what the reader's ``?`` help screen lists, in its order; its keys are
also the ids the keymap knows. :data:`LIBRARY_BINDINGS` and :data:`LIBRARY_HELP` are the
library screen's.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

COLOUR_HELP = "Highlight: 1 yellow, 2 green, 3 blue, 4 pink, 5 orange"

HELP_SECTIONS = ("Reading", "Find", "Panels and highlights", "Notes", "App", "Other")
"""The help screen's sections, in order."""

BINDING_HELP: dict[str, tuple[str, str]] = {
    "reader.next_sentence": ("Reading", "Next sentence (the view follows)"),
    "reader.previous_sentence": ("Reading", "Previous sentence"),
    "reader.scroll_down": ("Reading", "Scroll down a line"),
    "reader.scroll_up": ("Reading", "Scroll up a line"),
    "reader.page_down": ("Reading", "Page down"),
    "reader.page_up": ("Reading", "Page up"),
    "reader.top": ("Reading", "Top of the article"),
    "reader.bottom": ("Reading", "End of the article"),
    "reader.find": ("Find", "Find (smart case: a capital makes it exact)"),
    "reader.find_next": ("Find", "Next match, or next mention of the chosen entity"),
    "reader.find_previous": ("Find", "Previous match or mention"),
    "reader.toggle_panel": ("Panels and highlights", "Show or hide the side panel"),
    "reader.next_panel": ("Panels and highlights", "Text → Claims → Entities → Notes → text"),
    "reader.previous_panel": ("Panels and highlights", "The same, backwards"),
    "reader.cycle_entities": ("Panels and highlights", "Entity colours: all, one type, none"),
    "reader.back": ("Panels and highlights", "Back to the text; clear marks and matches"),
    "claims.sort": ("Panels and highlights", "Claims: article order / most check-worthy first"),
    "claims.filter": ("Panels and highlights", "Claims: filter by speaker"),
    "claims.verdict": ("Panels and highlights", "Claims: set, edit or clear the verdict"),
    "claims.elsewhere": ("Panels and highlights", "Claims: the speaker's claims in other articles"),
    "reader.add_note": ("Notes", "Note on the selection, chosen claim or sentence"),
    "reader.highlight": ("Notes", "Highlight it with the last colour (again: remove)"),
    "reader.colour_1": ("Notes", COLOUR_HELP),
    "reader.colour_2": ("Notes", COLOUR_HELP),
    "reader.colour_3": ("Notes", COLOUR_HELP),
    "reader.colour_4": ("Notes", COLOUR_HELP),
    "reader.colour_5": ("Notes", COLOUR_HELP),
    "reader.visual": ("Notes", "Select a range: j/k by sentence, w/W by word"),
    "reader.extend_word": ("Notes", "Selection: one more word"),
    "reader.shrink_word": ("Notes", "Selection: one word less"),
    "reader.undo": ("Notes", "Undo the last note deletion"),
    "notes.edit": ("Notes", "Notes tab: edit the note"),
    "notes.delete": ("Notes", "Notes tab: delete the note"),
    "notes.filter": ("Notes", "Notes tab: filter by tag"),
    "reader.export": ("App", "Export notes (md, json, html, w3c)"),
    "reader.help": ("App", "This help"),
    "reader.theme": ("App", "Change the theme"),
    "reader.quit": ("App", "Quit (back to the library if you came from it)"),
}
"""Binding id → (help-screen section, what it does), in the order the help lists them."""

SCROLL_BINDINGS: list[BindingType] = [
    Binding("down", "scroll_down", "Scroll down a line", show=False, id="reader.scroll_down"),
    Binding("up", "scroll_up", "Scroll up a line", show=False, id="reader.scroll_up"),
    Binding("space,pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
    Binding("b,pageup", "page_up", "Page up", show=False, id="reader.page_up"),
    Binding("g,home", "top", "Top", show=False, id="reader.top"),
    Binding("G,end", "bottom", "Bottom", show=False, id="reader.bottom"),
]
"""The article view's scroll keys."""

READER_BINDINGS: list[BindingType] = [
    Binding("j", "next_sentence", "Sentence", id="reader.next_sentence", key_display="j/k"),
    Binding("k", "previous_sentence", "Previous sentence", show=False,
            id="reader.previous_sentence"),
    Binding("slash", "find", "Find", id="reader.find", key_display="/"),
    Binding("n", "find_next", "Next match", show=False, id="reader.find_next"),
    Binding("N", "find_previous", "Previous match", show=False, id="reader.find_previous"),
    Binding("p", "toggle_panel", "Panel", id="reader.toggle_panel"),
    Binding("tab", "next_panel", "Panels", id="reader.next_panel", key_display="tab"),
    Binding("shift+tab", "previous_panel", "Previous panel", show=False,
            id="reader.previous_panel"),
    Binding("e", "cycle_entities", "Entities", id="reader.cycle_entities"),
    Binding("escape", "back", "Back to the text / clear marks", show=False,
            id="reader.back"),
    Binding("a", "add_note", "Note", id="reader.add_note"),
    Binding("h", "highlight", "Highlight", id="reader.highlight"),
    Binding("1", "highlight(1)", "Highlight colour 1", show=False, id="reader.colour_1"),
    Binding("2", "highlight(2)", "Highlight colour 2", show=False, id="reader.colour_2"),
    Binding("3", "highlight(3)", "Highlight colour 3", show=False, id="reader.colour_3"),
    Binding("4", "highlight(4)", "Highlight colour 4", show=False, id="reader.colour_4"),
    Binding("5", "highlight(5)", "Highlight colour 5", show=False, id="reader.colour_5"),
    Binding("v", "visual", "Select", show=False, id="reader.visual"),
    Binding("w", "extend_word(1)", "Extend by a word", show=False, id="reader.extend_word"),
    Binding("W", "extend_word(-1)", "Shrink by a word", show=False, id="reader.shrink_word"),
    Binding("u", "undo", "Undo delete", show=False, id="reader.undo"),
    Binding("x", "export", "Export", id="reader.export"),
    Binding("t", "theme", "Theme", show=False, id="reader.theme"),
    Binding("question_mark", "help", "Help", id="reader.help", key_display="?"),
    Binding("q", "quit", "Quit", id="reader.quit"),
]  # fmt: skip
"""The reader screen's keys (they work with the side panel focused too)."""

LIBRARY_HELP: dict[str, tuple[str, str]] = {
    "library.open": ("Library", "Open the highlighted article"),
    "library.search": ("Library", "Search titles, sources and texts as you type"),
    "library.clear": ("Library", "Clear the search, back to the list"),
    "library.speakers": ("Library", "Speakers: who the articles quote, most first"),
    "library.claims": ("Library", "Claims: every claim in every article"),
    "library.open_path": ("Library", "Open a file or web address"),
    "library.remove": ("Library", "Remove the article (its notes and verdicts are kept)"),
    "library.sort": ("Library", "Sort: last opened, title, most notes"),
    "library.undo": ("Library", "Undo the last removal"),
    "library.reload": ("Library", "Read the library again"),
    "library.help": ("App", "This help"),
    "library.quit": ("App", "Quit margin"),
}
"""The library screen's binding ids → (help-screen section, what it does), in the help's order."""

LIBRARY_BINDINGS: list[BindingType] = [
    # shown in this order after ? Help, q Quit and enter Open, and cut from the end when the
    # terminal is narrow: at 80 columns the keys a new user needs first all fit
    Binding("slash", "search", "Search", key_display="/", id="library.search"),
    Binding("p", "speakers", "Speakers", id="library.speakers"),
    Binding("c", "claims", "Claims", id="library.claims"),
    Binding("o", "open_path", "File/URL", id="library.open_path"),
    Binding("d", "remove", "Remove", id="library.remove"),
    Binding("s", "sort", "Sort", id="library.sort"),
    Binding("r", "reload", "Reload", show=False, id="library.reload"),
    Binding("escape", "clear_search", "Clear search", show=False, id="library.clear"),
    Binding("u", "undo", "Undo remove", show=False, id="library.undo"),
    Binding("question_mark", "help", "Help", key_display="?", id="library.help"),
    Binding("q", "quit", "Quit", id="library.quit"),
]
"""The library screen's keys (``enter`` opens: the table's own binding, ``library.open``)."""
