"""HTML pages to an article's reading text and headline, with trafilatura.

trafilatura finds the main content (navigation, scripts, ads, comments, footers go) and the
page metadata. From its XML body we build reading text ourselves so the structure survives:
paragraphs separated by a blank line, headings inside the article as lines of their own, list
items as ``• item`` lines, table rows as ``cell | cell`` lines.

Decisions:

* ``text`` is the article *body only*; the headline is returned separately as the title (the
  reader shows it above the text). A copy of the headline at the top of the body, and short
  kicker/dateline lines before it, are dropped.
* The title is the real headline: trafilatura's metadata title, with a trailing site-name or
  date suffix ("Headline | DW | 19.01.2020") removed when an ``<h1>``/``og:title`` shows the
  pure headline, or when the suffix is the site name.
* Small bits of page furniture that extractors let through are dropped: image credit lines
  ("(Credit: ...)", "Photo: ...") and trailing copyright/standards/citation lines.
* Block elements never glue their text together: before extraction every block element is
  set apart by line breaks (trafilatura strips nested ``<div>``s without a space), and a
  heading or paragraph inside a paragraph-like element ends its line.
* When the visible text is only a teaser but the page's schema.org JSON-LD carries the
  article's ``articleBody`` (:mod:`margin.sources.jsonld`), that body is the text if it has
  at least twice the words (or the same words, with its paragraphs); its ``headline`` is the
  title if the page shows none.
* Pages nested deeper than libxml2's default limit (256 elements, past which it silently
  drops the rest of the page) are parsed with its "huge" option (up to 2,048); deeper still
  is a clear error, not "no article text".

trafilatura (and lxml) are imported only when an HTML page is loaded, since they are slow to
import and ``margin --help`` must stay fast.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from margin.errors import LoadError
from margin.sanitize import control_pictures
from margin.sources.jsonld import jsonld_article, prefer_jsonld
from margin.sources.text import guess_decoding, mostly_utf8, shorten_title

if TYPE_CHECKING:
    from lxml.etree import _Element

#: An article body with fewer words than this is "no article text".
MIN_BODY_WORDS = 20

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—•·»:/]\s+|\s+-\s+|\s*\|\s*")
_DATE_LIKE = re.compile(r"^[\d\s./\-,]+$")
_QUOTES = str.maketrans({"′": "'", "’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'})

# Whole blocks that are page furniture wherever they appear (short image credits).
_CREDIT = re.compile(
    r"^\(?\s*(?:photo(?:graph)?s?|image|picture|illustration|graphic|video)?\s*"
    r"(?:credits?|courtesy)\s*:.*\)?$|^\(?\s*(?:photo(?:graph)?|image|picture|illustration)"
    r"\s*:\s*\S.*\)?$",
    re.I,
)
# In-article promotion lines ("Read more: <another story>").
_PROMO = re.compile(
    r"^(?:read more|read also|also read|see also|more on this(?: story)?|related|watch|listen"
    r"|recommended|explore further)\s*:",
    re.I,
)
# Trailing blocks that are page furniture (copyright, trust principles, journal citations...).
_TRAILING_CHROME = re.compile(
    r"^(?:©|\(c\)\s|copyright\b)|all rights reserved|^our standards\b|trust principles"
    r"|^(?:read more|related(?: articles| stories)?|more from|sign up|subscribe|follow us"
    r"|share this|advertisement)\b|^doi\s*:|^[A-Z][\w .&]{0,40} \d+, \d+\s*[-–]\s*\d+ \(\d{4}\)$",
    re.I,
)
_CHROME_MAX_CHARS = 200
_LEADING_MAX_CHARS = 120

_BLOCK_TAGS = {"p", "head", "list", "quote", "table", "code", "div"}

# HTML elements that start a new block when rendered (their text never runs into a neighbour's).
_HTML_BLOCK_NAMES = (
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul"
)
_HTML_BLOCKS = frozenset(_HTML_BLOCK_NAMES.split())
_PREFORMATTED = frozenset({"pre", "code", "textarea", "script", "style"})

MAX_DEPTH = 2048
"""The deepest element nesting libxml2 parses with its ``huge`` option."""


@dataclass
class HtmlResult:
    """The reading text and the headline of a page."""

    text: str
    title: str


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Decode an HTML page: BOM, then HTTP charset, then ``<meta charset>``, then UTF-8, then
    a detected encoding; undecodable bytes are replaced (HTML text offsets are not file
    offsets, so a stray bad byte should not make a page unreadable)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").removeprefix("\ufeff")
    head = data[:4096]
    declared = [http_charset]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        match = pattern.search(head)
        if match:
            declared.append(match.group(1).decode("ascii", "replace"))
    for name in declared:
        if not name:
            continue
        try:
            encoding = codecs.lookup(name.strip().lower()).name
        except LookupError:
            continue
        if encoding in ("latin-1", "iso8859-1", "ascii"):
            encoding = "cp1252"  # what browsers do, per the WHATWG encoding standard
        if encoding.startswith("utf-16"):
            continue  # a UTF-16 page without BOM declaring itself in ASCII is a lie
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
        # The declaration is wrong (often "utf-8" on a Windows-1252 page): guess if we can.
        guessed = None if mostly_utf8(data) else guess_decoding(data)
        return guessed if guessed is not None else data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guessed = guess_decoding(data)
    if guessed is not None:
        return guessed
    if mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    if best is not None:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def looks_like_html(data: bytes) -> bool:
    """True if ``data`` looks like an HTML document (for stdin and unknown extensions)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    if not head.startswith(b"<"):
        return False
    return re.search(rb"<(?:html|head|body|article|main|div|p|title|meta)\b", head) is not None


