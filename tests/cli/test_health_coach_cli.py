"""`okrtui health` runs the coach's checks as well (owners, alignment, activities, titles),
and leaves retired objectives and key results out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.kinds import KRKind
from okrtui.store import Store, open_db
from tests.conftest import build_small_org


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


def test_health_shows_the_coach_s_warnings(env: Env, store: Store) -> None:
    ids = build_small_org(store)
    store.structure.create_key_result(
        store.kr_by_ref("ENG-1.1").objective_id, "Write the runbook", kind=KRKind.MILESTONE
    )
    code, out, err = run(env, "health")
    assert code == 0, err
    assert "  ENG-1.3  Key result ENG-1.3 has no owner; who answers for it?" in out.splitlines()
    assert "Key result ENG-1.3 reads as an activity ('write') with no number" in out
    store.structure.retire_key_result(store.kr_by_ref("ENG-1.3").id)
    code, out, err = run(env, "health", "--team", "ENG")
    assert code == 0, err
    assert "ENG-1.3" not in out
    assert ids["cycle"] == store.resolve_cycle(None).id
