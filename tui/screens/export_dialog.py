"""The export dialog: pick a format, what to include and where the file goes.

The rendering and the safe write are ``margin.export.api``'s job; this screen only gathers the
choices, asks before overwriting a file and shows what went wrong in one line. Tests (or a
caller with other needs) can pass an :class:`Exporter` with their own functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioSet, Static

from margin.errors import MarginError
from margin.export import api
from margin.export.markdown import USER_MARKER, has_user_marker
from margin.model import Analysis, Article
from margin.sanitize import clean_line
from margin.storage.model import Note
from margin.storage.verdict_model import Verdict
from margin.tui.screens.dialogs import ConfirmDialog
from margin.tui.screens.editor_form import EditorForm
from margin.tui.widgets.choice_set import ChoiceSet
from margin.tui.widgets.error_line import ErrorLine

WHAT_LABELS: dict[str, str] = {
    "notes": "Notes and highlights",
    "highlights": "Highlights only",
    "claims": "Notes, highlights and claims",
    "all": "Everything (claims, entities)",
}
"""Short labels for ``margin.export.api.WHAT`` in the dialog (the API's own text is the
fallback)."""


@dataclass(frozen=True, slots=True)
class Exporter:
    """The functions the dialog exports with (``margin.export.api``'s unless replaced)."""

    render: Callable[..., str] = api.export_article
    """``render(article, notes, *, analysis, fmt, what, previous, analysis_error) -> str``."""
    write: Callable[[Path, str], Any] = api.write_export
    """``write(path, content)``: raise :class:`MarginError` when the file can't be written."""
    read_previous: Callable[[Path], str | None] = api.read_previous
    """The current text of an existing Markdown export (``None`` for other files)."""
    default_filename: Callable[[Article, str], str] = api.default_filename
    """A file name for ``article`` exported as ``fmt``."""


def shorten_home(path: Path) -> str:
    """``path`` as text, with the home directory written ``~``."""
    home = Path.home()
    try:
        return "~" + os.sep + str(path.relative_to(home)) if path != home else "~"
    except ValueError:
        return str(path)


class ExportDialog(EditorForm[Path | None]):
    """Export an article's notes (and optionally its claims and entities) to a file.

    Dismisses with the path written, or ``None`` when cancelled. Keys: ``up``/``down`` choose
    within the format and content lists, ``tab`` moves between them, the path field and the
    buttons, ``enter`` or ``ctrl+s`` exports, ``escape`` cancels.

    The path starts as ``directory / default_filename(article, fmt)`` and follows the format
    until the user edits it (an edited name keeps following the extension); typing a name with
    a known extension (``.json``, ``.html``...) picks that format. An existing file is only
    overwritten after a :class:`ConfirmDialog`; for Markdown the text below the user-notes
    marker of the old export is kept.
    """

    DEFAULT_CSS = """
    ExportDialog > #export {
        width: 92;
    }
    ExportDialog #choices {
        height: auto;
    }
    ExportDialog ChoiceSet {
        width: 1fr;
        height: auto;
    }
    ExportDialog #format {
        width: 47;
        margin-right: 1;
    }
    ExportDialog #path {
        height: 3;
        padding: 0 1;
    }
    ExportDialog #info {
        color: $text-muted;
        padding: 0 1;
    }
    ExportDialog #info.-warning {
        color: $text-warning;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "export", "Export", id="export_dialog.export"),
        Binding("enter", "export", "Export", show=False, id="export_dialog.enter"),
        Binding("escape", "cancel", "Cancel", id="export_dialog.cancel"),
    ]

    def __init__(
        self,
        article: Article,
        notes: Sequence[Note],
        *,
        analysis: Analysis | None = None,
        directory: Path | None = None,
        fmt: str = "md",
        what: str = "notes",
        exporter: Exporter | None = None,
        verdicts: Sequence[Verdict] = (),
    ) -> None:
        """Prepare the export of ``article`` and ``notes`` (and the ``verdicts`` on its
        claims) into ``directory`` (default: cwd)."""
        super().__init__()
        self.article = article
        self.notes = list(notes)
        self.verdicts = list(verdicts)
        self.analysis = analysis
        self.directory = (directory or Path.cwd()).expanduser()
        self.exporter = exporter or Exporter()
        self.fmt = fmt if fmt in api.FORMATS else "md"
        self.what = what if what in api.WHAT else "notes"
        self._auto_path = self._default_path(self.fmt)

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="editor-box") as box:
            box.border_title = f"Export «{_clip(self.article.title, 60)}»"
            with Horizontal(id="choices"):
                formats = ChoiceSet(
                    [(key, label) for key, (label, _ext) in api.FORMATS.items()],
                    value=self.fmt,
                    id="format",
                    classes="editor-field",
                )
                formats.border_title = "Format"
                yield formats
                what = ChoiceSet(
                    [(key, WHAT_LABELS.get(key, text)) for key, text in api.WHAT.items()],
                    value=self.what,
                    id="what",
                    classes="editor-field",
                )
                what.border_title = "Include"
                yield what
            path = Input(
                self._auto_path, id="path", classes="editor-field", placeholder="file to write"
            )
            path.border_title = "Save to"
            yield path
            yield Static("", id="info", markup=False)
            yield ErrorLine(id="error")
            with Horizontal(id="actions"):
                yield Button(
                    "Export", id="do-export", variant="primary", compact=True,
                    action="screen.export",
                )  # fmt: skip
                yield Button("Cancel", id="cancel", compact=True, action="screen.cancel")
                yield Static(
                    "↑↓ choose · tab next · enter export · esc cancel", id="keys", markup=False
                )

    def on_mount(self) -> None:
        self.query_one("#format", ChoiceSet).focus()
        self._update_info()

    # -- state ---------------------------------------------------------------------------

    def _default_path(self, fmt: str) -> str:
        return shorten_home(self.directory / self.exporter.default_filename(self.article, fmt))

    @property
    def path_text(self) -> str:
        """What the path field holds."""
        return self.query_one("#path", Input).value

    @property
    def target(self) -> Path | None:
        """The file the export would go to (relative names are in ``directory``)."""
        text = self.path_text.strip()
        if not text:
            return None
        path = Path(text).expanduser()
        return path if path.is_absolute() else self.directory / path

    @property
    def path_edited(self) -> bool:
        """True once the user has typed a path of their own."""
        return self.path_text != self._auto_path

    def _update_info(self) -> None:
        if self.fmt == "claimreview":
            placed = sum(1 for v in self.verdicts if not v.orphaned)
            text = f"{_count(placed, 'verdict')} as schema.org ClaimReview"
            if placed < len(self.verdicts):
                text += f" ({len(self.verdicts) - placed} orphaned left out)"
            info = self.query_one("#info", Static)
            info.update(text)
            info.set_class(placed == 0, "-warning")
            return
        notes = [n for n in self.notes if not (self.what == "highlights" and not n.is_highlight)]
        with_body = sum(1 for n in notes if not n.is_highlight)
        parts = [
            _count(with_body, "note"),
            _count(len(notes) - with_body, "highlight"),
        ]
        orphaned = sum(1 for n in notes if n.orphaned)
        if orphaned:
            parts.append(f"{orphaned} orphaned")
        text = " · ".join(parts)
        warn = self.analysis is None and api.needs_analysis(self.fmt, self.what)
        if warn:
            missing = "claims, entities" if self.what in ("claims", "all") else "entity marks"
            text += f" — the analysis isn't ready: {missing} will be left out"
        info = self.query_one("#info", Static)
        info.update(text)
        info.set_class(warn, "-warning")

    # -- events --------------------------------------------------------------------------

    @on(RadioSet.Changed, "#format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        old, new = self.fmt, self.query_one("#format", ChoiceSet).value
        if new == old:
            return
        self.fmt = new
        field = self.query_one("#path", Input)
        if not self.path_edited:
            self._auto_path = self._default_path(new)
            field.value = self._auto_path
        else:
            old_ext, new_ext = api.FORMATS[old][1], api.FORMATS[new][1]
            text = field.value
            if text.lower().endswith(old_ext) and api.guess_format(text) == old:
                field.value = text[: -len(old_ext)] + new_ext
        self._update_info()

    @on(RadioSet.Changed, "#what")
    def _what_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.what = self.query_one("#what", ChoiceSet).value
        self._update_info()

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.show_error(None)
        if not self.path_edited:
            return
        guessed = api.guess_format(event.value)
        if guessed and guessed != self.fmt:
            self.query_one("#format", ChoiceSet).choose(guessed)

    @on(Input.Submitted, "#path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    # -- actions -------------------------------------------------------------------------

    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)

    def action_export(self) -> None:
        """Export to the path, asking first if the file exists."""
        path = self.target
        if path is None:
            self.show_error("Type the name of the file to write.")
            return
        if path.is_dir():
            self.show_error(f"{shorten_home(path)} is a directory: add a file name.")
            return
        if not path.exists():
            self._export_to(path)
            return
        try:
            previous = self.exporter.read_previous(path) if self.fmt == "md" else None
        except MarginError as exc:
            self.show_error(str(exc))
            return
        if self.fmt != "md":
            detail = "Its contents will be replaced."
        elif previous is not None and has_user_marker(previous):
            detail = f"What you wrote below the “{USER_MARKER}” line is kept."
        else:
            detail = "It doesn't look like a margin export: its text will be replaced."

        def answered(choice: str | None) -> None:
            if choice == "yes":
                self._export_to(path, previous=previous)

        self.app.push_screen(
            ConfirmDialog(
                f"{path.name} already exists. Overwrite it?",
                yes="Overwrite",
                no="Cancel",
                detail=detail,
                destructive=True,
            ),
            answered,
        )

    def _export_to(self, path: Path, *, previous: str | None = None) -> None:
        """Render and write the export; dismiss with ``path`` or show why it failed."""
        wants_analysis = api.needs_analysis(self.fmt, self.what)
        try:
            content = self.exporter.render(
                self.article,
                self.notes,
                analysis=self.analysis,
                fmt=self.fmt,
                what=self.what,
                previous=previous,
                analysis_error=(
                    "the analysis was not ready" if wants_analysis and not self.analysis else None
                ),
                verdicts=self.verdicts,
            )
            self.exporter.write(path, content)
        except MarginError as exc:
            self.show_error(str(exc))
            return
        except Exception as exc:  # a bug in a renderer must not take the reader down
            self.log.error(f"export failed: {exc!r}")
            self.show_error(f"Export failed: {type(exc).__name__}: {exc}")
            return
        self.dismiss(path)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _clip(text: str, limit: int) -> str:
    text = " ".join(clean_line(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
