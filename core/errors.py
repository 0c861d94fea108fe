"""Errors that carry a message meant for the user (one clear line, no traceback)."""


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
