"""The reader's state without Textual: find and entity steps, the selection, the notes
session and where a note goes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable

import pytest

from margin.errors import MarginError
from margin.model import Article, Claim, TextSpan
from margin.storage.model import Anchor, LibraryEntry, Note
from margin.tui.state.notes_session import NotesSession, note_target
from margin.tui.state.selection import Selection, extend_by_word
from margin.tui.state.steps import Steps

TEXT = "The mayor said the wall works. The union said it does not. The mayor left."


def test_state_modules_import_no_textual() -> None:
    code = (
        "import sys\n"
        "import margin.tui.state.steps, margin.tui.state.selection\n"
        "import margin.tui.state.notes_session, margin.tui.state.entity_filters\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- steps -----------------------------------------------------------------------------------


def test_find_steps_from_the_cursor_and_wrap_around() -> None:
    steps = Steps()
    matches = steps.find(TEXT, "mayor")
    assert matches == [(4, 9), (63, 68)] and steps.kind == "find"
    assert steps.status() == "find 2"
    index = steps.following(30, forward=True)  # cursor on the second sentence
    assert index == 1
    steps.go(index)
    assert steps.status() == "find 2/2" and steps.current == (63, 68)
    assert steps.go(steps.following(None, forward=True)) == (4, 9)  # wraps to the first
    assert steps.following(None, forward=False) == -1 and steps.go(-1) == (63, 68)


def test_backwards_from_the_cursor_takes_the_match_at_or_before_it() -> None:
    steps = Steps()
    steps.find(TEXT, "said")
    assert steps.spans == [(10, 14), (41, 45)]
    assert steps.following(41, forward=False) == 1  # a match at the sentence's start counts
    assert steps.following(40, forward=False) == 0
    assert steps.following(0, forward=False) == 1  # nothing before: wraps to the last


def test_find_is_smart_case_and_an_empty_result_says_so() -> None:
    steps = Steps()
    assert steps.find(TEXT, "The") == [(0, 3), (31, 34), (59, 62)]
    assert len(steps.find(TEXT, "the")) == 4  # lower case: "the wall" too
    steps.find(TEXT, "zebra")
    assert steps.kind is None and steps.status() == "find: no matches"
    steps.query = ""
    steps.clear()
    assert steps.status() == "" and steps.current is None


def test_entity_steps_carry_its_name() -> None:
    steps = Steps()
    steps.set([(4, 9), (63, 68)], "entity", "Mayor")
    steps.go(0)
    assert steps.status() == "Mayor 1/2"


# -- selection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "step", "expected"),
    [
        (0, 3, 1, (0, 9)),  # "The" -> "The mayor"
        (0, 9, -1, (0, 3)),
        (0, 3, -1, (0, 1)),  # never empty
        (59, 74, 1, (59, 74)),  # at the end: nothing more
    ],
)
def test_extend_by_word(start: int, end: int, step: int, expected: tuple[int, int]) -> None:
    assert extend_by_word(TEXT, start, end, step) == expected


def test_a_selection_by_sentence_follows_the_cursor_both_ways() -> None:
    selection = Selection()
    selection.start((31, 58))
    assert selection.follow((59, 74)) and selection.span == (31, 74)
    assert selection.follow((0, 30)) and selection.span == (0, 58)
    selection.set((4, 9))  # a mouse selection does not follow the cursor
    assert not selection.follow((59, 74)) and selection.span == (4, 9)
    selection.clear()
    assert selection.span is None


# -- notes -----------------------------------------------------------------------------------


class MemoryStore:
    """A store in memory (the NotesStore protocol), failing on demand."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.saved: dict[str, Note] = {}
        self.fail = False
        self.count = 0

    def _check(self) -> None:
        if self.fail:
            raise MarginError("the disk is full")

    def add_article(self, article: Article) -> LibraryEntry:
        self._check()
        return LibraryEntry(sha256=article.sha256, title=article.title, source=article.source)

    def notes_for(self, article: Article) -> list[Note]:
        return list(self.saved.values())

    def new_note(
        self,
        article: Article,
        start: int,
        end: int,
        *,
        body: str = "",
        tags: Iterable[str] = (),
        colour: int | None = None,
    ) -> Note:
        self.count += 1
        anchor = Anchor.from_text(article.text, start, end)
        return Note(id=f"n{self.count}", article=article.sha256, anchor=anchor, body=body,
                    tags=tuple(tags), colour=colour)  # fmt: skip

    def add_note(self, note: Note) -> Note:
        self._check()
        self.saved[note.id] = note
        return note

    update_note = add_note
    restore_note = add_note

    def delete_note(self, note: Note) -> Note:
        self._check()
        return self.saved.pop(note.id)


