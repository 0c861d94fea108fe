"""Re-anchoring cost stays bounded: long quotes are not aligned approximately, and an orphan
verdict is remembered for an unchanged text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from margin.model import Article
from margin.storage import anchoring, store_anchors
from margin.storage.anchoring import MAX_FUZZY_LENGTH, reanchor
from margin.storage.model import Anchor
from margin.storage.store import ORPHAN_CHECK, Store

SYLLABLES = ["har", "bour", "pi", "er", "coun", "cil", "fer", "ry", "mo", "ney", "vo", "te"]


def _long_text(chars: int, seed: int = 5) -> str:
    """Sentences of made-up words: no passage of it is close to another."""
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < chars:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))
        words.append(word + ("." if rng.random() < 0.08 else ""))
        size += len(word) + 1
    return " ".join(words)


def _count_myers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the length of every pattern aligned; fail at once on one over the bound."""
    lengths: list[int] = []
    real = anchoring._myers

    def counted(pattern: str, text: str, *, free_start: bool) -> list[int]:
        lengths.append(len(pattern))
        if len(pattern) > MAX_FUZZY_LENGTH:
            raise AssertionError(f"aligned a {len(pattern)}-character quote")
        return real(pattern, text, free_start=free_start)

    monkeypatch.setattr(anchoring, "_myers", counted)
    return lengths


@pytest.mark.parametrize("quote_chars", [20_000, 2_000_000])
def test_a_long_edited_quote_is_not_aligned_and_becomes_orphaned(
    monkeypatch: pytest.MonkeyPatch, quote_chars: int
) -> None:
    text = _long_text(quote_chars + 40_000)
    start, end = 1000, 1000 + quote_chars
    anchor = Anchor.from_text(text, start, end)
    edited = text[: start + 500] + "EDIT" + text[start + 504 :]  # one small edit inside
    lengths = _count_myers(monkeypatch)
    assert reanchor(anchor, edited) == (None, "orphaned")
    assert lengths == []  # no quadratic alignment was tried
    # Word for word, the same long passage is still found wherever it moved.
    moved = "A new first paragraph.\n\n" + text
    found, status = reanchor(anchor, moved)
    assert status == "moved" and found is not None and found.exact == anchor.exact


def test_quotes_up_to_the_bound_are_still_matched_approximately(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _long_text(20_000)
    start = 3000
    end = start + MAX_FUZZY_LENGTH
    anchor = Anchor.from_text(text, start, end)
    edited = text[: start + 700] + "XYZ" + text[start + 703 :]
    lengths = _count_myers(monkeypatch)
    found, status = reanchor(anchor, edited)
    assert status == "fuzzy" and found is not None and (found.start, found.end) == (start, end)
    assert lengths and max(lengths) <= MAX_FUZZY_LENGTH


def test_an_orphan_verdict_is_remembered_for_the_same_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _long_text(3000)
    old = Article.from_text(text, "Pier", "/news/pier.txt")
    db = tmp_path / "margin.json"
    store = Store(db)
    store.add_article(old)
    lost = store.add_note(store.new_note(old, 100, 160, body="this passage goes"))
    kept = store.add_note(store.new_note(old, 400, 450, body="this one stays"))
    new_text = (
        text[:90] + "The passage was rewritten entirely by the editors overnight." + text[170:]
    )
    new = Article.from_text(new_text, "Pier", "/news/pier.txt")
    store.add_article(new)

    calls: list[str] = []
    real = store_anchors.reanchor

    def counted(anchor: Anchor, text: str):  # type: ignore[no-untyped-def]
        calls.append(anchor.exact)
        return real(anchor, text)

    monkeypatch.setattr(store_anchors, "reanchor", counted)
    first = {n.id: n.status for n in store.notes_for(new)}
    assert first == {lost.id: "orphaned", kept.id: "moved"}
    assert len(calls) == 2
    calls.clear()
    again = {n.id: n.status for n in Store(db).notes_for(new)}
    assert again[lost.id] == "orphaned"
    assert lost.anchor.exact not in calls  # not searched again: remembered
    # Another text (the passage is back): checked again, found, and the verdict dropped.
    back = Article.from_text(text, "Pier", "/news/pier.txt")
    store.add_article(back)
    third = {n.id: n.status for n in store.notes_for(back)}
    assert third[lost.id] == "anchored" and lost.anchor.exact in calls
    assert all(ORPHAN_CHECK not in doc for doc in store._raw_notes(back.sha256).values())
    # The remembered verdict never reaches an export or the note itself.
    assert all(ORPHAN_CHECK not in n.to_dict() for n in store.notes_for(back))


def test_editing_an_orphan_keeps_it_and_it_is_checked_again(tmp_path: Path) -> None:
    text = _long_text(2000)
    old = Article.from_text(text, "Pier", "/news/pier.txt")
    store = Store(tmp_path / "margin.json")
    store.add_article(old)
    note = store.add_note(store.new_note(old, 100, 160))
    new = Article.from_text(text[:90] + text[180:], "Pier", "/news/pier.txt")
    store.add_article(new)
    (orphan,) = store.notes_for(new)
    assert orphan.orphaned
    store.update_note(orphan.with_(body="still wanted"))
    (again,) = store.notes_for(new)
    assert again.id == note.id and again.orphaned and again.body == "still wanted"
