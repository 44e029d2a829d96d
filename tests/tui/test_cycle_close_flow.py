"""A whole cycle-close meeting on the demo organisation, run with keystrokes only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock, local_today
from okrtui.config import Settings
from okrtui.domain.bands import needs_post_mortem, suggested_grade
from okrtui.domain.calendar import cycle_weeks, week_of
from okrtui.domain.krstate import current_value, last_value
from okrtui.domain.models import Cycle, CycleStatus, MilestoneKind, ReflectionKind
from okrtui.io.demo import load_demo
from okrtui.meeting.report import close_gaps
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db
from okrtui.tui.app import make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.meeting_summary import MeetingSummaryScreen
from okrtui.tui.widgets.meeting_form import ConfirmModal, FormModal
from okrtui.views.grading import load_grading


def deadline(store: Store, cycle: Cycle) -> str:
    return next(
        m.on.isoformat()
        for m in store.milestones(cycle.id)
        if m.kind is MilestoneKind.GRADING_DEADLINE
    )


NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Store, FixedClock]:
    clock = FixedClock(NOW)
    store = Store(open_db(tmp_path / "demo.db"), clock)
    load_demo(store, local_today(clock, "UTC"))
    return store, clock


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_whole_cycle_close_by_keyboard(demo: tuple[Store, FixedClock]) -> None:
    store, clock = demo
    cycle = store.current_cycle()
    assert cycle is not None
    champion = store.person_by_handle("aisha")
    template = AgendaLibrary(None, builtin_agendas_dir()).get("cycle-close")
    session = MeetingSession.start(
        store, template, cycle=cycle, team_id=None, facilitator_id=champion.id
    )
    rows, _ = load_grading(store, session.meeting)
    krs = [row.kr for row in rows]
    assert {kr.id for kr in krs} == {kr.id for kr in store.key_results(cycle.id)}
    history = store.checkin_history(cycle.id)
    suggested = {
        kr.id: suggested_grade(kr, current_value(kr, last_value(history.get(kr.id, []))))
        for kr in krs
    }

    app = make_app(
        store,
        clock,
        Settings(),
        me_id=champion.id,
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, MeetingScreen) and app.screen.panel is not None):
            await pilot.pause()
        await settle(pilot)

        # 1. Final KR round: confirm every KR as it stands, one key each.
        for _ in krs:
            await pilot.press("full_stop")
        await settle(pilot)
        clock.advance(minutes=20)
        await pilot.press("right_square_bracket")
        await settle(pilot)

        # 2. Grading: the first KR by hand (0.7), the rest take the suggestion; a committed
        # KR under 1.0 opens its post-mortem note, which is written at once.
        for index, row in enumerate(rows):
            await pilot.press("7" if index == 0 else "equals_sign")
            score = 0.7 if index == 0 else suggested[row.kr.id]
            if needs_post_mortem(row.kind, score):
                await settle(pilot)
                assert isinstance(app.screen, FormModal), row.kr.ref
                await type_text(pilot, "missed")
                await pilot.press("enter")
        await settle(pilot)
        clock.advance(minutes=30)
        await pilot.press("right_square_bracket")
        await settle(pilot)

        # 3. Reflection: one item in each list, authored by the facilitator by default.
        for key, text in (
            ("1", "Weekly check-ins"),
            ("2", "Stale KRs hide risk"),
            ("3", "Fewer KRs"),
        ):
            await pilot.press(key, "a")
            await type_text(pilot, text)
            await pilot.press("enter", "enter")
            await settle(pilot)
        clock.advance(minutes=25)

        # 4-5. Wins and notes need nothing here: move on and end the meeting.
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("ctrl+e", "y")
        await settle(pilot)
        assert isinstance(app.screen, MeetingSummaryScreen)

        # Close the cycle from the summary: every post-mortem is written, but the demo closes
        # before its grading deadline, so the close asks once more.
        assert close_gaps(store, cycle).lines() == [
            f"closing in week {week_of(cycle, local_today(clock, 'UTC'))} of "
            f"{cycle_weeks(cycle)}, before the grading deadline of {deadline(store, cycle)}"
        ]
        summary = str(app.screen.query_one("#summary").render())
        assert "Before the cycle closes" in summary and "closing in week" in summary
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "Really close" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert "is closed" in str(app.screen.query_one("#summary").render())
        assert app.screen.check_action("close_cycle", ()) is False

    grades = store.latest_grades(cycle.id)
    assert set(grades) == {kr.id for kr in krs}
    for row in rows:
        grade = grades[row.kr.id]
        assert grade.score is not None
        missed = needs_post_mortem(row.kind, grade.score)
        assert grade.note == ("missed" if missed else ""), row.kr.ref
    assert grades[krs[0].id].score == 0.7
    for kr in krs[1:]:
        assert grades[kr.id].score == suggested[kr.id], kr.ref
    assert all(g.meeting_id == session.meeting.id for g in grades.values())

    reflections = [r for r in store.reflections(cycle.id) if r.meeting_id == session.meeting.id]
    assert [(r.kind, r.text, r.author_id) for r in reflections] == [
        (ReflectionKind.WENT_WELL, "Weekly check-ins", champion.id),
        (ReflectionKind.LEARNED, "Stale KRs hide risk", champion.id),
        (ReflectionKind.CHANGE, "Fewer KRs", champion.id),
    ]
    assert len(store.meeting_checkins(session.meeting.id)) == len(krs)
    assert store.cycle(cycle.id).status is CycleStatus.CLOSED


async def test_closing_with_ungraded_krs_says_so_and_changes_nothing(
    demo: tuple[Store, FixedClock],
) -> None:
    store, clock = demo
    cycle = store.current_cycle()
    assert cycle is not None
    template = AgendaLibrary(None, builtin_agendas_dir()).get("cycle-close")
    session = MeetingSession.start(store, template, cycle=cycle, team_id=None, facilitator_id=None)
    session.end()
    app = make_app(store, clock, Settings(), remember_settings=False, live_refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(MeetingSummaryScreen(MeetingSession.load(store, session.meeting.id)))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        status = str(app.screen.query_one("#summary-status").render())
        assert "cannot close" in status and "no grade" in status
    assert store.cycle(cycle.id).status is CycleStatus.ACTIVE


async def test_the_close_lists_missing_post_mortems_and_asks_once_more(
    demo: tuple[Store, FixedClock],
) -> None:
    from okrtui.cycle import grade_kr

    store, clock = demo
    cycle = store.current_cycle()
    assert cycle is not None
    template = AgendaLibrary(None, builtin_agendas_dir()).get("cycle-close")
    session = MeetingSession.start(store, template, cycle=cycle, team_id=None, facilitator_id=None)
    rows, _ = load_grading(store, session.meeting)
    for row in rows:
        grade_kr(store, row.kr.id, row.suggested, meeting_id=session.meeting.id)
    session.end()
    missing = [r.kr.ref for r in rows if needs_post_mortem(r.kind, r.suggested)]
    assert missing
    app = make_app(store, clock, Settings(), remember_settings=False, live_refresh=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(MeetingSummaryScreen(MeetingSession.load(store, session.meeting.id)))
        await settle(pilot)
        summary = str(app.screen.query_one("#summary").render())
        assert f"{len(missing)} committed KRs under 1.0 without a post-mortem note" in summary
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert ", ".join(missing) in app.screen.detail
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.question.startswith(
            f"Really close {cycle.name} without {len(missing)} post-mortems"
        )
        await pilot.press("n")  # not now: nothing changes
        await settle(pilot)
    assert store.cycle(cycle.id).status is CycleStatus.ACTIVE
