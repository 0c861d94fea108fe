"""``margin export`` and the export API: formats, file names, safe writing, bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from export_samples import ARTICLE, EXPORTED, notes

from margin.cli import main
from margin.errors import MarginError
from margin.export import api
from margin.export import files as export_files
from margin.export.markdown import USER_MARKER
from margin.model import Article
from margin.storage.store import Store

STORY = (
    "Harbour fees to rise\n\n"
    "The port authority said fees would rise by 4% next year. Fishers object.\n"
)


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A story file with one note and one highlight in a fresh database; no spaCy."""
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    db = tmp_path / "db" / "margin.json"
    monkeypatch.setattr(export_files, "analyse", lambda article, model: (None, "no model here"))
    assert (
        main(
            [
                "notes",
                "add",
                str(story),
                "--quote",
                "fees would rise",
                "--body",
                "By how much?",
                "--tag",
                "money",
                "--colour",
                "3",
                "--db",
                str(db),
            ]
        )
        == 0
    )
    assert main(["notes", "add", str(story), "--quote", "Fishers object", "--db", str(db)]) == 0
    return story, db


def test_api_formats_and_names() -> None:
    assert set(api.FORMATS) == {"md", "json", "html", "w3c", "claimreview"}
    assert api.guess_format("a/b/Notes.MD") == "md"
    assert api.guess_format("x.markdown") == "md"
    assert api.guess_format("x.w3c.json") == "w3c"
    assert api.guess_format("x.jsonld") == "w3c"
    assert api.guess_format("x.json") == "json"
    assert api.guess_format("x.htm") == "html"
    assert api.guess_format("x.pdf") is None and api.guess_format(".md") is None
    art = Article.from_text("t", "Café: the 2024 vote — what's next?", "x")
    assert api.default_filename(art, "md") == "cafe-the-2024-vote-what-s-next-notes.md"
    assert api.default_filename(art, "w3c").endswith("-notes.jsonld")
    assert api.default_filename(Article.from_text("t", "", "x"), "html") == "article-notes.html"
    with pytest.raises(MarginError, match="unknown export format 'pdf'"):
        api.export_article(ARTICLE, [], fmt="pdf")
    with pytest.raises(MarginError, match="unknown export content"):
        api.export_article(ARTICLE, [], what="everything")


