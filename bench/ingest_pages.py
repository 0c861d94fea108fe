"""Load saved pages (or any articles) and show what margin pulls out of each, with timings.

Usage::

    .venv/bin/python bench/ingest_pages.py ../shared/examples/html/ [MORE PATHS...] [--full]

For each file: load time, title, number of paragraphs, the first and last paragraphs (the
places where page chrome such as datelines, bylines and copyright lines shows up). ``--full``
prints the whole text. Ends with the time to load a synthetic 1 MB ``.txt``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from margin.errors import LoadError
from margin.sources.loader import load_article


def _clip(text: str, width: int = 110) -> str:
    text = text.replace("\n", " / ")
    return text if len(text) <= width else text[: width - 1] + "…"


def show(path: Path, full: bool) -> None:
    """Print what loading ``path`` gives."""
    start = time.perf_counter()
    try:
        article = load_article(str(path))
    except LoadError as exc:
        print(f"== {path.name}: LoadError: {exc}")
        return
    elapsed = (time.perf_counter() - start) * 1000
    blocks = article.text.split("\n\n")
    print(f"== {path.name}  ({elapsed:.0f} ms, {len(article.text)} chars, {len(blocks)} paras)")
    print(f"   title: {article.title}")
    if full:
        print(article.text)
        return
    for block in blocks[:2]:
        print(f"   first: {_clip(block)}")
    for block in blocks[-2:]:
        print(f"   last:  {_clip(block)}")


def one_megabyte_txt() -> float:
    """Milliseconds to load a 1 MB UTF-8 text file (best of 5)."""
    line = "The harbour council voted on Tuesday to close the old ferry pier — “at last”.\n"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(line * (1024 * 1024 // len(line.encode())), encoding="utf-8")
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            load_article(str(path))
            best = min(best, time.perf_counter() - start)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    """Entry point: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--full", action="store_true", help="print each whole text")
    args = parser.parse_args(argv)
    for given in args.paths:
        files = sorted(p for p in given.iterdir() if p.is_file()) if given.is_dir() else [given]
        for path in files:
            show(path, args.full)
    print(f"1 MB .txt: {one_megabyte_txt():.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
