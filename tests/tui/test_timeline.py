"""The timeline screen and the strip drawing."""

from __future__ import annotations

from datetime import date

from okrtui.domain.models import Cycle, Milestone, MilestoneKind
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.timeline import TimelineScreen
from okrtui.tui.widgets.timeline import timeline_lines
from okrtui.views.timeline import MeetingMark, timeline_view

from .conftest import screen_text, settle

CYCLE = Cycle(id=1, slug="q", name="Q", start=date(2026, 10, 5), end=date(2027, 1, 3))


def _milestone(mid: int, on: date, title: str = "M") -> Milestone:
    return Milestone(id=mid, cycle_id=1, kind=MilestoneKind.OTHER, title=title, on=on)


def test_the_strip_marks_today_milestones_and_meetings() -> None:
    data = timeline_view(
        CYCLE,
        [_milestone(1, date(2026, 10, 5)), _milestone(2, date(2026, 11, 20))],
        [MeetingMark(date(2026, 10, 12), "weekly")],
        date(2026, 11, 18),
    )
    dates, weeks, axis, marks, held = (line.plain for line in timeline_lines(data, 80))
    assert all(len(line) == 80 for line in (dates, weeks, axis, marks, held))
    assert dates.startswith("Oct 5") and dates.endswith("Jan 3")
    assert "today Nov 18" in dates
    assert axis.index("▼") == round(44 / 90 * 79)
    assert marks.index("1") == 0 and marks.index("2") == round(46 / 90 * 79)
    assert held.index("●") == round(7 / 90 * 79)
    assert [m.state for m in data.milestones] == ["done", "next"]
    assert weeks.split() == [str(w) for w in range(1, 14)]


def test_milestones_on_the_same_spot_stay_apart() -> None:
    data = timeline_view(
        CYCLE,
        [_milestone(1, date(2027, 1, 1)), _milestone(2, date(2027, 1, 2))],
        [],
        date(2026, 11, 18),
    )
    marks = timeline_lines(data, 40)[3].plain
    assert "1 2" in marks


async def test_l_opens_the_timeline_with_the_milestone_list(app: OkrApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        assert isinstance(app.screen, TimelineScreen)
        text = screen_text(app)
        assert "12 Oct – 10 Jan 2027 · week 6 of 13 · locked: dates fixed" in text
        assert "Mid-cycle review" in text and "in 8d  next" in text
        assert "Kickoff" in text and "done" in text
        await pilot.press("escape")
        assert app.screen.id == "dashboard"
