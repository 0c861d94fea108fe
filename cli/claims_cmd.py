"""``margin claims [--speaker NAME] [--search TEXT] [--kind K] [--verdict V] [--format
text|json]``: the claims of the library's articles (from the claims index,
:mod:`margin.storage.claims_index`).

``--format json`` prints a list, one object per claim: ``article`` (its sha256), ``title``,
``source``, ``kind``, ``speaker``, ``cue``, ``content`` (``text``, ``start``, ``end``:
character offsets into the article's text) and ``verdict`` (null when it has none).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from margin.cli.speakers_cmd import not_analysed_note
from margin.cli.store_open import open_store
from margin.errors import MarginError
from margin.sanitize import clean_line, escape_json
from margin.sources.shared_name import shared_source
from margin.storage.claims_index import open_index
from margin.storage.claims_table import IndexedClaim
from margin.storage.verdict_lookup import library_verdicts

WIDTH = 88


def _text(claim: IndexedClaim) -> str:
    """A claim as two or more lines: who, how and what; then where."""
    who = clean_line(claim.speaker) or "unattributed"
    how = f" {clean_line(claim.cue)}" if claim.cue else ""
    verdict = f" [{clean_line(claim.verdict)}]" if claim.verdict else ""
    head = f"{who}{how} ({claim.kind}){verdict}:"
    body = textwrap.fill(
        f"“{' '.join(clean_line(claim.text).split())}”",
        WIDTH,
        initial_indent="  ",
        subsequent_indent="  ",
    )
    entry = claim.entry
    where = clean_line(entry.title or "Untitled")
    source = clean_line(shared_source(entry.source))
    tail = f"  — {where}" + (f" ({source})" if source else "") + f", {claim.start}-{claim.end}"
    return f"{head}\n{body}\n{tail}"


def run(args: argparse.Namespace) -> int:
    """Run ``margin claims``; returns the exit status."""
    store = open_store(args.db)
    table = open_index(store, verdicts=library_verdicts(store))
    speakers = None
    if args.speaker is not None:
        if not args.speaker.strip():
            raise MarginError("--speaker needs a name")
        speakers = table.speaker_named(args.speaker)
        if not speakers:
            raise MarginError(
                f"no speaker named {clean_line(args.speaker)!r} in the library "
                "(see 'margin speakers')"
            )
    verdict = args.verdict
    if verdict is not None:
        from margin.cli.verdict_cmd import rating_asked

        verdict = rating_asked(verdict, table.verdicts)
    rows = table.select(speakers=speakers, search=args.search, kind=args.kind, verdict=verdict)
    claims = [table.claim(i) for i in rows]
    if args.format == "json":
        records = [c.to_json() for c in claims]
        print(escape_json(json.dumps(records, ensure_ascii=False, indent=2)))
    else:
        print("\n\n".join(_text(c) for c in claims) if claims else "", end="\n" if claims else "")
        if not claims:
            print("margin: no claims match", file=sys.stderr)
    not_analysed_note(table)
    return 0
