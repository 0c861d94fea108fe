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

from analysis.errors import LoadError, MarginError, ModelError
from analysis.model import Analysis, Article, Claim

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
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _claim_line(claim: Claim) -> str:
    from export.markdown import speaker_label

    return speaker_label(claim) or "—"


def print_report(article: Article, analysis: Analysis, out: TextIO) -> None:
    """A readable report of one article's entities and claims (Rich markup, no colour off a
    terminal)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from analysis.entity_list import list_entities
    from styles.entities import LABEL_NAMES, entity_colour

    console = Console(file=out, highlight=False, soft_wrap=False)
    console.rule(Text(article.title or article.source, style="bold"))
    console.print(
        Text.assemble(
            (article.source, "dim"),
            f"  ·  {len(article.text):,} characters, {len(analysis.sentences):,} sentences, "
            f"{len(analysis.entities):,} entities, {len(analysis.claims):,} claims  ·  ",
            (analysis.model, "dim"),
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
                Text(LABEL_NAMES.get(entry.label, entry.label.lower()), style=colour),
                Text(entry.name, style=colour),
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
                claim.cue.text if claim.cue else "",
                _short(claim.content.text),
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
            table.add_row(f"{claim.score:.2f}", _short(claim.content.text))
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
    from analysis.engine import analyze_article
    from analysis.ingest import load_article

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
                progress.update(task, description=_short(source, 40))
            try:
                article = load_article(source)
                analysis = analyze_article(article, model, use_cache=use_cache)
            except ModelError:
                raise  # no model: nothing else can be done either
            except (LoadError, MarginError) as exc:
                failed += 1
                if progress is not None:
                    progress.console.print(f"margin: {source}: {exc}")
                else:
                    print(f"margin: {source}: {exc}", file=err)
                continue
            finally:
                if progress is not None and task is not None:
                    progress.advance(task)
            if fmt == "json":
                out.write(json.dumps(article_record(article, analysis), ensure_ascii=False))
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
