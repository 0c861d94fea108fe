"""``margin add``: every kind of input, one line per input, the exit status, the library and
the cache the reader uses, reruns that skip what is done (in this process: ``--jobs 1``)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from batch_helpers import cache_files, closed_port_url, serve, story, write_corpus

from margin.analysis.cache import AnalysisCache
from margin.analysis.pipeline import installed_model_id, resolve_model_name
from margin.cli import main
from margin.storage.store import Store

HTML_PAGE = (
    "<html><head><title>Pier cafe closes</title></head><body><article><h1>Pier cafe closes"
    "</h1>"
    + "".join(
        f"<p>Paragraph {i}: the cafe by the pier will close in May, the owners said on "
        "Monday, blaming a rent rise of 40 percent set by the harbour trust.</p>"
        for i in range(3)
    )
    + "</article></body></html>"
)
MARKDOWN = "# Ferry fares rise\n\nFerry fares will rise by a fifth from June, the board said.\n"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line]


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """A folder of articles of each type, a folder of binaries, a glob's files, a list."""
    articles = tmp_path / "articles"
    write_corpus(articles, 2)
    (articles / "ferry.md").write_text(MARKDOWN, encoding="utf-8")
    (articles / "cafe.html").write_text(HTML_PAGE, encoding="utf-8")
    (articles / "notes.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    binaries = tmp_path / "binaries"
    binaries.mkdir()
    (binaries / "blob.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    (binaries / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    globbed = tmp_path / "globbed"
    write_corpus(globbed, 2, start=10)
    web = tmp_path / "web"
    web.mkdir()
    (web / "page.html").write_text(
        HTML_PAGE.replace("Pier cafe", "Harbour pub").replace("cafe", "pub")
    )
    return {"articles": articles, "binaries": binaries, "globbed": globbed, "web": web}


def _key_model() -> str:
    key = installed_model_id(resolve_model_name(None))
    assert key is not None
    return key


@pytest.mark.slow
def test_add_every_kind_of_input_then_rerun(nlp, inputs, tmp_path, capsys, monkeypatch):
    missing = tmp_path / "missing.txt"
    unreachable = closed_port_url()
    listing = tmp_path / "list.txt"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(story(99).encode())))
    with serve(inputs["web"]) as base:
        listing.write_text(f"# tonight's links\n{base}/page.html\n{unreachable}\n")
        argv = [
            "add",
            str(inputs["articles"]),
            str(inputs["binaries"]),
            str(missing),
            str(inputs["globbed"] / "*.txt"),
            "-",
            "--from",
            str(listing),
            "--jobs",
            "1",
        ]
        code = main(argv)
        first = capsys.readouterr()
        assert code == 1
        articles = inputs["articles"]
        assert _lines(first.out) == [
            f"added: {articles / 'cafe.html'}",
            f"added: {articles / 'ferry.md'}",
            f"added: {articles / 'story-000.txt'}",
            f"added: {articles / 'story-001.txt'}",
            f"added: {inputs['globbed'] / 'story-010.txt'}",
            f"added: {inputs['globbed'] / 'story-011.txt'}",
            "added: -",
            f"added: {base}/page.html",
        ]
        err = _lines(first.err)
        assert "Traceback" not in first.err
        failures = [line for line in err if line.startswith("margin: ")]
        assert len(failures) == 3
        assert failures[0].startswith(f"margin: {inputs['binaries'] / 'blob.txt'}: ")
        assert "binary" in failures[0]
        assert failures[1].startswith(f"margin: {missing}: no such file")
        assert failures[2].startswith(f"margin: {unreachable}: ") and "refused" in failures[2]
        assert err[-1].startswith("8 added, 0 already there, 3 failed")

        # The library the reader shows, with text snapshots; the cache the reader reads.
        store = Store()
        entries = store.articles()
        assert len(entries) == 8
        sources = {e.source for e in entries}
        assert str(articles / "ferry.md") in sources and f"{base}/page.html" in sources
        assert "<stdin>" in sources
        cache = AnalysisCache()
        for entry in entries:
            text = store.article_text(entry.sha256)
            assert text is not None
            hit = cache.get(entry.sha256, _key_model())
            assert hit is not None and all(text[s:e] for s, e in hit.sentences)
        assert len(cache_files(cache.directory)) == 8

        # A rerun analyses nothing and adds nothing; the same inputs fail again.
        import margin.analysis.engine as engine

        monkeypatch.setattr(engine, "analyze", lambda *a, **k: pytest.fail("analysed again"))
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(story(99).encode())))
        code = main(argv)
        again = capsys.readouterr()
    assert code == 1
    expected = [line.replace("added:", "already there:") for line in _lines(first.out)]
    assert _lines(again.out) == expected
    assert _lines(again.err)[:3] == failures
    assert _lines(again.err)[3].startswith("0 added, 8 already there, 3 failed")
    assert len(cache_files(cache.directory)) == 8


@pytest.mark.slow
def test_rerun_adds_only_what_failed(nlp, tmp_path, capsys):
    folder = tmp_path / "news"
    write_corpus(folder, 3)
    missing = tmp_path / "late.txt"
    assert main(["add", str(folder), str(missing), "--jobs", "1", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""  # --quiet: only failures
    assert _lines(captured.err) == [f"margin: {missing}: no such file: {missing}"]
    missing.write_text(story(40), encoding="utf-8")
    assert main(["add", str(folder), str(missing), "--jobs", "1"]) == 0
    out = _lines(capsys.readouterr().out)
    assert out == [f"already there: {p}" for p in sorted(folder.iterdir())] + [f"added: {missing}"]
    assert len(Store().articles()) == 4


def test_nothing_to_add_and_two_stdins_are_one_line(capsys):
    assert main(["add"]) == 1
    assert _lines(capsys.readouterr().err) == [
        "margin: nothing to add: give files, folders, patterns, URLs, - or --from FILE"
    ]
    assert main(["add", "-", "--from", "-"]) == 1
    assert "only once" in capsys.readouterr().err


@pytest.mark.slow
def test_same_text_twice_is_analysed_once(nlp, tmp_path, capsys, monkeypatch):
    one = tmp_path / "one.txt"
    two = tmp_path / "two.txt"
    one.write_text(story(3), encoding="utf-8")
    two.write_text(story(3), encoding="utf-8")
    import margin.analysis.engine as engine

    calls: list[str] = []
    real = engine.analyze

    def counting(text, nlp, **kw):  # type: ignore[no-untyped-def]
        calls.append(text)
        return real(text, nlp, **kw)

    monkeypatch.setattr(engine, "analyze", counting)
    assert main(["add", str(one), str(two), "--jobs", "1"]) == 0
    assert len(calls) == 1
    assert _lines(capsys.readouterr().out) == [f"added: {one}", f"already there: {two}"]


@pytest.mark.slow
def test_add_does_not_mark_articles_opened(nlp, tmp_path, capsys):
    read, unread = write_corpus(tmp_path / "news", 2)
    from margin.sources.loader import load_article

    opened = Store().add_article(load_article(str(read)))  # as the reader does on opening
    assert main(["add", str(read), str(unread), "--jobs", "1"]) == 0
    assert _lines(capsys.readouterr().out) == [f"already there: {read}", f"added: {unread}"]
    entries = {e.source: e for e in Store().articles()}
    assert entries[str(unread)].opened == ""  # never opened
    assert entries[str(unread)].added > opened.added
    assert entries[str(read)].opened == opened.opened  # adding again leaves it as it was
    assert [e.source for e in Store().articles()] == [str(read), str(unread)]
