"""Terminal escape injection on the command line: every command's output (read as bytes, not
a terminal) holds no ESC, no C0 but tab and newline, no C1, no bidi or zero-width character,
whatever the article, the notes, an import or a file name carry; ``--format json`` escapes
them (``\\u009b``) and still reads back the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile import (
    C1_CSI,
    OSC0,
    OSC52,
    TMUX,
    assert_bytes_clean,
    hostile_analysis,
    hostile_notes,
    write_sources,
)

from margin.cli import main
from margin.errors import ModelError
from margin.export.api import export_article
from margin.sources.loader import load_article


def run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes, bytes]:
    """Run ``margin ARGV``; its exit status, stdout and stderr, each checked to be clean."""
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    assert_bytes_clean(out)
    assert_bytes_clean(err)
    return code, out, err


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    return write_sources(tmp_path)


@pytest.fixture
def cached(sources: dict[str, Path]) -> dict[str, Path]:
    """The hostile articles with their (hand-made) analysis in the cache: no spaCy needed."""
    from margin.analysis.cache import AnalysisCache
    from margin.analysis.pipeline import installed_model_id, resolve_model_name

    try:
        model_id = installed_model_id(resolve_model_name(None))
    except ModelError:
        pytest.skip("no spaCy model installed to key the analysis cache")
    assert model_id is not None
    cache = AnalysisCache()
    for path in sources.values():
        article = load_article(str(path))
        assert cache.put(article.sha256, model_id, hostile_analysis(article))
    return sources


def test_analyze_text_and_json(cached: dict[str, Path], capsysbinary) -> None:
    code, out, _ = run(capsysbinary, "analyze", str(cached["txt"]), "--format", "text")
    text = out.decode()
    assert code == 0 and "␛]52;c;" in text and "Jane⟨U+202E⟩evil" in text
    code, out, _ = run(
        capsysbinary, "analyze", str(cached["txt"]), str(cached["html"]), "--format", "json"
    )
    records = [json.loads(line) for line in out.decode().splitlines()]
    assert code == 0 and len(records) == 2
    assert "\\u009b" in out.decode() and "\\u202e" in out.decode()
    quote = records[0]["claims"][0]
    assert OSC52 in quote["content"]["text"]  # lossless: the escapes read back as written
    assert quote["speaker"]["text"].startswith("Jane\u202eevil")


def test_import_notes_and_export(sources: dict[str, Path], tmp_path: Path, capsysbinary) -> None:
    article = load_article(str(sources["txt"]))
    crafted = tmp_path / f"crafted{OSC0}.json"
    crafted.write_text(
        export_article(article, hostile_notes(article), fmt="json", what="all"), encoding="utf-8"
    )
    code, out, _ = run(capsysbinary, "import", str(crafted))
    assert code == 0 and b"added 3 notes" in out

    code, out, _ = run(capsysbinary, "notes")
    text = out.decode()
    assert code == 0 and "Mayor⟨U+200B⟩⟨U+FEFF⟩ promises" in text
    assert "#tag⟨U+009B⟩2j" in text and "Check␛]52;c;" in text and "orphaned" in text
    assert "n3⟨U+009B⟩2J␛]5 " in text  # an imported note id (its first 8 characters)
    code, out, _ = run(capsysbinary, "notes", str(sources["txt"]))
    assert code == 0 and "␛[2J␛[3Jsecond line⟨U+202E⟩" in out.decode()
    code, out, _ = run(capsysbinary, "notes", "--format", "json")
    notes = json.loads(out)
    assert code == 0 and any(OSC52 in n["body"] for n in notes)

    code, out, _ = run(
        capsysbinary,
        "notes", "add", str(sources["txt"]), "--quote", "Residents said",
        "--body", f"mine{TMUX}", "--tag", f"t{C1_CSI}",
    )  # fmt: skip
    assert code == 0 and "added note" in out.decode() and "“Mayor⟨U+200B⟩" in out.decode()
    note_id = out.decode().split()[2]
    code, _, err = run(
        capsysbinary, "notes", "add", str(sources["txt"]), "--quote", f"absent{OSC52}"
    )
    assert code != 0 and "quote not found in “Mayor⟨U+200B⟩" in err.decode()

    for fmt in ("md", "json", "html", "w3c"):
        code, out, _ = run(capsysbinary, "export", str(sources["txt"]), "--format", fmt)
        assert code == 0 and out
    code, _, err = run(
        capsysbinary, "export", str(sources["txt"]), "-o", str(tmp_path / f"out{OSC0}.md")
    )
    assert code == 0 and "on 'Mayor⟨U+200B⟩" in err.decode() and "out␛]0;" in err.decode()
    code, _, err = run(capsysbinary, "export", "--all", "-o", str(tmp_path / f"all{OSC52}"))
    assert code == 0 and "all␛]52" in err.decode()

    code, out, _ = run(capsysbinary, "notes", "rm", note_id)
    assert code == 0 and "removed note" in out.decode()


def test_errors_that_quote_a_file_name(tmp_path: Path, capsysbinary) -> None:
    missing = str(tmp_path / f"missing{OSC52}\u202e.txt")
    for argv in ([missing], ["analyze", missing], ["notes", missing], ["import", missing]):
        code, _, err = run(capsysbinary, *argv)
        assert code != 0 and "missing␛]52" in err.decode(), argv
