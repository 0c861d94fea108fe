"""The arguments of ``margin verdict`` (parsed without heavy imports, like every command's)."""

from __future__ import annotations

import argparse


def verdict_parser() -> argparse.ArgumentParser:
    """The parser for ``margin verdict`` (``--db`` and ``--model`` are added by the caller)."""
    p = argparse.ArgumentParser(
        prog="margin verdict",
        description="Set the verdict on the claim whose content holds a quote (case and "
        "spacing ignored): a rating of the scale ([verdicts] in config.toml; by default "
        "unverified, true, mostly true, mixed, misleading, false, unsupported), an optional "
        "Markdown note and evidence links. Exit status 1 if no claim or several hold the "
        "quote, or the rating is unknown.",
    )
    p.add_argument("path", metavar="PATH", help="the article (file, URL, or library source)")
    p.add_argument("--quote", required=True, metavar="TEXT", help="words of the claim")
    p.add_argument("--rating", required=True, metavar="R", help='e.g. "mostly true"')
    p.add_argument("--note", default="", metavar="TEXT", help="the reasoning (Markdown)")
    p.add_argument(
        "--link",
        action="append",
        default=[],
        metavar="URL",
        help="an evidence link (http or https; repeat for more)",
    )
    return p
