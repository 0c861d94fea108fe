"""The library's cell texts: short sources, relative times, the search's match rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from library_host import ENTRIES, NOW, iso

from margin.tui.state.library_format import matches, relative_time, short_source


@pytest.mark.parametrize(
    ("source", "short"),
    [
        ("https://www.example.org/a/b.html", "example.org"),
        ("http://news.example.net:8080/x", "news.example.net"),
        ("/home/ana/news/budget.html", "budget.html"),
        ("story.txt", "story.txt"),
        ("file:///tmp/story.md", "story.md"),
        ("-", "stdin"),
        ("", "—"),
    ],
)
def test_short_source(source: str, short: str) -> None:
    assert short_source(source) == short


@pytest.mark.parametrize(
    ("ago", "text"),
    [
        (timedelta(seconds=10), "just now"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(minutes=5), "5 min ago"),
        (timedelta(hours=3), "3 h ago"),
        (timedelta(hours=13), "yesterday"),
        (timedelta(days=3), "3 days ago"),
        (timedelta(days=40), "2 Feb"),
        (timedelta(days=400), "8 Feb 2024"),
    ],
)
def test_relative_time(ago: timedelta, text: str) -> None:
    assert relative_time(iso(ago), NOW) == text


def test_relative_time_of_bad_input() -> None:
    assert relative_time("", NOW) == "—"
    assert relative_time("yesterday-ish", NOW) == "—"


def test_matches_every_word_in_title_or_source() -> None:
    e = ENTRIES[0]
    assert matches(e, "ferry")
    assert matches(e, "FERRY example.org")
    assert not matches(e, "ferry budget")
