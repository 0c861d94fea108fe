"""The command line's cheap paths: --version and --help answer without heavy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from margin import __version__
from margin.cli import main

HEAVY = ("spacy", "textual", "trafilatura", "tinydb")


def _modules_after(argv: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from margin.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split()[-1000:])


def test_version_prints_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"margin {__version__}"


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("analyze", "notes", "export", "import"):
        assert f"margin {command}" in out


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["analyze", "--help"]])
def test_cheap_paths_do_not_import_heavy_libraries(argv: list[str]) -> None:
    loaded = _modules_after(argv)
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_notes_subcommands_parse() -> None:
    from margin.cli import build_command_parser

    args = build_command_parser("notes add").parse_args(["a.txt", "--quote", "x", "--colour", "2"])
    assert (args.notes_command, args.path, args.quote, args.colour) == ("add", "a.txt", "x", 2)
    args = build_command_parser("notes").parse_args(["--tag", "t"])
    assert args.notes_command == "list" and args.tag == ["t"]
