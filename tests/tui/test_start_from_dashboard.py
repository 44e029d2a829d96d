"""A facilitator starts a meeting from the dashboard with `s`, without the command line."""

from __future__ import annotations

from textual.widgets import Select

from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.start_meeting import StartMeetingScreen


async def test_s_opens_the_start_screen_on_the_weekly_checkin(
    app: OkrApp, demo_store: Store
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StartMeetingScreen)
        assert app.screen.query_one("#start-agenda", Select).value == "weekly-checkin"
        await pilot.press("ctrl+s")
        while not isinstance(app.screen, MeetingScreen):
            await pilot.pause()
    [meeting] = demo_store.running_meetings()
    assert meeting.agenda_slug == "weekly-checkin"
