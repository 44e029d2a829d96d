"""The KR round's context and keys: the KR's open blockers and actions beside it, a mark on a
KR with a blocker raised in this meeting, `a` adds an action for the KR, `V` opens a blind
vote on it (and goes to the agenda's vote step)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock, local_today
from okrtui.config import Settings
from okrtui.io.demo import load_demo
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.screens.meeting import MeetingScreen

from .conftest import screen_text

NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def round_app(agenda: str) -> tuple[OkrApp, MeetingSession]:
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
    session.jump([s.kind for s in session.steps].index("krs"))
    app = make_app(
        store,
        clock,
        Settings(theme="textual-dark"),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    return app, session


async def ready(pilot: Pilot[Any]) -> MeetingScreen:
    while not (isinstance(pilot.app.screen, MeetingScreen) and pilot.app.screen.panel):
        await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


async def test_a_adds_an_action_for_the_kr_and_it_shows_beside_it() -> None:
    app, session = round_app("weekly-checkin")
    store = session.store
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        row = getattr(screen.panel, "selected", None)
        assert row is not None
        await pilot.press("a", *"Book runners", "enter", "ctrl+u", *"li", "enter")
        await pilot.press(*"+3d", "enter")
        await pilot.pause()
        [action] = [a for a in store.actions(session.meeting.cycle_id) if a.text == "Book runners"]
        assert action.kr_id == row.kr.id and action.meeting_id == session.meeting.id
        assert action.owner_id == store.person_by_handle("li").id
        open_on_kr = [
            a for a in store.actions(session.meeting.cycle_id) if a.kr_id == row.kr.id and a.is_open
        ]
        assert screen.panel is not None
        text = " ".join(str(screen.panel.query_one("#kr-context").render()).split())
        assert f"Actions {len(open_on_kr)} open:" in text
        assert "Book runners (Li Wei), due 21 Nov" in text


async def test_a_blocker_raised_from_the_round_marks_its_kr_and_shows_beside_it() -> None:
    app, session = round_app("weekly-checkin")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        row = getattr(screen.panel, "selected", None)
        assert row is not None
        await pilot.press("b", *"No staging", "enter", "enter")
        await pilot.pause()
        assert f"⚑ {row.kr.ref}" in screen_text(app)
        assert screen.panel is not None
        text = " ".join(str(screen.panel.query_one("#kr-context").render()).split())
        assert "No staging" in text
        # the KR's carried-over blocker from an earlier week is listed too
        carried = [
            b
            for b in session.store.blockers(session.meeting.cycle_id)
            if b.kr_id == row.kr.id and b.is_open
        ]
        assert f"Blockers {len(carried)} open:" in text


async def test_shift_v_opens_a_blind_vote_on_the_kr_and_goes_to_the_vote_step() -> None:
    from okrtui.meeting.vote import current_vote

    app, session = round_app("mid-cycle-review")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        row = getattr(screen.panel, "selected", None)
        assert row is not None
        await pilot.press("V")
        for _ in range(10):
            await pilot.pause()
        assert screen.session.current.kind == "vote"
        vote = current_vote(session.store)
        assert vote.kr_id == row.kr.id and vote.meeting_id == session.meeting.id
        assert row.kr.ref in screen_text(app)
