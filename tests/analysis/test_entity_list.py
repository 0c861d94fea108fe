"""One entity grouping: the Entities tab, the Markdown and HTML exports and ``margin analyze
--format text`` list the same entities with the same counts."""

from __future__ import annotations

import html
import io
import re

import pytest

from margin.analysis.engine import analyze
from margin.analysis.entity_list import KINDS, list_entities, listing_key
from margin.analysis.service.compact import ReaderAnalysis
from margin.cli.analyze_cmd import print_report
from margin.export.api import export_article
from margin.model import Analysis, Article, Entity
from margin.sources.loader import load_article
from margin.sources.sample import SAMPLE_PATH
from margin.styles.entities import ENTITY_GROUPS
from margin.tui.state.entity_index import EntityIndex

KIND_BY_NAME = {g.name: g.key for g in ENTITY_GROUPS}
Listing = list[tuple[str, str, int]]  # (kind, name, count)

STORY = (
    "Budget fight\n\n"
    "PORT ELLERY — Councillor Tom Becker's motion failed on Tuesday, and the Harbour "
    "Board said it would appeal. Becker said the vote was rushed.\n\n"
    'Mayor Ana Ruiz defended the budget. "We kept every promise," Ruiz told the Harbour '
    "Board, which meets again in May."
)


def tab_listing(analysis: Analysis, text: str) -> Listing:
    """The Entities tab's rows, from the compact form the reader gets from the analysis
    process."""
    payload = ReaderAnalysis.from_analysis(analysis, text).to_payload()
    mentions = ReaderAnalysis.from_payload(payload, text).mentions
    return [
        (kind, e.name, e.count)
        for kind, entries in EntityIndex(mentions).grouped()
        for e in entries
    ]


def markdown_listing(article: Article, analysis: Analysis) -> Listing:
    out = export_article(article, [], analysis=analysis, fmt="md", what="all")
    section = out.split("## Entities", 1)[1]
    found: Listing = []
    kind = ""
    for line in section.splitlines():
        if line.startswith("### "):
            kind = KIND_BY_NAME[line[4:].rsplit(" (", 1)[0]]
        elif m := re.fullmatch(r"- (.*) \((\d+)\)", line):
            found.append((kind, m.group(1), int(m.group(2))))
    return found


def html_listing(article: Article, analysis: Analysis) -> Listing:
    out = export_article(article, [], analysis=analysis, fmt="html", what="all")
    section = out.split('<section class="entity-list">', 1)[1].split("</section>", 1)[0]
    found: Listing = []
    for h3, items in re.findall(
        r'<h3 class="g-(\w+)">.*?</h3><ul class="entities">(.*?)</ul>', section, re.S
    ):
        for name, count in re.findall(r'<li>(.*?) <span class="count">×(\d+)</span></li>', items):
            found.append((h3, html.unescape(name), int(count)))
    return found


def report_listing(article: Article, analysis: Analysis) -> list[tuple[str, int]]:
    out = io.StringIO()
    print_report(article, analysis, out)
    table = out.getvalue().split("Entities", 2)[-1].split("Claims", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) == 3 and cells[2].isdigit():
            rows.append((cells[1], int(cells[2])))
    return rows


@pytest.mark.parametrize("source", ["story", "sample"])
def test_every_view_lists_the_same_entities_with_the_same_counts(nlp, tmp_path, source) -> None:
    if source == "sample":
        article = load_article(str(SAMPLE_PATH))
    else:
        path = tmp_path / "story.txt"
        path.write_text(STORY, encoding="utf-8")
        article = load_article(str(path))
    analysis = analyze(article.text, nlp)
    tab = tab_listing(analysis, article.text)
    assert tab, "the article names entities"
    assert markdown_listing(article, analysis) == tab
    assert html_listing(article, analysis) == tab
    assert report_listing(article, analysis) == [(name, count) for _, name, count in tab]
    expected = [(e.kind, e.name, e.count) for e in list_entities(analysis.entities)]
    assert tab == expected


def test_the_story_lists_each_person_once_by_the_fullest_name(nlp) -> None:
    analysis = analyze(STORY, nlp)
    people = [(e.name, e.count) for e in list_entities(analysis.entities) if e.kind == "person"]
    assert sorted(people) == [("Ana Ruiz", 2), ("Tom Becker", 2)]
    places = [e.name for e in list_entities(analysis.entities) if e.kind == "place"]
    assert "Port Ellery" in places


def test_listing_key_uses_the_group_and_else_the_name() -> None:
    assert listing_key("PERSON", "Ruiz", "Ana Ruiz") == ("person", "ana ruiz", "Ana Ruiz")
    assert listing_key("ORG", "the Council's") == ("org", "council", "Council")
    assert listing_key("DATE", "May 14") == ("number", "may 14", "May 14")
    assert listing_key("WEIRD", "X")[0] == "other"


def test_list_entities_orders_by_kind_then_count_then_first_mention() -> None:
    text = "Ann Lee met Bo Kim. Kim and Lee met Kim in Rome on Monday."
    at = [m.start() for m in re.finditer(r"Ann Lee|Bo Kim|Kim|Lee|Rome|Monday", text)]
    words = ["Ann Lee", "Bo Kim", "Kim", "Lee", "Kim", "Rome", "Monday"]
    labels = ["PERSON", "PERSON", "PERSON", "PERSON", "PERSON", "GPE", "DATE"]
    groups = ["Ann Lee", "Bo Kim", "Bo Kim", "Ann Lee", "Bo Kim", "Rome", ""]
    entities = [
        Entity(s, s + len(w), lab, w, g)
        for s, w, lab, g in zip(at, words, labels, groups, strict=True)
    ]
    listed = list_entities(entities)
    assert [(e.kind, e.name, e.count) for e in listed] == [
        ("person", "Bo Kim", 3),
        ("person", "Ann Lee", 2),
        ("place", "Rome", 1),
        ("number", "Monday", 1),
    ]
    assert listed[0].aliases == ["Kim"]
    assert [e.kind for e in listed] == sorted((e.kind for e in listed), key=KINDS.index)
