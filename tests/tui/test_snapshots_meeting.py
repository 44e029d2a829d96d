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


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("kind", KINDS)
def test_meeting_step_snapshot(
    kind: str, size: tuple[int, int], snap_compare: Callable[..., bool]
) -> None:
    # The KR round is shown 30 s before its end (amber); the others well inside their time,
    # except the blockers, shown running over.
    elapsed = {"krs": 4.5, "blockers": 4.0}.get(kind, 1.0)
    app = meeting_app(KINDS.index(kind), elapsed)
    assert snap_compare(app, terminal_size=size, run_before=steady)
