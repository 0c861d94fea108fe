"""Writing the chosen theme into ``config.toml`` without disturbing the rest (no Textual).

``tomllib`` only reads, and a TOML writer that rebuilds the file would drop the user's
comments and layout. The file is edited as text instead: the top-level ``theme = "..."`` line
gets its new value (its indentation and trailing comment kept), or, when there is none, one is
added before the first table. The result is parsed again and must hold exactly the old
settings with the new theme before it replaces the file (atomically, through a symlink).
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from margin.errors import MarginError
from margin.tui.keymap import config_path

_THEME_LINE = re.compile(r"""^(?P<head>\s*(?:theme|"theme"|'theme')\s*=\s*)(?P<value>.*)$""")
_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'[^'\n]*'""")
_TABLE = re.compile(r"^\s*\[")
_COMMENT = re.compile(r"^\s*#")


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def _top_level(lines: list[str]) -> tuple[list[int], int | None]:
    """Indices of the top-level lines outside multi-line strings, and of the first table
    header (None without one)."""
    found: list[int] = []
    open_quote: str | None = None
    for index, line in enumerate(lines):
        if open_quote is None and _TABLE.match(line):
            return found, index
        if open_quote is None:
            found.append(index)
        for quote in ('"""', "'''"):
            if open_quote in (None, quote) and line.count(quote) % 2 == 1:
                open_quote = None if open_quote == quote else quote
    return found, None


def with_theme(text: str, theme: str) -> str:
    """``text`` (a TOML document) with its top-level ``theme`` set to ``theme``."""
    lines = text.splitlines(keepends=True)
    value = _toml_string(theme)
    top, header = _top_level(lines)
    for index in top:
        body = lines[index].rstrip("\r\n")
        match = _THEME_LINE.match(body)
        if match is None:
            continue
        old = _STRING.match(match["value"])
        if old:
            rest = match["value"][old.end() :]  # spaces and a comment, kept
        else:  # not a string (an error the reader reported): keep only a comment
            rest = match["value"][match["value"].find("#") :] if "#" in match["value"] else ""
            rest = f" {rest}" if rest else ""
        lines[index] = f"{match['head']}{value}{rest}{lines[index][len(body) :]}"
        return "".join(lines)
    new_line = f"theme = {value}\n"
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if header is None:
        return "".join([*lines, new_line])
    at = header
    while at > 0 and _COMMENT.match(lines[at - 1]):
        at -= 1  # the comments just above a table are about the table
    lines[at:at] = [new_line, "\n"]
    return "".join(lines)


def remember_theme(theme: str, path: Path | None = None) -> None:
    """Set ``theme = "<theme>"`` in the config file (created if missing).

    Raises :class:`~margin.errors.MarginError` (one line) when the file cannot be read,
    is not valid TOML (it is then left alone), or cannot be written.
    """
    from margin.storage.safe_storage import atomic_write

    path = (path or config_path()).expanduser()
    target = path.resolve() if path.is_symlink() else path  # a dotfiles link stays a link
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise MarginError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MarginError(f"{path} has an error ({exc}): the theme was not saved") from None
    new_text = with_theme(text, theme)
    after = tomllib.loads(new_text)
    if after != {**before, "theme": theme}:
        raise MarginError(f"could not add the theme to {path} safely: it was not saved")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MarginError(f"cannot create {target.parent}: {exc.strerror or exc}") from None
    atomic_write(target, new_text.encode("utf-8"), what=str(path))
