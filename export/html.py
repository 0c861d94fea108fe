"""Standalone HTML export: one self-contained page (inline CSS, no scripts).

The article text is shown with entity marks coloured per type and labelled (as displaCy
does) and the user's highlights in their colours; notes sit in a margin column beside the
paragraph they anchor to on wide screens, and under it on narrow ones (phones); the page
prints cleanly. Every piece of text is escaped: an article containing ``<script>`` shows it;
controls, bidi overrides and zero-width characters are shown (``␛``, ``⟨U+202E⟩``), not obeyed
(:func:`margin.sanitize.clean_text`).

Overlapping spans (an entity inside a highlight, a highlight crossing an entity boundary,
highlights over highlights) are split at every boundary, so each piece of text is wrapped in
at most one ``<mark>`` and one entity ``<span>`` and the markup is always well-formed.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache
from html import escape

from margin import __version__
from margin.analysis.entity_list import list_entities
from margin.export.document import ExportDocument
from margin.export.html_style import css
from margin.export.links import is_web_source, offsets_label, text_fragment_url
from margin.export.markdown import speaker_label
from margin.model import Analysis, Article, Entity
from margin.sanitize import clean_text
from margin.storage.model import Note
from margin.styles.entities import (
    ENTITY_GROUPS,
    HIGHLIGHT_COLOURS,
    LABEL_NAMES,
    entity_group,
)
from margin.styles.verdicts import html_css as verdict_css

EXCERPT = 70
"""How many characters of the passage a note card quotes on narrow screens."""

_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_MARKDOWNISH = re.compile(r"[*_`\[\]<>#!|~\\]|^\s*(?:[-+>]|\d+[.)])\s", re.MULTILINE)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _text(text: str) -> str:
    return escape(text, quote=False).replace("\n", "<br>\n")


@lru_cache(maxsize=1)
def _markdown():  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    # Raw HTML in a note is shown as text; markdown-it refuses javascript: and data: links.
    return MarkdownIt("commonmark", {"html": False})


def note_body_html(body: str) -> str:
    """A note body (Markdown) as safe HTML."""
    body = body.strip()
    if not _MARKDOWNISH.search(body):
        paras = _PARA_BREAK.split(body)
        return "".join(f"<p>{_text(p)}</p>" for p in paras if p)
    return _markdown().render(body)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph (text between blank lines), whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return out


def _placeable(note: Note, length: int) -> bool:
    return 0 <= note.anchor.start <= note.anchor.end <= length


def _shows_in_margin(note: Note) -> bool:
    return not note.is_highlight or bool(note.tags)


def _colour_class(colour: int | None) -> str:
    return f"c{colour}" if colour in HIGHLIGHT_COLOURS else "c0"


class _Marker:
    """Builds the marked-up text of the article, one paragraph at a time."""

    def __init__(
        self, text: str, entities: list[Entity], notes: list[Note], numbers: dict[str, int]
    ) -> None:
        self.text = text
        self.entities = [e for e in entities if 0 <= e.start < e.end <= len(text)]
        self.notes = [n for n in notes if n.anchor.start < n.anchor.end]
        bounds: set[int] = set()
        self.ent_starts: dict[int, list[int]] = {}
        self.note_starts: dict[int, list[int]] = {}
        self.refs_at: dict[int, list[int]] = {}
        for i, ent in enumerate(self.entities):
            bounds.update((ent.start, ent.end))
            self.ent_starts.setdefault(ent.start, []).append(i)
        for i, note in enumerate(self.notes):
            bounds.update((note.anchor.start, note.anchor.end))
            self.note_starts.setdefault(note.anchor.start, []).append(i)
        for note in notes:
            if note.id in numbers:
                self.refs_at.setdefault(note.anchor.end, []).append(numbers[note.id])
        self.bounds = sorted(bounds)
        self.active_ents: dict[int, Entity] = {}
        self.active_notes: dict[int, Note] = {}

    def paragraph(self, start: int, end: int) -> str:
        """The HTML of ``text[start:end]`` with its marks and note references."""
        self.active_ents = {i: e for i, e in enumerate(self.entities) if e.start <= start < e.end}
        self.active_notes = {
            i: n for i, n in enumerate(self.notes) if n.anchor.start <= start < n.anchor.end
        }
        lo = bisect.bisect_right(self.bounds, start)
        hi = bisect.bisect_left(self.bounds, end)
        cuts = [start, *self.bounds[lo:hi], end]
        out: list[str] = []
        open_mark: str | None = None
        for a, b in itertools.pairwise(cuts):
            if a != start:
                self._step(a)
            mark, html = self._segment(a, b)
            if mark != open_mark:
                if open_mark is not None:
                    out.append("</mark>")
                if mark is not None:
                    out.append(f'<mark class="{mark}">')
                open_mark = mark
            out.append(html)
            refs = self.refs_at.get(b)
            if refs:
                if open_mark is not None:
                    out.append("</mark>")
                    open_mark = None
                out.extend(
                    f'<sup class="ref" id="ref-{n}"><a href="#note-{n}">{n}</a></sup>' for n in refs
                )
        if open_mark is not None:
            out.append("</mark>")
        return "".join(out)

    def _step(self, pos: int) -> None:
        for i in [i for i, e in self.active_ents.items() if e.end <= pos]:
            del self.active_ents[i]
        for i in [i for i, n in self.active_notes.items() if n.anchor.end <= pos]:
            del self.active_notes[i]
        for i in self.ent_starts.get(pos, ()):
            self.active_ents[i] = self.entities[i]
        for i in self.note_starts.get(pos, ()):
            self.active_notes[i] = self.notes[i]

    def _segment(self, a: int, b: int) -> tuple[str | None, str]:
        """The HTML of ``text[a:b]`` and the class of the ``<mark>`` around it (if any)."""
        html = _text(self.text[a:b])
        ent = next(iter(self.active_ents.values()), None)
        if ent is not None:
            group = entity_group(ent.label)
            name = LABEL_NAMES.get(ent.label, ent.label.lower())
            label = ""
            if b >= ent.end:
                label = f'<span class="ent-label">{_e(ent.label)}</span>'
            of = f" · {_e(ent.group)}" if ent.group else ""
            html = (
                f'<span class="ent g-{group.key}" title="{_e(ent.label)} · {_e(name)}{of}">'
                f"{html}{label}</span>"
            )
        if not self.active_notes:
            return None, html
        notes = list(self.active_notes.values())
        top = max(notes, key=lambda n: (n.anchor.start, -n.anchor.end))
        cls = f"hl {_colour_class(top.colour)}"
        if not top.is_highlight:
            cls += " has-note"
        if len(notes) > 1:
            cls += " multi"
        return cls, html


def _note_card(note: Note, article: Article, number: int | None, *, quote: bool) -> str:
    parts = [f'<div class="note {_colour_class(note.colour)}"']
    if number is not None:
        parts.append(f' id="note-{number}">')
        parts.append(f'<a class="num" href="#ref-{number}">{number}</a>')
    else:
        parts.append(">")
    if quote and note.anchor.exact.strip():
        parts.append(f"<blockquote>{_text(note.anchor.exact.strip())}</blockquote>")
    elif note.anchor.exact.strip():
        parts.append(f'<p class="excerpt">“{_e(_excerpt(note.anchor.exact))}”</p>')
    if not note.is_highlight:
        parts.append(note_body_html(note.body))
    if note.tags:
        tags = "".join(f'<span class="tag">#{_e(t)}</span>' for t in note.tags)
        parts.append(f'<p class="tags">{tags}</p>')
    if quote:
        parts.append(f'<p class="note-meta">last seen at {_e(offsets_label(note.anchor))}</p>')
    parts.append("</div>")
    return "".join(parts)


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    return words[:limit].rsplit(" ", 1)[0] + "…"


def _legend(analysis: Analysis | None) -> str:
    if analysis is None or not analysis.entities:
        return ""
    present = {entity_group(e.label).key for e in analysis.entities}
    items = "".join(
        f'<li class="g-{g.key}"><span class="swatch"></span>{_e(g.name)}</li>'
        for g in ENTITY_GROUPS
        if g.key in present
    )
    return f'<ul class="legend" aria-label="Entity colours">{items}</ul>'


def _when(stamp: str) -> str:
    """``<time>`` for an ISO timestamp, shown as ``1 May 2024, 10:00 UTC``."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return _e(stamp)
    shown = f"{when.day} {when:%b %Y, %H:%M} UTC"
    return f'<time datetime="{_e(stamp)}">{shown}</time>'


