"""Errors that carry a message meant for the user (one clear line, no traceback), and the one
wording of OS errors in those messages."""

from __future__ import annotations

import errno


class MarginError(Exception):
    """An error with a one-line, user-facing message.

    The CLI prints ``margin: <message>`` on stderr and exits non-zero; the reader shows the
    message in the app. Anything that is not a ``MarginError`` is a bug.
    """

    exit_code: int = 1


class LoadError(MarginError):
    """An article could not be loaded (missing, unreadable, binary, empty, too big...)."""


class ModelError(MarginError):
    """No usable spaCy pipeline could be loaded."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def describe_os_error(exc: OSError) -> str:
    """A short reason for ``exc`` ("the disk is full", "permission denied", "no such file or
    directory"...): the one wording of OS errors in margin's messages."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or str(exc) or type(exc).__name__).lower()
