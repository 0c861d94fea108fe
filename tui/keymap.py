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

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from margin.errors import describe_os_error

CONFIG_FILE = "config.toml"


def config_dir() -> Path:
    """Where margin's config lives."""
    override = os.environ.get("MARGIN_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("margin"))


def config_path() -> Path:
    return config_dir() / CONFIG_FILE


@dataclass(slots=True)
class ReaderConfig:
    """What ``config.toml`` asks for, and what was wrong with it."""

    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    warnings: list[str] = field(default_factory=list)


def load_config(path: Path | None = None, *, known_ids: set[str] | None = None) -> ReaderConfig:
    """Read the config; a missing file is an empty config, a bad one gives warnings."""
    path = path or config_path()
    config = ReaderConfig()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config
    except OSError as exc:
        config.warnings.append(f"cannot read {path}: {describe_os_error(exc)}")
        return config
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        config.warnings.append(f"{path}: {exc}; using the default keys")
        return config
    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            config.theme = theme.strip()
        else:
            config.warnings.append(f"{path}: theme must be a name in quotes")
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        config.warnings.append(f'{path}: [keymap] must be a table of id = "keys"')
        return config
    for binding_id, keys in keymap.items():
        if not isinstance(keys, str) or not keys.strip():
            config.warnings.append(f'{path}: keymap {binding_id!r} needs keys such as "j,down"')
            continue
        if known_ids is not None and binding_id not in known_ids:
            config.warnings.append(f"{path}: unknown key binding id {binding_id!r}")
            continue
        config.keymap[binding_id] = ",".join(k.strip() for k in keys.split(",") if k.strip())
    return config
