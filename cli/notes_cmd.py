"""``margin notes``: list, add and remove notes from the command line.

``margin notes [PATH] [--tag T]... [--format text|json]`` lists notes (every article's, or one
article's re-anchored against its saved text, orphans last); ``margin notes add PATH --quote
TEXT [--body TEXT] [--tag T]... [--colour N]`` anchors a note to the first occurrence of TEXT;
``margin notes rm ID`` removes a note by id or unique id prefix.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from margin.cli.store_open import open_store
from margin.errors import MarginError
from margin.model import Article
from margin.sanitize import clean_line, escape_json
from margin.storage.anchoring import find_quote
from margin.storage.model import LibraryEntry, Note
from margin.storage.store import ArticleNotes, Store

QUOTE_WIDTH = 72


def run(args: argparse.Namespace) -> int:
    """Run ``margin notes`` (list), ``notes add`` or ``notes rm``; returns the exit status."""
    store = open_store(args.db)
    command = getattr(args, "notes_command", "list")
    if command == "add":
        return _add(store, args)
    if command == "rm":
        return _rm(store, args)
    return _list(store, args)


# -- add ---------------------------------------------------------------------------------


def _add(store: Store, args: argparse.Namespace) -> int:
    from margin.sources.loader import load_article

    article = load_article(args.path)
    span = find_quote(article.text, args.quote)
    if span is None:
        raise MarginError(f"quote not found in {_title(article)}: {_clip(args.quote, 60)!r}")
    store.add_article(article)
    note = store.new_note(
        article, *span, body=args.body or "", tags=args.tag or (), colour=args.colour
    )
    store.add_note(note)
    kind = "highlight" if note.is_highlight else "note"
    print(f"added {kind} {note.id} to {_title(article)} (characters {span[0]}-{span[1]})")
    return 0


def _title(article: Article | LibraryEntry) -> str:
    return f"“{clean_line(article.title)}”" if article.title else clean_line(article.source)


# -- rm ----------------------------------------------------------------------------------


def _rm(store: Store, args: argparse.Namespace) -> int:
    note = store.get_note(args.id)
    if note is None:
        raise MarginError(f"no note with id {args.id!r} (see 'margin notes' for ids)")
    store.delete_note(note)
    kind = "highlight" if note.is_highlight else "note"
    print(f"removed {kind} {clean_line(note.id)}: {_quote(note)}")  # an imported id
    return 0


# -- list --------------------------------------------------------------------------------


def _list(store: Store, args: argparse.Namespace) -> int:
    tags = list(args.tag or [])
    sha = None
    if args.path:
        entry = store.find_article(args.path) or _entry_by_text(store, args.path)
        if entry is None:
            raise MarginError(
                f"{args.path!r} is not in the library (open it with 'margin {args.path}', or "
                "add a note to it with 'margin notes add')"
            )
        sha = entry.sha256
    # Article by article, as they are re-anchored: the output starts at once, whatever the
    # number of notes.
    groups = store.notes_by_article(sha, tags=tags)
    if args.format == "json":
        _print_json(groups, sys.stdout)
    else:
        _print_text(groups, sys.stdout)
    return 0


def _entry_by_text(store: Store, path: str) -> LibraryEntry | None:
    """The library's entry for the text at ``path`` when no entry names that source: an
    import records a local source by its file name alone (exports do not tell the sender's
    folders), so the same text is found by its SHA-256. None if the text cannot be loaded."""
    from margin.sources.loader import load_article

    try:
        article = load_article(path)
    except MarginError:
        return None
    return store.get_article(article.sha256)


def note_record(note: Note, entry: LibraryEntry | None) -> dict[str, Any]:
    """A note as a JSON-ready dict: :meth:`Note.to_dict` plus status, title and source."""
    record = note.to_dict()
    record["status"] = note.status
    record["title"] = entry.title if entry else ""
    record["source"] = entry.source if entry else ""
    return record


def _print_json(groups: Iterable[ArticleNotes], out: TextIO) -> None:
    r"""A JSON array of :func:`note_record`\ s, one to a line, written as each article's
    notes come (escaped for the terminal: :func:`~margin.sanitize.escape_json`)."""
    encode = _record_encoder()
    out.write("[")
    separator = "\n  "
    for group in groups:
        for note in group.notes:
            out.write(separator)
            out.write(escape_json(encode(note_record(note, group.entry))))
            separator = ",\n  "
    out.write("]\n" if separator == "\n  " else "\n]\n")


def _record_encoder() -> Callable[[dict[str, Any]], str]:
    """``json.dumps(record, ensure_ascii=False)``, with one C encoder made for every record:
    ``JSONEncoder.encode`` makes a new one per call, which costs as much as the encoding of a
    note (``bench/store_speed.py --listing-only``)."""
    from json.encoder import c_make_encoder, encode_basestring

    plain = json.JSONEncoder(ensure_ascii=False)
    if c_make_encoder is None:  # an interpreter without the C accelerator
        return plain.encode
    encoder = c_make_encoder(
        None, plain.default, encode_basestring, None, ": ", ", ", False, False, True
    )
    return lambda record: "".join(encoder(record, 0))


def _clip(text: str, width: int) -> str:
    flat = " ".join(clean_line(text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _quote(note: Note) -> str:
    return f"“{_clip(note.anchor.exact, QUOTE_WIDTH)}”"


def article_heading(sha: str, entry: LibraryEntry | None, *, has_text: bool) -> tuple[str, str]:
    """How ``margin notes`` names an article: its title (else its source, else "Untitled
    article"), and what follows on the next line (its source, or why there is none). Never a
    bare hash: the SHA-256 is shown only, labelled, for notes on an article margin knows
    nothing else about."""
    if entry is None:
        return "Untitled article (not in the library)", f"sha256 {sha[:12]}…"
    title = entry.title.strip() or entry.source.strip() or "Untitled article"
    detail = entry.source.strip() if entry.title.strip() else ""
    if not has_text:
        detail = " · ".join(p for p in (detail, "not opened yet: open it to see the passages") if p)
    return title, detail


def _print_text(groups: Iterable[ArticleNotes], out: TextIO) -> None:
    first = True
    for group in groups:
        if not group.notes:
            continue
        if not first:
            out.write("\n")
        first = False
        title, detail = article_heading(group.sha256, group.entry, has_text=group.has_text)
        count = f"{len(group.notes)} note{'s' if len(group.notes) != 1 else ''}"
        out.write(f"{clean_line(title)}\n")
        out.write(f"  {clean_line(detail) + ' · ' if detail else ''}{count}\n")
        for note in group.notes:
            marks = []
            if note.colour:
                marks.append(f"colour {note.colour}")
            if note.status != "anchored":
                marks.append(note.status)
            marks.extend(f"#{clean_line(t)}" for t in note.tags)
            out.write(f"  {clean_line(note.id[:8])}  {_quote(note)}")
            out.write(f"  [{' '.join(marks)}]\n" if marks else "\n")
            for line in note.body.strip().splitlines():
                out.write(f"            {clean_line(line)}\n")
    if first:
        print("no notes", file=sys.stderr)
