"""Pilot tests of the meeting runner's panels, dialogs and ways in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from okrtui.agenda import AgendaLibrary, load_template
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.models import MeetingStatus, StepStatus
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.meeting_start import start_meeting_from_agenda
from okrtui.tui.notes_file import default_notes_path, write_notes
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.resume import ResumeModal
from okrtui.tui.screens.start_meeting import StartMeetingScreen
from okrtui.tui.steps.kr_round import KRRoundPanel
from okrtui.tui.widgets.meeting_form import ConfirmModal, FormModal


def weekly(store: Store, team_id: int, facilitator: int | None = None) -> MeetingSession:
    template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
    cycle = store.current_cycle()
    assert cycle is not None
    return MeetingSession.start(
        store, template, cycle=cycle, team_id=team_id, facilitator_id=facilitator, attendee_ids=()
    )


def app_for(store: Store, clock: FixedClock, meeting_id: int | None = None) -> OkrApp:
    return make_app(
        store, clock, Settings(), meeting_id=meeting_id, remember_settings=False, live_refresh=False
    )


async def meeting_ready(pilot: Pilot[Any]) -> None:
    """Wait until the meeting screen shows its first panel."""
    await pilot.pause()
    while not (
        isinstance(pilot.app.screen, MeetingScreen)
        and pilot.app.screen.panel is not None
        and pilot.app.screen.panel.is_mounted
    ):
        await pilot.pause()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


def meeting_screen(app: App[Any]) -> MeetingScreen:
    screen = app.screen
    assert isinstance(screen, MeetingScreen)
    return screen


async def test_out_of_range_confidence_keeps_the_entry(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    async with app_for(store, clock, session.meeting.id).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        await pilot.press("right_square_bracket", "v")
        await type_text(pilot, "500 12")
        await pilot.press("enter")
        await pilot.pause()
        field = pilot.app.screen.query_one("#kr-input", Input)
        assert field.value == "500 12" and field.has_focus
        messages = [n.message for n in pilot.app._notifications]
        assert any("confidence 12 is out of range" in m for m in messages)
        assert store.meeting_checkins(session.meeting.id) == []
        await pilot.press("escape")
        assert isinstance(pilot.app.focused, KRRoundPanel)


async def test_kr_round_blocker_with_unknown_owner_then_fixed(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    async with app_for(store, clock, session.meeting.id).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        await pilot.press("right_square_bracket")
        panel = pilot.app.screen.query_one(KRRoundPanel)
        first = panel.rows[0].kr
        await pilot.press("b")
        await type_text(pilot, "No test data")
        await pilot.press("enter", "ctrl+u")
        await type_text(pilot, "zed")
        await pilot.press("enter")
        form = pilot.app.screen
        assert isinstance(form, FormModal)
        error = str(form.query_one("#form-error", Static).render())
        assert "no person called 'zed'" in error
        await pilot.press("ctrl+u")
        await type_text(pilot, "ben")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MeetingScreen)
    [blocker] = store.blockers(small_org["cycle"])
    assert (blocker.text, blocker.owner_id, blocker.kr_id) == (
        "No test data",
        small_org["ben"],
        first.id,
    )


async def test_navigation_skip_jump_and_notes_saved_on_leaving(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        screen = meeting_screen(pilot.app)
        await pilot.press("right_curly_bracket")  # skip the wins
        assert screen.session.position == 1
        await pilot.press("g", "5")  # go to the closing notes
        await pilot.pause()
        assert screen.session.position == 4
        assert isinstance(pilot.app.focused, TextArea)
        await type_text(pilot, "Ship it")
        await pilot.press("escape", "left_square_bracket")
        await pilot.pause()
        assert screen.session.position == 3
    steps = store.meeting_steps(mid)
    assert steps[0].status is StepStatus.SKIPPED
    assert steps[1].status is StepStatus.DONE
    assert steps[4].notes == "Ship it"
    assert steps[4].status is StepStatus.PENDING


async def test_user_text_is_never_markup(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    text = "[@click=app.quit]boom[/] [bold]x"
    session.add_win(text, [small_org["ana"]])
    async with app_for(store, clock, session.meeting.id).run_test(size=(120, 30)) as pilot:
        await meeting_ready(pilot)
        detail = str(pilot.app.screen.query_one("#wins-detail", Static).render())
        assert detail == f"{text} — thanks to Ana Silva"
        await pilot.click("#wins-detail")
        assert pilot.app.is_running


async def test_resume_offer_can_end_the_meeting(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    session.next()
    clock.advance(minutes=34)
    async with app_for(store, clock).run_test(size=(100, 30)) as pilot:
        while not isinstance(pilot.app.screen, ResumeModal):
            await pilot.pause()
        modal = pilot.app.screen
        assert isinstance(modal, ResumeModal)
        assert modal.question == (
            "Resume 'Weekly check-in' (Engineering) at step 2 of 5, started 34 min ago?"
        )
        await pilot.press("e")
        await pilot.pause()
        assert store.meeting(session.meeting.id).status is MeetingStatus.RUNNING
        assert isinstance(pilot.app.screen, ConfirmModal)  # ending is always confirmed
        await pilot.press("y")
        await pilot.pause()
    assert store.meeting(session.meeting.id).status is MeetingStatus.ENDED


async def test_resumes_after_the_template_file_is_gone(
    store: Store, clock: FixedClock, small_org: dict[str, int], tmp_path: Path
) -> None:
    source = (builtin_agendas_dir() / "weekly-checkin.toml").read_text(encoding="utf-8")
    path = tmp_path / "ours.toml"
    path.write_text(source.replace('slug = "weekly-checkin"', 'slug = "ours"'), "utf-8")
    template = load_template(path)
    cycle = store.current_cycle()
    assert cycle is not None
    session = MeetingSession.start(
        store, template, cycle=cycle, team_id=small_org["team"], facilitator_id=None
    )
    session.next()
    path.unlink()
    async with app_for(store, clock, session.meeting.id).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        screen = meeting_screen(pilot.app)
        assert screen.session.current.kind == "krs"
        await pilot.press("7")
    assert [c.confidence for c in store.meeting_checkins(session.meeting.id)] == [7]


async def test_notes_file_is_never_overwritten(
    store: Store, clock: FixedClock, small_org: dict[str, int], tmp_path: Path
) -> None:
    session = weekly(store, small_org["team"])
    session.end()
    app = app_for(store, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        taken = default_notes_path(app, session.meeting.id, tmp_path)
        assert taken.name == "okr-notes-2026-11-18-eng.md"
        taken.write_text("mine", encoding="utf-8")
        assert default_notes_path(app, session.meeting.id, tmp_path).name.endswith("-eng-2.md")
        write_notes(app, session.meeting.id, tmp_path)
        while not isinstance(app.screen, FormModal):
            await pilot.pause()
        await pilot.press("ctrl+u")
        await type_text(pilot, str(taken))
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, FormModal)
        assert "already exists" in str(form.query_one("#form-error", Static).render())
        await pilot.press("escape")
    assert taken.read_text(encoding="utf-8") == "mine"


async def test_start_screen_starts_a_meeting(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = make_app(
        store,
        clock,
        Settings(),
        me_id=small_org["ana"],
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        start_meeting_from_agenda(app, "weekly-checkin")
        while not isinstance(app.screen, StartMeetingScreen):
            await pilot.pause()
        await pilot.press("ctrl+s")
        await meeting_ready(pilot)
        screen = meeting_screen(app)
        meeting = screen.session.meeting
    assert meeting.agenda_slug == "weekly-checkin"
    assert meeting.team_id == small_org["team"]
    assert meeting.facilitator_id == small_org["ana"]
    assert set(meeting.attendee_ids) == {small_org["ana"], small_org["ben"]}


@pytest.mark.parametrize("key", ["q"])
async def test_quit_asks_first_and_leaves_the_meeting_running(
    store: Store, clock: FixedClock, small_org: dict[str, int], key: str
) -> None:
    session = weekly(store, small_org["team"])
    async with app_for(store, clock, session.meeting.id).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        await pilot.press(key)
        await pilot.press("n")
        assert pilot.app.is_running and isinstance(pilot.app.screen, MeetingScreen)
    assert store.meeting(session.meeting.id).status is MeetingStatus.RUNNING
