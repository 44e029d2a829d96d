"""`okrtui due`: who is due a check-in, its three formats and its exit codes (issue 19)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.models import KeyResult, KRKind, Meeting, MeetingStatus, Objective, Person, Team
from okrtui.store import Store, open_db
from okrtui.views.due import due_list


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


def end_meeting(store: Store, cycle_id: int, team_id: int | None, clock: FixedClock) -> None:
    meeting = store.create_meeting(
        Meeting(
            cycle_id=cycle_id,
            team_id=team_id,
            agenda_slug="weekly-checkin",
            title="Weekly check-in",
            agenda_snapshot="{}",
            started_at=clock.now() - timedelta(minutes=30),
        ),
        [],
    )
    store.end_meeting(meeting.id, clock.now())
    assert store.meeting(meeting.id).status is MeetingStatus.ENDED


@pytest.fixture
def week(store: Store, small_org: dict[str, int], clock: FixedClock) -> dict[str, int]:
    """ENG-1.1 checked in 10 days ago, ENG's meeting ended 3 days ago, ENG-1.2 checked in
    yesterday; ENG-2.1 and ENG-2.2 never."""
    now = clock.now()
    clock.set(now - timedelta(days=10))
    store.record_checkin(small_org["ENG-1.1"], confidence=6, author_id=small_org["ana"])
    clock.set(now - timedelta(days=3))
    end_meeting(store, small_org["cycle"], small_org["team"], clock)
    clock.set(now - timedelta(days=1))
    store.record_checkin(small_org["ENG-1.2"], confidence=7, author_id=small_org["ben"])
    clock.set(now)
    return small_org


def test_the_list_is_grouped_by_owner_with_the_age_of_the_last_checkin(
    store: Store, week: dict[str, int], clock: FixedClock
) -> None:
    due = due_list(store, store.cycle(week["cycle"]), clock.now())
    assert [(p.handle, [(k.ref, k.age_days) for k in p.krs]) for p in due.people] == [
        ("ana", [("ENG-1.1", 10), ("ENG-2.2", None)]),
        ("ben", [("ENG-2.1", None)]),
    ]
    assert (due.due_count, due.in_scope, due.everyone_in) == (3, 4, False)
    assert due.people[0].krs[0].since == clock.now() - timedelta(days=3)  # the meeting's end


def test_with_days_the_window_replaces_the_meeting(
    store: Store, week: dict[str, int], clock: FixedClock
) -> None:
    due = due_list(store, store.cycle(week["cycle"]), clock.now(), days=14)
    assert sorted(k.ref for p in due.people for k in p.krs) == ["ENG-2.1", "ENG-2.2"]
    assert due.measure == "in the last 14 days"


def test_a_kr_without_an_owner_belongs_to_its_objectives_owner(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    objective = store.objectives(small_org["cycle"])[0]
    store.add_key_result(
        KeyResult(
            objective_id=objective.id,
            number=3,
            ref="ENG-1.3",
            title="Unowned",
            kind=KRKind.MILESTONE,
        ),
        small_org["cycle"],
    )
    due = due_list(store, store.cycle(small_org["cycle"]), clock.now())
    assert "ENG-1.3" in [k.ref for k in due.for_person(objective.owner_id or 0)]


def test_text_output_and_exit_code_one_when_someone_is_due(env: Env, week: dict[str, int]) -> None:
    code, out, err = run(env, "due")
    assert code == 1, err
    assert out.splitlines() == [
        "Q4 2026: 3 key results of 4 due a check-in, from 2 people "
        "(no check-in since their team's last meeting)",
        "Measured ENG since Weekly check-in, Nov 15.",
        "",
        "Ana Silva (ana): 2 due",
        "  ENG-1.1  p95 latency (last check-in 10 days ago)",
        "  ENG-2.2  NPS (never checked in)",
        "",
        "Ben Okafor (ben): 1 due",
        "  ENG-2.1  Activation rate (never checked in)",
    ]


def test_exit_code_zero_when_everyone_is_in(env: Env, store: Store, week: dict[str, int]) -> None:
    for ref in ("ENG-1.1", "ENG-2.1", "ENG-2.2"):
        store.record_checkin(week[ref], confidence=5)
    code, out, err = run(env, "due")
    assert (code, err) == (0, "")
    assert out == (
        "Q4 2026: everyone is in: all 4 key results checked in since their team's last meeting.\n"
    )
    code, out, _ = run(env, "due", "--format", "json")
    assert code == 0
    assert json.loads(out)["everyone_in"] is True


def test_team_narrows_the_list(env: Env, store: Store, week: dict[str, int]) -> None:
    ops = store.add_team(Team(code="OPS", name="Operations"))
    objective = store.add_objective(
        Objective(cycle_id=week["cycle"], team_id=ops.id, number=1, ref="OPS-1", title="Run")
    )
    store.add_key_result(
        KeyResult(
            objective_id=objective.id,
            number=1,
            ref="OPS-1.1",
            title="Uptime",
            kind=KRKind.MILESTONE,
        ),
        week["cycle"],
    )
    code, out, _ = run(env, "due", "--team", "ops")
    assert code == 1
    assert "OPS-1.1" in out and "ENG-" not in out
    assert out.startswith("Q4 2026, team OPS: 1 key result of 1 due")
    assert "OPS since the cycle began, Oct 5" in out


def test_markdown_pastes_into_chat_without_mentions(
    env: Env, store: Store, week: dict[str, int]
) -> None:
    store.add_person(Person(handle="eve", name="@channel Eve"))
    eve = store.person_by_handle("eve")
    objective = store.objectives(week["cycle"])[0]
    store.add_key_result(
        KeyResult(
            objective_id=objective.id,
            number=3,
            ref="ENG-1.3",
            title="Ping @everyone *loudly*",
            owner_id=eve.id,
            kind=KRKind.MILESTONE,
        ),
        week["cycle"],
    )
    code, out, _ = run(env, "due", "--format", "markdown")
    assert code == 1
    assert out.startswith("**Due for a check-in** (Q4 2026): 4 key results of 5, 3 people")
    assert "- **Ana Silva** (ana)\n  - ENG-1.1 p95 latency: last check-in 10 days ago\n" in out
    assert re.search(r"(?<![A-Za-z0-9])@\w", out) is None  # no mention pings anyone
    assert "\\*loudly\\*" in out


def test_json_for_scripts(env: Env, week: dict[str, int], clock: FixedClock) -> None:
    code, out, _ = run(env, "due", "--format", "json", "--days", "7")
    assert code == 1
    data = json.loads(out)
    assert (data["measured"], data["days"], data["due_count"]) == ("days", 7, 3)
    ana = data["people"][0]
    assert ana["handle"] == "ana"
    assert ana["key_results"][0] == {
        "ref": "ENG-1.1",
        "title": "p95 latency",
        "team": "ENG",
        "since": (clock.now() - timedelta(days=7)).isoformat(),
        "last_checkin_at": (clock.now() - timedelta(days=10)).isoformat(),
        "age_days": 10,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--days", "0"], "okrtui: invalid value for '--days'"),
        (["--days", "x"], "okrtui: invalid value for '--days'"),
        (["--team", "NOPE"], "okrtui: no team with code 'NOPE'"),
        (["--team", " "], "okrtui: --team: the team code is empty"),
        (["--format", "xml"], "okrtui: invalid value for '--format'"),
    ],
)
def test_bad_input_is_one_line_and_exit_two(
    env: Env, week: dict[str, int], args: list[str], message: str
) -> None:
    code, out, err = run(env, "due", *args)
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1


def test_a_retired_kr_is_never_due(store: Store, week: dict[str, int], clock: FixedClock) -> None:
    store.structure.retire_key_result(week["ENG-2.2"], reason="dropped")
    due = due_list(store, store.cycle(week["cycle"]), clock.now())
    assert "ENG-2.2" not in [k.ref for p in due.people for k in p.krs]
    assert due.in_scope == 3


def test_before_the_cycle_starts_nobody_is_due(
    env: Env, store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    """Drafted OKRs are not overdue: a newcomer team writing its OKRs a month ahead saw
    every KR "due a check-in (never)"."""
    from datetime import UTC, datetime

    clock.set(datetime(2026, 9, 2, 9, tzinfo=UTC))  # the cycle starts Mon 05 Oct
    due = due_list(store, store.cycle(small_org["cycle"]), clock.now())
    assert due.people == () and due.in_scope == 4 and due.starts_on is not None
    code, out, _ = run(env, "due")
    assert code == 0
    assert out == "Q4 2026: check-ins are due from Mon 05 Oct 2026, when the cycle starts.\n"
    code, out, _ = run(env, "due", "--format", "json")
    assert json.loads(out)["starts_on"] == "2026-10-05" and json.loads(out)["people"] == []
    clock.set(datetime(2026, 10, 5, 9, tzinfo=UTC))
    assert run(env, "due")[0] == 1