# -- title ------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split()).casefold()


def _element_text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def headline_candidates(tree: Any) -> list[str]:
    """Texts that may be the pure headline: ``og:title``, ``twitter:title``, every ``<h1>``."""
    found: list[str] = []
    for xpath in (
        '//meta[@property="og:title"]/@content',
        '//meta[@name="twitter:title"]/@content',
        '//meta[@property="twitter:title"]/@content',
    ):
        found.extend(" ".join(str(v).split()) for v in tree.xpath(xpath))
    found.extend(_element_text(h1) for h1 in tree.iter("h1"))
    return [c for c in dict.fromkeys(found) if c]


def _site_words(sitename: str | None, hostname: str | None) -> set[str]:
    words = set()
    if sitename:
        words.add(_norm(sitename))
        words.add(_norm(sitename).removesuffix(".com"))
    if hostname:
        host = hostname.lower().removeprefix("www.")
        words.add(host)
        words.add(host.split(".")[0])
    return {w for w in words if w}


def clean_title(
    title: str | None,
    candidates: list[str],
    *,
    sitename: str | None = None,
    hostname: str | None = None,
) -> str | None:
    """The pure headline out of a page title that may carry a site-name or date suffix."""
    if not title:
        return candidates[0] if candidates else None
    title = " ".join(title.split())
    norm_title = _norm(title)
    site = _site_words(sitename, hostname)

    def is_junk(part: str) -> bool:
        norm = _norm(part)
        return norm in site or bool(_DATE_LIKE.match(norm))

    # "Headline | Site | date" where a candidate is exactly "Headline": take the candidate,
    # unless it is only a lead-in ("Climate change - what the data says" with an h1 "Climate
    # change"): what follows must look like a site name or a date, or be the shorter part.
    best: str | None = None
    for cand in candidates:
        norm_cand = _norm(cand)
        if len(norm_cand) < 8 or not norm_title.startswith(norm_cand):
            continue
        rest = norm_title[len(norm_cand) :]
        if not _TITLE_SEPARATORS.match(rest):
            continue
        rest_parts = [p for p in _TITLE_SEPARATORS.split(rest) if p.strip()]
        site_like = all(is_junk(p) or len(p.split()) <= 3 for p in rest_parts)
        if (len(norm_cand) * 2 >= len(norm_title) or site_like) and (
            best is None or len(cand) > len(best)
        ):
            best = cand
    if best is not None:
        return best
    # Otherwise strip trailing (or leading) segments that are the site's name or a date.
    parts = _TITLE_SEPARATORS.split(title)

    while len(parts) > 1 and is_junk(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_junk(parts[0]):
        parts.pop(0)
    if len(parts) == len(_TITLE_SEPARATORS.split(title)):
        return title
    # Re-cut the original string so the separators inside the headline survive.
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end] if start >= 0 and end > start else title


# -- body -------------------------------------------------------------------------------------


def _inline_text(el: _Element) -> str:
    """The text of an element with ``<lb/>`` as newlines, whitespace collapsed per line."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag in ("graphic",):
            pass
        elif child.tag in ("p", "list", "item", "quote", "head", "div"):
            # A block inside a paragraph-like element has lines of its own.
            parts.extend(("\n", _inline_text(child), "\n"))
        else:
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _list_lines(el: _Element, depth: int, out: list[str]) -> None:
    ordered = el.get("rend", "") == "ol"
    number = 1
    indent = "  " * depth
    for item in el:
        if item.tag != "item":
            continue
        nested = [child for child in item if child.tag == "list"]
        for child in nested:  # take nested lists out of the item's own text
            item.remove(child)
        text = _inline_text(item)
        marker = f"{number}. " if ordered else "• "
        if text:
            lines = text.split("\n")
            out.append(indent + marker + lines[0])
            out.extend(indent + " " * len(marker) + line for line in lines[1:])
            number += 1
        for child in nested:
            _list_lines(child, depth + 1, out)


def _blocks(el: _Element, out: list[str]) -> None:
    """Append the reading blocks (paragraph-like strings) of ``el``'s children to ``out``."""
    for child in el:
        tag = child.tag
        if tag == "list":
            lines: list[str] = []
            _list_lines(child, 0, lines)
            if lines:
                out.append("\n".join(lines))
        elif tag == "table":
            rows = []
            for row in child.iter("row"):
                cells = [" ".join(_inline_text(c).split()) for c in row if c.tag == "cell"]
                if any(cells):
                    rows.append(" | ".join(cells))
            if rows:
                out.append("\n".join(rows))
        elif tag in ("quote", "div") and any(c.tag in _BLOCK_TAGS for c in child):
            own = " ".join((child.text or "").split())
            if own:
                out.append(own)
            _blocks(child, out)
        elif tag in ("graphic", "lb"):
            pass
        elif tag == "code":
            code = "".join(child.itertext()).strip("\n")
            if code.strip():
                out.append(code)
        else:
            text = _inline_text(child)
            if text:
                out.append(text)
        tail = " ".join((child.tail or "").split())
        if tail:
            out.append(tail)


