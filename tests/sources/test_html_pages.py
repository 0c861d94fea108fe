"""Reading real-world page shapes: a teaser page whose JSON-LD carries the article body, block
elements that must never glue their words together, and deeply nested pages."""

from __future__ import annotations

import json

import pytest

from margin.errors import LoadError
from margin.sources.html import decode_html, extract_html, parse_html
from margin.sources.jsonld import clean_body, jsonld_article, prefer_jsonld

PARAGRAPHS = [
    "The regional ferry operator will cut its winter timetable by a third from November, "
    "its chief executive, Ana Moreau, told staff on Monday.",
    "Fuel costs had doubled since the spring, she said, and the company could no longer run "
    "empty crossings late at night.",
    "Unions said they had not been consulted and called the cuts “a decision taken in a "
    "spreadsheet, not on a quay.”",
    "The island council, which depends on the evening boat for its commuters, asked the "
    "operator to keep at least one crossing after eight o'clock.",
    "A spokesperson for the transport ministry said the timetable was a matter for the "
    "company, but that the subsidy agreement would be reviewed in January.",
    "Passengers interviewed at the harbour were divided: some welcomed cheaper fares on the "
    "remaining crossings, others said they would have to leave the island.",
]
BODY = "\n\n".join(PARAGRAPHS)
TEASER = "The regional ferry operator will cut its winter timetable by a third."
HEADLINE = "Ferry operator cuts winter timetable by a third"


def _page(
    *,
    head: str = f"<title>{HEADLINE} | Coast News</title>",
    body: str = f"<article><h1>{HEADLINE}</h1><p>{TEASER}</p><p>Subscribe to read more.</p>"
    "</article>",
    ld: object = None,
    raw_ld: str | None = None,
) -> bytes:
    script = ""
    if ld is not None or raw_ld is not None:
        script = f'<script type="application/ld+json">{raw_ld or json.dumps(ld)}</script>'
    return f"<html><head>{head}{script}</head><body>{body}</body></html>".encode()


def _news(body: str = BODY, kind: object = "NewsArticle", **more: object) -> dict[str, object]:
    return {"@context": "https://schema.org", "@type": kind, "headline": HEADLINE,
            "articleBody": body, **more}  # fmt: skip


# -- JSON-LD articleBody ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "ld",
    [
        _news(),
        _news(kind="ReportageNewsArticle"),
        _news(kind=["NewsArticle", "Thing"]),
        _news(kind="https://schema.org/Article"),
        [{"@type": "Organization", "name": "Coast News"}, _news()],
        {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, _news()]},
        {"@type": "WebPage", "mainEntity": _news()},
    ],
    ids=["news", "reportage", "type-list", "iri-type", "list", "graph", "nested"],
)
def test_a_teaser_page_takes_the_jsonld_body(ld: object) -> None:
    result = extract_html(_page(ld=ld), name="teaser.html")
    assert result.text == BODY
    assert result.title == HEADLINE


def test_a_page_showing_only_its_opening_paragraphs_takes_the_jsonld_body() -> None:
    # What paywalled sites show: the first paragraphs and a photo caption (old code: 257
    # characters of text, the JSON-LD body ignored because the extractor found "enough").
    shown = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    body = f"<article><h1>{HEADLINE}</h1>{shown}<figure><figcaption>The harbour at dusk."
    page = _page(body=body + "</figcaption></figure></article>", ld=_news())
    assert extract_html(page, name="paywall.html").text == BODY


def test_a_jsonld_body_in_html_with_entities_becomes_paragraphs() -> None:
    html_body = "".join(f"<p>{p.replace('’', '&rsquo;')}</p>" for p in PARAGRAPHS)
    html_body = html_body.replace("Fuel costs", "Fuel&nbsp;costs<br>")
    result = extract_html(_page(ld=_news(html_body)), name="teaser.html")
    paragraphs = result.text.split("\n\n")
    assert len(paragraphs) == len(PARAGRAPHS)
    assert paragraphs[0] == PARAGRAPHS[0]
    assert "<" not in result.text and "&" not in result.text and "\u00a0" not in result.text


def test_the_jsonld_headline_is_the_title_when_the_page_has_none() -> None:
    page = _page(head="", body=f"<div><p>{TEASER}</p></div>", ld=_news())
    result = extract_html(page, name="untitled.html")
    assert result.title == HEADLINE and result.text == BODY


