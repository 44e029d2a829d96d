"""The blockers step: a new blocker's "needed by" date, shown with its age; keeping an open
blocker records the decision."""

from __future__ import annotations

from datetime import UTC, date, datetime

from okrtui.clock import FixedClock
from okrtui.domain.models import Blocker
from okrtui.store import Store
from okrtui.tui.steps.blockers import KEPT_PREFIX, BlockersPanel, needed_by_mark

from .test_meeting_panels import app_for, meeting_ready, weekly


async def test_a_blocker_needed_by_a_day_and_kept_with_a_decision(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    carried = store.raise_blocker(
        Blocker(
            cycle_id=small_org["cycle"],
            text="Staging database is down",
            team_id=small_org["team"],
            owner_id=small_org["ben"],
            raised_at=datetime(2026, 11, 4, 10, tzinfo=UTC),
            needed_by=date(2026, 11, 13),
        )
    )
    session = weekly(store, small_org["team"], small_org["ana"])
    session.jump([s.kind for s in session.steps].index("blockers"))
    async with app_for(store, clock, session.meeting.id).run_test(size=(120, 40)) as pilot:
        await meeting_ready(pilot)
        panel = pilot.app.screen.query_one(BlockersPanel)
        detail = str(panel.query_one("#blockers-detail").render())
        today = clock.now().date()
        age = (today - date(2026, 11, 4)).days
        assert f"raised {age} days ago · needed by Fri 13 Nov" in detail
        # keep it: a decision is recorded, with the owner, and the row says kept
        await pilot.press("enter")
        await pilot.pause()
        [decision] = store.decisions(small_org["cycle"], meeting_id=session.meeting.id)
        assert decision.text.startswith(f"{KEPT_PREFIX}#{carried.id} Staging database is down")
        assert decision.owner_ids == (small_org["ben"],)
        assert "kept" in str(panel.query_one("#blockers-list").render_line(0).text)
        # a second Enter on it records nothing more
        await pilot.press("k", "enter")
        await pilot.pause()
        assert len(store.decisions(small_org["cycle"], meeting_id=session.meeting.id)) == 1
        # raise a new one, needed by a date typed the short way
        await pilot.press("a", *"waiting for legal", "enter", *"ana", "enter", "enter")
        await pilot.press(*"2026-12-01", "enter")
        await pilot.pause()
    new = [b for b in store.blockers(small_org["cycle"]) if b.text == "waiting for legal"]
    assert [(b.owner_id, b.needed_by) for b in new] == [(small_org["ana"], date(2026, 12, 1))]


def test_the_needed_by_mark_says_late_or_by() -> None:
    today = date(2026, 11, 18)
    assert needed_by_mark(None, today, open_=True).plain == ""
    assert needed_by_mark(date(2026, 11, 20), today, open_=True).plain == "by 20 Nov "
    assert needed_by_mark(date(2026, 11, 15), today, open_=True).plain.startswith("late 3d")
    assert needed_by_mark(date(2026, 11, 15), today, open_=False).plain == "by 15 Nov "


async def test_the_kr_detail_shows_when_a_blocker_is_needed_by(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from .conftest import screen_text

    store.raise_blocker(
        Blocker(
            cycle_id=small_org["cycle"],
            text="Staging database is down",
            kr_id=small_org["ENG-1.1"],
            team_id=small_org["team"],
            owner_id=small_org["ben"],
            raised_at=datetime(2026, 11, 4, 10, tzinfo=UTC),
            needed_by=date(2026, 11, 27),
        )
    )
    app = app_for(store, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_kr(small_org["ENG-1.1"])
        for _ in range(5):
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Staging database is down" in screen_text(app)
        assert "needed by" in screen_text(app)
