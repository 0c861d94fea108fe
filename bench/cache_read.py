"""Reading a cached analysis into the reader's compact form: from the cache's JSON file (what
the reader did before) against from its compact copy (what it does now, before its first
frame).

    .venv/bin/python bench/cache_read.py ../shared/data/bbc [--sizes 1k 10k 1mb] [--repeat 15]

The articles are built from the BBC corpus as ``bench/reader_speed.py`` builds them, analysed
once with ``margin analyze`` into a private cache directory (which writes both files), then
each read is timed in this process, the two kinds interleaved round by round: ``json`` is
:meth:`AnalysisCache.get_compact` through the JSON file (``_read_json_compact``: the file
mapped and decoded, parsed with the compact ``object_hook``), ``compact`` is
``get_compact(..., fallback=False)`` (stat the JSON file, read the copy, check its CRC,
arrays from bytes). Medians in milliseconds; the files' sizes beside.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reader_speed import SIZES, build_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the BBC corpus directory")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=15, metavar="N", help="reads of each kind")
    args = parser.parse_args()

    from margin.analysis.cache import AnalysisCache, model_key
    from margin.sources.loader import load_article

    with tempfile.TemporaryDirectory(prefix="margin-cache-read-") as tmp_name:
        tmp = Path(tmp_name)
        paths = {}
        for size in args.sizes:
            unit, amount = SIZES[size]
            paths[size] = tmp / f"bbc-{size}.txt"
            paths[size].write_text(build_text(args.corpus, unit, amount), encoding="utf-8")
        env = {**os.environ, "MARGIN_CACHE_DIR": str(tmp / "cache")}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "margin", "analyze", *map(str, paths.values())],
            stdout=subprocess.DEVNULL,
            env=env,
            check=True,
        )
        print(f"analysed in {time.perf_counter() - started:.1f} s")
        cache = AnalysisCache(tmp / "cache")
        model = model_key(None)
        assert model is not None
        print(f"{'size':<6}{'json ms':>10}{'compact ms':>12}{'ratio':>8}{'json KB':>10}"
              f"{'compact KB':>12}{'mentions':>10}{'claims':>8}")  # fmt: skip
        for size, path in paths.items():
            article = load_article(str(path))
            sha, text = article.sha256, article.text
            if not cache.has_compact(sha, model):
                raise SystemExit(f"{size}: margin analyze wrote no compact copy")
            times: dict[str, list[float]] = {"json": [], "compact": []}
            found = None
            for _ in range(args.repeat):
                for kind in ("json", "compact"):
                    t0 = time.perf_counter()
                    if kind == "json":
                        found = cache._read_json_compact(sha, model, text)
                    else:
                        found = cache.get_compact(sha, model, text, fallback=False)
                    times[kind].append(time.perf_counter() - t0)
                    if found is None:
                        raise SystemExit(f"{size}: the {kind} read missed")
            assert found is not None
            json_ms = statistics.median(times["json"]) * 1000
            compact_ms = statistics.median(times["compact"]) * 1000
            print(
                f"{size:<6}{json_ms:>10.2f}{compact_ms:>12.2f}{json_ms / compact_ms:>7.0f}×"
                f"{cache.path_for(sha, model).stat().st_size / 1024:>10.0f}"
                f"{cache.compact_path_for(sha, model).stat().st_size / 1024:>12.0f}"
                f"{len(found.mentions):>10}{len(found.claims):>8}"
            )


if __name__ == "__main__":
    main()
