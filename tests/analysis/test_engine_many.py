"""Many texts through one ``nlp.pipe``: the same analyses as one at a time, in order."""

from __future__ import annotations

from typing import Any

from tui_fixtures import reader_article

from margin.analysis.engine import analyze, analyze_many

TEXTS = [
    reader_article().text,
    "",
    "   \n\n  ",
    '"The tunnel will open in March," the minister said.\n\n'
    '"It will not," said the union\'s leader, Ada Brandt. "Not this year.\n\n'
    'Not with these crews," she added.',
    "Short one. The port said nothing.",
]


def test_many_texts_in_one_stream_are_analysed_as_one_at_a_time(nlp: Any) -> None:
    items = list(enumerate(TEXTS))
    got = list(analyze_many(items, nlp, text_of=lambda item: item[1], batch_size=3))
    assert [item for item, _ in got] == items  # in order, each once
    for (_, text), (_, analysis) in zip(items, got, strict=True):
        assert analysis == analyze(text, nlp)
    quoted = got[3][1]
    assert any(c.speaker and c.speaker.text == "Ada Brandt" for c in quoted.claims)


def test_items_are_read_lazily_a_batch_ahead(nlp: Any) -> None:
    read: list[int] = []

    def items():
        for i in range(6):
            read.append(i)
            yield f"Story {i}. The council met on Tuesday."

    stream = analyze_many(items(), nlp, batch_size=2)
    first = next(stream)
    assert first[0] == "Story 0. The council met on Tuesday."
    assert len(read) < 6  # not the whole input before the first result
    assert len(list(stream)) == 5
