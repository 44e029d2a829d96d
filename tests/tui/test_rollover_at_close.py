"""At the close of a cycle, the summary offers to roll unfinished aspirational objectives
into the next cycle; without a next cycle it says how many could go."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock, local_today
from okrtui.cycle import grade_kr, rollover_candidates
from okrtui.domain.kinds import CycleStatus, ObjectiveKind
from okrtui.io.demo import load_demo
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db
from okrtui.tui.screens.meeting_summary import MeetingSummaryScreen
from okrtui.tui.widgets.meeting_form import ConfirmModal
from okrtui.tui.widgets.rollover_form import RolloverScreen

from .conftest import DEMO_NOW, build_app, settle


def graded_demo(path: Path, clock: FixedClock) -> tuple[Store, MeetingSession]:
    store = Store(open_db(path), clock, actor="champion")
    load_demo(store, local_today(clock, "UTC"))
    cycle = store.current_cycle()
    assert cycle is not None
    kinds = {o.id: o.kind for o in store.objectives(cycle.id)}
    for kr in store.key_results(cycle.id):
        aspirational = kinds[kr.objective_id] is ObjectiveKind.ASPIRATIONAL
        grade_kr(store, kr.id, 0.4 if aspirational else 1.0)
    template = AgendaLibrary(None, builtin_agendas_dir()).get("cycle-close")
    session = MeetingSession.start(
        store, template, cycle=cycle, team_id=None, facilitator_id=None, clock=clock
    )
    return store, session


@pytest.mark.parametrize("with_next", [True, False])
async def test_closing_offers_the_rollover(tmp_path: Path, with_next: bool) -> None:
    clock = FixedClock(DEMO_NOW)
    store, session = graded_demo(tmp_path / "demo.db", clock)
    cycle = store.cycle(session.meeting.cycle_id)
    candidates = rollover_candidates(store, cycle)
    assert len(candidates) >= 2
    if with_next:
        nxt = store.structure.create_cycle(
            "next", "Next quarter", cycle.end + timedelta(days=1), cycle.end + timedelta(days=91)
        )
    app = build_app(store, clock, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.push_screen(MeetingSummaryScreen(session))
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        while isinstance(app.screen, ConfirmModal):
            await pilot.press("y")
            await settle(app, pilot)
        if not with_next:
            assert isinstance(app.screen, MeetingSummaryScreen)
            status = str(app.screen.query_one("#summary-status").render())
            assert f"{len(candidates)} unfinished aspirational objectives could roll over" in status
            assert "no next cycle yet" in status
            return
        assert isinstance(app.screen, RolloverScreen)
        await pilot.press("space")  # untick the first
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingSummaryScreen)
        status = str(app.screen.query_one("#summary-status").render())
        assert f"Rolled {len(candidates) - 1} objectives into Next quarter" in status
    assert store.cycle(cycle.id).status is CycleStatus.CLOSED
    copied = store.objectives(nxt.id)
    assert sorted(o.title for o in copied) == sorted(c.objective.title for c in candidates[1:])
    assert all(store.key_results(nxt.id, objective_id=o.id) for o in copied)
    assert [
        e.action for e in store.audit_log("objective") if e.entity_id in {o.id for o in copied}
    ] == ["rollover"] * len(copied)