def test_write_export_is_atomic_and_reports_failures(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    assert api.write_export(target, "one") == target
    api.write_export(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]  # no temp files left behind
    with pytest.raises(MarginError, match="does not exist"):
        api.write_export(tmp_path / "missing" / "x.md", "x")
    with pytest.raises(MarginError, match="is a directory"):
        api.write_export(tmp_path, "x")
    with pytest.raises(MarginError, match="cannot write"):
        api.write_export("/proc/margin-test.md", "x")


def test_export_article_for_the_dialog_keeps_previous_markdown() -> None:
    old = api.export_article(ARTICLE, notes(), exported_at=EXPORTED) + "mine\n"
    new = api.export_article(ARTICLE, notes()[:1], previous=old)
    assert new.endswith(f"{USER_MARKER}\nmine\n")
    assert api.needs_analysis("html", "notes") and not api.needs_analysis("md", "notes")
    assert api.needs_analysis("json", "claims")


def test_export_to_stdout_is_markdown(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    story, db = setup
    assert main(["export", str(story), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith('---\ntitle: "Harbour fees to rise"\n')
    assert "> fees would rise\n\nBy how much?\n\n#money · `" in out
    assert out.endswith(USER_MARKER + "\n")


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("n.json", lambda t: json.loads(t)["format"] == "margin-export"),
        ("n.jsonld", lambda t: json.loads(t)["type"] == "AnnotationCollection"),
        ("n.html", lambda t: t.startswith("<!DOCTYPE html>") and "no model here" in t),
        ("n.markdown", lambda t: USER_MARKER in t),
    ],
)
def test_format_is_guessed_from_the_output_name(
    setup: tuple[Path, Path], name: str, check: Callable[[str], bool]
) -> None:
    story, db = setup
    out = story.parent / name
    assert main(["export", str(story), "-o", str(out), "--db", str(db)]) == 0
    assert check(out.read_text(encoding="utf-8"))


def test_claims_export_survives_a_failed_analysis(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    story, db = setup
    assert main(["export", str(story), "--what", "claims", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "_Claims unavailable: no model here._" in captured.out
    assert "warning: no model here" in captured.err


def test_reexport_over_markdown_keeps_user_notes_and_refuses_foreign_files(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    story, db = setup
    out = story.parent / "notes.md"
    assert main(["export", str(story), "-o", str(out), "--db", str(db)]) == 0
    out.write_text(out.read_text() + "my follow-up\n")
    assert main(["export", str(story), "-o", str(out), "--db", str(db)]) == 0
    assert out.read_text().endswith(f"{USER_MARKER}\nmy follow-up\n")
    foreign = story.parent / "diary.md"
    foreign.write_text("dear diary\n")
    capsys.readouterr()
    assert main(["export", str(story), "-o", str(foreign), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("margin: ") and err.count("\n") == 1 and "--force" in err
    assert foreign.read_text() == "dear diary\n"
    assert main(["export", str(story), "-o", str(foreign), "--force", "--db", str(db)]) == 0
    assert USER_MARKER in foreign.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.pdf"], "cannot tell the export format from 'x.pdf'"),
        (["-o", "/nonexistent-dir/x.md"], "does not exist"),
        (["--all"], "--all needs -o DIR"),
        ([], "give an article PATH"),
    ],
)
def test_bad_export_arguments_give_one_line(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    story, db = setup
    argv = [
        "export",
        *([] if "--all" in args or not args else [str(story)]),
        *args,
        "--db",
        str(db),
    ]
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("margin: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_missing_article_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "nope.txt"), "--db", str(tmp_path / "db.json")]) != 0
    err = capsys.readouterr().err
    assert err.startswith("margin: ") and err.count("\n") == 1


def test_export_all_writes_one_file_per_article(setup: tuple[Path, Path], tmp_path: Path) -> None:
    _story, db = setup
    other = tmp_path / "other.txt"
    other.write_text("Harbour fees to rise\n\nA second take on the same story.\n")
    store = Store(db)
    try:
        from margin.sources.loader import load_article

        store.add_article(load_article(str(other)))
    finally:
        store.close()
    out_dir = tmp_path / "exports"
    assert main(["export", "--all", "-o", str(out_dir), "--format", "json", "--db", str(db)]) == 0
    files = sorted(p.name for p in out_dir.iterdir())
    assert len(files) == 2 and all(f.startswith("harbour-fees-to-rise") for f in files)
    counts = sorted(len(json.loads((out_dir / f).read_text())["notes"]) for f in files)
    assert counts == [0, 2]


@pytest.mark.slow
def test_export_with_the_real_analysis(tmp_path: Path, nlp: object) -> None:
    """End to end with spaCy: entity marks in HTML, the claims table and entities in Markdown."""
    story = tmp_path / "story.txt"
    story.write_text(
        "Harbour fees to rise\n\n"
        "Jane Doe, the chair of the Port Authority in Dover, said on Tuesday that fees would "
        'rise by 4% next year. "We have no choice," she said.\n',
        encoding="utf-8",
    )
    db = tmp_path / "db.json"
    assert main(["notes", "add", str(story), "--quote", "fees would rise", "--db", str(db)]) == 0
    html, md = tmp_path / "n.html", tmp_path / "n.md"
    assert main(["export", str(story), "-o", str(html), "--db", str(db)]) == 0
    assert main(["export", str(story), "-o", str(md), "--what", "all", "--db", str(db)]) == 0
    page = html.read_text(encoding="utf-8")
    assert '<span class="ent-label">PERSON</span>' in page
    assert "Entity marks unavailable" not in page
    text = md.read_text(encoding="utf-8")
    assert "| Kind | Speaker | Cue | Claim |" in text
    assert "Jane Doe" in text.split("## Claims")[1]
    assert "### People" in text
