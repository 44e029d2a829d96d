"""A whole weekly check-in of one demo team, run with keystrokes only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock, local_today
from okrtui.config import Settings
from okrtui.domain.models import StepStatus
from okrtui.io.demo import load_demo
from okrtui.meeting.notes import render_notes
from okrtui.meeting.scope import kr_round
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.meeting_summary import MeetingSummaryScreen
from okrtui.tui.widgets.meeting_timer import MeetingTimer

NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Store, FixedClock]:
    clock = FixedClock(NOW)
    store = Store(open_db(tmp_path / "demo.db"), clock)
    load_demo(store, local_today(clock, "UTC"))
    return store, clock


def start_weekly(store: Store, team_code: str = "PLAT") -> MeetingSession:
    team = store.team_by_code(team_code)
    template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
    cycle = store.current_cycle()
    assert cycle is not None
    return MeetingSession.start(
        store,
        template,
        cycle=cycle,
        team_id=team.id,
        facilitator_id=store.person_by_handle("aisha").id,
        attendee_ids=team.member_ids,
    )


def app_for(store: Store, clock: FixedClock, meeting_id: int | None) -> OkrApp:
    return make_app(
        store,
        clock,
        Settings(),
        meeting_id=meeting_id,
        remember_settings=False,
        live_refresh=False,
    )


async def meeting_ready(pilot: Pilot[Any]) -> None:
    """Wait until the meeting screen shows its first panel."""
    await pilot.pause()
    while not (
        isinstance(pilot.app.screen, MeetingScreen)
        and pilot.app.screen.panel is not None
        and pilot.app.screen.panel.is_mounted
    ):
        await pilot.pause()


async def type_text(pilot: object, text: str) -> None:
    press = pilot.press  # type: ignore[attr-defined]
    for ch in text:
        await press("space" if ch == " " else ch)


async def test_whole_weekly_checkin_by_keyboard(
    demo: tuple[Store, FixedClock], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, clock = demo
    monkeypatch.chdir(tmp_path)
    session = start_weekly(store)
    mid = session.meeting.id
    rows = kr_round(store, session.meeting)
    order = [row.kr for row in rows]
    before = {row.kr.id: row.confidence for row in rows}
    open_blockers = [
        b
        for b in store.blockers(session.meeting.cycle_id, open_only=True)
        if b.team_id == session.meeting.team_id
    ]
    open_actions = [
        a
        for a in store.actions(session.meeting.cycle_id, open_only=True)
        if a.team_id == session.meeting.team_id
    ]
    assert len(order) >= 6 and open_blockers and open_actions
    people = {p.handle: p.id for p in store.people()}

    app = app_for(store, clock, mid)
    async with app.run_test(size=(120, 40)) as pilot:
        await meeting_ready(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)

        # 1. Wins: one win recognising two people, on a KR.
        await pilot.press("a")
        await type_text(pilot, "CI under 20 minutes")
        await pilot.press("enter")
        await type_text(pilot, "aisha, mateo")
        await pilot.press("enter")
        await type_text(pilot, order[0].ref)
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(minutes=4)
        await pilot.press("right_square_bracket")

        # 2. KR round: one keystroke per KR, plus a value and a note.
        await pilot.press("3")  # KR 1: confidence 3
        await pilot.press("enter")  # KR 2: no change
        await pilot.press("t")  # KR 3: confidence 10
        await pilot.press("v")  # KR 4: new value and confidence
        await type_text(pilot, "850 8")
        await pilot.press("enter")
        await pilot.press("full_stop")  # KR 5: no change
        await pilot.press("n")  # KR 6: a note, same confidence
        await type_text(pilot, "waiting on infra")
        await pilot.press("enter")
        await pilot.pause()
        clock.advance(minutes=12)
        await pilot.press("right_square_bracket")

        # 3. Blockers: resolve the open one, raise a new one with an owner.
        await pilot.press("r")
        await type_text(pilot, "runners doubled")
        await pilot.press("enter")
        await pilot.press("a")
        await type_text(pilot, "Need a staging DB")
        await pilot.press("enter")
        await type_text(pilot, "li")
        await pilot.press("enter", "enter", "enter")  # no KR, no "needed by" date
        await pilot.pause()
        clock.advance(minutes=6)
        screen.tick()
        step_timer = screen.query_one("#step-timer", MeetingTimer)
        assert step_timer.state == "over"
        assert step_timer.text == "Step +01:00 over"
        await pilot.press("right_square_bracket")

        # 4. Actions: one carried over is done, one new with an owner and a due date.
        await pilot.press("d")
        await pilot.press("a")
        await type_text(pilot, "Book the staging DB")
        await pilot.press("enter")
        await type_text(pilot, "mateo")
        await pilot.press("enter")
        await type_text(pilot, "+3d")
        await pilot.press("enter", "enter")
        await pilot.pause()
        clock.advance(minutes=3)
        await pilot.press("right_square_bracket")

        # 5. Closing notes, then end the meeting and write the notes.
        await type_text(pilot, "Aisha unblocks CI")
        await pilot.press("escape")
        clock.advance(minutes=1)
        await pilot.press("ctrl+e")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MeetingSummaryScreen)
        await pilot.press("w")
        await pilot.press("enter")
        await pilot.pause()

    checkins = {c.kr_id: c for c in store.meeting_checkins(mid)}
    assert len(store.meeting_checkins(mid)) == 6
    assert checkins[order[0].id].confidence == 3
    assert checkins[order[1].id].confidence == before[order[1].id]
    assert checkins[order[2].id].confidence == 10
    assert (checkins[order[3].id].value, checkins[order[3].id].confidence) == (850.0, 8)
    assert checkins[order[4].id].confidence == before[order[4].id]
    assert checkins[order[5].id].note == "waiting on infra"
    assert checkins[order[5].id].confidence == before[order[5].id]

    cycle_id = session.meeting.cycle_id
    resolved = store.blocker(open_blockers[0].id)
    assert resolved.resolution == "runners doubled" and resolved.resolved_meeting_id == mid
    raised = [b for b in store.blockers(cycle_id) if b.raised_meeting_id == mid]
    assert [(b.text, b.owner_id) for b in raised] == [("Need a staging DB", people["li"])]

    wins = [w for w in store.wins(cycle_id) if w.meeting_id == mid]
    assert [(w.text, w.recognised_ids, w.kr_id) for w in wins] == [
        ("CI under 20 minutes", (people["aisha"], people["mateo"]), order[0].id)
    ]

    assert store.action(open_actions[0].id).done_meeting_id == mid
    added = [a for a in store.actions(cycle_id) if a.meeting_id == mid]
    assert [(a.text, a.owner_id, a.due) for a in added] == [
        ("Book the staging DB", people["mateo"], date(2026, 11, 21))
    ]

    steps = store.meeting_steps(mid)
    assert [s.elapsed_seconds for s in steps] == [240, 720, 360, 180, 60]
    assert all(s.status is StepStatus.DONE for s in steps)
    assert steps[4].notes == "Aisha unblocks CI"
    meeting = store.meeting(mid)
    assert meeting.ended_at == NOW + timedelta(minutes=26)

    written = tmp_path / "okr-notes-2026-11-18-plat.md"
    text = written.read_text(encoding="utf-8")
    assert text == render_notes(store, mid)
    for expected in (
        "CI under 20 minutes",
        "Need a staging DB",
        "runners doubled",
        "Book the staging DB",
        "Aisha unblocks CI",
        "waiting on infra",
    ):
        assert expected in text
