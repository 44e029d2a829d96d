"""Dates and time zones at the edges: years 1 and 9999, regions and absurd zone names.

Python's dates end at years 1 and 9999, where moving a time between zones overflows; okrtui
accepts 1900-01-01 to 2200-12-31 and says so. Every time zone okrtui reads goes through one
check (`okrtui.domain.calendar.zone_info`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.commands.demo import write_demo
from okrtui.cycle import CycleError, move_milestone, new_cycle
from okrtui.domain.calendar import EARLIEST, LATEST, date_problem, zone_info, zone_problem
from okrtui.domain.models import CycleStatus
from okrtui.io.okrset import OKRSetError
from okrtui.io.toml_io import parse_toml
from okrtui.store import Store, open_db

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def assert_bad_input(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("okrtui: "), err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err


def okrset(
    *,
    checkin_at: str = "2026-10-12T09:00:00Z",
    start: str = "2026-10-05",
    end: str = "2026-12-31",
    zone: str = "Europe/Berlin",
    milestone: str = "2026-10-05",
) -> str:
    return f"""\
format = 1
timezone = "{zone}"

[[people]]
handle = "ana"
name = "Ana"

[[teams]]
code = "ENG"
name = "Engineering"

[cycle]
slug = "q"
name = "Q"
start = {start}
end = {end}

[[cycle.milestones]]
kind = "kickoff"
title = "Kickoff"
on = {milestone}

[[objectives]]
team = "ENG"
title = "Faster"

[[objectives.key_results]]
title = "p95"
start = 800.0
target = 200.0

