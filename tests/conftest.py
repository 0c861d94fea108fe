"""Shared fixtures: the spaCy pipeline (loaded once) and isolated user directories."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline margin uses, loaded once for the whole session."""
    from margin.analysis.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point margin's cache, database and config at temporary directories for every test,
    so that no test reads or writes the real XDG directories."""
    base = tmp_path / "_margin_env"
    monkeypatch.setenv("MARGIN_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("MARGIN_DB", str(base / "data" / "margin.json"))
    monkeypatch.setenv("MARGIN_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "xdg-cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))
    monkeypatch.delenv("MARGIN_MODEL", raising=False)
