"""The batch commands' progress bar: on a terminal only, not with --quiet."""

from __future__ import annotations

import io

from margin.cli.batch_progress import BatchReport


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _run(report: BatchReport) -> None:
    with report:
        report.set_total(3)
        report.advance()
        report.line("added: a.txt")
        report.advance(failed=True)
        report.line("margin: b.txt: no such file", error=True)
        if report._progress is not None:
            report._progress.refresh()


def test_bar_on_a_terminal_counts_done_rate_and_failures() -> None:
    err, out = Terminal(), io.StringIO()
    _run(BatchReport(out=out, err=err, description="adding"))
    shown = err.getvalue()
    assert "adding" in shown and "2/3" in shown and "articles/s" in shown
    assert "1 failed" in shown
    assert "margin: b.txt: no such file" in shown  # printed above the bar
    assert out.getvalue() == "added: a.txt\n"  # stdout is a file here: just the line


def test_no_bar_off_a_terminal_or_when_quiet() -> None:
    for err, quiet in ((io.StringIO(), False), (Terminal(), True)):
        out = io.StringIO()
        _run(BatchReport(out=out, err=err, quiet=quiet))
        assert err.getvalue() == "margin: b.txt: no such file\n"
        assert out.getvalue() == "added: a.txt\n"
