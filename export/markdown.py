"""Markdown export in the shape Obsidian, Logseq and Readwise users expect.

YAML front matter; ``# Title``; ``## Highlights`` in reading order (each a blockquote of the
exact passage, then the note, its ``#tags``, a hidden ``%% colour %%`` comment and a link back
to the passage); orphaned notes apart; optional ``## Claims`` and ``## Entities``; and at the
end the :data:`USER_MARKER` line, below which the user's own writing survives a re-export.
"""

from __future__ import annotations

import json
import re

from analysis.entity_list import list_entities
from analysis.model import Analysis, Article, Claim
from export.document import ExportDocument
from export.links import is_web_source, offsets_label, text_fragment_url
from storage.model import Note
from styles.entities import ENTITY_GROUPS, HIGHLIGHT_COLOURS

USER_MARKER = "%% margin: user notes below %%"
"""The line after which a re-export keeps what the user wrote (an Obsidian comment: hidden)."""

_BLOCK_START = re.compile(r"^(\s*)([#>+*=-]|\d+[.)]|```|~~~)")
_TAG_BAD = re.compile(r"[^\w/-]+")


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
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


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
    line = line.rstrip()
    if not line:
        return ">"
    line = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line, count=1)
    return "> " + line


def blockquote(text: str) -> list[str]:
    """``text`` as Markdown blockquote lines (block syntax at line starts escaped)."""
    lines = text.strip("\n").split("\n")
    return [_quote_line(line) for line in lines]


def _body(body: str) -> list[str]:
    body = body.strip("\n").replace(USER_MARKER, "%% margin: user notes below (quoted) %%")
    return body.split("\n")


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
        return f"[↗ source]({url.replace(')', '%29').replace(' ', '%20')})"
    where = offsets_label(note.anchor)
    if article.source and article.source not in ("-", "<stdin>"):
        return f"`{article.source.replace('`', '')}` · {where}"
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
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


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
        out += [f"_Claims unavailable: {error or 'the article was not analysed'}._", ""]
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
        out += [f"_Entities unavailable: {error or 'the article was not analysed'}._", ""]
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
            out.append(f"- {entry.name} ({entry.count})")
        out.append("")
    return out


def render_document(doc: ExportDocument, *, previous: str | None = None) -> str:
    """Render an :class:`ExportDocument` as Markdown (see :func:`export.api.export_article`)."""
    art = doc.article
    out = _front_matter(doc)
    out += ["", f"# {' '.join(art.title.split()) or 'Untitled'}", ""]
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
    if doc.claims_wanted:
        out += claims_section(doc.analysis, doc.analysis_error)
    if doc.entities_wanted:
        out += entities_section(doc.analysis, doc.analysis_error)
    out.append(USER_MARKER)
    text = "\n".join(out) + "\n"
    return text + split_previous(previous)
