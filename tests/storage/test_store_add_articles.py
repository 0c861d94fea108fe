"""Adding many articles to the library at once (Store.add_articles, used by `margin add`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from margin.model import Article
from margin.storage.store import KeyedTable, Store


def article(n: int, *, version: str = "", source: str | None = None) -> Article:
    text = f"Story {n}{version}: the harbour board met on day {n} and voted to build a wall.\n"
    return Article.from_text(text, f"Story {n}", source or f"/news/{n}.txt")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "db" / "margin.json")


def test_rows_and_texts_of_a_group(store: Store) -> None:
    group = [article(n) for n in range(5)]
    entries = store.add_articles(group)
    assert [e.sha256 for e in entries] == [a.sha256 for a in group]
    assert {e.sha256 for e in store.articles()} == {a.sha256 for a in group}
    assert store.article_keys() == {a.sha256 for a in group}
    for a in group:
        assert store.article_text(a.sha256) == a.text
        assert store.get_article(a.sha256).source == a.source  # type: ignore[union-attr]


def test_one_library_write_per_group(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A group costs one rewrite of the library file, not one per article."""
    calls: list[int] = []
    real = KeyedTable.put

    def counting(self, docs, remove=()):  # type: ignore[no-untyped-def]
        calls.append(len(docs))
        return real(self, docs, remove)

    monkeypatch.setattr(KeyedTable, "put", counting)
    store.add_articles([article(n) for n in range(40)])
    assert calls == [40]


def test_same_as_adding_one_by_one_including_a_newer_version(store: Store, tmp_path) -> None:
    """The rule for a new version of a source (its notes move, the old row goes) holds in a
    group as it does for one article."""
    old = article(1)
    old_entry = store.add_article(old)
    note = store.add_note(store.new_note(old, 0, 5, body="check"))
    newer = article(1, version=" (updated)")
    store.add_articles([newer, article(2), article(2)])
    keys = store.article_keys()
    assert old.sha256 not in keys and newer.sha256 in keys and article(2).sha256 in keys
    moved = store.notes(newer.sha256)
    assert [n.id for n in moved] == [note.id]
    assert store.get_article(newer.sha256).added == old_entry.added  # type: ignore[union-attr]
    one_by_one = Store(tmp_path / "other" / "margin.json")
    one_by_one.add_article(old)
    for a in (newer, article(2)):
        one_by_one.add_article(a)
    assert one_by_one.article_keys() == keys


def test_already_there_keeps_its_added_date(store: Store) -> None:
    first = store.add_articles([article(7)])[0]
    again = store.add_articles([article(7), article(8)])[0]
    assert again.added == first.added
    assert again.opened >= first.opened


def _library_file(store: Store) -> dict:
    """The library's entries as written in its file."""
    return json.loads(store.path.read_text(encoding="utf-8"))["articles"]


def test_added_but_not_opened_has_no_opened_time_and_lists_after_those_read(
    store: Store,
) -> None:
    read = store.add_article(article(1))  # the reader opens it
    two = store.add_articles([article(2)], opened=False)[0]  # margin add, later
    three = store.add_articles([article(3)], opened=False)[0]
    assert read.opened and two.opened == "" and three.opened == ""
    assert read.added < two.added < three.added
    # never opened: after every article read, the most recently added first among them
    assert [e.title for e in store.articles()] == ["Story 1", "Story 3", "Story 2"]
    assert _library_file(store)[article(2).sha256]["opened"] == ""
    opened = store.add_article(article(2))  # opened at last
    assert opened.opened > read.opened
    assert [e.title for e in store.articles()] == ["Story 2", "Story 1", "Story 3"]
    again = store.add_articles([article(2)], opened=False)[0]  # margin add again: kept
    assert again.opened == opened.opened


def test_a_newer_version_added_keeps_the_older_ones_opening(store: Store) -> None:
    old = store.add_article(article(5))
    newer = store.add_articles([article(5, version=" (updated)")], opened=False)[0]
    assert newer.opened == old.opened and newer.sha256 != old.sha256


def test_an_older_library_without_opened_times_stays_readable(store: Store) -> None:
    """Entries written with ``opened`` missing or null read as never opened."""
    store.add_articles([article(1), article(2)])
    data = json.loads(store.path.read_text(encoding="utf-8"))
    sha1, sha2 = article(1).sha256, article(2).sha256
    del data["articles"][sha1]["opened"]
    data["articles"][sha2]["opened"] = None
    store.path.write_text(json.dumps(data), encoding="utf-8")
    entries = {e.sha256: e for e in Store(store.path).articles()}
    assert entries[sha1].opened == "" and entries[sha2].opened == ""
    assert entries[sha1].title == "Story 1" and entries[sha2].title == "Story 2"


def test_a_group_is_listed_in_the_order_it_was_given(store: Store) -> None:
    """Each article of one `margin add` has its own added time, in input order, so the
    library (most recently added first among those never opened) lists the last given first,
    as adding them one by one would, instead of an order that depends on their hashes."""
    group = [article(n) for n in range(6)]
    entries = store.add_articles(group, opened=False)
    added = [e.added for e in entries]
    assert added == sorted(added) and len(set(added)) == len(added)
    assert [e.sha256 for e in store.articles()] == [a.sha256 for a in reversed(group)]
