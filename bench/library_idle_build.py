"""How the library's building of its views ahead shares the event loop with typing: every
event-loop step is timed (CPU) while the library builds the Speakers and Claims views, and
then while ``/budget`` is typed in the library's search (the baseline, same run). A key that
comes during the build waits at most the longest build step.

    python bench/library_idle_build.py [--library DIR]

``DIR`` holds ``margin.json`` and ``cache/`` as for ``bench/library_speed.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import asyncio.events
import os
import time
from pathlib import Path
from typing import Any

Steps = list[float]


def timed_steps() -> tuple[Any, Any]:
    """Patch asyncio's callbacks to record each one's CPU time while recording is on:
    (start(), stop() -> steps)."""
    recording: list[Steps | None] = [None]
    run = asyncio.events.Handle._run

    def timed(handle: Any) -> None:
        steps = recording[0]
        if steps is None:
            return run(handle)  # type: ignore[no-any-return]
        started = time.process_time()
        try:
            return run(handle)  # type: ignore[no-any-return]
        finally:
            steps.append(time.process_time() - started)

    asyncio.events.Handle._run = timed  # type: ignore[method-assign]

    def start() -> None:
        recording[0] = []

    def stop() -> Steps:
        steps, recording[0] = recording[0], None
        return steps or []

    return start, stop


async def measure() -> dict[str, Steps]:
    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig
    from margin.tui.screens import library_views
    from margin.tui.screens.library import LibraryScreen

    start, stop = timed_steps()
    app = MarginApp(config=ReaderConfig())
    found: dict[str, Steps] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        while not isinstance(app.screen, LibraryScreen):
            await pilot.pause(0.002)
        await app.workers.wait_for_complete()
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        start()
        while library._views_building or not all(map(library.view_ready, library_views.VIEWS)):
            await asyncio.sleep(0.01)
        found["build"] = stop()
        start()
        await pilot.press("slash", *"budget")
        found["typing"] = stop()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--library", type=Path, default=Path("/tmp/margin-library-bench"))
    args = parser.parse_args()
    os.environ["MARGIN_DB"] = str(args.library / "margin.json")
    os.environ["MARGIN_CACHE_DIR"] = str(args.library / "cache")
    found = asyncio.run(measure())
    for name, steps in found.items():
        steps.sort(reverse=True)
        longest = ", ".join(f"{s * 1000:.1f}" for s in steps[:5])
        print(
            f"{name:>7}: {len(steps)} steps, {sum(steps) * 1000:.0f} ms of CPU in all; "
            f"longest: {longest} ms"
        )
    ratio = max(found["build"]) / max(found["typing"])
    print(f"longest build step / longest typing step: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
