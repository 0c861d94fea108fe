"""The verdict scale and the reviewer, from the ``[verdicts]`` table of ``config.toml``::

    [verdicts]
    scale = ["true", "mostly true", "mixed", "misleading", "false", "unsupported"]  # best first
    unrated = ["unverified"]      # offered too, but not a point on the scale
    default = "unverified"        # what the verdict editor starts on
    reviewer = "Ana Ruiz"         # who signs ClaimReview exports
    reviewer_url = "https://example.org/fact-check"
    reviewer_type = "Person"      # or "Organization"

Ratings are matched without regard to case or spacing (``Mostly  True`` is ``mostly true``).
A rating's position (ClaimReview's ``ratingValue``) counts from the worst end of ``scale``: 1
is the last label, ``len(scale)`` the first; an ``unrated`` label has no position. A broken
table never stops margin: each problem is one warning and the default is used instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from margin.errors import MarginError, describe_os_error
from margin.sanitize import clean_line, has_unsafe
from margin.storage.config_file import config_path

DEFAULT_SCALE = ("true", "mostly true", "mixed", "misleading", "false", "unsupported")
"""The ratings on the scale, best first."""
DEFAULT_UNRATED = ("unverified",)
"""Ratings offered that are no point on the scale."""
DEFAULT_REVIEWER = "margin user"
"""Who signs a ClaimReview when ``reviewer`` is not set (said on stderr by the export)."""
REVIEWER_TYPES = ("Person", "Organization")
MAX_LABEL = 40
MAX_LABELS = 24


def rating_key(label: str) -> str:
    """How ratings are compared: case-folded, whitespace collapsed."""
    return " ".join(label.split()).casefold()


def check_link(url: str) -> str:
    """``url`` (stripped) if it is an http or https URL with a host; else :class:`MarginError`
    (evidence links and the reviewer's URL are shown and exported: nothing else may pass)."""
    link = url.strip()
    try:
        parts = urlsplit(link)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or has_unsafe(link)
        or any(c.isspace() for c in link)
    ):
        raise MarginError(f"not an http or https link: {clean_line(link)[:80]!r}")
    return link


@dataclass(frozen=True, slots=True)
class VerdictScale:
    """The ratings a verdict may have: ``rated`` (best first) and ``unrated`` ones."""

    rated: tuple[str, ...] = DEFAULT_SCALE
    unrated: tuple[str, ...] = DEFAULT_UNRATED
    default: str = DEFAULT_UNRATED[0]

    @property
    def labels(self) -> tuple[str, ...]:
        """Every rating, as the editor offers them: the unrated ones, then best to worst."""
        return self.unrated + self.rated

    def find(self, label: str) -> str | None:
        """The rating ``label`` names (any case or spacing), or None."""
        key = rating_key(label)
        return next((lb for lb in self.labels if rating_key(lb) == key), None)

    def check(self, label: str) -> str:
        """The rating ``label`` names; :class:`MarginError` (one line, the choices) if none."""
        found = self.find(label)
        if found is None:
            raise MarginError(
                f"unknown rating {clean_line(label)[:40]!r} (choose one of: "
                f"{', '.join(self.labels)}; the scale is [verdicts] in config.toml)"
            )
        return found

    def position(self, label: str) -> int | None:
        """``label``'s point on the scale, 1 (worst) to :attr:`best`; None when unrated or
        unknown."""
        key = rating_key(label)
        for index, rated in enumerate(self.rated):
            if rating_key(rated) == key:
                return len(self.rated) - index
        return None

    @property
    def best(self) -> int:
        return len(self.rated)

    @property
    def worst(self) -> int:
        return 1

    def tone(self, label: str) -> float | None:
        """Where ``label`` sits from best (0.0) to worst (1.0); None when unrated or unknown."""
        position = self.position(label)
        if position is None:
            return None
        return 0.0 if self.best == 1 else (self.best - position) / (self.best - 1)


@dataclass(frozen=True, slots=True)
class Reviewer:
    """Who signs ClaimReview exports. ``configured`` is False for the default name."""

    name: str = DEFAULT_REVIEWER
    url: str | None = None
    type: str = "Person"
    configured: bool = False


