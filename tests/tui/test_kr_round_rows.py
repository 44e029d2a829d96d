"""The KR round updates one row per keystroke; after every key the panel must show exactly
what a fresh read of the store would."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.meeting.async_round import async_round
from okrtui.meeting.scope import kr_round, step_options
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.steps.kr_round import KRRoundPanel, detail_lines, row_line
from okrtui.tui.widgets.meeting_kit import thresholds_of

# Digits, 10, no change, values, notes, moving up: twice round the KRs.
KEYS = [
    "3", "full_stop", "7", "v:42", "n:blocked on the DB", "t", "0", "enter", "k", "k",
    "5", "v:done", "n:x", "9", "up", "up", "up", "1", "2", "v:0.5", "n:hello there", "8",
    "full_stop", "4", "k", "6",
] * 2  # fmt: skip


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


@pytest.mark.parametrize("clock_goes_back", [False, True])
@pytest.mark.parametrize("team", ["PLAT", "GROW"])
async def test_rows_always_match_a_fresh_read(
    demo_store: Store, demo_clock: FixedClock, team: str, clock_goes_back: bool
) -> None:
    """`clock_goes_back` dates new check-ins before existing ones, which forces a reload."""
    template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
    cycle = demo_store.current_cycle()
    assert cycle is not None
    session = MeetingSession.start(
        demo_store,
        template,
        cycle=cycle,
        team_id=demo_store.team_by_code(team).id,
        facilitator_id=None,
    )
    app = make_app(
        demo_store,
        demo_clock,
        Settings.model_validate({"theme": "textual-dark"}),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, MeetingScreen) and app.screen.panel is not None):
            await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        panel = app.screen.query_one(KRRoundPanel)
        for i, key in enumerate(KEYS):
            demo_clock.advance(seconds=7)
            if clock_goes_back and i == 5:
                demo_clock.advance(days=-40)
            if ":" in key:
                command, text = key.split(":", 1)
                if command == "v":
                    selected = panel.selected
                    assert selected is not None
                    milestone = selected.kr.kind.value == "milestone"
                    number = text if text[0].isdigit() else "17"
                    text = "done 7" if milestone else f"{number} 6"
                await pilot.press(command)
                await type_text(pilot, text)
                await pilot.press("enter")
            else:
                await pilot.press(key)
            await pilot.pause()
            assert not panel.query_one("#kr-input").has_class("-open"), key
            if key == "1":
                # A `1` waits for a possible `0` (10); the next key writes it.
                assert panel._pending_one is not None
                continue

            options = step_options(panel.step)
            read = kr_round(
                demo_store,
                panel.session.meeting,
                all_teams=options.get("scope") == "all",
                only_stale=options.get("only_stale") is True,
                thresholds=thresholds_of(panel),
            )
            # async-first: the ones to discuss, then those already in (issue 19)
            grouped = async_round(demo_store, panel.session.meeting, read, thresholds_of(panel))
            fresh = [entry.row for entry in grouped.ordered]
            assert panel.rows == fresh, key
            listing = panel.query_one("#kr-list", OptionList)
            assert [str(o.prompt) for o in listing.options] == [
                str(row_line(r, already_in=r.kr.id in panel.already_in)) for r in fresh
            ]
            row = panel.selected
            assert row is not None
            width = max(8, min(40, panel.size.width - 36))
            detail = panel.query_one("#kr-detail", Static)
            assert detail.content == detail_lines(row, bar_width=width), key
            size = detail.size
            assert size.height == len(detail_lines(row, bar_width=width).wrap(size.width)), key
    assert len(demo_store.meeting_checkins(session.meeting.id)) > 20
