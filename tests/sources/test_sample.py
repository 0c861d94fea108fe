"""The bundled sample article: it loads, and it shows what margin does (entities, claims)."""

from __future__ import annotations

import pytest

from margin.analysis.engine import analyze
from margin.sources.loader import load_article
from margin.sources.sample import SAMPLE_PATH


def test_sample_loads_with_its_headline() -> None:
    article = load_article(str(SAMPLE_PATH))
    assert article.title == "Harbour city bets on a seawall as floods grow costlier"
    assert "Port Ellery" in article.text
    assert "#" not in article.text and "*" not in article.text  # Markdown rendered


@pytest.mark.slow
def test_sample_shows_entities_and_attributed_claims(nlp) -> None:
    article = load_article(str(SAMPLE_PATH))
    analysis = analyze(article.text, nlp)
    people = {e.text for e in analysis.entities if e.label == "PERSON"}
    assert {"Tom Becker", "Priya Natarajan"} <= people
    kinds = {c.kind for c in analysis.claims}
    assert {"quote", "reported", "assertion"} <= kinds
    speakers = {c.speaker.text for c in analysis.claims if c.speaker}
    assert any("Ruiz" in s for s in speakers)
    assert any("Becker" in s for s in speakers)
    # The pronoun in "He also claimed ..." is resolved to Becker, keeping what was written.
    he = [
        c
        for c in analysis.claims
        if c.speaker and c.speaker.original and c.speaker.original.text == "He"
    ]
    assert he and "Becker" in he[0].speaker.text
    for claim in analysis.claims:
        assert article.text[claim.content.start : claim.content.end] == claim.content.text