@dataclass(slots=True)
class VerdictConfig:
    """The scale, the reviewer, and what was wrong with the config (one line each)."""

    scale: VerdictScale = field(default_factory=VerdictScale)
    reviewer: Reviewer = field(default_factory=Reviewer)
    warnings: list[str] = field(default_factory=list)


def _labels(value: Any, name: str, where: str, warnings: list[str]) -> tuple[str, ...] | None:
    """A list of rating labels from the config, or None (with one warning) if unusable."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        warnings.append(f"{where}: [verdicts] {name} must be a list of names in quotes")
        return None
    labels = tuple(" ".join(v.split()) for v in value)
    bad = next((lb for lb in labels if not lb or len(lb) > MAX_LABEL or has_unsafe(lb)), None)
    if bad is not None:
        warnings.append(
            f"{where}: [verdicts] {name} has an unusable rating {clean_line(bad)[:50]!r} "
            f"(1-{MAX_LABEL} plain characters)"
        )
        return None
    if len({rating_key(lb) for lb in labels}) != len(labels) or len(labels) > MAX_LABELS:
        warnings.append(
            f"{where}: [verdicts] {name} repeats a rating or has over {MAX_LABELS} of them"
        )
        return None
    return labels


def verdict_config(data: dict[str, Any], where: str = "config.toml") -> VerdictConfig:
    """The verdict config from a parsed ``config.toml`` (``where`` names it in warnings)."""
    config = VerdictConfig()
    table = data.get("verdicts")
    if table is None:
        return config
    warnings = config.warnings
    if not isinstance(table, dict):
        warnings.append(f"{where}: [verdicts] must be a table; using the default scale")
        return config
    default_scale = VerdictScale()
    rated = _labels(table.get("scale", list(DEFAULT_SCALE)), "scale", where, warnings)
    unrated = _labels(table.get("unrated", list(DEFAULT_UNRATED)), "unrated", where, warnings)
    if rated is None or unrated is None or not rated:
        if rated is not None and not rated:
            warnings.append(f"{where}: [verdicts] scale is empty")
        warnings.append(f"{where}: using the default verdict scale")
        rated, unrated = default_scale.rated, default_scale.unrated
    elif {rating_key(x) for x in rated} & {rating_key(x) for x in unrated}:
        warnings.append(f"{where}: a rating is in both [verdicts] scale and unrated")
        rated, unrated = default_scale.rated, default_scale.unrated
    scale = VerdictScale(rated, unrated, (unrated or rated)[0])
    wanted = table.get("default")
    if wanted is not None:
        found = scale.find(wanted) if isinstance(wanted, str) else None
        if found is None:
            warnings.append(
                f"{where}: [verdicts] default {clean_line(str(wanted))[:40]!r} is not a rating "
                f"of the scale ({', '.join(scale.labels)})"
            )
        else:
            scale = VerdictScale(scale.rated, scale.unrated, found)
    config.scale = scale
    config.reviewer = _reviewer(table, where, warnings)
    return config


def _reviewer(table: dict[str, Any], where: str, warnings: list[str]) -> Reviewer:
    name = table.get("reviewer")
    if name is None:
        return Reviewer()
    if not isinstance(name, str) or not name.strip() or has_unsafe(name) or len(name) > 200:
        warnings.append(f"{where}: [verdicts] reviewer must be a name in quotes")
        return Reviewer()
    url = table.get("reviewer_url")
    if url is not None:
        try:
            url = check_link(str(url))
        except MarginError as exc:
            warnings.append(f"{where}: [verdicts] reviewer_url: {exc}")
            url = None
    kind = table.get("reviewer_type", "Person")
    if kind not in REVIEWER_TYPES:
        warnings.append(f"{where}: [verdicts] reviewer_type must be Person or Organization")
        kind = "Person"
    return Reviewer(" ".join(name.split()), url, kind, configured=True)


def load_verdict_config(path: Path | None = None) -> VerdictConfig:
    """The verdict config from ``config.toml`` (a missing file: the defaults; a broken one:
    the defaults and a warning)."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return VerdictConfig()
    except OSError as exc:
        return VerdictConfig(warnings=[f"cannot read {path}: {describe_os_error(exc)}"])
    import tomllib  # only when there is a config file (the reader's first paint comes first)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return VerdictConfig(warnings=[f"{path}: {exc}; using the default verdict scale"])
    return verdict_config(data, str(path))