def _drop_chrome(blocks: list[str], title: str | None) -> list[str]:
    blocks = [
        b
        for b in blocks
        if not (len(b) <= _CHROME_MAX_CHARS and (_CREDIT.match(b) or _PROMO.match(b)))
    ]
    if title:
        norm_title = _norm(title)
        for i, block in enumerate(blocks[:4]):
            if _norm(block) == norm_title:
                if all(len(b) <= _LEADING_MAX_CHARS for b in blocks[:i]):
                    blocks = blocks[i + 1 :]
                break
    while blocks and len(blocks[-1]) <= _CHROME_MAX_CHARS and _TRAILING_CHROME.search(blocks[-1]):
        blocks.pop()
    return blocks


def _quiet_loggers() -> None:
    """Keep trafilatura's and friends' log lines away from the user's terminal."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.CRITICAL)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _inert_controls(html: str) -> str:
    """Raw C0 controls and references to them (``&#27;``) as control pictures (``␛``):
    lxml keeps them but the extraction then drops the whole page; shown, they are inert."""

    def reference(match: re.Match[str]) -> str:
        hex_digits, digits = match.groups()
        value = int(hex_digits, 16) if hex_digits else int(digits)
        if (value < 0x20 and value not in (0x09, 0x0A, 0x0D)) or value == 0x7F:
            return control_pictures(chr(value))
        return match.group()

    return control_pictures(_CHAR_REF.sub(reference, html))


def parse_html(html: str, *, name: str) -> Any:
    """The lxml tree of a page, as trafilatura's ``load_html`` builds it but without libxml2's
    256-element depth limit (raise :class:`LoadError`)."""
    from lxml.html import HTMLParser, fromstring
    from trafilatura.utils import repair_faulty_html

    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    html = repair_faulty_html(html, html[:50].lower())
    try:
        try:
            tree = fromstring(html, parser=parser)
        except ValueError:  # a str with an encoding declaration: lxml wants bytes
            tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception as exc:  # lxml parser errors on hopeless input
        raise LoadError(f"{name} could not be parsed as HTML ({exc})") from None
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise LoadError(
            f"{name}: its elements are nested more than {MAX_DEPTH:,} deep; margin cannot read it"
        )
    if tree is None or ("html" not in html[:50].lower() and len(tree) < 2):
        raise LoadError(f"{name} could not be parsed as HTML")
    return tree


def separate_blocks(tree: Any) -> None:
    """Put a line break before and after every block element (outside ``<pre>``) so that no
    extractor can run one block's text into the next's."""
    stack = [tree]
    while stack:
        el = stack.pop()
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _HTML_BLOCKS and el is not tree:
            before, parent = el.getprevious(), el.getparent()
            if before is not None:
                before.tail = (before.tail or "") + "\n"
            elif parent is not None:
                parent.text = (parent.text or "") + "\n"
            el.tail = "\n" + (el.tail or "")
        if tag not in _PREFORMATTED:  # inside, white space is content: leave it
            stack.extend(el)


def extract_html(
    data: bytes, *, name: str, url: str | None = None, http_charset: str | None = None
) -> HtmlResult:
    """Pull the article text and headline out of an HTML page (raise :class:`LoadError`)."""
    _quiet_loggers()
    from trafilatura import bare_extraction

    html = _inert_controls(decode_html(data, http_charset))
    tree = parse_html(html, name=name)
    candidates = headline_candidates(tree)
    declared = jsonld_article(tree)  # before trafilatura prunes the scripts
    separate_blocks(tree)
    try:
        doc = bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_formatting=False,
            include_links=False,
        )
    except Exception as exc:  # trafilatura is robust, but never let a page crash margin
        raise LoadError(f"{name}: the article could not be extracted ({exc})") from None
    title = None
    blocks: list[str] = []
    if doc is not None:
        title = clean_title(doc.title, candidates, sitename=doc.sitename, hostname=doc.hostname)
        if doc.body is not None:
            _blocks(doc.body, blocks)
            blocks = _drop_chrome(blocks, title)
    else:
        title = clean_title(None, candidates)
    text = "\n\n".join(blocks)
    if (
        declared is not None
        and len(declared.body.split()) >= MIN_BODY_WORDS
        and prefer_jsonld(declared.body, text)
    ):
        title = title or declared.headline or None
        text = "\n\n".join(_drop_chrome(declared.body.split("\n\n"), title))
    if len(text.split()) < MIN_BODY_WORDS:
        raise LoadError(f"{name}: no article text found in this page")
    if not title:
        title = text.split("\n", 1)[0]
    return HtmlResult(text=text, title=shorten_title(title))