[[objectives.key_results.checkins]]
at = {checkin_at}
confidence = 5
"""


@pytest.mark.parametrize("moment", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"])
def test_check_ins_at_the_ends_of_time_are_refused(moment: str, tmp_path: Path) -> None:
    with pytest.raises(OKRSetError, match="checkins\\[0\\].at: .* outside the dates okrtui"):
        parse_toml(okrset(checkin_at=moment), "edge.toml")
    path = tmp_path / "edge.toml"
    path.write_text(okrset(checkin_at=moment))
    db = tmp_path / "okr.db"
    code, _, err = run_cli("import", str(path), "--db", str(db))
    assert_bad_input(code, err, "edge.toml", "outside the dates")


@pytest.mark.parametrize(
    ("start", "end", "where"),
    [
        ("0001-01-01", "0001-03-31", "cycle.start"),
        ("9999-10-01", "9999-12-31", "cycle.start"),
        ("2026-10-05", "9999-12-31", "cycle.end"),
    ],
)
def test_a_cycle_near_year_1_or_9999_is_refused(start: str, end: str, where: str) -> None:
    with pytest.raises(OKRSetError, match=f"{where}: .* outside the dates"):
        parse_toml(okrset(start=start, end=end, milestone=start), "edge.toml")


def test_a_milestone_near_year_1_is_refused() -> None:
    with pytest.raises(OKRSetError, match=r"cycle.milestones\[0\].on: .* outside the dates"):
        parse_toml(okrset(milestone="0001-01-01"), "edge.toml")


aware = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
).flatmap(
    lambda moment: st.integers(-23 * 60, 23 * 60).map(
        lambda minutes: moment.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    )
)


@settings(max_examples=150, deadline=None)
@given(moment=aware)
def test_any_check_in_time_imports_or_is_refused_by_name(moment: datetime) -> None:
    try:
        doc = parse_toml(okrset(checkin_at=moment.isoformat()), "gen.toml").doc
    except OKRSetError as error:
        assert "checkins[0].at" in str(error) and "outside the dates" in str(error)
        assert date_problem(moment) != ""
    else:
        at = doc.objectives[0].key_results[0].checkins[0].at
        assert at == moment and at.tzinfo is UTC
        assert EARLIEST <= moment.date() <= LATEST


@settings(max_examples=100, deadline=None)
@given(day=st.dates())
def test_any_cycle_start_is_a_cycle_or_a_clear_refusal(day: date) -> None:
    store = Store(open_db(":memory:"), FixedClock(NOW))
    end = day + timedelta(days=90) if day < date(9999, 9, 1) else date(9999, 12, 31)
    try:
        cycle = new_cycle(store, "q", "Q", day, end)
    except CycleError as error:
        assert "outside the dates okrtui accepts" in str(error) or end <= day
    else:
        assert cycle.start >= EARLIEST and cycle.end <= LATEST
    finally:
        store.db.close()


def test_cycle_new_at_year_1_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "okr.db"
    code, _, err = run_cli(
        "cycle", "new", "old", "--start", "0001-01-01", "--end", "0001-03-31", "--db", str(db)
    )
    assert_bad_input(code, err, "0001-01-01", "outside the dates")
    store = Store(open_db(db))
    assert store.cycles() == []
    store.db.close()


# -- time zones ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("America", "that is a region"),
        ("Z" * 300, "unknown time zone"),
        ("Europe/" + "x" * 300, "unknown time zone"),
        ("../../etc/passwd", "unknown time zone"),
        ("/etc/localtime", "unknown time zone"),
        ("", "unknown time zone"),
        ("Europe/Berlin\x00", "contains a NUL character"),
    ],
)
def test_bad_zones_in_an_import_are_clear_errors(name: str, says: str, tmp_path: Path) -> None:
    with pytest.raises(OKRSetError, match=f"timezone: .*{says}"):
        parse_toml(okrset(zone=name.replace("\x00", "\\u0000")), "zone.toml")
    path = tmp_path / "zone.toml"
    path.write_text(okrset(zone=name.replace("\x00", "\\u0000")))
    code, _, err = run_cli("import", str(path), "--db", str(tmp_path / "okr.db"))
    assert_bad_input(code, err, "zone.toml", says)


@given(st.text(max_size=400))
def test_any_zone_name_is_a_zone_or_a_message(name: str) -> None:
    problem = zone_problem(name)
    if problem:
        assert problem.startswith("unknown time zone")
        assert len(problem) < 200
        with pytest.raises(ValueError):
            zone_info(name)
    else:
        assert str(zone_info(name)) == name


# -- milestones ---------------------------------------------------------------------------


@pytest.fixture
def demo_store(tmp_path: Path) -> Store:
    path = write_demo(tmp_path / "demo.db", FixedClock(NOW))
    return Store(open_db(path), FixedClock(NOW))


def _kickoff(store: Store) -> tuple[int, date]:
    cycle = store.current_cycle()
    assert cycle is not None
    first = store.milestones(cycle.id)[0]
    return first.id, first.on


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31), date(1899, 12, 31)])
def test_a_milestone_does_not_move_to_the_ends_of_time(demo_store: Store, day: date) -> None:
    milestone_id, on = _kickoff(demo_store)
    with pytest.raises(CycleError, match="too far from cycle"):
        move_milestone(demo_store, milestone_id, day, override=True, reason="test")
    assert demo_store.milestone(milestone_id).on == on


def test_a_milestone_in_a_closed_cycle_does_not_move(demo_store: Store) -> None:
    milestone_id, on = _kickoff(demo_store)
    cycle = demo_store.current_cycle()
    assert cycle is not None
    demo_store.set_cycle_status(cycle.id, CycleStatus.CLOSED)
    with pytest.raises(CycleError, match="is closed"):
        move_milestone(demo_store, milestone_id, on + timedelta(days=1), override=True, reason="x")
    assert demo_store.milestone(milestone_id).on == on


def test_move_milestone_to_year_1_on_the_command_line(tmp_path: Path) -> None:
    path = write_demo(tmp_path / "demo.db", FixedClock(NOW))
    code, _, err = run_cli(
        "cycle",
        "move-milestone",
        "kickoff",
        "0001-01-01",
        "--override",
        "--reason",
        "x",
        "--db",
        str(path),
    )
    assert_bad_input(code, err, "0001-01-01")
