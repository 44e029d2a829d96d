"""One place resolves the database, the agendas directory and who you are (okrtui.config);
settings keep the user's comments; the app says where its crash log is."""

from __future__ import annotations

import tomllib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner

from okrtui.agenda import default_agendas_dir
from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.config import (
    DEMO_USER,
    Settings,
    data_home,
    load_settings,
    locate_db,
    resolve_agendas_dir,
    save_setting,
)
from okrtui.store import Store, open_db
from tests.conftest import build_small_org

CUSTOM = """\
slug = "retro"
title = "Our own retro"
kind = "custom"
minutes = 10

[[steps]]
kind = "notes"
title = "What happened"
minutes = 10
"""


@pytest.fixture
def tilde_agendas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`agendas_dir = "~/okrs/agendas"` in the settings (the README's example), with a
    custom agenda there."""
    home = Path.home()
    directory = home / "okrs" / "agendas"
    directory.mkdir(parents=True)
    (directory / "retro.toml").write_text(CUSTOM)
    config = tmp_path / "settings.toml"
    config.write_text('agendas_dir = "~/okrs/agendas"\n')
    monkeypatch.setenv("OKRTUI_CONFIG", str(config))
    return directory


def test_tilde_in_agendas_dir_works_for_list_meeting_start_and_the_app(
    tilde_agendas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = CliRunner().invoke(cli, ["agendas", "list"])
    assert listed.exit_code == 0 and "retro" in listed.stdout

    db = tmp_path / "team.db"
    store = Store(open_db(db), actor="test")
    build_small_org(store)
    store.db.close()
    started: list[int | None] = []
    monkeypatch.setattr(
        Env, "run_app", lambda env, store, meeting_id=None: started.append(meeting_id)
    )
    result = CliRunner().invoke(cli, ["--db", str(db), "meeting", "start", "retro"])
    assert result.exit_code == 0, result.stderr
    assert started and started[0] is not None

    from okrtui.tui.meeting_start import agenda_library

    app = SimpleNamespace(settings=load_settings())
    assert agenda_library(app).get("retro").title == "Our own retro"  # type: ignore[arg-type]


def test_the_agendas_directory_order_is_written_once(tmp_path: Path) -> None:
    home = tmp_path
    mine = Settings(agendas_dir=Path("~/mine"))
    assert resolve_agendas_dir(mine, {"OKRTUI_AGENDAS": "/env"}, home) == Path("/env")
    assert resolve_agendas_dir(mine, {"HOME": str(home)}, home) == Path("~/mine").expanduser()
    assert resolve_agendas_dir(Settings(), {"XDG_CONFIG_HOME": "/cfg"}, home) == Path(
        "/cfg/okrtui/agendas"
    )
    assert resolve_agendas_dir(Settings(), {}, home) == home / ".config/okrtui/agendas"
    # The agenda package's default is the same function with no settings.
    assert default_agendas_dir({"XDG_CONFIG_HOME": "/cfg"}, home) == Path("/cfg/okrtui/agendas")


def test_the_database_falls_back_to_the_demo_only_without_a_file_of_ones_own(
    tmp_path: Path,
) -> None:
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    data = data_home(env)
    assert locate_db(None, Settings(), env).source == "default"
    data.mkdir(parents=True)
    (data / "demo.db").write_bytes(b"")
    assert locate_db(None, Settings(), env) == locate_db(None, Settings(), env)
    assert locate_db(None, Settings(), env).source == "demo"
    assert locate_db(None, Settings(db=Path("/x.db")), env).source == "settings"
    assert locate_db("/flag.db", Settings(), env).source == "--db"
    (data / "okrtui.db").write_bytes(b"")
    assert locate_db(None, Settings(), env).source == "default"


def test_on_the_demo_you_are_aisha_unless_something_says_otherwise() -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--no-open"]).exit_code == 0
    result = runner.invoke(cli, ["checkin", "PLAT-1.1", "-c", "6"])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(cli, ["checkin", "PLAT-1.1", "-c", "6"], env={"OKRTUI_USER": "zed"})
    assert result.exit_code == 2 and "OKRTUI_USER names 'zed'" in result.stderr
    assert DEMO_USER == "aisha"


def test_choosing_a_theme_keeps_the_users_comments(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    text = (
        "# okrtui settings, hand-written\n"
        'db = "~/okrs/northwind.db"   # the team box copy\n'
        'theme = "nord"            # remembered when you pick a theme in the app\n'
        "at_risk_from = 4          # confidence bands\n"
    )
    path.write_text(text)
    save_setting("theme", "gruvbox", path)
    assert path.read_text() == text.replace('"nord"', '"gruvbox"')
    assert load_settings(path).theme == "gruvbox"
    # A file without the key gets one line; the rest stays as it was.
    other = tmp_path / "other.toml"
    other.write_text("# just a comment\nuser = 'ana'\n")
    save_setting("theme", "nord", other)
    assert other.read_text() == "# just a comment\nuser = 'ana'\ntheme = \"nord\"\n"
    # A value that would make the file invalid is not written.
    before = path.read_text()
    save_setting("at_risk_from", 99, path)
    assert path.read_text() == before


def test_a_crash_of_the_app_exits_non_zero_and_says_where_its_log_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "team.db"
    open_db(db).close()

    class Crashed:
        return_code = 1
        _exception: Exception

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            try:
                raise RuntimeError("boom in a widget")
            except RuntimeError as error:
                self._exception = error

        def run(self) -> None:
            pass

    monkeypatch.setattr("okrtui.tui.app.make_app", Crashed)
    result = CliRunner().invoke(cli, ["--db", str(db)])
    log = data_home() / "crash.log"
    assert result.exit_code == 1
    assert result.stderr == (
        f"okrtui: the app stopped on an unexpected error; details are in {log}\n"
    )
    text = log.read_text()
    assert "Traceback" in text and "RuntimeError: boom in a widget" in text


def test_settings_files_parse_after_every_theme_change(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    for theme in ("nord", 'quote"d', "back\\slash", "ünïcode"):
        save_setting("theme", theme, path)
        assert tomllib.loads(path.read_text())["theme"] == theme
