"""A user's own long agenda prompt reads whole at 80×24 (issue 16): it wraps, and one
longer than the rows it may take scrolls, with a scrollbar to say so."""

from __future__ import annotations

from collections.abc import Callable
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
from okrtui.tui.widgets.step_prompt import StepPrompt

from .conftest import screen_text

PROMPT = (
    "Our own rule for this round, agreed at the retro: owners read the number first, then "
    "their confidence out of ten, then the one thing that moved it since last week. "
    "Anything longer than a minute becomes a blocker with an owner or an action with a due "
    "date. Last word to the quietest person: who needs help?"
)
LONGER = PROMPT + " Then the same again, in other words, for the room. " + PROMPT.upper()


def meeting_app(store: Store, clock: FixedClock, prompt: str) -> OkrApp:
    agenda = parse_template(
        'slug = "ours"\ntitle = "Our weekly"\nkind = "custom"\nminutes = 15\n\n'
        f'[[steps]]\nkind = "krs"\ntitle = "KR round"\nminutes = 15\nprompt = "{prompt}"\n',
        "our agenda",
    )
    cycle = store.current_cycle()
    assert cycle is not None
    team = store.team_by_code("PLAT")
    session = MeetingSession.start(
        store,
        agenda,
        cycle=cycle,
        team_id=team.id,
        facilitator_id=store.person_by_handle("aisha").id,
        attendee_ids=team.member_ids,
    )
    return make_app(
        store,
        clock,
        Settings(theme="textual-dark"),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )


async def on_the_step(pilot: Pilot[Any]) -> StepPrompt:
    while not isinstance(pilot.app.screen, MeetingScreen) or pilot.app.screen.panel is None:
        await pilot.pause()
    await pilot.pause()
    return pilot.app.screen.query_one(StepPrompt)


SCROLLBAR = str.maketrans("", "", "▁▂▃▄▅▆▇█")


def main_column(app: OkrApp) -> str:
    """The words right of the sidebar, as one line, without a scrollbar's thumb."""
    rows = [line.partition("▕")[2].translate(SCROLLBAR) for line in screen_text(app).splitlines()]
    return " ".join(" ".join(rows).split())


def test_the_prompt_is_about_300_characters() -> None:
    assert 280 <= len(PROMPT) <= 320


async def test_a_300_character_prompt_reads_whole_at_80x24(
    demo_store: Store, demo_clock: FixedClock
) -> None:
    app = meeting_app(demo_store, demo_clock, PROMPT)
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = await on_the_step(pilot)
        assert prompt.max_scroll_y == 0
        assert PROMPT in main_column(app)
        assert "KR round" in main_column(app)


async def test_a_longer_prompt_scrolls_to_its_last_words(
    demo_store: Store, demo_clock: FixedClock
) -> None:
    app = meeting_app(demo_store, demo_clock, LONGER)
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = await on_the_step(pilot)
        assert prompt.max_scroll_y > 0
        assert prompt.show_vertical_scrollbar
        assert PROMPT in main_column(app)
        assert "WHO NEEDS HELP?" not in main_column(app)
        prompt.scroll_end(animate=False)
        await pilot.pause()
        assert "WHO NEEDS HELP?" in main_column(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_long_prompt_snapshot(
    size: tuple[int, int],
    demo_store: Store,
    demo_clock: FixedClock,
    snap_compare: Callable[..., bool],
) -> None:
    async def ready(pilot: Pilot[Any]) -> None:
        await on_the_step(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    app = meeting_app(demo_store, demo_clock, PROMPT)
    assert snap_compare(app, terminal_size=size, run_before=ready)
