"""Markdown export of hostile notes: what the article and the user wrote never breaks the
document's structure (rendered with markdown-it-py, as a Markdown app would)."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from margin.export.api import export_article
from margin.export.markdown import USER_MARKER, has_user_marker, split_previous
from margin.model import Analysis, Article, Claim, Entity, Speaker, TextSpan
from margin.storage.model import Anchor, Note

EXPORTED = "2024-05-01T10:00:00Z"

HOSTILE = [
    "<script>alert('body')</script>",
    "<img src=x onerror=alert(1)> inline",
    "```\nan unclosed fence",
    "~~~~ python\nanother unclosed fence",
    "<!-- an unclosed comment",
    "%% an unclosed Obsidian comment",
    "# A heading\n## Highlights\nSetext heading\n===\n---\n***",
    f"tricky\n{USER_MARKER}\nend",
    "a \\<b>bold\\</b> try with a backslash \\\\<i>and two</i>",
    "<div>\n\nblock html\n\n</div>",
    "[ref]: https://evil.example\n<https://autolink.example>",
]
"""Each is used as a passage, a note body and (flattened) a tag, a speaker and a name."""

TITLE = "Title <b>with</b> %% html # and a heading"


def hostile_article() -> tuple[Article, list[Note], Analysis]:
    parts = [f"Paragraph {i}: {h}" for i, h in enumerate(HOSTILE)]
    text = "\n\n".join(parts)
    article = Article.from_text(text, TITLE, "https://news.example.org/a b<c>")
    notes = []
    pos = 0
    for i, part in enumerate(parts):
        start = text.index(part, pos)
        pos = start + len(part)
        notes.append(
            Note(
                f"{i:02d}" * 16,
                article.sha256,
                Anchor.from_text(text, start, pos),
                body=HOSTILE[(i + 1) % len(HOSTILE)],
                tags=(f"note{i}", HOSTILE[i].split("\n")[0]),
                colour=1 + i % 5,
            )
        )
    notes.append(
        Note(
            "ff" * 16,
            article.sha256,
            Anchor("<!-- orphan\n```", "", "", 0, 5),
            body="```\n<!--",
            tags=("orphan",),
            status="orphaned",
        )
    )
    claims = []
    entities = []
    for h in HOSTILE:
        start = text.index(h)
        span = TextSpan.of(text, start, start + len(h))
        claims.append(Claim("quote", span, Speaker(span.start, span.end, h), span))
        entities.append(Entity(span.start, span.end, "PERSON", h))
    analysis = Analysis(sentences=[(0, len(text))], entities=entities, claims=claims)
    return article, notes, analysis


def render(previous: str | None = None) -> str:
    article, notes, analysis = hostile_article()
    return export_article(
        article, notes, analysis=analysis, what="all", exported_at=EXPORTED, previous=previous
    )


def tokens(markdown: str) -> list[Token]:
    """The document after its YAML front matter, parsed with raw HTML allowed (the most
    permissive Markdown app)."""
    assert markdown.startswith("---\n")
    body = markdown.split("\n---\n", 1)[1]
    return MarkdownIt("commonmark", {"html": True}).parse(body)


def walk(toks: list[Token]) -> list[Token]:
    out = []
    for tok in toks:
        out.append(tok)
        if tok.children:
            out.extend(walk(tok.children))
    return out


def test_no_raw_html_survives() -> None:
    kinds = {t.type for t in walk(tokens(render()))}
    assert "html_block" not in kinds and "html_inline" not in kinds


def test_every_note_is_still_its_own_block() -> None:
    out = render()
    toks = tokens(out)
    # The top-level paragraphs holding each note's tags, in reading order, then the orphan.
    tag_lines = [
        toks[i + 1].content
        for i, t in enumerate(toks)
        if t.type == "paragraph_open" and t.level == 0 and "↗ source" in toks[i + 1].content
    ]
    wanted = [f"#note{i}" for i in range(len(HOSTILE))]
    assert [re.search(r"#note\d+", line).group() for line in tag_lines] == wanted
    assert "#orphan" in out.split("## Orphaned notes", 1)[1]
    # The only headings are margin's own.
    headings = [toks[i + 1].content for i, t in enumerate(toks) if t.type == "heading_open"]
    assert headings[0].startswith("Title")
    assert headings[1:] == [
        "Highlights",
        "Orphaned notes",
        "Claims",
        "Entities",
        "People (11)",
    ]
    # No code block swallows what follows it, and the table has one row per claim.
    for tok in toks:
        if tok.type in ("fence", "code_block"):
            assert "#note" not in tok.content and "## " not in tok.content
    table = out.split("## Claims", 1)[1].split("## Entities", 1)[0]
    assert len([line for line in table.splitlines() if line.startswith("| quote |")]) == len(
        HOSTILE
    )
    # The last generated block is the marker line.
    last = [t for t in toks if t.type == "inline" and t.level == 1][-1]
    assert last.content == USER_MARKER


def test_obsidian_comments_come_only_from_margin() -> None:
    out = render()
    for line in out.splitlines():
        if "%%" in line:
            assert line == USER_MARKER or re.search(r"%% colour: \d \(\w+\) %%$", line), line
            assert line.count("%%") == 2, line


def test_reexport_keeps_the_users_writing_and_the_marker_once() -> None:
    first = render()
    assert has_user_marker(first) and first.count(USER_MARKER) == 1
    mine = "\nMy follow-up:\n- call the council\n"
    second = render(previous=first + mine)
    assert second.count(USER_MARKER) == 1
    assert split_previous(second) == mine


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_controls_are_shown_not_obeyed(fmt: str) -> None:
    text = "Intro \x1b]52;c;aGk=\x07 and \u202eevil\u202c and \x9b2J here."
    article = Article.from_text(text, "T\x1b]0;x\x07", "/tmp/t.txt")
    note = Note("ab" * 16, article.sha256, Anchor.from_text(text, 0, len(text)), body="b\x1b[2J")
    out = export_article(article, [note], fmt=fmt, exported_at=EXPORTED)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", out)
    assert "␛]52;c;aGk=␇" in out and "⟨U+202E⟩evil" in out and "⟨U+009B⟩2J" in out
