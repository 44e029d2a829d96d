"""The store: opening files safely, migrations, append-only facts and audited edits."""

from __future__ import annotations

import sqlite3
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils.migrations import Migrations

from okrtui.clock import FixedClock
from okrtui.domain.models import (
    ActionItem,
    Blocker,
    CheckIn,
    Grade,
    Meeting,
    MeetingStep,
    StepStatus,
    Win,
)
from okrtui.store import Conflict, LockedMilestone, NotFound, Store, StoreError, open_db, schema
from okrtui.store import db as db_module
from okrtui.store.schema import initial


def test_open_db_sets_the_pragmas(db_path: Path) -> None:
    db = open_db(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_a_new_database_is_readable_by_its_owner_only(db_path: Path) -> None:
    open_db(db_path).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_a_missing_directory_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory .* does not exist"):
        open_db(tmp_path / "nowhere" / "x.db")
    assert not (tmp_path / "nowhere").exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, I am not a database")
    with pytest.raises(StoreError, match="not an SQLite database"):
        open_db(path)
    assert path.read_text() == "hello, I am not a database"


def test_an_sqlite_file_from_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not one made by okrtui"):
        open_db(path)


def test_a_database_from_a_newer_okrtui_is_refused(db_path: Path) -> None:
    db = open_db(db_path)
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('okrtui', '0099_from_the_future', '2030-01-01')"
    )
    db.close()
    with pytest.raises(StoreError, match="newer okrtui"):
        open_db(db_path)


