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
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.steps.drafting import DraftingPanel
from okrtui.tui.widgets.meeting_form import ConfirmModal
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


def meeting_app(
    store: Store, ids: dict[str, int], clock: FixedClock, agenda: str, me: int | None = None
) -> OkrApp:
    template = AgendaLibrary(None, builtin_agendas_dir()).get(agenda)
    session = MeetingSession.start(
        store,
        template,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=None,
        attendee_ids=[ids["ana"], ids["ben"]],
        clock=clock,
    )
    return make_app(
        store,
        clock,
        Settings.model_validate({"theme": "textual-dark"}),
        me_id=me,
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )


async def to_drafting(app: OkrApp, pilot: Pilot[Any]) -> DraftingPanel:
    while not (isinstance(app.screen, MeetingScreen) and app.screen.panel is not None):
        await pilot.pause()
    await pilot.press("right_square_bracket")
    await settle(app, pilot)
    assert isinstance(app.screen, MeetingScreen)
    panel = app.screen.panel
    assert isinstance(panel, DraftingPanel)
    return panel


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


async def test_the_alignment_session_shows_each_objectives_key_results_and_e_edits_one(
    planning: tuple[Store, dict[str, int]], clock: FixedClock
) -> None:
    """In the trial the session listed objectives with KR counts only."""
    store, ids = planning
    app = meeting_app(store, ids, clock, "alignment-session")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await to_drafting(app, pilot)
        text = screen_text(app)
        assert "ENG-1.1 p95 latency" in text
        assert text.index("ENG-1 ") < text.index("ENG-1.1 p95 latency") < text.index("ENG-2 ")
        while panel._current() != ("kr", ids["ENG-1.1"]):
            await pilot.press("down")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OkrFormScreen)
        assert (form.kind, form.editing) == ("kr", ids["ENG-1.1"])
        await pilot.press("enter")  # the objective stays ENG-1
        await pilot.press("ctrl+u")
        await type_text(pilot, "p95 checkout latency")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.query_one(DraftingPanel) is panel
        assert "ENG-1.1 p95 checkout latency" in screen_text(app)
        assert panel._current() == ("kr", ids["ENG-1.1"])
    assert store.key_result(ids["ENG-1.1"]).title == "p95 checkout latency"
    assert [e.action for e in store.audit_log("key_result", ids["ENG-1.1"])] == ["edit"]


async def test_a_new_kr_goes_under_the_objective_just_added(
    planning: tuple[Store, dict[str, int]], clock: FixedClock
) -> None:
    """In the trial, after adding PAY-2, k still filled in PAY-1."""
    store, ids = planning
    app = meeting_app(store, ids, clock, "okr-drafting", me=ids["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        panel = await to_drafting(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")  # the meeting's team: ENG
        await type_text(pilot, "Calm on-call")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        [added] = [o for o in store.objectives(ids["cycle"]) if o.ref == "ENG-3"]
        assert panel._current() == ("objective", added.id)
        await pilot.press("k")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, OkrFormScreen)
        assert form.text()["objective"] == "ENG-3"
        assert form.text()["owner"] == "ana"  # who runs the app
        await pilot.press("escape")
        await settle(app, pilot)


async def test_locking_asks_first_and_the_step_offers_it_once_all_are_agreed(
    planning: tuple[Store, dict[str, int]], clock: FixedClock
) -> None:
    """In the trial L locked the cycle on one key, with no question."""
    store, ids = planning
    for objective in store.objectives(ids["cycle"]):
        store.structure.agree_objective(objective.id)
    app = meeting_app(store, ids, clock, "alignment-session")
    cycle = store.cycle(ids["cycle"])
    async with app.run_test(size=(80, 24)) as pilot:
        await to_drafting(app, pilot)
        assert f"All 2 objectives are agreed: L locks cycle {cycle.name}." in screen_text(app)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        text = screen_text(app)
        assert f"Lock cycle {cycle.name} ({cycle.slug})?" in text
        assert "in stone" in text
        await pilot.press("escape")
        await settle(app, pilot)
        assert not store.cycle(ids["cycle"]).locked
        await pilot.press("L")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert store.cycle(ids["cycle"]).locked
        assert f"Cycle {cycle.name} is locked" in screen_text(app)
    assert [e.action for e in store.audit_log("cycle", ids["cycle"])][-1] == "lock"
