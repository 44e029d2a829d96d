"""The dashboard over SSH: a mouse moving across it writes nothing to the terminal (its
text has no links to highlight, so nothing is redrawn for the mouse)."""

from __future__ import annotations

from okrtui.tui.app import OkrApp
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.widgets.between import DuePanel, InboxPanel
from tests.tui.test_meeting_quiet import spans, terminal_updates

from .conftest import settle

PARTS = ("#cycle-line", "#inbox", "#risk", "#due", "#filters", "#table")


async def test_the_mouse_passing_over_the_dashboard_writes_nothing(app: OkrApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        screen.load_between()
        await settle(app, pilot)
        assert screen.query_one(InboxPanel).display and screen.query_one(DuePanel).display
        with terminal_updates(app) as shown:
            for selector in PARTS:
                part = screen.query_one(selector)
                assert part.region.height > 0, selector
                for y in range(min(part.region.height, 3)):
                    for x in range(0, 110, 9):
                        await pilot.hover(selector, offset=(x, y))
            await pilot.pause()
        assert spans(shown) == []
