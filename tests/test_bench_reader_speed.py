"""bench/reader_speed.py reads a program's terminal output as a user would see it (the reading
and timing are in bench/pty_watch.py)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("pty_watch_bench", BENCH / "pty_watch.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ORG = ";38;2;255;184;107;"


def test_words_split_by_styles_are_found_but_not_words_split_by_a_cursor_move(bench) -> None:
    joined = "\x1b[3;4H\x1b[38;2;224;224;224mQuarterly \x1b[0m\x1b[1mprofits\x1b[0m at US media"
    run = bench.Run()
    bench._scan(joined, 0.5, bench.Watch("Quarterly profits at"), run)
    assert run.text == 0.5
    apart = "\x1b[3;4HQuarterly profits\x1b[4;4Hat US media"
    run = bench.Run()
    bench._scan(apart, 0.5, bench.Watch("Quarterly profits at"), run)
    assert run.text is None


def test_an_entity_colour_counts_only_around_a_known_entity(bench) -> None:
    watch = bench.Watch("x", [("Time Warner", ORG)], colour=True)
    legend = "\x1b[38;2;255;184;107;48;2;36;47;56m● organisations\x1b[0m"
    run = bench.Run()
    bench._scan(legend, 1.0, watch, run)
    assert run.colour is None
    wrong_colour = "\x1b[38;2;124;199;255;48;2;18;18;18mTime Warner\x1b[0m"
    bench._scan(wrong_colour, 1.0, watch, run)
    assert run.colour is None
    wrapped = "\x1b[1;38;2;255;184;107;48;2;27;27;27mTime\x1b[0m"  # the rest on the next line
    bench._scan(wrapped, 2.0, watch, run)
    assert run.colour == 2.0


def test_panels_need_both_the_claims_summary_and_the_status_counts(bench) -> None:
    watch = bench.Watch("x", panels=True)
    run = bench.Run()
    bench._scan("\x1b[5;77H 18/18 · ❝1 »12", 1.0, watch, run)
    assert run.panels is None
    bench._scan("\x1b[5;77H 18/18 · ❝1 »12\x1b[39;60H18 claims · 58 entities", 1.5, watch, run)
    assert run.panels == 1.5


def test_the_status_lines_position_is_not_the_claims_summary(bench) -> None:
    """``sentence 1/45 · 3%`` (the status line, in the first frame) once passed for the
    claims list's ``18/18 · ❝…``: panels were "visible" before they were built."""
    watch = bench.Watch("x", panels=True)
    run = bench.Run()
    bench._scan("\x1b[39;60H18 claims · 58 entities  sentence 1/45 · 3%", 1.0, watch, run)
    assert run.panels is None


def test_panels_count_when_the_counts_came_frames_before_the_claims_list(bench) -> None:
    """Textual writes only what changed: the status line's counts (in the first frame, from
    the cache) are not written again when the claims list appears, far later in the output."""
    watch = bench.Watch("x", panels=True)
    run = bench.Run()
    bench._scan("\x1b[39;60H18 claims · 58 entities", 0.4, watch, run)
    bench._scan("\x1b[5;77H 18/18 · ❝1 »12", 0.6, watch, run)
    assert run.panels == 0.6


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs /proc")
def test_a_program_in_a_pseudo_terminal_is_timed_and_sees_the_size(bench) -> None:
    code = (
        "import os, time; c, r = os.get_terminal_size(); time.sleep(0.2); "
        "print(f'\\x1b[2;1Hsize {c}x{r} ready', flush=True); time.sleep(30)"
    )
    run = bench.run_in_terminal(
        [sys.executable, "-c", code], dict(os.environ), bench.Watch("size 120x40 ready"), 20
    )
    assert not run.timed_out
    assert run.text is not None and 0.2 <= run.text < 20
    assert run.cpu is not None and run.cpu < run.text


def test_the_reader_speed_script_still_starts() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH / "reader_speed.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "--programs" in proc.stdout and "--versus" in proc.stdout


def test_versus_runs_the_counterparts_of_the_margin_programs_asked_for() -> None:
    spec = importlib.util.spec_from_file_location("reader_speed_bench", BENCH / "reader_speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    run = module.programs_to_run
    assert run(["log", "margin-warm"], versus=True) == ["log", "margin-warm", "vs-warm"]
    assert run(["margin-cold", "log"], versus=True) == ["log", "margin-cold", "vs-cold"]
    assert run(["log"], versus=True) == ["log", "vs-warm", "vs-cold"]
    assert run(["log", "margin-warm"], versus=False) == ["log", "margin-warm"]
