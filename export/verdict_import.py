"""Reading verdicts back: from a margin JSON export's ``verdicts`` list, or from one of the
store's own verdict files moved aside as unreadable and since repaired
(``{"verdicts": {id: verdict}}``). Pure: every verdict is checked before anything is written;
a malformed one is one clear :class:`~margin.errors.MarginError`. Ratings are checked against
the scale when they are written (:func:`check_ratings`), since the scale is the importing
user's."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from margin.errors import MarginError
from margin.sanitize import clean_line
from margin.storage.verdict_config import VerdictScale
from margin.storage.verdict_model import Verdict
from margin.storage.verdicts import VERDICTS_TABLE


def parse_verdicts(raw: Any, where: str = "verdicts") -> list[Verdict]:
    """The verdicts of an export's ``verdicts`` list (absent: none)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise MarginError(f"malformed margin export: {where}: expected a list")
    return _checked(((f"{where}[{i}]", item) for i, item in enumerate(raw)), "margin export")


def is_verdicts_file(data: Any) -> bool:
    """Whether ``data`` is a store verdict file: ``{"verdicts": {id: verdict}}`` only."""
    return (
        isinstance(data, dict)
        and set(data) == {VERDICTS_TABLE}
        and isinstance(data[VERDICTS_TABLE], dict)
    )


def parse_verdicts_file(data: dict[str, Any]) -> list[Verdict]:
    """The verdicts of a store verdict file."""
    items = ((f"verdicts[{key!r:.40}]", item) for key, item in data[VERDICTS_TABLE].items())
    return _checked(items, "verdicts file")


def _checked(items: Iterable[tuple[str, Any]], what: str) -> list[Verdict]:
    verdicts: list[Verdict] = []
    seen: set[str] = set()
    for where, item in items:
        if not isinstance(item, dict):
            raise MarginError(f"malformed {what}: {where}: expected an object")
        try:
            verdict = Verdict.from_dict(item)
        except KeyError as exc:
            raise MarginError(f"malformed {what}: {where}: missing {exc}") from None
        except (TypeError, ValueError) as exc:
            raise MarginError(f"malformed {what}: {where}: {clean_line(str(exc))}") from None
        status = item.get("status", "anchored")
        if status not in ("anchored", "moved", "fuzzy", "orphaned"):
            raise MarginError(f"malformed {what}: {where}.status: unknown {status!r:.30}")
        if not 0 <= verdict.anchor.start <= verdict.anchor.end:
            raise MarginError(f"malformed {what}: {where}.anchor: bad offsets")
        if verdict.id in seen:
            raise MarginError(f"the file has two verdicts with the id {verdict.id!r:.40}")
        seen.add(verdict.id)
        verdicts.append(verdict.with_(status=status))
    return verdicts


def check_ratings(verdicts: Iterable[Verdict], scale: VerdictScale) -> list[Verdict]:
    """``verdicts`` with each rating as the scale spells it; :class:`MarginError` naming the
    first rating the scale does not have (nothing is imported then)."""
    out: list[Verdict] = []
    for verdict in verdicts:
        found = scale.find(verdict.rating)
        if found is None:
            raise MarginError(
                f"a verdict in the file is rated {clean_line(verdict.rating)[:40]!r}, which is "
                f"not on your scale ({', '.join(scale.labels)}): add it to [verdicts] in "
                "config.toml, then import again"
            )
        out.append(verdict.with_(rating=found))
    return out
