"""`okrtui cycle`: every command, and every bad input as one line, exit 2, nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.models import CycleStatus
from okrtui.store import Store, open_db

TABLES = ("cycles", "milestones", "objectives", "key_results", "grades", "audit")


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    """A file store, so that the command line sees what the fixtures wrote."""
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


@pytest.fixture
def env(clock: FixedClock, db_path: Path) -> Env:
    return Env(Settings(), clock, db_flag=str(db_path), environ={"OKRTUI_USER": "ana"})


def run(env: Env, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj=env, input=input)
    return result.exit_code, result.stdout, result.stderr


def snapshot(store: Store) -> dict[str, list[Any]]:
    return {t: list(store.db.execute(f"SELECT * FROM {t} ORDER BY id").fetchall()) for t in TABLES}


def assert_refused(result: tuple[int, str, str], *needles: str) -> None:
    code, _, err = result
    assert code == 2, err
    assert err.startswith("okrtui: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err


def grade_all(env: Env) -> None:
    for ref, score in (("ENG-1.1", "0.6"), ("ENG-1.2", "1"), ("ENG-2.1", "0.45")):
        assert run(env, "cycle", "grade", ref, score, "--note", "ok")[0] == 0
    assert run(env, "cycle", "grade", "ENG-2.2", "--ungraded", "survey cancelled")[0] == 0


def test_cycle_is_a_registered_command(env: Env) -> None:
    code, out, _ = run(env, "--help")
    assert code == 0
    for name in ("cycle", "report", "health"):
        assert name in out


def test_new_creates_a_cycle_with_its_milestones(env: Env, store: Store) -> None:
    code, out, err = run(
        env,
        "cycle",
        "new",
        "2027-Q1",
        "--name",
        "Q1 2027",
        "--start",
        "2027-01-04",
        "--end",
        "2027-04-04",
    )
    assert code == 0, err
    assert out.startswith("created cycle 2027-Q1 (Q1 2027), 2027-01-04 to 2027-04-04")
    cycle = store.cycle_by_slug("2027-Q1")
    assert cycle.status is CycleStatus.PLANNING
    assert len(store.milestones(cycle.id)) == 6


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--start", "2027-13-01", "--end", "2027-04-04"), ("--start", "not a date")),
        (("--start", "2027-01-04", "--end", "tomorrow"), ("--end", "'tomorrow' is not a date")),
        (("--end", "2027-04-04"), ("--start is required",)),
        (("--start", "2027-04-04", "--end", "2027-01-04"), ("not after its start",)),
        (("--start", "2026-01-04", "--end", "2026-04-04"), ("2026-Q4", "already exists")),
    ],
)
def test_new_refuses_bad_input(
    env: Env,
    store: Store,
    small_org: dict[str, int],
    args: tuple[str, ...],
    needles: tuple[str, ...],
) -> None:
    slug = "2026-Q4" if "2026-01-04" in args else "2027-Q1"
    before = snapshot(store)
    assert_refused(run(env, "cycle", "new", slug, *args), *needles)
    assert snapshot(store) == before


def test_an_unknown_cycle_is_named(env: Env, store: Store, small_org: dict[str, int]) -> None:
    before = snapshot(store)
    for command in ("lock", "close", "activate", "milestones"):
        assert_refused(run(env, "cycle", command, "nope"), "no cycle called 'nope'", "2026-Q4")
    assert snapshot(store) == before


def test_list_marks_the_current_cycle(env: Env, store: Store, small_org: dict[str, int]) -> None:
    run(env, "cycle", "new", "2027-Q1", "--start", "2027-01-04", "--end", "2027-04-04")
    code, out, _ = run(env, "cycle", "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("* 2026-Q4  2026-10-05 to 2027-01-03  active")
    assert lines[1].startswith("  2027-Q1  2027-01-04 to 2027-04-04  planning")


def test_a_locked_milestone_needs_an_override_with_a_reason(
    env: Env, store: Store, small_org: dict[str, int]
) -> None:
    code, out, _ = run(env, "cycle", "lock")
    assert (code, out.strip()) == (0, "locked cycle 2026-Q4: its milestone dates are now fixed")
    mid = next(m for m in store.milestones(small_org["cycle"]) if m.kind == "mid-cycle-review")
    before = snapshot(store)
    assert_refused(
        run(env, "cycle", "move-milestone", str(mid.id), "2026-11-20"),
        "locked",
        "needs an override with a reason",
    )
    assert_refused(
        run(env, "cycle", "move-milestone", str(mid.id), "2026-11-20", "--override"),
        "--override needs --reason",
    )
    assert_refused(
        run(
            env, "cycle", "move-milestone", str(mid.id), "20/11/2026", "--override", "--reason", "x"
        ),
        "DATE",
        "not a date",
    )
    assert_refused(run(env, "cycle", "move-milestone", "9999", "2026-11-20"), "no milestone")
    assert snapshot(store) == before

    code, out, err = run(
        env,
        "cycle",
        "move-milestone",
        "mid-cycle-review",
        "2026-11-20",
        "--override",
        "--reason",
        "offsite",
    )
    assert code == 0, err
    assert out.strip() == "moved Mid-cycle review from 2026-11-16 to 2026-11-20"
    (entry,) = store.audit_log("milestone", mid.id)
    assert (entry.action, entry.reason, entry.who) == ("override", "offsite", "ana")


def test_milestones_lists_ids(env: Env, small_org: dict[str, int]) -> None:
    code, out, _ = run(env, "cycle", "milestones")
    assert code == 0
    assert "2026-10-05  kickoff" in out and "Mid-cycle review" in out


def test_grading_from_the_command_line(env: Env, store: Store, small_org: dict[str, int]) -> None:
    code, out, _ = run(env, "cycle", "grade", "ENG-1.1", "0.7")
    assert code == 0
    assert out.strip() == (
        "ENG-1.1 p95 latency: graded 0.7 (Green); committed KR under 1.0: flagged for a "
        "post-mortem (add one with --note)"
    )
    grade = store.latest_grades(small_org["cycle"])[small_org["ENG-1.1"]]
    assert (grade.score, grade.author_id) == (0.7, small_org["ana"])
    code, out, _ = run(env, "cycle", "grade", "ENG-2.1", "0.75", "-n", "nearly")
    assert out.strip() == "ENG-2.1 Activation rate: graded 0.75 (Green)"


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("ENG-1.1", "1.3"), ("SCORE: grade 1.3 is outside 0.0–1.0",)),
        (("ENG-1.1", "7"), ("SCORE is 0.0 to 1.0, got 7 (did you mean 0.7?)",)),
        (("ENG-1.1", "10"), ("SCORE is 0.0 to 1.0, got 10 (did you mean 1.0?)",)),
        (("ENG-1.1",), ("give ENG-1.1 a SCORE",)),
        (("ENG-1.1", "7", "--ungraded", "why"), ("not both",)),
        (("ENG-1.1", "--ungraded", " "), ("needs a reason",)),
        (("ENG-9.9", "0.7"), ("no key result 'ENG-9.9'",)),
        (("ENG-1.1", "0.7", "--cycle", "nope"), ("no cycle called 'nope'",)),
    ],
)
def test_bad_grades_are_refused(
    env: Env,
    store: Store,
    small_org: dict[str, int],
    args: tuple[str, ...],
    needles: tuple[str, ...],
) -> None:
    before = snapshot(store)
    assert_refused(run(env, "cycle", "grade", *args), *needles)
    assert snapshot(store) == before


@pytest.mark.parametrize(("typed", "stored"), [("1", 1.0), ("0", 0.0), ("1.0", 1.0), (".5", 0.5)])
def test_grades_on_the_command_line_are_scores_as_written(
    env: Env, store: Store, small_org: dict[str, int], typed: str, stored: float
) -> None:
    code, _, err = run(env, "cycle", "grade", "ENG-2.1", typed)
    assert code == 0, err
    assert store.latest_grades(small_org["cycle"])[small_org["ENG-2.1"]].score == stored


def test_closing_with_ungraded_krs_is_refused(
    env: Env, store: Store, small_org: dict[str, int]
) -> None:
    run(env, "cycle", "grade", "ENG-1.1", "0.7")
    before = snapshot(store)
    assert_refused(
        run(env, "cycle", "close"),
        "cannot close",
        "3 of 4 KRs have no grade (ENG-1.2, ENG-2.1, ENG-2.2)",
    )
    assert snapshot(store) == before


def test_close_and_roll_over(env: Env, store: Store, small_org: dict[str, int]) -> None:
    run(env, "cycle", "new", "2027-Q1", "--start", "2027-01-04", "--end", "2027-04-04")
    grade_all(env)
    before = snapshot(store)
    assert_refused(run(env, "cycle", "close", "--rollover", "2027-Q1"), "--copy REF", "ENG-2")
    assert_refused(
        run(env, "cycle", "close", "--rollover", "2027-Q1", "--copy", "ENG-7"),
        "no objective ENG-7 in cycle 2026-Q4",
    )
    assert_refused(run(env, "cycle", "close", "--copy", "ENG-2"), "--copy needs --rollover")
    assert_refused(
        run(env, "cycle", "close", "--rollover", "2099-Q1", "--copy", "all"),
        "no cycle called '2099-Q1'",
    )
    assert snapshot(store) == before

    code, out, err = run(env, "cycle", "close", "--rollover", "2027-Q1", "--copy", "eng-2")
    assert code == 0, err
    assert out.splitlines() == [
        "closed cycle 2026-Q4",
        "  rolled ENG-2 over into 2027-Q1 as ENG-1: Delight new users",
    ]
    assert store.cycle(small_org["cycle"]).status is CycleStatus.CLOSED
    new_cycle = store.cycle_by_slug("2027-Q1")
    assert [k.ref for k in store.key_results(new_cycle.id)] == ["ENG-1.1", "ENG-1.2"]
    assert_refused(run(env, "cycle", "close", "2026-Q4"), "already closed")


def test_close_asks_which_objectives_to_roll_over(
    env: Env, store: Store, small_org: dict[str, int]
) -> None:
    run(env, "cycle", "new", "2027-Q1", "--start", "2027-01-04", "--end", "2027-04-04")
    grade_all(env)
    code, out, err = run(env, "cycle", "close", "2026-Q4", "--interactive", input="2027-Q1\n1\n")
    assert code == 0, err
    assert "1. ENG-2 Delight new users (graded 0.45, 2 KRs)" in out
    assert "rolled ENG-2 over into 2027-Q1 as ENG-1" in out
    assert len(store.objectives(store.cycle_by_slug("2027-Q1").id)) == 1


def test_close_without_a_terminal_does_not_ask(
    env: Env, store: Store, small_org: dict[str, int]
) -> None:
    grade_all(env)
    code, out, _ = run(env, "cycle", "close")
    assert code == 0
    assert out.splitlines()[0] == "closed cycle 2026-Q4"
    assert "(ENG-2) were not rolled over" in out
