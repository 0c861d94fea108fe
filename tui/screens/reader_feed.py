"""The reader's analysis as it arrives: run in a thread worker, streamed in batches (the
paragraphs in view first), then the whole. The text and its highlights share one
:class:`~margin.analysis.service.compact.ReaderAnalysis` with the side panel's lists (nothing
is copied). A failed analysis leaves the article readable and says why.

:class:`AnalysisFeed` does the work; :class:`FeedEvents`, a part of the reader screen, hands it
the worker's messages and shows what is known.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from textual import on
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from margin.analysis.service.compact import ClaimTable, EntityMentions, ReaderAnalysis
from margin.analysis.service.runner import Analyzer, ManagedAnalyzer, ProgressReport
from margin.errors import MarginError
from margin.model import Article, Claim
from margin.tui.messages import AnalysisFailed, AnalysisFinished, AnalysisProgress
from margin.tui.widgets.article_view import ArticleView
from margin.tui.widgets.side_panel import SidePanel
from margin.tui.widgets.status_bar import StatusBar

PANEL_REFRESH_SECONDS = 0.4
"""During the analysis, the side panel lists are rebuilt at most this often."""
FREEZE_DELAY_SECONDS = 0.3
"""How long after the whole analysis is listed the long-lived objects are frozen out of the
cyclic collector (``gc.freeze``): a pause of its own, kept away from the first frames."""


class AnalysisFeed:
    """The analysis of ``article`` for one reader (``host``: it gets the worker's messages and
    passes them to :meth:`progress`, :meth:`finished` and :meth:`failed`)."""

    def __init__(
        self,
        article: Article,
        host: Screen[Any],
        view: Callable[[], ArticleView],
        panel: Callable[[], SidePanel | None],
        status: Callable[[], StatusBar],
    ) -> None:
        self.article = article
        self.host = host
        self._view = view
        self._panel = panel
        """The side panel once its lists are built (None before, and while the app closes)."""
        self._status = status
        self.data = ReaderAnalysis(article.text)
        """What is known so far: streamed in, then the complete analysis. The view and the
        panels share its sentences, mentions and claims (nothing is copied)."""
        self.analysis: ReaderAnalysis | None = None
        """The complete analysis once it has arrived."""
        self.error: str | None = None
        self.highlights_at: float | None = None
        """``time.perf_counter()`` when the first highlights arrived (for benchmarks)."""
        self._pending_claims: list[Claim] = []
        self._timer: Timer | None = None
        self._frozen = False
        self._unfilled: ReaderAnalysis | None = None
        """A complete analysis shown before the side panel's lists existed."""
        self._freeze_timer: Timer | None = None
        self.complete = False
        """True once the complete analysis is shown (from the cache before the first frame:
        no analysis runs then)."""
        self._when_shown: list[Callable[[], object]] = []

    def when_shown(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once something of the analysis is shown, or it failed."""
        self._when_shown.append(callback)

    def _shown(self) -> None:
        waiting, self._when_shown = self._when_shown, []
        for callback in waiting:
            callback()

    def start(self, analyzer: Analyzer, priority: list[int]) -> None:
        """Analyse in a thread worker, the paragraphs at ``priority`` offsets first."""
        self.host.run_worker(
            partial(self._run, analyzer, priority),
            name="analyse",
            group="analysis",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _run(self, analyzer: Analyzer, priority: list[int]) -> None:
        """The worker: call the analyser, post what it reports to the host."""
        worker = get_current_worker()
        post = self.host.post_message
        started = time.perf_counter()

        def on_progress(progress: ProgressReport) -> None:
            if worker.is_cancelled:
                return
            post(
                AnalysisProgress(
                    list(progress.sentences),
                    list(progress.entities),
                    list(progress.claims),
                    int(progress.done),
                    int(progress.total),
                )
            )

        try:
            analysis = analyzer(
                self.article,
                priority=priority,
                on_progress=on_progress,
                should_stop=lambda: worker.is_cancelled,
            )
        except MarginError as exc:
            post(AnalysisFailed(str(exc)))
            return
        except Exception as exc:
            if type(exc).__name__ == "AnalysisCancelled" or worker.is_cancelled:
                return  # the reader closed: nobody is waiting for the result
            post(AnalysisFailed(f"analysis failed: {type(exc).__name__}: {exc}"))
            return
        if worker.is_cancelled:
            return
        cached = isinstance(analyzer, ManagedAnalyzer) and analyzer.cached
        post(AnalysisFinished(analysis, cached, time.perf_counter() - started))

    def progress(self, event: AnalysisProgress) -> None:
        """A batch: into the text at once, into the panel's lists now and then."""
        if self.analysis is not None:
            return
        from margin.analysis.service.trace import enabled, stamp

        if enabled():  # (the label is built only when stamps are written)
            stamp(f"app: progress handled ({len(event.entities)} entities)")
            self.host.call_after_refresh(stamp, "app: progress refreshed")
        self._view().add_analysis(event.sentences, event.entities)  # into self.data (shared)
        if self.highlights_at is None and (event.entities or event.sentences):
            self.highlights_at = time.perf_counter()
        self._status().set_progress(event.done, event.total)
        self._pending_claims.extend(event.claims)
        if self._timer is None:
            self._timer = self.host.set_timer(PANEL_REFRESH_SECONDS, self._flush_panels)
        self._shown()

    def _flush_panels(self) -> None:
        self._timer = None
        if self.analysis is not None:
            return
        panel = self._panel()
        if panel is None:
            return  # the app is closing: the panel's lists went with it
        claims, self._pending_claims = self._pending_claims, []
        if claims:
            self.data.claims.extend(claims)
            panel.claims.refresh_list()
        panel.entities.mentions_changed()

    def finished(self, event: AnalysisFinished) -> None:
        """The whole analysis arrived."""
        self.show(event.analysis)
        self._summarise("from cache" if event.cached else f"in {event.seconds:.1f}s")

    def _summarise(self, how: str) -> None:
        self._status().analysis = (
            f"{len(self.data.claims)} claims · {len(self.data.mentions)} entities ({how})"
        )

    def show_cached(self, analysis: ReaderAnalysis) -> None:
        """Take a complete analysis read from the cache before the first frame (the reader's
        mount): the view gets it with the text, so its colours are in the first frame; the
        side panel's lists are filled as they are built (:meth:`panel_built`)."""
        self.data = analysis
        self._unfilled = analysis
        self.complete = True
        self.highlights_at = time.perf_counter()
        self._summarise("from cache")
        self._shown()

    def show(self, analysis: ReaderAnalysis) -> None:
        """Show a complete analysis (replacing anything streamed so far)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._pending_claims = []
        self.data = analysis
        self.complete = True
        view = self._view()
        view.set_analysis(analysis)
        view._post_cursor()
        if self.highlights_at is None:
            self.highlights_at = time.perf_counter()
        # The text's highlights paint first; the lists (thousands of rows on a long article)
        # are built just after.
        self.host.call_after_refresh(self._fill_panels, analysis)
        self._shown()

    def _fill_panels(self, analysis: ReaderAnalysis) -> None:
        panel = self._panel()
        if panel is None:
            # The lists are not built yet (filled by panel_built), or the app is closing
            # and they went with it.
            self._unfilled = analysis
            return
        self._unfilled = None
        panel.claims.set_table(analysis.claims)
        panel.entities.set_mentions(analysis.mentions)
        self._listed(analysis)

    def _listed(self, analysis: ReaderAnalysis) -> None:
        """The complete analysis is in the side panel's lists too."""
        self.analysis = analysis
        if self._freeze_timer is None and not self._frozen:
            self._freeze_timer = self.host.set_timer(FREEZE_DELAY_SECONDS, self._freeze)

    def _freeze(self) -> None:
        """What exists now (the app, this screen, the analysis) lives as long as the reader:
        keep it out of the cyclic collector's full passes, which would otherwise scan it all
        (~50 ms) in the middle of some scroll. Undone when the reader closes."""
        self._freeze_timer = None
        if self._frozen or not self.host.is_attached:
            return
        gc.collect()
        gc.freeze()
        self._frozen = True

    def panel_built(self) -> None:
        """The side panel's lists were just built (and given :attr:`data`): an analysis that
        came before them is in them now."""
        if self._unfilled is not None and self._unfilled is self.data:
            self._unfilled = None
            self._listed(self.data)

    def release(self) -> None:
        """The reader closed: let the collector see its objects again."""
        if self._freeze_timer is not None:
            self._freeze_timer.stop()
            self._freeze_timer = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

    def failed(self, event: AnalysisFailed) -> None:
        """The analysis could not run: say why; the text stays readable."""
        self.error = event.message
        status = self._status()
        status.analysis_failed = True
        status.analysis = "no highlights (analysis failed)"
        self._shown()
        self.host.notify(
            f"{event.message}\nThe article stays readable without highlights.",
            title="Analysis unavailable",
            severity="error",
            timeout=8,
        )


class FeedEvents(Screen[None]):
    """The reader screen's analysis messages, handed to ``feed`` (the screen sets it), and
    what is known of the analysis."""

    feed: AnalysisFeed

    @property
    def data(self) -> ReaderAnalysis:
        """What is known of the analysis so far (then all of it)."""
        return self.feed.data

    @property
    def analysis(self) -> ReaderAnalysis | None:
        """The complete analysis once it has arrived."""
        return self.feed.analysis

    @property
    def analysis_error(self) -> str | None:
        return self.feed.error

    @property
    def highlights_at(self) -> float | None:
        """``time.perf_counter()`` when the first highlights arrived (for benchmarks)."""
        return self.feed.highlights_at

    @property
    def claims(self) -> ClaimTable:
        """The claims known so far, in article order (``claims[i]`` makes the Claim)."""
        return self.data.claims

    @property
    def entities(self) -> EntityMentions:
        """The entity mentions known so far."""
        return self.data.mentions

    @on(AnalysisProgress)
    def _analysis_progress(self, event: AnalysisProgress) -> None:
        self.feed.progress(event)

    @on(AnalysisFinished)
    def _analysis_finished(self, event: AnalysisFinished) -> None:
        self.feed.finished(event)

    @on(AnalysisFailed)
    def _analysis_failed(self, event: AnalysisFailed) -> None:
        self.feed.failed(event)

    def set_analysis(self, analysis: ReaderAnalysis) -> None:
        """Show a complete analysis (replacing anything streamed so far)."""
        self.feed.show(analysis)

    def on_unmount(self) -> None:
        self.feed.release()
