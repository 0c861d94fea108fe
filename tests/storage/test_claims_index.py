"""The claims index: built from the analysis cache, speakers merged across articles by the
rules (and not merged where they forbid it), kept on disk, rebuilt when missing, damaged or
stale, updated when articles come and go."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from library_claims_helpers import FERRY, MODEL, Said, add_article, analysis_of, build_library

from margin.analysis.cache import AnalysisCache
from margin.storage import claims_index
from margin.storage.claims_index import drop_parts, open_index, part_key, update_parts
from margin.storage.claims_table import ClaimsTable
from margin.storage.paths import claims_index_path
from margin.storage.speaker_merge import looks_like_a_surname, merge_keys
from margin.storage.store import Store


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "lib" / "margin.json", tmp_path / "cache"


def _open(db: Path, cache_dir: Path, **kw) -> ClaimsTable:
    return open_index(Store(db), cache=AnalysisCache(cache_dir), model_id=MODEL, **kw)


def _names(table: ClaimsTable) -> dict[str, tuple[int, int]]:
    return {s.name: (s.claims, s.articles) for s in table.speakers}


def test_claims_and_speakers_across_articles(paths):
    db, cache = paths
    build_library(db, cache, market=False)
    table = _open(db, cache)
    assert len(table) == 5
    assert [e.title for e in table.not_analysed] == ["Pier lights repaired"]
    # "Ruiz" (the only name the ferry article gives) is the one Ruiz known in full.
    assert _names(table) == {"Ana Ruiz": (3, 2), "Harbour Trust": (1, 1)}
    ferry = [
        table.claim(i) for i in range(len(table)) if table.claim(i).entry.title.startswith("Night")
    ]
    assert [(c.speaker, c.kind, c.cue) for c in ferry] == [
        ("Ana Ruiz", "reported", "said"),
        ("A spokesman", "reported", "said"),  # unnamed: shown, not a speaker of the library
    ]
    text = FERRY[2]
    assert all(text[c.start : c.end] == c.text for c in ferry)


def test_an_ambiguous_surname_stays_apart_and_full_names_never_merge(paths):
    db, cache = paths
    build_library(db, cache, market=True)
    table = _open(db, cache)
    # Two full names end in "Ruiz": the bare "Ruiz" is neither; Tomas and Ana stay two.
    # "Ana  ruiz" is Ana Ruiz (case and spacing), shown as most often written.
    assert _names(table) == {
        "Ana Ruiz": (3, 2),
        "Harbour Trust": (1, 1),
        "Ruiz": (1, 1),
        "Tomas Ruiz": (1, 1),
    }
    ana = next(s for s in table.speakers if s.name == "Ana Ruiz")
    assert set(ana.forms) == {"Ana ruiz", "Ana Ruiz"}
    assert table.speakers[0].name == "Ana Ruiz"  # most claims first


def test_merge_rules_directly():
    people = {
        "jeff bezos": True,
        "bezos": True,
        "mackenzie bezos": True,
        "andy jassy": True,
        "jassy": True,
        "amazon": False,
        "jeff amazon": True,
    }
    merged = merge_keys(people)
    assert merged["jassy"] == "andy jassy"
    assert merged["bezos"] == "bezos"  # two full names end with it
    assert merged["jeff bezos"] == "jeff bezos" and merged["mackenzie bezos"] == "mackenzie bezos"
    assert merged["amazon"] == "amazon"  # not a person: never joins a person's name
    # A one-word organisation's name does not join a person's, nor the other way round.
    assert merge_keys({"ruiz": False, "ana ruiz": True})["ruiz"] == "ruiz"
    assert merge_keys({"ruiz": True, "ruiz holdings": False})["ruiz"] == "ruiz"


def test_speaker_named_uses_the_merge_rules(paths):
    db, cache = paths
    build_library(db, cache, market=False)
    table = _open(db, cache)
    (ana,) = table.speaker_named("ruiz")
    assert table.speakers[ana].name == "Ana Ruiz"
    assert len(table.select(speakers=[ana])) == 3
    assert table.speaker_named("nobody at all") == []


def test_select_by_search_kind_and_date(paths):
    db, cache = paths
    build_library(db, cache, market=True)
    table = _open(db, cache)
    hits = table.select(search="FERRIES night")
    assert sorted(table.texts[i] for i in hits) == [
        "the ferries would run all night",
        "the night ferries would start in May",
    ]
    assert [table.texts[i] for i in table.select(search="trust")] == ["it welcomed the plan"]
    assert len(table.select(search="told")) == 1  # the cue
    assert table.select(search="no such words") == table.select(kind="quote")
    assert len(table.select(search="no such words")) == 0
    assert len(table.select(added_since="9999")) == 0
    assert len(table.select(added_since="2000")) == len(table)


def test_the_index_is_written_and_read_back_without_the_cache(paths):
    db, cache = paths
    build_library(db, cache, market=False)
    first = _open(db, cache)
    assert claims_index_path(db).exists()
    for file in cache.iterdir():  # now only the index knows the claims
        file.unlink()
    second = _open(db, cache)
    assert second.texts == first.texts and _names(second) == _names(first)


@pytest.mark.parametrize("damage", ["missing", "garbage", "wrong-shape", "bad-rows"])
def test_a_missing_or_damaged_index_is_rebuilt(paths, damage):
    db, cache = paths
    build_library(db, cache, market=False)
    expected = _open(db, cache).texts
    path = claims_index_path(db)
    if damage == "missing":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"\x00{not json")
    elif damage == "wrong-shape":
        path.write_text(json.dumps({"format": 1, "articles": [1, 2]}))
    else:
        data = json.loads(path.read_text())
        for part in data["articles"].values():
            if part["claims"]:
                part["claims"][0] = ["x", "y"]
        path.write_text(json.dumps(data))
    table = _open(db, cache)
    if damage == "bad-rows":  # a damaged row is skipped, the rest read
        assert set(table.texts) < set(expected)
    else:
        assert table.texts == expected
        assert json.loads(path.read_text())["format"] == 1


def test_stale_parts_are_made_again(paths, monkeypatch):
    db, cache_dir = paths
    made = build_library(db, cache_dir, market=False)
    _open(db, cache_dir)
    # The article that was not analysed is analysed now: the next opening picks it up.
    pier = made[-1]
    cache = AnalysisCache(cache_dir)
    cache.put(
        pier.sha256,
        MODEL,
        analysis_of(
            pier.text,
            [Said("The pier lights were repaired overnight", "the harbour master", "", cue="said")],
        ),
    )
    table = _open(db, cache_dir)
    assert not table.not_analysed and "The pier lights were repaired overnight" in table.texts
    # Another analyser version: every part is stale; the cache has nothing for it.
    monkeypatch.setattr("margin.analysis.version.ANALYZER_VERSION", "test-next")
    table = _open(db, cache_dir)
    assert len(table) == 0 and len(table.not_analysed) == 3
    parts = claims_index.read_parts(claims_index_path(db))
    assert parts is not None and all(p["key"] == part_key(MODEL) for p in parts.values())


def test_added_and_removed_articles(paths):
    db, cache_dir = paths
    build_library(db, cache_dir, market=False)
    _open(db, cache_dir)
    store, cache = Store(db), AnalysisCache(cache_dir)
    extra = add_article(
        store,
        cache,
        "Tram plan",
        "tram.txt",
        "Ana Ruiz said trams would return.",
        [Said("trams would return", "Ana Ruiz", "Ana Ruiz", cue="said")],
    )
    assert "trams would return" in _open(db, cache_dir).texts  # picked up on opening
    store.remove_article(extra.sha256)
    table = _open(db, cache_dir)
    assert "trams would return" not in table.texts
    assert extra.sha256 not in (claims_index.read_parts(claims_index_path(db)) or {})


def test_update_and_drop_parts(paths):
    db, cache_dir = paths
    made = build_library(db, cache_dir, market=False)
    _open(db, cache_dir)
    pier = made[-1]
    part = claims_index.part_from_analysis(
        analysis_of(pier.text, [Said("The pier lights were repaired overnight")]), part_key(MODEL)
    )
    assert update_parts(db, {pier.sha256: part})
    parts = claims_index.read_parts(claims_index_path(db)) or {}
    assert parts[pier.sha256]["claims"][0][3] == "The pier lights were repaired overnight"
    assert drop_parts(db, [pier.sha256])
    assert pier.sha256 not in (claims_index.read_parts(claims_index_path(db)) or {})
    assert not drop_parts(db, [pier.sha256])  # nothing to do


def test_verdicts_come_from_the_lookup(paths):
    db, cache = paths
    made = build_library(db, cache, market=False)
    budget = made[0]
    start = budget.text.index("the ferries")

    class OneVerdict:
        def rating(self, sha256: str, s: int, e: int) -> str | None:
            return "false" if (sha256, s) == (budget.sha256, start) else None

    plain = _open(db, cache)
    assert not plain.has_verdicts and all(v is None for v in plain.verdicts)
    table = _open(db, cache, verdicts=OneVerdict())
    assert table.has_verdicts
    (hit,) = table.select(verdict="FALSE")
    assert table.claim(hit).text == "the ferries would run all night"
    assert table.claim(hit).to_json()["verdict"] == "false"


def test_a_surname_the_model_tagged_as_no_entity_joins_the_one_person(paths):
    """*Voss claimed ...* where the model saw no person: one capitalised word that ends
    exactly one person's full name joins that person; a pronoun, a common noun or a
    surname of two people stays no speaker."""
    db, cache_dir = paths
    store, cache = Store(db), AnalysisCache(cache_dir)
    add_article(store, cache, "Rail budget", "/n/rail.txt",
        "Helena Voss said rail fares would not rise. Tomas Lind said the line would reopen. "
        "Ana Lind said the station was ready.",
        [Said("rail fares would not rise", "Helena Voss", "Helena Voss", cue="said"),
         Said("the line would reopen", "Tomas Lind", "Tomas Lind", cue="said"),
         Said("the station was ready", "Ana Lind", "Ana Lind", cue="said")])  # fmt: skip
    add_article(store, cache, "Ferry", "/n/ferry.txt",
        "Voss claimed the ferry would carry more people. He said it was cheap. Lind said "
        "the port was open. Officials said tickets were sold out.",
        [Said("the ferry would carry more people", "Voss", "", cue="claimed"),
         Said("it was cheap", "He", "", cue="said"),
         Said("the port was open", "Lind", "", cue="said"),
         Said("tickets were sold out", "Officials", "", cue="said")])  # fmt: skip
    table = _open(db, cache_dir)
    assert _names(table) == {"Helena Voss": (2, 2), "Tomas Lind": (1, 1), "Ana Lind": (1, 1)}
    (voss,) = table.speaker_named("Helena Voss")
    assert {table.claim(i).text for i in table.select(speakers=[voss])} == {
        "rail fares would not rise",
        "the ferry would carry more people",
    }
    assert looks_like_a_surname("Voss") and looks_like_a_surname("McAllister")
    assert not any(map(looks_like_a_surname, ["He", "They", "officials", "NATO", "Voss's"]))
