"""Markdown export in the shape Obsidian, Logseq and Readwise users expect.

YAML front matter; ``# Title``; ``## Highlights`` in reading order (each a blockquote of the
exact passage, then the note, its ``#tags``, a hidden ``%% colour %%`` comment and a link back
to the passage); orphaned notes apart; optional ``## Claims`` and ``## Entities``; and at the
end the :data:`USER_MARKER` line, below which the user's own writing survives a re-export.

What the article and the user wrote can never break the document's structure: raw HTML is
escaped (``\\<``), ``%%`` (an Obsidian comment) is split (``%\\%``), block syntax at the start of
a passage's line is escaped, a note body keeps its Markdown but not headings, rules or an
unclosed code fence (closed at the end of the body), and controls, bidi overrides and
zero-width characters are shown, not obeyed (:func:`margin.sanitize.clean_text`).
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote

from margin.analysis.entity_list import list_entities
from margin.export.document import ExportDocument
from margin.export.links import is_web_source, offsets_label, text_fragment_url
from margin.model import Analysis, Article, Claim
from margin.sanitize import clean_text, escape_json
from margin.sources.shared_name import names_nothing
from margin.storage.model import Note
from margin.styles.entities import ENTITY_GROUPS, HIGHLIGHT_COLOURS

USER_MARKER = "%% margin: user notes below %%"
"""The line after which a re-export keeps what the user wrote (an Obsidian comment: hidden)."""

_BLOCK_START = re.compile(r"^(\s*)([#>+*=-]|\d+[.)]|```|~~~)")
_TAG_BAD = re.compile(r"[^\w/-]+")
_UNESCAPED_LT = re.compile(r"(?<!\\)((?:\\\\)*)<")
"""A ``<`` not already escaped by a backslash (an even run of backslashes before it)."""
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_RULE_OR_UNDERLINE = re.compile(r"^( {0,3})([-_*=])(?=[-_*=\s]*$)")
"""A thematic break (``---``, ``***``, ``___``) or a setext underline (``===``, ``-``)."""
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_URL_SAFE = ":/?#[]@!$&'*+,;=%~"
"""What stays as is in a link's URL (spaces, parentheses, ``<>`` and the rest are encoded)."""


