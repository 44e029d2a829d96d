"""The KR detail screen: check-ins, course over the cycle, related records, live refresh."""

from __future__ import annotations

from datetime import timedelta

from okrtui.clock import FixedClock
from okrtui.domain.models import Blocker, CheckIn
from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.tui.messages import StoreChanged
from okrtui.tui.screens.kr_detail import KRDetailScreen

from .conftest import screen_text, settle


async def test_detail_shows_history_course_and_blockers(
    app: OkrApp, demo_store: Store, demo_clock: FixedClock
) -> None:
    kr = demo_store.kr_by_ref("GROW-1.1")
    cycle = demo_store.current_cycle()
    assert cycle is not None
    demo_store.raise_blocker(
        Blocker(
            cycle_id=cycle.id,
            text="Pricing page rewrite stuck",
            kr_id=kr.id,
            raised_at=demo_clock.now() - timedelta(days=2),
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_kr(kr.id)
        await settle(app, pilot)
        text = screen_text(app)
        assert "GROW-1.1  Trial-to-paid conversion" in text
        assert "Off track" in text
        assert "Confidence  " in text and "Pace" in text
        assert "Week         1  2  3" in text
        assert "Blockers (2)" in text and "Pricing page rewrite stuck" in text
        assert "Grade not graded yet" in text
        rows = app.screen.query_one("#kr-checkins").row_count  # type: ignore[attr-defined]
        assert rows == len(demo_store.checkins(kr.id))


async def test_a_checkin_from_another_process_appears(
    app: OkrApp, demo_store: Store, other_store: Store, demo_clock: FixedClock
) -> None:
    kr = demo_store.kr_by_ref("GROW-1.1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_kr(kr.id)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, KRDetailScreen)
        before = screen.query_one("#kr-checkins").row_count  # type: ignore[attr-defined]
        other_store.add_checkin(
            CheckIn(
                kr_id=kr.id,
                at=demo_clock.now(),
                value=9,
                confidence=8,
                note="Big jump after the pricing fix",
            )
        )
        screen.post_message(StoreChanged())
        await settle(app, pilot)
        assert screen.query_one("#kr-checkins").row_count == before + 1  # type: ignore[attr-defined]
        text = screen_text(app)
        assert "On track" in text, text
