"""schema.org ``ClaimReview`` JSON-LD for every claim with a verdict: the markup fact-checkers
publish so that search engines and fact-check explorers can read their verdicts.

One JSON-LD document, ``{"@context": "https://schema.org", "@graph": [ClaimReview, ...]}``;
each ``ClaimReview`` has:

* ``claimReviewed`` - the claim's content (whitespace collapsed);
* ``itemReviewed`` - a ``Claim`` with ``author`` (a ``Person`` for a PERSON speaker, an
  ``Organization`` for an ORG, NORP or GPE one; a speaker the model tagged as no named entity
  but written as a surname is the one person of the article whose full name ends with it;
  omitted otherwise, or when the claim has none) and ``appearance`` (a ``CreativeWork``: the
  article's URL when it came from the web, else only its file name - never a local path -
  and its headline);
* ``reviewRating`` - a ``Rating``: ``ratingValue`` the rating's point on the scale (1 = worst),
  ``bestRating``, ``worstRating``, ``alternateName`` the rating's label (a rating off the
  scale, such as *unverified*, has only ``alternateName``);
* ``author`` - the reviewer from ``config.toml`` (``[verdicts] reviewer``, ``reviewer_url``,
  ``reviewer_type``), ``datePublished`` - the day the verdict was last set (ISO date);
* ``reviewBody`` - the reasoning, and ``citation`` - the evidence links, when there are any.

Orphaned verdicts (their claim is no longer in the text) are left out: the claim would not
appear where the markup says. The JSON is escaped to be pasted into a page as is: ``<``,
``>`` and ``&`` as ``\\u003c``..., U+2028/U+2029 and controls as ``\\uXXXX``, so a claim
holding ``</script>`` cannot close the ``<script type="application/ld+json">`` it goes in.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from margin.export.document import ExportDocument
from margin.export.links import is_web_source
from margin.export.verdict_sections import safe_links
from margin.model import Analysis, Article, Claim, Entity
from margin.sanitize import escape_json
from margin.sources.shared_name import names_nothing, shared_source
from margin.storage.speaker_merge import speaker_key, surnames_to_people
from margin.storage.verdict_config import Reviewer, VerdictConfig, VerdictScale
from margin.storage.verdict_model import MATCH_OVERLAP, Verdict, overlap_share

CONTEXT = "https://schema.org"
PERSON_LABELS = frozenset({"PERSON"})
ORGANIZATION_LABELS = frozenset({"ORG", "NORP", "GPE"})
_HTML_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def appearance(article: Article) -> dict[str, Any]:
    """Where the claim appeared: a ``CreativeWork`` with the article's URL, or its file name
    (:func:`margin.sources.shared_name.shared_source`: never a local path)."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if is_web_source(article.source):
        work["url"] = article.source
    elif not names_nothing(article.source):
        work["name"] = shared_source(article.source)
    headline = " ".join(article.title.split())
    if headline:
        work["headline"] = headline
    return work


def _speaker_entity(claim: Claim, entities: Sequence[Entity]) -> Entity | None:
    """The named entity the speaker is: the one its span overlaps most (the span may hold a
    title or an article around the name: *Mayor Ana Ruiz*, *the Coastal Resilience Office*)."""
    speaker = claim.speaker
    if speaker is None:
        return None
    best: tuple[int, Entity] | None = None
    for entity in entities:
        shared = min(entity.end, speaker.end) - max(entity.start, speaker.start)
        if shared > 0 and (best is None or shared > best[0]):
            best = (shared, entity)
    return best[1] if best else None


def _person_of_surname(written: str, entities: Sequence[Entity]) -> str | None:
    """For a speaker the model tagged as no named entity but written as a surname (*Voss
    said ...*), the one person of the article whose full name ends with it, as the library's
    speakers join them (:func:`margin.storage.speaker_merge.surnames_to_people`); else None."""
    people = {speaker_key(e.group or e.text): e.group or " ".join(e.text.split())
              for e in entities if e.label in PERSON_LABELS}  # fmt: skip
    form = " ".join(written.split())
    key = surnames_to_people(dict.fromkeys(people, True), [form]).get(form)
    return None if key is None else people[key]


