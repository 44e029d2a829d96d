"""The cycle report of many key results across many teams, read the fast way.

The golden files were written by the report that built a model for every key result and
every check-in (commit b1f4ee0), on the organisation of `many_teams_org`: the report that
SQLite sums up must say the same, byte for byte, whether the check-ins are folded in a
thread of their own (a database file) or not (in memory), written whole or a piece at a
time. Regenerate only on purpose: `OKRTUI_UPDATE_GOLDEN=1`.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from okrtui.clock import FixedClock
from okrtui.cycle import new_cycle
from okrtui.domain.krstate import state_after
from okrtui.domain.models import CheckIn, KeyResult, Objective, ObjectiveKind, Team
from okrtui.meeting.report import render_report, write_report
from okrtui.store import Store, open_db
from okrtui.store.report_reads import CheckinFolds, confidence_of, folds_sql
from tests.unit.many_teams_org import AFTER_END, REPORT_DAY, build_many_teams

GOLDEN = Path(__file__).parent / "golden"
CASES = [(REPORT_DAY, "report_many_teams.md"), (AFTER_END, "report_many_teams_end.md")]
NOW = datetime(2026, 12, 9, 14, tzinfo=UTC)


@pytest.fixture(scope="module")
def many_teams_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The organisation, built once in memory and copied to a file."""
    clock = FixedClock(NOW)
    db = open_db(":memory:")
    build_many_teams(Store(db, clock, actor="tester"), clock)
    path = tmp_path_factory.mktemp("many") / "many.db"
    target = sqlite3.connect(path)
    db.conn.backup(target)
    target.close()
    db.close()
    return path


@pytest.fixture
def many_teams(many_teams_file: Path) -> Iterator[Store]:
    db = open_db(many_teams_file)
    yield Store(db, FixedClock(NOW), actor="tester")
    db.close()


def _golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if os.environ.get("OKRTUI_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("day", "golden"), CASES)
def test_many_teams_report_as_the_models_gave_it(many_teams: Store, day: date, golden: str) -> None:
    assert many_teams.db.path is not None  # a file: the check-ins are folded in a thread
    text = render_report(many_teams, many_teams.cycle_by_slug("2026-Q4"), today=day)
    assert text == _golden(golden, text)


@pytest.mark.parametrize(("day", "golden"), CASES)
def test_many_teams_report_in_memory(day: date, golden: str) -> None:
    clock = FixedClock(NOW)
    db = open_db(":memory:")
    store = Store(db, clock, actor="tester")
    cycle_id = build_many_teams(store, clock)
    text = render_report(store, store.cycle(cycle_id), today=day)
    db.close()
    assert text == (GOLDEN / golden).read_text(encoding="utf-8")


def test_the_report_written_a_piece_at_a_time_is_the_whole_text(many_teams: Store) -> None:
    cycle = many_teams.cycle_by_slug("2026-Q4")
    pieces: list[str] = []
    write_report(many_teams, cycle, pieces.append, today=REPORT_DAY)
    assert "".join(pieces) == render_report(many_teams, cycle, today=REPORT_DAY)
    assert len(pieces) > 12  # a piece per team's objectives at least: nothing held whole


def test_folds_that_fail_in_their_thread_are_read_again(
    many_teams: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_second_connection(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", no_second_connection)
    text = render_report(many_teams, many_teams.cycle_by_slug("2026-Q4"), today=REPORT_DAY)
    assert text == (GOLDEN / "report_many_teams.md").read_text(encoding="utf-8")


def test_the_folding_scan_sorts_nothing(many_teams: Store) -> None:
    """Each KR's check-ins are folded in the order the index gives them (time, then id):
    a sort in the plan could hand them over in any order."""
    plan = many_teams.db.conn.execute(
        "EXPLAIN QUERY PLAN " + folds_sql(13),
        {"cycle": 1, "starting": 5, "early_from": "", "early_until": ""}
        | {f"i{n}": "" for n in range(13)},
    ).fetchall()
    details = " / ".join(str(row[-1]) for row in plan)
    assert "checkins_kr_at" in details
    assert "TEMP B-TREE" not in details


def test_a_kr_stands_where_its_latest_write_left_it(store: Store) -> None:
    """Two check-ins at the same instant, and one written afterwards for an earlier time:
    each week ends on the confidence the one KR-state rule gives for that history."""
    team = store.add_team(Team(code="OPS", name="Operations"))
    cycle_id = new_cycle(store, "2026-Q4", "Q4 2026", date(2026, 10, 5), date(2027, 1, 3)).id
    objective = store.add_objective(
        Objective(
            cycle_id=cycle_id,
            team_id=team.id,
            number=1,
            ref="OPS-1",
            title="Run",
            kind=ObjectiveKind.COMMITTED,
        )
    )
    kr = store.add_key_result(
        KeyResult(
            objective_id=objective.id, number=1, ref="OPS-1.1", title="Up", start=0, target=1
        ),
        cycle_id,
    )
    monday = datetime(2026, 10, 12, 9, tzinfo=UTC)
    for at, confidence in [(monday, 3), (monday, 8), (monday - timedelta(days=1), 1)]:
        store.add_checkin(
            CheckIn(kr_id=kr.id, at=at, value=None, confidence=confidence), as_recorded=True
        )
    cycle = store.cycle(cycle_id)
    ends = [monday - timedelta(days=2), monday - timedelta(hours=1), monday + timedelta(hours=1)]
    fold = CheckinFolds(store, cycle, ends).result()[kr.id]
    history = store.checkins(kr.id)
    expected = [
        state_after(kr, before).confidence
        if (before := [c for c in history if c.at < end])
        else None
        for end in [*ends, monday + timedelta(days=365)]
    ]
    assert [confidence_of(letter) for letter in fold.confidence_before] == expected
    assert expected == [None, 1, 8, 8]
    assert fold.checkins == 3
