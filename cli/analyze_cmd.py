"""``margin analyze PATH... [--format json|text] [--model NAME] [--no-cache]``.

``json`` prints one object per input per line (JSON Lines): ``source``, ``title``,
``sha256``, ``text_length``, ``model``, ``sentences``, ``checkworthiness`` (each sentence's
0-1 check-worthiness, parallel to ``sentences``), ``entities`` and ``claims``. ``text``
prints a readable report (Rich) of each article's entities and claims. A file that cannot be
loaded gets one ``margin: SOURCE: reason`` line on stderr while the others are still done;
the exit status is then 1. Several inputs are analysed in parallel (``--jobs N``, default the
number of cores, or ``--scheduler ADDRESS`` for a Dask cluster) and printed in input order;
on a terminal a progress bar shows how far it is (not with ``--quiet``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from margin.errors import MarginError
from margin.model import Analysis, Article, Claim
from margin.sanitize import clean_line, clean_text, escape_json

CONTENT_WIDTH = 220


def article_record(article: Article, analysis: Analysis) -> dict[str, Any]:
    """The JSON object printed for one article."""
    data = analysis.to_dict()
    return {
        "source": article.source,
        "title": article.title,
        "sha256": article.sha256,
        "text_length": len(article.text),
        "model": data["model"],
        "sentences": data["sentences"],
        "checkworthiness": data["checkworthiness"],
        "entities": data["entities"],
        "claims": data["claims"],
    }


def _short(text: str, width: int = CONTENT_WIDTH) -> str:
    """``text`` on one line, safe to show, cut to ``width`` characters with "…"."""
    text = " ".join(clean_line(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _claim_line(claim: Claim) -> str:
    from margin.export.markdown import speaker_label

    return clean_line(speaker_label(claim) or "—")


def print_report(article: Article, analysis: Analysis, out: TextIO) -> None:
    """A readable report of one article's entities and claims (Rich, no colour off a
    terminal). Every text from the article is a :class:`~rich.text.Text` (never markup),
    made safe to show first."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from margin.analysis.entity_list import list_entities
    from margin.styles.entities import LABEL_NAMES, entity_colour

    console = Console(file=out, highlight=False, soft_wrap=False)
    console.rule(Text(clean_line(article.title or article.source), style="bold"))
    console.print(
        Text.assemble(
            (clean_line(article.source), "dim"),
            f"  ·  {len(article.text):,} characters, {len(analysis.sentences):,} sentences, "
            f"{len(analysis.entities):,} entities, {len(analysis.claims):,} claims  ·  ",
            (clean_line(analysis.model), "dim"),
        )
    )
    listed = list_entities(analysis.entities)
    if listed:
        table = Table(title="Entities", title_justify="left", show_edge=False, pad_edge=False)
        table.add_column("type")
        table.add_column("entity")
        table.add_column("mentions", justify="right")
        for entry in listed:
            colour = entity_colour(entry.label)
            table.add_row(
                Text(LABEL_NAMES.get(entry.label, clean_line(entry.label.lower())), style=colour),
                Text(clean_line(entry.name), style=colour),
                str(entry.count),
            )
        console.print(table)
    attributed = [c for c in analysis.claims if c.kind != "assertion"]
    assertions = sorted(
        (c for c in analysis.claims if c.kind == "assertion"), key=lambda c: -c.score
    )
    if attributed:
        table = Table(title="Claims", title_justify="left", show_edge=False, pad_edge=False)
        table.add_column("kind")
        table.add_column("speaker")
        table.add_column("cue")
        table.add_column("content", ratio=1)
        for claim in attributed:
            kind = claim.kind + (" (mental)" if "mental" in claim.flags else "")
            table.add_row(
                kind,
                Text(_claim_line(claim), style="bold"),
                Text(_short(claim.cue.text) if claim.cue else ""),
                Text(_short(claim.content.text)),
            )
        console.print(table)
    if assertions:
        table = Table(
            title="Unattributed claims (most check-worthy first)",
            title_justify="left",
            show_edge=False,
            pad_edge=False,
        )
        table.add_column("score", justify="right")
        table.add_column("sentence", ratio=1)
        for claim in assertions:
            table.add_row(f"{claim.score:.2f}", Text(_short(claim.content.text)))
        console.print(table)
    if not analysis.claims:
        console.print(Text("No claims found.", style="dim"))
    console.print()


def analyze_sources(
    sources: Iterable[str],
    *,
    model: str | None,
    use_cache: bool,
    fmt: str,
    out: TextIO,
    err: TextIO,
    show_progress: bool = False,
    jobs: int = 1,
    scheduler: str | None = None,
) -> int:
    """Analyse every source and print each result, in input order; returns the exit status.

    With ``jobs`` > 1 (or a Dask ``scheduler``) the articles are analysed in parallel
    (:func:`analysis.batch.run_batch`); one source is always analysed in this process.
    """
    from margin.analysis.batch import open_backend, run_batch
    from margin.analysis.batch_inputs import Input
    from margin.analysis.pipeline import resolve_model_name
    from margin.cli.batch_progress import BatchReport

    sources = list(sources)
    name = resolve_model_name(model)
    several = len(sources) > 1
    backend = open_backend(jobs if several else 1, scheduler if several else None, name)
    report = BatchReport(
        out=out, err=err, show_progress=show_progress, total=len(sources), description="analysing"
    )
    failed = 0
    with report:
        outcomes = run_batch(
            (Input(source) for source in sources),
            backend,
            model=name,
            use_cache=use_cache,
            on_notice=lambda message: report.line(f"margin: {message}", error=True),
        )
        for outcome in outcomes:
            report.advance(failed=not outcome.ok)
            if outcome.article is None or outcome.analysis is None:
                failed += 1
                reason = clean_text(str(outcome.error))
                report.line(f"margin: {clean_line(outcome.name)}: {reason}", error=True)
                continue
            if fmt == "json":
                record = article_record(outcome.article, outcome.analysis)
                report.write(escape_json(json.dumps(record, ensure_ascii=False)) + "\n")
            else:
                print_report(outcome.article, outcome.analysis, out)
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    """Run ``margin analyze``; returns the exit status."""
    import os

    from margin.analysis.batch import default_jobs
    from margin.analysis.batch_dask import SCHEDULER_ENV

    paths = list(args.paths)
    if paths.count("-") > 1:
        raise MarginError("'-' (standard input) can be given only once")
    # A bar under a readable report on the same terminal would be drawn over it.
    text_on_terminal = args.format == "text" and sys.stdout.isatty()
    show = len(paths) > 1 and not args.quiet and sys.stderr.isatty() and not text_on_terminal
    return analyze_sources(
        paths,
        model=args.model,
        use_cache=not args.no_cache,
        fmt=args.format,
        out=sys.stdout,
        err=sys.stderr,
        show_progress=show,
        jobs=args.jobs or default_jobs(),
        scheduler=args.scheduler or os.environ.get(SCHEDULER_ENV) or None,
    )
