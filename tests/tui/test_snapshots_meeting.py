"""The meeting screen at every step kind the runner owns, at 80×24 and 120×40."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from okrtui.agenda import parse_template
from okrtui.clock import FixedClock, local_today
from okrtui.config import Settings
from okrtui.io.demo import load_demo
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store, open_db
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.screens.meeting import MeetingScreen

NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)

AGENDA = """
slug = "every-step"
title = "Every step"
kind = "custom"
minutes = 18

[[steps]]
kind = "wins"
title = "Wins"
minutes = 3
prompt = "Who do we want to recognise?"

[[steps]]
kind = "krs"
title = "KR round"
minutes = 5
prompt = "Riskiest first: the number, your confidence, what changed."

[[steps]]
kind = "blockers"
title = "Blockers"
minutes = 3
prompt = "Resolved, or still in the way?"

[[steps]]
kind = "actions"
title = "Actions"
minutes = 3
prompt = "Done, or keep? New ones need an owner and a due date."

[[steps]]
kind = "timeline"
title = "Timeline"
minutes = 2
prompt = "Where are we in the cycle?"

[[steps]]
kind = "notes"
title = "Closing notes"
minutes = 2
prompt = "One thing each for this week."
"""

KINDS = ["wins", "krs", "blockers", "actions", "timeline", "notes"]


def meeting_app(position: int, elapsed_minutes: float) -> OkrApp:
    clock = FixedClock(NOW)
    store = Store(open_db(":memory:"), clock)
    load_demo(store, local_today(clock, "UTC"))
    cycle = store.current_cycle()
    assert cycle is not None
    team = store.team_by_code("PLAT")
    session = MeetingSession.start(
        store,
        parse_template(AGENDA, "test agenda"),
        cycle=cycle,
        team_id=team.id,
        facilitator_id=store.person_by_handle("aisha").id,
        attendee_ids=team.member_ids,
    )
    clock.advance(minutes=1)
    if position:
        session.jump(position)
    clock.advance(minutes=elapsed_minutes)
    return make_app(
        store,
        clock,
        Settings(theme="textual-dark"),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor and no notifications: the same picture every run."""
    await pilot.pause()
    while not isinstance(pilot.app.screen, MeetingScreen) or not pilot.app.screen.panel:
        await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, Input | TextArea):
            widget.cursor_blink = False
    pilot.app.clear_notifications()
    await pilot.pause()


SIZES = [(80, 24), (120, 40), (200, 50)]
SIZE_IDS = ["80x24", "120x40", "200x50"]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("kind", KINDS)
def test_meeting_step_snapshot(
    kind: str, size: tuple[int, int], snap_compare: Callable[..., bool]
) -> None:
    # The KR round is shown 30 s before its end (amber); the others well inside their time,
    # except the blockers, shown running over.
    elapsed = {"krs": 4.5, "blockers": 4.0}.get(kind, 1.0)
    app = meeting_app(KINDS.index(kind), elapsed)
    assert snap_compare(app, terminal_size=size, run_before=steady)


def cycle_close_app(step: str, *, graded: int = 0) -> OkrApp:
    """The built-in cycle-close meeting on the whole demo, at `step`, with the first
    `graded` KRs graded at their suggestion (committed misses with a post-mortem note)."""
    from okrtui.agenda import AgendaLibrary
    from okrtui.cycle import grade_kr
    from okrtui.resources import builtin_agendas_dir
    from okrtui.views.grading import load_grading

    clock = FixedClock(NOW)
    store = Store(open_db(":memory:"), clock)
    load_demo(store, local_today(clock, "UTC"))
    cycle = store.current_cycle()
    assert cycle is not None
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("cycle-close"),
        cycle=cycle,
        team_id=None,
        facilitator_id=store.person_by_handle("aisha").id,
        attendee_ids=[p.id for p in store.people()],
    )
    clock.advance(minutes=1)
    session.jump([s.kind for s in session.steps].index(step))
    rows, _ = load_grading(store, session.meeting)
    for row in rows[:graded]:
        note = "Vendor slipped" if row.kind.value == "committed" and row.suggested < 1 else ""
        grade_kr(store, row.kr.id, row.suggested, note=note)
    clock.advance(minutes=2)
    return make_app(
        store,
        clock,
        Settings(theme="textual-dark"),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_cycle_close_grading_snapshot(
    size: tuple[int, int], snap_compare: Callable[..., bool]
) -> None:
    """The grading step of the real cycle-close agenda on all 25 demo KRs: the KR list
    gets the height, titles the width; the kind and the band are spelled out."""
    assert snap_compare(cycle_close_app("grading", graded=3), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_presenter_mode_snapshot(size: tuple[int, int], snap_compare: Callable[..., bool]) -> None:
    """Presenter mode in the KR round: the second KR, large, for the room."""

    async def present(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press("j", "p")
        await pilot.pause(0.5)

    app = meeting_app(KINDS.index("krs"), 4.5)
    assert snap_compare(app, terminal_size=size, run_before=present)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_cycle_close_summary_snapshot(
    size: tuple[int, int], snap_compare: Callable[..., bool]
) -> None:
    """The summary after a cycle-close meeting: what it recorded, and what closing the
    cycle now would leave out (here: the grading deadline is weeks away)."""

    async def end(pilot: Pilot[Any]) -> None:
        await steady(pilot)
        await pilot.press("ctrl+e", "y")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(cycle_close_app("notes", graded=25), terminal_size=size, run_before=end)


def mid_cycle_app(step: str, agenda: str = "mid-cycle-review") -> OkrApp:
    """A built-in agenda (the mid-cycle review) of the Platform team, at `step`."""
    from okrtui.agenda import AgendaLibrary
    from okrtui.resources import builtin_agendas_dir

    clock = FixedClock(NOW)
    store = Store(open_db(":memory:"), clock)
    load_demo(store, local_today(clock, "UTC"))
    cycle = store.current_cycle()
    assert cycle is not None
    team = store.team_by_code("PLAT")
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get(agenda),
        cycle=cycle,
        team_id=team.id,
        facilitator_id=store.person_by_handle("aisha").id,
        attendee_ids=team.member_ids,
    )
    clock.advance(minutes=1)
    session.jump([s.kind for s in session.steps].index(step))
    clock.advance(minutes=1)
    return make_app(
        store,
        clock,
        Settings(theme="textual-dark"),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("step", ["vote", "health"])
def test_mid_cycle_step_snapshot(
    step: str, size: tuple[int, int], snap_compare: Callable[..., bool]
) -> None:
    """The mid-cycle review's vote and health steps in the meeting runner."""
    assert snap_compare(mid_cycle_app(step), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_alignment_session_drafting_step_snapshot(
    size: tuple[int, int], snap_compare: Callable[..., bool]
) -> None:
    """The alignment session's drafting step: objectives with their key results and warnings."""
    app = mid_cycle_app("drafting", agenda="alignment-session")
    assert snap_compare(app, terminal_size=size, run_before=steady)