def session() -> tuple[NotesSession, MemoryStore]:
    store = MemoryStore()
    return NotesSession(Article.from_text(TEXT, "T", "t.txt"), store), store


def test_highlight_again_removes_it_and_another_colour_recolours() -> None:
    notes, store = session()
    assert notes.highlight((31, 58), 2) == "added"
    assert notes.highlight((31, 58), 3) == "coloured"
    assert [n.colour for n in notes.notes] == [3] and notes.last_colour == 3
    assert notes.highlight((31, 58)) == "removed"  # the last colour again
    assert notes.notes == [] and store.saved == {}
    assert notes.undo() is not None and [n.colour for n in notes.notes] == [3]
    assert notes.undo() is None  # nothing more to undo


def test_a_note_already_there_is_coloured_not_doubled() -> None:
    notes, _ = session()
    notes.add((0, 30), body="Check the wall.")
    assert notes.highlight((0, 30), 4) == "coloured"
    [note] = notes.notes
    assert note.body == "Check the wall." and note.colour == 4


def test_notes_are_listed_in_reading_order() -> None:
    notes, _ = session()
    notes.add((59, 74))
    notes.add((0, 30))
    assert [n.anchor.start for n in notes.notes] == [0, 59]
    assert [(s, e) for s, e, _, _ in notes.anchored()] == [(0, 30), (59, 74)]


def test_a_failed_store_changes_nothing_and_undo_can_be_tried_again() -> None:
    notes, store = session()
    kept = notes.add((0, 30))
    notes.delete(kept)
    store.fail = True
    with pytest.raises(MarginError):
        notes.add((31, 58))
    with pytest.raises(MarginError):
        notes.undo()
    assert notes.notes == [] and len(notes.deleted) == 1
    store.fail = False
    assert notes.undo() is not None and [n.id for n in notes.notes] == [kept.id]


def test_a_store_that_cannot_open_turns_notes_off() -> None:
    notes, store = session()
    store.fail = True
    with pytest.raises(MarginError):
        notes.open()
    assert notes.store is None


def test_note_target_prefers_selection_then_claim_or_mention_near_the_cursor() -> None:
    cursor = (31, 58)
    claim = Claim("reported", TextSpan.of(TEXT, 46, 57), None, None, 1.0, 1)
    far_claim = Claim("reported", TextSpan.of(TEXT, 15, 29), None, None, 1.0, 0)
    assert note_target(cursor, selection=(0, 3), claim=claim) == (0, 3)
    assert note_target(cursor, claim=claim) == (46, 57)
    assert note_target(cursor, claim=far_claim) == cursor  # not at the cursor's sentence
    assert note_target(cursor, mention=(41, 45)) == (41, 45)
    assert note_target(cursor, mention=(4, 9)) == cursor
    assert note_target(None) is None


def test_note_target_on_a_focused_panel_row_is_that_claim_or_mention_wherever_it_is() -> None:
    cursor = (31, 58)
    far_claim = Claim("reported", TextSpan.of(TEXT, 15, 29), None, None, 1.0, 0)
    assert note_target(cursor, mention=(4, 9), on_row=True) == (4, 9)
    assert note_target(cursor, claim=far_claim, on_row=True) == (15, 29)
    assert note_target(cursor, on_row=True) == cursor  # no row chosen: the sentence
