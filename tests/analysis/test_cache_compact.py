"""The analysis cache's compact copy of an entry (margin.analysis.service.compact_file): read
in its JSON file's place, a miss whenever it is damaged, foreign or stale, rebuilt from the
JSON file."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from margin.analysis.cache import AnalysisCache
from margin.analysis.service import compact_file
from margin.analysis.service.compact import ReaderAnalysis
from margin.atomic import TEMP_MARK
from margin.model import Analysis, Claim, Entity, Speaker, TextSpan

SHA = "d" * 64
MODEL = "en_test_model-1.0"
TEXT = "Mayor Ana Ruiz said that the new bridge «will open» in May. Ruiz smiled.\n"


def sample() -> Analysis:
    """An analysis with every part the compact copy keeps: two sentences with scores,
    entities with groups (one whose text is not the slice), claims with speakers, originals,
    cues, flags and a non-ASCII part text."""
    ruiz = TEXT.index("Ruiz")
    said = TEXT.index("said")
    content = TEXT.index("the new bridge")
    second = TEXT.index("Ruiz smiled")
    may = TEXT.index("in May") + 3
    return Analysis(
        sentences=[(0, second - 1), (second, len(TEXT) - 1)],
        entities=[
            Entity(6, ruiz + 4, "PERSON", "Ana Ruiz", "Ana Ruiz"),
            Entity(may, may + 3, "DATE", "May"),
            Entity(second, second + 4, "PERSON", "Ruiz (the mayor)", "Ana Ruiz"),
        ],
        claims=[
            Claim(
                "reported",
                TextSpan.of(TEXT, content, TEXT.index(" in May")),
                Speaker(0, ruiz + 4, "Mayor Ana Ruiz", TextSpan.of(TEXT, 0, ruiz + 4), "Ana Ruiz"),
                TextSpan.of(TEXT, said, said + 4),
                0.75,
                0,
                ("hedged",),
            ),
            Claim(
                "assertion",
                TextSpan(second, len(TEXT) - 1, "Ruiz smiled — «»"),
                None,
                None,
                1.0,
                1,
            ),
        ],
        model=MODEL,
        checkworthiness=[0.61, 0.02],
    )


def filled(tmp_path: Path) -> AnalysisCache:
    cache = AnalysisCache(tmp_path)
    assert cache.put(SHA, MODEL, sample(), text=TEXT)
    return cache


def read_compact_only(cache: AnalysisCache) -> ReaderAnalysis | None:
    return cache.get_compact(SHA, MODEL, TEXT, fallback=False)


def test_put_writes_a_compact_copy_that_reads_back_the_same_analysis(tmp_path: Path) -> None:
    cache = filled(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert [Path(n).suffix for n in names] == [".compact", ".json"]
    assert cache.has_compact(SHA, MODEL)
    compact = read_compact_only(cache)
    assert compact is not None
    assert compact.to_analysis() == sample()
    assert compact.mentions.entity(2).text == "Ruiz (the mayor)"
    assert compact.claims.part_text(1, "content") == "Ruiz smiled — «»"
    assert compact.claims.speaker_label(0) == "Ana Ruiz"
    # Its vocabulary of (label, group) pairs still answers, and grows, as a new one's does.
    mentions = compact.mentions
    assert mentions.label_id("PERSON", "Ana Ruiz") == mentions._values[0]
    assert mentions.label_id("ORG", "City Hall") == len(mentions.labels) - 1
    assert mentions.labels[-1] == "ORG"
    # The same as the JSON file read straight into compact form (the way it was read before).
    json_read = cache._read_json_compact(SHA, MODEL, TEXT)
    assert json_read is not None and json_read.to_analysis() == compact.to_analysis()
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_an_empty_analysis_round_trips(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    empty = Analysis(sentences=[], entities=[], claims=[], model=MODEL)
    assert cache.put(SHA, MODEL, empty, text=TEXT)
    compact = read_compact_only(cache)
    assert compact is not None and compact.to_analysis() == empty


def test_without_the_text_only_the_json_file_is_written(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    assert cache.put(SHA, MODEL, sample())
    assert not cache.compact_path_for(SHA, MODEL).exists()
    assert read_compact_only(cache) is None


def test_the_full_read_falls_back_to_the_json_file_and_writes_the_compact_copy(
    tmp_path: Path,
) -> None:
    cache = AnalysisCache(tmp_path)
    cache.put(SHA, MODEL, sample())  # as an entry cached before there were compact copies
    assert read_compact_only(cache) is None
    compact = cache.get_compact(SHA, MODEL, TEXT)
    assert compact is not None and compact.to_analysis() == sample()
    assert cache.has_compact(SHA, MODEL)
    again = read_compact_only(cache)
    assert again is not None and again.to_analysis() == sample()


def test_put_compact_adds_a_missing_copy_and_keeps_a_fresh_one(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    assert not cache.put_compact(SHA, MODEL, sample(), TEXT)  # no JSON entry: nothing
    cache.put(SHA, MODEL, sample())
    assert cache.put_compact(SHA, MODEL, sample(), TEXT)
    path = cache.compact_path_for(SHA, MODEL)
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(before - 10**9, before - 10**9))
    assert cache.put_compact(SHA, MODEL, sample(), TEXT)
    assert path.stat().st_mtime_ns == before - 10**9  # fresh: not written again


def damage_payload(data: bytes) -> bytes:
    at = compact_file.HEADER.size + len(data[compact_file.HEADER.size :]) // 2
    return data[:at] + bytes([data[at] ^ 0x40]) + data[at + 1 :]


def wrong_magic(data: bytes) -> bytes:
    return b"NOTMARGN" + data[8:]


def wrong_version(data: bytes) -> bytes:
    return data[:8] + struct.pack("<H", compact_file.FORMAT_VERSION + 1) + data[10:]


def wrong_byte_order(data: bytes) -> bytes:
    return data[:10] + bytes([1 - data[10]]) + data[11:]


def bad_arrays_good_crc(data: bytes) -> bytes:
    """A payload whose CRC is right but whose arrays do not fit together (a writer's bug):
    the text length in it is off by one."""
    payload = bytearray(data[compact_file.HEADER.size :])
    reader = compact_file._Reader(memoryview(bytes(payload)))
    reader.array("I")
    reader.raw()
    at = reader.at + compact_file.CHUNK.size  # the head chunk's first item: len(text)
    struct.pack_into("<q", payload, at, len(TEXT) + 1)
    header = bytearray(data[: compact_file.HEADER.size])
    struct.pack_into("<I", header, 12, zlib.crc32(payload))
    return bytes(header) + bytes(payload)


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: b"",
        lambda d: d[:10],
        lambda d: d[: compact_file.HEADER.size],
        lambda d: d[:-1],
        lambda d: d + b"\0",
        damage_payload,
        wrong_magic,
        wrong_version,
        wrong_byte_order,
        bad_arrays_good_crc,
        lambda d: os.urandom(len(d)),
    ],
    ids=[
        "empty",
        "short header",
        "header only",
        "truncated",
        "trailing byte",
        "flipped bit",
        "magic",
        "version",
        "byte order",
        "inconsistent",
        "noise",
    ],
)
def test_a_damaged_or_foreign_copy_is_a_miss_and_is_rebuilt(tmp_path: Path, damage) -> None:
    cache = filled(tmp_path)
    path = cache.compact_path_for(SHA, MODEL)
    path.write_bytes(damage(path.read_bytes()))
    json_mtime = cache.path_for(SHA, MODEL).stat().st_mtime_ns
    assert read_compact_only(cache) is None
    compact = cache.get_compact(SHA, MODEL, TEXT)  # from the JSON file, which is intact
    assert compact is not None and compact.to_analysis() == sample()
    assert read_compact_only(cache) is not None  # the copy was rebuilt
    assert cache.path_for(SHA, MODEL).stat().st_mtime_ns == json_mtime


def test_a_replaced_json_file_makes_the_copy_stale(tmp_path: Path) -> None:
    cache = filled(tmp_path)
    json_path = cache.path_for(SHA, MODEL)
    st = json_path.stat()
    # Same content, another modification time: stale.
    os.utime(json_path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert read_compact_only(cache) is None
    assert not cache.has_compact(SHA, MODEL)
    # Another size (one byte of padding), the old time back: stale too.
    json_path.write_bytes(json_path.read_bytes() + b" ")
    os.utime(json_path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert read_compact_only(cache) is None
    # Both as they were: fresh again.
    json_path.write_bytes(json_path.read_bytes()[:-1])
    os.utime(json_path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert read_compact_only(cache) is not None


def test_a_copy_without_its_json_file_is_a_miss(tmp_path: Path) -> None:
    cache = filled(tmp_path)
    cache.path_for(SHA, MODEL).unlink()
    assert read_compact_only(cache) is None
    assert cache.get_compact(SHA, MODEL, TEXT) is None
    assert not cache.has_compact(SHA, MODEL)


def test_another_key_or_text_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = filled(tmp_path)
    other = cache.compact_path_for("e" * 64, MODEL)
    # Another key's files holding this entry's bytes.
    other.write_bytes(cache.compact_path_for(SHA, MODEL).read_bytes())
    cache.path_for("e" * 64, MODEL).write_bytes(cache.path_for(SHA, MODEL).read_bytes())
    assert cache.get_compact("e" * 64, MODEL, TEXT, fallback=False) is None  # wrong key
    assert cache.get_compact(SHA, MODEL, TEXT + "x", fallback=False) is None  # other length
    import margin.analysis.version as version

    monkeypatch.setattr(version, "ANALYZER_VERSION", version.ANALYZER_VERSION + "-next")
    assert cache.get_compact(SHA, MODEL, TEXT, fallback=False) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_directory_still_reads_and_never_raises(tmp_path: Path) -> None:
    cache = AnalysisCache(tmp_path)
    cache.put(SHA, MODEL, sample())  # no copy
    tmp_path.chmod(0o500)
    try:
        assert not cache.put_compact(SHA, MODEL, sample(), TEXT)
        compact = cache.get_compact(SHA, MODEL, TEXT)  # from JSON; the copy cannot be written
        assert compact is not None and compact.to_analysis() == sample()
        assert not cache.compact_path_for(SHA, MODEL).exists()
    finally:
        tmp_path.chmod(0o700)


def test_a_copy_that_cannot_be_written_never_raises(tmp_path: Path) -> None:
    """(Also as root, whom permissions do not stop:) a directory where the copy goes."""
    cache = AnalysisCache(tmp_path)
    cache.compact_path_for(SHA, MODEL).mkdir()
    assert cache.put(SHA, MODEL, sample(), text=TEXT)  # the JSON entry is what counts
    assert not cache.put_compact(SHA, MODEL, sample(), TEXT)
    assert read_compact_only(cache) is None
    compact = cache.get_compact(SHA, MODEL, TEXT)
    assert compact is not None and compact.to_analysis() == sample()
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_the_copy_is_written_without_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import margin.atomic

    cache = AnalysisCache(tmp_path)
    cache.put(SHA, MODEL, sample())
    synced: list[int] = []
    real = margin.atomic.os.fsync
    monkeypatch.setattr(margin.atomic.os, "fsync", lambda fd: synced.append(fd) or real(fd))
    assert cache.put_compact(SHA, MODEL, sample(), TEXT)
    assert synced == []
    cache.put(SHA, MODEL, sample(), text=TEXT)
    assert len(synced) == 2  # the JSON file and its directory, not the copy


def test_margin_analyze_writes_the_copy_for_an_entry_cached_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch's lookup of an input (``margin analyze``): a hit whose compact copy is
    missing gets one, without an analysis."""
    from margin.analysis import batch
    from margin.model import Article

    article_path = tmp_path / "article.txt"
    article_path.write_text(TEXT, encoding="utf-8")
    from margin.sources.loader import load_article

    article = load_article(str(article_path))
    cache = AnalysisCache(tmp_path / "cache")
    assert isinstance(article, Article)
    cache.put(article.sha256, MODEL, sample())
    assert not cache.has_compact(article.sha256, MODEL)
    loaded, hit = batch._load(str(article_path), cache, MODEL, None)
    assert hit == sample() and loaded.sha256 == article.sha256
    assert cache.has_compact(article.sha256, MODEL)
    compact = cache.get_compact(article.sha256, MODEL, article.text, fallback=False)
    assert compact is not None and compact.to_analysis() == sample()
