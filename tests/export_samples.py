"""A small article with notes and a hand-made analysis, shared by the export tests."""

from __future__ import annotations

from margin.model import Analysis, Article, Claim, Entity, Speaker, TextSpan
from margin.storage.model import Anchor, Note

TEXT = (
    "Council backs the river bridge\n"
    "\n"
    'Mayor Jane Doe said the bridge would open in May. "We are on schedule," Doe said.\n'
    "\n"
    "Critics disagree. The cost has doubled, they say, and the cost will rise again."
)
ARTICLE = Article.from_text(
    TEXT, "Council backs the river bridge", "https://news.example.org/bridge-vote"
)
EXPORTED = "2024-05-01T10:00:00Z"


def span(needle: str, nth: int = 0) -> tuple[int, int]:
    """``(start, end)`` of the ``nth`` occurrence of ``needle`` in :data:`TEXT`."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def anchor(needle: str, nth: int = 0) -> Anchor:
    return Anchor.from_text(TEXT, *span(needle, nth))


def notes() -> list[Note]:
    """Two highlights, a note with tags, and an orphan (given out of reading order)."""
    sha = ARTICLE.sha256
    return [
        Note(
            "0b5e7f0c2d3a4e5f8a9b0c1d2e3f4a5b",
            sha,
            anchor("cost", 1),
            created="2024-04-30T09:03:00Z",
            updated="2024-04-30T09:03:00Z",
        ),
        Note(
            "1c6f8a1d3e4b5f60ab0c1d2e3f4a5b6c",
            sha,
            anchor("the bridge would open in May"),
            body="Contract says *June*.\nAsk the press office.",
            tags=("check", "bridge-plans"),
            colour=2,
            created="2024-04-30T09:01:00Z",
            updated="2024-04-30T09:02:00Z",
        ),
        Note(
            "2d7a9b2e4f5c6a71bc1d2e3f4a5b6c7d",
            sha,
            Anchor("The opening date slipped", "Critics disagree. ", " again.", 120, 144),
            body="Was in the first draft.",
            tags=("draft",),
            created="2024-04-29T18:00:00Z",
            updated="2024-04-29T18:00:00Z",
            status="orphaned",
        ),
        Note(
            "3e8b0c3f5a6d7b82cd2e3f4a5b6c7d8e",
            sha,
            anchor("Mayor Jane Doe"),
            colour=1,
            created="2024-04-30T09:00:00Z",
            updated="2024-04-30T09:00:00Z",
        ),
    ]


def analysis() -> Analysis:
    """Entities and claims as the engine would give them for :data:`TEXT`."""
    jane = span("Jane Doe")
    doe = span("Doe", 1)
    said1 = span("said")
    said2 = span("said", 1)
    may = span("May.")
    entities = [
        Entity(*span("Council"), "ORG", "Council"),
        Entity(*jane, "PERSON", "Jane Doe", "Jane Doe"),
        Entity(may[0], may[0] + 3, "DATE", "May"),
        Entity(*doe, "PERSON", "Doe", "Jane Doe"),
    ]
    claims = [
        Claim(
            "reported",
            TextSpan.of(TEXT, *span("the bridge would open in May")),
            Speaker(*jane, "Jane Doe", group="Jane Doe"),
            TextSpan.of(TEXT, *said1),
            sentence=1,
        ),
        Claim(
            "quote",
            TextSpan.of(TEXT, *span("We are on schedule,")),
            Speaker(*jane, "Jane Doe", TextSpan.of(TEXT, *doe), "Jane Doe"),
            TextSpan.of(TEXT, *said2),
            sentence=2,
        ),
        Claim(
            "assertion",
            TextSpan.of(TEXT, *span("The cost has doubled")),
            score=0.8,
            sentence=4,
        ),
    ]
    sentences = [span(s) for s in ("Council backs the river bridge",)]
    return Analysis(sentences=sentences, entities=entities, claims=claims, model="test-model")
