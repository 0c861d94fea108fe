"""Expanding batch inputs: folders, patterns, list files, URLs, stdin (no spaCy)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from margin.analysis.batch_inputs import Input, expand_inputs


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("A story.\n")
    (root / "b" / "c.md").write_text("# C\n\nText.\n")
    (root / "b" / "d.HTML").write_text("<p>D</p>")
    (root / "b" / "e.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "f.txt").write_text("hidden")
    (root / ".g.txt").write_text("hidden too")


def names(items) -> list[str]:
    return [i.name for i in items]


def test_folder_is_walked_for_article_types_in_sorted_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    got = list(expand_inputs([str(tmp_path)]))
    assert all(i.error is None for i in got)
    assert names(got) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "c.md"),
        str(tmp_path / "b" / "d.HTML"),
    ]


def test_folder_without_articles_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    got = list(expand_inputs([str(tmp_path / "bin")]))
    assert len(got) == 1 and got[0].name == str(tmp_path / "bin")
    assert "no .txt, .md or .html articles" in (got[0].error or "")


def test_glob_patterns_expand_sorted_and_unmatched_is_an_error(tmp_path: Path) -> None:
    _tree(tmp_path)
    (tmp_path / "z.txt").write_text("Z\n")
    got = list(expand_inputs([str(tmp_path / "*.txt"), str(tmp_path / "**" / "*.md")]))
    assert names(got) == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "z.txt"),
        str(tmp_path / "b" / "c.md"),
    ]
    missing = list(expand_inputs([str(tmp_path / "nothing-*.txt")]))
    assert missing == [Input(str(tmp_path / "nothing-*.txt"), "no file matches this pattern")]


def test_pattern_matching_a_folder_walks_it(tmp_path: Path) -> None:
    _tree(tmp_path)
    got = list(expand_inputs([str(tmp_path / "[b]")]))
    assert names(got) == [str(tmp_path / "b" / "c.md"), str(tmp_path / "b" / "d.HTML")]


def test_missing_files_urls_and_stdin_pass_through_for_loading(tmp_path: Path) -> None:
    args = [str(tmp_path / "gone.txt"), "https://example.org/a", "-", "ftp://x/y"]
    assert list(expand_inputs(args)) == [Input(a) for a in args]


def test_from_file_lines_are_expanded_like_arguments(tmp_path: Path, monkeypatch) -> None:
    _tree(tmp_path)
    listing = tmp_path / "list.txt"
    listing.write_text(
        "# a comment\n\n  b  \nhttps://example.org/x\nmissing.txt\n*.txt\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    got = list(expand_inputs([], [str(listing)]))
    assert names(got) == [
        os.path.join("b", "c.md"),
        os.path.join("b", "d.HTML"),
        "https://example.org/x",
        "missing.txt",
        "a.txt",
        "list.txt",
    ]


def test_from_stdin_and_unreadable_or_binary_lists(tmp_path: Path) -> None:
    stdin = io.BytesIO(b"https://example.org/1\nhttps://example.org/2\n")
    assert names(expand_inputs([], ["-"], stdin=stdin)) == [
        "https://example.org/1",
        "https://example.org/2",
    ]
    gone = list(expand_inputs([], [str(tmp_path / "nope.list")]))
    assert gone == [Input(str(tmp_path / "nope.list"), "cannot read this list: no such file")]
    binary = tmp_path / "x.list"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    got = list(expand_inputs([], [str(binary)]))
    assert len(got) == 1 and "looks like a binary file" in (got[0].error or "")


def test_expansion_is_lazy(tmp_path: Path) -> None:
    """A stream of inputs is taken one at a time (nothing reads ahead the whole list)."""

    def endless():
        n = 0
        while True:
            n += 1
            yield f"https://example.org/{n}"

    lines = endless()
    stream = expand_inputs(lines)
    first = [next(stream).name for _ in range(3)]
    assert first == [f"https://example.org/{n}" for n in (1, 2, 3)]


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_unreadable_subfolder_is_reported_and_the_rest_walked(tmp_path: Path) -> None:
    _tree(tmp_path)
    locked = tmp_path / "b"
    locked.chmod(0)
    try:
        got = list(expand_inputs([str(tmp_path)]))
    finally:
        locked.chmod(0o755)
    assert str(tmp_path / "a.txt") in names(got)
    assert any(i.error and "cannot list this folder" in i.error for i in got)
