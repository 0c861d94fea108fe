"""The user's configuration: key remaps and a theme, from ``config.toml`` (no Textual).

The file lives in ``platformdirs.user_config_dir("margin")`` (``$MARGIN_CONFIG_DIR``
overrides the directory)::

    theme = "gruvbox"

    [keymap]
    "reader.next_sentence" = "j,down"
    "reader.find" = "ctrl+f"

A broken file never stops the reader: the problems come back as warnings to show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from margin.errors import describe_os_error
from margin.storage.config_file import CONFIG_FILE, config_dir, config_path

__all__ = ["CONFIG_FILE", "ReaderConfig", "config_dir", "config_path", "load_config"]


@dataclass(slots=True)
class ReaderConfig:
    """What ``config.toml`` asks for, and what was wrong with it."""

    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None
    """The file read (None: no file, e.g. in tests)."""
    text: str = ""
    """Its text (to find the line of a setting in messages)."""

    @property
    def shown_path(self) -> str:
        """The file's path as messages show it (``~/`` for the home directory)."""
        return CONFIG_FILE if self.path is None else _shorten_home(self.path)

    def where(self, key: str) -> str:
        """``path:line`` of setting ``key`` (a binding id or ``theme``), else ``path``."""
        line = line_of(self.text, key) if self.path is not None else None
        return f"{self.shown_path}:{line}" if line else self.shown_path


def _shorten_home(path: Path) -> str:
    try:
        return f"~/{path.relative_to(Path.home())}"
    except (ValueError, RuntimeError):  # not under home, or no home
        return str(path)


def line_of(text: str, key: str) -> int | None:
    """The line (from 1) where ``key`` is set in TOML ``text``: the first line, outside
    comments, that starts with the key, bare or in quotes, before an ``=``."""
    pattern = re.compile(rf"""^\s*(?:"{re.escape(key)}"|'{re.escape(key)}'|{re.escape(key)})\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, object]:
    """``{"reader": {"find": "x"}}`` (a bare dotted key, ``reader.find = "x"``) as
    ``{"reader.find": "x"}``."""
    flat: dict[str, object] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def load_config(path: Path | None = None) -> ReaderConfig:
    """Read the config; a missing file is an empty config, a bad one gives warnings.

    The keymap is only read here; :func:`margin.tui.keymap_check.check_keymap` checks it
    against the screens' bindings.
    """
    path = path or config_path()
    config = ReaderConfig()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as exc:
        config.warnings.append(f"cannot read {path}: {describe_os_error(exc)}")
        return config
    config.path = path
    import tomllib  # only when there is a config file

    try:
        config.text = raw.decode("utf-8")
        data = tomllib.loads(config.text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        config.warnings.append(f"{path}: {exc}; using the default keys")
        return config
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            config.theme = theme.strip()
        else:
            config.warnings.append(f"{config.where('theme')}: theme must be a name in quotes")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        config.warnings.append(f'{config.where("keymap")}: keymap must be a table of id = "keys"')
        return config
    for binding_id, keys in _flatten(keymap).items():
        if not isinstance(keys, str) or not keys.strip():
            config.warnings.append(
                f'{config.where(binding_id)}: keymap {binding_id!r} needs keys such as "j,down"'
            )
            continue
        config.keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return config
