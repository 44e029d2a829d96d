"""The okr-drafting agenda: a team writes a draft in the meeting, with the coach's warnings
beside the form, and the panel shows it as a draft with its alignment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.kinds import CycleStatus
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db
from okrtui.tui.app import make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.steps.drafting import DraftingPanel
from okrtui.tui.widgets.okr_form import OkrFormScreen
from tests.conftest import build_small_org

from .conftest import screen_text, settle


@pytest.fixture
def planning(db_path: Path, clock: FixedClock) -> Iterator[tuple[Store, dict[str, int]]]:
    db = open_db(db_path)
    store = Store(db, clock, actor="ben")
    ids = build_small_org(store)
    store.set_cycle_status(ids["cycle"], CycleStatus.PLANNING)
    yield store, ids
    db.close()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_a_team_drafts_an_objective_in_the_meeting(
    planning: tuple[Store, dict[str, int]], clock: FixedClock
) -> None:
    store, ids = planning
    template = AgendaLibrary(None, builtin_agendas_dir()).get("okr-drafting")
    cycle = store.cycle(ids["cycle"])
    session = MeetingSession.start(
        store,
        template,
        cycle=cycle,
        team_id=ids["team"],
        facilitator_id=None,
        attendee_ids=[ids["ana"], ids["ben"]],
        clock=clock,
    )
    app = make_app(
        store,
        clock,
        Settings.model_validate({"theme": "textual-dark"}),
        me_id=None,
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, MeetingScreen) and app.screen.panel is not None):
            await pilot.pause()
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert isinstance(app.screen.panel, DraftingPanel)
        assert "2 drafts to agree" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OkrFormScreen)
        await pilot.press("enter")  # the team is the meeting's: ENG
        await type_text(pilot, "Write the docs")
        await pilot.pause()
        coach = str(app.screen.query_one("#coach", Static).render())
        assert "Objective ENG-3 has no owner" in coach
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert "3 drafts to agree" in screen_text(app)
        assert "ENG-3 Write the docs  -> nothing" in screen_text(app)
    [created] = [o for o in store.objectives(ids["cycle"]) if o.ref == "ENG-3"]
    assert created.agreed_at is None and created.team_id == ids["team"]
    assert [e.action for e in store.audit_log("objective", created.id)] == ["create"]
