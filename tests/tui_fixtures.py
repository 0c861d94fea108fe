"""Shared helpers for the reader's tests: the fixture article, its analysis, fake analysers."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from margin.analysis.service.compact import ReaderAnalysis
from margin.model import Analysis, Article

FIXTURES = Path(__file__).parent / "fixtures"


def reader_article() -> Article:
    """The reader's test article (an original text written for these tests)."""
    text = (FIXTURES / "reader_article.txt").read_text(encoding="utf-8")
    return Article.from_text(
        text, "Lakeside library reopens after two-year rebuild", "lakeside.txt"
    )


def reader_analysis() -> Analysis:
    """Its analysis: spaCy sentences and entities, hand-written claims (see the builder)."""
    data = json.loads((FIXTURES / "reader_analysis.json").read_text(encoding="utf-8"))
    return Analysis.from_dict(data)


@dataclass
class Progress:
    sentences: list[Any]
    entities: list[Any]
    claims: list[Any]
    done: int
    total: int


class FixedAnalyzer:
    """Returns a fixed analysis (in the reader's compact form, as every analyser does); with
    ``stream``, reports it in two progress batches first."""

    def __init__(self, analysis: Analysis | None = None, *, stream: bool = False) -> None:
        self.analysis = analysis or reader_analysis()
        self.stream = stream
        self.calls: list[Sequence[int]] = []
        self.cached = False

    def prepare(self, article: Article) -> None:
        """Nothing to load."""

    def close(self) -> None:
        """Nothing to free."""

    def __call__(
        self,
        article: Article,
        *,
        priority: Sequence[int] = (),
        on_progress: Callable[[Any], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ReaderAnalysis:
        self.calls.append(list(priority))
        a = self.analysis
        if self.stream and on_progress is not None:
            half = len(a.sentences) // 2
            cut = a.sentences[half][0]
            on_progress(
                Progress(
                    a.sentences[:half],
                    [e for e in a.entities if e.start < cut],
                    [c for c in a.claims if c.content.start < cut],
                    1,
                    2,
                )
            )
            on_progress(
                Progress(
                    a.sentences[half:],
                    [e for e in a.entities if e.start >= cut],
                    [c for c in a.claims if c.content.start >= cut],
                    2,
                    2,
                )
            )
        return ReaderAnalysis.from_analysis(a, article.text)


def failing_analyzer(
    message: str = "no spaCy English model is installed",
) -> Callable[..., Analysis]:
    """An analyser that fails like a missing model does."""
    from margin.errors import ModelError

    def analyze(article: Article, **_: Any) -> Analysis:
        raise ModelError(message)

    return analyze


def screen_text(app: Any) -> str:
    """The plain text on the app's screen, one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)
