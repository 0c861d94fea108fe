"""The spaCy analysis in a child process of its own (no Textual here).

Importing spaCy, loading the model and parsing are all CPU-bound Python: in a thread of the
app they share the interpreter lock with the UI, which then stutters, and both go slower. In
a child process they run on another core.

This is how the reader's :class:`~margin.analysis.service.runner.DefaultAnalyzer` analyses
when the cache does not have the article. :class:`AnalysisProcess` is started as soon as the
article is loaded and found missing from the cache, before Textual is even imported, so the
child imports spaCy and loads the model on the other core while the app starts and paints.
``margin PATH`` forks it from its own process, which runs one thread then (no interpreter to
start, nothing of margin to import again: spaCy starts loading ~0.1 s sooner); otherwise the
child is a plain interpreter (``subprocess``, not ``multiprocessing``: no resource tracker
process, no re-import of the app's main module). Either talks over a socket pair. The app
then sends the text and the offsets on screen (:meth:`AnalysisProcess.run`, from its worker
thread), and the child streams progress back, paragraphs on screen first, and finally the
whole analysis in the compact form of :mod:`margin.analysis.service.compact` (arrays, quick
to send); it also stores the result in the cache. The app wraps its end of the pipe in
``multiprocessing``'s ``Connection`` on first use, by the worker after the first frame (its
modules are not imported before). The child then waits for the next article (the library
can open another without loading spaCy again). Runs are numbered: a run that is
cancelled (the reader closed) is told to stop, and anything it still sends is ignored.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from margin.errors import MarginError
from margin.model import Article

if TYPE_CHECKING:  # pragma: no cover
    from multiprocessing.connection import Connection

    from margin.analysis.service.compact import ReaderAnalysis

POLL_SECONDS = 0.05
"""How often the app side checks for cancellation while waiting for the child."""


class AnalysisProcessError(MarginError):
    """The analysis process failed or ended unexpectedly (one line, for the user)."""


class Cancelled(Exception):
    """The analysis was cancelled (``should_stop`` answered True)."""


STAT_FILE = "/proc/stat"
"""Where Linux tells how many threads are runnable right now (``procs_running``)."""

BUSY_SAMPLES = 3
"""How many times :func:`machine_busy` counts the runnable threads, a millisecond apart (the
fewest counts: a thread that runs for an instant is not a busy machine)."""

GO_WAIT_SECONDS = 3.0
"""How long a child on a busy machine waits for the app's word that its text is on screen."""


def runnable_now(stat_file: str | None = None) -> int | None:
    """How many threads of the machine are running or waiting for a CPU right now (Linux's
    ``procs_running``), or None where that cannot be read."""
    try:
        with open(stat_file or STAT_FILE, encoding="ascii") as fh:
            for line in fh:
                if line.startswith("procs_running "):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def machine_busy() -> bool:
    """Whether the machine has no core to spare for the analysis now: one CPU only, or more
    threads runnable (the fewest of :data:`BUSY_SAMPLES` counts) than CPUs, the app and this
    child included; where that cannot be read, a 1-minute load average at or above the number
    of CPUs.

    It looks at this moment, not at an average over the last seconds (such as Linux's CPU
    pressure): a machine that was busy a few seconds ago, often with the previous article's
    analysis, has a core to spare now."""
    cpus = os.cpu_count() or 1
    if cpus < 2:
        return True
    counts = []
    for sample in range(BUSY_SAMPLES):
        if sample:
            time.sleep(0.001)
        count = runnable_now()
        if count is None:
            break
        counts.append(count)
    else:
        return min(counts) > cpus
    try:
        return os.getloadavg()[0] >= cpus
    except OSError:
        return False


CHILD_CODE = (
    "import sys\n"
    "sys.path[:0] = sys.argv[4:]\n"
    "from margin.analysis.service.process import child_main\n"
    "child_main(int(sys.argv[1]), sys.argv[2] or None, sys.argv[3] == '1')\n"
)
"""The child's program: ``python -c CHILD_CODE FD MODEL USE_CACHE PATH...`` (``PATH``: the
app's ``sys.path``, so the child imports the same margin)."""


def child_main(fd: int, model: str | None, use_cache: bool) -> None:
    """The child's entry point: the socket ``fd`` to the app, then :func:`_child_main`.

    With a core to spare (:func:`machine_busy`) the child loads spaCy at once, beside the
    app's start-up, at the app's own priority. On a busy machine it would take CPU from the
    app's first frame instead: it waits (at most :data:`GO_WAIT_SECONDS`) for the app's first
    message, sent once the text is on screen, and then loads at the same priority as the app
    (a lowered priority would leave it a fraction of its share for good, behind every other
    process of the machine: first colours 10-30 s after launch on a busy 2-core machine)."""
    from multiprocessing.connection import Connection

    from margin.analysis.service.trace import stamp

    stamp("child: started")
    conn = Connection(fd)
    first: tuple[Any, ...] | None = None
    if machine_busy():
        stamp("child: machine busy, waiting for the text")
        try:
            if conn.poll(GO_WAIT_SECONDS):
                first = conn.recv()
        except (EOFError, OSError):
            return  # the app went away
        stamp("child: go")
        if first is not None and first[0] == "quit":
            return
    _child_main(conn, model, use_cache, first)