def test_a_full_visible_article_is_kept_over_its_jsonld_copy() -> None:
    visible = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = _page(
        body=f"<article><h1>{HEADLINE}</h1>{visible}</article>",
        ld=_news(BODY + "\n\nPhoto: the harbour at dusk."),  # a little longer: not "fuller"
    )
    result = extract_html(page, name="full.html")
    assert result.text == BODY


def test_a_teaser_jsonld_body_never_replaces_the_page() -> None:
    visible = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = _page(body=f"<article><h1>{HEADLINE}</h1>{visible}</article>", ld=_news(TEASER))
    assert extract_html(page, name="full.html").text == BODY


@pytest.mark.parametrize(
    "ld, raw",
    [
        ({"@type": "WebPage", "articleBody": BODY}, None),  # not an article
        ({"@type": "NewsArticle", "articleBody": ["not", "a", "string"]}, None),
        (None, '{"@type": "NewsArticle", "articleBody": "unterminated'),
        (None, "[" * 100_000),  # nested too deeply for the JSON parser
    ],
    ids=["webpage", "not-a-string", "bad-json", "deep-json"],
)
def test_unusable_jsonld_is_ignored(ld: object, raw: str | None) -> None:
    page = _page(ld=ld, raw_ld=raw)
    assert jsonld_article(parse_html(decode_html(page), name="teaser.html")) is None
    try:  # whatever the extractor makes of the page, it is never a crash
        extract_html(page, name="teaser.html")
    except LoadError as exc:
        assert "no article text found" in str(exc)


def test_jsonld_is_preferred_when_twice_as_long_or_the_same_words() -> None:
    words = BODY.split()
    assert prefer_jsonld(BODY, TEASER) and prefer_jsonld(BODY, "")
    assert prefer_jsonld(BODY, " ".join(words))  # same words: the one with paragraphs
    assert not prefer_jsonld(" ".join(words[:39]), " ".join(words[:20]))
    assert prefer_jsonld(" ".join(words[:40]), " ".join(words[:20]))
    assert not prefer_jsonld(TEASER, BODY)


def test_clean_body_keeps_paragraphs_and_collapses_space() -> None:
    assert clean_body("One  two\n three\n\n\nFour\tfive") == "One two three\n\nFour five"
    assert clean_body("Line one\nLine two") == "Line one\n\nLine two"  # single breaks: paragraphs


# -- block elements never glue ----------------------------------------------------------------

FILLER = " ".join(PARAGRAPHS[1:4])


@pytest.mark.parametrize(
    "inner, pairs",
    [
        (f"<ul><li><h4>Quay heading</h4>Rates item. {FILLER}</li><li>Second item.</li></ul>",
         [("heading", "Rates")]),
        (f"<div>Outer text<div>Inner start. {FILLER}</div>Outer after</div>",
         [("text", "Inner"), ("o'clock", "Outer")]),
        (f"<div>Lead text <h3>Middle heading</h3>Trailing words. {FILLER}</div>",
         [("text", "Middle"), ("heading", "Trailing")]),
        (f"<section><h2>Section heading</h2><div><div>Deep words. {FILLER}</div></div></section>",
         [("heading", "Deep")]),
    ],
    ids=["heading-in-item", "nested-divs", "heading-in-div", "heading-then-divs"],
)  # fmt: skip
def test_block_elements_never_glue_their_words(inner: str, pairs: list[tuple[str, str]]) -> None:
    page = _page(body=f"<article><h1>{HEADLINE}</h1><p>{PARAGRAPHS[0]}</p>{inner}</article>")
    text = extract_html(page, name="blocks.html").text
    words = text.split()
    for last, first in pairs:
        assert last + first not in text and f"{last}.{first}" not in text
        i = next(i for i, w in enumerate(words) if w.rstrip(".”") == last and i + 1 < len(words)
                 and words[i + 1] == first)  # fmt: skip
        assert i >= 0


# -- deep nesting -----------------------------------------------------------------------------


def _deep(depth: int) -> bytes:
    article = f"<article><h1>{HEADLINE}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return _page(body="<div>" * depth + article + "</article>" + "</div>" * depth)


@pytest.mark.parametrize("depth", [260, 1000])
def test_a_deeply_nested_page_is_read(depth: int) -> None:
    assert extract_html(_deep(depth), name="deep.html").text == BODY


def test_a_page_nested_beyond_the_parser_limit_is_a_clear_error() -> None:
    with pytest.raises(LoadError, match="nested more than 2,048 deep"):
        extract_html(_deep(3000), name="deeper.html")
