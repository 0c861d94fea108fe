"""The article view: a Line-API ``ScrollView`` that paints the article text at once.

The text is wrapped per width (:mod:`margin.tui.widgets.text_layout`, cached until the width
changes) and each visible line is built as a :class:`~textual.strip.Strip` from span layers
(:mod:`margin.analysis.service.span_index`): entity colours, the reading cursor's sentence,
marks (a selected claim's parts or an entity's mentions), find matches and note highlights.
Styling a line costs ``O(log n)`` per layer, so a page renders in a few milliseconds on a 1 MB
article.

At ~730 lines this module is over the project's ~500: it is one widget, and its paint path
(layout, cursor, the five span layers, the style cache) reads the view's whole state for
every line; split across files it would be the same class in pieces. The text's wrapping is
already apart (:mod:`~margin.tui.widgets.text_layout`), so are the keys
(:mod:`margin.tui.bindings`) and the reader's state (:mod:`margin.tui.state`).
"""

from __future__ import annotations

import itertools
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from margin.analysis.service.compact import EntityMentions, ReaderAnalysis, SpanArray
from margin.analysis.service.span_index import OFFSET_TYPE, SpanLayer
from margin.model import Article, Entity
from margin.styles.entities import entity_colour, entity_group, highlight_background
from margin.tui.bindings import SCROLL_BINDINGS
from margin.tui.messages import CursorMoved, RangeSelected
from margin.tui.widgets.text_layout import TextLayout, display_text, layout_text

MAX_TEXT_WIDTH = 88
"""The widest the text column gets, in cells (comfortable reading)."""
GUTTER = 3
"""Cells left of the text: the cursor bar, the note mark, the verdict mark (or a space)."""
SCROLL_OFF = 3
"""Lines kept visible above and below the cursor sentence when the view follows it."""

MARK_KINDS = ("mention", "content", "speaker", "cue", "selection")

STRIP_CACHE_LINES = 100
"""Rendered lines kept (two screens or so). A page renders in a millisecond or two, while
each cached Strip keeps Textual's per-strip caches and the strips derived from it alive."""


def paragraph_spans(display: str) -> SpanArray:
    """``(start, end)`` of each non-blank source line, stripped of surrounding spaces."""
    starts: array[int] = array(OFFSET_TYPE)
    ends: array[int] = array(OFFSET_TYPE)
    pos = 0
    n = len(display)
    find = display.find
    while pos < n:
        nl = find("\n", pos)
        if nl == -1:
            nl = n
        s, e = pos, nl
        while s < e and display[s] == " ":
            s += 1
        while e > s and display[e - 1] == " ":
            e -= 1
        if s < e:
            starts.append(s)
            ends.append(e)
        pos = nl + 1
    return SpanArray.from_arrays(starts, ends)


