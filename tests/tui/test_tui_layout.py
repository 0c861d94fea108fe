"""Wrapping, span layers, find and entity grouping: the reader's pure parts."""

from __future__ import annotations

from margin.analysis.entity_list import list_entities, normalise_name
from margin.analysis.service.span_index import SpanLayer
from margin.model import Entity
from margin.tui.state.entity_index import EntityIndex
from margin.tui.state.find import find_all, is_case_sensitive, next_index
from margin.tui.widgets.text_layout import display_text, layout_text, wrap_paragraph


def lines_of(text: str, width: int, **kw: str) -> list[str]:
    layout = layout_text(text, width, **kw)
    out = []
    for i in range(layout.line_count):
        rng = layout.text_range(i)
        out.append(layout.header[i][1] if rng is None else text[rng[0] : rng[1]])
    return out


def test_wrap_by_words_keeps_offsets() -> None:
    text = "Hello world this is a test of wrapping."
    layout = layout_text(text, 10)
    assert lines_of(text, 10) == ["Hello", "world this", "is a test", "of", "wrapping."]
    # every character of every word is on exactly one line, at its own offset
    covered = " ".join(text[s:e] for s, e in zip(layout.starts, layout.ends, strict=True))
    assert covered == text


def test_paragraphs_get_one_blank_line_between_them() -> None:
    text = "First para.\nSecond para.\n\n\n\nThird."
    assert lines_of(text, 40) == ["First para.", "", "Second para.", "", "Third."]


def test_long_word_is_split_and_width_respected() -> None:
    text = "a " + "x" * 25 + " b"
    lines = lines_of(text, 10)
    assert lines == ["a", "x" * 10, "x" * 10, "x" * 5 + " b"]
    assert all(len(line) <= 10 for line in lines)


def test_wide_characters_count_two_cells() -> None:
    text = "日本語の文章です 日本語の文章です"
    spans = wrap_paragraph(text, 0, len(text), 10)
    assert [text[s:e] for s, e in spans] == ["日本語の文", "章です", "日本語の文", "章です"]


def test_header_and_line_of_offset() -> None:
    text = "Alpha beta gamma delta.\n\nEpsilon zeta."
    layout = layout_text(text, 12, title="A Title", meta="source.txt")
    assert layout.header == [("title", "A Title"), ("meta", "source.txt"), ("blank", "")]
    line = layout.line_of_offset(text.index("zeta"))
    rng = layout.text_range(line)
    assert rng is not None and "zeta" in text[rng[0] : rng[1]]
    assert layout.line_of_offset(0) == layout.header_count


def test_display_text_keeps_length() -> None:
    raw = "a\tb\rc\x00d\x1b[2J\x9b\u202ee\ne"
    shown = display_text(raw)
    assert len(shown) == len(raw) and shown == "a b␍c␀d␛[2J��e\ne"


def test_span_layer_finds_overlapping_spans_including_long_ones() -> None:
    layer = SpanLayer([(0, 100, "long"), (10, 12, "a"), (50, 55, "b"), (200, 210, "c")])
    assert [v for _, _, v in layer.overlapping(11, 20)] == ["long", "a"]
    assert [v for _, _, v in layer.overlapping(60, 90)] == ["long"]
    assert [v for _, _, v in layer.overlapping(100, 200)] == []
    layer.add_many([(95, 105, "d")])
    assert [v for _, _, v in layer.overlapping(100, 101)] == ["d"]


def test_find_smart_case_and_phrases_across_lines() -> None:
    text = "The Library opened. the library, LIBRARY.\nold\n  library"
    assert len(find_all(text, "library")) == 4
    assert find_all(text, "Library") == [(4, 11)]
    assert is_case_sensitive("Library") and not is_case_sensitive("library")
    assert find_all(text, "old library") == [(text.index("old"), len(text))]
    assert find_all(text, "   ") == []


def test_next_index_wraps() -> None:
    starts = [5, 20, 40]
    assert next_index(starts, 0) == 0
    assert next_index(starts, 5) == 1
    assert next_index(starts, 50) == 0
    assert next_index(starts, 20, forward=False) == 0
    assert next_index(starts, 3, forward=False) == 2
    assert next_index([], 3) is None


def test_entity_index_counts_the_mentions_of_a_group_together() -> None:
    text = "Mayor Ana Ruiz spoke. Ruiz said so. The World Health Organization and WHO met."

    def ent(s: str, label: str, group: str, after: int = 0) -> Entity:
        i = text.index(s, after)
        return Entity(i, i + len(s), label, s, group)

    entities = [
        ent("Ana Ruiz", "PERSON", "Ana Ruiz"),
        ent("Ruiz", "PERSON", "Ana Ruiz", text.index("spoke")),
        ent("World Health Organization", "ORG", "World Health Organization"),
        ent("WHO", "ORG", "World Health Organization"),
        ent("Ruiz", "GPE", "Ruiz", text.index("spoke")),  # same span again: ignored
    ]
    index = EntityIndex(entities)
    grouped = dict(index.grouped())
    assert [(e.name, e.count) for e in grouped["person"]] == [("Ana Ruiz", 2)]
    assert [(e.name, e.count) for e in grouped["org"]] == [("World Health Organization", 2)]
    assert grouped["org"][0].aliases == {"WHO"}
    assert "place" not in grouped
    listed = list_entities(entities)
    assert [(e.key, e.count) for e in listed] == [
        (e.key, e.count) for _, entries in index.grouped() for e in entries
    ]


