"""The dashboard shows my inbox first and who is due a check-in (issue 19)."""

from __future__ import annotations

from okrtui.clock import FixedClock
from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.widgets.between import DuePanel, InboxPanel

from .conftest import screen_text, settle


async def test_the_panels_come_after_the_first_frame_and_show_the_demo(
    app: OkrApp, demo_store: Store
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert not screen.query_one(InboxPanel).display  # not read for the first frame
        assert not screen.query_one(DuePanel).display
        screen.load_between()
        await settle(app, pilot)
        text = screen_text(app)
        assert screen.query_one(DuePanel).display
        assert "Due a check-in  1 of 25 KRs, no check-in since their team's last meeting" in text
        assert "Aisha Khan  PLAT-3.1 (" in text
        lines = text.splitlines()
        inbox = next(i for i, line in enumerate(lines) if "Your inbox  1 blocker" in line)
        risk = next(i for i, line in enumerate(lines) if "off track ·" in line)
        assert inbox < risk  # mine comes first, right under the cycle line
        assert "blocker  Onboarding emails land in spam" in lines[inbox + 1]


async def test_a_live_app_reads_them_by_itself(
    demo_store: Store, demo_clock: FixedClock, me_id: int
) -> None:
    from okrtui.config import Settings
    from okrtui.tui.app import make_app

    app = make_app(
        demo_store,
        demo_clock,
        Settings.model_validate({"theme": "textual-dark"}),
        me_id=me_id,
        remember_settings=False,
        live_refresh=True,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        while not app.screen.query_one(DuePanel).display:
            await pilot.pause(0.1)
        assert "Due a check-in" in screen_text(app)
