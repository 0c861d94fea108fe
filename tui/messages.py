"""Messages passed between the reader's widgets and its analysis and notes workers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from margin.model import Claim, Entity

if TYPE_CHECKING:  # pragma: no cover
    from margin.analysis.service.compact import ReaderAnalysis
    from margin.storage.model import Note


@dataclass
class CursorMoved(Message):
    """The reading cursor moved to unit ``index`` of ``count`` (``start..end`` in the text)."""

    start: int
    end: int
    index: int
    count: int


@dataclass
class AnalysisProgress(Message):
    """New sentences, entities and claims from the analysis worker (only the new ones)."""

    sentences: list[tuple[int, int]]
    entities: list[Entity]
    claims: list[Claim]
    done: int
    total: int


@dataclass
class AnalysisFinished(Message):
    """The analysis is complete (``cached``: it came from the cache)."""

    analysis: ReaderAnalysis
    cached: bool
    seconds: float


@dataclass
class AnalysisFailed(Message):
    """The analysis could not run; the article stays readable without highlights."""

    message: str


@dataclass
class NotesLoaded(Message):
    """The notes worker read the article's notes (``error``: the store failed; notes are off)."""

    store: Any
    notes: list[Note]
    error: str | None = None


@dataclass
class ClaimChosen(Message):
    """A claim was highlighted (``jump``: also move to it and focus the text)."""

    claim: Claim
    jump: bool = False


@dataclass
class SpeakerElsewhere(Message):
    """Show what the speaker of ``claim`` claims in the library's other articles."""

    claim: Claim


@dataclass
class EntityChosen(Message):
    """An entity (all of its mentions) was highlighted in the entities list."""

    key: str | None
    jump: bool = False


@dataclass
class FindChanged(Message):
    """The find bar's query changed (``submit``: enter was pressed)."""

    query: str
    submit: bool = False


@dataclass
class FindClosed(Message):
    """The find bar was closed (``cancel``: escape, clear the matches)."""

    cancel: bool = True


@dataclass
class RangeSelected(Message):
    """A range of the text was selected with the mouse (``start..end``, whole words)."""

    start: int
    end: int


@dataclass
class VerdictRequested(Message):
    """The user asked to set, edit or clear the verdict on ``claim`` (``r`` in the Claims
    tab)."""

    claim: Claim
