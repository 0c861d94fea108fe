"""Shared helpers of the loader tests (tests/sources/test_loader_*.py): the fixture articles,
their headline, the page furniture of harbour.html, and ``load_error``."""

from __future__ import annotations

from pathlib import Path

import pytest

from margin.errors import LoadError
from margin.sources.loader import load_article

FIXTURES = Path(__file__).parent / "sources" / "fixtures" / "articles"
HARBOUR_TXT = (FIXTURES / "harbour.txt").read_text(encoding="utf-8")
HEADLINE = "Harbour council votes to close the old ferry pier"

# Strings that live only in the page furniture of harbour.html, never in its article.
HTML_CHROME = [
    "TRACKING-SCRIPT-CODE",
    "INLINE-SCRIPT-TEXT",
    "trackingPixel",
    "font-family",
    "cookies",
    "ADVERTISEMENT",
    "Marina Mega Sale",
    "Subscribe to the Gazette",
    "Weather forecast",
    "Share on Facebook",
    "Most read",
    "Lighthouse keeper",
    "Storm warning",
    "COMMENT-TEXT",
    "Comments (2)",
    "NEWSLETTER-SIGNUP",
    "All rights reserved",
    "Privacy policy",
    "Contact us",
    "Read more:",
    "Credit:",
    "Local news",
    "By Ada Linnet",
]


def fixture(name: str) -> str:
    """The path of the fixture article ``name``, as a string."""
    return str(FIXTURES / name)


def load_error(source: str, **kwargs: object) -> str:
    """The message of the LoadError that loading ``source`` raises (which must be one line)."""
    with pytest.raises(LoadError) as info:
        load_article(source, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert message and "\n" not in message
    assert "Traceback" not in message
    return message
