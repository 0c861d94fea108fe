"""What the reader's own process has spent when its first frame is written: warm cache against
cold, this checkout against another. Steadier than the wall clock on a shared machine.

    .venv/bin/python bench/first_frame_cost.py ../shared/data/bbc [--size 1k] [--repeat 20] \
        [--kinds warm cold] [--versus PYTHONPATH] [--callgrind]

``margin FILE`` runs in a pseudo-terminal of its own (as in ``bench/reader_speed.py``) with a
hook that, at the first frame Textual really writes (``MarginApp._display``), notes the
process's CPU seconds (user, system), minor page faults, context switches, modules and the
seconds since the script started; then it kills the analysis process, if any, and exits.
Kinds: ``warm`` (the cache filled first), ``cold`` (an empty cache: the analysis process is
forked), ``cold-none`` (an empty cache, but no analysis process started at all), ``cold-sleep``
(forked, but the child only sleeps: the fork's cost without the child's competition),
``cold-wait`` / ``cold-nowait`` (the child waits for the text, or loads at once, whatever the
machine's load); with ``--versus``, each kind again as ``vs-KIND`` on that margin. Medians of
interleaved rounds. ``--callgrind`` runs each once under valgrind's callgrind and adds the
instructions the process executed (user space only: a fault's kernel work is not counted).
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import random
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pty_watch import compile_margin
from reader_speed import SIZES, terminal_env, write_articles

HOOK = r"""
import json, os, resource, signal, sys, time
START = time.monotonic()
OUT, KIND = os.environ["FIRST_FRAME_OUT"], os.environ["FIRST_FRAME_KIND"]

def frame_hook(module):
    real = module.MarginApp._display
    def _display(app, screen, renderable):
        real(app, screen, renderable)
        if renderable is None or app._batch_count:
            return
        ru = resource.getrusage(resource.RUSAGE_SELF)
        process = getattr(app.analyzer, "_process", None)
        with open(OUT, "w") as fh:
            json.dump({"cpu": time.process_time(), "user": ru.ru_utime, "system": ru.ru_stime,
                       "minflt": ru.ru_minflt, "nivcsw": ru.ru_nivcsw,
                       "modules": len(sys.modules), "wall": time.monotonic() - START}, fh)
        try:
            if process is not None:
                os.kill(process.pid, signal.SIGKILL)
        finally:
            os._exit(0)
    module.MarginApp._display = _display

def process_hook(module):
    if KIND.endswith("cold-sleep"):
        module.child_main = lambda *_: time.sleep(60)
    if KIND.endswith("cold-wait"):
        module.machine_busy = lambda: True
    if KIND.endswith("cold-nowait"):
        module.machine_busy = lambda: False

def runner_hook(module):
    if KIND.endswith("cold-none"):
        module.DefaultAnalyzer.prepare = lambda self, article: None

HOOKS = {"margin.tui.app": frame_hook, "margin.analysis.service.process": process_hook,
         "margin.analysis.service.runner": runner_hook}

class After:  # runs a hook once its module is imported, without importing anything sooner
    def find_spec(self, name, path, target=None):
        hook = HOOKS.pop(name, None)
        if hook is None:
            return None
        import importlib.util
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        real = spec.loader.exec_module
        def exec_module(module):
            real(module)
            hook(module)
        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, After())
from margin.cli import main
main([sys.argv[1]])
"""

KINDS = ("warm", "cold", "cold-none", "cold-sleep", "cold-wait", "cold-nowait")
FIGURES = ("cpu", "user", "system", "minflt", "nivcsw", "modules", "wall", "instructions")


def run_once(kind: str, article: Path, env: dict[str, str], tmp: Path, n: int,
             versus: str | None, callgrind: bool) -> dict[str, float] | None:  # fmt: skip
    """One run of ``kind``: its figures at the first frame (None if it wrote none)."""
    out = tmp / f"out-{n}"
    base = kind.removeprefix("vs-")
    cache = tmp / ("warm" if base == "warm" else f"cold-{n}")
    run_env = {**env, "FIRST_FRAME_OUT": str(out), "FIRST_FRAME_KIND": base,
               "MARGIN_CACHE_DIR": str(cache)}  # fmt: skip
    if kind.startswith("vs-") and versus is not None:
        run_env["PYTHONPATH"] = versus
    argv = [sys.executable, "-c", HOOK, str(article)]
    if callgrind:
        argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg-{n}.%p", *argv]
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def drain() -> None:
        try:
            while os.read(master, 1 << 16):
                pass
        except OSError:
            pass

    threading.Thread(target=drain, daemon=True).start()
    try:
        subprocess.run(argv, stdin=slave, stdout=slave, stderr=subprocess.DEVNULL, env=run_env,
                       start_new_session=True, timeout=900, check=False)  # fmt: skip
    finally:
        os.close(slave)
    os.close(master)
    if not out.exists():
        return None
    figures = json.loads(out.read_text())
    for profile in tmp.glob(f"cg-{n}.*"):
        for line in profile.read_text(errors="replace").splitlines():
            if line.startswith(("summary:", "totals:")):
                figures["instructions"] = int(line.split()[1]) / 1e6  # millions
                break
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the BBC corpus directory")
    parser.add_argument("--size", choices=list(SIZES), default="1k")
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=["warm", "cold"])
    parser.add_argument("--versus", metavar="PYTHONPATH", help="also run the margin found there")
    parser.add_argument("--repeat", type=int, default=20, metavar="N")
    parser.add_argument("--callgrind", action="store_true", help="one run each, instructions")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    compile_margin()
    if args.versus:
        compile_margin(args.versus)
    kinds = list(args.kinds) + ([f"vs-{k}" for k in args.kinds] if args.versus else [])
    rounds = 1 if args.callgrind else args.repeat
    rng = random.Random(args.seed)
    results: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory(prefix="margin-first-frame-") as tmp_name:
        tmp = Path(tmp_name)
        env = terminal_env(tmp)
        article = write_articles(args.corpus, [args.size], tmp)[args.size].path
        warm_env = {**env, "MARGIN_CACHE_DIR": str(tmp / "warm")}
        subprocess.run([sys.executable, "-m", "margin", "analyze", str(article)], env=warm_env,
                       check=True, capture_output=True)  # fmt: skip
        n = 0
        for _ in range(rounds):
            rng.shuffle(kinds)
            for kind in kinds:
                n += 1
                got = run_once(kind, article, env, tmp, n, args.versus, args.callgrind)
                if got is None:
                    print(f"{kind}: no first frame", flush=True)
                    continue
                results[kind].append(got)
    print(f"\n{args.size}, medians of {rounds} round(s) at the first written frame "
          "(cpu/user/system/wall in ms; instructions in millions)")  # fmt: skip
    print("  " + "kind".ljust(16) + "".join(f.rjust(13) for f in FIGURES))
    for kind in sorted(results):
        runs = results[kind]
        cells = []
        for name in FIGURES:
            values = [r[name] for r in runs if name in r]
            value = statistics.median(values) if values else None
            scale = 1000 if name in ("cpu", "user", "system", "wall") else 1
            cells.append("—".rjust(13) if value is None else f"{value * scale:13.1f}")
        print("  " + kind.ljust(16) + "".join(cells))


if __name__ == "__main__":
    main()
