"""Markdown to plain reading text, with markdown-it-py.

The result reads like the rendered page, not like its source:

* headings are lines of their own (without the ``#``), paragraphs are separated by a blank line
  and a paragraph's soft line breaks become spaces (wrapping is the view's business);
* bullet lists become ``• item`` lines, ordered lists ``1. item`` lines, nested lists are
  indented by two spaces per level;
* emphasis, links and images lose their markup (a link keeps its text, an image its alt text);
* code blocks are kept verbatim; block quotes are kept with a ``> `` prefix on each line;
* tables become one line per row with cells joined by `` | ``;
* YAML (``---``) or TOML (``+++``) front matter is dropped, its ``title`` kept as a fallback.

The title is the first level-1 heading, else the front-matter title, else the first line.
Offsets in the rendered text are not offsets into the Markdown file (unlike ``.txt``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from margin.sources.text import first_line_title, shorten_title

if TYPE_CHECKING:
    from markdown_it.token import Token

_FRONT_MATTER = re.compile(
    r"\A(?P<fence>---|\+\+\+)[ \t]*\n(?P<body>.*?)\n(?:(?P=fence)|\.\.\.)[ \t]*(?:\n|\Z)", re.S
)
_FM_TITLE = re.compile(r"""^title\s*[:=]\s*(?P<value>.+?)\s*$""", re.M | re.I)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_BR = re.compile(r"<br\s*/?>", re.I)


@dataclass
class MarkdownResult:
    """Rendered reading text and the title found for it."""

    text: str
    title: str


def split_front_matter(source: str) -> tuple[str, str | None]:
    """Return ``(markdown without front matter, front-matter title or None)``.

    ``source`` must already have LF newlines.
    """
    match = _FRONT_MATTER.match(source)
    if match is None:
        return source, None
    title = None
    found = _FM_TITLE.search(match.group("body"))
    if found:
        value = found.group("value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            quote = value[0]
            value = value[1:-1]
            value = value.replace("''", "'") if quote == "'" else value.replace('\\"', '"')
        title = value.strip() or None
    return source[match.end() :], title


@dataclass
class _ListState:
    ordered: bool
    number: int


@dataclass
class _Renderer:
    """Walks markdown-it block tokens and collects blocks of lines."""

    blocks: list[list[str]] = field(default_factory=list)
    lists: list[_ListState] = field(default_factory=list)
    item_started: list[bool] = field(default_factory=list)
    quote_depth: int = 0
    row: list[str] | None = None
    table_block: list[str] | None = None
    heading_level: int = 0
    h1: str | None = None

    # -- output helpers -------------------------------------------------------------------
    def _prefix(self) -> str:
        return "> " * self.quote_depth

    def _emit(self, text: str) -> None:
        """Add a paragraph-like piece of text in the current context."""
        lines = text.split("\n")
        if self.lists:
            indent = "  " * (len(self.lists) - 1)
            if not self.item_started[-1]:
                state = self.lists[-1]
                marker = f"{state.number}. " if state.ordered else "• "
                self.item_started[-1] = True
            else:
                marker = "  "
            cont = indent + " " * len(marker)
            out = [indent + marker + lines[0], *(cont + line for line in lines[1:])]
            self.blocks[-1].extend(self._prefix() + line for line in out)
        else:
            self.blocks.append([self._prefix() + line for line in lines])

    # -- inline ---------------------------------------------------------------------------
    def _inline(self, children: list[Token] | None) -> str:
        parts: list[str] = []
        for tok in children or ():
            kind = tok.type
            if kind in ("text", "code_inline"):
                parts.append(tok.content)
            elif kind == "softbreak":
                parts.append(" ")
            elif kind == "hardbreak":
                parts.append("\n")
            elif kind == "image":
                parts.append(self._inline(tok.children))
            elif kind == "html_inline" and _BR.fullmatch(tok.content.strip()):
                parts.append("\n")
            # link_open/close, em/strong/s open/close, other html_inline: markup only
        text = "".join(parts)
        return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()

    # -- blocks ---------------------------------------------------------------------------
    def run(self, tokens: list[Token]) -> str:
        for tok in tokens:
            self._block(tok)
        paragraphs = ["\n".join(lines) for lines in self.blocks if any(s.strip() for s in lines)]
        return "\n\n".join(paragraphs)

    def _block(self, tok: Token) -> None:
        kind = tok.type
        if kind == "heading_open":
            self.heading_level = int(tok.tag[1:])
        elif kind == "heading_close":
            self.heading_level = 0
        elif kind == "inline":
            text = self._inline(tok.children)
            if self.row is not None:
                self.row.append(text.replace("\n", " "))
            elif text:
                if self.heading_level == 1 and self.h1 is None:
                    self.h1 = text
                self._emit(text)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            if not self.lists:
                self.blocks.append([])
            start = int(tok.attrGet("start") or 1)
            self.lists.append(_ListState(kind == "ordered_list_open", start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.item_started.append(False)
        elif kind == "list_item_close":
            if not self.item_started.pop():  # an empty item still shows its marker
                self.item_started.append(False)
                self._emit("")
                self.item_started.pop()
            self.lists[-1].number += 1
        elif kind == "blockquote_open":
            self.quote_depth += 1
        elif kind == "blockquote_close":
            self.quote_depth -= 1
        elif kind in ("fence", "code_block"):
            self._emit(tok.content.rstrip("\n"))
        elif kind == "html_block":
            text = _TAG.sub("", _BR.sub("\n", tok.content))
            text = "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()
            text = re.sub(r"\n{2,}", "\n", text)
            if text:
                self._emit(text)
        elif kind == "table_open":
            self.table_block = []
        elif kind == "tr_open":
            self.row = []
        elif kind == "tr_close" and self.row is not None and self.table_block is not None:
            self.table_block.append(" | ".join(self.row))
            self.row = None
        elif kind == "table_close" and self.table_block is not None:
            rows, self.table_block = self.table_block, None
            if rows:
                self._emit("\n".join(rows))


def render_markdown(source: str) -> MarkdownResult:
    """Render Markdown ``source`` (LF newlines) to reading text and find its title."""
    from markdown_it import MarkdownIt

    body, fm_title = split_front_matter(source)
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    renderer = _Renderer()
    text = renderer.run(md.parse(body))
    if renderer.h1:
        title = shorten_title(renderer.h1)
    elif fm_title:
        title = shorten_title(fm_title)
    else:
        title = first_line_title(text)
    return MarkdownResult(text=text, title=title)
