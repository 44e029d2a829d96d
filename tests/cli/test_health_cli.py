"""`okrtui health`: the OKR health check as plain text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.models import Objective, Team
from okrtui.store import Store, open_db


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


@pytest.fixture
def env(clock: FixedClock, db_path: Path) -> Env:
    return Env(Settings(), clock, db_flag=str(db_path), environ={})


def run(env: Env, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj=env)
    return result.exit_code, result.stdout, result.stderr


def test_health_of_the_whole_cycle(env: Env, small_org: dict[str, int]) -> None:
    code, out, err = run(env, "health")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "OKR health check: Q4 2026 (2026-Q4), all teams"
    # no check-ins in the 44 days since the cycle began
    assert (
        "  ENG-1.1  Key result ENG-1.1 has had no check-in in the 44 days since the cycle "
        "started." in lines
    )


def test_health_of_one_team_leaves_the_others_out(
    env: Env, store: Store, small_org: dict[str, int]
) -> None:
    ops = store.add_team(Team(code="OPS", name="Operations"))
    store.add_objective(
        Objective(
            cycle_id=small_org["cycle"],
            team_id=ops.id,
            number=1,
            ref="OPS-1\x1b[2J",
            title="Hostile title",
        )
    )
    code, out, _ = run(env, "health", "--team", "ops")
    assert code == 0
    assert out.splitlines()[0] == "OKR health check: Q4 2026 (2026-Q4), team OPS"
    assert "OPS-1" in out and "ENG-" not in out
    assert "\x1b" not in out  # a reference with an escape sequence is cleaned
    assert "Objective OPS-1 has 0 key results" in out
    code, out, _ = run(env, "health", "2026-Q4", "--team", "ENG")
    assert "ENG-1.1" in out and "OPS" not in out


def test_health_refuses_bad_input(env: Env, small_org: dict[str, int]) -> None:
    for args, needle in (
        (("health", "nope"), "no cycle called 'nope'"),
        (("health", "--team", "XYZ"), "no team with code 'XYZ'"),
    ):
        code, _, err = run(env, *args)
        assert code == 2 and err.startswith("okrtui: ") and needle in err
        assert len(err.strip().splitlines()) == 1
