"""``margin verdict PATH --quote TEXT --rating R [--note TEXT] [--link URL]...``: set the
verdict on the one claim of an article whose content holds the quote (compared without regard
to case or spacing). No claim or several, an unknown rating, a link that is not http(s): one
line on stderr and exit status 1, nothing saved."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from margin.cli.store_open import open_store, warn
from margin.errors import MarginError
from margin.model import Article, Claim
from margin.sanitize import clean_line
from margin.storage.library import find_article
from margin.storage.verdict_config import load_verdict_config, rating_key
from margin.storage.verdict_model import check_links

QUOTE_WIDTH = 60


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def _clip(text: str, width: int = QUOTE_WIDTH) -> str:
    flat = " ".join(clean_line(text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def claims_holding(claims: list[Claim], quote: str) -> list[Claim]:
    """The claims whose content holds ``quote`` (case and spacing ignored), one per content
    span (a passage both quoted and reported counts once)."""
    wanted = _flat(quote)
    if not wanted:
        return []
    found: dict[tuple[int, int], Claim] = {}
    for claim in claims:
        if wanted in _flat(claim.content.text):
            found.setdefault((claim.content.start, claim.content.end), claim)
    return list(found.values())


def _title(article: Article) -> str:
    return f"“{clean_line(article.title)}”" if article.title else clean_line(article.source)


def rating_asked(rating: str, given: Iterable[str | None]) -> str:
    """The rating ``margin claims --verdict`` asks for, as the scale spells it (or as a stored
    verdict does, for a rating since taken off the scale); :class:`MarginError` (one line, the
    choices) when it is neither."""
    scale = load_verdict_config().scale
    found = scale.find(rating)
    if found is not None:
        return found
    key = rating_key(rating)
    stored = next((g for g in given if g is not None and rating_key(g) == key), None)
    return stored if stored is not None else scale.check(rating)


def tell_reviewer() -> None:
    """Say on stderr what is wrong with ``[verdicts]`` in config.toml, and who signs the
    ClaimReviews when no reviewer is set there."""
    config = load_verdict_config()
    for problem in config.warnings:
        warn(problem)
    if not config.reviewer.configured:
        print(
            f"margin: the reviews are signed {config.reviewer.name!r}: set [verdicts] reviewer "
            "(and reviewer_url) in config.toml",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    """Run ``margin verdict``; returns the exit status."""
    config = load_verdict_config()
    for problem in config.warnings:
        warn(problem)
    rating = config.scale.check(args.rating)  # before any analysis: a typo answers at once
    links = check_links(args.link or ())
    store = open_store(args.db)
    try:
        article = find_article(store, args.path)
        from margin.analysis.engine import analyze_article

        analysis = analyze_article(article, model=args.model)
        matches = claims_holding(analysis.claims, args.quote)
        if not matches:
            raise MarginError(
                f"no claim in {_title(article)} holds {_clip(args.quote)!r} "
                f"({len(analysis.claims)} claims; see 'margin analyze --format text')"
            )
        if len(matches) > 1:
            raise MarginError(
                f"{len(matches)} claims in {_title(article)} hold {_clip(args.quote)!r}: "
                "give more of the claim's words"
            )
        claim = matches[0]
        store.add_article(article)
        verdict = store.verdicts.set(
            article,
            claim.content.start,
            claim.content.end,
            rating,
            scale=config.scale,
            reasoning=args.note or "",
            links=links,
        )
    finally:
        store.close()
    print(
        f"verdict {verdict.rating!r} on “{_clip(claim.content.text)}” in {_title(article)} "
        f"(characters {claim.content.start}-{claim.content.end})"
    )
    return 0
