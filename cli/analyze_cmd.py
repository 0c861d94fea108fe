"""``margin analyze PATH... [--format json|text] [--model NAME] [--no-cache]``.

``json`` prints one object per input per line (JSON Lines): ``source``, ``title``,
``sha256``, ``text_length``, ``model``, ``sentences``, ``entities`` and ``claims``. ``text``
prints a readable report (Rich) of each article's entities and claims. A file that cannot be
loaded gets one ``margin: SOURCE: reason`` line on stderr while the others are still done;
the exit status is then 1. Analysing several inputs on a terminal shows a progress bar.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
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
        "entities": data["entities"],
        "claims": data["claims"],
    }


def _short(text: str, width: int = CONTENT_WIDTH) -> str:
    """``text`` on one line, safe to show, cut to ``width`` characters with "…"."""
    text = " ".join(clean_line(text).split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _claim_line(claim: Claim) -> str:
    who = "—"
    if claim.speaker is not None:
        who = claim.speaker.text
        if claim.speaker.original is not None and claim.speaker.original.text != who:
            who = f"{who} (“{claim.speaker.original.text}”)"
    return clean_line(who)


def print_report(article: Article, analysis: Analysis, out: TextIO) -> None:
    """A readable report of one article's entities and claims (Rich, no colour off a
    terminal). Every text from the article is a :class:`~rich.text.Text` (never markup),
    made safe to show first."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

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
    counts: Counter[tuple[str, str]] = Counter((e.label, e.text) for e in analysis.entities)
    if counts:
        table = Table(title="Entities", title_justify="left", show_edge=False, pad_edge=False)
        table.add_column("type")
        table.add_column("entity")
        table.add_column("mentions", justify="right")
        ordered = sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
        for (label, text), n in ordered:
            colour = entity_colour(label)
            table.add_row(
                Text(LABEL_NAMES.get(label, clean_line(label.lower())), style=colour),
                Text(_short(text), style=colour),
                str(n),
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


@dataclass(slots=True)
class _Item:
    """One source on its way: loaded, then analysed (from the cache or spaCy), or failed."""

    source: str
    article: Article | None = None
    analysis: Analysis | None = None
    error: MarginError | None = None


def analyses(sources: Iterable[str], *, model: str | None, use_cache: bool) -> Iterator[_Item]:
    """Each source loaded and analysed, in order: from the cache when it has the article,
    otherwise through spaCy, the articles missing from the cache sharing one ``nlp.pipe``
    (:func:`margin.analysis.engine.analyze_many`), whose batches then span articles.
    spaCy is loaded only once an article is missing from the cache."""
    from margin.analysis.cache import AnalysisCache
    from margin.analysis.pipeline import installed_model_id, resolve_model_name
    from margin.sources.loader import load_article

    name = resolve_model_name(model)
    cache = AnalysisCache() if use_cache else None
    key = installed_model_id(name) if cache is not None else None
    queue: deque[_Item] = deque()

    def misses() -> Iterator[_Item]:
        for source in sources:
            item = _Item(source)
            queue.append(item)
            try:
                item.article = load_article(source)
            except MarginError as exc:
                item.error = exc
                continue
            if cache is not None and key is not None:
                item.analysis = cache.get(item.article.sha256, key)
            if item.analysis is None:
                yield item

    def ready() -> Iterator[_Item]:
        while queue and (queue[0].analysis is not None or queue[0].error is not None):
            yield queue.popleft()

    pending = misses()
    first = next(pending, None)  # the hits and failures before it are ready meanwhile
    yield from ready()
    if first is not None:
        from margin.analysis.engine import analyze_many
        from margin.analysis.pipeline import load_pipeline

        nlp = load_pipeline(name)
        stream = analyze_many(
            itertools.chain([first], pending), nlp, text_of=lambda i: i.article.text
        )
        for item, analysis in stream:
            item.analysis = analysis
            if cache is not None and item.article is not None:
                cache.put(item.article.sha256, analysis.model, analysis)
            yield from ready()
    yield from ready()


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
    sources = list(sources)
    failed = 0
    progress = _progress(len(sources), err) if show_progress else None
    task = None
    if progress is not None:
        progress.start()
        task = progress.add_task("analysing", total=len(sources))
    try:
        for item in analyses(sources, model=model, use_cache=use_cache):
            if progress is not None and task is not None:
                from rich.markup import escape

                progress.update(task, description=escape(_short(item.source, 40)))
                progress.advance(task)
            if item.error is not None:
                failed += 1
                line = f"margin: {clean_line(item.source)}: {clean_text(str(item.error))}"
                if progress is not None:
                    progress.console.print(line, markup=False, highlight=False)
                else:
                    print(line, file=err)
                continue
            assert item.article is not None and item.analysis is not None
            if fmt == "json":
                record = json.dumps(article_record(item.article, item.analysis), ensure_ascii=False)
                out.write(escape_json(record))
                out.write("\n")
                out.flush()
            else:
                print_report(item.article, item.analysis, out)
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
