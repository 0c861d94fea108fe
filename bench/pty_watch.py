"""Running a program in a pseudo-terminal of its own, as a user starts it, and timing what
appears on its screen (for ``bench/reader_speed.py`` and ``bench/library_draw.py``).

:func:`run_in_terminal` starts a command on a new pseudo-terminal of :data:`COLUMNS` x
:data:`ROWS` (set with ``TIOCSWINSZ`` before the program starts) and reads the bytes it
writes as they come, until everything a :class:`Watch` asks for is in the output:

* ``text``: seconds from the launch (just before ``fork``) until the watched phrase is in the
  output (escape sequences stripped, a cursor move read as a line break);
* ``colour``: until an SGR sequence with one of the watched entities' colours is followed by
  that entity's text;
* ``panels``: until the claims list's summary (``18/18 · ❝…``) and the status line's
  ``N claims · M entities`` have both been in the output;
* ``cpu``: the program's own CPU seconds (``/proc/<pid>/stat``) when its text appeared;
* ``child_process``: whether it started a Python child (``/proc/<pid>/task/*/children``).

:func:`compile_margin` byte-compiles margin first, as ``pip install`` leaves it.
"""

from __future__ import annotations

import compileall
import fcntl
import os
import re
import select
import signal
import struct
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

COLUMNS, ROWS = 120, 40
SCAN_OVERLAP = 8_192
"""Bytes of output scanned again with each new chunk (a match may straddle two chunks)."""
ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()*+].|.)", re.S)
CURSOR_MOVE = re.compile(r"\x1b\[[0-9;]*[HfABEFGd]")
SGR_TEXT = re.compile(r"\x1b\[([0-9;:]*)m([^\x1b]+)")
CLAIMS_SUMMARY = re.compile(r"\d+/\d+ · ❝")
"""The claims list's summary (``18/18 · ❝1 »12 …``); the ❝ tells it from the status line's
position (``sentence 1/45 · 3%``), which comes with the first frame."""
STATUS_SUMMARY = re.compile(r"\d+ claims · \d+ entities")


@dataclass
class Watch:
    """What to look for in a program's output."""

    phrase: str
    entities: list[tuple[str, str]] = field(default_factory=list)
    colour: bool = False
    panels: bool = False


@dataclass
class Run:
    text: float | None = None
    cpu: float | None = None
    colour: float | None = None
    panels: float | None = None
    child_process: bool = False
    timed_out: bool = False
    output: bytes = b""
    claims_summary: float | None = None
    """When the claims list's summary was first seen (``panels``: it and the next)."""
    status_summary: float | None = None
    """When the status line's counts were first seen (Textual writes only what changed:
    they may come frames before the claims list, out of the scanned window by then)."""


def _strip(data: str) -> str:
    return ESCAPE.sub("", CURSOR_MOVE.sub("\n", data))


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of ``pid`` so far (its threads, not its children)."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _is_analysis_child(pid: int) -> bool:
    """Whether ``pid`` is a Python child (margin starts no other: its analysis process, or
    with ``multiprocessing`` that and a resource tracker)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            argv0 = fh.read().split(b"\0", 1)[0]
    except OSError:
        return False
    return b"python" in Path(os.fsdecode(argv0)).name.encode()


def run_in_terminal(
    argv: list[str], env: dict[str, str], watch: Watch, timeout: float, keep: bool = False
) -> Run:
    """Start ``argv`` on a new pseudo-terminal and time what ``watch`` asks for."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(master)
            if slave > 2:
                os.close(slave)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(slave)
    run = Run()
    buf = bytearray()
    scanned = 0
    next_child_check = 0.0
    deadline = started + timeout
    try:
        while True:
            now = time.perf_counter()
            if now > deadline:
                run.timed_out = True
                break
            ready, _, _ = select.select([master], [], [], 0.02)
            if ready:
                try:
                    chunk = os.read(master, 1 << 20)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                at = time.perf_counter() - started
                buf.extend(chunk)
                window = bytes(buf[max(0, scanned - SCAN_OVERLAP) :]).decode("utf-8", "replace")
                scanned = len(buf)
                had_text = run.text is not None
                _scan(window, at, watch, run)
                if not had_text and run.text is not None:
                    run.cpu = _cpu_seconds(pid)
            if watch.colour and time.perf_counter() >= next_child_check:
                next_child_check = time.perf_counter() + 0.02
                if not run.child_process:
                    run.child_process = any(_is_analysis_child(c) for c in _children(pid))
            if (
                run.text is not None
                and (not watch.colour or run.colour is not None)
                and (not watch.panels or run.panels is not None)
            ):
                break
    finally:
        if watch.colour and not run.child_process:
            run.child_process = any(_is_analysis_child(c) for c in _children(pid))
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(master)
    if keep:
        run.output = bytes(buf)
    return run


def _scan(window: str, at: float, watch: Watch, run: Run) -> None:
    plain = _strip(window) if run.text is None or (watch.panels and run.panels is None) else ""
    if run.text is None and watch.phrase in plain:
        run.text = at
    if watch.colour and run.colour is None:
        for match in SGR_TEXT.finditer(window):
            params, shown = f";{match.group(1)};", match.group(2).strip()
            if len(shown) < 2:
                continue
            for text, colour in watch.entities:
                if colour in params and text.startswith(shown):
                    run.colour = at
                    break
            if run.colour is not None:
                break
    if watch.panels and run.panels is None:
        if run.claims_summary is None and CLAIMS_SUMMARY.search(plain):
            run.claims_summary = at
        if run.status_summary is None and STATUS_SUMMARY.search(plain):
            run.status_summary = at
        if run.claims_summary is not None and run.status_summary is not None:
            run.panels = max(run.claims_summary, run.status_summary)


def compile_margin(pythonpath: str | None = None) -> None:
    """Byte-compile margin's packages, as ``pip install`` does (symlinked ones too): the
    margin this interpreter imports, or with ``pythonpath`` the one found there (another
    checkout, compiled in a child interpreter so both sides of a comparison start alike)."""
    if pythonpath is not None:
        import subprocess
        import sys

        code = (
            f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); "
            "from pty_watch import compile_margin; compile_margin()"
        )
        env = {**os.environ, "PYTHONPATH": pythonpath}
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        return
    import margin

    root = Path(margin.__file__).resolve().parent
    compileall.compile_dir(root, quiet=1, maxlevels=0)
    for entry in Path(margin.__file__).parent.iterdir():
        if entry.is_dir() and not entry.name.startswith(("_", ".")):
            compileall.compile_dir(entry.resolve(), quiet=1)
    for entry in Path(margin.__file__).parent.glob("*.py"):
        compileall.compile_file(entry, quiet=1)
