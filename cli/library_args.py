"""The parsers of ``margin speakers`` and ``margin claims`` (light: no heavy imports)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

KINDS = ("quote", "reported", "assertion")


def speakers_parser(add_db: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """``margin speakers [--search TEXT] [--format text|json]``."""
    p = argparse.ArgumentParser(
        prog="margin speakers",
        description="The people and organisations the library's articles quote, most claims "
        "first, with how many claims and articles (from the claims index: analyses cached by "
        "'margin add' or the reader; an article not analysed yet is counted apart).",
    )
    p.add_argument("--search", default="", metavar="TEXT", help="only names holding TEXT")
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_db(p)
    return p


def claims_parser(add_db: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """``margin claims [--speaker NAME] [--search TEXT] [--kind K] [--verdict V] [--format]``."""
    p = argparse.ArgumentParser(
        prog="margin claims",
        description="Every claim in the library's articles, or those of one speaker (a "
        "surname finds the one full name it stands for), holding some words, of a kind, "
        "with a verdict.",
    )
    p.add_argument("--speaker", default=None, metavar="NAME", help="only this speaker's claims")
    p.add_argument(
        "--search", default="", metavar="TEXT", help="only claims holding TEXT in their "
        "content, speaker or cue (every word, any case)"
    )  # fmt: skip
    p.add_argument("--kind", choices=KINDS, default=None, help="only claims of this kind")
    p.add_argument("--verdict", default=None, metavar="V", help="only claims with verdict V")
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: a list, one object per claim",
    )
    add_db(p)
    return p