def source_label(source: str) -> str:
    """How the article's origin is shown under its title: a URL as is, a file by name."""
    if not source or source == "-" or "://" in source:
        return "standard input" if source == "-" else source
    return source.replace("\\", "/").rsplit("/", 1)[-1]


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one article with its highlights and a reading cursor on one sentence."""

    BINDINGS: ClassVar[list[BindingType]] = SCROLL_BINDINGS
    """The scroll keys (the other reading keys live on the reader screen, so that they work
    with the panel focused)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--title",
        "article--meta",
        "article--cursor",
        "article--cursor-bar",
        "article--mention",
        "article--content",
        "article--speaker",
        "article--cue",
        "article--selection",
        "article--find",
        "article--find-current",
        "article--note-mark",
    }

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;  /* the text width never changes when the bar appears */
        & > .article--title { text-style: bold; color: $text; }
        & > .article--meta { color: $text-muted; }
        & > .article--cursor { background: $boost; }
        & > .article--cursor-bar { color: $accent; }
        & > .article--mention { background: $primary 40%; text-style: bold; }
        & > .article--content { background: $secondary 25%; text-style: underline; }
        & > .article--speaker { background: $success 35%; text-style: bold; }
        & > .article--cue { background: $warning 35%; text-style: italic; }
        & > .article--selection { background: $accent 40%; }
        & > .article--find { background: $warning 45%; }
        & > .article--find-current { background: $warning; color: $background; text-style: bold; }
        & > .article--note-mark { color: $warning; }
    }
    """

    cursor_index: reactive[int] = reactive(0, init=False, repaint=False)
    """Index of the cursor's unit (a sentence, or a paragraph until sentences are known)."""

    def __init__(
        self,
        article: Article,
        *,
        max_width: int = MAX_TEXT_WIDTH,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article = article
        self.max_width = max_width
        self._display = display_text(article.text)
        self._paragraphs = paragraph_spans(self._display)
        self._layout: TextLayout | None = None
        self._layout_key: tuple[int, int] | None = None
        self._pad_left = 0
        self._title_span: tuple[int, int] | None = None
        self._sentences = SpanArray()
        self._units = self._paragraphs
        self.entities = EntityMentions(article.text)
        """Entity mentions (label ids as values), shared with the reader's analysis."""
        self._label_shown: list[bool] = []
        self.marks: SpanLayer[str] = SpanLayer()
        self.find_matches: SpanLayer[int] = SpanLayer()
        self.notes: SpanLayer[tuple[str, int | None]] = SpanLayer()
        self.verdict_marks: SpanLayer[tuple[str, str, str]] = SpanLayer()
        """Verdicts on claims: ``(glyph, colour on dark, colour on light)`` over each
        claim's content; the glyph shows in the gutter of the content's first line."""
        self.current_match: int | None = None
        self.entity_groups: frozenset[str] | None = None
        """Entity groups shown (keys from ``margin.styles.entities``), None for all."""
        self._strip_cache: LRUCache[int, Strip] = LRUCache(STRIP_CACHE_LINES)
        self._base_style: Style | None = None
        self._drag_from: int | None = None
        self._dragged = False
        self._style_cache: dict[tuple[object, ...], Style] = {}

    # -- layout --------------------------------------------------------------------------

    @property
    def layout_(self) -> TextLayout:
        """The current wrapped layout (computed for the current width on demand)."""
        self._ensure_layout()
        assert self._layout is not None
        return self._layout

    def _text_width(self, width: int) -> int:
        return max(10, min(self.max_width, width - GUTTER - 1))

    def _ensure_layout(self, width: int | None = None) -> bool:
        """(Re-)wrap if the width changed; returns True when the layout changed."""
        if width is None:
            width = self.scrollable_content_region.width
        width = width or self.size.width or 80
        text_width = self._text_width(width)
        key = (width, text_width)
        if key == self._layout_key and self._layout is not None:
            return False
        anchor = self.top_offset() if self._layout is not None and self.scroll_y > 0 else None
        article = self.article
        title = article.title
        meta = source_label(article.source) if article.source != article.title else ""
        self._title_span = None
        if title and self._paragraphs:
            ps, pe = self._paragraphs[0]
            if " ".join(self._display[ps:pe].split()) == " ".join(display_text(title).split()):
                # The text opens with its title: style that line as the title, no header.
                title, meta = "", ""
                self._title_span = (ps, pe)
        self._layout = layout_text(
            article.text, text_width, title=title, meta=meta, display=self._display
        )
        self._layout_key = key
        self._pad_left = max(0, (width - GUTTER - text_width) // 2)
        self._strip_cache.clear()
        self.virtual_size = Size(width, self._layout.line_count)
        if anchor is not None:
            self.scroll_to(y=self._layout.line_of_offset(anchor), animate=False, immediate=True)
        return True

    def on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.restyle()

    def restyle(self) -> None:
        """Forget computed styles (the theme or the CSS changed)."""
        self._style_cache.clear()
        self._strip_cache.clear()
        self._base_style = None

    @property
    def base_style(self) -> Style:
        """The view's own text style (cached: ``rich_style`` walks the DOM each time)."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def invalidate(self) -> None:
        """Forget rendered lines (after marks, filters or the theme change) and repaint."""
        self._strip_cache.clear()
        self.refresh()

    # -- geometry helpers ----------------------------------------------------------------

    def top_offset(self) -> int:
        """Character offset of the first text line at or below the top of the view."""
        layout = self._layout
        if layout is None or not layout.starts:
            return 0
        index = max(0, int(self.scroll_y) - layout.header_count)
        index = min(index, len(layout.starts) - 1)
        return layout.starts[index]

    def visible_range(self) -> tuple[int, int]:
        """Character range ``[start, end)`` shown in the view."""
        layout = self.layout_
        if not layout.starts:
            return 0, 0
        first = max(0, int(self.scroll_y) - layout.header_count)
        last = int(self.scroll_y) + self.scrollable_content_region.height - layout.header_count
        first = min(first, len(layout.starts) - 1)
        last = max(first, min(last, len(layout.starts) - 1))
        return layout.starts[first], layout.ends[last]

    def visible_paragraph_offsets(self) -> list[int]:
        """Start offsets of the paragraphs in view (to analyse them first)."""
        start, end = self.visible_range()
        starts = self._paragraphs.starts
        lo = max(0, bisect_right(starts, start) - 1)
        offsets: list[int] = []
        for s in starts[lo:]:
            if s > end:
                break
            offsets.append(s)
        return offsets

    def offset_at(self, x: int, y: int) -> int | None:
        """The character offset under widget cell ``(x, y)``, or None (header, margins)."""
        layout = self.layout_
        line = int(self.scroll_y) + y
        rng = layout.text_range(line)
        if rng is None:
            return None
        start, end = rng
        column = x - self._pad_left - GUTTER
        if column < 0:
            return start
        cells = 0
        for i in range(start, end):
            cells += 1 if self._display[i].isascii() else max(0, _cell(self._display[i]))
            if cells > column:
                return i
        return max(start, end - 1) if end > start else start

    # -- units and the cursor ------------------------------------------------------------

    @property
    def units(self) -> SpanArray:
        """The cursor's stops: sentences, or paragraphs not yet split into sentences."""
        return self._units

    @property
    def cursor_span(self) -> tuple[int, int] | None:
        """The ``(start, end)`` of the sentence under the cursor."""
        units = self._units
        if not units:
            return None
        i = min(self.cursor_index, len(units) - 1)
        return units.starts[i], units.ends[i]

    def unit_at(self, offset: int) -> int:
        """Index of the unit containing (or nearest before) ``offset``."""
        return max(0, bisect_right(self._units.starts, offset) - 1)

    def _rebuild_units(self, old: tuple[int, int] | None = None) -> None:
        """Units: the sentences, plus the paragraphs no sentence covers yet (the cursor
        stays on the unit holding ``old``, the span it was on before)."""
        if old is None:
            old = self.cursor_span
        sentences = self._sentences
        if not sentences:
            units = self._paragraphs
        else:
            sent_starts, sent_ends = sentences.starts, sentences.ends
            n = len(sent_starts)
            extra: list[tuple[int, int]] = []
            for ps, pe in self._paragraphs:
                i = bisect_left(sent_starts, ps)
                covered = i < n and sent_starts[i] < pe
                if not covered and i > 0 and sent_ends[i - 1] > ps:
                    covered = True
                if not covered:
                    extra.append((ps, pe))
            if extra:
                units = SpanArray.from_arrays(
                    array(OFFSET_TYPE, sent_starts), array(OFFSET_TYPE, sent_ends)
                )
                units.merge(extra)
            else:
                units = sentences
        self._units = units
        if old is not None and units:
            index = self.unit_at(old[0])
            self.set_reactive(ArticleView.cursor_index, index)

    def move_cursor(self, index: int, *, follow: bool = True) -> None:
        """Put the cursor on unit ``index`` (clamped); the view follows it."""
        if not self._units:
            return
        index = max(0, min(index, len(self._units) - 1))
        changed = index != self.cursor_index
        self.cursor_index = index
        if follow:
            self.follow_cursor()
        if changed:
            self.invalidate()
        self._post_cursor()

    def cursor_to_offset(self, offset: int, *, follow: bool = True) -> None:
        """Put the cursor on the sentence containing character ``offset``."""
        self.move_cursor(self.unit_at(offset), follow=follow)

    def _post_cursor(self) -> None:
        span = self.cursor_span
        if span is not None:
            self.post_message(CursorMoved(span[0], span[1], self.cursor_index, len(self._units)))

    def cursor_visible(self) -> bool:
        span = self.cursor_span
        if span is None:
            return False
        first, last = self.layout_.lines_for_span(*span)
        top = int(self.scroll_y)
        bottom = top + self.scrollable_content_region.height - 1
        return last >= top and first <= bottom

    def follow_cursor(self) -> None:
        """Scroll so the cursor's sentence is in view with a few lines of context."""
        span = self.cursor_span
        if span is not None:
            self.scroll_to_span(*span)

    def scroll_to_span(self, start: int, end: int, *, center: bool = False) -> None:
        """Scroll (without animation) so characters ``start..end`` are in view."""
        layout = self.layout_
        first, last = layout.lines_for_span(start, end)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        off = min(SCROLL_OFF, max(0, (height - (last - first + 1)) // 2))
        if center:
            target = first - max(0, (height - (last - first + 1)) // 2)
        elif first - off < top:
            target = first - off
        elif last + off > top + height - 1:
            target = min(first - off, last + off - height + 1)
        else:
            return
        if first < layout.header_count + 1 and first <= layout.header_count:
            target = (
                min(target, 0) if start <= (layout.starts[0] if layout.starts else 0) else target
            )
        self.scroll_to(y=max(0, target), animate=False, immediate=True)

    def action_next_sentence(self) -> None:
        """Move the cursor to the next sentence (or the first one in view)."""
        if not self.cursor_visible():
            self.move_cursor(self.unit_at(self.visible_range()[0]) + 0)
            span = self.cursor_span
            if span and span[0] < self.visible_range()[0]:
                self.move_cursor(self.cursor_index + 1)
            return
        self.move_cursor(self.cursor_index + 1)

    def action_previous_sentence(self) -> None:
        """Move the cursor to the previous sentence (or the last one in view)."""
        if not self.cursor_visible():
            self.move_cursor(self.unit_at(self.visible_range()[1]))
            return
        self.move_cursor(self.cursor_index - 1)

    def action_scroll_down(self) -> None:
        self.scroll_to(y=self.scroll_y + 1, animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.scroll_to(y=self.scroll_y - 1, animate=False, immediate=True)

    def action_page_down(self) -> None:
        step = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_y + step, animate=False, immediate=True)

    def action_page_up(self) -> None:
        step = max(1, self.scrollable_content_region.height - 2)
        self.scroll_to(y=self.scroll_y - step, animate=False, immediate=True)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)
        if self._units:
            self.move_cursor(0, follow=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        if self._units:
            self.move_cursor(len(self._units) - 1, follow=False)

    async def on_key(self, event: events.Key) -> None:
        """Run reader keys here, in order, rather than when the key has bubbled up to the app.

        Textual checks bindings once a key has bubbled to the app, by which time the view may
        already have taken the keys typed after it: "/" then "word" in one burst would lose
        "word". So the view runs its bindings as each key comes, and keys that reach it after
        focus moved (to the find bar, say) go on to the newly focused widget, or to the
        screen now on top (a dialog an earlier key opened: see :mod:`margin.tui.widgets.fields`).
        """
        top = self.app.screen
        if top is not self.screen:
            # An earlier key of the burst opened a dialog (the note editor, say): the keys
            # typed behind it are for the dialog, which may not have focused a field yet.
            event.stop()
            event.prevent_default()
            from margin.tui.widgets.fields import resend_key  # (its text fields: not at start)

            resend_key(self.app, event.key, event.character)
            return
        focused = self.screen.focused
        if focused is not None and focused is not self:
            event.stop()
            event.prevent_default()
            focused.post_message(events.Key(event.key, event.character))
            return
        if await self.app._check_bindings(event.key):
            event.stop()
            event.prevent_default()

    def on_click(self, event: events.Click) -> None:
        if self._dragged:
            self._dragged = False
            return
        offset = self.offset_at(event.x, event.y)
        if offset is not None:
            self.cursor_to_offset(offset, follow=False)
        self.focus()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._drag_from = self.offset_at(event.x, event.y)
        self._dragged = False
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None or not event.button:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is None or offset == self._drag_from:
            return
        self._dragged = True
        start, end = sorted((self._drag_from, offset))
        self.post_message(RangeSelected(*self.word_bounds(start, end + 1)))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._drag_from = None
        self.release_mouse()

    def word_bounds(self, start: int, end: int) -> tuple[int, int]:
        """``start..end`` widened to whole words (a selection never cuts a word)."""
        text = self._display
        while start > 0 and not text[start - 1].isspace() and not text[start].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace() and not text[end - 1].isspace():
            end += 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end

    # -- data ----------------------------------------------------------------------------

    def add_analysis(
        self, sentences: Iterable[tuple[int, int]], entities: Sequence[Entity]
    ) -> None:
        """Add sentences and entity mentions as they arrive from the analysis (into the
        structures shared with :meth:`set_analysis`'s data)."""
        old = self.cursor_span
        added = self._sentences.merge(sentences)
        if added:
            self._rebuild_units(old)
        if entities:
            self.entities.add_entities(entities)
        if added or entities:
            self.invalidate()

    def set_analysis(self, data: ReaderAnalysis) -> None:
        """Show ``data``'s sentences and entity mentions (shared, not copied)."""
        self._sentences = data.sentences
        self._rebuild_units()
        self.entities = data.mentions
        self._label_shown = []
        self.invalidate()

    def set_entity_groups(self, groups: frozenset[str] | None) -> None:
        """Show only entities in these groups (None: all, empty: none)."""
        self.entity_groups = groups
        self._label_shown = []
        self.invalidate()

    def set_marks(self, marks: Iterable[tuple[int, int, str]]) -> None:
        """Mark spans: kind ``mention`` (an entity's mentions) or a claim's ``content``,
        ``speaker`` and ``cue``."""
        self.marks = SpanLayer(marks)
        self.invalidate()

    def set_find_matches(self, matches: Sequence[tuple[int, int]], current: int | None) -> None:
        """Show find matches, ``current`` (an index into ``matches``) stronger."""
        self.find_matches = SpanLayer((s, e, i) for i, (s, e) in enumerate(matches))
        self.current_match = current
        self.invalidate()

    def set_current_match(self, current: int | None) -> None:
        self.current_match = current
        self.invalidate()

    def set_notes(self, notes: Iterable[tuple[int, int, str, int | None]]) -> None:
        """Show notes and highlights: ``(start, end, note_id, colour)``."""
        self.notes = SpanLayer((s, e, (nid, colour)) for s, e, nid, colour in notes)
        self.invalidate()

    def set_verdicts(self, marks: Iterable[tuple[int, int, str, str, str]]) -> None:
        """Show verdicts: ``(start, end, glyph, colour on dark, colour on light)``."""
        self.verdict_marks = SpanLayer((s, e, (g, d, lt)) for s, e, g, d, lt in marks)
        self.invalidate()

    # -- rendering -----------------------------------------------------------------------

    def component_style(self, name: str) -> Style:
        """A component's own style, with colours blended over the view's background (a
        partial style alone leaves translucent colours such as ``$boost`` unblended)."""
        key = ("component", name)
        style = self._style_cache.get(key)
        if style is None:
            partial = self.get_component_rich_style(name, partial=True)
            full = self.get_component_rich_style(name)
            style = partial + Style(
                color=full.color if partial.color is not None else None,
                bgcolor=full.bgcolor if partial.bgcolor is not None else None,
            )
            self._style_cache[key] = style
        return style

    def _style(self, key: tuple[object, ...]) -> Style:
        style = self._style_cache.get(key)
        if style is not None:
            return style
        label, cursor, note, mark, find = key
        dark = self.app.current_theme.dark if self.is_attached else True
        parts: list[Style] = []
        if cursor:
            parts.append(self.component_style("article--cursor"))
        if note is not None:
            parts.append(Style(bgcolor=highlight_background(note, dark=dark)))  # type: ignore[arg-type]
        if label is not None:
            parts.append(Style(color=entity_colour(str(label), dark=dark)))
        if mark is not None:
            parts.append(self.component_style(f"article--{mark}"))
        if find is not None:
            name = "article--find-current" if find == "current" else "article--find"
            parts.append(self.component_style(name))
        style = Style.combine(parts) if parts else Style()
        self._style_cache[key] = style
        return style

    def _note_mark_colour(self, colour: int | None) -> str:
        """The gutter mark of a note: its highlight colour as seen on the other theme (a
        strong version of the pale background on light themes, and vice versa)."""
        dark = self.app.current_theme.dark if self.is_attached else True
        return highlight_background(colour, dark=not dark)

    def _verdict_mark(self, start: int, end: int, base: Style) -> Segment:
        """The gutter cell beside a line: a verdict's glyph where its claim's content starts."""
        if self.verdict_marks and end > start:
            for s, _e, (glyph, on_dark, on_light) in self.verdict_marks.overlapping(start, end):
                if start <= s < end:
                    dark = self.app.current_theme.dark if self.is_attached else True
                    colour = on_dark if dark else on_light
                    return Segment(glyph, base + Style(color=colour, bold=True))
        return Segment(" ", base)

    def _entity_shown(self, label_id: int) -> bool:
        shown = self._label_shown
        labels = self.entities.labels
        if len(shown) < len(labels):
            groups = self.entity_groups
            shown[:] = [groups is None or entity_group(lb).key in groups for lb in labels]
        return shown[label_id]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        self._ensure_layout(width)
        line = int(self.scroll_y) + y
        cached = self._strip_cache.get(line)
        if cached is not None:
            return cached
        strip = self._render_display_line(line, width)
        self._strip_cache[line] = strip
        return strip

    def _render_display_line(self, line: int, width: int) -> Strip:
        layout = self._layout
        assert layout is not None
        base = self.base_style
        if line >= layout.line_count:
            return Strip.blank(width, base)
        pad = Segment(" " * self._pad_left, base)
        if line < layout.header_count:
            kind, text = layout.header[line]
            if kind == "blank":
                return Strip.blank(width, base)
            style = base + self.component_style(f"article--{kind}")
            segments = [pad, Segment(" " * GUTTER, base), Segment(text, style)]
            return Strip(segments).adjust_cell_length(width, base)
        start, end = layout.text_range(line)  # type: ignore[misc]
        cursor = self.cursor_span
        in_cursor = start < end and cursor is not None and cursor[0] < end and cursor[1] > start
        notes_here = self.notes.overlapping(start, end) if self.notes and end > start else []
        bar = self.component_style("article--cursor-bar")
        gutter = [
            Segment("▌" if in_cursor else " ", base + bar),
            Segment(
                "●" if notes_here else " ",
                base + Style(color=self._note_mark_colour(notes_here[0][2][1]))
                if notes_here
                else base,
            ),
            self._verdict_mark(start, end, base),
        ]
        if start == end:
            return Strip([pad, *gutter]).adjust_cell_length(width, base)
        title = self._title_span
        if title is not None and title[0] <= start < title[1]:
            base = base + self.component_style("article--title")
        segments = [pad, *gutter, *self._text_segments(start, end, cursor, base)]
        text = self._display[start:end]
        cells = self._pad_left + GUTTER + (len(text) if text.isascii() else cell_len(text))
        if cells <= width:
            if cells < width:
                segments.append(Segment(" " * (width - cells), base))
            return Strip(segments, width)
        return Strip(segments).adjust_cell_length(width, base)

    def _text_segments(
        self, start: int, end: int, cursor: tuple[int, int] | None, base: Style
    ) -> list[Segment]:
        """Segments for ``display[start:end]`` with every layer's style applied."""
        pieces: list[tuple[int, int, int, object]] = []  # (start, end, layer, value)
        if self.entities:
            labels = self.entities.labels
            for s, e, label_id in self.entities.overlapping(start, end):
                if self._entity_shown(label_id):
                    pieces.append((max(s, start), min(e, end), 0, labels[label_id]))
        if cursor is not None and cursor[0] < end and cursor[1] > start:
            pieces.append((max(cursor[0], start), min(cursor[1], end), 1, True))
        if self.notes:
            for s, e, (_, colour) in self.notes.overlapping(start, end):
                pieces.append((max(s, start), min(e, end), 2, colour))
        if self.marks:
            for s, e, kind in self.marks.overlapping(start, end):
                pieces.append((max(s, start), min(e, end), 3, kind))
        if self.find_matches:
            current = self.current_match
            for s, e, index in self.find_matches.overlapping(start, end):
                value = "current" if index == current else "match"
                pieces.append((max(s, start), min(e, end), 4, value))
        display = self._display
        if not pieces:
            return [Segment(display[start:end], base)]
        points = sorted({start, end, *(p[0] for p in pieces), *(p[1] for p in pieces)})
        segments: list[Segment] = []
        # Marks of one kind take precedence in this order when they overlap.
        mark_rank = {kind: i for i, kind in enumerate(MARK_KINDS)}
        for a, b in itertools.pairwise(points):
            if a >= b:
                continue
            key: list[object] = [None, False, None, None, None]
            for ps, pe, layer, value in pieces:
                if ps <= a and pe >= b:
                    if (
                        layer == 3
                        and key[3] is not None
                        and mark_rank.get(str(value), 0) < mark_rank.get(str(key[3]), 0)
                    ):
                        continue
                    if layer == 4 and key[4] == "current":
                        continue
                    key[layer] = value
            tkey = tuple(key)
            if tkey == (None, False, None, None, None):
                segments.append(Segment(display[a:b], base))
            else:
                segments.append(Segment(display[a:b], base + self._style(tkey)))
        return segments

    def region_for_span(self, start: int, end: int) -> Region:
        """The widget region (virtual coordinates) of the lines covering ``start..end``."""
        first, last = self.layout_.lines_for_span(start, end)
        return Region(0, first, self.size.width, last - first + 1)


def _cell(char: str) -> int:
    from rich.cells import get_character_cell_size

    return get_character_cell_size(char)
