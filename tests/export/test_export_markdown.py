"""Markdown export: the golden file, re-export keeping the user's writing, escaping, links."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from export_samples import ARTICLE, EXPORTED, TEXT, analysis, anchor, notes

from margin.export.api import export_article
from margin.export.links import encode_fragment_part, text_fragment_url
from margin.export.markdown import USER_MARKER, split_previous
from margin.model import Analysis, Article, Claim, Speaker, TextSpan
from margin.storage.model import Anchor, Note

render_markdown = partial(export_article, fmt="md")

GOLDEN = Path(__file__).parent / "golden" / "bridge-notes.md"


def test_matches_golden_file() -> None:
    expected = GOLDEN.read_text(encoding="utf-8").replace("{sha256}", ARTICLE.sha256)
    got = render_markdown(ARTICLE, notes(), analysis=analysis(), what="all", exported_at=EXPORTED)
    assert got == expected


def test_reexport_keeps_what_the_user_wrote_below_the_marker() -> None:
    first = render_markdown(ARTICLE, notes(), exported_at=EXPORTED)
    edited = first + "\nMy own follow-up:\n- call the council\n"
    fewer = notes()[:2]
    second = render_markdown(ARTICLE, fewer, exported_at="2024-06-01T00:00:00Z", previous=edited)
    head, _, tail = second.partition(USER_MARKER + "\n")
    assert tail == "\nMy own follow-up:\n- call the council\n"
    assert "2024-06-01T00:00:00Z" in head
    assert "Mayor Jane Doe" not in head  # the dropped note is gone from the generated part
    # Re-exporting again changes nothing below the marker, and the marker appears once.
    third = render_markdown(ARTICLE, fewer, exported_at=EXPORTED, previous=second)
    assert third.count(USER_MARKER) == 1
    assert third.endswith(tail)


def test_marker_is_always_the_last_generated_line() -> None:
    text = render_markdown(ARTICLE, [], exported_at=EXPORTED)
    assert text.endswith(USER_MARKER + "\n")
    assert "_No highlights yet._" in text
    assert split_previous("no marker here") == ""


def test_marker_inside_a_note_body_does_not_split_the_file() -> None:
    body = f"tricky\n{USER_MARKER}\nend"
    note = Note("n", ARTICLE.sha256, anchor("Critics"), body=body)
    text = render_markdown(ARTICLE, [note], exported_at=EXPORTED)
    assert text.count(USER_MARKER) == 1
    assert split_previous(text + "kept\n") == "kept\n"


def test_highlights_only_leaves_out_notes_with_a_body() -> None:
    text = render_markdown(ARTICLE, notes(), what="highlights", exported_at=EXPORTED)
    assert "> Mayor Jane Doe" in text
    assert "Contract says" not in text
    assert "notes: 0" in text
    assert "## Claims" not in text


def test_multiline_quote_and_block_syntax_are_escaped() -> None:
    text = "Intro line.\n\n# not a heading\n- not a list\n\nEnd."
    art = Article.from_text(text, "T", "/tmp/t.txt")
    note = Note("n", art.sha256, Anchor.from_text(text, 0, text.index("End")), body="ok")
    out = render_markdown(art, [note], exported_at=EXPORTED)
    assert "> Intro line.\n>\n> \\# not a heading\n> \\- not a list\n" in out
    # A file source links back with its file name (not its folders) and character offsets.
    assert "`t.txt` · characters 0–" in out and "/tmp" not in out


def test_claims_table_escapes_pipes_and_newlines() -> None:
    text = 'She said "a | b\nc" today.'
    art = Article.from_text(text, "Pipes", "/tmp/p.txt")
    content = TextSpan.of(text, 10, 17)
    claim = Claim("quote", content, Speaker(0, 3, "She|X"), TextSpan.of(text, 4, 8))
    analysis_ = Analysis(sentences=[(0, len(text))], entities=[], claims=[claim])
    out = render_markdown(art, [], analysis=analysis_, what="claims", exported_at=EXPORTED)
    row = next(line for line in out.splitlines() if line.startswith("| quote"))
    assert row == "| quote | She\\|X | said | a \\| b c |"
    assert row.count(" | ") == 3  # still four cells


def test_failed_analysis_is_said_in_the_output() -> None:
    out = render_markdown(
        ARTICLE, notes(), what="all", exported_at=EXPORTED, analysis_error="no spaCy model"
    )
    assert "_Claims unavailable: no spaCy model._" in out
    assert "_Entities unavailable: no spaCy model._" in out
    assert "> Mayor Jane Doe" in out


def test_text_fragment_encoding() -> None:
    assert encode_fragment_part("a-b, c&d") == "a%2Db%2C%20c%26d"
    # A quote over several lines becomes a start,end range; unique text needs no context.
    start = TEXT.index("Doe said.")
    multi = Anchor.from_text(TEXT, start, TEXT.index("Critics disagree.") + 17)
    url = text_fragment_url("https://x.org/a#top", multi, article_text=TEXT)
    assert url == "https://x.org/a#top:~:text=Doe%20said.,Critics%20disagree."
    # A long one-line quote whose first words recur gets context words around it.
    text = (
        "Budget talks began. The minister said the budget would be balanced by next spring "
        "at the very latest, aides confirmed. The minister said the talks would go on."
    )
    start = text.index("The minister")
    end = text.index("confirmed.") + len("confirmed.")
    long_anchor = Anchor.from_text(text, start, end)
    assert len(long_anchor.exact) > 80
    url = text_fragment_url("https://x.org/a", long_anchor, article_text=text)
    assert url == (
        "https://x.org/a#:~:text=Budget%20talks%20began.-,The%20minister%20said%20the,"
        "very%20latest%2C%20aides%20confirmed.,-The%20minister%20said%20the"
    )
    # An existing directive is replaced, not appended to.
    again = text_fragment_url(
        "https://x.org/a#top:~:text=old", anchor("Critics"), article_text=TEXT
    )
    assert again == "https://x.org/a#top:~:text=Critics"
