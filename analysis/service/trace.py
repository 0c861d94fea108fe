"""Timeline stamps for benches (``bench/cold_timeline.py``).

With ``MARGIN_TRACE=FILE`` in the environment, :func:`stamp` appends ``SECONDS PID CPU LABEL``
lines to that file: ``SECONDS`` on the system-wide monotonic clock, so that the app's and the
analysis process's stamps share one time line; ``CPU``: the process's own CPU seconds so far.
Without it, :func:`stamp` does nothing and costs one test of a global."""

from __future__ import annotations

import os
import time

_PATH = os.environ.get("MARGIN_TRACE") or None


def enabled() -> bool:
    """Whether stamps are being written."""
    return _PATH is not None


def stamp(label: str) -> None:
    """Write ``label`` with the time and this process's id, if tracing is on."""
    if _PATH is None:
        return
    line = f"{time.monotonic():.6f} {os.getpid()} {time.process_time():.4f} {label}\n"
    try:
        with open(_PATH, "a", encoding="utf-8") as fh:
            fh.write(line)
    except OSError:
        pass
