"""Where margin's ``config.toml`` lives (read by the reader for keys and theme, and by
storage, export and the CLI for the verdict scale and the reviewer: :mod:`.verdict_config`)."""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_FILE = "config.toml"
CONFIG_ENV = "MARGIN_CONFIG_DIR"


def config_dir() -> Path:
    """Where margin's config lives: ``$MARGIN_CONFIG_DIR``, else the XDG config dir."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("margin"))


def config_path() -> Path:
    """The config file, ``config.toml`` in :func:`config_dir`."""
    return config_dir() / CONFIG_FILE
