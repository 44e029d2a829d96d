"""Dialogs open over the meeting: the meeting stays on screen, dimmed, and its timers run."""

from __future__ import annotations

import html
import re

from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.widgets.meeting_form import ConfirmModal

from .test_snapshots_meeting import meeting_app, steady


def on_screen(svg: str) -> str:
    """The text of a screenshot, every screen of the stack composed as the terminal shows:
    one line per row (a row is drawn in several pieces, one per style and widget)."""
    rows: dict[str, list[str]] = {}
    for y, piece in re.findall(r'<text[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(y, []).append(piece)
    text = html.unescape("\n".join("".join(pieces) for pieces in rows.values()))
    return text.replace("\xa0", " ")


async def test_the_meeting_stays_visible_and_its_timer_runs_behind_a_dialog() -> None:
    app = meeting_app(1, 1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await steady(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        shown = on_screen(app.export_screenshot())
        assert "End the meeting now?" in shown
        assert "PLAT-3.1" in shown and "Median CI pipeline time" in shown  # the KR round
        assert "Step 04:00 left" in shown
        meeting.session.clock.advance(minutes=1)  # type: ignore[attr-defined]
        await pilot.pause(1.5)
        assert "Step 03:00 left" in on_screen(app.export_screenshot())
        # dimmed: the dialog's screen lets the meeting through a part-transparent background
        assert 0 < app.screen.styles.background.a < 1


async def test_presenter_mode_shows_the_kr_large_and_toggling_keeps_the_place() -> None:
    from textual.widgets import Digits

    from okrtui.tui.widgets.presenter import PresenterStage

    from .conftest import screen_text

    app = meeting_app(1, 1.0)
    async with app.run_test(size=(120, 40)) as pilot:
        await steady(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        stage = meeting.query_one(PresenterStage)
        assert not stage.display
        await pilot.press("j", "j", "p")
        await pilot.pause(0.5)
        panel = meeting.panel
        row = getattr(panel, "selected", None)
        assert row is not None and row.kr.ref == "PLAT-3.2"
        assert stage.display and stage.row == row
        text = screen_text(app)
        assert "PLAT-3.2  Deploys per week" in text
        assert "Why:" in text or not row.last_note
        assert str(stage.query_one("#stage-confidence", Digits).value) == f"{row.confidence}/10"
        assert meeting.query_one("#meeting-sidebar").styles.display == "none"
        # the step and its time left, large
        from okrtui.tui.widgets.presenter import PresenterHead

        head = meeting.query_one(PresenterHead)
        assert head.display and "Step 2 of 6 · KR round" in text
        assert str(head.query_one("#head-timer", Digits).value) == "04:00"
        await pilot.press("p")  # off: the list is where it was
        await pilot.pause(0.5)
        assert not stage.display
        assert meeting.query_one("#meeting-sidebar").styles.display == "block"
        assert meeting.panel is panel and getattr(panel, "selected", None) == row
        await pilot.press("p", "8")  # on again: a confidence key still reaches the KR round
        await pilot.pause(0.5)
    stored = meeting.session.store.latest_checkins(meeting.session.meeting.cycle_id)
    assert stored[row.kr.id].confidence == 8


async def test_below_80_columns_the_sidebar_gives_way_first() -> None:
    app = meeting_app(1, 1.0)
    async with app.run_test(size=(60, 20)) as pilot:
        await steady(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        assert meeting.query_one("#meeting-sidebar").styles.display == "none"
        assert meeting.query_one("#meeting-main").size.width >= 58
    app = meeting_app(1, 1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await steady(pilot)
        sidebar = app.screen.query_one("#meeting-sidebar")
        assert sidebar.styles.display == "block" and sidebar.size.width <= 8


async def test_ending_on_the_last_step_counts_it_finished() -> None:
    app = meeting_app(5, 1.0)  # the last of six steps
    async with app.run_test(size=(80, 24)) as pilot:
        await steady(pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen) and meeting.session.is_last
        before = sum(s.status.value in ("done", "skipped") for s in meeting.session.steps)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert app.screen.detail.startswith(f"{before + 1} of 6 steps finished")


async def test_the_bar_keeps_the_present_count_at_80_columns() -> None:
    from .conftest import screen_text

    app = meeting_app(1, 1.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await steady(pilot)
        bar = screen_text(app).splitlines()[0]
        assert "PLAT · 3 present" in bar and "Step 04:00 left" in bar
