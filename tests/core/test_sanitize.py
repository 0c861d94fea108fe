"""The one sanitiser (margin.sanitize): what it shows for controls, bidi and zero-width
characters, what it leaves alone, and the properties the reader and the exports rely on."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from margin.sanitize import (
    clean_cells,
    clean_line,
    clean_text,
    control_pictures,
    escape_json,
    has_unsafe,
)

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\U000e0000-\U000e007f\ud800-\udfff]"
)

HOSTILE = (
    "a\x1b]52;c;aGk=\x07b\x1b[2Jc\x9b2Jd\x9d0;t\x9ce\u202eevil\u202cf\u2066g\u200bh\ufeffi"
    "\U000e0041j\x00k\x7fl"
)

BENIGN = [
    "Plain ASCII, with punctuation: “quotes” — and dashes…",
    "Déjà vu in Zürich; São Paulo; Łódź",
    "北京市 and 東京 and 서울",
    "emoji 🙂 and a flag 🇫🇷",
    "Arabic العربية and Hebrew עברית",
    "combining e\u0301 and soft\u00adhyphen and no\u00a0break",
]


def test_line_shows_every_control_and_invisible_character() -> None:
    assert clean_line(HOSTILE) == (
        "a␛]52;c;aGk=␇b␛[2Jc⟨U+009B⟩2Jd⟨U+009D⟩0;t⟨U+009C⟩e⟨U+202E⟩evil⟨U+202C⟩f⟨U+2066⟩g"
        "⟨U+200B⟩h⟨U+FEFF⟩i⟨U+E0041⟩j␀k␡l"
    )
    assert clean_line("one\ntwo\tthree\r\nfour\rfive\u2028six") == "one two three four␍five six"
    assert clean_line("lone \ud800 surrogate") == "lone � surrogate"


def test_text_keeps_newlines_and_tabs() -> None:
    assert clean_text("a\n\tb\r\nc\rd\u2029e\x1b[1m") == "a\n\tb\nc␍d\ne␛[1m"
    assert clean_text(HOSTILE) == clean_line(HOSTILE)


def test_cells_keeps_one_character_for_each() -> None:
    shown = clean_cells(HOSTILE + "\tx\ny\u2028z")
    assert len(shown) == len(HOSTILE) + 6
    assert shown.startswith("a␛]52;c;aGk=␇b␛[2Jc�2Jd�0;t�e�evil�f�g�h�i�j␀k␡l")
    assert shown.endswith(" x\ny\nz")


def test_benign_text_is_left_alone_and_not_copied() -> None:
    for text in BENIGN:
        assert not has_unsafe(text)
        for clean in (clean_line, clean_text, clean_cells, control_pictures, escape_json):
            assert clean(text) is text, (clean.__name__, text)
    multi = "line one\n\tline two"
    assert clean_text(multi) is multi and clean_cells("a\nb") == "a\nb"


@given(st.text())
def test_cleaned_text_never_holds_an_unsafe_character(text: str) -> None:
    for clean in (clean_line, clean_text, clean_cells):
        assert not UNSAFE.search(clean(text))
    assert "\n" not in clean_line(text) and "\t" not in clean_line(text)
    assert len(clean_cells(text)) == len(text)


@given(st.text())
def test_escaped_json_reads_back_the_same(text: str) -> None:
    data = {"text": text, "list": [text]}
    escaped = escape_json(json.dumps(data, ensure_ascii=False))
    assert json.loads(escaped) == data
    assert not UNSAFE.search(escaped)


def test_control_pictures_only_touch_c0_controls() -> None:
    assert control_pictures("a\x1bb\tc\nd\re\x9bf\u202e") == "a␛b\tc\nd\re\x9bf\u202e"


def test_html_with_control_references_loads_with_the_controls_shown(tmp_path: Path) -> None:
    from margin.sources.loader import load_article

    words = " ".join(f"word{i}" for i in range(80))
    page = tmp_path / "refs.html"
    page.write_text(
        "<html><head><title>Title&#27;]0;x&#7;</title></head><body><article>"
        f"<p>Before&#27;[2J&#x1B;]52;c;aGk=&#x07; after {words}.</p>"
        f"<p>Raw \x1b[31m red and &#x9d;0;t&#x9c; and &#x202e;evil {words}.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    article = load_article(str(page))
    assert "Before␛[2J␛]52;c;aGk=␇ after" in article.text
    assert "Raw ␛[31m red" in article.text and "\u202eevil" in article.text
    assert "\x1b" not in article.text and "\x07" not in article.text


def test_escape_json_writes_a_tag_character_as_a_surrogate_pair() -> None:
    import json

    value = {"\U000e0001tag\U000e007f": "x\U000e0020y"}
    escaped = escape_json(json.dumps(value, ensure_ascii=False))
    assert "\\udb40\\udc01" in escaped and json.loads(escaped) == value


def test_printable_ascii_is_left_alone_and_every_ascii_control_is_not() -> None:
    printable = "".join(chr(c) for c in range(0x20, 0x7F))
    assert clean_line(printable) is printable and clean_text(printable) is printable
    assert not has_unsafe(printable)
    for code in [*range(0x20), 0x7F]:
        text = f"a{chr(code)}b"
        assert has_unsafe(text)
        assert clean_line(text) != text
        if chr(code) not in "\t\n":
            assert clean_text(text) != text


LAZY = """
import margin.sanitize as s
s.clean_line("Ad sales boost Time Warner profit")
s.clean_text("A plain line of text")
s.has_unsafe("plain")
patterns = [v for v in vars(s).values() if isinstance(v, s._Lazy)]
print(len(patterns), sum(p._compiled is not None for p in patterns))
"""


def test_no_regex_is_compiled_on_import_or_for_printable_ascii() -> None:
    """Each of the sanitiser's character classes takes about a millisecond to compile:
    ``margin FILE`` pays for none of them before its first frame for an ASCII title."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    path = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(root)) if p)
    proc = subprocess.run(
        [sys.executable, "-c", LAZY],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": path},
        check=True,
    )
    assert proc.stdout.split() == ["5", "0"]
