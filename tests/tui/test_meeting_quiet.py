"""The meeting screen over a slow terminal (SSH): started in a meeting, the first frame is the
meeting's; a second of nobody typing redraws only the timers' seconds; the dashboard under the
meeting changing redraws nothing. What the terminal would get is read from the updates the
screen hands to the driver (`App._display`), the bytes `bench/quiet.py` counts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import RenderableType
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget

from okrtui.clock import FixedClock, local_today
from okrtui.domain.models import StepStatus
from okrtui.io.demo import load_demo
from okrtui.meeting.session import StepTiming
from okrtui.store import Store, open_db
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.widgets.meeting_sidebar import StepRow, step_row_text
from okrtui.tui.widgets.meeting_timer import MeetingTimer, TickText
from tests.tui.conftest import screen_text
from tests.tui.test_meeting_flow import NOW, app_for, meeting_ready, start_weekly


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Store, FixedClock]:
    clock = FixedClock(NOW)
    store = Store(open_db(tmp_path / "demo.db"), clock)
    load_demo(store, local_today(clock, "UTC"))
    return store, clock


Shown = list[tuple[Screen[object], RenderableType | None]]


@contextmanager
def terminal_updates(app: OkrApp) -> Iterator[Shown]:
    """Every update the app's screens hand to the terminal while inside."""
    shown: Shown = []
    display = app._display

    def record(screen: Screen[object], renderable: RenderableType | None) -> None:
        shown.append((screen, renderable))
        display(screen, renderable)

    app._display = record  # type: ignore[method-assign]
    try:
        yield shown
    finally:
        app._display = display  # type: ignore[method-assign]


def spans(shown: Shown) -> list[tuple[int, int, int]]:
    """The (line, first column, end column) ranges written; a full frame fails the test."""
    written: list[tuple[int, int, int]] = []
    for _screen, update in shown:
        assert not isinstance(update, LayoutUpdate), "the whole screen was redrawn"
        if isinstance(update, ChopsUpdate):
            written += update.spans
    return sorted(written)


def seconds_of(timer: MeetingTimer) -> Region:
    _minutes, seconds = timer.query(TickText)
    return seconds.region


async def test_an_idle_second_redraws_only_the_seconds_of_the_two_timers(
    demo: tuple[Store, FixedClock], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, clock = demo
    session = start_weekly(store)
    app = app_for(store, clock, session.meeting.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await meeting_ready(pilot)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        step = screen.query_one("#step-timer", MeetingTimer)
        meeting = screen.query_one("#meeting-timer", MeetingTimer)
        assert (step.text, meeting.text) == ("Step 05:00 left", "Meeting 30:00 left")
        clock.advance(seconds=1)
        screen.tick()
        await pilot.pause()

        refreshed: list[tuple[Widget, tuple[Region, ...], bool]] = []
        refresh = Widget.refresh

        def counted(widget: Widget, *regions: Region, **options: bool) -> Widget:
            refreshed.append((widget, regions, options.get("layout", False)))
            return refresh(widget, *regions, **options)

        monkeypatch.setattr(Widget, "refresh", counted)
        with terminal_updates(app) as shown:
            clock.advance(seconds=1)
            screen.tick()
            await pilot.pause()
        assert (step.text, meeting.text) == ("Step 04:58 left", "Meeting 29:58 left")
        step_seconds, meeting_seconds = seconds_of(step), seconds_of(meeting)
        assert [(type(w), r, layout) for w, r, layout in refreshed] == [
            (TickText, (Region(0, 0, 2, 1),), False),
            (TickText, (Region(0, 0, 2, 1),), False),
        ]
        assert spans(shown) == [
            (0, step_seconds.x, step_seconds.x + 2),
            (0, meeting_seconds.x, meeting_seconds.x + 2),
        ]
        rendered = screen_text(app).splitlines()[0]
        assert "Step 04:58 left" in rendered and "Meeting 29:58 left" in rendered

        # The same second again: nothing is refreshed, nothing is written.
        refreshed.clear()
        with terminal_updates(app) as shown:
            screen.tick()
            await pilot.pause()
        assert refreshed == []
        assert spans(shown) == []

        # A new minute: the minutes too, and the current step's row in the sidebar.
        with terminal_updates(app) as shown:
            clock.advance(seconds=58)
            screen.tick()
            await pilot.pause()
        assert (step.text, meeting.text) == ("Step 04:00 left", "Meeting 29:00 left")
        current = screen.query(StepRow).first().region
        assert {line for line, _start, _end in spans(shown)} == {0, *current.line_range}
        sidebar = screen_text(app).splitlines()[current.y : current.bottom]
        assert any("5m · 1m so far" in line for line in sidebar)
        rendered = screen_text(app).splitlines()[0]
        assert "Step 04:00 left" in rendered and "Meeting 29:00 left" in rendered


async def test_started_in_a_meeting_the_first_frame_is_the_meetings(
    demo: tuple[Store, FixedClock],
) -> None:
    store, clock = demo
    session = start_weekly(store)
    app = app_for(store, clock, session.meeting.id)
    with terminal_updates(app) as shown:
        async with app.run_test(size=(120, 40)) as pilot:
            await meeting_ready(pilot)
            await pilot.pause()
            painted = {type(screen) for screen, update in shown if update is not None}
            assert painted == {MeetingScreen}

            # The dashboard under the meeting changes: nothing of it shows, nothing is written.
            dashboard = app.screen_stack[0]
            assert isinstance(dashboard, DashboardScreen)
            shown.clear()
            for widget in dashboard.query(Widget):
                widget.refresh()
            await pilot.pause()
            await pilot.pause()
            assert spans(shown) == []


def test_the_sidebar_counts_the_current_step_in_whole_minutes() -> None:
    def row(status: StepStatus, actual: float, *, compact: bool = False) -> str:
        timing = StepTiming(
            position=1,
            title="KR round",
            kind="krs",
            planned_seconds=900,
            actual_seconds=actual,
            status=status,
        )
        return step_row_text(timing, compact=compact).plain

    assert row(StepStatus.CURRENT, 59) == "▶ 2 KR round\n   15m"
    assert (
        row(StepStatus.CURRENT, 60)
        == row(StepStatus.CURRENT, 119)
        == "▶ 2 KR round\n   15m · 1m so far"
    )
    assert row(StepStatus.CURRENT, 185, compact=True) == "▶ 2\n15m"
    assert row(StepStatus.DONE, 185) == "✓ 2 KR round\n   15m · 03:05"
    assert row(StepStatus.DONE, 185, compact=True) == "✓ 2\n03:05"


async def test_a_step_change_redraws_what_changed_not_the_whole_screen(
    demo: tuple[Store, FixedClock],
) -> None:
    store, clock = demo
    session = start_weekly(store)
    app = app_for(store, clock, session.meeting.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await meeting_ready(pilot)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        first_panel = screen.panel
        with terminal_updates(app) as shown:
            await pilot.press("right_square_bracket")
            while screen.panel is first_panel or not (screen.panel and screen.panel.is_mounted):
                await pilot.pause()
            await pilot.pause()
        assert "Step 2 of 5  KR round" in screen_text(app)
        assert app.focused is not None and screen.panel in app.focused.ancestors_with_self
        assert spans(shown)  # written in pieces: `spans` fails on a full frame
