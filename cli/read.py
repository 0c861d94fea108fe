"""``margin [PATH|URL|-]``: the reader.

The article is loaded before the app starts, so a bad path is one line on stderr and exit
status 1, never a half-drawn screen; and it is looked up in the analysis cache then, so that
on a miss spaCy starts loading in the analysis process while Textual is still importing. An
article read from a pipe (``-``) leaves standard input at its end: the keys then come from
the terminal (:mod:`margin.cli.terminal`).

With an article, the cyclic garbage collector is off from then (after the analysis process
was forked: the child keeps its own collector on) until the reader's text and panel are on
screen (:meth:`MarginApp.resume_gc <margin.tui.app.MarginApp.resume_gc>`): Textual's imports
and the widgets of the start-up are long-lived objects that its passes would only scan (~25 ms
of them before the first frame, ~55 ms before the panel's, one a full pass).
"""

from __future__ import annotations

import argparse
import gc


def run(args: argparse.Namespace) -> int:
    """Load the article (if any) and run the reader until the user quits."""
    from margin.analysis.service.trace import stamp

    stamp("app: cli run")
    from margin.cli.terminal import article_on_stdin, keyboard_on_stdin

    if not args.source and article_on_stdin():
        args.source = "-"  # cat story.txt | margin: the pipe is the article
    article = None
    if args.source:
        from margin.sources.loader import load_article

        article = load_article(args.source)  # raises LoadError: one line from cli.main
    keyboard_on_stdin()  # after the pipe was read; LoadError if there is no terminal
    from margin.analysis.service.runner import DefaultAnalyzer, ManagedAnalyzer

    analyzer = DefaultAnalyzer(args.model, fork=True)  # one thread yet: forked, no new Python
    if article is not None:
        # Before Textual is imported: on a cache miss the analysis process starts loading
        # spaCy now, on the other core; on a hit nothing is started at all.
        analyzer.prepare(article)
        stamp("app: prepared")
    paused = article is not None and gc.isenabled()
    if paused:
        gc.disable()  # until the reader is on screen: MarginApp(gc_paused=True)
    try:
        from margin.tui.app import MarginApp

        app = MarginApp(
            args.source,
            article=article,
            db_path=args.db,
            model=args.model,
            analyzer=analyzer,
            gc_paused=paused,
        )
        try:
            app.run()
        finally:
            if isinstance(app.analyzer, ManagedAnalyzer):
                app.analyzer.close()  # the analysis process, if one was started
    finally:
        if paused:
            gc.enable()
    if app.load_error:
        from margin.errors import LoadError

        raise LoadError(app.load_error)
    return int(app.return_code or 0)
