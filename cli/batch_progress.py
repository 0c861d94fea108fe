"""Printing for batch commands (``margin add``, ``margin analyze`` with several inputs).

:class:`BatchReport` prints the per-input lines and, on a terminal, keeps a Rich progress bar
under them: articles done (of how many, once counted), articles per second, time left, and
failures so far. Off a terminal, or with ``--quiet``, there is no bar. Lines meant for a
terminal that also shows the bar are printed above it; lines for a file or a pipe are written
there as they are.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

from margin.sanitize import clean_text


def _rate_column() -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Articles per second, over the last half minute."""

        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            rate = "–" if speed is None else f"{speed:,.1f}"
            return Text(f"{rate} articles/s", style="progress.data.speed")

    return RateColumn()


class BatchReport:
    """Per-input lines on ``out``/``err`` and a bar on ``err`` when it is a terminal (and not
    ``quiet``; ``show_progress`` decides instead when given)."""

    def __init__(
        self,
        *,
        quiet: bool = False,
        out: TextIO | None = None,
        err: TextIO | None = None,
        show_progress: bool | None = None,
        total: int | None = None,
        description: str = "analysing",
    ) -> None:
        self.quiet = quiet
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr
        if show_progress is None:
            show_progress = not quiet and _is_terminal(self.err)
        self.done = 0
        self.failed = 0
        self._progress: Any = None
        self._task: Any = None
        self._lock = threading.Lock()
        if show_progress:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _rate_column(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[failures]}", style="red"),
                console=Console(file=self.err),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._task = self._progress.add_task(description, total=total, failures="")

    def __enter__(self) -> BatchReport:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def set_total(self, total: int) -> None:
        """The number of inputs, once known (it may be counted while the batch runs)."""
        if self._progress is not None:
            with self._lock:
                self._progress.update(self._task, total=total)

    def advance(self, *, failed: bool = False) -> None:
        """One more input finished."""
        self.done += 1
        self.failed += int(failed)
        if self._progress is not None:
            with self._lock:
                failures = f"{self.failed:,} failed" if self.failed else ""
                self._progress.update(self._task, advance=1, failures=failures)

    def line(self, text: str, *, error: bool = False) -> None:
        """Print one line on stdout (or stderr when ``error``), above the bar if there is
        one on the same terminal. Names and reasons come from outside: shown sanitised."""
        text = clean_text(text)
        stream = self.err if error else self.out
        if self._progress is not None and _is_terminal(stream):
            self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
            return
        stream.write(text + "\n")
        stream.flush()

    def write(self, text: str) -> None:
        """Write ``text`` as it is on stdout (e.g. one JSON line); above the bar on a
        terminal."""
        if self._progress is not None and _is_terminal(self.out):
            self._progress.console.print(text, end="", markup=False, highlight=False,
                                         soft_wrap=True)  # fmt: skip
            return
        self.out.write(text)
        self.out.flush()

    def count_in_background(self, count: Callable[[], int]) -> None:
        """Set the total from ``count()``, run in a thread (e.g. walking folders again)."""
        if self._progress is None:
            return

        def run() -> None:
            try:
                self.set_total(count())
            except Exception:
                pass  # no total: the bar just shows what is done

        threading.Thread(target=run, name="margin-count", daemon=True).start()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
