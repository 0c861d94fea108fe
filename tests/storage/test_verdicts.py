"""Verdicts on claims: stored like notes (journal, atomic folds, corrupt files moved aside),
re-anchored like notes, one per claim content, orphans kept (storage.verdicts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from margin.errors import MarginError
from margin.model import Article
from margin.storage.store import Store
from margin.storage.verdict_config import VerdictScale, check_link, load_verdict_config
from margin.storage.verdict_model import Verdict, match_span
from margin.storage.verdicts import LibraryVerdicts, verdicts_dir

STORY = (
    "The harbour council met on Tuesday to discuss the new ferry timetable.\n\n"
    'Councillor Mara Quill said the crossing "carries nine hundred people a day" and that '
    "fares had not risen in a decade.\n\n"
    "Residents said the evening boats were often late."
)
SCALE = VerdictScale()


def story(text: str = STORY, source: str = "/news/harbour.txt") -> Article:
    return Article.from_text(text, "Harbour council", source)


def span(text: str, quote: str) -> tuple[int, int]:
    i = text.index(quote)
    return i, i + len(quote)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "db" / "margin.json")


CLAIM = "carries nine hundred people a day"


def test_set_read_edit_clear(store: Store) -> None:
    a = story()
    store.add_article(a)
    v = store.verdicts.set(
        a, *span(a.text, CLAIM), "Mostly  TRUE", scale=SCALE, reasoning="Port *figures*: 870.",
        links=["https://example.org/port-stats", "  "],
    )  # fmt: skip
    assert v.rating == "mostly true" and v.links == ("https://example.org/port-stats",)
    (got,) = store.verdicts.verdicts_for(a)
    assert got == v and got.status == "anchored" and got.reasoning == "Port *figures*: 870."
    # Setting again on the same claim content changes that verdict: same id, same creation.
    again = store.verdicts.set(a, *span(a.text, CLAIM), "false", scale=SCALE)
    assert again.id == v.id and again.created == v.created and again.updated >= v.updated
    (got,) = store.verdicts.verdicts_for(a)
    assert got.rating == "false" and got.reasoning == "" and got.links == ()
    gone = store.verdicts.clear(got)
    assert gone.id == v.id and store.verdicts.verdicts_for(a) == []
    with pytest.raises(MarginError):
        store.verdicts.clear(got)


def test_removing_an_article_treats_its_verdicts_as_its_notes(store: Store) -> None:
    """Kept (and back with the entry, as undo puts it) unless removed with the notes: then
    both are deleted."""
    a = story()
    store.add_article(a)
    note = store.add_note(store.new_note(a, 0, 11, body="Which council?"))
    verdict = store.verdicts.set(a, *span(a.text, CLAIM), "false", scale=SCALE)
    (entry,) = store.articles()
    store.remove_article(a.sha256)
    assert store.articles() == []
    assert store.verdict_count(a.sha256) == 1 and [n.id for n in store.notes()] == [note.id]
    store.put_entry(entry)  # the library's undo
    assert store.verdicts.verdicts_for(a) == [verdict] and len(store.notes_for(a)) == 1
    store.remove_article(a.sha256, delete_notes=True)
    assert store.notes() == [] and store.verdict_count(a.sha256) == 0
    assert list(store.verdicts.all()) == [] and store.verdicts.articles() == []
    store.add_article(a)  # read again: nothing comes back
    assert store.verdicts.verdicts_for(a) == [] and store.notes_for(a) == []


def test_one_verdict_per_claim_but_several_per_article(store: Store) -> None:
    a = story()
    store.verdicts.set(a, *span(a.text, CLAIM), "true", scale=SCALE)
    store.verdicts.set(a, *span(a.text, "the evening boats were often late"), "mixed", scale=SCALE)
    store.verdicts.set(a, *span(a.text, CLAIM), "misleading", scale=SCALE)
    ratings = [v.rating for v in store.verdicts.verdicts_for(a)]
    assert ratings == ["misleading", "mixed"]


def test_unknown_rating_and_bad_links_are_refused_with_nothing_saved(store: Store) -> None:
    a = story()
    with pytest.raises(MarginError, match=r"unknown rating 'pants on fire'.*mostly true"):
        store.verdicts.set(a, *span(a.text, CLAIM), "pants on fire", scale=SCALE)
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a", "https://",
                "https://ex ample.org", "https://example.org/\x1b[2J"):  # fmt: skip
        with pytest.raises(MarginError, match="not an http or https link"):
            store.verdicts.set(a, *span(a.text, CLAIM), "true", scale=SCALE, links=[bad])
    assert store.verdicts.verdicts_for(a) == []
    assert check_link(" http://Example.org/a?b=1 ") == "http://Example.org/a?b=1"


def test_a_save_is_one_journal_line_and_opening_folds_it(store: Store) -> None:
    a = story()
    store.verdicts.set(a, *span(a.text, CLAIM), "true", scale=SCALE)
    folder = verdicts_dir(store.path)
    journal = folder / f"{a.sha256}.journal"
    assert len(journal.read_bytes().splitlines()) == 1
    assert not (folder / f"{a.sha256}.json").exists()
    store.verdicts.verdicts_for(a)
    assert not journal.exists()
    data = json.loads((folder / f"{a.sha256}.json").read_text())
    assert [d["rating"] for d in data["verdicts"].values()] == ["true"]
    # A line cut short by a crash is skipped; the verdicts before it are intact.
    with journal.open("ab") as f:
        f.write(b'{"put": {"x": {"id": "x", "art')
    assert [v.rating for v in Store(store.path).verdicts.verdicts_for(a)] == ["true"]


def test_reanchored_after_the_text_changes_and_orphan_kept(store: Store) -> None:
    a = story()
    store.add_article(a)
    v = store.verdicts.set(a, *span(a.text, CLAIM), "false", scale=SCALE)
    edited = story("A short update.\n\n" + STORY.replace("nine hundred", "nine-hundred"))
    store.add_article(edited)  # same source: the verdicts move to the new version
    (moved,) = store.verdicts.verdicts_for(edited)
    assert moved.id == v.id and moved.status == "fuzzy" and moved.article == edited.sha256
    assert edited.text[moved.anchor.start : moved.anchor.end] == CLAIM.replace(
        "nine hundred", "nine-hundred"
    )
    # The moved anchor was saved: reading again finds it where it is, exactly.
    (again,) = Store(store.path).verdicts.verdicts_for(edited)
    assert again.status == "anchored" and again.span == moved.span
    # A text without the passage: the verdict is kept, orphaned, anchor untouched.
    gutted = story("Residents said the evening boats were often late.")
    store.add_article(gutted)
    (orphan,) = store.verdicts.verdicts_for(gutted)
    assert orphan.orphaned and orphan.id == v.id and orphan.anchor == again.anchor
    assert orphan.rating == "false"
    assert [x.id for x in store.verdicts.all()] == [v.id]


def test_corrupt_verdict_file_is_moved_aside_with_a_warning(store: Store) -> None:
    a = story()
    store.verdicts.set(a, *span(a.text, CLAIM), "true", scale=SCALE)
    store.verdicts.verdicts_for(a)  # folded into the base file
    base = verdicts_dir(store.path) / f"{a.sha256}.json"
    base.write_text('{"verdicts": {"x": ')
    fresh = Store(store.path)
    assert fresh.verdicts.verdicts_for(a) == []
    aside = list(base.parent.glob(f"{a.sha256}.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"verdicts": {"x": '
    assert any("could not be read" in w for w in fresh.warnings)
    # Saving again starts a new file; the damaged one stays aside for repair.
    fresh.verdicts.set(a, *span(a.text, CLAIM), "mixed", scale=SCALE)
    assert [v.rating for v in fresh.verdicts.verdicts_for(a)] == ["mixed"]
    assert aside[0].exists()


def test_malformed_verdict_is_skipped_with_a_warning_not_dropped(store: Store) -> None:
    a = story()
    v = store.verdicts.set(a, *span(a.text, CLAIM), "true", scale=SCALE)
    folder = verdicts_dir(store.path)
    bad = {**v.to_dict(), "id": "bad", "links": ["javascript:alert(1)"]}
    (folder / f"{a.sha256}.journal").open("a").write(json.dumps({"put": {"bad": bad}}) + "\n")
    fresh = Store(store.path)
    assert [x.id for x in fresh.verdicts.verdicts_for(a)] == [v.id]
    assert any("verdict could not be read" in w for w in fresh.warnings)
    assert "bad" in fresh.verdicts.raw(a.sha256)  # still on disk, for the user to fix


def test_read_only_store_refuses_to_save(store: Store, tmp_path: Path) -> None:
    a = story()
    store.read_only = True
    with pytest.raises(MarginError, match="not writable"):
        store.verdicts.set(a, *span(a.text, CLAIM), "true", scale=SCALE)


def test_import_skips_known_ids_and_taken_claims(store: Store) -> None:
    a = story()
    mine = store.verdicts.set(a, *span(a.text, CLAIM), "true", scale=SCALE)
    other = Verdict.from_dict({**mine.to_dict(), "id": "f" * 32, "rating": "false"})
    late = store.verdicts.set(a, *span(a.text, "often late"), "mixed", scale=SCALE)
    store.verdicts.clear(late)
    assert store.verdicts.import_verdicts([mine, other, late]) == (1, 2)
    assert {v.rating for v in store.verdicts.verdicts_for(a)} == {"true", "mixed"}


def test_match_span_exact_then_overlap_never_orphans(tmp_path: Path) -> None:
    a = story()
    s, e = span(a.text, CLAIM)
    v = Verdict.from_dict(
        {"id": "1", "article": a.sha256, "rating": "true",
         "anchor": {"exact": CLAIM, "start": s, "end": e}}
    )  # fmt: skip
    assert match_span([v], s, e) is v
    assert match_span([v], s - 4, e) is v  # the content's edge moved by a word
    assert match_span([v], s, s + 6) is None  # another, shorter claim
    assert match_span([v.with_(status="orphaned")], s, e) is None
    lookup = LibraryVerdicts(Store(tmp_path / "empty" / "margin.json").verdicts)
    assert lookup.rating(a.sha256, s, e) is None


def test_library_lookup_reads_each_article_once(store: Store) -> None:
    a = story()
    s, e = span(a.text, CLAIM)
    store.verdicts.set(a, s, e, "false", scale=SCALE)
    lookup = LibraryVerdicts(store.verdicts)
    assert lookup.rating(a.sha256, s, e) == "false"
    assert lookup.rating(a.sha256, 0, 10) is None
    store.verdicts.set(a, s, e, "true", scale=SCALE)
    assert lookup.rating(a.sha256, s, e) == "false"  # cached until told
    lookup.forget(a.sha256)
    assert lookup.rating(a.sha256, s, e) == "true"


def test_scale_positions_and_config(tmp_path: Path) -> None:
    assert SCALE.labels[0] == "unverified" and SCALE.default == "unverified"
    assert SCALE.position("true") == 6 and SCALE.position("unsupported") == 1
    assert SCALE.position("unverified") is None and SCALE.best == 6 and SCALE.worst == 1
    path = tmp_path / "config.toml"
    path.write_text(
        '[verdicts]\nscale = ["Correct", "Wrong"]\nunrated = []\ndefault = "wrong"\n'
        'reviewer = "Desk  Two"\nreviewer_url = "https://desk.example/"\n'
        'reviewer_type = "Organization"\n'
    )
    config = load_verdict_config(path)
    assert config.warnings == []
    assert config.scale.labels == ("Correct", "Wrong") and config.scale.default == "Wrong"
    assert config.reviewer.name == "Desk Two" and config.reviewer.type == "Organization"
    assert config.reviewer.configured and config.reviewer.url == "https://desk.example/"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('scale = "true"', "must be a list"),
        ('scale = ["true", "TRUE"]', "repeats a rating"),
        ("scale = []", "scale is empty"),
        ('scale = ["a\\u001b[2Jb"]', "unusable rating"),
        ('default = "pants on fire"', "default 'pants on fire' is not a rating"),
        ('reviewer = "Ana"\nreviewer_url = "javascript:x"', "not an http or https link"),
        ('reviewer = "Ana"\nreviewer_type = "Robot"', "Person or Organization"),
    ],
)
def test_bad_config_is_one_warning_and_the_default(
    tmp_path: Path, table: str, message: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f"[verdicts]\n{table}\n")
    config = load_verdict_config(path)
    assert any(message in w for w in config.warnings), config.warnings
    assert config.scale.labels  # usable whatever went wrong
    if "scale" in table:
        assert config.scale == VerdictScale()
