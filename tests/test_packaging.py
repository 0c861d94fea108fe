"""Packaging: every folder installs under the one ``margin`` namespace, and nothing is left out."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
LAYERS = ("analysis", "cli", "core", "export", "sources", "storage", "styles", "tui")
BARE = {"analysis", "cli", "core", "export", "sources", "storage", "styles", "tui"}


def _package_folders() -> dict[str, Path]:
    """Each listed package and the folder setuptools takes it from."""
    mapping = SETUPTOOLS["package-dir"]
    out = {}
    for package in SETUPTOOLS["packages"]:
        parts = package.split(".")
        for n in range(len(parts), 0, -1):
            prefix = ".".join(parts[:n])
            if prefix in mapping:
                out[package] = ROOT / mapping[prefix] / Path(*parts[n:])
                break
    return out


def test_every_package_folder_is_listed_and_exists():
    listed = _package_folders()
    assert all(folder.is_dir() for folder in listed.values()), listed
    found = {
        init.parent
        for layer in LAYERS
        for init in (ROOT / layer).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found <= set(listed.values()), sorted(map(str, found - set(listed.values())))


def test_only_the_margin_namespace_is_installed():
    assert all(p == "margin" or p.startswith("margin.") for p in SETUPTOOLS["packages"])
    assert PYPROJECT["project"]["scripts"]["margin"] == "margin.cli:main"


def test_no_module_imports_a_bare_top_level_folder():
    offenders = []
    for layer in (*LAYERS, "tests", "bench"):
        for path in (ROOT / layer).rglob("*.py"):
            if "__snapshots__" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    names = [node.module]
                offenders += [
                    f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in BARE
                ]
    assert offenders == []


def test_every_data_file_is_package_data():
    """A file the code reads at run time (styles, word lists, the check-worthiness weights)
    must match a package-data pattern, or the installed wheel lacks it."""
    from fnmatch import fnmatch

    patterns = SETUPTOOLS["package-data"]["*"]
    missing = [
        str(path.relative_to(ROOT))
        for layer in LAYERS
        for path in (ROOT / layer).rglob("*")
        if path.is_file()
        and path.suffix != ".py"
        and "__pycache__" not in path.parts
        and not any(fnmatch(path.name, p) for p in patterns)
    ]
    assert missing == []
    assert (ROOT / "analysis" / "checkworthy_model.npz").is_file()
