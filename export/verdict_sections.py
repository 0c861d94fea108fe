"""The verdicts section of the Markdown, HTML and JSON exports.

Each verdict shows its rating, the claim's content as quoted, the reasoning (the user's
Markdown, escaped as note bodies are) and its evidence links (http/https only, checked when
saved and again when read). Orphaned verdicts (their claim's passage is no longer in the text)
are listed apart, never dropped.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote, urlsplit

from margin.errors import MarginError
from margin.export.document import ExportDocument
from margin.storage.verdict_config import VerdictScale, check_link
from margin.storage.verdict_model import Verdict
from margin.styles.verdicts import verdict_tone

_URL_SAFE = ":/?#[]@!$&'*+,;=%~"


def _split(doc: ExportDocument) -> tuple[list[Verdict], list[Verdict]]:
    placed = [v for v in doc.verdicts if not v.orphaned]
    return placed, [v for v in doc.verdicts if v.orphaned]


def safe_links(verdict: Verdict) -> list[str]:
    """The verdict's links that are http(s) (checked again here: a verdict built in code, not
    read from disk, was never checked)."""
    out = []
    for link in verdict.links:
        try:
            out.append(check_link(link))
        except MarginError:
            continue
    return out


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


# -- Markdown -----------------------------------------------------------------------------


def verdicts_markdown(doc: ExportDocument) -> list[str]:
    """``## Verdicts`` (and ``## Orphaned verdicts``), or nothing when there are none."""
    from margin.export.markdown import _body, blockquote, escape_inline

    def block(verdict: Verdict) -> list[str]:
        rating = escape_inline(" ".join(verdict.rating.split()))
        out = [f"**Verdict: {rating}**", ""]
        out += [*blockquote(verdict.anchor.exact), ""]
        if verdict.reasoning.strip():
            out += [*_body(verdict.reasoning), ""]
        links = safe_links(verdict)
        for link in links:
            label = escape_inline(_host(link)).replace("[", "\\[").replace("]", "\\]")
            out.append(f"- [{label}]({quote(link, safe=_URL_SAFE)})")
        if links:
            out.append("")
        return out

    placed, orphaned = _split(doc)
    out: list[str] = []
    if placed:
        out += ["## Verdicts", ""]
        for verdict in placed:
            out += block(verdict)
    if orphaned:
        out += [
            "## Orphaned verdicts",
            "",
            "_These claims were not found in the current text of the article; each quote is "
            "the claim as it was when the verdict was given._",
            "",
        ]
        for verdict in orphaned:
            out += block(verdict)
    return out


# -- HTML ---------------------------------------------------------------------------------


def badge_html(rating: str, scale: VerdictScale | None = None) -> str:
    """A rating as an HTML badge coloured by its place on the scale."""
    scale = scale or VerdictScale()
    tone = verdict_tone(scale.tone(rating))
    label = escape(" ".join(rating.split()), quote=False)
    return f'<span class="verdict v-{tone.key}">{escape(tone.glyph)} {label}</span>'


def verdicts_html(doc: ExportDocument, scale: VerdictScale | None = None) -> list[str]:
    """A ``<section class="verdicts">`` (orphans in their own), or nothing."""
    from margin.export.html import note_body_html

    if scale is None:
        from margin.storage.verdict_config import load_verdict_config

        scale = load_verdict_config().scale

    def card(verdict: Verdict) -> str:
        tone = verdict_tone(scale.tone(verdict.rating))
        quoted = escape(verdict.anchor.exact.strip(), quote=False)
        parts = [
            f'<div class="verdict-card v-{tone.key}">',
            f"<p>{badge_html(verdict.rating, scale)}</p>",
            f"<blockquote>{quoted}</blockquote>",
        ]
        if verdict.reasoning.strip():
            parts.append(note_body_html(verdict.reasoning))
        links = safe_links(verdict)
        if links:
            items = "".join(
                f'<li><a href="{escape(link, quote=True)}" rel="nofollow noopener noreferrer">'
                f"{escape(link, quote=False)}</a></li>"
                for link in links
            )
            parts.append(f'<ul class="links">{items}</ul>')
        parts.append("</div>")
        return "".join(parts)

    placed, orphaned = _split(doc)
    out: list[str] = []
    if placed:
        out.append('<section class="verdicts"><h2>Verdicts</h2>')
        out.extend(card(v) for v in placed)
        out.append("</section>")
    if orphaned:
        out.append('<section class="verdicts orphans"><h2>Orphaned verdicts</h2>')
        out.append(
            '<p class="notice">These claims were not found in the current text of the article; '
            "each quote is the claim as it was when the verdict was given.</p>"
        )
        out.extend(card(v) for v in orphaned)
        out.append("</section>")
    return out


# -- JSON ---------------------------------------------------------------------------------


def verdicts_json(doc: ExportDocument) -> list[dict[str, Any]]:
    """Each verdict as stored, plus how its last re-anchoring went (``status``)."""
    return [{**v.to_dict(), "status": v.status} for v in doc.verdicts]