def test_a_migration_copies_the_file_aside_first(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file made when 0001 was the newest migration is copied aside before the later
    migrations (today's real ones) change it."""
    only_first = Migrations("okrtui")
    only_first(name="0001_initial")(initial)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "migrations", only_first)
        patch.setattr(db_module, "known_migration_names", lambda: ["0001_initial"])
        store = Store(open_db(db_path))
        store.set_setting("organisation", "Before")
        store.db.close()

    db = open_db(db_path)
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert "meeting_runners" in tables
    backups = list(db_path.parent.glob("okrtui.db.0001_initial.*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT value FROM settings").fetchone()[0] == "Before"
    old_tables = [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert "meeting_runners" not in old_tables


def test_reopening_an_up_to_date_file_makes_no_copy(db_path: Path) -> None:
    open_db(db_path).close()
    open_db(db_path).close()
    assert not list(db_path.parent.glob("*.bak"))


def test_checkins_are_appended_and_the_latest_is_current(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    kr = small_org["ENG-1.1"]
    store.add_checkin(CheckIn(kr_id=kr, at=clock.now(), value=700, confidence=5))
    clock.advance(days=7)
    store.add_checkin(CheckIn(kr_id=kr, at=clock.now(), value=600, confidence=7, note="cache"))
    history = store.checkins(kr)
    assert [c.value for c in history] == [700, 600]
    latest = store.latest_checkins(small_org["cycle"])[kr]
    assert (latest.value, latest.confidence, latest.note) == (600, 7, "cache")


def test_the_database_refuses_a_confidence_outside_0_to_10(
    store: Store, small_org: dict[str, int]
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO checkins (kr_id, at, confidence) VALUES (?, '2026-01-01', 11)",
            [small_org["ENG-1.1"]],
        )


def test_a_closed_cycle_takes_no_more_checkins(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    from okrtui.domain.models import CycleStatus

    store.set_cycle_status(small_org["cycle"], CycleStatus.CLOSED)
    with pytest.raises(Conflict, match="closed"):
        store.add_checkin(CheckIn(kr_id=small_org["ENG-1.1"], at=clock.now(), confidence=5))
    assert store.checkins(small_org["ENG-1.1"]) == []


def test_editing_a_kr_writes_an_audit_row(store: Store, small_org: dict[str, int]) -> None:
    kr = small_org["ENG-2.1"]
    store.update_key_result(kr, target=45.0, title="Activation rate (day 7)")
    assert store.key_result(kr).target == 45.0
    [entry] = store.audit_log("key_result", kr)
    assert entry.who == "tester"
    assert '"target": 40.0' in entry.before and '"target": 45.0' in entry.after


def test_an_invalid_kr_edit_changes_nothing(store: Store, small_org: dict[str, int]) -> None:
    kr = small_org["ENG-2.1"]
    with pytest.raises(ValueError, match="target must differ from start"):
        store.update_key_result(kr, target=20.0)
    assert store.key_result(kr).target == 40.0
    assert store.audit_log("key_result", kr) == []


def test_a_locked_milestone_moves_only_with_an_override_and_a_reason(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = small_org["cycle"]
    milestone = store.milestones(cycle)[1]
    store.lock_cycle(cycle)
    later = milestone.on + timedelta(days=7)
    with pytest.raises(LockedMilestone, match="needs an override"):
        store.move_milestone(milestone.id, later)
    with pytest.raises(LockedMilestone, match="needs a reason"):
        store.move_milestone(milestone.id, later, override=True, reason="  ")
    assert store.milestone(milestone.id).on == milestone.on
    moved = store.move_milestone(milestone.id, later, override=True, reason="board offsite")
    assert moved.on == later
    [entry] = store.audit_log("milestone", milestone.id)
    assert (entry.action, entry.reason) == ("override", "board offsite")


def test_an_unlocked_milestone_moves_and_is_audited(
    store: Store, small_org: dict[str, int]
) -> None:
    milestone = store.milestones(small_org["cycle"])[0]
    store.move_milestone(milestone.id, date(2026, 10, 6))
    assert store.audit_log("milestone", milestone.id)[0].action == "move"


def test_duplicate_references_are_refused(store: Store, small_org: dict[str, int]) -> None:

    kr = store.key_result(small_org["ENG-1.1"])
    with pytest.raises(Conflict, match="ENG-1.1 already exists"):
        store.add_key_result(kr.model_copy(update={"id": 0}), small_org["cycle"])


def test_kr_lookup_by_reference_ignores_case(store: Store, small_org: dict[str, int]) -> None:
    assert store.kr_by_ref("eng-2.2").id == small_org["ENG-2.2"]
    with pytest.raises(NotFound, match="no key result 'ENG-9.9' in cycle 2026-Q4"):
        store.kr_by_ref("ENG-9.9")


def test_blockers_wins_actions_round_trip(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    cycle, ana, ben = small_org["cycle"], small_org["ana"], small_org["ben"]
    blocker = store.raise_blocker(
        Blocker(cycle_id=cycle, text="Waiting on infra", owner_id=ana, raised_at=clock.now())
    )
    assert [b.id for b in store.blockers(cycle, open_only=True)] == [blocker.id]
    store.resolve_blocker(blocker.id, "Infra delivered")
    assert store.blockers(cycle, open_only=True) == []
    assert store.blocker(blocker.id).resolution == "Infra delivered"
    with pytest.raises(Conflict):
        store.resolve_blocker(blocker.id, "again")

    win = store.add_win(
        Win(cycle_id=cycle, text="Shipped!", at=clock.now(), recognised_ids=(ben, ana))
    )
    assert store.wins(cycle)[0].recognised_ids == (ben, ana) == win.recognised_ids

    action = store.add_action(
        ActionItem(
            cycle_id=cycle,
            text="Write the runbook",
            owner_id=ben,
            due=date(2026, 11, 20),
            created_at=clock.now(),
        )
    )
    assert store.actions(cycle, open_only=True)[0].is_overdue(date(2026, 11, 21))
    store.complete_action(action.id)
    assert store.actions(cycle, open_only=True) == []


def test_latest_grade_wins(store: Store, small_org: dict[str, int], clock: FixedClock) -> None:
    kr = small_org["ENG-1.1"]
    store.add_grade(Grade(kr_id=kr, score=0.6, at=clock.now()))
    clock.advance(minutes=1)
    store.add_grade(Grade(kr_id=kr, score=0.7, note="close call", at=clock.now()))
    assert store.latest_grades(small_org["cycle"])[kr].score == 0.7


def test_meetings_keep_steps_and_attendance(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    meeting = store.create_meeting(
        Meeting(
            cycle_id=small_org["cycle"],
            team_id=small_org["team"],
            agenda_slug="weekly",
            title="Weekly",
            agenda_snapshot="slug = 'weekly'",
            started_at=clock.now(),
            attendee_ids=(small_org["ana"], small_org["ben"]),
        ),
        [
            MeetingStep(
                position=0,
                kind="wins",
                title="Wins",
                planned_minutes=5,
                status=StepStatus.CURRENT,
                entered_at=clock.now(),
            ),
            MeetingStep(position=1, kind="krs", title="KRs", planned_minutes=15),
        ],
    )
    assert meeting.attendee_ids == (small_org["ana"], small_org["ben"])
    assert store.running_meetings() == [meeting]
    steps = store.meeting_steps(meeting.id)
    assert [s.kind for s in steps] == ["wins", "krs"]
    store.end_meeting(meeting.id, clock.now())
    assert store.running_meetings() == []


def test_a_second_connection_sees_a_write_at_once(db_path: Path, clock: FixedClock) -> None:
    writer = Store(open_db(db_path), clock)
    reader = Store(open_db(db_path), clock)
    version = reader.data_version()
    writer.set_setting("organisation", "Northwind")
    assert reader.setting("organisation") == "Northwind"
    assert reader.data_version() != version


def test_a_failed_transaction_leaves_nothing(store: Store, small_org: dict[str, int]) -> None:
    before = store.db.execute("SELECT COUNT(*) FROM people").fetchone()[0]
    with pytest.raises(RuntimeError), store.write():
        store.db.execute("INSERT INTO people (handle, name) VALUES ('zed', 'Zed')")
        raise RuntimeError("boom")
    assert store.db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == before
