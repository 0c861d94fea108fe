"""``cat story.txt | margin -``: the article comes from the pipe, the keys from the terminal.

The reader runs in a child process whose controlling terminal is a pseudo-terminal (80×24)
and whose standard input is a pipe carrying the article; ``q`` typed on the terminal must
quit it. Without a terminal at all it says so and exits non-zero instead of waiting.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from margin.cli.terminal import article_on_stdin, keyboard_on_stdin
from margin.errors import LoadError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminals")

STORY = (
    "Harbour ferries resume\n\n"
    "The Quillmarsh ferry resumed its crossings on Monday, the harbour office said. "
    "Repairs to the pier took three weeks.\n"
)


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path),
        MARGIN_DB=str(tmp_path / "margin.json"),
        MARGIN_CACHE_DIR=str(tmp_path / "cache"),
        MARGIN_CONFIG_DIR=str(tmp_path / "config"),
        MARGIN_MODEL="no_such_model_for_this_test",  # no spaCy load: quitting is the point
        TERM="xterm-256color",
    )
    return env


class Screen:
    """Everything the child writes to the terminal, read in a thread so it never blocks."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.data = bytearray()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.data.extend(chunk)

    def wait_for(self, text: bytes, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.data:
                return True
            time.sleep(0.05)
        return False


def _reader_on_a_terminal(
    tmp_path: Path, argv: list[str], stdin: Any
) -> tuple[subprocess.Popen[bytes], int]:
    """``margin ARGV`` with ``stdin``, on a new 80×24 pseudo-terminal that is its controlling
    terminal; the child and the terminal's master end."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def controlling_terminal() -> None:  # in the child, after setsid(): the pty is its tty
        fcntl.ioctl(1, termios.TIOCSCTTY, 0)

    child = subprocess.Popen(
        [sys.executable, "-m", "margin", *argv],
        stdin=stdin,
        stdout=slave,
        stderr=slave,
        env=_env(tmp_path),
        start_new_session=True,
        preexec_fn=controlling_terminal,
    )
    os.close(slave)
    return child, master


@pytest.mark.parametrize("argv", [["-"], []], ids=["dash", "no-argument"])
def test_keys_reach_the_reader_when_the_article_came_from_a_pipe(
    tmp_path: Path, argv: list[str]
) -> None:
    child, master = _reader_on_a_terminal(tmp_path, argv, subprocess.PIPE)
    screen = Screen(master)
    try:
        assert child.stdin is not None
        child.stdin.write(STORY.encode())
        child.stdin.close()
        assert screen.wait_for(b"Quillmarsh", 60), bytes(screen.data[-2000:])
        time.sleep(0.5)
        os.write(master, b"q")
        try:
            code = child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pytest.fail("q typed on the terminal did not quit the reader")
        assert code == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        os.close(master)


def test_without_a_terminal_the_reader_says_so_and_exits(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "margin", "-"],
        input=STORY.encode(),
        capture_output=True,
        env=_env(tmp_path),
        start_new_session=True,  # no controlling terminal: /dev/tty cannot be opened
        timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "no terminal to read keys from" in lines[0], lines
    assert "margin analyze -" in lines[0]


def test_keyboard_on_stdin_takes_the_named_terminal(tmp_path: Path) -> None:
    """In process: descriptor 0 (a pipe) becomes the terminal; a non-terminal is refused."""
    master, slave = pty.openpty()
    saved = os.dup(0)
    read_end, write_end = os.pipe()
    try:
        os.dup2(read_end, 0)
        keyboard_on_stdin(os.ttyname(slave))
        assert os.isatty(0)
        os.dup2(read_end, 0)
        plain = tmp_path / "not-a-tty"
        plain.write_text("")
        with pytest.raises(LoadError, match="not a terminal"):
            keyboard_on_stdin(str(plain))
        with pytest.raises(LoadError, match="no terminal to read keys from"):
            keyboard_on_stdin(str(tmp_path / "missing"))
    finally:
        os.dup2(saved, 0)
        for fd in (saved, read_end, write_end, master, slave):
            os.close(fd)


def test_an_article_is_on_stdin_only_from_a_pipe_or_a_file(tmp_path: Path) -> None:
    """``margin`` alone reads a pipe or a redirected file; a terminal or /dev/null is none."""
    read_end, write_end = os.pipe()
    master, slave = pty.openpty()
    story = tmp_path / "story.txt"
    story.write_text(STORY)
    with open(story, "rb") as plain, open(os.devnull, "rb") as null:
        try:
            assert article_on_stdin(read_end)
            assert article_on_stdin(plain.fileno())
            assert not article_on_stdin(slave)
            assert not article_on_stdin(null.fileno())
        finally:
            for fd in (read_end, write_end, master, slave):
                os.close(fd)
    assert not article_on_stdin(write_end)  # closed now


def test_with_nothing_piped_in_the_library_opens(tmp_path: Path) -> None:
    """``margin < /dev/null`` on a terminal is no article: the first run's sample opens."""
    with open(os.devnull, "rb") as null:
        child, master = _reader_on_a_terminal(tmp_path, [], null)
    screen = Screen(master)
    try:
        assert screen.wait_for(b"seawall", 60), bytes(screen.data[-2000:])
        assert b"standard input" not in bytes(screen.data)  # no "standard input is empty"
    finally:
        child.kill()
        child.wait()
        os.close(master)
