"""Key remaps from config.toml: every screen's ids are accepted; an unknown id, an unknown key
name or a key another binding uses is reported with the file and line, and left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_fixtures import FixedAnalyzer, reader_article

from margin.tui.app import MarginApp
from margin.tui.keymap import ReaderConfig, line_of, load_config
from margin.tui.keymap_check import binding_ids, check_keymap, key_problem

CONFIG = """\
# my margin settings
theme = "gruvbox"   # dark, please

[keymap]
# reading
"reader.fnd" = "ctrl+f"
"reader.export" = "n"
"reader.help" = "f1,pgdn"
"library.remove" = "delete"
"note_editor.save" = "ctrl+w"
reader.top = "ctrl+home"
"app.quit" = "ctrl+q"
"""


def checked(text: str, tmp_path: Path) -> ReaderConfig:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    check_keymap(config)
    return config


def test_ids_of_every_screen_are_known() -> None:
    ids = binding_ids()
    for binding_id in (
        "reader.find", "claims.sort", "notes.delete", "find.close", "help.close",
        "library.remove", "library.open", "note_editor.save", "note_editor.colour",
        "export_dialog.export", "dialog.cancel", "dialog.yes", "app.quit",
    ):  # fmt: skip
        assert binding_id in ids


def test_problems_are_reported_with_file_line_and_a_guess(tmp_path: Path) -> None:
    config = checked(CONFIG, tmp_path)
    where = str(tmp_path / "config.toml")
    warnings = "\n".join(config.warnings)
    assert f"{where}:6: unknown key binding id 'reader.fnd' (did you mean 'reader.find'?)" in (
        warnings
    )
    # n is the reader's "next match": taking it would silently remove that key
    assert f"{where}:7: reader.export" in warnings and "reader.find_next" in warnings
    assert f"{where}:8: reader.help: unknown key 'pgdn'" in warnings
    assert "did you mean 'pagedown'?" in warnings
    # remapped, but the text field focused there keeps its editing key: said, not dropped
    assert f'{where}:9: library.remove = "delete" remapped, but delete stays' in warnings
    assert "in the library's search" in warnings
    assert f'{where}:10: note_editor.save = "ctrl+w" remapped, but ctrl+w stays' in warnings
    assert len(config.warnings) == 5, config.warnings
    # the good remaps of several screens stay (a bare dotted key too); the bad ones are out
    assert config.keymap == {
        "library.remove": "delete",
        "note_editor.save": "ctrl+w",
        "reader.top": "ctrl+home",
        "app.quit": "ctrl+q",
    }


def test_a_printable_key_is_no_clash_with_a_text_field() -> None:
    """The find bar takes typed letters before the reader's bindings: n for export clashes
    with next match in the text, not in the find bar."""
    config = ReaderConfig(keymap={"reader.export": "n"})
    check_keymap(config)
    [warning] = config.warnings
    assert "in the reader, the reader's Claims tab, …" in warning
    assert "find bar" not in warning


def test_a_swap_of_two_keys_is_no_conflict(tmp_path: Path) -> None:
    config = checked('[keymap]\n"reader.find" = "n"\n"reader.find_next" = "slash"\n', tmp_path)
    assert config.warnings == []
    assert config.keymap == {"reader.find": "n", "reader.find_next": "slash"}


def test_a_widget_key_taken_from_its_screen_is_a_conflict(tmp_path: Path) -> None:
    """claims.sort = "q": in the Claims tab, q would sort instead of going back."""
    config = checked('[keymap]\n"claims.sort" = "q"\n"app.quit" = "x"\n', tmp_path)
    assert config.keymap == {}
    assert any("claims.sort" in w and "reader.quit" in w for w in config.warnings)
    # the app's quit key is live everywhere (even in the find bar): x is the reader's export
    assert any(":3: app.quit" in w and "reader.export" in w for w in config.warnings)


@pytest.mark.parametrize(
    ("key", "ok"),
    [("j", True), ("ctrl+f", True), ("question_mark", True), ("slash", True), ("G", True),
     ("f12", True), ("pagedown", True), ("ctrl+shift+left", True), ("space", True),
     ("pgdn", False), ("Ctrl+F", False), ("cmd+f", False), ("ctrl+", False), ("", False)],
)  # fmt: skip
def test_key_names(key: str, ok: bool) -> None:
    assert (key_problem(key) is None) is ok


def test_line_of_skips_comments_and_other_keys() -> None:
    text = '# "reader.find" = "x"\n[keymap]\n"reader.find_next" = "m"\n  "reader.find" = "f"\n'
    assert line_of(text, "reader.find") == 4
    assert line_of(text, "reader.top") is None


@pytest.mark.asyncio
async def test_the_reader_reports_at_start_and_keeps_the_default_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config.toml").write_text('[keymap]\n"reader.find" = "n"\n', encoding="utf-8")
    monkeypatch.setenv("MARGIN_CONFIG_DIR", str(tmp_path))
    app = MarginApp(article=reader_article(), analyzer=FixedAnalyzer(), use_store=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = [(n.title, n.message) for n in app._notifications]
        path = str(tmp_path / "config.toml")
        assert any(t == path and m.startswith("line 2: reader.find") for t, m in shown), shown
        await pilot.press("slash")  # the default key still finds
        assert app.screen.find_bar.is_open


def test_a_passed_config_with_remaps_is_checked_too() -> None:
    config = ReaderConfig(keymap={"reader.next_sentence": "ctrl+j,J", "nope.id": "z"})
    check_keymap(config)
    assert config.keymap == {"reader.next_sentence": "ctrl+j,J"}
    assert config.warnings == ["config.toml: unknown key binding id 'nope.id'"]


def test_every_binding_id_in_margin_is_checked() -> None:
    """A new screen or widget with binding ids must be in keymap_check's chains."""
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import margin.tui

    ids: set[str] = set()
    for info in pkgutil.walk_packages(margin.tui.__path__, "margin.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__:
                ids |= {binding.id for _, binding in cls._merge_bindings() if binding.id}
    assert ids and ids <= binding_ids(), ids - binding_ids()


def test_the_report_names_lines_under_the_file_title() -> None:
    from margin.tui.app import config_report

    warnings = [f"/c.toml:{n}: problem {n}" for n in range(1, 8)] + ["/c.toml: no line"]
    report = config_report(warnings, "/c.toml").splitlines()
    assert report == [f"line {n}: problem {n}" for n in range(1, 6)] + ["…and 3 more"]
    assert config_report(["/c.toml: no line"], "/c.toml") == "no line"
