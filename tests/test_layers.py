"""The import contracts in pyproject.toml hold, and fail when a module adds a forbidden import;
the commands that need no reader import no Textual.

``lint-imports`` needs ``margin`` as one directory tree. An editable install maps each
top-level folder to a subpackage with an import hook that the graph builder does not follow
(it would see four modules and pass whatever they import), so the check runs on a tree of
symbolic links made from pyproject.toml's package-dir, in a temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE_DIRS: dict[str, str] = PYPROJECT["tool"]["setuptools"]["package-dir"]
CONTRACTS = {c["id"]: c for c in PYPROJECT["tool"]["importlinter"]["contracts"]}


def _link_tree(base: Path, *, real: str | None = None) -> Path:
    """``base/margin/`` holding the repository's packages as pyproject.toml maps them: the
    core's files linked into it, each other folder linked as a subpackage (``real``: made a
    directory of linked files instead, so that a module can be added to it)."""
    top = base / "margin"
    top.mkdir()
    for entry in (ROOT / PACKAGE_DIRS["margin"]).iterdir():
        (top / entry.name).symlink_to(entry)
    for package, folder in PACKAGE_DIRS.items():
        if package == "margin":
            continue
        name = package.split(".", 1)[1]
        if name == real:
            (top / name).mkdir()
            for entry in (ROOT / folder).iterdir():
                (top / name / entry.name).symlink_to(entry)
        else:
            (top / name).symlink_to(ROOT / folder)
    return base


@contextmanager
def link_tree(*, real: str | None = None) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="margin-layers-") as tmp:
        yield _link_tree(Path(tmp), real=real)


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the repository's contracts on ``tree`` (no cache left behind)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    code = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "pyproject.toml"), "--no-cache", "--no-logo"],
        cwd=tree, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_the_contracts_hold() -> None:
    with link_tree() as tree:
        result = lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(CONTRACTS)} kept, 0 broken" in result.stdout


def test_the_graph_holds_every_module() -> None:
    """Not a vacuous pass: the tree the contracts are checked on has every module."""
    expected = {
        f"{package}.{path.stem}" if path.stem != "__init__" else package
        for package, folder in PACKAGE_DIRS.items()
        for path in (ROOT / folder).glob("*.py")
    }
    with link_tree() as tree:
        code = "import grimp; print(*grimp.build_graph('margin', cache_dir=None).modules)"
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
            capture_output=True, text=True, check=True, timeout=300,
        ).stdout.split()  # fmt: skip
    assert expected <= set(out)


def test_every_core_module_is_in_the_lowest_layer() -> None:
    core = {f"margin.{p.stem}" for p in (ROOT / PACKAGE_DIRS["margin"]).glob("*.py")}
    core -= {"margin.__init__", "margin.__main__"}
    lowest = {m.strip() for m in CONTRACTS["layers"]["layers"][-1].split(":")}
    assert lowest == core
    for contract in ("textual", "rich"):
        assert core <= set(CONTRACTS[contract]["source_modules"])


@pytest.mark.parametrize(
    ("package", "line", "broken"),
    [
        ("storage", "import textual.widgets", ["Textual only"]),
        ("export", "import rich.console", ["Rich only"]),
        ("storage", "from margin.export import api", ["Layers"]),
        ("analysis", "import margin.tui.app", ["Layers", "Textual only", "Rich only"]),
    ],
)
def test_a_forbidden_import_breaks_a_contract(package: str, line: str, broken: list[str]) -> None:
    with link_tree(real=package) as tree:
        (tree / "margin" / package / "_forbidden_probe.py").write_text(f"{line}\n")
        result = lint_imports(tree)
    assert result.returncode == 1, result.stdout + result.stderr
    broken_lines = [line for line in result.stdout.splitlines() if line.endswith("BROKEN")]
    assert sorted(broken_lines) == sorted(
        next(line for line in broken_lines if line.startswith(name)) for name in broken
    )
    assert "_forbidden_probe" in result.stdout


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["notes"],
        pytest.param(["analyze", "{article}"], marks=pytest.mark.slow),
        pytest.param(["analyze", "--format", "text", "{article}"], marks=pytest.mark.slow),
    ],
)
def test_commands_without_the_reader_import_no_textual(tmp_path: Path, argv: list[str]) -> None:
    """``margin --version``, ``margin notes`` and ``margin analyze`` (the text and JSON forms,
    on an article already in the cache) never import Textual."""
    article = tmp_path / "a.txt"
    article.write_text("The council said the road would close in June.\n", encoding="utf-8")
    env = {**os.environ, "MARGIN_DB": str(tmp_path / "db" / "margin.json"),
           "MARGIN_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    code = (
        "import sys\n"
        "from margin.cli import main\n"
        "try:\n"
        "    status = main(sys.argv[1:])\n"
        "except SystemExit as exit:\n"
        "    status = exit.code\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('TEXTUAL', status, len(loaded), file=sys.stderr)\n"
    )
    if argv[0] == "analyze":  # analysed once, so the run below is a cache hit
        warm = [sys.executable, "-m", "margin", "analyze", str(article)]
        subprocess.run(warm, env=env, capture_output=True, check=True, timeout=300)
    args = [a.replace("{article}", str(article)) for a in argv]
    result = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.stderr.strip().splitlines()[-1] == "TEXTUAL 0 0", result.stderr