def _child_main(
    conn: Connection, model: str | None, use_cache: bool, first: tuple[Any, ...] | None = None
) -> None:
    """The child: load the pipeline once, then analyse each text the app sends until it says
    "quit" (or goes away). spaCy comes first, then margin's own tables (the engine's modules,
    the cue lexicon, the name words) that the first screen's entities need."""
    from margin.analysis.service.trace import enabled as trace_enabled
    from margin.analysis.service.trace import stamp

    try:
        from margin.analysis.pipeline import load_pipeline

        nlp = load_pipeline(model)
        stamp("child: model loaded")
        from margin.analysis.cues import load_lexicon
        from margin.analysis.engine import AnalysisCancelled, analyze
        from margin.analysis.names import name_words

        load_lexicon()
        name_words()
        stamp("child: engine ready")
    except MarginError as exc:
        _send(conn, ("error", None, str(exc)))
        conn.close()
        return
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        return
    except Exception as exc:  # reported to the app as one line
        _send(conn, ("error", None, f"analysis failed: {type(exc).__name__}: {exc}"))
        conn.close()
        return
    _send(conn, ("loaded",))
    # a message that interrupted the last run (or came while the child waited to start)
    waiting: tuple[Any, ...] | None = first
    try:
        while True:
            message = waiting if waiting is not None else conn.recv()
            waiting = None
            if message[0] == "quit":
                return
            if message[0] != "run":
                continue  # a "stop" for a run that had already ended
            _, run_id, priority, text, text_sha = message
            if trace_enabled():
                stamp(f"child: run received ({len(priority)} priority offsets)")

            def on_progress(progress: Any, run_id: int = run_id) -> None:
                if trace_enabled():
                    stamp(
                        f"child: progress ({len(progress.entities)} entities, "
                        f"{len(progress.claims)} claims, {progress.done}/{progress.total})"
                    )
                conn.send(
                    (
                        "progress",
                        run_id,
                        progress.sentences,
                        progress.entities,
                        progress.claims,
                        progress.done,
                        progress.total,
                    )
                )

            def should_stop() -> bool:
                nonlocal waiting
                while conn.poll():  # a message ends this run: "stop", "quit" or a new "run"
                    message = conn.recv()
                    if message[0] != "go":
                        waiting = message
                        return True
                return False

            try:
                result = analyze(text, nlp, priority=priority, on_progress=on_progress,
                                 should_stop=should_stop)  # fmt: skip
            except AnalysisCancelled:
                continue
            except MarginError as exc:
                conn.send(("error", run_id, str(exc)))
                continue
            except Exception as exc:
                conn.send(("error", run_id, f"analysis failed: {type(exc).__name__}: {exc}"))
                continue
            from margin.analysis.service.compact import ReaderAnalysis

            compact = ReaderAnalysis.from_analysis(result, text)
            if use_cache:
                from margin.analysis.cache import AnalysisCache

                try:
                    AnalysisCache().put(text_sha, result.model, result, compact=compact)
                except Exception:
                    pass  # a cache that cannot be written only costs the next analysis
            conn.send(("done", run_id, compact.to_payload()))
    except (EOFError, BrokenPipeError, KeyboardInterrupt):
        pass  # the app went away
    finally:
        conn.close()


def _send(conn: Connection, message: tuple[Any, ...]) -> None:
    try:
        conn.send(message)
    except (OSError, ValueError):
        pass  # the app went away


def _can_fork() -> bool:
    """Whether this process may fork its analysis child: only while it runs one thread (no
    lock of another thread can be caught held in the child; Textual's threads come later)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def _fork_child(fd: int, model: str | None, use_cache: bool) -> _Forked:
    """Fork the analysis child: it keeps only the socket ``fd`` (its standard streams on
    /dev/null, every other descriptor closed) and runs :func:`child_main`; it never returns
    into the app's code (``os._exit``)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()  # nothing of ours is written twice
        except (AttributeError, OSError, ValueError):
            pass
    pid = os.fork()
    if pid:
        return _Forked(pid)
    code = 1  # pragma: no cover - the child (its own coverage is not collected)
    try:  # pragma: no cover
        null = os.open(os.devnull, os.O_RDWR)
        for target in (0, 1, 2):
            os.dup2(null, target)
        os.closerange(3, fd)
        os.closerange(fd + 1, max(fd + 2, os.sysconf("SC_OPEN_MAX")))
        child_main(fd, model, use_cache)
        code = 0
    except BaseException:  # pragma: no cover
        pass
    finally:  # pragma: no cover
        os._exit(code)


