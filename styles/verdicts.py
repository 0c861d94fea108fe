"""How a verdict's rating looks: a glyph and a colour by where the rating sits on the scale
(best to worst), so a configured scale gets colours too. Each tone has a colour for dark and
one for light backgrounds, chosen to stay readable as text on both (the reader's badges and
gutter marks, the HTML export)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class VerdictTone:
    """One look of ratings: CSS-safe ``key``, a one-cell ``glyph``, hex colours."""

    key: str
    glyph: str
    dark: str
    light: str

    def colour(self, *, dark: bool = True) -> str:
        return self.dark if dark else self.light


UNRATED = VerdictTone("unrated", "?", dark="#b6bac2", light="#595e66")
TONES: tuple[VerdictTone, ...] = (
    VerdictTone("good", "✓", dark="#7ee08a", light="#1b6e2a"),
    VerdictTone("mostly", "✓", dark="#c6e37a", light="#4a6600"),
    VerdictTone("mixed", "≈", dark="#ffcf6b", light="#8a5300"),
    VerdictTone("bad", "✗", dark="#ff8f85", light="#b3261e"),
)
"""From best to worst."""

_BOUNDS = (0.1, 0.35, 0.7)
"""Upper bounds of the first three tones on the 0 (best) to 1 (worst) line."""


def verdict_tone(where: float | None) -> VerdictTone:
    """The tone of a rating ``where`` on the scale from 0.0 (best) to 1.0 (worst); None (a
    rating off the scale, such as *unverified*) is :data:`UNRATED`."""
    if where is None:
        return UNRATED
    for bound, tone in zip(_BOUNDS, TONES, strict=False):
        if where < bound:
            return tone
    return TONES[-1]


def html_css() -> str:
    """CSS for the HTML export's verdict badges (``.verdict.v-<tone>``), light and dark."""
    tones = (*TONES, UNRATED)
    light = "".join(f".v-{t.key}{{--v:{t.light}}}" for t in tones)
    dark = "".join(f".v-{t.key}{{--v:{t.dark}}}" for t in tones)
    return (
        f"{light}@media (prefers-color-scheme: dark){{{dark}}}"
        ".verdict{color:var(--v);font-weight:600;border:1px solid var(--v);"
        "border-radius:3px;padding:0 .35em;white-space:nowrap}"
        ".verdict-card{border-left:3px solid var(--v);padding-left:.8em;margin:1.2em 0}"
        ".verdict-card ul.links{margin:.3em 0;padding-left:1.2em;overflow-wrap:anywhere}"
    )
