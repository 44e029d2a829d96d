"""`okrtui okr`: OKRs written from scripts; every bad input is one line, exit 2, nothing
written; the coach's warnings follow on stderr and never refuse."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.kinds import KRKind, ObjectiveKind, Role
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


def dump(store: Store) -> list[tuple[object, ...]]:
    """Every row of every table: to show that nothing was written."""
    tables = [
        r[0]
        for r in store.db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
    ]
    rows: list[tuple[object, ...]] = []
    for table in tables:
        rows += [(table, *r) for r in store.db.execute(f"SELECT * FROM [{table}]").fetchall()]
    return rows


def test_people_and_teams_are_added(env: Env, store: Store) -> None:
    code, out, err = run(
        env, "okr", "person", "add", "ana", "--name", "Ana Silva", "--role", "okr-champion"
    )
    assert (code, out, err) == (0, "added Ana Silva (ana)\n", "")
    run(env, "okr", "person", "add", "ben", "--name", "Ben")
    assert run(env, "okr", "team", "add", "org", "--name", "Organisation")[0] == 0
    code, out, err = run(
        env,
        "okr",
        "team",
        "add",
        "ENG",
        "--name",
        "Engineering",
        "--parent",
        "ORG",
        "--member",
        "ana",
        "--manager",
        "ben",
    )
    assert (code, out) == (0, "added team ENG (Engineering) with 2 members\n"), err
    eng = store.team_by_code("ENG")
    assert eng.parent_id == store.team_by_code("ORG").id
    assert store.structure.team_manager(eng.id) == store.person_by_handle("ben")
    assert store.person_by_handle("ana").roles == (Role.OKR_CHAMPION,)
    assert [e.entity for e in store.audit_log()] == ["person", "person", "team", "team"]
    assert {e.who for e in store.audit_log()} == {"okrtui"}


def test_objectives_are_added_edited_moved_and_retired(env: Env, store: Store) -> None:
    ids = build_small_org(store)
    code, out, err = run(
        env,
        "--me",
        "ana",
        "okr",
        "objective",
        "add",
        "ENG",
        "Cut the cloud bill",
        "--owner",
        "ben",
        "--aspirational",
    )
    assert (code, out) == (0, "added ENG-3 Cut the cloud bill (aspirational)\n"), err
    created = store.structure.objective_by_ref("ENG-3", ids["cycle"])
    assert (created.owner_id, created.kind) == (ids["ben"], ObjectiveKind.ASPIRATIONAL)
    assert "coach: Objective ENG-3 has 0 key results" in err  # advice, not a refusal
    code, out, err = run(
        env,
        "okr",
        "objective",
        "edit",
        "eng-3",
        "--title",
        "Halve the cloud bill",
        "--committed",
        "--aligned-to",
        "ENG-1",
    )
    assert (code, out) == (0, "edited ENG-3 Halve the cloud bill\n"), err
    edited = store.objective(created.id)
    assert (edited.title, edited.kind, edited.parent_id) == (
        "Halve the cloud bill",
        ObjectiveKind.COMMITTED,
        store.structure.objective_by_ref("ENG-1", ids["cycle"]).id,
    )
    run(env, "okr", "team", "add", "OPS", "--name", "Operations")
    code, out, err = run(env, "okr", "objective", "move", "ENG-3", "OPS")
    assert (code, out) == (0, "moved ENG-3 to OPS-1 Halve the cloud bill\n"), err
    code, out, err = run(
        env, "--me", "ben", "okr", "objective", "retire", "OPS-1", "--reason", "merged"
    )
    assert code == 0, err
    assert store.objective(created.id).retired_at is not None
    log = store.audit_log("objective", created.id)
    assert [(e.action, e.who) for e in log] == [
        ("create", "ana"),
        ("edit", "ana"),
        ("move", "ana"),
        ("retire", "ben"),
    ]
    assert log[-1].reason == "merged"


def test_key_results_are_added_edited_moved_and_retired(env: Env, store: Store) -> None:
    ids = build_small_org(store)
    code, out, err = run(
        env,
        "okr",
        "kr",
        "add",
        "ENG-1",
        "Error rate",
        "--start",
        "2.5",
        "--target",
        "0.5",
        "--unit",
        "%",
        "--owner",
        "ana",
    )
    assert (code, out, err) == (0, "added ENG-1.3 Error rate\n", "")
    kr = store.kr_by_ref("ENG-1.3")
    assert (kr.start, kr.target, kr.unit, kr.owner_id) == (2.5, 0.5, "%", ids["ana"])
    code, out, err = run(env, "okr", "kr", "add", "ENG-1", "Launch the status page", "--milestone")
    assert (code, out) == (0, "added ENG-1.4 Launch the status page\n")
    assert "coach: Key result ENG-1.4 has no owner" in err
    assert "reads as an activity ('launch')" in err
    assert store.kr_by_ref("ENG-1.4").kind is KRKind.MILESTONE
    code, out, err = run(env, "okr", "kr", "edit", "ENG-1.3", "--target", "1", "--title", "Errors")
    assert (code, out) == (0, "edited ENG-1.3 Errors\n"), err
    code, out, err = run(env, "okr", "kr", "move", "ENG-1.3", "ENG-2")
    assert (code, out) == (0, "moved ENG-1.3 to ENG-2.3 Errors\n"), err
    code, out, err = run(env, "okr", "kr", "retire", "ENG-2.3", "--reason", "not needed")
    assert (code, out) == (0, "retired ENG-2.3 Errors\n"), err
    assert [e.action for e in store.audit_log("key_result", kr.id)] == [
        "create",
        "edit",
        "move",
        "retire",
    ]


def test_a_locked_target_needs_override_and_reason(env: Env, store: Store) -> None:
    ids = build_small_org(store)
    store.lock_cycle(ids["cycle"])
    before = dump(store)
    code, _, err = run(env, "okr", "kr", "edit", "ENG-1.1", "--target", "300")
    assert code == 2
    assert err == (
        "okrtui: cycle 2026-Q4 is locked: changing a target needs an override with a reason\n"
    )
    assert dump(store) == before
    code, out, err = run(
        env, "okr", "kr", "edit", "ENG-1.1", "--target", "300", "--override", "--reason", "SLA"
    )
    assert (code, out) == (0, "edited ENG-1.1 p95 latency\n"), err
    entry = store.audit_log("key_result", ids["ENG-1.1"])[-1]
    assert (entry.action, entry.reason) == ("override", "SLA")
    assert json.loads(entry.before)["target"] == 200
    assert json.loads(entry.after)["target"] == 300


BAD = [
    (
        ("okr", "person", "add", "ana", "--name", "Again"),
        "a person with handle 'ana' already exists",
    ),
    (("okr", "person", "add", "bad handle", "--name", "X"), "handle: String should match pattern"),
    (("okr", "person", "add", "zoe", "--name", " "), "name: cannot be empty"),
    (("okr", "team", "add", "ENG", "--name", "Again"), "a team with code 'ENG' already exists"),
    (
        ("okr", "team", "add", "NEW", "--name", "N", "--parent", "NOPE"),
        "--parent: no team with code 'NOPE'",
    ),
    (
        ("okr", "team", "add", "NEW", "--name", "N", "--member", "nobody"),
        "--member: no person with handle 'nobody'",
    ),
    (("okr", "team", "add", "new-team", "--name", "N"), "code: String should match pattern"),
    (("okr", "objective", "add", "XYZ", "Title"), "TEAM: no team with code 'XYZ'"),
    (("okr", "objective", "add", "ENG", " "), "title: cannot be empty"),
    (("okr", "objective", "add", "ENG", "x" * 201), "title: is 201 characters long"),
    (
        ("okr", "objective", "add", "ENG", "T", "--owner", "nobody"),
        "--owner: no person with handle 'nobody'",
    ),
    (
        ("okr", "objective", "add", "ENG", "T", "--aligned-to", "ENG-9"),
        "--aligned-to: no objective 'ENG-9'",
    ),
    (("okr", "objective", "add", "ENG", "T", "--cycle", "nope"), "no cycle called 'nope'"),
    (("okr", "objective", "edit", "ENG-9", "--title", "T"), "OBJECTIVE: no objective 'ENG-9'"),
    (("okr", "objective", "edit", "ENG-1"), "nothing to change"),
    (
        ("okr", "objective", "edit", "ENG-1", "--aligned-to", "ENG-1"),
        "aligned to: an objective cannot align to itself",
    ),
    (("okr", "objective", "move", "ENG-1", "XYZ"), "TEAM: no team with code 'XYZ'"),
    (("okr", "objective", "retire", "ENG-9"), "OBJECTIVE: no objective 'ENG-9'"),
    (
        ("okr", "kr", "add", "ENG-1", "T"),
        "give --start N and --target N (a metric), or --milestone",
    ),
    (
        ("okr", "kr", "add", "ENG-1", "T", "--milestone", "--start", "1"),
        "a --milestone key result has no --start",
    ),
    (
        ("okr", "kr", "add", "ENG-1", "T", "--start", "1,5", "--target", "3"),
        "--start: '1,5' is not a number",
    ),
    (
        ("okr", "kr", "add", "ENG-1", "T", "--start", "5", "--target", "5"),
        "target must differ from start",
    ),
    (
        ("okr", "kr", "add", "ENG-1", "T", "--start", "1", "--target", "nan"),
        "--target: 'nan' is not a finite number",
    ),
    (("okr", "kr", "add", "ENG-9", "T", "--milestone"), "OBJECTIVE: no objective 'ENG-9'"),
    (
        ("okr", "kr", "add", "ENG-1", "T", "--milestone", "--unit", "u" * 41),
        "unit: is 41 characters long",
    ),
    (("okr", "kr", "edit", "ENG-9.9", "--title", "T"), "KR: no key result 'ENG-9.9'"),
    (("okr", "kr", "edit", "ENG-1.1"), "nothing to change"),
    (("okr", "kr", "edit", "ENG-1.1", "--target", "800"), "target must differ from start"),
    (
        ("okr", "kr", "edit", "ENG-1.1", "--target", "300", "--override"),
        "--override needs --reason",
    ),
    (
        ("okr", "kr", "edit", "ENG-1.1", "--owner", "nobody"),
        "--owner: no person with handle 'nobody'",
    ),
    (("okr", "kr", "move", "ENG-1.1", "ENG-9"), "OBJECTIVE: no objective 'ENG-9'"),
    (("okr", "kr", "retire", "ENG-9.9"), "KR: no key result 'ENG-9.9'"),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD, ids=[" ".join(a[:3]) + f" #{i}" for i, (a, _) in enumerate(BAD)]
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    env: Env, store: Store, args: tuple[str, ...], message: str
) -> None:
    build_small_org(store)
    before = dump(store)
    code, out, err = run(env, *args)
    assert code == 2, out
    assert out == ""
    assert err.startswith("okrtui: ")
    assert err.count("\n") == 1, err
    assert message in err
    assert "Traceback" not in err
    assert dump(store) == before


def test_without_a_database_the_writes_say_so(env: Env) -> None:
    code, _, err = run(env, "okr", "objective", "add", "ENG", "T")
    assert code == 2
    assert err.startswith("okrtui: ") and err.count("\n") == 1


def test_a_retired_kr_is_refused_a_second_retirement(env: Env, store: Store) -> None:
    build_small_org(store)
    assert run(env, "okr", "kr", "retire", "ENG-1.1")[0] == 0
    before = dump(store)
    code, _, err = run(env, "okr", "kr", "retire", "ENG-1.1")
    assert (code, err) == (2, "okrtui: key result ENG-1.1 is retired already\n")
    assert dump(store) == before
    assert store.cycle(store.resolve_cycle(None).id).start == date(2026, 10, 5)
