"""``margin analyze PATH... [--format json|text] [--model NAME] [--no-cache]``.

``json`` prints one object per input per line (JSON Lines): ``source``, ``title``,
``sha256``, ``text_length``, ``model``, ``sentences``, ``entities`` and ``claims``. ``text``
prints a readable report (Rich) of each article's entities and claims. A file that cannot be
loaded gets one ``margin: SOURCE: reason`` line on stderr while the others are still done;
the exit status is then 1. Analysing several inputs on a terminal shows a progress bar.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from margin.errors import LoadError, MarginError, ModelError
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


def _progress(total: int, out: TextIO):  # pragma: no cover - terminal only
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(file=out),
        transient=True,
    )


def analyze_sources(
    sources: Iterable[str],
    *,
    model: str | None,
    use_cache: bool,
    fmt: str,
    out: TextIO,
    err: TextIO,
    show_progress: bool = False,
) -> int:
    """Analyse every source and print each result; returns the exit status."""
    from margin.analysis.engine import analyze_article
    from margin.sources.loader import load_article

    sources = list(sources)
    failed = 0
    progress = _progress(len(sources), err) if show_progress else None
    task = None
    if progress is not None:
        progress.start()
        task = progress.add_task("analysing", total=len(sources))
    try:
        for source in sources:
            if progress is not None and task is not None:
                from rich.markup import escape

                progress.update(task, description=escape(_short(source, 40)))
            try:
                article = load_article(source)
                analysis = analyze_article(article, model, use_cache=use_cache)
            except ModelError:
                raise  # no model: nothing else can be done either
            except (LoadError, MarginError) as exc:
                failed += 1
                line = f"margin: {clean_line(source)}: {clean_text(str(exc))}"
                if progress is not None:
                    progress.console.print(line, markup=False, highlight=False)
                else:
                    print(line, file=err)
                continue
            finally:
                if progress is not None and task is not None:
                    progress.advance(task)
            if fmt == "json":
                record = json.dumps(article_record(article, analysis), ensure_ascii=False)
                out.write(escape_json(record))
                out.write("\n")
                out.flush()
            else:
                print_report(article, analysis, out)
    finally:
        if progress is not None:
            progress.stop()
    return 1 if failed else 0


def run(args: argparse.Namespace) -> int:
    """Run ``margin analyze``; returns the exit status."""
    paths = list(args.paths)
    if paths.count("-") > 1:
        raise MarginError("'-' (standard input) can be given only once")
    show = len(paths) > 1 and sys.stderr.isatty()
    return analyze_sources(
        paths,
        model=args.model,
        use_cache=not args.no_cache,
        fmt=args.format,
        out=sys.stdout,
        err=sys.stderr,
        show_progress=show,
    )
