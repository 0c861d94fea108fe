"""A hostile article and hostile notes for the terminal-injection tests (texts written for them).

Every piece of outside text carries terminal commands: OSC 52 (writes the clipboard), OSC 0/2
(the window title), ``ESC[2J`` (clears the screen), a cursor move, a full reset, a tmux
pass-through, C1 controls (U+009B is CSI, U+009D is OSC in one character), bidi overrides and
zero-width characters. :func:`assert_terminal_clean` checks what was written to a terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

from margin.model import Analysis, Article, Claim, Entity, Speaker, TextSpan
from margin.storage.model import Anchor, Note

OSC52 = "\x1b]52;c;aGFja2VkIGNsaXBib2FyZA==\x07"
OSC0 = "\x1b]0;PWNED-TITLE\x1b\\"
OSC2 = "\x1b]2;PWNED-TITLE2\x1b\\"
CLEAR = "\x1b[2J\x1b[3J"
MOVE = "\x1b[77;300H\x1b[5A"
RESET = "\x1bc"
TMUX = "\x1bPtmux;\x1b\x1b]52;c;dG11eA==\x07\x1b\\"
C1_CSI = "\x9b2J"
C1_OSC = "\x9d0;C1-TITLE\x9c"
BIDI = "\u202eevil\u202c\u2066"
ZERO_WIDTH = "\u200b\ufeff"

PAYLOADS = (OSC52, OSC0, OSC2, CLEAR, MOVE, RESET, TMUX, C1_CSI, C1_OSC)
"""Raw sequences that must never reach a terminal."""

UNSAFE_CHARS = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\ufeff\ud800-\udfff]"
)
"""Characters no terminal output of margin may hold (beyond Textual's own sequences)."""

HEADLINE = f"Mayor{ZERO_WIDTH} promises a bridge{OSC0}{OSC2}{CLEAR}"
QUOTE = f"We will build it{OSC52} by May{C1_CSI}"
SPEAKER = f"Jane{BIDI} Doe{MOVE}"
COUNCIL = f"The council{C1_OSC}"
PLACE = f"Rivertown{TMUX}{RESET}"
FILLER = (
    "Residents said they wanted the bridge built quickly, and several of them spoke at the "
    "meeting about the long detour they face every day on the way to work and to school. "
    "Engineers will study the river bed over the summer before any decision on the design. "
)


def hostile_text() -> str:
    """The article as plain text: a hostile headline, quotation, speaker and names."""
    return (
        f"{HEADLINE}\n\n"
        f"“{QUOTE},” said {SPEAKER} on Monday, in a long statement about the river crossing.\n\n"
        f"{COUNCIL} met in {PLACE} to discuss the bridge and its cost, which has risen "
        "sharply since the plan was first announced.\n\n" + FILLER * 4
    )


def _html_refs(text: str) -> str:
    """``text`` for an HTML page: every control or invisible character as a ``&#...;``
    reference (ESC as ``&#27;``, C1 as ``&#x9b;``), the rest escaped."""
    out = []
    for ch in text.replace("&", "&amp;").replace("<", "&lt;"):
        code = ord(ch)
        if code < 0x20 and ch != "\n":
            out.append(f"&#{code};")
        elif 0x7F <= code <= 0x9F or UNSAFE_CHARS.match(ch):
            out.append(f"&#x{code:x};")
        else:
            out.append(ch)
    return "".join(out)


def write_sources(directory: Path) -> dict[str, Path]:
    """The hostile article as ``.txt``, ``.md`` and ``.html`` (with character references)."""
    text = hostile_text()
    headline, body = text.split("\n\n", 1)
    paragraphs = body.split("\n\n")
    paths = {
        "txt": directory / "hostile.txt",
        "md": directory / "hostile.md",
        "html": directory / "hostile.html",
    }
    paths["txt"].write_text(text, encoding="utf-8")
    paths["md"].write_text(f"# {headline}\n\n{body}", encoding="utf-8")
    html_paragraphs = "".join(f"<p>{_html_refs(p)}</p>\n" for p in paragraphs)
    paths["html"].write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{_html_refs(headline)}</title></head><body><article>"
        f"<h1>{_html_refs(headline)}</h1>\n{html_paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    return paths


def _span(text: str, start_marker: str, end_marker: str, after: int = 0) -> tuple[int, int]:
    start = text.index(start_marker, after)
    return start, text.index(end_marker, start)


def hostile_analysis(article: Article) -> Analysis:
    """A hand-made analysis of the loaded article (its text may differ by format): a quote
    with a hostile speaker and cue, an assertion, and hostile entity names."""
    text = article.text
    sentences = []
    pos = 0
    for para in text.split("\n\n"):
        if para.strip():
            sentences.append((pos, pos + len(para)))
        pos += len(para) + 2
    content = _span(text, "We will", "”")
    speaker = _span(text, "Jane", " on Monday")
    cue = _span(text, "said", " ", speaker[0] - 6)
    council = _span(text, "The council", " met")
    place = _span(text, "Rivertown", " to discuss")
    entities = sorted(
        [
            Entity(*speaker, "PERSON", text[speaker[0] : speaker[1]]),
            Entity(*council, "ORG", text[council[0] : council[1]]),
            Entity(*place, "GPE", text[place[0] : place[1]]),
        ],
        key=lambda e: e.start,
    )
    claims = [
        Claim(
            "quote",
            TextSpan.of(text, *content),
            Speaker(*speaker, text[speaker[0] : speaker[1]]),
            TextSpan.of(text, *cue),
            sentence=1,
        ),
        Claim(
            "assertion",
            TextSpan.of(text, council[0], text.index("announced.") + 10),
            score=0.9,
            sentence=2,
        ),
    ]
    return Analysis(sentences=sentences, entities=entities, claims=claims, model="test-model")


def hostile_notes(article: Article) -> list[Note]:
    """Notes as a crafted import would bring them: hostile bodies, tags and quotes."""
    text = article.text
    quote = _span(text, "We will", "”")
    council = _span(text, "The council", " met")
    orphan = Anchor(
        exact=f"a passage{OSC0} that is gone{C1_OSC}",
        prefix="",
        suffix="",
        start=5,
        end=40,
    )
    return [
        Note(
            "n-hostile-1",
            article.sha256,
            Anchor.from_text(text, *quote),
            body=f"Check{OSC52} this\n{CLEAR}second line{BIDI}\n# {TMUX}",
            tags=(f"tag{C1_CSI}", f"x{ZERO_WIDTH}y"),
            colour=2,
        ),
        Note(
            "n-hostile-2",
            article.sha256,
            Anchor.from_text(text, *council),
            tags=(f"red{MOVE}",),
            colour=1,
        ),
        Note(f"n3{C1_CSI}{OSC52}", article.sha256, orphan, body=f"orphan body{RESET}{OSC2}"),
    ]


_TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;]*m|\x1b\[(\d+);(\d+)H|\x1b\]22;[a-z-]+\x07")
"""What Textual itself writes: SGR styles, cursor positions, the pointer shape (OSC 22)."""


def assert_terminal_clean(output: str, size: tuple[int, int]) -> None:
    """No payload, and nothing but Textual's own sequences, in what was written."""
    for payload in PAYLOADS:
        assert payload not in output, f"payload {payload!r} reached the terminal"
    width, height = size

    def own(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            row, column = int(match.group(1)), int(match.group(2))
            assert row <= height and column <= width, f"cursor moved to {row};{column}"
        return ""

    rest = _TEXTUAL_OWN.sub(own, output)
    bad = sorted({hex(ord(c)) for c in UNSAFE_CHARS.findall(rest)})
    assert not bad, f"control or invisible characters reached the terminal: {bad}"


def assert_bytes_clean(data: bytes) -> None:
    """CLI output (not a terminal): no ESC, no C0 but tab and newline, no C1, no bidi or
    zero-width character."""
    text = data.decode("utf-8")
    for payload in PAYLOADS:
        assert payload not in text
    bad = sorted({hex(ord(c)) for c in UNSAFE_CHARS.findall(text.replace("\t", ""))})
    assert not bad, f"control or invisible characters in the output: {bad}"
