"""Re-anchoring notes after the article text changed (storage.anchoring)."""

from __future__ import annotations

import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from margin.storage.anchoring import _context_score, _myers, max_edits, reanchor
from margin.storage.model import QUOTE_CONTEXT, Anchor

TEXT = (
    "The harbour master said on Monday that the north channel would stay shut until the "
    "dredging is done. Fishing crews said the delay would cost them the spring season. "
    "A council spokesperson said the budget for the work was approved in March."
)


def _anchor(text: str, quote: str, nth: int = 0) -> Anchor:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return Anchor.from_text(text, start, start + len(quote))


def test_unchanged_text_is_anchored_in_place() -> None:
    a = _anchor(TEXT, "the north channel would stay shut")
    new, status = reanchor(a, TEXT)
    assert status == "anchored"
    assert new == a


def test_text_inserted_before_moves_the_anchor() -> None:
    a = _anchor(TEXT, "Fishing crews said")
    edited = "UPDATED 14:05. " + TEXT
    new, status = reanchor(a, edited)
    assert status == "moved"
    assert new is not None
    assert (new.start, new.end) == (a.start + 15, a.end + 15)
    assert edited[new.start : new.end] == "Fishing crews said"
    assert new.prefix == edited[new.start - QUOTE_CONTEXT : new.start]


def test_repeated_quote_is_told_apart_by_its_context() -> None:
    # "said" occurs three times; the note is on the second one.
    a = _anchor(TEXT, "said", nth=1)
    edited = TEXT.replace("The harbour master", "Late on Sunday night the harbour master")
    new, status = reanchor(a, edited)
    assert status == "moved"
    assert new is not None
    assert edited[new.start - 14 : new.end] == "Fishing crews said"


def test_context_beats_nearness() -> None:
    # After the edit a copy of the quote sits exactly at the old offsets, with other context;
    # the real passage, with its context, is further on.
    text = "Opening words of the piece. The vote passed narrowly, said the clerk. The end."
    a = _anchor(text, "The vote passed")
    junk = "zz " * 20
    edited = junk[: a.start] + "The vote passed" + " in another town entirely. " + text
    assert edited[a.start : a.end] == a.exact
    new, status = reanchor(a, edited)
    assert status == "moved"
    assert new is not None
    assert edited[new.start - 28 : new.end] == "Opening words of the piece. The vote passed"


def test_edited_quote_is_found_approximately() -> None:
    a = _anchor(TEXT, "the north channel would stay shut until the dredging is done")
    edited = TEXT.replace("would stay shut until", "will stay closed until")
    new, status = reanchor(a, "Correction appended. " + edited)
    assert status == "fuzzy"
    assert new is not None
    assert new.exact == "the north channel will stay closed until the dredging is done"


def test_rewritten_passage_is_orphaned_not_guessed() -> None:
    a = _anchor(TEXT, "Fishing crews said the delay would cost them the spring season.")
    edited = TEXT.replace(
        "Fishing crews said the delay would cost them the spring season.",
        "Boat owners were not available for comment.",
    )
    assert reanchor(a, edited) == (None, "orphaned")


def test_short_quote_is_never_matched_approximately() -> None:
    a = _anchor(TEXT, "dredging")
    assert max_edits(3) == 0
    short = Anchor(exact="zqx", prefix="", suffix="", start=3, end=6)
    assert reanchor(short, TEXT) == (None, "orphaned")
    assert reanchor(a, TEXT.replace("dredging", "DREDGING"))[1] in ("fuzzy", "orphaned")


def test_empty_text_orphans() -> None:
    a = _anchor(TEXT, "north channel")
    assert reanchor(a, "") == (None, "orphaned")


def test_myers_agrees_with_dynamic_programming() -> None:
    def dp(p: str, t: str, free: bool) -> list[int]:
        prev = list(range(len(p) + 1))
        out = []
        for j, c in enumerate(t):
            cur = [0 if free else j + 1]
            for i in range(1, len(p) + 1):
                cur.append(min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (p[i - 1] != c)))
            out.append(cur[-1])
            prev = cur
        return out

    rng = random.Random(7)
    for _ in range(400):
        p = "".join(rng.choice("abc") for _ in range(rng.randint(1, 10)))
        t = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 25)))
        for free in (True, False):
            assert _myers(p, t, free_start=free) == dp(p, t, free)


def test_one_megabyte_text_reanchors_quickly() -> None:
    rng = random.Random(3)
    words = [
        "the",
        "of",
        "council",
        "harbour",
        "said",
        "mayor",
        "vote",
        "bridge",
        "a",
        "in",
        "to",
        "and",
        "budget",
        "week",
    ]
    text = " ".join(rng.choice(words) for _ in range(210_000))
    assert len(text) > 1_000_000
    start = 600_000
    a = Anchor.from_text(text, start, start + 80)
    moved = text[:5000] + "A new paragraph was added here. " + text[5000:]
    fuzzy = moved[: start + 60] + "X" + moved[start + 61 :]
    orphan = Anchor(
        exact="nothing like this occurs in it at all", prefix="", suffix="", start=9, end=40
    )
    t0 = time.perf_counter()
    assert reanchor(a, text)[1] == "anchored"
    assert reanchor(a, moved)[1] == "moved"
    new, status = reanchor(a, fuzzy)
    assert status == "fuzzy" and new is not None and abs(new.start - (start + 32)) <= 2
    assert reanchor(orphan, text)[1] == "orphaned"
    short = Anchor.from_text(text, start, start + 3)  # a common word: many occurrences
    assert reanchor(short, moved)[1] in ("moved", "anchored")
    assert time.perf_counter() - t0 < 2.0


