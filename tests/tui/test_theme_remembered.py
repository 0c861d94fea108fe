"""The theme chosen in the reader is written to config.toml, keeping every comment, table and
setting of the user's file."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from tui_fixtures import FixedAnalyzer, reader_article

from margin.errors import MarginError
from margin.tui.app import MarginApp
from margin.tui.config_edit import remember_theme, with_theme

USERS_CONFIG = """\
# margin: my settings
# (shared with my laptop)

theme = 'nord'   # cold colours for the night shift

[keymap]
# reading
"reader.find" = "ctrl+f,slash"   # like a browser
notes = \"\"\"
theme = "not this one"
[not a table]
\"\"\"

[keymap.reader]
top = "ctrl+home"
"""


def test_the_theme_line_is_changed_in_place() -> None:
    text = with_theme(USERS_CONFIG, "gruvbox")
    assert text == USERS_CONFIG.replace("theme = 'nord'   # cold", 'theme = "gruvbox"   # cold')
    assert tomllib.loads(text)["theme"] == "gruvbox"


def test_a_missing_theme_goes_before_the_first_table_and_its_comments() -> None:
    text = USERS_CONFIG.replace("theme = 'nord'   # cold colours for the night shift\n", "")
    new = with_theme(text, "dracula")
    assert new.startswith("# margin: my settings\n# (shared with my laptop)\n\n")
    assert new.index('theme = "dracula"') < new.index("[keymap]")
    assert '"reader.find" = "ctrl+f,slash"   # like a browser' in new
    data = tomllib.loads(new)
    assert data == {**tomllib.loads(text), "theme": "dracula"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# only a comment",
        '[keymap]\n"reader.find" = "ctrl+f"\n',
        '# keys\n[keymap]\n"reader.find" = "ctrl+f"',
        "theme = 3  # a mistake\n",
        '"theme" = "old"\r\n[keymap]\r\n',
        'title = """\n[x]\ntheme = 1\n"""\n[keymap]\n',
    ],
)
def test_every_shape_of_file_keeps_its_settings(text: str) -> None:
    new = with_theme(text, "monokai")
    before = tomllib.loads(text.replace("theme = 3", "theme = 'x'"))
    assert tomllib.loads(new) == {**before, "theme": "monokai"}
    for line in text.splitlines():
        if "theme" not in line or line.startswith("["):
            assert line in new


def test_remember_theme_writes_through_a_symlink(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "margin.toml"
    dotfiles.parent.mkdir()
    dotfiles.write_text(USERS_CONFIG, encoding="utf-8")
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(dotfiles)
    remember_theme("gruvbox", link)
    assert link.is_symlink()
    assert 'theme = "gruvbox"   # cold colours' in dotfiles.read_text(encoding="utf-8")


def test_a_broken_config_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n[keymap\n", encoding="utf-8")
    with pytest.raises(MarginError, match="has an error"):
        remember_theme("gruvbox", path)
    assert path.read_text(encoding="utf-8") == "theme = \n[keymap\n"


def test_remember_theme_creates_the_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    remember_theme("nord", path)
    assert path.read_text(encoding="utf-8") == 'theme = "nord"\n'


@pytest.mark.asyncio
async def test_choosing_a_theme_in_the_reader_writes_it(tmp_path: Path) -> None:
    config = Path(os.environ["MARGIN_CONFIG_DIR"]) / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(USERS_CONFIG, encoding="utf-8")
    app = MarginApp(article=reader_article(), analyzer=FixedAnalyzer(), use_store=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"  # read from the file, not written back
        assert config.read_text(encoding="utf-8") == USERS_CONFIG
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"gruvbox", "enter")
        for _ in range(5):
            await pilot.pause()
        assert app.theme == "gruvbox"
    assert config.read_text(encoding="utf-8") == USERS_CONFIG.replace("'nord'", '"gruvbox"')
    app = MarginApp(article=reader_article(), analyzer=FixedAnalyzer(), use_store=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"  # remembered
