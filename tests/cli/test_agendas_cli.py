"""`okrtui agendas list | show | validate` through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from okrtui.commands.agendas import agendas

GOOD = """\
slug = "retro"
title = "Team retro"
kind = "custom"
minutes = 20

[[steps]]
kind = "reflection"
title = "Went well, learned, change"
minutes = 15
prompt = "What went well?"

[[steps]]
kind = "krs"
title = "Stale KRs"
minutes = 5
only_stale = true
"""


def run(args: list[str], agendas_dir: Path | None = None) -> Result:
    obj = None if agendas_dir is None else {"agendas_dir": agendas_dir}
    return CliRunner().invoke(agendas, args, obj=obj)


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "agendas"
    directory.mkdir()
    return directory


def test_list_shows_builtins_with_minutes_steps_and_source(user_dir: Path) -> None:
    result = run(["list"], user_dir)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["SLUG", "TITLE", "MIN", "STEPS", "SOURCE"]
    weekly = next(line for line in lines if line.startswith("weekly-checkin "))
    assert weekly.split()[-3:] == ["30", "5", "built-in"]
    assert "Weekly check-in" in weekly
    assert "Problems" not in result.stdout


def test_list_marks_user_templates_and_reports_broken_files(user_dir: Path) -> None:
    (user_dir / "retro.toml").write_text(GOOD)
    (user_dir / "weekly.toml").write_text(GOOD.replace('"retro"', '"weekly-checkin"'))
    (user_dir / "broken.toml").write_text(GOOD.replace("minutes = 5", "minutes = 0"))
    result = run(["list"], user_dir)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert next(line for line in lines if line.startswith("retro ")).endswith("user")
    weekly = next(line for line in lines if line.startswith("weekly-checkin "))
    assert weekly.endswith("user (overrides built-in)")
    assert "Team retro" in weekly
    problems = result.stdout.split("Problems (these files were skipped):\n")[1]
    assert problems.strip() == (
        f"{user_dir / 'broken.toml'}: steps[1] (Stale KRs).minutes: must be greater than 0 (got 0)"
    )


def test_list_uses_the_default_directory_when_the_context_has_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OKRTUI_AGENDAS", str(tmp_path))
    (tmp_path / "retro.toml").write_text(GOOD)
    result = run(["list"])
    assert result.exit_code == 0
    assert any(line.startswith("retro ") for line in result.stdout.splitlines())


def test_show_prints_steps_minutes_kinds_and_prompts(user_dir: Path) -> None:
    (user_dir / "retro.toml").write_text(GOOD)
    result = run(["show", "retro"], user_dir)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Team retro (retro)"
    assert lines[1].startswith("kind: custom · 20 minutes · 2 steps · user: ")
    assert " 1. Went well, learned, change — 15 min, reflection" in lines
    assert "    What went well?" in lines
    assert " 2. Stale KRs — 5 min, krs (only_stale: true)" in lines


def test_show_a_builtin(user_dir: Path) -> None:
    result = run(["show", "cycle-close"], user_dir)
    assert result.exit_code == 0
    assert " 2. Grading — 30 min, grading" in result.stdout.splitlines()


def test_show_strips_control_characters_from_user_text(user_dir: Path) -> None:
    (user_dir / "retro.toml").write_text(GOOD.replace("What went well?", "\\u001b[31mred"))
    result = run(["show", "retro"], user_dir)
    assert "\x1b" not in result.stdout
    assert "[31m" not in result.stdout  # the whole sequence goes, as on the screens
    assert "    red" in result.stdout


def test_show_an_unknown_slug_is_exit_2_with_the_known_ones(user_dir: Path) -> None:
    result = run(["show", "weekly"], user_dir)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("okrtui: no agenda called 'weekly'; known: ")
    assert "weekly-checkin" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_validate_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "retro.toml"
    path.write_text(GOOD)
    result = run(["validate", str(path)])
    assert result.exit_code == 0
    assert result.stdout == f"{path}: ok (2 steps, 20 minutes)\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (GOOD.replace("minutes = 20", "minutes 20"), "retro.toml: line 4, column 9: invalid TOML"),
        (
            GOOD + 'colour = "red"\n',
            "retro.toml: steps[1] (Stale KRs).colour: unknown field",
        ),
        (
            GOOD.replace('kind = "krs"', 'kind = "kr"'),
            "retro.toml: steps[1] (Stale KRs).kind: unknown step kind 'kr'",
        ),
        (
            GOOD.replace("minutes = 20", "minutes = 30"),
            "retro.toml: minutes is 30 but the steps add up to 20",
        ),
    ],
    ids=["malformed-toml", "unknown-field", "unknown-kind", "minutes-mismatch"],
)
def test_validate_bad_files_exit_2_naming_what_is_wrong(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "retro.toml"
    path.write_text(content)
    result = run(["validate", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"okrtui: {tmp_path}/{expected}")
    assert "Traceback" not in result.stderr


def test_validate_prints_every_problem_one_per_line(tmp_path: Path) -> None:
    path = tmp_path / "retro.toml"
    path.write_text(GOOD.replace("minutes = 15", "minutes = -1").replace('"krs"', '"kr"'))
    result = run(["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert "steps[0] (Went well, learned, change).minutes: must be greater than 0" in lines[0]
    assert "steps[1] (Stale KRs).kind: unknown step kind 'kr'" in lines[1]


def test_validate_a_missing_file(tmp_path: Path) -> None:
    result = run(["validate", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2
    assert result.stderr == f"okrtui: {tmp_path / 'nope.toml'}: no such file\n"


def test_validate_a_directory(tmp_path: Path) -> None:
    result = run(["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"okrtui: {tmp_path}: is a directory, not a template file\n"


def test_the_directory_can_come_from_an_object_attribute(user_dir: Path) -> None:
    class Env:
        agendas_dir = user_dir

    (user_dir / "retro.toml").write_text(GOOD)
    result = CliRunner().invoke(agendas, ["show", "retro"], obj=Env())
    assert result.exit_code == 0
    assert result.stdout.startswith("Team retro (retro)\n")
