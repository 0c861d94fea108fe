"""A small library of hand-written articles whose analyses (hand-made claims) are in the
analysis cache: for the claims index, the Speakers and Claims views and ``margin claims``.
No spaCy: the claims are written here, the way the analyser would give them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from margin.analysis.cache import AnalysisCache
from margin.model import Analysis, Article, Claim, Entity, Speaker, TextSpan
from margin.storage.store import Store

MODEL = "test-model@1"
"""The model id the test cache is keyed by."""


@dataclass(frozen=True)
class Said:
    """A claim to find in a text: its content, its speaker as written and the speaker's group
    (its fullest name in the article; "" for no named entity), whether a person, its cue."""

    content: str
    speaker: str = ""
    group: str = ""
    person: bool = True
    cue: str = ""
    kind: str = "reported"


def analysis_of(text: str, said: list[Said]) -> Analysis:
    """The analysis of ``text`` with these claims (spans found in the text)."""
    claims: list[Claim] = []
    entities: list[Entity] = []
    for s in said:
        start = text.index(s.content)
        content = TextSpan.of(text, start, start + len(s.content))
        speaker = cue = None
        if s.speaker:
            at = text.index(s.speaker)
            speaker = Speaker(at, at + len(s.speaker), s.speaker, None, s.group)
            if s.group:
                label = "PERSON" if s.person else "ORG"
                entities.append(Entity(at, at + len(s.speaker), label, s.speaker, s.group))
        if s.cue:
            at = text.index(s.cue)
            cue = TextSpan.of(text, at, at + len(s.cue))
        claims.append(Claim(s.kind, content, speaker, cue))  # type: ignore[arg-type]
    entities.sort(key=lambda e: e.start)
    claims.sort(key=lambda c: c.content.start)
    return Analysis(sentences=sentences_of(text), entities=entities, claims=claims, model=MODEL)


def sentences_of(text: str) -> list[tuple[int, int]]:
    """The text's sentences, cut after each ". " (enough for these texts)."""
    spans, start = [], 0
    for match in re.finditer(r"\. ", text):
        spans.append((start, match.start() + 1))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def add_article(
    store: Store,
    cache: AnalysisCache | None,
    title: str,
    source: str,
    text: str,
    said: list[Said],
) -> Article:
    """Put the article in the library and (with a cache) its analysis in the cache."""
    article = Article.from_text(text, title, source)
    store.add_article(article)
    if cache is not None:
        assert cache.put(article.sha256, MODEL, analysis_of(text, said))
    return article


BUDGET = (
    "Council approves harbour budget",
    "/home/reporter/news/budget.txt",
    "Ana Ruiz said the harbour budget would rise by a tenth. Ruiz told reporters the ferries "
    "would run all night. The Harbour Trust said it welcomed the plan.",
    [
        Said("the harbour budget would rise by a tenth", "Ana Ruiz", "Ana Ruiz", cue="said"),
        Said("the ferries would run all night", "Ruiz", "Ana Ruiz", cue="told"),
        Said("it welcomed the plan", "The Harbour Trust", "Harbour Trust", person=False,
             cue="said"),
    ],
)  # fmt: skip
FERRY = (
    "Night ferries start in May",
    "https://news.example/ferries",
    "Ruiz said the night ferries would start in May. A spokesman said tickets would cost less.",
    [
        Said("the night ferries would start in May", "Ruiz", "Ruiz", cue="said"),
        Said("tickets would cost less", "A spokesman", "", cue="said"),
    ],
)
MARKET = (
    "Fish market moves inland",
    "/home/reporter/news/market.txt",
    "Tomas Ruiz said the fish market would move inland. Ana  ruiz said she opposed the move.",
    [
        Said("the fish market would move inland", "Tomas Ruiz", "Tomas Ruiz", cue="said"),
        Said("she opposed the move", "Ana  ruiz", "Ana  ruiz", cue="said"),
    ],
)
UNREAD = (
    "Pier lights repaired",
    "/home/reporter/news/pier.txt",
    "The pier lights were repaired overnight, the harbour master said.",
    [],
)


def build_library(db: Path, cache_dir: Path, *, market: bool = True) -> list[Article]:
    """The test library: two articles on Ana Ruiz (one naming her only *Ruiz*), one (with
    ``market``) quoting Tomas Ruiz as well, and one whose analysis is not cached."""
    store = Store(db)
    cache = AnalysisCache(cache_dir)
    made = [add_article(store, cache, *BUDGET), add_article(store, cache, *FERRY)]
    if market:
        made.append(add_article(store, cache, *MARKET))
    made.append(add_article(store, None, *UNREAD))
    return made


class CacheAnalyzer:
    """A reader's analyser that reads the test cache (an empty analysis on a miss)."""

    cached = True

    def __init__(self, cache_dir: Path) -> None:
        self.cache = AnalysisCache(cache_dir)

    def prepare(self, article: Article) -> None:
        """Nothing to load."""

    def close(self) -> None:
        """Nothing to free."""

    def __call__(self, article: Article, **_: object) -> object:
        from margin.analysis.service.compact import ReaderAnalysis

        found = self.cache.get(article.sha256, MODEL)
        analysis = found or Analysis(sentences=[], entities=[], claims=[], model=MODEL)
        return ReaderAnalysis.from_analysis(analysis, article.text)


def library_app(monkeypatch: Any, config: Any = None) -> Any:
    """margin's app over the test library (in ``$MARGIN_DB``, its cache in
    ``$MARGIN_CACHE_DIR``), with the cache keyed by the test model (``config``: a
    ``ReaderConfig``, the defaults if None)."""
    import os

    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig

    monkeypatch.setattr("margin.analysis.cache.model_key", lambda model=None: MODEL)
    db = Path(os.environ["MARGIN_DB"])
    cache = Path(os.environ["MARGIN_CACHE_DIR"])
    build_library(db, cache, market=True)
    return MarginApp(
        db_path=str(db), config=config or ReaderConfig(), analyzer=CacheAnalyzer(cache)
    )


async def settle(pilot: Any) -> None:
    """Let the app's workers (the claims index read, ...) finish and the screen refresh."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