def escape_inline(text: str) -> str:
    """``text`` with raw HTML escaped (``<`` → ``\\<``) and every ``%%`` split (``%\\%``), so
    nothing in it opens an HTML block, a tag, a ``<!--`` comment or an Obsidian comment.
    Code spans are left as they are (``<`` in them is literal already)."""
    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape_plain(text[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
    out.append(_escape_plain(text[pos:]))
    return "".join(out)


def _escape_plain(text: str) -> str:
    text = _UNESCAPED_LT.sub(lambda m: m.group(1) + "\\<", text)
    return re.sub(r"(?<=%)%", r"\\%", text)


def split_previous(previous: str | None) -> str:
    """What the user wrote below :data:`USER_MARKER` in an earlier export ('' if none)."""
    if not previous:
        return ""
    lines = previous.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip() == USER_MARKER:
            return "".join(lines[i + 1 :])
    return ""


def has_user_marker(text: str) -> bool:
    """Whether ``text`` is a margin Markdown export (it has the :data:`USER_MARKER` line)."""
    return any(line.strip() == USER_MARKER for line in text.splitlines())


def markdown_tag(tag: str) -> str:
    """``tag`` as an Obsidian/Logseq ``#tag`` body: no spaces or punctuation but ``_ - /``."""
    cleaned = _TAG_BAD.sub("-", tag.strip().lstrip("#").replace(" ", "-")).strip("-")
    return cleaned or "tag"


def _yaml_str(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar (and both read \u escapes).
    return escape_json(json.dumps(value, ensure_ascii=False)).replace("%%", "%\\u0025")


def _front_matter(doc: ExportDocument) -> list[str]:
    art = doc.article
    tags = list(dict.fromkeys(markdown_tag(t) for t in doc.tags))
    lines = [
        "---",
        f"title: {_yaml_str(art.title)}",
        f"source: {_yaml_str(art.source)}",
        f"sha256: {art.sha256}",
        f"exported: {doc.exported}",
        f"tags: [{', '.join(_yaml_str(t) for t in tags)}]",
        f"highlights: {doc.highlight_count}",
        f"notes: {doc.note_count}",
        f"orphaned: {len(doc.orphaned)}",
    ]
    if doc.claims_wanted and doc.analysis is not None:
        lines.append(f"claims: {len(doc.analysis.claims)}")
    if doc.entities_wanted and doc.analysis is not None:
        lines.append(f"entities: {len(doc.analysis.entities)}")
    lines.append("---")
    return lines


def _quote_line(line: str) -> str:
    line = line.rstrip().replace("\\", "\\\\")  # the article's text, not Markdown
    if not line:
        return ">"
    line = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
    return "> " + escape_inline(line)


def blockquote(text: str) -> list[str]:
    """``text`` as Markdown blockquote lines (block syntax at line starts escaped)."""
    lines = text.strip("\n").split("\n")
    return [_quote_line(line) for line in lines]


def _body(body: str) -> list[str]:
    """A note body's lines: the user's Markdown, kept inside the note's block (raw HTML and
    ``%%`` escaped, headings and rules escaped, an unclosed code fence closed)."""
    body = body.strip("\n").replace(USER_MARKER, "%% margin: user notes below (quoted) %%")
    out: list[str] = []
    fence: str | None = None
    for line in body.split("\n"):
        if fence is not None:
            out.append(line)
            closing = _FENCE.match(line)
            if closing and closing.group(1).startswith(fence) and not closing.group(2).strip():
                fence = None
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = opening.group(1)
            out.append(line)
            continue
        line = _HEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
        line = _RULE_OR_UNDERLINE.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
        out.append(escape_inline(line))
    if fence is not None:
        out.append(fence)  # close it here: it must not swallow the notes after this one
    return out


def colour_comment(colour: int | None) -> str | None:
    """``%% colour: 2 (green) %%`` (hidden by Obsidian), or ``None`` without a colour."""
    if colour is None:
        return None
    name = HIGHLIGHT_COLOURS.get(colour, (f"colour {colour}",))[0]
    return f"%% colour: {colour} ({name}) %%"


def link_back(article: Article, note: Note) -> str:
    """A link to the passage: a text-fragment URL for web articles, else path and offsets."""
    if is_web_source(article.source):
        url = text_fragment_url(article.source, note.anchor, article_text=article.text)
        return f"[↗ source]({quote(url, safe=_URL_SAFE)})"
    where = offsets_label(note.anchor)
    if not names_nothing(article.source):
        return f"`{' '.join(article.source.replace('`', '').split())}` · {where}"
    return where


def _note_block(article: Article, note: Note, *, link: bool = True) -> list[str]:
    out: list[str] = []
    if note.anchor.exact.strip():
        out += blockquote(note.anchor.exact)
        out.append("")
    if not note.is_highlight:
        out += _body(note.body)
        out.append("")
    parts = [" ".join(f"#{markdown_tag(t)}" for t in note.tags)] if note.tags else []
    if link:
        parts.append(link_back(article, note))
    line = " · ".join(parts)
    comment = colour_comment(note.colour)
    if comment:
        line = f"{line} {comment}".strip()
    if line:
        out += [line, ""]
    return out


def _cell(text: str | None) -> str:
    if not text:
        return "—"
    return escape_inline(" ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|"))


def speaker_label(claim: Claim) -> str:
    """Who a claim is attributed to (its entity group's name), with the words as written
    when they are a pronoun or a description (*He*, *the company*)."""
    sp = claim.speaker
    if sp is None:
        return ""
    if sp.original is not None and sp.original.text.casefold() not in sp.label.casefold():
        return f"{sp.label} (“{sp.original.text}”)"
    return sp.label


def claims_section(analysis: Analysis | None, error: str | None) -> list[str]:
    """``## Claims`` as a table: kind, speaker, cue, claim (``|`` escaped)."""
    out = ["## Claims", ""]
    if analysis is None:
        why = escape_inline(" ".join((error or "the article was not analysed").split()))
        out += [f"_Claims unavailable: {why}._", ""]
        return out
    if not analysis.claims:
        out += ["_No claims found._", ""]
        return out
    out += ["| Kind | Speaker | Cue | Claim |", "| --- | --- | --- | --- |"]
    for claim in sorted(analysis.claims, key=lambda c: (c.content.start, c.content.end)):
        cue = claim.cue.text if claim.cue else ""
        out.append(
            f"| {claim.kind} | {_cell(speaker_label(claim))} | {_cell(cue)} | "
            f"{_cell(claim.content.text)} |"
        )
    out.append("")
    return out


def entities_section(analysis: Analysis | None, error: str | None) -> list[str]:
    """``## Entities``: one ``###`` per kind, each entity (:func:`list_entities`) with its
    mention count."""
    out = ["## Entities", ""]
    if analysis is None:
        why = escape_inline(" ".join((error or "the article was not analysed").split()))
        out += [f"_Entities unavailable: {why}._", ""]
        return out
    if not analysis.entities:
        out += ["_No entities found._", ""]
        return out
    listed = list_entities(analysis.entities)
    for group in ENTITY_GROUPS:
        entries = [e for e in listed if e.kind == group.key]
        if not entries:
            continue
        out += [f"### {group.name} ({sum(e.count for e in entries)})", ""]
        for entry in entries:
            out.append(f"- {_quote_line(entry.name)[2:]} ({entry.count})")
        out.append("")
    return out


def render_document(doc: ExportDocument, *, previous: str | None = None) -> str:
    """Render an :class:`ExportDocument` as Markdown (see
    :func:`margin.export.api.export_article`)."""
    art = doc.article
    out = _front_matter(doc)
    out += ["", f"# {escape_inline(' '.join(art.title.split())) or 'Untitled'}", ""]
    out += ["## Highlights", ""]
    if not doc.placed:
        out += ["_No highlights yet._", ""]
    for note in doc.placed:
        out += _note_block(art, note)
    if doc.orphaned:
        out += [
            "## Orphaned notes",
            "",
            "_These passages were not found in the current text of the article; "
            "each quote is the passage as it was when the note was made._",
            "",
        ]
        for note in doc.orphaned:
            out += _note_block(art, note, link=False)
    if doc.verdicts:
        from margin.export.verdict_sections import verdicts_markdown

        out += verdicts_markdown(doc)
    if doc.claims_wanted:
        out += claims_section(doc.analysis, doc.analysis_error)
    if doc.entities_wanted:
        out += entities_section(doc.analysis, doc.analysis_error)
    out.append(USER_MARKER)
    text = clean_text("\n".join(out) + "\n")
    return text + split_previous(previous)
