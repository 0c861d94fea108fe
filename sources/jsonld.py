"""The article body a page declares in its schema.org JSON-LD, for pages whose visible HTML
holds only a teaser (paywalled and script-rendered news sites).

A ``<script type="application/ld+json">`` may hold one object, a list, or an ``@graph``; an
object whose ``@type`` is ``Article`` or one of its kinds (``NewsArticle``,
``ReportageNewsArticle``, ``BlogPosting``, ``Report``...) may carry the full text as
``articleBody`` (plain text, sometimes HTML or with HTML entities) and the ``headline``.
Everything here is untrusted page content: bad JSON, odd shapes and huge values are skipped,
never raised.
"""

from __future__ import annotations

import html
import json
import re
from collections import deque
from dataclasses import dataclass
from typing import Any

MAX_SCRIPT_CHARS = 10_000_000
"""A JSON-LD script longer than this is skipped (pages are at most 20 MB)."""

MAX_OBJECTS = 10_000
"""At most this many JSON objects and lists are looked at in one JSON-LD script."""

_ARTICLE_TYPE = re.compile(r"(?:Article|Posting|Report)$")
_HTML_TAG = re.compile(
    r"</?(?:p|br|div|h[1-6]|li|ul|ol|blockquote|section|span|a|em|strong)\b", re.I
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "section"}
_COMMENT_WRAP = re.compile(
    r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)|(?:-->|/\*\s*\]\]>\s*\*/|\]\]>)\s*$"
)


@dataclass(frozen=True)
class JsonLdArticle:
    """An article's body (paragraphs separated by blank lines) and headline from JSON-LD."""

    body: str
    headline: str


def _types(obj: dict[str, Any]) -> list[str]:
    value = obj.get("@type", ())
    values = value if isinstance(value, list) else [value]
    # "NewsArticle", "schema:NewsArticle", "https://schema.org/NewsArticle"
    return [re.split(r"[/:#]", v)[-1] for v in values if isinstance(v, str)]


def _objects(data: Any) -> list[dict[str, Any]]:
    """The JSON objects in ``data`` (lists, ``@graph`` and nested values), breadth first; at
    most :data:`MAX_OBJECTS` objects and lists are looked at."""
    found: list[dict[str, Any]] = []
    queue: deque[Any] = deque([data])
    seen = 0
    while queue and seen < MAX_OBJECTS:
        item = queue.popleft()
        seen += 1
        if isinstance(item, dict):
            found.append(item)
            queue.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            queue.extend(v for v in item if isinstance(v, dict | list))
    return found


def _parse(script: str) -> Any:
    if len(script) > MAX_SCRIPT_CHARS:
        return None
    try:
        return json.loads(_COMMENT_WRAP.sub("", script.strip()))
    except (ValueError, RecursionError):
        return None


def _text_of_html(fragment: str) -> str:
    """Paragraphs of an HTML fragment (block elements and ``<br>`` end lines)."""
    from lxml.html import fragment_fromstring

    try:
        root = fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml on hopeless markup: keep the text with the tags stripped
        return re.sub(r"<[^>]+>", " ", fragment)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
        elif el.tag == "br":
            el.tail = "\n" + (el.tail or "")
    return root.text_content()


def clean_body(raw: str) -> str:
    """``articleBody`` as reading text: HTML and entities resolved, white space collapsed
    within paragraphs, paragraphs separated by one blank line."""
    text = _text_of_html(raw) if _HTML_TAG.search(raw) else raw
    text = html.unescape(text)
    paragraphs = _PARAGRAPH_BREAK.split(text) if _PARAGRAPH_BREAK.search(text) else text.split("\n")
    lines = (" ".join(p.split()) for p in paragraphs)
    return "\n\n".join(line for line in lines if line)


def jsonld_article(tree: Any) -> JsonLdArticle | None:
    """The longest ``articleBody`` of an Article-typed JSON-LD object in the page ``tree``
    (an lxml HTML tree, before trafilatura prunes its scripts), or ``None``."""
    best: JsonLdArticle | None = None
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        data = _parse(script.text or "")
        if data is None:
            continue
        for obj in _objects(data):
            body = obj.get("articleBody")
            if not isinstance(body, str) or not any(_ARTICLE_TYPE.search(t) for t in _types(obj)):
                continue
            text = clean_body(body)
            if best is not None and len(text) <= len(best.body):
                continue
            headline = obj.get("headline") or obj.get("name") or ""
            headline = (
                " ".join(html.unescape(headline).split()) if isinstance(headline, str) else ""
            )
            best = JsonLdArticle(body=text, headline=headline)
    return best


FULLER_FACTOR = 2.0
"""The JSON-LD body replaces the visible text only with at least this many times its words."""


def prefer_jsonld(jsonld_body: str, visible: str) -> bool:
    """Whether the JSON-LD body should be the article text rather than the visible text.

    Yes if it is clearly the fuller text: :data:`FULLER_FACTOR` times the visible text's words
    or more (so a teaser ``articleBody``, or one that repeats the visible article with a few
    captions more, never replaces what the page shows). Yes too if both hold the same words
    (an extractor fell back on the JSON-LD itself and lost its paragraph breaks).
    """
    body_words, shown_words = jsonld_body.split(), visible.split()
    return len(body_words) >= FULLER_FACTOR * len(shown_words) or body_words == shown_words