def claim_author(claim: Claim | None, analysis: Analysis | None) -> dict[str, Any] | None:
    """The claim's speaker as a ``Person`` or ``Organization`` (by the named entity the speaker
    is), or None when unknown."""
    if claim is None or claim.speaker is None or analysis is None:
        return None
    entity = _speaker_entity(claim, analysis.entities)
    if entity is None:
        person = _person_of_surname(claim.speaker.text, analysis.entities)
        return None if person is None else {"@type": "Person", "name": person}
    kind = (
        "Person"
        if entity.label in PERSON_LABELS
        else "Organization"
        if entity.label in ORGANIZATION_LABELS
        else None
    )
    if kind is None:
        return None
    name = claim.speaker.group or entity.group or " ".join(entity.text.split())
    return {"@type": kind, "name": name}


def rating(label: str, scale: VerdictScale) -> dict[str, Any]:
    """The ``Rating`` for ``label``."""
    found: dict[str, Any] = {"@type": "Rating"}
    position = scale.position(label)
    if position is not None:
        found.update(ratingValue=position, bestRating=scale.best, worstRating=scale.worst)
    found["alternateName"] = " ".join(label.split())
    return found


def reviewer(who: Reviewer) -> dict[str, Any]:
    """The review's ``author``."""
    found: dict[str, Any] = {"@type": who.type, "name": who.name}
    if who.url:
        found["url"] = who.url
    return found


def claim_review(
    verdict: Verdict,
    article: Article,
    analysis: Analysis | None,
    config: VerdictConfig,
    published: str,
) -> dict[str, Any]:
    """One ``ClaimReview`` (``published``: the ISO date used when the verdict has none)."""
    claims = analysis.claims if analysis is not None else []
    claim = _claim_of(verdict, claims)
    content = claim.content.text if claim is not None else verdict.anchor.exact
    item: dict[str, Any] = {"@type": "Claim"}
    author = claim_author(claim, analysis)
    if author is not None:
        item["author"] = author
    item["appearance"] = appearance(article)
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "claimReviewed": " ".join(content.split()),
        "itemReviewed": item,
        "reviewRating": rating(verdict.rating, config.scale),
        "author": reviewer(config.reviewer),
        "datePublished": (verdict.updated or verdict.created)[:10] or published,
    }
    if verdict.reasoning.strip():
        review["reviewBody"] = verdict.reasoning.strip()
    links = safe_links(verdict)
    if links:
        review["citation"] = [{"@type": "CreativeWork", "url": link} for link in links]
    return review


def _claim_of(verdict: Verdict, claims: Sequence[Claim]) -> Claim | None:
    """The claim the verdict is on: the one whose content is its passage, else the one
    overlapping it most (as :func:`~margin.storage.verdict_model.match_span` decides)."""
    best: tuple[float, Claim] | None = None
    for claim in claims:
        span = (claim.content.start, claim.content.end)
        if span == verdict.span:
            return claim
        share = overlap_share(span, verdict.span)
        if share >= MATCH_OVERLAP and (best is None or share > best[0]):
            best = (share, claim)
    return best[1] if best else None


def dumps_ld(data: Any) -> str:
    """``data`` as JSON that is safe inside an HTML ``<script>`` and on a terminal."""
    text = escape_json(json.dumps(data, ensure_ascii=False, indent=2))
    for char, escaped in _HTML_UNSAFE.items():
        text = text.replace(char, escaped)  # only ever inside strings in JSON text
    return text + "\n"


def render_claimreview(doc: ExportDocument, config: VerdictConfig | None = None) -> str:
    """The ClaimReview JSON-LD of ``doc``'s (placed) verdicts."""
    if config is None:
        from margin.storage.verdict_config import load_verdict_config

        config = load_verdict_config()
    published = doc.exported[:10]
    graph = [
        claim_review(v, doc.article, doc.analysis, config, published)
        for v in doc.verdicts
        if not v.orphaned
    ]
    return dumps_ld({"@context": CONTEXT, "@graph": graph})


def is_claimreview(data: Any) -> bool:
    """Whether ``data`` (a parsed file about to be replaced) is a ClaimReview export."""
    if not isinstance(data, dict) or data.get("@context") != CONTEXT:
        return False
    graph = data.get("@graph")
    return isinstance(graph, list) and all(
        isinstance(item, dict) and item.get("@type") == "ClaimReview" for item in graph
    )
