"""Texts and helpers for the batch tests: short news stories written for margin's tests."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

TOWNS = ["Port Ellery", "Marrowgate", "Linden Bay", "Castlereach", "Oldwick", "Fennmoor"]
PEOPLE = ["Ana Ruiz", "Tom Becker", "Imke Sorel", "Ravi Menon", "Lena Holt", "Owen Price"]
BODIES = ["the city council", "Harbour Bank", "the transport board", "the school trust"]


def story(n: int) -> str:
    """A short news story, different for each ``n`` (quotes, reported speech, numbers)."""
    town = TOWNS[n % len(TOWNS)]
    person = PEOPLE[(n * 5 + 1) % len(PEOPLE)]
    other = PEOPLE[(n * 5 + 3) % len(PEOPLE)]
    body = BODIES[n % len(BODIES)]
    amount = 3 + (n * 7) % 40
    return (
        f"{town} plans {amount} new homes by {2030 + n % 5}\n\n"
        f"{town.upper()} — {body.capitalize()} voted {4 + n % 5} to 2 on Tuesday to spend "
        f"${amount} million on housing near the old harbour, story {n} of the week.\n\n"
        f'"We cannot wait another winter," {person} told reporters after the vote. '
        f'"Families are leaving {town} every month."\n\n'
        f"{other}, who chairs the residents' association, said the plan would raise rents "
        f"by about {5 + n % 9} percent and argued that the money should go to repairs.\n\n"
        f"According to the regional statistics office, the population of {town} fell by "
        f"{1 + n % 6},{100 + n:03d} people between 2015 and 2024.\n"
    )


def write_corpus(directory: Path, count: int, *, start: int = 0) -> list[Path]:
    """``count`` stories as ``.txt`` files in ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        path = directory / f"story-{n:03d}.txt"
        path.write_text(story(n), encoding="utf-8")
        paths.append(path)
    return paths


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1; yields the base URL."""
    handler = partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens (connections are refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/story.html"


def cache_files(directory: Path) -> dict[str, bytes]:
    """Every cache entry under ``directory``: file name → bytes."""
    return {p.name: p.read_bytes() for p in sorted(directory.glob("*.json"))}
