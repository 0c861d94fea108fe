"""``margin notes``: list, add and remove notes from the command line.

``margin notes [PATH] [--tag T]... [--format text|json]`` lists notes (every article's, or one
article's re-anchored against its saved text, orphans last); ``margin notes add PATH --quote
TEXT [--body TEXT] [--tag T]... [--colour N]`` anchors a note to the first occurrence of TEXT;
``margin notes rm ID`` removes a note by id or unique id prefix.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, TextIO

from margin.cli.store_open import open_store
from margin.errors import MarginError
from margin.model import Article
from margin.storage.model import LibraryEntry, Note
from margin.storage.store import Store

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


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """The first occurrence of ``quote`` in ``text`` as (start, end), or ``None``.

    An exact match is preferred; failing that, runs of white space in the quote match any run
    of white space in the text (so a quote copied across a line break still anchors).
    """
    if not quote.strip():
        return None
    i = text.find(quote)
    if i != -1:
        return i, i + len(quote)
    words = quote.split()
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return (match.start(), match.end()) if match else None


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
    return f"“{article.title}”" if article.title else article.source


# -- rm ----------------------------------------------------------------------------------


def _rm(store: Store, args: argparse.Namespace) -> int:
    note = store.get_note(args.id)
    if note is None:
        raise MarginError(f"no note with id {args.id!r} (see 'margin notes' for ids)")
    store.delete_note(note)
    print(f"removed {'highlight' if note.is_highlight else 'note'} {note.id}: {_quote(note)}")
    return 0


# -- list --------------------------------------------------------------------------------


def _reanchored(store: Store, notes: list[Note], entries: dict[str, LibraryEntry]) -> list[Note]:
    """``notes`` re-anchored against their article's saved text (when there is one), grouped
    by article, each group in reading order with orphans last."""
    groups: dict[str, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.article, []).append(note)
    out: list[Note] = []
    for sha, group in groups.items():
        text = store.article_text(sha)
        if text is not None:
            entry = entries.get(sha)
            article = Article(
                text=text,
                title=entry.title if entry else "",
                source=entry.source if entry else "",
                sha256=sha,
            )
            fresh = {n.id: n for n in store.notes_for(article)}
            group = [fresh.get(n.id, n) for n in group]
        group.sort(key=lambda n: (n.orphaned, n.anchor.start, n.anchor.end, n.created))
        out.extend(group)
    return out


def _list(store: Store, args: argparse.Namespace) -> int:
    tags = list(args.tag or [])
    if args.path:
        entry = store.find_article(args.path)
        if entry is None:
            raise MarginError(
                f"{args.path!r} is not in the library (open it with 'margin {args.path}', or "
                "add a note to it with 'margin notes add')"
            )
        entries = {entry.sha256: entry}
        notes = store.notes(entry.sha256, tags=tags)
    else:
        entries = {e.sha256: e for e in store.articles()}
        notes = store.notes(tags=tags)
    notes = _reanchored(store, notes, entries)
    if args.format == "json":
        _print_json(notes, entries, sys.stdout)
    else:
        _print_text(notes, entries, sys.stdout)
    return 0


def note_record(note: Note, entry: LibraryEntry | None) -> dict[str, Any]:
    """A note as a JSON-ready dict: :meth:`Note.to_dict` plus status, title and source."""
    record = note.to_dict()
    record["status"] = note.status
    record["title"] = entry.title if entry else ""
    record["source"] = entry.source if entry else ""
    return record


def _print_json(notes: list[Note], entries: dict[str, LibraryEntry], out: TextIO) -> None:
    records = [note_record(n, entries.get(n.article)) for n in notes]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"


def _quote(note: Note) -> str:
    return f"“{_clip(note.anchor.exact, QUOTE_WIDTH)}”"


def _print_text(notes: list[Note], entries: dict[str, LibraryEntry], out: TextIO) -> None:
    if not notes:
        print("no notes", file=sys.stderr)
        return
    groups: dict[str, list[Note]] = {}
    for note in notes:
        groups.setdefault(note.article, []).append(note)
    first = True
    for article, group in groups.items():
        entry = entries.get(article)
        if not first:
            out.write("\n")
        first = False
        title = entry.title if entry and entry.title else f"article {article[:12]}"
        count = f"{len(group)} note{'s' if len(group) != 1 else ''}"
        out.write(f"{title}\n")
        out.write(f"  {entry.source + ' · ' if entry and entry.source else ''}{count}\n")
        for note in group:
            marks = []
            if note.colour:
                marks.append(f"colour {note.colour}")
            if note.status != "anchored":
                marks.append(note.status)
            marks.extend(f"#{t}" for t in note.tags)
            out.write(f"  {note.id[:8]}  {_quote(note)}")
            out.write(f"  [{' '.join(marks)}]\n" if marks else "\n")
            for line in note.body.strip().splitlines():
                out.write(f"            {line}\n")
