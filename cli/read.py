"""``margin [PATH|URL|-]``: the reader.

The article is loaded before the app starts, so a bad path is one line on stderr and exit
status 1, never a half-drawn screen; and it is looked up in the analysis cache then, so that
on a miss spaCy starts loading in the analysis process while Textual is still importing. An
article read from a pipe (``-``) leaves standard input at its end: the keys then come from
the terminal (:mod:`margin.cli.terminal`).

With an article, the cyclic garbage collector is off from here until the reader's text and
panel are on screen (:meth:`MarginApp.resume_gc <margin.tui.app.MarginApp.resume_gc>`): the
imports and the widgets of the start-up are long-lived objects that its passes would only scan
(~25 ms of them before the first frame, ~80 ms before the panel's, one a full pass).
"""

from __future__ import annotations

import argparse
import gc


def run(args: argparse.Namespace) -> int:
    """Load the article (if any) and run the reader until the user quits."""
    paused = bool(args.source) and gc.isenabled()
    if paused:
        gc.disable()  # until the reader is on screen: MarginApp(gc_paused=True)
    try:
        return _run(args, gc_paused=paused)
    finally:
        if paused:
            gc.enable()


def _run(args: argparse.Namespace, *, gc_paused: bool) -> int:
    article = None
    if args.source:
        from margin.sources.loader import load_article

        article = load_article(args.source)  # raises LoadError: one line from cli.main
    from margin.cli.terminal import keyboard_on_stdin

    keyboard_on_stdin()  # after the pipe was read; LoadError if there is no terminal
    from margin.analysis.service.runner import DefaultAnalyzer, ManagedAnalyzer

    analyzer = DefaultAnalyzer(args.model)
    if article is not None:
        # Before Textual is imported: on a cache miss the analysis process starts loading
        # spaCy now, on the other core; on a hit nothing is started at all.
        analyzer.prepare(article)
    from margin.tui.app import MarginApp

    app = MarginApp(
        args.source,
        article=article,
        db_path=args.db,
        model=args.model,
        analyzer=analyzer,
        gc_paused=gc_paused,
    )
    try:
        app.run()
    finally:
        if isinstance(app.analyzer, ManagedAnalyzer):
            app.analyzer.close()  # the analysis process, if one was started
    if app.load_error:
        from margin.errors import LoadError

        raise LoadError(app.load_error)
    return int(app.return_code or 0)
