"""HTML export: escaping, well-formed nesting of overlapping spans, and a Chromium render."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import pytest
from export_samples import ARTICLE, EXPORTED, TEXT, analysis, notes, span

from margin.export.api import export_article
from margin.export.html import paragraphs
from margin.model import Analysis, Article, Entity
from margin.storage.model import Anchor, Note

render_html = partial(export_article, fmt="html")

VOID = {"meta", "br", "link", "img", "hr", "input", "wbr"}


class TreeChecker(HTMLParser):
    """Fails on any end tag that does not close the innermost open element; collects text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.errors: list[str] = []
        self.main_text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        classes = [c for _, c in self.stack]
        in_main = any("article" in c.split() for c in classes)
        skipped = any(k in c.split() for c in classes for k in ("ref", "ent-label", "notes"))
        if in_main and not skipped:
            self.main_text.append(data)


def check(html: str) -> TreeChecker:
    checker = TreeChecker()
    checker.feed(html)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_article_text_survives_marks_exactly() -> None:
    html = render_html(ARTICLE, notes(), analysis=analysis(), what="all", exported_at=EXPORTED)
    checker = check(html)
    shown = _squash("".join(checker.main_text))
    # Everything but the opening title line, which is the page's heading.
    assert shown == _squash(TEXT.removeprefix(ARTICLE.title))
    assert html.count('<span class="ent-label">') == 3  # "Council" is in the title line
    assert html.count('<sup class="ref"') == 1  # one note with a body among the placed ones
    assert 'class="hl c1"' in html and 'class="hl c2 has-note"' in html


def test_script_in_article_and_notes_stays_text() -> None:
    text = 'Before <script>alert("x")</script> & after <b>bold</b>.\n\nSecond "para".'
    art = Article.from_text(text, "<script>t</script>", "javascript:alert(1)")
    s = text.index("<script>")
    note = Note(
        "n1",
        art.sha256,
        Anchor.from_text(text, s, s + 20),
        body="<img src=x onerror=alert(1)> [link](javascript:alert(2)) **ok**",
        tags=('"><script>',),
        colour=3,
    )
    ent = Entity(text.index("<b>"), text.index("</b>") + 4, "ORG", "<b>bold</b>")
    an = Analysis(sentences=[], entities=[ent], claims=[])
    html = render_html(art, [note], analysis=an, exported_at=EXPORTED)
    checker = check(html)
    assert "script" not in checker.tags and "img" not in checker.tags and "b" not in checker.tags
    assert "&lt;script&gt;alert(" in html
    assert not re.search(r"""(?:href|src)=["']?\s*javascript:""", html, re.I)
    assert "<code>javascript:alert(1)</code>" in html  # a non-web source is shown as text
    assert "<strong>ok</strong>" in html  # Markdown in notes still works
    assert _squash("".join(checker.main_text)) == _squash(text)


def test_overlapping_spans_are_split_and_well_formed() -> None:
    text = "Alpha Beta Gamma Delta Epsilon Zeta"
    art = Article.from_text(text, "Overlaps", "/tmp/o.txt")
    # An entity crossing a highlight's start, one inside, highlights overlapping each other,
    # a highlight crossing an entity's end.
    ents = [Entity(0, 10, "PERSON", "Alpha Beta"), Entity(17, 22, "GPE", "Delta")]
    hl = [
        Note("a", art.sha256, Anchor.from_text(text, 6, 23), colour=1),
        Note("b", art.sha256, Anchor.from_text(text, 11, 30), body="overlap", colour=2),
        Note("c", art.sha256, Anchor.from_text(text, 20, 35), colour=4),
    ]
    html = render_html(art, hl, analysis=Analysis([], ents, []), exported_at=EXPORTED)
    checker = check(html)
    assert "".join(checker.main_text).strip() == text
    main = html[html.index("<main") : html.index("</main>")]
    # Every <mark> holds text with no nested <mark>.
    assert not re.search(r"<mark[^>]*>(?:(?!</mark>).)*<mark", main, re.S)
    assert main.count('<span class="ent-label">') == 2


def test_notes_sit_beside_their_paragraph_and_orphans_apart() -> None:
    html = render_html(ARTICLE, notes(), exported_at=EXPORTED)
    rows = re.findall(r'<div class="row">.*?</div>\n', html, re.S)
    assert len(rows) == len(paragraphs(TEXT)) - 1 == 2  # the title line is the heading
    assert "Contract says" in rows[0] and "Contract says" not in rows[1]
    orphans = html[html.index('<section class="orphans">') :]
    assert "The opening date slipped" in orphans and "Was in the first draft." in orphans
    assert "Entity marks unavailable" not in html


def test_failed_analysis_is_said_on_the_page() -> None:
    html = render_html(ARTICLE, notes(), exported_at=EXPORTED, analysis_error="no model")
    assert "Entity marks unavailable: no model." in html
    check(html)


def test_page_is_self_contained() -> None:
    html = render_html(ARTICLE, notes(), analysis=analysis(), what="all")
    assert "<script" not in html
    assert not re.search(r'(?:src|href)="(?!#|https://news\.example\.org)', html)
    assert "@media print" in html and "@media (max-width" in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_renders_in_headless_chromium(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    page = tmp_path / "page.html"
    page.write_text(
        render_html(ARTICLE, notes(), analysis=analysis(), what="all", exported_at=EXPORTED),
        encoding="utf-8",
    )
    base = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    png = tmp_path / "shot.png"
    shot = subprocess.run(
        [*base, f"--screenshot={png}", "--window-size=1200,900", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert png.exists() and png.stat().st_size > 10_000, shot.stderr[-2000:]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    dom = subprocess.run(
        [*base, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=90
    )
    assert "Council backs the river bridge" in dom.stdout
    assert "Contract says <em>June</em>." in dom.stdout
    console = [
        line
        for line in (shot.stderr + dom.stderr).splitlines()
        if "CONSOLE" in line or "Uncaught" in line
    ]
    assert console == []
    _ = span  # (the sample helpers are imported for the DOM checks above)


def test_title_line_is_not_repeated_under_the_heading() -> None:
    text = (
        "The bridge reopens\n\nThe bridge reopened on Monday.\n\nThe bridge reopens soon, said Ann."
    )
    art = Article.from_text(text, "The bridge reopens", "/tmp/bridge.txt")
    html = render_html(art, [], exported_at=EXPORTED)
    shown = _squash("".join(check(html).main_text))
    assert shown == "The bridge reopened on Monday. The bridge reopens soon, said Ann."
    assert "<h1>The bridge reopens</h1>" in html
