"""A whole article on one line is analysed in paragraph-sized blocks, cut at sentence ends,
with exact offsets; ordinary paragraphs are left whole."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from margin.analysis import engine
from margin.analysis.blocks import BLOCK_PIECE_CHARS, LONG_BLOCK_CHARS, split_blocks

SENTENCES = [
    "Mr. Okafor said the harbour would reopen in May.",
    "The U.S. Coast Guard inspected the north pier on Tuesday.",
    "Dr. Lenz, who leads the survey, called the damage “worse than feared.”",
    "Repairs will cost 4.5 million euros, the council said!",
    "Why did nobody warn the crews?",
    "Ferries now use the south landing at 6 a.m. on weekdays.",
]


def _one_line(chars: int) -> str:
    parts = [f"{s} ({i})" if i % 3 else s for i, s in enumerate(itertools.islice(
        itertools.cycle(SENTENCES), chars // 40 + 1))]  # fmt: skip
    return " ".join(parts)[:chars].rsplit(" ", 1)[0] + "."


def _assert_cover(text: str, blocks: list[tuple[int, int]]) -> None:
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text)
    for (_s1, e1), (s2, _e2) in itertools.pairwise(blocks):
        assert e1 == s2


@pytest.mark.parametrize("chars", [60_000, 1_000_000])  # 1 MB on one line peaked at 2.8 GB
def test_one_long_line_becomes_paragraph_sized_blocks_cut_at_sentence_ends(chars: int) -> None:
    text = _one_line(chars)
    assert "\n" not in text
    blocks = split_blocks(text)
    _assert_cover(text, blocks)
    assert len(blocks) >= chars // BLOCK_PIECE_CHARS
    assert all(e - s <= BLOCK_PIECE_CHARS for s, e in blocks)
    for s, e in blocks[:-1]:
        before, after = text[s:e].rstrip(), text[e:]
        assert before.endswith((".", "!", "?", ".”", ")")), before[-30:]
        # never after a title or an initialism, never before a lower-case word
        assert not before.endswith(("Mr.", "Dr.", "U.S.", "a.m.")), before[-30:]
        assert after[:1].isupper() or after[:1] in '“"(' or after[:1].isdigit(), after[:30]


def test_ordinary_paragraphs_are_left_whole() -> None:
    para = _one_line(LONG_BLOCK_CHARS - 200)
    text = f"{para}\n\n{para}\n\nShort closing paragraph."
    blocks = split_blocks(text)
    assert [text[s:e].strip() for s, e in blocks] == [para, para, "Short closing paragraph."]


def test_a_long_sentence_without_ends_is_still_cut_at_spaces() -> None:
    text = " ".join(["word"] * 5000)  # 25,000 characters, no sentence end at all
    blocks = split_blocks(text)
    _assert_cover(text, blocks)
    assert all(e - s <= BLOCK_PIECE_CHARS for s, e in blocks)
    assert all(text[e - 1] == " " for _s, e in blocks[:-1])


class _Recording:
    """The real pipeline, recording the texts and batch sizes ``pipe`` is given."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self.texts: list[str] = []
        self.batches: list[int] = []

    def pipe(self, texts: Any, batch_size: int) -> Any:
        self.batches.append(batch_size)
        recorded = list(texts)
        self.texts.extend(recorded)
        return self._nlp.pipe(recorded, batch_size=batch_size)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


@pytest.mark.slow
def test_the_engine_analyses_a_long_line_in_pieces_with_exact_offsets(nlp: Any) -> None:
    text = _one_line(30_000)
    recording = _Recording(nlp)
    result = engine.analyze(text, recording)  # type: ignore[arg-type]
    assert "".join(recording.texts) == text  # every piece, in order, nothing lost
    assert len(recording.texts) >= 15 and max(map(len, recording.texts)) <= BLOCK_PIECE_CHARS
    assert all(b * BLOCK_PIECE_CHARS <= 2 * engine.BATCH_CHARS for b in recording.batches)
    for s, e in result.sentences:
        assert text[s:e] == text[s:e].strip() and s < e
    for ent in result.entities:
        assert text[ent.start : ent.end] == ent.text
    for claim in result.claims:
        assert text[claim.content.start : claim.content.end] == claim.content.text
    ends = [text[s:e] for s, e in result.sentences]
    assert (
        sum(t.endswith("Repairs will cost 4.5 million euros, the council said!") for t in ends) > 50
    )
    assert any(ent.text == "Okafor" for ent in result.entities)
