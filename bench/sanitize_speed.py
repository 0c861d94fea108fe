"""Time making a 1 MB article safe to draw (the reader's ``display_text``) against the code it
replaced (C0 controls to spaces only), interleaved, medians of ``--repeat`` runs.

    .venv/bin/python bench/sanitize_speed.py [--size 1000000] [--repeat 15]

Texts are generated here: plain ASCII, typical news text (curly quotes, accents), the same
with a tab in every line, and a hostile text with an escape sequence every 200 characters.
Prints one line per text: baseline ms, new ms, and the ratio new/baseline.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from collections.abc import Callable

from margin.sanitize import clean_cells

_OLD_TABLE = {c: " " for c in range(32) if c != 10}
_OLD_TABLE[0x7F] = " "
_OLD_HAS_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def baseline(text: str) -> str:
    """The display_text this replaces: C0 controls and DEL as spaces, nothing else."""
    if _OLD_HAS_CONTROL.search(text) is None:
        return text
    return text.translate(_OLD_TABLE)


def texts(size: int) -> dict[str, str]:
    line = "The council said the bridge would open in May, officials confirmed today. "
    news = "“The council,” said Zoë Müller, “will decide in the café — not before.” "
    hostile = "Quote\x1b]52;c;aGk=\x07 by \u202eevil\u202c and \x9b2J. " + news * 2
    return {
        "ascii": (line * (size // len(line) + 1))[:size],
        "news (non-ASCII)": (news * (size // len(news) + 1))[:size],
        "news with tabs": ((news + "\t") * (size // len(news) + 1))[:size],
        "hostile": (hostile * (size // len(hostile) + 1))[:size],
    }


def timed(func: Callable[[str], str], text: str, times: list[float]) -> None:
    start = time.perf_counter()
    func(text)
    times.append((time.perf_counter() - start) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    print(f"{'text':18s} {'baseline ms':>12s} {'clean_cells ms':>15s} {'ratio':>7s}")
    for name, text in texts(args.size).items():
        old: list[float] = []
        new: list[float] = []
        for _ in range(args.repeat):  # interleaved
            timed(baseline, text, old)
            timed(clean_cells, text, new)
        o, n = statistics.median(old), statistics.median(new)
        print(f"{name:18s} {o:12.2f} {n:15.2f} {n / o:7.2f}")


if __name__ == "__main__":
    main()
