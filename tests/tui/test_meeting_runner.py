"""One facilitator per meeting: a second okrtui on the same file follows it read-only, or
takes it over after a confirmation; the first runner is told and stops writing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrtui.clock import FixedClock
from okrtui.meeting import runner
from okrtui.meeting.errors import MeetingError
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.store.convert import to_text
from okrtui.tui.app import OkrApp
from okrtui.tui.steps.kr_round import KRRoundPanel
from okrtui.tui.widgets.meeting_form import ConfirmModal
from tests.tui.conftest import screen_text
from tests.tui.test_meeting_panels import app_for, meeting_ready, meeting_screen, weekly


def app_of(pilot: object) -> OkrApp:
    app = getattr(pilot, "app", None)
    assert isinstance(app, OkrApp)
    return app


def someone_else_runs(
    store: Store, meeting_id: int, *, name: str = "Amara", ago: float = 1
) -> None:
    """Another okrtui (another host, another pid) runs the meeting; its heartbeat is `ago`
    seconds old."""
    now = store.clock.now()
    with store.write() as db:
        db.execute(
            "INSERT OR REPLACE INTO meeting_runners "
            "(meeting_id, token, person_id, name, host, pid, since, heartbeat_at, step) "
            "VALUES (?, 'team-box:4242:abc', NULL, ?, 'team-box', 4242, ?, ?, 0)",
            [
                meeting_id,
                name,
                to_text(now - timedelta(minutes=28)),
                to_text(now - timedelta(seconds=ago)),
            ],
        )


async def test_a_second_okrtui_follows_a_meeting_someone_runs_and_writes_nothing(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    someone_else_runs(store, mid)
    async with app_for(store, clock, mid).run_test(size=(120, 30)) as pilot:
        await meeting_ready(pilot)
        screen = meeting_screen(pilot.app)
        assert screen.following
        text = screen_text(app_of(pilot))
        assert "is being run by Amara on team-box since" in text and "read-only" in text
        # The facilitator moves on to the KR round: the follower goes along.
        session.next()
        await screen._follow_tick()
        await pilot.pause()
        assert screen.session.position == 1
        assert isinstance(screen.panel, KRRoundPanel)
        # Keys that write do nothing here.
        await pilot.press("7", "enter", "right_square_bracket")
        await pilot.pause()
        assert store.meeting_checkins(mid) == []
        assert store.meeting(mid).current_step == 1
        assert runner.current_runner(store, mid) is not None
        assert runner.current_runner(store, mid).host == "team-box"  # type: ignore[union-attr]


async def test_taking_over_asks_first_then_runs_the_meeting_here(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    session.next()
    someone_else_runs(store, mid)
    async with app_for(store, clock, mid).run_test(size=(120, 30)) as pilot:
        await meeting_ready(pilot)
        screen = meeting_screen(pilot.app)
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmModal)
        assert "Take over ENG weekly check-in from Amara on team-box?" in screen_text(app_of(pilot))
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert not screen.following
        current = runner.current_runner(store, mid)
        assert current is not None and current.is_me
        await pilot.press("8")
        await pilot.pause()
    assert [c.confidence for c in store.meeting_checkins(mid)] == [8]


async def test_the_first_runner_is_told_when_taken_over_and_stops_writing(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    session.next()
    async with app_for(store, clock, mid).run_test(size=(120, 30)) as pilot:
        await meeting_ready(pilot)
        screen = meeting_screen(pilot.app)
        assert not screen.following
        await pilot.press("6")
        await pilot.pause()
        someone_else_runs(store, mid, name="Ben", ago=0)  # Ben took it over
        screen._still_mine()  # what the screen does every second
        await pilot.pause()
        assert screen.following
        messages = " ".join(n.message for n in pilot.app._notifications)
        assert "Ben on team-box took this meeting over" in messages
        await pilot.press("8")
        await pilot.pause()
    assert [c.confidence for c in store.meeting_checkins(mid)] == [6]


async def test_a_meeting_whose_runner_stopped_is_resumed_not_followed(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    someone_else_runs(store, mid, ago=runner.STALE_SECONDS + 5)
    async with app_for(store, clock, mid).run_test(size=(120, 30)) as pilot:
        await meeting_ready(pilot)
        assert not meeting_screen(pilot.app).following
        current = runner.current_runner(store, mid)
        assert current is not None and current.is_me


def test_a_second_meeting_for_a_team_with_one_running_is_refused_by_name(
    store: Store, small_org: dict[str, int]
) -> None:
    weekly(store, small_org["team"])
    with pytest.raises(MeetingError, match="has a meeting running already: 'Weekly check-in'"):
        weekly(store, small_org["team"])


def test_leaving_pauses_the_step_and_a_crash_counts_only_up_to_the_last_heartbeat(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    runner.claim(store, mid, name="Ana", person_id=None, step=0)
    clock.advance(minutes=3)
    runner.beat(store, mid, 0)  # the last sign of life
    clock.advance(days=3)  # killed; resumed three days later
    resumed = MeetingSession.resume(store, mid)
    assert resumed.step_elapsed() == pytest.approx(180)
    clock.advance(minutes=1)
    assert resumed.step_elapsed() == pytest.approx(240)
    resumed.pause()  # a clean quit
    clock.advance(hours=5)
    again = MeetingSession.resume(store, mid)
    assert again.step_elapsed() == pytest.approx(240)
    assert again.meeting_elapsed() == pytest.approx(240)


def test_step_time_does_not_go_back_with_the_wall_clock(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    ticks = [1000.0]
    session.ticks = lambda: ticks[0]
    session._open = (0, 1000.0)
    ticks[0] += 90
    clock.advance(hours=-1)  # the wall clock is stepped back an hour
    assert session.step_elapsed() == pytest.approx(90)
    assert session.meeting_elapsed() == pytest.approx(90)
    left = session.next()
    assert session.steps[0].elapsed_seconds == pytest.approx(90)
    assert left.position == 1


async def test_the_start_offer_for_a_meeting_run_elsewhere_is_follow_or_take_over(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from okrtui.tui.screens.resume import ResumeModal

    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    someone_else_runs(store, mid)
    async with app_for(store, clock).run_test(size=(120, 30)) as pilot:
        while not isinstance(pilot.app.screen, ResumeModal):
            await pilot.pause()
        text = screen_text(app_of(pilot))
        assert "ENG weekly check-in is being run by Amara on team-box since" in text
        assert "f / Enter: follow it read-only · t: take it over" in text
        await pilot.press("e")  # not offered: someone runs it
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResumeModal)
        await pilot.press("f")
        await meeting_ready(pilot)
        assert meeting_screen(pilot.app).following
    assert store.meeting(mid).status.value == "running"
