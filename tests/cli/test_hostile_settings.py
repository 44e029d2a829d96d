"""A settings file nested 900 levels deep, and a database whose time zone is not a zone:
one clear line and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_a_deeply_nested_settings_file_is_named_and_refused(tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text("x = " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    code, _, err = run("timeline", env={"OKRTUI_CONFIG": str(settings)})
    assert code == 2
    assert err.startswith("okrtui: ") and "settings.toml" in err and "nested" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("zone", ["America", "x" * 300, "../../etc/passwd"])
def test_a_database_whose_time_zone_is_not_a_zone_is_one_line(tmp_path: Path, zone: str) -> None:
    import sqlite3

    db = tmp_path / "team.db"
    code, _, err = run("demo", "--no-open", "--db", str(db))
    assert code == 0, err
    conn = sqlite3.connect(db)
    conn.execute("UPDATE settings SET value = ? WHERE key = 'timezone'", [zone])
    conn.commit()
    conn.close()
    for args in (("timeline",), ("report",), ("health",), ("notes", "latest")):
        code, _, err = run(*args, "--db", str(db))
        assert code == 2, (args, err)
        assert err.startswith("okrtui: ") and "time zone" in err and "Traceback" not in err
