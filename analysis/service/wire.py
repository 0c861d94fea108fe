"""The analysis process's pipe: pickled messages over one end of a socket pair.

What :mod:`margin.analysis.service.process` needs of ``multiprocessing.connection.Connection``
(``send``, ``recv``, ``poll``, ``close``) and nothing else: ``margin PATH`` makes one before
its first frame on a cold cache, and ``multiprocessing`` (six modules, ~2 ms to import, 1.5 MB
more of the heap its forked child shares) is needed by nothing else the reader does. Each
message is its pickle's length (8 bytes, big-endian) and the pickle. Like
``multiprocessing``'s, a connection is used by one thread at a time; a message from a process
you do not trust must not be read with it (pickles run code): this pipe only links margin to
the child it started.
"""

from __future__ import annotations

import pickle
import select
import socket
import struct
from typing import Any

_HEADER = struct.Struct("!Q")
SMALL = 1 << 16
"""Messages up to this size go out in one write with their header."""


class Connection:
    """One end of the pipe: ``sock`` (a connected stream socket, or its file descriptor),
    closed with the connection."""

    __slots__ = ("_sock",)

    def __init__(self, sock: socket.socket | int) -> None:
        self._sock = sock if isinstance(sock, socket.socket) else socket.socket(fileno=sock)

    def send(self, obj: Any) -> None:
        """Send ``obj`` pickled (BrokenPipeError if the other end is gone)."""
        data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        header = _HEADER.pack(len(data))
        if len(data) <= SMALL:
            self._sock.sendall(header + data)
        else:  # no copy of a large payload
            self._sock.sendall(header)
            self._sock.sendall(data)

    def recv(self) -> Any:
        """The next message (waits for it); EOFError once the other end has closed."""
        (size,) = _HEADER.unpack(self._read(_HEADER.size))
        return pickle.loads(self._read(size))

    def _read(self, size: int) -> bytearray:
        buf = bytearray(size)
        view = memoryview(buf)
        got = 0
        while got < size:
            n = self._sock.recv_into(view[got:])
            if n == 0:
                raise EOFError("the other end of the pipe closed")
            got += n
        return buf

    def poll(self, timeout: float | None = 0.0) -> bool:
        """Whether a message (or the end of the pipe) can be read, waiting at most
        ``timeout`` seconds (None: until one can)."""
        if self._sock.fileno() < 0:
            raise OSError("the pipe is closed")
        waiter = select.poll()
        waiter.register(self._sock, select.POLLIN)
        wait_ms = None if timeout is None else max(0, int(timeout * 1000 + 0.999))
        return bool(waiter.poll(wait_ms))

    def close(self) -> None:
        """Close this end (the other then reads EOF)."""
        self._sock.close()
