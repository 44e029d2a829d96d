"""The command line's foundation: database and identity resolution, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.config import Settings, resolve_db_path, resolve_identity
from okrtui.store import NotFound, open_db


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_bad_input(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("okrtui: ")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    for needle in needles:
        assert needle in err


def test_help_lists_the_commands() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for name in ("demo", "init", "import", "export", "timeline", "agendas"):
        assert name in out


def test_init_creates_then_recognises_a_database(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    code, out, _ = run("init", "--db", str(path))
    assert (code, out.strip()) == (0, f"{path}: created")
    code, out, _ = run("init", "--db", str(path))
    assert (code, out.strip()) == (0, f"{path}: already an okrtui database")


def test_a_database_in_a_missing_directory(tmp_path: Path) -> None:
    code, _, err = run("init", "--db", str(tmp_path / "no" / "such" / "x.db"))
    assert_bad_input(code, err, "does not exist")
    assert not (tmp_path / "no").exists()


def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"PK\x03\x04 a zip file")
    code, _, err = run("export", "--db", str(path))
    assert_bad_input(code, err, "not an SQLite database")
    assert path.read_bytes() == b"PK\x03\x04 a zip file"


def test_a_database_from_a_newer_okrtui(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    db = open_db(path)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('okrtui', '0042_future', 'later')"
    )
    db.close()
    before = path.read_bytes()
    code, _, err = run("export", "--db", str(path))
    assert_bad_input(code, err, "newer okrtui", "upgrade")
    assert path.read_bytes() == before


def test_a_missing_database_for_export(tmp_path: Path) -> None:
    code, _, err = run("export", "--db", str(tmp_path / "missing.db"))
    assert_bad_input(code, err, "no such database")
    assert not (tmp_path / "missing.db").exists()


def test_a_nul_in_an_argument_is_refused(tmp_path: Path) -> None:
    code, _, err = run("init", "--db", str(tmp_path / "a\x00b.db"))
    assert_bad_input(code, err, "NUL")
    assert list(tmp_path.iterdir()) == []


def test_a_broken_settings_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("theme = 'nord'\nbogus = 1\n")
    monkeypatch.setenv("OKRTUI_CONFIG", str(settings))
    code, _, err = run("init", "--db", str(tmp_path / "x.db"))
    assert_bad_input(code, err, str(settings), "bogus")


def test_database_path_resolution_order(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "OKRTUI_DB": "/env.db"}
    settings = Settings(db=Path("/settings.db"))
    assert resolve_db_path("/flag.db", settings, env) == Path("/flag.db")
    assert resolve_db_path(None, settings, env) == Path("/env.db")
    assert resolve_db_path(None, settings, {"HOME": str(tmp_path)}) == Path("/settings.db")
    assert resolve_db_path(None, Settings(), {"HOME": str(tmp_path)}) == (
        tmp_path / ".local/share/okrtui/okrtui.db"
    )


def test_identity_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    handles = {"ana": 1, "ben": 2, "cy": 3}
    monkeypatch.setattr("getpass.getuser", lambda: "cy")
    assert resolve_identity(handles, "ANA", Settings(user="ben"), {"OKRTUI_USER": "ben"}) == (
        "ana",
        1,
    )
    assert resolve_identity(handles, None, Settings(user="cy"), {"OKRTUI_USER": "ben"})[1] == 2
    assert resolve_identity(handles, None, Settings(user="ben"), {})[1] == 2
    assert resolve_identity(handles, None, Settings(), {})[1] == 3
    with pytest.raises(NotFound, match="--me names 'zed'"):
        resolve_identity(handles, "zed", Settings(), {})
    monkeypatch.setattr("getpass.getuser", lambda: "root")
    with pytest.raises(NotFound, match="who are you"):
        resolve_identity(handles, None, Settings(), {})


def test_the_default_locations_are_made_on_first_use(tmp_path: Path) -> None:
    """A fresh machine has no ~/.local/share/okrtui yet; the README's command must work."""
    data = tmp_path / "home" / ".local" / "share"
    env = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(data)}
    result = CliRunner().invoke(cli, ["demo", "--no-open"], env=env)
    assert result.exit_code == 0, result.stderr
    assert Path(result.stdout.strip()) == data / "okrtui" / "demo.db"
    assert (data / "okrtui" / "demo.db").is_file()
    result = CliRunner().invoke(cli, ["init"], env=env)
    assert result.exit_code == 0, result.stderr
    assert (data / "okrtui" / "okrtui.db").is_file()


def test_a_named_database_directory_is_never_made(tmp_path: Path) -> None:
    code, _, err = run("demo", "--no-open", "--db", str(tmp_path / "missing" / "demo.db"))
    assert_bad_input(code, err, "does not exist")
    assert not (tmp_path / "missing").exists()


def test_demo_over_someones_work_needs_force_and_keeps_a_copy(tmp_path: Path) -> None:
    """`okrtui demo --db F` over a demo file that holds real work refuses; with --force
    it replaces it and keeps a copy beside it."""
    from click.testing import CliRunner

    from okrtui.cli import cli

    path = tmp_path / "team.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "--no-open", "--db", str(path)])
    assert first.exit_code == 0, first.stderr
    checkin = runner.invoke(
        cli, ["checkin", "PLAT-1.1", "-c", "3", "--db", str(path), "--me", "aisha"]
    )
    assert checkin.exit_code == 0, checkin.stderr
    again = runner.invoke(cli, ["demo", "--no-open", "--db", str(path)])
    assert again.exit_code == 2
    assert again.stderr.startswith("okrtui: ") and "--force" in again.stderr
    forced = runner.invoke(cli, ["demo", "--no-open", "--force", "--db", str(path)])
    assert forced.exit_code == 0, forced.stderr
    copies = list(tmp_path.glob("team.db.before-demo.*.bak"))
    assert len(copies) == 1
    import sqlite3

    kept = sqlite3.connect(copies[0]).execute("SELECT count(*) FROM checkins").fetchone()[0]
    fresh = sqlite3.connect(path).execute("SELECT count(*) FROM checkins").fetchone()[0]
    assert kept == fresh + 1
