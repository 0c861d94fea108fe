"""``margin speakers [--search TEXT] [--format text|json]``: who the library's articles quote,
most claims first (from the claims index, :mod:`margin.storage.claims_index`)."""

from __future__ import annotations

import argparse
import json
import sys

from margin.cli.store_open import open_store
from margin.sanitize import clean_line, escape_json
from margin.storage.claims_index import open_index
from margin.storage.claims_table import ClaimsTable


def not_analysed_note(table: ClaimsTable) -> None:
    """Say on stderr how many articles the index could not count (their analysis is not in
    the cache)."""
    n = len(table.not_analysed)
    if n:
        what = "article is" if n == 1 else "articles are"
        print(
            f"margin: {n:,} {what} not analysed yet and not counted (open them in the reader, "
            "or analyse them with 'margin add')",
            file=sys.stderr,
        )


def run(args: argparse.Namespace) -> int:
    """Run ``margin speakers``; returns the exit status."""
    store = open_store(args.db)
    table = open_index(store)
    found = [table.speakers[i] for i in table.find_speakers(args.search)]
    if args.format == "json":
        records = [
            {"name": s.name, "claims": s.claims, "articles": s.articles, "forms": list(s.forms)}
            for s in found
        ]
        print(escape_json(json.dumps(records, ensure_ascii=False, indent=2)))
    else:
        if found:
            print(f"{'CLAIMS':>7}  {'ARTICLES':>8}  SPEAKER")
        for s in found:
            print(f"{s.claims:>7,}  {s.articles:>8,}  {clean_line(s.name)}")
        if not found:
            what = f" matching {clean_line(args.search)!r}" if args.search.strip() else ""
            print(f"margin: no speakers{what}", file=sys.stderr)
    not_analysed_note(table)
    return 0
