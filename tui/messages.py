"""Messages passed between the reader's widgets and its analysis and notes workers.

Each is a dataclass for its ``__init__`` only (``eq=False, repr=False``: messages are not
compared, and each generated method is compiled as the module is imported, before the
reader's first frame)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from margin.model import Claim, Entity

if TYPE_CHECKING:  # pragma: no cover
    from margin.analysis.service.compact import ReaderAnalysis
    from margin.storage.model import Note


@dataclass(eq=False, repr=False)
class CursorMoved(Message):
    """The reading cursor moved to unit ``index`` of ``count`` (``start..end`` in the text)."""

    start: int
    end: int
    index: int
    count: int


@dataclass(eq=False, repr=False)
class AnalysisProgress(Message):
    """New sentences, entities and claims from the analysis worker (only the new ones)."""

    sentences: list[tuple[int, int]]
    entities: list[Entity]
    claims: list[Claim]
    done: int
    total: int


@dataclass(eq=False, repr=False)
class AnalysisFinished(Message):
    """The analysis is complete (``cached``: it came from the cache)."""

    analysis: ReaderAnalysis
    cached: bool
    seconds: float


@dataclass(eq=False, repr=False)
class AnalysisFailed(Message):
    """The analysis could not run; the article stays readable without highlights."""

    message: str


@dataclass(eq=False, repr=False)
class NotesLoaded(Message):
    """The notes worker read the article's notes (``error``: the store failed; notes are off)."""

    store: Any
    notes: list[Note]
    error: str | None = None


@dataclass(eq=False, repr=False)
class ClaimChosen(Message):
    """A claim was highlighted (``jump``: also move to it and focus the text)."""

    claim: Claim
    jump: bool = False


@dataclass(eq=False, repr=False)
class SpeakerElsewhere(Message):
    """Show what the speaker of ``claim`` claims in the library's other articles."""

    claim: Claim


@dataclass(eq=False, repr=False)
class EntityChosen(Message):
    """An entity (all of its mentions) was highlighted in the entities list."""

    key: str | None
    jump: bool = False


@dataclass(eq=False, repr=False)
class FindChanged(Message):
    """The find bar's query changed (``submit``: enter was pressed)."""

    query: str
    submit: bool = False


@dataclass(eq=False, repr=False)
class FindClosed(Message):
    """The find bar was closed (``cancel``: escape, clear the matches)."""

    cancel: bool = True


@dataclass(eq=False, repr=False)
class RangeSelected(Message):
    """A range of the text was selected with the mouse (``start..end``, whole words)."""

    start: int
    end: int


@dataclass(eq=False, repr=False)
class VerdictRequested(Message):
    """The user asked to set, edit or clear the verdict on ``claim`` (``r`` in the Claims
    tab)."""

    claim: Claim
