"""Starting a meeting from the dashboard: who is ticked, who facilitates, how ticks read,
and what a closed cycle says."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Select

from okrtui.clock import FixedClock
from okrtui.domain.models import CycleStatus, Role
from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.start_meeting import EVERYONE, StartMeetingScreen
from okrtui.tui.widgets.picker import TickList

from .conftest import build_app, screen_text, settle


async def open_start(app: OkrApp, pilot: Pilot[None]) -> StartMeetingScreen:
    await settle(app, pilot)
    await pilot.press("s")
    await settle(app, pilot)
    assert isinstance(app.screen, StartMeetingScreen)
    return app.screen


async def test_a_team_meeting_ticks_the_team_and_i_facilitate(
    app: OkrApp, demo_store: Store, me_id: int
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_start(app, pilot)
        team = demo_store.teams_of(me_id)[0]
        assert screen.query_one("#start-team", Select).value == team.id
        ticks = screen.query_one("#start-people", TickList)
        assert set(ticks.selected) == set(team.member_ids)
        assert screen.query_one("#start-facilitator", Select).value == me_id
        text = screen_text(app)
        ben = demo_store.person(me_id)
        assert f"[x] {ben.name} ({ben.handle})" in text
        assert "[ ] " in text  # the others, unticked, read apart without colour
        await pilot.press("ctrl+s")
        while not isinstance(app.screen, MeetingScreen):
            await pilot.pause()
    [meeting] = demo_store.running_meetings()
    assert meeting.facilitator_id == me_id
    assert set(meeting.attendee_ids) == set(team.member_ids)


async def test_everyone_is_ticked_for_the_organisation_and_ctrl_a_toggles(
    app: OkrApp, demo_store: Store
) -> None:
    everyone = {p.id for p in demo_store.people()}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_start(app, pilot)
        screen.query_one("#start-team", Select).value = EVERYONE
        await settle(app, pilot)
        ticks = screen.query_one("#start-people", TickList)
        assert set(ticks.selected) == everyone
        await pilot.press("ctrl+a")
        assert ticks.selected == []
        await pilot.press("ctrl+a")
        assert set(ticks.selected) == everyone
        await pilot.press("ctrl+s")
        while not isinstance(app.screen, MeetingScreen):
            await pilot.pause()
    [meeting] = demo_store.running_meetings()
    assert meeting.team_id is None
    assert set(meeting.attendee_ids) == everyone


async def test_without_me_the_champion_facilitates(
    demo_store: Store, demo_clock: FixedClock
) -> None:
    app = build_app(demo_store, demo_clock, None)
    champion = next(p for p in demo_store.people() if Role.OKR_CHAMPION in p.roles)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_start(app, pilot)
        assert screen.query_one("#start-facilitator", Select).value == champion.id
        await pilot.press("ctrl+s")
        while not isinstance(app.screen, MeetingScreen):
            await pilot.pause()
    [meeting] = demo_store.running_meetings()
    assert meeting.facilitator_id == champion.id


async def test_a_closed_cycle_is_said_and_a_meeting_needs_asking_twice(
    app: OkrApp, demo_store: Store
) -> None:
    cycle = demo_store.current_cycle()
    assert cycle is not None
    demo_store.set_cycle_status(cycle.id, CycleStatus.CLOSED)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_start(app, pilot)
        assert f"The cycle {cycle.name} is closed" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, StartMeetingScreen)
        assert demo_store.running_meetings() == []
        assert "Press Ctrl+S again" in str(screen.query_one("#start-error").render())
        await pilot.press("ctrl+s")
        while not isinstance(app.screen, MeetingScreen):
            await pilot.pause()
    assert len(demo_store.running_meetings()) == 1
