"""The reader's keyboard when standard input was the article: ``cat story.txt | margin -``.

Textual reads keys from file descriptor 0. Once the pipe has been read to its end, that
descriptor has nothing more to give, so, as ``less`` does, margin takes the keyboard from the
controlling terminal (``/dev/tty``) and puts it on descriptor 0 before the app starts.
"""

from __future__ import annotations

import os
import stat

from margin.errors import LoadError

TTY = "/dev/tty"


def article_on_stdin(fd: int = 0) -> bool:
    """Whether descriptor ``fd`` carries an article: a pipe or a redirected file.

    ``cat story.txt | margin`` and ``margin < story.txt`` then read it as ``margin -`` does,
    as ``less`` would. A terminal, ``/dev/null`` (a launcher's or a cron job's standard
    input) or a closed descriptor carry none: the library opens.
    """
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


def keyboard_on_stdin(tty: str = TTY) -> None:
    """Make descriptor 0 the terminal if it is not one already (a pipe or a file).

    Raises :class:`~margin.errors.LoadError` (one line for the user) when there is no
    terminal to read keys from, e.g. in CI: the reader would otherwise wait for keys that
    can never come.
    """
    try:
        if os.isatty(0):
            return
    except OSError:
        pass  # descriptor 0 closed: look for the terminal all the same
    if os.name != "posix":
        raise LoadError(
            "standard input is not a terminal, so the reader cannot read keys; "
            "to print the analysis use: margin analyze -"
        )
    try:
        fd = os.open(tty, os.O_RDONLY | os.O_NOCTTY)
    except OSError as exc:
        raise LoadError(
            f"no terminal to read keys from ({tty}: {exc.strerror or exc}); "
            "to print the analysis without the reader use: margin analyze -"
        ) from None
    try:
        if not os.isatty(fd):
            raise LoadError(f"{tty} is not a terminal: the reader cannot read keys")
        os.dup2(fd, 0)
    finally:
        os.close(fd)
