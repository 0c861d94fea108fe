"""Standalone HTML export: one self-contained page (inline CSS, no scripts).

The article text is shown with entity marks coloured per type and labelled (as displaCy
does) and the user's highlights in their colours; notes sit in a margin column beside the
paragraph they anchor to on wide screens, and under it on narrow ones (phones); the page
prints cleanly. Every piece of text is escaped: an article containing ``<script>`` shows it.

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

from analysis.entity_list import list_entities
from analysis.model import Analysis, Article, Entity
from export.document import ExportDocument
from export.links import is_web_source, offsets_label, text_fragment_url
from export.markdown import speaker_label
from margin import __version__
from storage.model import Note
from styles.entities import (
    ENTITY_GROUPS,
    HIGHLIGHT_COLOURS,
    LABEL_NAMES,
    NOTE_DEFAULT_BACKGROUND,
    entity_group,
)

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


def _css() -> str:
    light_ent = "\n".join(f"  .g-{g.key} {{ --ent: {g.light}; }}" for g in ENTITY_GROUPS)
    dark_ent = "\n".join(f"    .g-{g.key} {{ --ent: {g.dark}; }}" for g in ENTITY_GROUPS)
    light_hl = "\n".join(
        f"  .c{n} {{ --hl: {light}; }}" for n, (_, _dark, light) in HIGHLIGHT_COLOURS.items()
    )
    dark_hl = "\n".join(
        f"    .c{n} {{ --hl: {dark}; }}" for n, (_, dark, _light) in HIGHLIGHT_COLOURS.items()
    )
    return _CSS_TEMPLATE.format(
        light_ent=light_ent,
        dark_ent=dark_ent,
        light_hl=light_hl,
        dark_hl=dark_hl,
        note_light=NOTE_DEFAULT_BACKGROUND[1],
        note_dark=NOTE_DEFAULT_BACKGROUND[0],
    )


_CSS_TEMPLATE = """
  :root {{
    color-scheme: light dark;
    --bg: #fdfcf8; --fg: #1d1d1f; --muted: #5f6368; --rule: #ddd8cc; --card: #ffffff;
    --accent: #8a3b12;
  }}
{light_ent}
  .c0 {{ --hl: {note_light}; }}
{light_hl}
  @media (prefers-color-scheme: dark) {{
    :root {{ --bg: #17181c; --fg: #e8e6e3; --muted: #a0a4ab; --rule: #34363d; --card: #202228;
      --accent: #f0a56b; }}
{dark_ent}
    .c0 {{ --hl: {note_dark}; }}
{dark_hl}
    .ent-label {{ color: #111 !important; }}
  }}
  * {{ box-sizing: border-box; }}
  html {{ background: var(--bg); color: var(--fg); }}
  body {{ margin: 0 auto; max-width: 68rem; padding: 2rem 1.5rem 4rem;
    font: 1.05rem/1.65 Charter, "Bitstream Charter", "Iowan Old Style", Georgia, serif;
    overflow-wrap: break-word; }}
  header.doc {{ border-bottom: 1px solid var(--rule); margin-bottom: 2rem; padding-bottom: 1rem; }}
  .kicker {{ font: 600 .75rem/1.2 system-ui, sans-serif; letter-spacing: .08em;
    text-transform: uppercase; color: var(--accent); margin: 0 0 .5rem; }}
  h1 {{ font-size: 2rem; line-height: 1.2; margin: 0 0 .6rem; max-width: 42rem; }}
  h2 {{ font: 700 1.1rem/1.3 system-ui, sans-serif; margin: 3rem 0 1rem;
    border-top: 1px solid var(--rule); padding-top: 1rem; }}
  h3 {{ font: 600 .95rem/1.3 system-ui, sans-serif; margin: 1.2rem 0 .4rem; }}
  .meta, .legend, .tags, .note-meta, footer, table {{ font-family: system-ui, sans-serif; }}
  .meta {{ color: var(--muted); font-size: .85rem; margin: 0; overflow-wrap: anywhere; }}
  .meta a, footer a {{ color: inherit; }}
  .legend {{ display: flex; flex-wrap: wrap; gap: .4rem .9rem; font-size: .8rem;
    margin: .8rem 0 0; padding: 0; list-style: none; color: var(--muted); }}
  .legend .swatch {{ display: inline-block; width: .7rem; height: .7rem; border-radius: 2px;
    background: var(--ent); margin-right: .35rem; vertical-align: -.05rem; }}
  .notice {{ font: .85rem/1.4 system-ui, sans-serif; color: var(--muted);
    border-left: 3px solid var(--accent); padding: .2rem .7rem; }}
  .row {{ display: grid; grid-template-columns: minmax(0, 40rem) minmax(13rem, 1fr);
    column-gap: 2.5rem; align-items: start; }}
  .row > p {{ margin: 0 0 1.1rem; grid-column: 1; }}
  .row > aside {{ grid-column: 2; }}
  mark.hl {{ background: var(--hl); color: inherit; border-radius: 2px;
    padding: .05em 0; box-decoration-break: clone; -webkit-box-decoration-break: clone; }}
  mark.has-note {{ border-bottom: 2px solid var(--accent); }}
  mark.multi {{ box-shadow: inset 0 -.35em 0 rgba(0, 0, 0, .08); }}
  .ent {{ color: var(--ent); border-bottom: 1.5px dotted var(--ent); }}
  .ent-label {{ display: inline-block; font: 700 .58rem/1.2 system-ui, sans-serif;
    letter-spacing: .04em; color: #fff; background: var(--ent); border-radius: 3px;
    padding: .1em .3em; margin: 0 .15em 0 .25em; vertical-align: .15em; }}
  sup.ref {{ font: 700 .7rem/1 system-ui, sans-serif; margin-left: .1em; }}
  sup.ref a, .note .num {{ color: var(--accent); text-decoration: none; }}
  aside.notes {{ font-size: .9rem; line-height: 1.45; }}
  .note {{ background: var(--card); border: 1px solid var(--rule);
    border-left: .35rem solid var(--hl); border-radius: 4px; padding: .5rem .7rem;
    margin: 0 0 .8rem; break-inside: avoid; }}
  .note .num {{ font: 700 .75rem/1 system-ui, sans-serif; float: left; margin-right: .4rem;
    margin-top: .2rem; }}
  .note p {{ margin: 0 0 .4rem; }}
  .note > :last-child {{ margin-bottom: 0; }}
  .note blockquote {{ margin: 0 0 .4rem; padding-left: .6rem; border-left: 2px solid var(--rule);
    color: var(--muted); font-style: italic; }}
  .note pre {{ white-space: pre-wrap; }}
  .excerpt {{ display: none; font-size: .8rem; color: var(--muted); font-style: italic; }}
  .tags {{ font-size: .75rem; color: var(--muted); margin: .3rem 0 0; }}
  .tag {{ display: inline-block; margin-right: .4rem; }}
  .note-meta {{ font-size: .75rem; color: var(--muted); margin: .3rem 0 0; }}
  table {{ border-collapse: collapse; width: 100%; font-size: .85rem; }}
  th, td {{ text-align: left; vertical-align: top; padding: .35rem .5rem;
    border-bottom: 1px solid var(--rule); }}
  th {{ font-weight: 600; color: var(--muted); }}
  ul.entities {{ columns: 16rem; padding-left: 1.1rem; font-size: .9rem; }}
  .entity-list h3 .ent {{ border-bottom: none; }}
  .count {{ color: var(--muted); font-family: system-ui, sans-serif; font-size: .8rem; }}
  footer {{ margin-top: 3rem; color: var(--muted); font-size: .75rem; overflow-wrap: anywhere; }}
  @media (max-width: 56rem) {{
    body {{ padding: 1rem 1rem 3rem; font-size: 1rem; }}
    h1 {{ font-size: 1.55rem; }}
    .row {{ display: block; }}
    .row > aside {{ margin: -.4rem 0 1.2rem 1rem; }}
    .excerpt {{ display: block; margin: 0 0 .3rem; }}
    table {{ display: block; overflow-x: auto; }}
    th, td {{ padding: .3rem .35rem; }}
  }}
  @media print {{
    @page {{ margin: 16mm 14mm; }}
    html {{ background: #fff; color: #000; }}
    body {{ max-width: none; padding: 0; font-size: 10.5pt; }}
    * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
    .row {{ display: grid; grid-template-columns: minmax(0, 1fr) 32%; column-gap: 6mm; }}
    .note {{ background: #fff; }}
    a {{ color: inherit; text-decoration: none; }}
    h2 {{ break-after: avoid; }}
    tr, .note, blockquote {{ break-inside: avoid; }}
  }}
"""


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
        f"<style>{_css()}</style>",
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
    return "\n".join(out) + "\n"
