"""The meeting session: navigation, timers, resume and records written at once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from okrtui.agenda import AgendaLibrary, AgendaTemplate, load_template, parse_template
from okrtui.clock import FixedClock
from okrtui.domain.krstate import state_after
from okrtui.domain.models import CheckIn, MeetingStatus, StepStatus, Team
from okrtui.errors import UserError
from okrtui.meeting.errors import MeetingError
from okrtui.meeting.resume import find_resumable, resume_offers
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db

TEMPLATE = parse_template(
    """
slug = "tiny"
title = "Tiny check-in"
kind = "weekly"
minutes = 10

[[steps]]
kind = "wins"
title = "Wins"
minutes = 2

[[steps]]
kind = "krs"
title = "KR round"
minutes = 5
scope = "team"

[[steps]]
kind = "notes"
title = "Notes"
minutes = 3
prompt = "Anything else?"
"""
)


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    """A file database, so a second connection can read what the session wrote."""
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


@pytest.fixture
def other(clock: FixedClock, db_path: Path, store: Store) -> Iterator[Store]:
    """A second connection to the same file, as another okrtui process would have."""
    db = open_db(db_path)
    yield Store(db, clock, actor="other")
    db.close()


def start(store: Store, ids: dict[str, int], template: AgendaTemplate = TEMPLATE) -> MeetingSession:
    return MeetingSession.start(
        store,
        template,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
        attendee_ids=(ids["ana"],),
    )


def test_start_snapshots_the_template_and_opens_the_first_step(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = start(store, small_org)
    meeting = store.meeting(session.meeting.id)
    assert meeting.status is MeetingStatus.RUNNING
    assert parse_template(meeting.agenda_snapshot) == TEMPLATE
    steps = store.meeting_steps(meeting.id)
    assert [(s.kind, s.title, s.planned_minutes) for s in steps] == [
        ("wins", "Wins", 2),
        ("krs", "KR round", 5),
        ("notes", "Notes", 3),
    ]
    assert [s.status for s in steps] == [StepStatus.CURRENT, StepStatus.PENDING, StepStatus.PENDING]
    assert steps[0].entered_at == clock.now()
    assert steps[2].prompt == "Anything else?"
    assert '"only_stale": false' in steps[1].options and '"scope": "team"' in steps[1].options
    assert session.planned_seconds == 600


def test_timers_count_visits_and_overrun(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = start(store, small_org)
    clock.advance(seconds=90)
    assert session.step_elapsed() == 90
    assert session.step_remaining() == 30
    clock.advance(seconds=60)
    assert session.step_overrun() == 30
    session.next()
    wins = session.steps[0]
    assert wins.status is StepStatus.DONE and wins.elapsed_seconds == 150
    clock.advance(minutes=1)
    session.previous()
    assert session.steps[1].status is StepStatus.PENDING
    assert session.steps[1].elapsed_seconds == 60
    clock.advance(seconds=10)
    assert session.step_elapsed() == 160
    session.jump(2)
    assert session.position == 2
    assert session.steps[0].elapsed_seconds == 160
    assert session.steps[1].status is StepStatus.PENDING
    clock.advance(minutes=4)
    assert session.step_overrun() == 60
    assert session.meeting_elapsed() == 150 + 60 + 10 + 240
    assert session.meeting_overrun() == 0


def test_skip_marks_skipped_and_end_freezes_time(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = start(store, small_org)
    session.skip()
    clock.advance(minutes=2)
    session.next()
    clock.advance(minutes=1)
    session.end()
    clock.advance(hours=1)
    assert [s.status for s in store.meeting_steps(session.meeting.id)] == [
        StepStatus.SKIPPED,
        StepStatus.DONE,
        StepStatus.DONE,
    ]
    assert [t.actual_seconds for t in session.timings()] == [0, 120, 60]
    assert session.meeting_elapsed() == 180
    assert store.meeting(session.meeting.id).status is MeetingStatus.ENDED
    with pytest.raises(MeetingError, match="has ended"):
        session.next()
    with pytest.raises(MeetingError, match="has ended"):
        session.record_confidence(small_org["ENG-1.1"], 5)


def test_navigation_limits_are_clear_errors(store: Store, small_org: dict[str, int]) -> None:
    session = start(store, small_org)
    with pytest.raises(MeetingError, match="first step"):
        session.previous()
    with pytest.raises(MeetingError, match="no step 4"):
        session.jump(3)
    session.jump(2)
    with pytest.raises(MeetingError, match="last step"):
        session.next()
    with pytest.raises(MeetingError, match="last step"):
        session.skip()


def test_resume_after_reopening_the_file_continues_at_the_same_step(
    store: Store, clock: FixedClock, db_path: Path, small_org: dict[str, int]
) -> None:
    session = start(store, small_org)
    clock.advance(minutes=1)
    session.next()
    clock.advance(seconds=30)
    session.record_confidence(small_org["ENG-1.1"], 3)
    meeting_id = session.meeting.id
    store.db.close()  # the process dies; nothing more is written

    clock.advance(seconds=45)
    db = open_db(db_path)
    try:
        reopened = Store(db, clock)
        assert [m.id for m in find_resumable(reopened)] == [meeting_id]
        offer = resume_offers(reopened)[0]
        assert offer.step.title == "KR round" and offer.checkins == 1
        assert "step 2 of 3: KR round" in offer.label
        resumed = MeetingSession.resume(reopened, meeting_id)
        assert resumed.position == 1
        assert resumed.step_elapsed() == 75
        assert resumed.steps[0].elapsed_seconds == 60
        resumed.next()
        assert reopened.meeting(meeting_id).current_step == 2
    finally:
        db.close()


def test_resume_needs_no_template_file(
    store: Store, tmp_path: Path, small_org: dict[str, int]
) -> None:
    source = builtin_agendas_dir() / "weekly-checkin.toml"
    path = tmp_path / "mine.toml"
    path.write_text(source.read_text(encoding="utf-8").replace('"weekly-checkin"', '"mine"'))
    template = load_template(path)
    session = start(store, small_org, template)
    path.unlink()
    resumed = MeetingSession.resume(store, session.meeting.id)
    assert resumed.template == template
    assert resumed.current.title == template.steps[0].title


def test_resume_refuses_an_ended_or_unknown_meeting(
    store: Store, small_org: dict[str, int]
) -> None:
    session = start(store, small_org)
    session.end()
    assert find_resumable(store) == []
    with pytest.raises(MeetingError, match="has ended"):
        MeetingSession.resume(store, session.meeting.id)
    with pytest.raises(Exception, match="no meeting with id 99"):
        MeetingSession.resume(store, 99)


def test_every_record_is_readable_from_another_connection_at_once(
    store: Store, other: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    ids = small_org
    session = start(store, ids)
    mid = session.meeting.id
    cycle = ids["cycle"]

    session.next()
    assert other.meeting(mid).current_step == 1
    assert other.meeting_steps(mid)[0].status is StepStatus.DONE

    checkin = session.record_confidence(ids["ENG-1.1"], 7, value=650, note="faster")
    assert other.latest_checkin(ids["ENG-1.1"]) == checkin
    assert checkin.meeting_id == mid and checkin.author_id == ids["ana"]

    blocker = session.raise_blocker("Waiting on ops", ids["ben"], ids["ENG-1.2"])
    assert other.blocker(blocker.id).raised_meeting_id == mid
    session.resolve_blocker(blocker.id, "ops said yes")
    assert other.blocker(blocker.id).resolved_meeting_id == mid

    win = session.add_win("Cache works", [ids["ben"]], ids["ENG-1.2"])
    assert [w.recognised_ids for w in other.wins(cycle) if w.id == win.id] == [(ids["ben"],)]

    action = session.add_action("Load test", ids["ana"], date(2026, 11, 25))
    assert other.action(action.id).due == date(2026, 11, 25)
    session.complete_action(action.id)
    assert other.action(action.id).done_meeting_id == mid

    session.save_notes("decided: ship")
    assert other.meeting_steps(mid)[1].notes == "decided: ship"

    session.set_attendance([ids["ana"], ids["ben"]])
    assert other.meeting(mid).attendee_ids == (ids["ana"], ids["ben"])


@pytest.mark.parametrize("bad", [-1, 11, 100, True, 5.5, "7"])
def test_confidence_out_of_range_is_refused_and_nothing_written(
    store: Store, small_org: dict[str, int], bad: object
) -> None:
    session = start(store, small_org)
    with pytest.raises(UserError, match="confidence must be"):
        session.record_confidence(small_org["ENG-1.1"], bad)  # type: ignore[arg-type]
    assert store.meeting_checkins(session.meeting.id) == []


def test_value_none_keeps_the_last_value_and_no_change_repeats_the_latest(
    store: Store, small_org: dict[str, int]
) -> None:
    """A confidence-only check-in records no value; the KR keeps its last one (700), never
    falling back to its start (800)."""
    kr = small_org["ENG-1.1"]
    store.add_checkin(
        CheckIn(kr_id=kr, at=datetime(2026, 11, 1, tzinfo=UTC), value=700, confidence=6)
    )
    store.add_checkin(CheckIn(kr_id=kr, at=datetime(2026, 11, 2, tzinfo=UTC), confidence=4))
    session = start(store, small_org)
    kept = session.record_confidence(kr, 8)
    assert (kept.value, kept.confidence) == (None, 8)
    assert state_after(store.key_result(kr), store.checkins(kr)).value == 700
    same = session.confirm_no_change(kr)
    assert (same.value, same.confidence) == (None, 8)
    assert state_after(store.key_result(kr), store.checkins(kr)).value == 700
    fresh = session.confirm_no_change(small_org["ENG-2.2"])
    assert (fresh.value, fresh.confidence) == (None, 5)


def test_blank_text_and_unknown_people_are_refused(store: Store, small_org: dict[str, int]) -> None:
    session = start(store, small_org)
    with pytest.raises(MeetingError, match="a win needs some text"):
        session.add_win("   ", [])
    with pytest.raises(MeetingError, match="person id 999"):
        session.raise_blocker("stuck", 999)
    with pytest.raises(UserError, match="must be a finite number"):
        session.record_confidence(small_org["ENG-1.1"], 5, value=float("nan"))
    assert store.blockers(small_org["cycle"]) == []


def test_empty_scope_refuses_a_kr_round_but_not_other_agendas(
    store: Store, small_org: dict[str, int]
) -> None:
    empty = store.add_team(Team(code="OPS", name="Operations"))
    cycle = store.cycle(small_org["cycle"])
    with pytest.raises(MeetingError, match="no key results in scope for team OPS"):
        MeetingSession.start(store, TEMPLATE, cycle=cycle, team_id=empty.id, facilitator_id=None)
    assert store.meetings() == []
    no_krs = parse_template(
        'slug = "n"\ntitle = "N"\nkind = "custom"\nminutes = 1\n'
        '[[steps]]\nkind = "notes"\ntitle = "Talk"\nminutes = 1\n'
    )
    session = MeetingSession.start(
        store, no_krs, cycle=cycle, team_id=empty.id, facilitator_id=None
    )
    assert session.current.kind == "notes"


def test_summary_counts_what_the_meeting_recorded(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    ids = small_org
    store.add_checkin(
        CheckIn(kr_id=ids["ENG-1.1"], at=datetime(2026, 11, 1, tzinfo=UTC), value=700, confidence=6)
    )
    session = start(store, ids)
    session.record_confidence(ids["ENG-1.1"], 4)
    session.confirm_no_change(ids["ENG-2.1"])
    session.raise_blocker("stuck", ids["ben"])
    session.add_win("yay", [ids["ana"]])
    action = session.add_action("do it", ids["ben"], None)
    session.complete_action(action.id)
    clock.advance(minutes=12)
    session.end()
    summary = session.summary()
    assert [kr.ref for kr in summary.krs_updated] == ["ENG-1.1", "ENG-2.1"]
    # No earlier meeting in the cycle: the change is measured from the cycle's start (5).
    assert [(c.kr.ref, c.before, c.after, c.since) for c in summary.confidence_changes] == [
        ("ENG-1.1", 5, 4, "since the cycle began, Oct 5")
    ]
    assert len(summary.blockers_raised) == 1 and summary.blockers_resolved == []
    assert len(summary.wins) == 1
    assert len(summary.actions_added) == 1 and len(summary.actions_done) == 1
    assert summary.actual_seconds == 720 and summary.overrun_seconds == 120
    assert summary.steps[0].overrun_seconds == 600


def test_builtin_weekly_agenda_starts(store: Store, small_org: dict[str, int]) -> None:
    template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
    session = start(store, small_org, template)
    assert len(session.steps) == len(template.steps)


def test_with_the_clock_stepped_back_the_newest_checkin_is_still_the_latest(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = start(store, small_org)
    kr = small_org["ENG-1.1"]
    session.record_confidence(kr, 4)
    clock.advance(hours=-1)  # the wall clock is stepped back an hour mid-meeting
    session.record_confidence(kr, 7)
    history = store.checkins(kr)
    assert [c.confidence for c in history][-2:] == [4, 7]
    assert history[-1].at > history[-2].at
    latest = store.latest_checkin(kr)
    assert latest is not None and latest.confidence == 7
    assert [c.confidence for c in store.meeting_checkins(session.meeting.id)] == [4, 7]
