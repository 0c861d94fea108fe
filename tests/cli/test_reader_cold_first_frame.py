"""``margin PATH`` on a cold cache, up to its first frame written to a real terminal: the
analysis process is forked, and the app's own process imports nothing for it that the first
frame does not need (``multiprocessing``'s modules, spaCy, the engine)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

STORY = """Harbour wall to be raised

The port authority said on Tuesday that the harbour wall would be raised by a metre before
the winter storms. "We cannot wait another year," its chair, Ines Laporte, said.
"""

SCRIPT = """
import json, os, signal, sys
from margin.analysis.service import runner
out = sys.argv[2]
real_prepare = runner.DefaultAnalyzer.prepare

def prepare(self, article):
    real_prepare(self, article)
    import margin.tui.app
    real_display = margin.tui.app.MarginApp._display

    def display(app, screen, renderable):
        real_display(app, screen, renderable)
        if renderable is None or app._batch_count:
            return
        process = getattr(app.analyzer, "_process", None)
        with open(out, "w", encoding="utf-8") as fh:
            json.dump({"modules": sorted(sys.modules),
                       "forked": getattr(process, "forked", None)}, fh)
        try:
            if process is not None:
                os.kill(process.pid, signal.SIGKILL)
        finally:
            os._exit(0)

    margin.tui.app.MarginApp._display = display

runner.DefaultAnalyzer.prepare = prepare
from margin.cli import main
main([sys.argv[1]])
"""

NOT_BEFORE_THE_FIRST_FRAME = (
    "multiprocessing",
    "multiprocessing.connection",
    "_multiprocessing",
    "spacy",
    "margin.analysis.engine",
)


def _first_frame(path: Path, tmp: Path) -> dict[str, object]:
    """Run ``margin PATH`` (empty cache) in a pseudo-terminal until its first frame."""
    out = tmp / "first-frame.json"
    env = {
        **os.environ,
        "MARGIN_CACHE_DIR": str(tmp / "empty-cache"),
        "MARGIN_DB": str(tmp / "db.json"),
        "TERM": "xterm-256color",
    }
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(path), str(out)],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            start_new_session=True,
            check=False,
        )
    finally:
        os.close(slave)
    reader.join(5)
    os.close(master)
    assert proc.returncode == 0 and out.exists(), proc.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_cold_open_forks_the_child_and_imports_no_multiprocessing_before_the_first_frame(
    tmp_path: Path,
) -> None:
    path = tmp_path / "harbour.txt"
    path.write_text(STORY, encoding="utf-8")
    seen = _first_frame(path, tmp_path)
    assert seen["forked"] is True
    modules = set(seen["modules"])  # type: ignore[arg-type]
    assert "margin.analysis.service.process" in modules
    assert sorted(m for m in NOT_BEFORE_THE_FIRST_FRAME if m in modules) == []