def _source_html(article: Article) -> str:
    if is_web_source(article.source):
        return f'<a href="{_e(article.source)}">{_e(article.source)}</a>'
    if article.source:
        return f"<code>{_e(article.source)}</code>"
    return "unknown source"


def _claims_html(doc: ExportDocument) -> list[str]:
    out = ['<section class="claims">', "<h2>Claims</h2>"]
    analysis = doc.analysis
    if analysis is None:
        reason = doc.analysis_error or "the article was not analysed"
        out.append(f'<p class="notice">Claims unavailable: {_e(reason)}.</p>')
    elif not analysis.claims:
        out.append('<p class="notice">No claims found.</p>')
    else:
        out.append(
            "<table><thead><tr><th>Kind</th><th>Speaker</th><th>Cue</th><th>Claim</th>"
            "</tr></thead><tbody>"
        )
        for claim in sorted(analysis.claims, key=lambda c: (c.content.start, c.content.end)):
            cue = claim.cue.text if claim.cue else ""
            out.append(
                f"<tr><td>{_e(claim.kind)}</td><td>{_e(speaker_label(claim) or '—')}</td>"
                f"<td>{_e(cue or '—')}</td><td>{_e(claim.content.text)}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _entities_html(doc: ExportDocument) -> list[str]:
    out = ['<section class="entity-list">', "<h2>Entities</h2>"]
    analysis = doc.analysis
    if analysis is None:
        reason = doc.analysis_error or "the article was not analysed"
        out.append(f'<p class="notice">Entities unavailable: {_e(reason)}.</p>')
        out.append("</section>")
        return out
    listed = list_entities(analysis.entities)
    for group in ENTITY_GROUPS:
        entries = [e for e in listed if e.kind == group.key]
        if not entries:
            continue
        out.append(
            f'<h3 class="g-{group.key}"><span class="ent">{_e(group.name)}</span> '
            f'<span class="count">{sum(e.count for e in entries)}</span></h3>'
            '<ul class="entities">'
        )
        for entry in entries:
            out.append(f'<li>{_e(entry.name)} <span class="count">×{entry.count}</span></li>')
        out.append("</ul>")
    if not listed:
        out.append('<p class="notice">No entities found.</p>')
    out.append("</section>")
    return out


def _rows(doc: ExportDocument, numbers: dict[str, int], placed: list[Note]) -> Iterable[str]:
    art = doc.article
    entities = doc.analysis.entities if doc.analysis is not None else []
    marker = _Marker(art.text, entities, placed, numbers)
    paras = paragraphs(art.text)
    starts = [s for s, _ in paras]
    by_para: dict[int, list[Note]] = {}
    for note in placed:
        if note.id in numbers:
            i = max(0, bisect.bisect_right(starts, note.anchor.start) - 1)
            by_para.setdefault(i, []).append(note)
    title = " ".join(art.title.split())
    for i, (start, end) in enumerate(paras):
        if i == 0 and i not in by_para and " ".join(art.text[start:end].split()) == title:
            continue  # the text opens with its title, already the page's heading
        body = marker.paragraph(start, end)
        aside = ""
        if i in by_para:
            cards = "".join(_note_card(n, art, numbers[n.id], quote=False) for n in by_para[i])
            aside = f'<aside class="notes">{cards}</aside>'
        yield f'<div class="row"><p>{body}</p>{aside}</div>'


def render_document(doc: ExportDocument) -> str:
    """Render an :class:`ExportDocument` as one standalone HTML page."""
    art = doc.article
    placed = [n for n in doc.placed if _placeable(n, len(art.text))]
    unplaced = [n for n in doc.placed if not _placeable(n, len(art.text))] + doc.orphaned
    numbers: dict[str, int] = {}
    for note in placed:
        if _shows_in_margin(note):
            numbers[note.id] = len(numbers) + 1
    title = " ".join(art.title.split()) or "Untitled"
    counts = (
        f"{doc.highlight_count} highlight{'s' * (doc.highlight_count != 1)} · "
        f"{doc.note_count} note{'s' * (doc.note_count != 1)}"
    )
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="margin {_e(__version__)}">',
        f"<title>{_e(title)} — notes</title>",
        f"<style>{css()}{verdict_css()}</style>",
        "</head>",
        "<body>",
        '<header class="doc">',
        '<p class="kicker">Notes from margin</p>',
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_source_html(art)} · exported {_when(doc.exported)} · {counts}</p>',
        _legend(doc.analysis),
    ]
    if doc.analysis is None and doc.analysis_error:
        out.append(f'<p class="notice">Entity marks unavailable: {_e(doc.analysis_error)}.</p>')
    out.append("</header>")
    out.append('<main class="article">')
    out.extend(_rows(doc, numbers, placed))
    out.append("</main>")
    if unplaced:
        out.append('<section class="orphans"><h2>Orphaned notes</h2>')
        out.append(
            '<p class="notice">These passages were not found in the current text of the '
            "article; each quote is the passage as it was when the note was made.</p>"
        )
        out.extend(_note_card(n, art, None, quote=True) for n in unplaced)
        out.append("</section>")
    if doc.verdicts:
        from margin.export.verdict_sections import verdicts_html

        out.extend(verdicts_html(doc))
    if doc.claims_wanted:
        out.extend(_claims_html(doc))
    if doc.entities_wanted:
        out.extend(_entities_html(doc))
    link = ""
    if is_web_source(art.source) and placed:
        url = text_fragment_url(art.source, placed[0].anchor, article_text=art.text)
        link = f' · <a href="{_e(url)}">first highlight on the web page</a>'
    out.append(f"<footer>sha256 {_e(art.sha256)} · margin {_e(__version__)}{link}</footer>")
    out.append("</body>")
    out.append("</html>")
    # The page's own markup has no controls: whatever is left came from the article, the
    # notes or markdown-it's decoded entities (``&#x202e;``).
    return clean_text("\n".join(out) + "\n")