# -- properties ----------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "the",
        "a",
        "of",
        "said",
        "council",
        "mayor",
        "harbour",
        "vote",
        "bridge",
        "budget",
        "week",
        "on",
        "in",
        "and",
        "was",
        "to",
    ]
)
PUNCT = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "; "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=5, max_value=120))
    parts = []
    for _ in range(n):
        parts.append(draw(WORDS))
        parts.append(draw(PUNCT))
    return "".join(parts)


@st.composite
def edit_cases(draw: st.DrawFn) -> tuple[str, int, int, list[tuple[int, int, str]]]:
    """A text, a quote span, and edits (pos, deleted length, inserted) outside the quote and
    its stored context, applied right to left."""
    text = draw(texts())
    start = draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = draw(st.integers(min_value=start + 1, max_value=min(len(text), start + 60)))
    lo = max(0, start - QUOTE_CONTEXT)
    hi = min(len(text), end + QUOTE_CONTEXT)
    edits: list[tuple[int, int, str]] = []
    insert = st.text(alphabet="abcdefgh ,.XYZ\n", max_size=40)
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        if draw(st.booleans()) and lo > 0:  # before the context
            pos = draw(st.integers(min_value=0, max_value=lo))
            length = draw(st.integers(min_value=0, max_value=lo - pos))
        elif hi < len(text):  # after the context
            pos = draw(st.integers(min_value=hi, max_value=len(text)))
            length = draw(st.integers(min_value=0, max_value=len(text) - pos))
        else:
            continue
        edits.append((pos, length, draw(insert)))
    return text, start, end, edits


def _apply(text: str, start: int, edits: list[tuple[int, int, str]]) -> tuple[str, int]:
    """Apply non-overlapping edits right to left; return the new text and quote start."""
    chosen: list[tuple[int, int, str]] = []
    for pos, length, ins in sorted(edits, key=lambda e: -e[0]):
        if chosen and pos + length > chosen[-1][0]:
            continue  # overlaps an edit already applied further right
        chosen.append((pos, length, ins))
    for pos, length, ins in chosen:
        text = text[:pos] + ins + text[pos + length :]
        if pos + length <= start:
            start += len(ins) - length
    return text, start


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit_cases())
def test_quote_untouched_by_edits_is_found_at_its_new_place(case) -> None:
    text, start, end, edits = case
    anchor = Anchor.from_text(text, start, end)
    edited, new_start = _apply(text, start, edits)
    expected = Anchor.from_text(edited, new_start, new_start + (end - start))
    assert expected.exact == anchor.exact  # the quote itself survived
    new, status = reanchor(anchor, edited)
    assert new is not None, "a quote that still occurs was orphaned"
    assert status in ("anchored", "moved")
    assert edited[new.start : new.end] == anchor.exact
    window = anchor.prefix + anchor.exact + anchor.suffix
    if (
        edited.count(window) == 1
        and expected.prefix == anchor.prefix
        and (expected.suffix == anchor.suffix)
    ):
        # The quote with its whole stored context is unique: it must be that place.
        assert (new.start, new.end) == (expected.start, expected.end)
    else:
        # Otherwise it must be a place at least as well matched by its context.
        assert _context_score(anchor, edited, new.start, new.end) >= _context_score(
            anchor, edited, expected.start, expected.end
        )


@settings(max_examples=150, deadline=None)
@given(texts(), st.data())
def test_reanchor_never_returns_a_wrong_quote(text: str, data: st.DataObject) -> None:
    """Whatever the edit, a found anchor points at text equal to what it claims to hold, and
    an exact (anchored/moved) result holds the very quote."""
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=min(len(text), start + 50)))
    anchor = Anchor.from_text(text, start, end)
    pos = data.draw(st.integers(min_value=0, max_value=len(text)))
    length = data.draw(st.integers(min_value=0, max_value=len(text) - pos))
    ins = data.draw(st.text(alphabet="abc xyz.", max_size=20))
    edited = text[:pos] + ins + text[pos + length :]
    new, status = reanchor(anchor, edited)
    if new is None:
        assert status == "orphaned"
        return
    assert 0 <= new.start <= new.end <= len(edited)
    assert new.exact == edited[new.start : new.end]
    if status in ("anchored", "moved"):
        assert new.exact == anchor.exact
    else:
        assert status == "fuzzy"
        assert len(new.exact) > 0