class _Forked:
    """A forked child, with the part of :class:`subprocess.Popen`'s interface that
    :class:`AnalysisProcess` uses."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere
                self.returncode = -1
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"analysis process {self.pid}", timeout or 0)
            time.sleep(0.005)
        return code

    def _signal(self, number: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, number)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)


class AnalysisProcess:
    """A child process that loads spaCy once and analyses the articles it is given, one at
    a time (see the module doc). Its standard streams are /dev/null: they would be the app's
    terminal, and a stray warning from a library would be drawn over the reader.

    ``fork=True`` forks the child from this process when it runs a single thread (``margin
    PATH`` before Textual is imported): no new interpreter to start and nothing of margin to
    import again, so spaCy starts loading sooner; otherwise (or where there is no ``fork``) a
    new interpreter is started."""

    def __init__(
        self, model: str | None = None, *, use_cache: bool = True, fork: bool = False
    ) -> None:
        ours, theirs = socket.socketpair()
        self._process: subprocess.Popen[bytes] | _Forked
        try:
            if fork and _can_fork():
                self._process = _fork_child(theirs.fileno(), model, use_cache)
            else:
                self._process = subprocess.Popen(
                    [sys.executable, "-c", CHILD_CODE, str(theirs.fileno()), model or "",
                     "1" if use_cache else "0", *[p for p in sys.path if p]],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(theirs.fileno(),),
                    close_fds=True,
                )  # fmt: skip
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.forked = isinstance(self._process, _Forked)
        """Whether the child was forked from this process (else a new interpreter)."""
        self._socket = ours
        self._pipe: Connection | None = None
        self._loaded = False
        self._told_go = False
        self._ended = False
        self._run_id = 0
        self._lock = threading.Lock()  # one run at a time on the pipe

    @property
    def _conn(self) -> Connection:
        """The pipe to the child, made on first use: by the reader's worker, after its first
        frame (``multiprocessing``'s six modules are not imported before it)."""
        if self._pipe is None:
            from multiprocessing.connection import Connection

            self._pipe = Connection(self._socket.detach())
        return self._pipe

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self._process.pid

    def is_alive(self) -> bool:
        """Whether the child is still running."""
        return self._process.poll() is None

    @property
    def usable(self) -> bool:
        """True while the child can take another article."""
        return not self._ended and self.is_alive()

    def run(
        self,
        article: Article,
        priority: Sequence[int],
        on_progress: Callable[[_Progress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> ReaderAnalysis:
        """Analyse ``article`` (paragraphs at ``priority`` offsets first). Raises
        :class:`Cancelled` or :class:`AnalysisProcessError`. The child stays up for the next
        article."""
        with self._lock:
            self._run_id += 1
            run_id = self._run_id
            try:
                return self._run(run_id, article, priority, on_progress, should_stop)
            except (EOFError, BrokenPipeError, ConnectionResetError, OSError) as exc:
                self._ended = True
                raise AnalysisProcessError("the analysis process ended unexpectedly") from exc

    def _run(
        self,
        run_id: int,
        article: Article,
        priority: Sequence[int],
        on_progress: Callable[[_Progress], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> ReaderAnalysis:
        from margin.analysis.service.trace import stamp

        stamp("app: worker run")
        conn = self._conn
        request = ("run", run_id, list(priority), article.text, article.sha256)
        sent = False
        if self._loaded:
            conn.send(request)
            sent = True
        elif not self._told_go:
            conn.send(("go",))  # the text is on screen: a waiting child may start loading
            self._told_go = True
        while True:
            if should_stop is not None and should_stop():
                if sent:
                    conn.send(("stop",))
                raise Cancelled()
            if not conn.poll(POLL_SECONDS):
                if not self.is_alive() and not conn.poll():
                    self._ended = True
                    raise AnalysisProcessError("the analysis process ended unexpectedly")
                continue
            message = conn.recv()
            kind = message[0]
            if kind == "loaded":
                stamp("app: loaded received")
                self._loaded = True
                if not sent:
                    conn.send(request)
                    sent = True
                continue
            if message[1] is None:  # the child could not start: it has ended
                self._ended = True
                raise AnalysisProcessError(message[2])
            if message[1] != run_id:
                continue  # from an earlier, cancelled run
            if kind == "progress" and on_progress is not None:
                stamp("app: progress received")
                on_progress(_Progress(*message[2:]))
            elif kind == "done":
                from margin.analysis.service.compact import ReaderAnalysis

                return ReaderAnalysis.from_payload(message[2], article.text)
            elif kind == "error":
                raise AnalysisProcessError(message[2])

    def close(self) -> None:
        """Stop the child and free the pipe."""
        self._ended = True
        try:
            if self.is_alive():
                try:
                    self._conn.send(("quit",))
                except (OSError, ValueError):
                    pass
                try:
                    self._process.wait(0.2)
                except subprocess.TimeoutExpired:
                    self._process.terminate()
                    try:
                        self._process.wait(1)
                    except subprocess.TimeoutExpired:
                        self._process.kill()
                        self._process.wait()
        finally:
            if self._pipe is not None:
                self._pipe.close()
            else:
                self._socket.close()


class _Progress:
    """A progress report as received from the child (the engine's fields)."""

    __slots__ = ("claims", "done", "entities", "sentences", "total")

    def __init__(
        self, sentences: list[Any], entities: list[Any], claims: list[Any], done: int, total: int
    ) -> None:
        self.sentences = sentences
        self.entities = entities
        self.claims = claims
        self.done = done
        self.total = total
