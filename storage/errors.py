"""The store's user-facing error."""

from __future__ import annotations

import errno

from margin.errors import MarginError


class StoreError(MarginError):
    """The notes database cannot be read or written (one clear line for the user)."""


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def describe_os_error(exc: OSError) -> str:
    """A short reason for ``exc`` ("the disk is full", "permission denied", ...)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or str(exc) or type(exc).__name__).lower()
