"""Turning sentence-local candidates into claims, in text order.

This is the cross-sentence part of claim extraction: it pairs candidates with the direct
quotations around them (``“...,” he said``; ``He said: “...”``; a quotation interrupted by its
cue), gives floating quotations the previous speaker, reads dash attributions
(``“...” ― Name``), drops attributions nested inside another, resolves pronoun and nominal
speakers, and scores the unattributed sentences left over as ``assertion`` claims.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from margin.analysis.checkworthy import ASSERTION_THRESHOLD
from margin.analysis.claims import Candidate
from margin.analysis.claims_nesting import (
    NOUN_RULES,
    Draft,
    between_quotes,
    outranked_outer,
    overlap,
    same_source,
    split_contrast,
    split_coordinated,
    split_participle,
    stands_inside,
)
from margin.analysis.quotes import QuoteRun
from margin.analysis.speakers import RESOLVE_WINDOW, Resolver
from margin.model import Claim, Entity, Speaker, TextSpan

#: A quotation with at least this many words is a claim on its own (shorter ones are
#: scare quotes, titles or terms).
MIN_QUOTE_WORDS = 4
#: Rule precedence when two candidates claim the same content (lower wins).
RULE_RANK = {
    "verb-colon": 0,
    "verb-ccomp": 0,
    "verb-postposed": 0,
    "verb-bare": 0,
    "according": 1,
    "label-colon": 1,
    "dash": 1,
    "noun": 2,
    "adjective": 2,
    "verb-as": 2,
    "verb-evidential": 2,
    "adverb": 2,
    "verb-xcomp": 3,
    "verb-object": 3,
    "noun-object": 3,
    "floating": 4,
}
_GAP_BEFORE_CLAUSE = re.compile(r"[\s,;:—–―-]*")
_CONTINUED = re.compile(r",\s*(?:[\"”»]|'')$")
# The rest of a cue sentence before a quotation goes on: no line break, no quote mark.
_CUE_SENTENCE_REST = re.compile(r"[^\n\"“”«»]*[.!?]\s*|[^\n\"“”«»]*[,:;—–]\s*")
_SENTENCE_INSIDE = re.compile(r"\w[.!?]+(?:\s|[\"”»']+$)")
_QUOTE_MARKS = frozenset({'"', "“", "”", "«", "»", "''", "``"})
# The most text (not counting spaces) between an attribution and a quotation continuing it.
_CONTINUE_GAP = 40
# How far past a cue's sentence a quotation may be to attach to it (characters).
_NEAR = 400
_DASH_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_NAME = re.compile(r"[A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4}")
_DASH_AFTER = re.compile(r"[ \t\u00a0]*(―|—|–|--|-)[ \t\u00a0]*")
_AFTER_QUOTE_RULES = frozenset({"verb-bare", "verb-postposed"})


@dataclass(slots=True)
class BlockRecord:
    """What the local pass found in one paragraph block (global offsets)."""

    sentences: list[tuple[int, int]]
    entities: list[Entity]
    candidates: list[Candidate]
    scores: list[float]
    subjects: frozenset[int] = frozenset()


def _on_cue_line(cand: Candidate, text: str) -> tuple[int, int] | None:
    """``cand``'s content without what lies on other lines than its cue's (a sentence the
    parse ran over a line break: a headline and the line under it); a quotation crossing
    lines is paired as a whole by the linker."""
    content = cand.content
    if content is None or "\n" not in text[content[0] : content[1]]:
        return content
    lo = text.rfind("\n", 0, cand.cue[0]) + 1
    hi = text.find("\n", cand.cue[1])
    hi = len(text) if hi < 0 else hi
    start, end = max(content[0], lo), min(content[1], hi)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if len(text[start:end].split()) >= 2 else content


class Linker:
    """Builds claims unit by unit (a unit = paragraphs no quotation crosses), in text order."""

    def __init__(self, text: str, quotes: list[QuoteRun]) -> None:
        self.text = text
        self.quotes = [q for q in quotes if q.words(text) > 0]
        self._quote_starts = [q.start for q in self.quotes]
        self.resolver = Resolver(text)
        self.sentence_base = 0
        # The speaker and cue of each attributed claim so far: (speaker position, speaker,
        # cue), in text order; a quotation with no cue of its own continues the last one.
        self._attributed: list[tuple[int, Speaker, tuple[int, int] | None]] = []
        # A cue whose colon closed the previous unit, waiting for the quotation after it.
        self._pending: Candidate | None = None

    def _continued(self, before: int) -> tuple[Speaker, tuple[int, int] | None] | None:
        """The speaker and cue of the last attribution before ``before`` (if near enough):
        a quotation with no cue of its own continues it."""
        for pos, speaker, cue in reversed(self._attributed):
            if pos < before:
                return (speaker, cue) if before - pos <= RESOLVE_WINDOW else None
        return None

    def _note(self, position: int, speaker: Speaker, cls: str, cue: tuple[int, int] | None) -> None:
        self.resolver.note_speaker(position, speaker, cls)
        self._attributed.append((position, speaker, cue))
        if len(self._attributed) > 64:
            del self._attributed[:32]

    def _runs_in(self, start: int, end: int) -> list[QuoteRun]:
        i = bisect_left(self._quote_starts, start)
        j = bisect_left(self._quote_starts, end)
        return self.quotes[i:j]

    def link(self, records: list[BlockRecord]) -> list[Claim]:
        """Claims of one unit (its blocks' records, in order)."""
        text = self.text
        sentences = [s for r in records for s in r.sentences]
        scores = [x for r in records for x in r.scores]
        entities = [e for r in records for e in r.entities]
        candidates = sorted((c for r in records for c in r.candidates), key=lambda c: c.cue)
        base = self.sentence_base
        self.sentence_base += len(sentences)
        subjects = frozenset(x for r in records for x in r.subjects)
        self.resolver.add_entities(entities, subjects)
        if not sentences:
            return []
        unit = (sentences[0][0], sentences[-1][1])
        runs = self._runs_in(unit[0], unit[1])
        ent_by_start = {e.start: e for e in entities}

        run_starts = [r.start for r in runs]
        run_ends = [r.end for r in runs]

        def window(lo: int, hi: int) -> range:
            """Indices of the runs that reach into ``[lo, hi)`` (runs never overlap, so
            their starts and ends are both sorted)."""
            return range(bisect_right(run_ends, lo), bisect_left(run_starts, hi))

        # Nested attributions inside a quotation belong to the quoted speaker: drop them.
        def inside_quote(pos: int) -> bool:
            i = bisect_left(run_starts, pos) - 1
            return i >= 0 and any(s < pos < e - 1 for s, e in runs[i].segments)

        candidates = [
            c for c in candidates if c.rule == "label-colon" or not inside_quote(c.cue[0])
        ]
        # cues with a colon and no content of their own wait for the quotation after them
        colon_cues = sorted(
            c.cue[0] for c in candidates if c.rule == "verb-colon" and not c.content
        )
        # clauses a quotation right before them is the content of (*“B,” he added.*)
        after_cues = sorted(c.clause[0] for c in candidates if c.rule in _AFTER_QUOTE_RULES)

        def colon_cue_between(lo: int, hi: int) -> bool:
            """Whether a colon cue waiting for a quotation stands in ``[lo, hi)``."""
            i = bisect_left(colon_cues, lo)
            return i < len(colon_cues) and colon_cues[i] < hi

        def cue_clause_after(end: int) -> bool:
            """Whether a cue clause follows ``end`` with only spaces and punctuation between
            (the first clause at or after ``end`` is the only one that can)."""
            i = bisect_left(after_cues, end)
            return i < len(after_cues) and bool(
                _GAP_BEFORE_CLAUSE.fullmatch(text, end, after_cues[i])
            )

        cue_starts = [c.cue[0] for c in candidates]

        def introduced_between(lo: int, run: QuoteRun) -> bool:
            """Whether a cue in ``[lo, run.start)`` has a content reaching into ``run``
            (*"A," X said. He added, "B."*: the second cue's clause opens the quotation)."""
            i = bisect_left(cue_starts, lo)
            j = bisect_left(cue_starts, run.start)
            return any(
                (c := candidates[k]).content is not None and c.content[1] > run.start
                for k in range(i, j)
            )

        drafts: list[Draft] = []
        used: set[int] = set()
        pending, self._pending = self._pending, None
        if pending is not None:
            # "X issued the following statement:" closing the previous paragraph: the
            # quotation opening this one is its content
            for k, run in enumerate(runs):
                if not text[unit[0] : run.start].strip():
                    used.add(k)
                    drafts.append(
                        Draft(
                            pending.rule,
                            (run.start, run.end),
                            pending.cue,
                            pending,
                            run.end - run.start,
                            pending.flags,
                        )
                    )
                break
        for cand in candidates:
            content = _on_cue_line(cand, text)
            attached: list[int] = []
            lo = min(cand.sentence[0], cand.clause[0], content[0] if content else cand.cue[0])
            hi = max(cand.sentence[1], cand.clause[1], content[1] if content else cand.cue[1])
            near = window(lo - _NEAR, hi + _NEAR)
            for k in near:
                run = runs[k]
                if k in used:
                    continue
                span = (run.start, run.end)
                if content is not None and overlap(span, content) > 0:
                    attached.append(k)
                    continue
                if cand.rule not in ("verb-bare", "verb-postposed", "verb-colon", "verb-ccomp"):
                    continue
                # “...,” he said.   /   He said: “...”   /   “A,” he said, “B.”
                if run.end <= cand.clause[0]:
                    gap = text[run.end : cand.clause[0]]
                    if _GAP_BEFORE_CLAUSE.fullmatch(gap) and (
                        content is None
                        or content[0] <= run.end
                        or _CONTINUED.search(text, run.start, run.end) is not None
                    ):
                        attached.append(k)
                elif run.start >= cand.clause[1] and cand.rule != "verb-ccomp":
                    gap = text[cand.clause[1] : run.start]
                    if _GAP_BEFORE_CLAUSE.fullmatch(gap) and (
                        content is None or cand.rule == "verb-postposed" or "," in gap or ":" in gap
                    ):
                        attached.append(k)
            if content is None and not attached:
                if cand.rule == "verb-colon" and not text[cand.clause[1] : unit[1]].strip(": "):
                    self._pending = cand
                continue
            # “A.” “B,” he said. — quotations right before the attached one are the same
            # speaker's, in the same paragraph.
            if attached:
                first = min(runs[k].start for k in attached)
                for k in range(min(attached) - 1, -1, -1):
                    run = runs[k]
                    if k in used or k in attached or run.end > first:
                        continue
                    gap = text[run.end : first]
                    if gap.strip() or "\n" in gap:
                        break
                    attached.append(k)
                    first = run.start
            # “A,” he said. “B.” — the quotation goes on in the next sentence.
            if any(runs[k].end <= cand.cue[0] for k in attached):
                for k in near:
                    run = runs[k]
                    if k in used or k in attached or run.start < cand.clause[1]:
                        continue
                    gap = text[cand.clause[1] : run.start]
                    if (
                        len(gap) < 300
                        and _CUE_SENTENCE_REST.fullmatch(gap)
                        and not colon_cue_between(cand.clause[1], run.start)
                        and not cue_clause_after(run.end)
                        and not introduced_between(cand.clause[1], run)
                    ):
                        attached.append(k)
                    break
            spans = [(runs[k].start, runs[k].end) for k in attached]
            if content is not None:
                spans.append(content)
            merged = (min(s for s, _ in spans), max(e for _, e in spans))
            quoted = sum(overlap((runs[k].start, runs[k].end), merged) for k in attached)
            used.update(attached)
            drafts.append(Draft(cand.rule, merged, cand.cue, cand, quoted, cand.flags))
        # Floating quotations (and dash attributions: “...” ― Name).
        for k, run in enumerate(runs):
            if k in used:
                continue
            m = _DASH_AFTER.match(text, run.end)
            ent = ent_by_start.get(m.end()) if m else None
            if m and (ent is None or ent.label not in _DASH_LABELS):
                name = _NAME.match(text, m.end())
                ent = Entity(name.start(), name.end(), "PERSON", name.group()) if name else None
            if m and ent is not None:
                drafts.append(
                    Draft(
                        "dash",
                        (run.start, run.end),
                        m.span(1),
                        None,
                        run.end - run.start,
                        dash_speaker=ent,
                    )
                )
            elif run.words(text) >= MIN_QUOTE_WORDS and self._stands_alone(run, sentences):
                drafts.append(
                    Draft("floating", (run.start, run.end), None, None, run.end - run.start)
                )
        named = [(e.start, e.end) for e in entities if e.label in ("PERSON", "ORG")]
        drafts = self._continue_quotes(self._close_quotes(self._dedupe(drafts, named, text)))
        claims = self._resolve(drafts, sentences, base)
        claims.extend(self._assertions(claims, sentences, scores, base))
        claims.sort(key=lambda c: (c.content.start, c.content.end))
        return claims

    def _close_quotes(self, drafts: list[Draft]) -> list[Draft]:
        """*X bemoaned Y, saying that foreigners "look at us. We must act."*: a content that
        opens a quotation and ends inside it (the parse ended the clause at the quotation's
        first full stop or comma) goes on to the quotation's end in its paragraph, unless
        another claim's content starts there."""
        starts = sorted(d.content[0] for d in drafts)
        for d in drafts:
            lo, hi = d.content
            i = bisect_right(self._quote_starts, hi) - 1
            if i < 0:
                continue
            run = self.quotes[i]
            seg_end = run.segments[0][1]
            if not lo < run.start < hi < seg_end - 1:
                continue
            k = bisect_right(starts, hi)
            if k < len(starts) and starts[k] < seg_end:
                continue
            d.content = (lo, seg_end)
            d.quoted += seg_end - hi
        return drafts

    def _continue_quotes(self, drafts: list[Draft]) -> list[Draft]:
        """*X said A. “B.”* / *“A,” X said. “B.”*: a quotation with no cue of its own that
        follows an attribution in the same paragraph, after no more than its cue clause
        (under :data:`_CONTINUE_GAP` characters), continues it: one attribution whose content
        runs over both pieces."""
        kept: list[Draft] = []
        for d in sorted(drafts, key=lambda d: d.content[0]):
            prev = kept[-1] if kept else None
            if d.rule == "floating" and prev is not None and prev.cue is not None:
                gap = self.text[max(prev.content[1], prev.cue[1]) : d.content[0]]
                near = len(gap.strip()) < _CONTINUE_GAP or prev.cue[0] >= prev.content[1]
                if "\n" not in gap and near and prev.rule != "dash":
                    prev.content = (prev.content[0], d.content[1])
                    prev.quoted += d.quoted
                    continue
            kept.append(d)
        return kept

    def _stands_alone(self, run: QuoteRun, sentences: list[tuple[int, int]]) -> bool:
        """Whether a quotation with no cue of its own is a statement by itself (it opens its
        sentence, or follows a colon) rather than words quoted inside a narrated sentence."""
        starts = [s for s, _ in sentences]
        i = bisect_right(starts, run.start) - 1
        if i < 0:
            return True
        before = self.text[sentences[i][0] : run.start].strip()
        if not before or before.endswith((":", "—", "–")) or before in _QUOTE_MARKS:
            return True
        # a whole sentence (or more) quoted inside a narrated one
        return _SENTENCE_INSIDE.search(self.text, run.start, run.end) is not None

    @staticmethod
    def _dedupe(drafts: list[Draft], named: list[tuple[int, int]], text: str) -> list[Draft]:
        """Drop drafts nested in, or mostly overlapping, a stronger one."""
        drafts.sort(key=lambda d: (RULE_RANK.get(d.rule, 5), d.content[0]))
        kept: list[Draft] = []
        dropped: list[Draft] = []
        for d in drafts:
            clash = False
            displaced: list[Draft] = []
            for k in kept:
                if d.cue is not None and k.content[0] <= d.cue[0] < k.content[1]:
                    if (
                        split_participle(k, d, text)
                        or split_contrast(k, d, text)
                        or split_coordinated(k, d, text)
                        or between_quotes(k, d, text)
                        or stands_inside(k, d, named)
                    ):
                        continue  # d is reported inside k's content: both stand
                    clash = True
                    break
                if k.cue is not None and d.content[0] <= k.cue[0] < d.content[1]:
                    split = (
                        split_participle(d, k, text)
                        or split_contrast(d, k, text)
                        or split_coordinated(d, k, text)
                    )
                    if not split and d.rule == "verb-object" and same_source(d, k):
                        if k.rule in NOUN_RULES:
                            displaced.append(k)  # "X dismissed the claim that Y": d stands
                            continue
                        clash = True  # "issued a statement saying Y": k stands for it
                        break
                    if not split and outranked_outer(d, k, named, text):
                        dropped.append(k)
                    continue  # k is nested in d
                ov = overlap(d.content, k.content)
                shorter = min(d.content[1] - d.content[0], k.content[1] - k.content[0])
                if shorter and ov / shorter > 0.5:
                    clash = True
                    break
            if not clash:
                kept = [k for k in kept if all(k is not x for x in displaced)]
                kept.append(d)
        kept = [k for k in kept if not any(k is x for x in dropped)]
        kept.sort(key=lambda d: d.content[0])
        return kept

    def _resolve(
        self, drafts: list[Draft], sentences: list[tuple[int, int]], base: int
    ) -> list[Claim]:
        text = self.text
        starts = [s for s, _ in sentences]
        claims: list[Claim] = []
        for d in sorted(drafts, key=lambda d: d.cue[0] if d.cue else d.content[0]):
            speaker: Speaker | None = None
            cue = d.cue
            ref = d.candidate.speaker if d.candidate is not None else None
            if ref is not None:
                speaker, cls = self.resolver.speaker(ref, d.content)
                self._note(ref.start, speaker, cls, cue)
            elif d.dash_speaker is not None:
                ent = d.dash_speaker
                speaker = Speaker(ent.start, ent.end, ent.text)
                cls = "person" if ent.label == "PERSON" else "thing"
                self._note(ent.start, speaker, cls, cue)
            elif d.rule == "floating":
                # the quotation continues the last attribution: its speaker and its cue
                previous = self._continued(d.content[0])
                if previous is not None:
                    speaker, cue = previous
            length = d.content[1] - d.content[0]
            kind = "quote" if length and d.quoted * 2 >= length else "reported"
            idx = max(0, bisect_right(starts, d.content[0]) - 1)
            claims.append(
                Claim(
                    kind=kind,
                    content=TextSpan.of(text, *d.content),
                    speaker=speaker,
                    cue=TextSpan.of(text, *cue) if cue else None,
                    score=1.0,
                    sentence=base + idx,
                    flags=d.flags,
                )
            )
        return claims

    def _assertions(
        self,
        claims: list[Claim],
        sentences: list[tuple[int, int]],
        scores: list[float],
        base: int,
    ) -> list[Claim]:
        covered: list[tuple[int, int]] = []
        for c in claims:
            covered.append((c.content.start, c.content.end))
            if c.cue is not None:
                covered.append((c.cue.start, c.cue.end))
        found: list[Claim] = []
        for i, ((s, e), score) in enumerate(zip(sentences, scores, strict=True)):
            if score < ASSERTION_THRESHOLD:
                continue
            if any(overlap((s, e), span) > 0 for span in covered):
                continue
            found.append(
                Claim(
                    kind="assertion",
                    content=TextSpan.of(self.text, s, e),
                    score=score,
                    sentence=base + i,
                )
            )
        return found
