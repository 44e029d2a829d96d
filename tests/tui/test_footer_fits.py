"""Every footer ends with its help key, whole, at 80 and 120 columns: on every main screen
and at every meeting step (issue 16). Keys that do not fit are left out of the footer
(`show=False`) but still work and are listed in ? help."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from okrtui.agenda import parse_template
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.meeting_summary import MeetingSummaryScreen

from .conftest import screen_text, settle

WIDTHS = [(80, 24), (120, 40)]
KINDS = [
    "wins",
    "krs",
    "vote",
    "blockers",
    "actions",
    "timeline",
    "health",
    "grading",
    "reflection",
    "drafting",
    "notes",
]
AGENDA = f'slug = "every-kind"\ntitle = "Every kind"\nkind = "custom"\nminutes = {len(KINDS)}\n'
AGENDA += "".join(
    f'\n[[steps]]\nkind = "{kind}"\ntitle = "The {kind} step"\nminutes = 1\n' for kind in KINDS
)


def footer(app: OkrApp) -> str:
    """The footer's keys as shown, without the command palette's key docked on the right."""
    row = screen_text(app).rstrip("\n").split("\n")[-1]
    keys, bar, palette = row.partition("▏")
    assert bar and palette.strip() == "^p palette", row
    return keys.rstrip()


def assert_help_last(app: OkrApp, where: str, help_key: str = "? Help") -> None:
    keys = footer(app)
    assert keys.endswith(f" {help_key}"), f"{where}: the footer reads {keys!r}"


@pytest.mark.parametrize("size", WIDTHS, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_main_screen_ends_its_footer_with_help(
    size: tuple[int, int], app: OkrApp
) -> None:
    screens: list[tuple[str, list[str], str]] = [
        ("dashboard", [], "? Help"),
        ("timeline", ["l"], "? Help"),
        ("alignment", ["escape", "a"], "? Help"),
        ("KR detail", ["escape", "enter"], "? Help"),
        ("help", ["question_mark"], "esc Close help"),
        ("start meeting", ["escape", "escape", "s"], "? Help"),
        ("write OKRs", ["escape", "plus"], "? Help"),
    ]
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for where, keys, help_key in screens:
            for key in keys:
                await pilot.press(key)
            await settle(app, pilot)
            assert_help_last(app, where, help_key)


async def _on_step(pilot: Pilot[Any], position: int) -> MeetingScreen:
    while True:
        await pilot.pause()
        screen = pilot.app.screen
        if (
            isinstance(screen, MeetingScreen)
            and screen.panel is not None
            and screen.panel.is_mounted
            and screen.session.position == position
        ):
            await pilot.pause()
            return screen


@pytest.mark.parametrize("size", WIDTHS, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_meeting_step_ends_its_footer_with_help(
    size: tuple[int, int], demo_store: Store, demo_clock: FixedClock
) -> None:
    """Each step kind in turn (the vote open and revealed too), then the summary."""
    cycle = demo_store.current_cycle()
    assert cycle is not None
    team = demo_store.team_by_code("PLAT")
    session = MeetingSession.start(
        demo_store,
        parse_template(AGENDA, "every kind"),
        cycle=cycle,
        team_id=team.id,
        facilitator_id=demo_store.person_by_handle("aisha").id,
        attendee_ids=team.member_ids,
    )
    app = make_app(
        demo_store,
        demo_clock,
        Settings(theme="textual-dark"),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=size) as pilot:
        for position, kind in enumerate(KINDS):
            screen = await _on_step(pilot, position)
            assert screen.session.current.kind == kind
            assert_help_last(app, f"step {kind}")
            if kind == "vote":
                for key, state in (("enter", "vote open"), ("r", "votes revealed")):
                    await pilot.press(key)
                    await pilot.pause()
                    assert_help_last(app, f"step vote, {state}")
            if kind != "notes":
                await screen.action_next_step()
        await pilot.press("ctrl+e", "y")
        while not isinstance(app.screen, MeetingSummaryScreen):
            await pilot.pause()
        await pilot.pause()
        assert_help_last(app, "meeting summary")
