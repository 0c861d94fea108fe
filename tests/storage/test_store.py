"""The notes store: library, notes, tags, undo, re-anchoring on open (storage.store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from margin.errors import MarginError
from margin.model import Article
from margin.storage.paths import default_db_path, notes_dir, text_path
from margin.storage.schema import SCHEMA_VERSION
from margin.storage.store import Store, StoreError, normalize_tags

STORY = (
    "Ferry fares will rise by a fifth from June, the island transport board said on Friday.\n\n"
    "Board chair Ana Ruiz said the increase was needed to replace two ageing boats. "
    '"We cannot keep patching hulls from the 1980s," she said.\n\n'
    "Commuters' group Tide Watch called the rise unfair and said it would seek a review."
)


def story(
    text: str = STORY, source: str = "/news/ferry.txt", title: str = "Ferry fares"
) -> Article:
    return Article.from_text(text, title, source)


def span(text: str, quote: str) -> tuple[int, int]:
    i = text.index(quote)
    return i, i + len(quote)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "db" / "margin.json")


def test_default_db_path_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MARGIN_DB", str(tmp_path / "env.json"))
    assert default_db_path("~/x.json") == Path.home() / "x.json"
    assert default_db_path(None) == tmp_path / "env.json"
    monkeypatch.delenv("MARGIN_DB")
    path = default_db_path()
    assert path.name == "margin.json" and "margin" in path.parent.name


def test_store_uses_margin_db_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MARGIN_DB", str(tmp_path / "here.json"))
    s = Store()
    assert s.path == tmp_path / "here.json"
    assert json.loads(s.path.read_text())["meta"]["schema"]["version"] == SCHEMA_VERSION


def test_library_add_open_list(store: Store) -> None:
    a = story()
    entry = store.add_article(a)
    assert entry.sha256 == a.sha256 and entry.title == "Ferry fares" and entry.note_count == 0
    assert store.article_text(a.sha256) == a.text
    assert text_path(store.path, a.sha256).read_text() == a.text
    b = story("Another piece entirely, about tides.", "/news/tides.txt", "Tides")
    store.add_article(b)
    assert [e.sha256 for e in store.articles()] == [b.sha256, a.sha256]
    again = store.add_article(a)  # re-opened: first again, added time kept
    assert again.added == entry.added and again.opened > entry.opened
    assert [e.sha256 for e in store.articles()] == [a.sha256, b.sha256]
    assert store.get_article(b.sha256).title == "Tides"
    assert store.get_article("0" * 64) is None


def test_find_article_by_source_path_or_sha_prefix(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "piece.txt"
    f.write_text(STORY)
    a = story(source=str(f.resolve()))
    store.add_article(a)
    assert store.find_article(str(f.resolve())).sha256 == a.sha256
    assert store.find_article(str(tmp_path / "." / "piece.txt")).sha256 == a.sha256
    assert store.find_article(a.sha256[:8]).sha256 == a.sha256
    assert store.find_article(a.sha256[:8].upper()).sha256 == a.sha256
    assert store.find_article("nothing-like-it") is None
    assert store.find_article("") is None


def test_note_round_trip_with_tags_and_colour(store: Store) -> None:
    a = story()
    store.add_article(a)
    note = store.new_note(
        a, *span(a.text, "Ana Ruiz"), body="Check her title", tags=["#people", " People ", "to do"]
    )
    assert note.tags == ("people", "to-do")
    assert note.anchor.exact == "Ana Ruiz" and note.created == note.updated
    store.add_note(note)
    fresh = Store(store.path)  # another process / a restart
    [got] = fresh.notes(a.sha256)
    assert got == note
    assert fresh.get_article(a.sha256).note_count == 1
    assert fresh.articles()[0].note_count == 1


def test_new_note_rejects_bad_spans_and_colours(store: Store) -> None:
    a = story()
    with pytest.raises(StoreError):
        store.new_note(a, 5, 5)
    with pytest.raises(StoreError):
        store.new_note(a, 0, len(a.text) + 1)
    with pytest.raises(StoreError):
        store.new_note(a, 0, 4, colour=6)
    assert isinstance(StoreError("x"), MarginError)


def test_highlight_is_note_without_body(store: Store) -> None:
    a = story()
    h = store.add_note(store.new_note(a, *span(a.text, "Tide Watch"), colour=3))
    assert h.is_highlight and h.colour == 3
    assert store.notes()[0].is_highlight


def test_update_bumps_updated_and_keeps_created(store: Store) -> None:
    a = story()
    note = store.add_note(store.new_note(a, *span(a.text, "a fifth"), body="25%?"))
    edited = store.update_note(note.with_(body="20%: check the board's figures", tags=("fact",)))
    assert edited.updated > note.updated and edited.created == note.created
    [got] = Store(store.path).notes()
    assert got.body == "20%: check the board's figures" and got.tags == ("fact",)


def test_delete_and_undo_restore_same_id(store: Store) -> None:
    a = story()
    keep = store.add_note(store.new_note(a, *span(a.text, "Friday"), body="date"))
    gone = store.add_note(store.new_note(a, *span(a.text, "unfair"), body="quote it"))
    removed = store.delete_note(gone)
    assert removed == gone
    assert [n.id for n in store.notes()] == [keep.id]
    store.restore_note(removed)
    assert {n.id for n in store.notes()} == {keep.id, gone.id}
    assert store.delete_note(gone.id).id == gone.id  # by id too
    with pytest.raises(StoreError, match="no note"):
        store.delete_note(gone.id)


def test_get_note_by_id_or_unique_prefix(store: Store) -> None:
    a = story()
    n = store.add_note(store.new_note(a, 0, 5))
    assert store.get_note(n.id) == n
    assert store.get_note(n.id[:6]) == n
    assert store.get_note(n.id[:6].upper()) == n
    assert store.get_note("abc") is None  # too short to be a prefix
    assert store.get_note("ffffffffffff") is None or store.get_note("ffffffffffff").id == n.id
    m = store.add_note(store.new_note(a, 6, 10).with_(id=n.id[:5] + "0" * 27))
    with pytest.raises(StoreError, match="matches 2 notes"):
        store.get_note(n.id[:5])
    assert store.get_note(m.id) == m


def test_tag_filter_needs_every_tag_case_insensitively(store: Store) -> None:
    a = story()
    one = store.add_note(store.new_note(a, 0, 5, tags=["Fact", "money"]))
    store.add_note(store.new_note(a, 6, 10, tags=["fact"]))
    store.add_note(store.new_note(a, 11, 15))
    assert len(store.notes(tags=["fact"])) == 2
    assert [n.id for n in store.notes(tags=["FACT", "#money"])] == [one.id]
    assert store.notes(tags=["nope"]) == []


def test_notes_listing_in_reading_order(store: Store) -> None:
    a = story()
    late = store.add_note(store.new_note(a, *span(a.text, "Tide Watch")))
    early = store.add_note(store.new_note(a, *span(a.text, "Ferry fares")))
    assert [n.id for n in store.notes(a.sha256)] == [early.id, late.id]


def test_notes_for_reanchors_persists_and_puts_orphans_last(store: Store) -> None:
    a = story()
    store.add_article(a)
    moved = store.add_note(store.new_note(a, *span(a.text, "Tide Watch"), body="who are they"))
    orphan = store.add_note(
        store.new_note(a, *span(a.text, "two ageing boats"), body="which boats?")
    )
    first = store.add_note(store.new_note(a, *span(a.text, "Ferry fares will rise")))
    new_text = "UPDATE: " + a.text.replace("to replace two ageing boats", "for repairs")
    b = story(new_text)
    store.add_article(b)  # the source changed: its notes move to the new version
    result = store.notes_for(b)
    assert [n.id for n in result] == [first.id, moved.id, orphan.id]
    by_id = {n.id: n for n in result}
    assert by_id[moved.id].status == "moved"
    assert new_text[by_id[moved.id].anchor.start : by_id[moved.id].anchor.end] == "Tide Watch"
    assert by_id[orphan.id].status == "orphaned"
    assert by_id[orphan.id].anchor == orphan.anchor  # never rewritten
    assert by_id[orphan.id].body == "which boats?"
    # the moved anchor was saved; the orphan's was not touched
    saved = {n.id: n for n in Store(store.path).notes(b.sha256)}
    assert saved[moved.id].anchor.start == new_text.index("Tide Watch")
    assert saved[orphan.id].anchor == orphan.anchor
    assert saved[moved.id].updated == moved.updated  # re-anchoring is not an edit


def test_changed_source_moves_notes_to_new_version(store: Store) -> None:
    a = story()
    store.add_article(a)
    kept = store.add_note(store.new_note(a, *span(a.text, "Ana Ruiz"), body="chair since 2019?"))
    lost = store.add_note(store.new_note(a, *span(a.text, "seek a review"), body="which body?"))
    b = story(a.text.replace("would seek a review", "would go to court") + "\n\nCorrection: fixed.")
    entry = store.add_article(b)
    assert entry.note_count == 2
    assert [e.sha256 for e in store.articles()] == [b.sha256]  # the old version is gone
    notes = store.notes_for(b)
    assert {n.id for n in notes} == {kept.id, lost.id}  # nothing dropped
    assert all(n.article == b.sha256 for n in notes)
    assert notes[-1].id == lost.id and notes[-1].orphaned
    assert not (notes_dir(store.path) / f"{a.sha256}.json").exists()
    assert store.notes(a.sha256) == []


def test_stdin_articles_never_share_notes(store: Store) -> None:
    a = story(source="<stdin>")
    store.add_article(a)
    note = store.add_note(store.new_note(a, 0, 5))
    b = story("Something else from a pipe.", source="<stdin>")
    store.add_article(b)
    assert [n.id for n in store.notes(a.sha256)] == [note.id]
    assert len(store.articles()) == 2


def test_remove_article_keeps_notes_unless_asked(store: Store) -> None:
    a = story()
    store.add_article(a)
    note = store.add_note(store.new_note(a, 0, 5))
    store.remove_article(a.sha256)
    assert store.articles() == []
    assert [n.id for n in store.notes()] == [note.id]
    store.add_article(a)
    assert store.articles()[0].note_count == 1
    store.remove_article(a.sha256, delete_notes=True)
    assert store.notes() == [] and store.articles() == []


def test_import_notes_is_idempotent(store: Store, tmp_path: Path) -> None:
    a = story()
    notes = [store.new_note(a, i, i + 4, body=f"n{i}") for i in (0, 10, 20)]
    other = Store(tmp_path / "other.json")
    other.add_note(notes[0])
    assert other.import_notes(notes) == 2
    assert other.import_notes(notes) == 0
    assert {n.id for n in other.notes()} == {n.id for n in notes}


def test_two_databases_in_one_folder_keep_separate_notes(tmp_path: Path) -> None:
    a = story()
    one, two = Store(tmp_path / "one.json"), Store(tmp_path / "two.json")
    one.add_note(one.new_note(a, 0, 5))
    assert two.notes() == [] and len(one.notes()) == 1


def test_normalize_tags() -> None:
    assert normalize_tags(["#a", "A", " b c ", "", "#"]) == ("a", "b-c")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 40)), min_size=1, max_size=8),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 30), st.text("xyz .", max_size=30)),
        max_size=5,
    ),
)
def test_no_note_is_ever_dropped(
    tmp_path_factory: pytest.TempPathFactory,
    spans: list[tuple[int, int]],
    edits: list[tuple[int, int, str]],
) -> None:
    s = Store(tmp_path_factory.mktemp("p") / "m.json")
    a = story()
    ids = set()
    for pos, length in spans:
        start = pos % (len(a.text) - 1)
        end = min(len(a.text), start + length)
        ids.add(s.add_note(s.new_note(a, start, end)).id)
    text = a.text
    for pos, length, ins in edits:
        pos %= len(text) + 1
        text = text[:pos] + ins + text[pos + length :]
    b = story(text)
    s.add_article(a)
    s.add_article(b)  # same source: notes move and re-anchor
    got = s.notes_for(b)
    assert {n.id for n in got} == ids
    assert {n.id for n in s.notes_for(b)} == ids  # and again, after the saved re-anchoring
    for n in got:
        if not n.orphaned:
            assert text[n.anchor.start : n.anchor.end] == n.anchor.exact
