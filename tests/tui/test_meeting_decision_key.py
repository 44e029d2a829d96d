"""`D` in any step of a meeting records a decision (issue 19)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock, local_today
from okrtui.config import Settings
from okrtui.io.demo import load_demo
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db
from okrtui.tui.app import make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.meeting_summary import MeetingSummaryScreen

NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


async def _ready(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    while not (
        isinstance(pilot.app.screen, MeetingScreen)
        and pilot.app.screen.panel is not None
        and pilot.app.screen.panel.is_mounted
    ):
        await pilot.pause()


async def _type(pilot: Pilot[Any], text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_d_in_the_kr_round_records_a_decision_on_the_kr_under_the_cursor(
    tmp_path: Path,
) -> None:
    clock = FixedClock(NOW)
    store = Store(open_db(tmp_path / "demo.db"), clock)
    load_demo(store, local_today(clock, "UTC"))
    team = store.team_by_code("PLAT")
    cycle = store.current_cycle()
    assert cycle is not None
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin"),
        cycle=cycle,
        team_id=team.id,
        facilitator_id=store.person_by_handle("li").id,
        attendee_ids=team.member_ids,
    )
    before = len(store.decisions(cycle.id))
    app = make_app(
        store,
        clock,
        Settings(),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await _ready(pilot)
        await pilot.press("right_square_bracket")  # wins -> the KR round
        await _ready(pilot)
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        row = getattr(screen.panel, "selected", None)
        assert row is not None
        await pilot.press("D")
        await pilot.pause()
        await _type(pilot, "Pair on the solver")
        await pilot.press("enter")
        await _type(pilot, "aisha")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        while not isinstance(app.screen, MeetingSummaryScreen):
            await pilot.pause()
        await pilot.pause()
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "Decisions        1" in summary
        assert (
            "5 of 6 key results were checked in before the meeting; the KR round took 2 keys"
            in (summary.replace("\n", " "))
        )
    decisions = store.decisions(cycle.id, meeting_id=session.meeting.id)
    assert len(store.decisions(cycle.id)) == before + 1
    [decision] = decisions
    assert decision.text == "Pair on the solver"
    assert decision.owner_ids == (store.person_by_handle("aisha").id,)
    assert decision.kr_id == row.kr.id


def test_a_cycle_close_summary_says_how_well_confidence_predicted(tmp_path: Path) -> None:
    from okrtui.tui.screens.meeting_summary import between_lines

    clock = FixedClock(NOW)
    store = Store(open_db(tmp_path / "demo.db"), clock)
    load_demo(store, local_today(clock, "UTC"))
    cycle = store.current_cycle()
    assert cycle is not None
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("cycle-close"),
        cycle=cycle,
        team_id=store.team_by_code("PLAT").id,
        facilitator_id=store.person_by_handle("li").id,
    )
    plain = [line.plain for line in between_lines(store, session.meeting, True)]
    assert plain[1] == "Decisions        0"
    assert plain[-1] == "Calibration: no graded key results yet."  # the demo is mid-cycle
    weekly = [line.plain for line in between_lines(store, session.meeting, False)]
    assert not any(line.startswith("Calibration") for line in weekly)
