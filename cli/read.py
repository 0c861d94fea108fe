"""``margin [PATH|URL|-]``: the reader.

The article is loaded before the app starts, so a bad path is one line on stderr and exit
status 1, never a half-drawn screen; and it is looked up in the analysis cache then, so that
on a miss spaCy starts loading in the analysis process while Textual is still importing. An
article read from a pipe (``-``) leaves standard input at its end: the keys then come from
the terminal (:mod:`margin.cli.terminal`).
"""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Load the article (if any) and run the reader until the user quits."""
    from margin.analysis.service.trace import stamp

    stamp("app: cli run")
    article = None
    if args.source:
        from margin.sources.loader import load_article

        article = load_article(args.source)  # raises LoadError: one line from cli.main
    from margin.cli.terminal import keyboard_on_stdin

    keyboard_on_stdin()  # after the pipe was read; LoadError if there is no terminal
    from margin.analysis.service.runner import DefaultAnalyzer, ManagedAnalyzer

    analyzer = DefaultAnalyzer(args.model, fork=True)  # one thread yet: forked, no new Python
    if article is not None:
        # Before Textual is imported: on a cache miss the analysis process starts loading
        # spaCy now, on the other core; on a hit nothing is started at all.
        analyzer.prepare(article)
        stamp("app: prepared")
    from margin.tui.app import MarginApp

    app = MarginApp(
        args.source, article=article, db_path=args.db, model=args.model, analyzer=analyzer
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
