"""JSON text that stays readable and fast: indented at the top, one record per line.

``json.dumps(..., indent=2)`` runs the pure-Python encoder and is several times slower than
the compact C encoder; indenting only the outer levels keeps the file readable (one note or
annotation per line, easy to diff) at the speed of the C encoder. Characters that could act on
a terminal (C1 and bidi controls, invisible characters) are written as ``\\uXXXX`` escapes
(:func:`margin.sanitize.escape_json`): the same data, safe to print.
"""

from __future__ import annotations

import json
from typing import Any

from margin.sanitize import escape_json


def _compact(value: Any) -> str:
    return escape_json(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))


MAX_LIST_DEPTH = 5


def dumps(value: Any, *, depth: int, indent: str = "  ", _level: int = 0) -> str:
    """``value`` as JSON: objects indented above ``depth`` levels, compact below; lists of
    objects or lists put one item per line at any level (up to :data:`MAX_LIST_DEPTH`)."""
    if isinstance(value, dict) and value and _level < depth:
        pad = indent * (_level + 1)
        inner = [
            f"{pad}{_compact(str(key))}: "
            + dumps(item, depth=depth, indent=indent, _level=_level + 1)
            for key, item in value.items()
        ]
        return "{\n" + ",\n".join(inner) + "\n" + indent * _level + "}"
    if (
        isinstance(value, list)
        and _level < MAX_LIST_DEPTH
        and any(isinstance(item, dict | list) for item in value)
    ):
        pad = indent * (_level + 1)
        inner = [
            f"{pad}{dumps(item, depth=depth, indent=indent, _level=_level + 1)}" for item in value
        ]
        return "[\n" + ",\n".join(inner) + "\n" + indent * _level + "]"
    return _compact(value)