def test_entity_index_lists_ungrouped_mentions_by_their_own_name() -> None:
    # mentions streamed before the document was resolved carry no group
    text = "Becker spoke first. The Council's vote. Later Tom Becker and the Council left."
    at = text.index
    index = EntityIndex(
        [
            Entity(0, 6, "PERSON", "Becker"),
            Entity(at("The Council's"), at("The Council's") + 13, "ORG", "The Council's"),
            Entity(at("Tom Becker"), at("Tom Becker") + 10, "PERSON", "Tom Becker"),
            Entity(at("the Council"), at("the Council") + 11, "ORG", "the Council"),
        ]
    )
    grouped = dict(index.grouped())
    assert sorted((e.name, e.count) for e in grouped["person"]) == [
        ("Becker", 1),
        ("Tom Becker", 1),
    ]
    assert [(e.name, e.count) for e in grouped["org"]] == [("Council", 2)]
    assert normalise_name("the Council's") == "Council"
    assert normalise_name("10 p.m.") == "10 p.m."


def test_claim_rows_name_beliefs_and_intentions() -> None:
    from margin.analysis.service.compact import ClaimTable
    from margin.model import Claim, Speaker, TextSpan
    from margin.tui.widgets.claims_panel import claim_row_lines

    text = "Kim believes that taxes rise. Lee plans to cut taxes."
    claims = [
        Claim(
            "reported",
            TextSpan.of(text, 13, 28),
            Speaker(0, 3, "Kim"),
            TextSpan.of(text, 4, 12),
            flags=("mental",),
        ),
        Claim(
            "reported",
            TextSpan.of(text, 40, 52),
            Speaker(30, 33, "Lee"),
            TextSpan.of(text, 34, 39),
            flags=("mental", "intent"),
        ),
    ]
    table = ClaimTable(text, claims)
    heads = [claim_row_lines(table, row, 60)[0].plain for row in range(2)]
    assert "(belief)" in heads[0] and "(intent)" not in heads[0]
    assert "(intent)" in heads[1] and "(belief)" not in heads[1]


def test_claim_rows_name_the_speaker_by_its_group() -> None:
    from margin.analysis.service.compact import ClaimTable, ReaderAnalysis
    from margin.model import Claim, Speaker, TextSpan
    from margin.tui.widgets.claims_panel import claim_row_lines, row_matches

    text = "Mayor Ana Ruiz said it works. Ruiz said it was cheap. She said it was done."
    ruiz, she = text.index("Ruiz said"), text.index("She")
    claims = [
        Claim(
            "reported",
            TextSpan.of(text, 20, 28),
            Speaker(0, 14, "Mayor Ana Ruiz", None, "Ana Ruiz"),
        ),
        Claim(
            "reported", TextSpan.of(text, 40, 53), Speaker(ruiz, ruiz + 4, "Ruiz", None, "Ana Ruiz")
        ),
        Claim(
            "reported",
            TextSpan.of(text, 64, 75),
            Speaker(ruiz, ruiz + 4, "Ruiz", TextSpan.of(text, she, she + 3), "Ana Ruiz"),
        ),
    ]
    table = ClaimTable(text, claims)
    heads = [claim_row_lines(table, row, 60)[0].plain for row in range(3)]
    assert all(head.split(" ", 1)[1].startswith("Ana Ruiz") for head in heads)
    assert "(She)" in heads[2] and "(" not in heads[0] + heads[1]
    assert all(row_matches(table, row, None, "ana ruiz") for row in range(3))
    assert row_matches(table, 0, None, "mayor")  # the words as written still match
    # the group survives the trip to the reader (the analysis process's payload)
    data = ReaderAnalysis(text)
    data.claims.extend(claims)
    back = ReaderAnalysis.from_payload(data.to_payload(), text)
    assert [c.speaker.group for c in back.claims if c.speaker] == ["Ana Ruiz"] * 3
    assert list(back.claims) == claims


def test_status_legend_shortens_before_it_drops_names() -> None:
    from margin.tui.widgets.status_bar import StatusBar

    bar = StatusBar()
    full = bar._legend(True, 0).plain
    short = bar._legend(True, 1).plain
    dots = bar._legend(True, 2).plain
    assert "people" in full and "organisations" in full
    assert "pers" in short and "org" in short and len(short) < len(full)
    assert dots.replace(" ", "") == "●" * 5
