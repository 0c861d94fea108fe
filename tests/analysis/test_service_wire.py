"""The analysis process's pipe (:mod:`margin.analysis.service.wire`): what the reader and its
child send each other arrives whole, in order, and the end of the pipe reads as EOFError."""

from __future__ import annotations

import socket
import threading

import pytest

from margin.analysis.service.wire import SMALL, Connection
from margin.model import Entity


def _pair() -> tuple[Connection, Connection]:
    ours, theirs = socket.socketpair()
    return Connection(ours), Connection(theirs.detach())  # a socket, or its descriptor


def test_messages_arrive_whole_and_in_order() -> None:
    app, child = _pair()
    try:
        entity = Entity(12, 24, "PERSON", "Ines Laporte")
        app.send(("run", 1, [0, 40], "The harbour wall.", "abc"))
        child.send(("progress", 1, [(0, 17)], [entity], [], 17, 17))
        assert child.recv() == ("run", 1, [0, 40], "The harbour wall.", "abc")
        assert app.recv() == ("progress", 1, [(0, 17)], [entity], [], 17, 17)
    finally:
        app.close()
        child.close()


def test_a_payload_larger_than_the_socket_buffer_arrives_whole() -> None:
    app, child = _pair()
    payload = bytes(range(256)) * (16 * SMALL // 256 + 7)  # more than a socket buffer holds
    sender = threading.Thread(target=child.send, args=(("done", 3, payload),))
    sender.start()
    try:
        assert app.recv() == ("done", 3, payload)
    finally:
        sender.join()
        app.close()
        child.close()


def test_poll_says_whether_a_message_waits() -> None:
    app, child = _pair()
    try:
        assert not app.poll()
        assert not app.poll(0.05)
        child.send(("loaded",))
        assert app.poll(1.0) and app.poll()
        assert app.recv() == ("loaded",)
        assert not app.poll()
    finally:
        app.close()
        child.close()


def test_the_other_end_closing_reads_as_eof_and_a_closed_end_cannot_poll() -> None:
    app, child = _pair()
    child.close()
    assert app.poll(1.0)  # the end of the pipe can be "read"
    with pytest.raises(EOFError):
        app.recv()
    with pytest.raises(BrokenPipeError):
        for _ in range(100):  # (the first writes may still fill the buffer)
            app.send(("quit",))
    app.close()
    with pytest.raises(OSError):
        app.poll()
