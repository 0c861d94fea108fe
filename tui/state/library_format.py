"""How the library lists its articles: short sources, friendly times, search matching (no
Textual)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path, PurePath
from urllib.parse import urlsplit

from margin.sanitize import clean_line
from margin.storage.model import LibraryEntry

_STDIN_SOURCES = {"-", "stdin", "<stdin>"}


def short_source(source: str) -> str:
    """Where an article came from, shortly: the domain of a URL, the file name of a path."""
    source = source.strip()
    if not source:
        return "—"
    if source in _STDIN_SOURCES:
        return "stdin"
    if "://" in source:
        parts = urlsplit(source)
        host = parts.hostname or ""
        if parts.scheme in ("http", "https") and host:
            return host.removeprefix("www.")
        if parts.scheme == "file" and parts.path:
            return PurePath(parts.path).name or source
        return source
    return PurePath(source).name or source


def parse_time(value: str) -> datetime | None:
    """An ISO 8601 time as an aware datetime (naive times are taken as UTC); None if bad."""
    try:
        when = datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def relative_time(value: str, now: datetime) -> str:
    """A friendly time: "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago",
    "12 Mar" (this year) or "12 Mar 2023". ``now`` must be aware; its zone is the reader's."""
    when = parse_time(value)
    if when is None:
        return "—"
    when = when.astimezone(now.tzinfo)
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    days = (now.date() - when.date()).days
    if days <= 0:
        return f"{int(seconds // 3600)} h ago"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if when.year == now.year:
        return f"{when.day} {when:%b}"
    return f"{when.day} {when:%b %Y}"


def matches(entry: LibraryEntry, query: str) -> bool:
    """Whether every word of ``query`` occurs in the entry's title or source (any case)."""
    haystack = f"{entry.title}\n{entry.source}".casefold()
    return all(word in haystack for word in query.casefold().split())


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def clip(text: str, width: int) -> str:
    """``text`` on one line, safe to show, cut to ``width`` characters with "…"."""
    text = " ".join(clean_line(text).split())
    if len(text) <= width:
        return text
    return text[: max(1, width - 1)].rstrip() + "…"


def local_now() -> datetime:
    return datetime.now(UTC).astimezone()


def source_problem(text: str) -> str | None:
    """An error message if ``text`` is neither a web address nor an existing file."""
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in ("http", "https", "file"):
            return f"Can't open {scheme}:// addresses: use http(s) or a file path."
        return None
    path = Path(text).expanduser()
    if not path.exists():
        return f"No such file: {text}"
    if path.is_dir():
        return f"{text} is a directory: choose a file."
    return None
