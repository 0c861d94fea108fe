"""How fast the reader renders and scrolls a ~1 MB article and how much memory it holds, beside
Textual's TextArea, headless (inside the process, with ``run_test``).

    .venv/bin/python bench/reader_render.py ../shared/data/bbc [--size 1000000] [--quick]

What the user sees in a real terminal (when the text and the entity colours reach it, from the
command's launch, against a bare ``Log`` app, ``TextArea`` and ``less``) is measured by
``bench/reader_speed.py``; the "first text" and "highlights" here are the reader's own stamps,
taken before the frame is written to the terminal.

The article is built from the BBC corpus (files in sorted order until ``--size`` characters).
Each figure comes from a fresh interpreter (a child process), headless at 120x40:

* ``first text``: seconds from the app's start (``run_test`` entered; Textual and each app's
  own modules, ``TextArea`` or margin's reader, already imported) until the text is
  painted; also from the child's start (every import included);
* ``first-screen highlights (cold)``: until the first entity/sentence highlights arrive,
  analysis cache empty, so spaCy's import and load are included; ``(warm)``: the same with
  the cache filled by the cold run;
* ``page render after end`` / ``per pagedown``: CPU time (``time.process_time``) to render
  every line of one screen with the line caches cleared (mean and max over 20 pagedowns);
  measured without tracemalloc (it slows allocation);
* ``peak memory``: the same steps again in a child of their own, under tracemalloc: the app
  starts, paints (the reader also shows its analysis, from the cache), goes to the end and
  pages down 20 times. Before tracing, both apps' modules are imported, the text is built
  and each app runs once on the article's first 3,000 characters (so what it imports or
  sets up once per process is not counted), so the figure is what the app allocates for the
  document: its peak, and what is still held at the end. ``+ side panel tabs``: the reader
  again, after also showing its Entities tab and paging through the Claims and Entities
  lists (they are built lazily);
* ``peak RSS``: the child's peak resident size in the (untraced) render run.

margin's packages are byte-compiled first (``__pycache__``, as ``pip install`` leaves them).

``--quick`` stops the cold analysis once the first screen is highlighted (no warm run; the
render figures are then measured without highlights).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

START = time.perf_counter()
SIZE = (120, 40)
PAGEDOWNS = 20


def build_text(corpus: Path, size: int) -> tuple[str, str]:
    """Concatenate BBC articles (sorted paths) until ``size`` characters."""
    files = sorted(p for p in corpus.rglob("*.txt") if p.name[0].isdigit())
    if not files:
        raise SystemExit(f"no BBC articles (NNN.txt) under {corpus}")
    parts: list[str] = []
    total = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
        parts.append(text)
        total += len(text) + 2
        if total >= size:
            break
    return f"BBC news: {len(parts)} articles", "\n\n".join(parts)


def page_cpu(render_line: Any, height: int, clear: Any) -> float:
    clear()
    t = time.process_time()
    for y in range(height):
        render_line(y)
    return time.process_time() - t


async def run_reader(mode: str, title: str, text: str) -> dict[str, Any]:
    import tracemalloc

    from margin.analysis.service.runner import DefaultAnalyzer
    from margin.model import Article
    from margin.tui.app import MarginApp
    from margin.tui.keymap import ReaderConfig

    article = Article.from_text(text, title, "bbc-1mb.txt")
    analyzer: Any = DefaultAnalyzer(process=not os.environ.get("BENCH_THREAD"))
    if mode == "render-plain":  # --quick: no cached analysis to show, render the bare text
        from margin.analysis.service.compact import ReaderAnalysis

        analyzer = lambda article, **_: ReaderAnalysis(article.text)  # noqa: E731
        mode = "render"
    import margin.tui.screens.reader  # noqa: F401  (imported before the clock and tracing, as TextArea is)

    if mode.startswith("memory"):
        tracemalloc.start()
    app = MarginApp(article=article, analyzer=analyzer, config=ReaderConfig())
    try:
        return await measure_reader(app, mode)
    finally:
        close = getattr(analyzer, "close", None)
        if close is not None:
            close()  # the analysis process


async def measure_reader(app: Any, mode: str) -> dict[str, Any]:
    """Run the reader ``app`` headless and take the figures ``mode`` asks for."""
    import tracemalloc

    result: dict[str, Any] = {}
    app_start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        from margin.tui.screens.reader import ReaderScreen

        screen: Any = None
        deadline = time.perf_counter() + 900
        while time.perf_counter() < deadline:
            # Poll gently: a 5 ms loop here holds the interpreter lock so often that it slows
            # the thread loading spaCy by ~0.7 s, which no real session suffers. The times
            # themselves are stamped by the reader (first_paint_at, highlights_at), not here.
            await pilot.pause(0.05)
            screen = app.screen
            if not isinstance(screen, ReaderScreen):
                continue
            if mode == "cold-quick" and screen.highlights_at is not None:
                break
            if mode == "warmup" and screen.first_paint_at is not None:
                break
            if screen.analysis is not None or screen.analysis_error:
                break
        assert isinstance(screen, ReaderScreen)
        if mode == "warmup":
            screen.workers.cancel_all()
            return result
        if screen.analysis_error:
            result["error"] = screen.analysis_error
        result["first_text_s"] = screen.first_paint_at - app_start
        result["first_text_from_process_start_s"] = screen.first_paint_at - START
        if screen.highlights_at is not None:
            result["highlights_s"] = screen.highlights_at - app_start
        result["analysis_done_s"] = (
            time.perf_counter() - app_start if screen.analysis is not None else None
        )
        result["cached"] = getattr(app.analyzer, "cached", False)
        if mode == "render" or mode.startswith("memory"):
            view = screen.view
            height = view.scrollable_content_region.height
            result.update(measure_scrolling(view, height, view._strip_cache.clear))
            result["entities"] = len(screen.entities)
            result["lines"] = view.layout_.line_count
        if mode == "memory-panels":
            for tab in ("claims", "entities"):
                screen.show_tab(tab)
                await pilot.pause()
                for _ in range(PAGEDOWNS):
                    await pilot.press("pagedown")
            await pilot.press("end")
            await pilot.pause()
        if mode.startswith("memory"):
            current, peak = tracemalloc.get_traced_memory()
            result["tracemalloc_peak_mb"] = peak / 1e6
            result["tracemalloc_end_mb"] = current / 1e6
        if mode == "cold-quick":
            screen.workers.cancel_all()
    return result


def measure_scrolling(widget: Any, height: int, clear: Any) -> dict[str, float]:
    widget.scroll_to(y=widget.max_scroll_y, animate=False, immediate=True)
    end_cpu = page_cpu(widget.render_line, height, clear)
    widget.scroll_to(y=0, animate=False, immediate=True)
    samples = []
    for _ in range(PAGEDOWNS):
        widget.scroll_to(y=widget.scroll_y + height - 2, animate=False, immediate=True)
        samples.append(page_cpu(widget.render_line, height, clear))
    return {
        "page_after_end_ms": end_cpu * 1000,
        "pagedown_mean_ms": sum(samples) / len(samples) * 1000,
        "pagedown_max_ms": max(samples) * 1000,
    }


async def run_textarea(title: str, text: str, *, memory: bool = False) -> dict[str, Any]:
    import tracemalloc

    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    document = title + "\n\n" + text
    if memory:
        tracemalloc.start()
    painted: dict[str, float] = {}

    class TextAreaApp(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(document, read_only=True, soft_wrap=True)

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: painted.setdefault("at", time.perf_counter()))

    app = TextAreaApp()
    app_start = time.perf_counter()
    result: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        while "at" not in painted:
            await pilot.pause(0.05)  # polled as the reader is; the time is stamped on paint
        result["first_text_s"] = painted["at"] - app_start
        result["first_text_from_process_start_s"] = painted["at"] - START
        area = app.query_one(TextArea)
        height = area.scrollable_content_region.height

        def clear() -> None:
            cache = getattr(area, "_line_cache", None)
            if cache is not None:
                cache.clear()

        result.update(measure_scrolling(area, height, clear))
        if memory:
            current, peak = tracemalloc.get_traced_memory()
            result["tracemalloc_peak_mb"] = peak / 1e6
            result["tracemalloc_end_mb"] = current / 1e6
    return result


def child(kind: str, text_file: str) -> None:
    import asyncio

    data = json.loads(Path(text_file).read_text(encoding="utf-8"))
    if kind.endswith("memory") or kind == "memory-panels":
        # First a short run of the same app, untraced: what it imports or sets up once per
        # process (modules imported on the way, such as the notes store's or the analysis
        # process's) is then not counted as memory for the document.
        short = data["text"][:3000]
        if kind.startswith("textarea"):
            asyncio.run(run_textarea(data["title"], short))
        else:
            asyncio.run(run_reader("warmup", data["title"], short))
    if kind.startswith("textarea"):
        memory = kind == "textarea-memory"
        result = asyncio.run(run_textarea(data["title"], data["text"], memory=memory))
    else:
        result = asyncio.run(run_reader(kind, data["title"], data["text"]))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result))


def spawn(kind: str, text_file: str, env: dict[str, str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, text_file],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"{kind} run failed:\n{proc.stderr[-3000:]}")


def spacy_load_seconds(env: dict[str, str]) -> float:
    """Seconds to import spaCy and load margin's pipeline in a fresh process: the floor under
    cold highlights on this machine, measured in the same run."""
    code = (
        "import time; t = time.perf_counter(); import spacy; "
        "from margin.analysis.pipeline import load_pipeline; load_pipeline(); "
        "print(time.perf_counter() - t)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return float(proc.stdout.split()[-1])


def fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.3f}{unit}" if isinstance(value, float) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", help="the BBC corpus directory")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--cache", metavar="DIR", help="analysis cache directory to use (kept between runs)"
    )
    parser.add_argument(
        "--no-cold", action="store_true", help="skip the cold runs (use with a filled --cache)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="time first text and cold highlights N times (extra runs stop at the first "
        "highlights, each with an empty cache); prints best and median",
    )
    parser.add_argument(
        "--thread",
        action="store_true",
        help="analyse in a thread of the app, not in the analysis process (the default)",
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "TEXT_JSON"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if not args.corpus:
        parser.error("give the BBC corpus directory")
    if args.thread:
        os.environ["BENCH_THREAD"] = "1"
    # Byte-compile margin's packages as ``pip install`` does: an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would otherwise compile every module from source at each start.
    root = Path(__file__).resolve().parent.parent
    for package in ("core", "cli", "sources", "analysis", "export", "storage", "styles", "tui"):
        compileall.compile_dir(root / package, quiet=1)
    title, text = build_text(Path(args.corpus), args.size)
    print(f"article: {title}, {len(text):,} characters; terminal {SIZE[0]}x{SIZE[1]}")
    with tempfile.TemporaryDirectory() as tmp:
        text_file = os.path.join(tmp, "article.json")
        Path(text_file).write_text(json.dumps({"title": title, "text": text}), encoding="utf-8")
        env = {**os.environ, "MARGIN_CACHE_DIR": args.cache or os.path.join(tmp, "cache")}
        # This machine's speed drifts, so spaCy's own load is timed just before each cold run.
        loads: list[float] = []
        if args.no_cold:
            cold = spawn("warm", text_file, env)
        else:
            loads.append(spacy_load_seconds(env))
            cold = spawn("cold-quick" if args.quick else "cold", text_file, env)
        colds = [] if args.no_cold else [cold]
        for i in range(1, args.repeat):
            empty = os.path.join(tmp, f"empty-cache-{i}")
            loads.append(spacy_load_seconds(env))
            colds.append(spawn("cold-quick", text_file, {**env, "MARGIN_CACHE_DIR": empty}))
        warm = None if args.quick else spawn("warm", text_file, env)
        render = spawn("render-plain" if args.quick else "render", text_file, env)
        area = spawn("textarea", text_file, env)
        memory = {} if args.quick else spawn("memory", text_file, env)
        panels = {} if args.quick else spawn("memory-panels", text_file, env)
        area_memory = spawn("textarea-memory", text_file, env)
        spacy_load = min(spacy_load_seconds(env) for _ in range(3))
    rows = [
        ("first text (s, from app start)", cold["first_text_s"], area["first_text_s"]),
        (
            "first text (s, from process start)",
            cold["first_text_from_process_start_s"],
            area["first_text_from_process_start_s"],
        ),
        (
            "first-screen highlights, cold (s)",
            None if args.no_cold else cold.get("highlights_s"),
            None,
        ),
        ("first-screen highlights, warm (s)", warm and warm.get("highlights_s"), None),
        ("whole analysis, cold (s)", cold.get("analysis_done_s"), None),
        ("page render after end (ms CPU)", render["page_after_end_ms"], area["page_after_end_ms"]),
        ("pagedown render, mean (ms CPU)", render["pagedown_mean_ms"], area["pagedown_mean_ms"]),
        ("pagedown render, max (ms CPU)", render["pagedown_max_ms"], area["pagedown_max_ms"]),
        (
            "peak traced memory (MB)",
            memory.get("tracemalloc_peak_mb"),
            area_memory["tracemalloc_peak_mb"],
        ),
        (
            "traced memory at the end (MB)",
            memory.get("tracemalloc_end_mb"),
            area_memory["tracemalloc_end_mb"],
        ),
        (
            "peak traced, + side panel tabs (MB)",
            panels.get("tracemalloc_peak_mb"),
            area_memory["tracemalloc_peak_mb"],
        ),
        ("peak RSS, untraced run (MB)", render["peak_rss_mb"], area["peak_rss_mb"]),
    ]
    if len(colds) > 1:
        for key, name in (("first_text_s", "first text"), ("highlights_s", "cold highlights")):
            values = sorted(c[key] for c in colds if c.get(key) is not None)
            print(
                f"{name} over {len(values)} runs (s): best {values[0]:.3f}, "
                f"median {statistics.median(values):.3f}, all "
                + " ".join(f"{v:.3f}" for v in values)
            )
    if not args.no_cold:
        beyond = [
            c["highlights_s"] - load
            for c, load in zip(colds, loads, strict=True)
            if c.get("highlights_s") is not None
        ]
        print(
            f"spaCy import + pipeline load alone, in a fresh process, timed before each cold "
            f"run (s): median {statistics.median(loads):.3f}, best {min(loads):.3f}, best of 3 "
            f"at the end {spacy_load:.3f}"
        )
        print(
            f"cold highlights beyond that run's spaCy load (s): median "
            f"{statistics.median(beyond):.3f}, best {min(beyond):.3f} (the issue counts ~0.6 s "
            f"for the load: 1.5 s leaves 0.9 s)"
        )
    how = "in a thread of the app" if args.thread else "in the analysis process"
    print(f"analysis {how}")
    print(f"{'':40} {'margin reader':>14} {'TextArea':>10} {'ratio':>7}")
    for name, ours, theirs in rows:
        ratio = f"{ours / theirs:.2f}" if ours and theirs else ""
        print(f"{name:40} {fmt(ours):>14} {fmt(theirs):>10} {ratio:>7}")
    print(
        f"render run: {render.get('lines')} display lines, {render.get('entities')} entities, "
        f"analysis from cache: {render.get('cached')}"
    )
    if cold.get("error"):
        print(f"analysis error: {cold['error']}")
    ours = max(memory.get("tracemalloc_peak_mb", 0), panels.get("tracemalloc_peak_mb", 0))
    mem_ratio = ours / area_memory["tracemalloc_peak_mb"] if ours else 99

    def median(key: str, runs: list[dict[str, Any]]) -> float:
        values = [r[key] for r in runs if r.get(key) is not None]
        return statistics.median(values) if values else 99.0

    checks = [  # medians when repeated
        ("first text < 0.2 s", median("first_text_s", colds or [cold]) < 0.2),
        ("first-screen highlights < 1.5 s", median("highlights_s", colds) < 1.5),
        ("page render < 10 ms", max(render["page_after_end_ms"], render["pagedown_max_ms"]) < 10),
        ("memory < 2x TextArea", mem_ratio < 2),
    ]
    print("targets: " + "; ".join(f"{n}: {'yes' if ok else 'NO'}" for n, ok in checks))


if __name__ == "__main__":
    main()
