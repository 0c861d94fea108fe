"""The batch's chunks on a Dask distributed cluster (``--scheduler ADDRESS``).

Each chunk becomes one task, :func:`analysis.batch_work.analyze_chunk`, run on whichever
worker the scheduler picks; every worker process loads the model once (the pipeline is kept
per process) and the results come back to this process, which writes the cache and the
library. Only article texts travel: files and URLs are read here, so the workers need margin
and the spaCy model installed, not access to this machine's files.

Dask reschedules the tasks of a worker that dies; a task whose workers keep dying ends as
``KilledWorker``, reported as :class:`~analysis.batch_local.WorkerLost` like a local worker's
death. ``dask[distributed]`` is optional (``pip install 'margin[cluster]'``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from margin.analysis.batch_local import CHUNK_SIZE, Outcome, Work, WorkerLost
from margin.analysis.batch_work import ChunkResult, analyze_chunk
from margin.errors import MarginError

INSTALL_HINT = "pip install 'margin[cluster]'"
#: Environment variable naming the scheduler when ``--scheduler`` is not given.
SCHEDULER_ENV = "MARGIN_SCHEDULER"
#: Seconds to wait for the scheduler to answer, and then for a first worker.
CONNECT_TIMEOUT = 20


def _client_class() -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise MarginError(
            f"a Dask scheduler needs Dask's distributed package; install it with: {INSTALL_HINT}"
        ) from None
    return Client


class DaskBackend:
    """Chunks as tasks on the Dask cluster whose scheduler is at ``address``."""

    chunk_size = CHUNK_SIZE

    def __init__(self, address: str, model: str | None, *, work: Work = analyze_chunk) -> None:
        client_class = _client_class()
        self.address = address
        self.model = model
        self.work = work
        try:
            self.client = client_class(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise MarginError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        try:
            self.client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            self.client.close()
            raise MarginError(
                f"the Dask scheduler at {address} has no workers (start some with: "
                f"dask worker {address})"
            ) from exc
        self.slots = max(1, sum(self.client.nthreads().values()))

    def submit(self, texts: list[str], done: Callable[[Outcome], None]) -> None:
        """Send a chunk as one task; ``done`` is called when it ends (in a Dask thread)."""
        future = self.client.submit(self.work, texts, self.model, pure=False)
        future.add_done_callback(lambda f: done(lambda: self._result(f)))

    def _result(self, future: Any) -> ChunkResult:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            raise WorkerLost(f"the cluster lost the workers running it ({exc})") from None

    def close(self, *, cancel: bool = False) -> None:
        """Disconnect (the scheduler then drops whatever this client still had running)."""
        self.client.close()
