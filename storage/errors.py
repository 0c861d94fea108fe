"""The store's user-facing error."""

from __future__ import annotations

from margin.errors import MarginError, describe_os_error

__all__ = ["StoreError", "describe_os_error"]


class StoreError(MarginError):
    """The notes database cannot be read or written (one clear line for the user)."""
